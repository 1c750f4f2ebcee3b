//! The value grammar: objects, arrays, strings and booleans, with QEMU's
//! messages for each kind of syntax error.

use super::lexer::Tok;
use super::FileParser;
use crate::error::Result;
use crate::value::{Dict, Value};

/// Nesting deeper than this is refused.  QEMU itself crashes from
/// recursion at about 500 levels, so no valid schema comes close.
const MAX_DEPTH: u32 = 256;

impl FileParser<'_, '_> {
    /// Parses one value starting at the current token.
    pub(super) fn get_expr(&mut self) -> Result<Value> {
        self.get_value(0)
    }

    fn get_value(&mut self, depth: u32) -> Result<Value> {
        match self.lex.tok {
            Tok::LBrace | Tok::LBracket if depth >= MAX_DEPTH => {
                Err(self.error_here("nesting too deep"))
            }
            Tok::LBrace => {
                self.accept()?;
                self.get_members(depth + 1).map(Value::Dict)
            }
            Tok::LBracket => {
                self.accept()?;
                self.get_values(depth + 1).map(Value::List)
            }
            Tok::Str => {
                let s = self.lex.take_string();
                self.accept()?;
                Ok(Value::Str(s))
            }
            Tok::True | Tok::False => {
                let b = self.lex.tok == Tok::True;
                self.accept()?;
                Ok(Value::Bool(b))
            }
            _ => Err(self.error_here("expected '{', '[', string, or boolean")),
        }
    }

    fn get_members(&mut self, depth: u32) -> Result<Dict> {
        let mut dict = Dict::new();
        if self.lex.tok == Tok::RBrace {
            self.accept()?;
            return Ok(dict);
        }
        if self.lex.tok != Tok::Str {
            return Err(self.error_here("expected string or '}'"));
        }
        loop {
            let key = self.lex.take_string();
            self.accept()?;
            if self.lex.tok != Tok::Colon {
                return Err(self.error_here("expected ':'"));
            }
            self.accept()?;
            if dict.contains(&key) {
                return Err(self.error_here(format!("duplicate key '{key}'")));
            }
            let value = self.get_value(depth)?;
            dict.push(key, value);
            match self.lex.tok {
                Tok::RBrace => {
                    self.accept()?;
                    return Ok(dict);
                }
                Tok::Comma => self.accept()?,
                _ => return Err(self.error_here("expected ',' or '}'")),
            }
            if self.lex.tok != Tok::Str {
                return Err(self.error_here("expected string"));
            }
        }
    }

    fn get_values(&mut self, depth: u32) -> Result<Vec<Value>> {
        let mut list = Vec::new();
        match self.lex.tok {
            Tok::RBracket => {
                self.accept()?;
                return Ok(list);
            }
            Tok::LBrace | Tok::LBracket | Tok::Str | Tok::True | Tok::False => {}
            _ => return Err(self.error_here("expected '{', '[', ']', string, or boolean")),
        }
        loop {
            list.push(self.get_value(depth)?);
            match self.lex.tok {
                Tok::RBracket => {
                    self.accept()?;
                    return Ok(list);
                }
                Tok::Comma => self.accept()?,
                _ => return Err(self.error_here("expected ',' or ']'")),
            }
        }
    }
}
