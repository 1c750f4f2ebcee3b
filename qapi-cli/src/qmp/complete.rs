//! What the shell completes: command names, then argument names (`name=`),
//! from the server's own `query-qmp-schema`.

use std::collections::HashMap;

use qapi_client::ServerSchema;

/// The names the shell completes.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Every command, sorted.
    commands: Vec<String>,
    /// Each command's arguments.
    arguments: HashMap<String, Vec<String>>,
}

impl Names {
    /// The names `schema` has.
    pub(crate) fn new(schema: &ServerSchema) -> Names {
        let commands: Vec<String> = (schema.command_names().into_iter())
            .map(str::to_owned)
            .collect();
        let arguments = (commands.iter())
            .map(|c| {
                let names = schema.argument_names(c).into_iter().map(str::to_owned);
                (c.clone(), names.collect())
            })
            .collect();
        Names {
            commands,
            arguments,
        }
    }

    /// Where the word before `pos` in `line` starts, and what it may
    /// become: a command's name and a space, first; then an argument's
    /// name and `=`, one not given yet.  Nothing inside a value or a JSON
    /// object.
    pub(crate) fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let Some(before) = line.get(..pos) else {
            return (pos, Vec::new());
        };
        let word_len: usize = (before.chars().rev())
            .take_while(|c| !c.is_whitespace())
            .map(char::len_utf8)
            .sum();
        let start = pos - word_len;
        let word = &before[start..];
        let head = before[..start].trim_start();
        if head.is_empty() {
            let names = self.commands.iter().filter(|c| c.starts_with(word));
            return (start, names.map(|c| format!("{c} ")).collect());
        }
        let command = head.split(char::is_whitespace).next().unwrap_or(head);
        // What follows the command, up to `pos`.
        let rest = before.trim_start()[command.len()..].trim_start();
        if rest.starts_with('{') || word.contains('=') {
            return (start, Vec::new());
        }
        let given: Vec<&str> = (rest.split_whitespace())
            .filter_map(|w| w.split_once('=').map(|(key, _)| key))
            .collect();
        let names = (self.arguments.get(command).into_iter().flatten())
            .filter(|a| a.starts_with(word) && !given.contains(&a.as_str()));
        (start, names.map(|a| format!("{a}=")).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names() -> Names {
        Names::new(&ServerSchema::new(json!([
            {"name": "query-target", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
            {"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
            {"name": "qom-list", "meta-type": "command", "arg-type": "1", "ret-type": "0"},
            {"name": "qom-get", "meta-type": "command", "arg-type": "2", "ret-type": "0"},
            {"name": "0", "meta-type": "object", "members": []},
            {"name": "1", "meta-type": "object", "members": [{"name": "path", "type": "str"}]},
            {"name": "2", "meta-type": "object", "members": [
                {"name": "path", "type": "str"}, {"name": "property", "type": "str"}
            ]},
        ])))
    }

    #[test]
    fn command_names_first() {
        let names = names();
        assert_eq!(
            names.complete("query-ta", 8),
            (0, vec!["query-target ".into()])
        );
        assert_eq!(
            names.complete("query-", 6),
            (0, vec!["query-status ".into(), "query-target ".into()])
        );
        assert_eq!(names.complete("  qom-l", 7), (2, vec!["qom-list ".into()]));
        assert_eq!(names.complete("nothing", 7), (0, vec![]));
    }

    #[test]
    fn then_argument_names_not_given_yet() {
        let names = names();
        assert_eq!(names.complete("qom-list ", 9), (9, vec!["path=".into()]));
        assert_eq!(names.complete("qom-get pa", 10), (8, vec!["path=".into()]));
        assert_eq!(
            names.complete("qom-get path=/machine ", 22),
            (22, vec!["property=".into()])
        );
        assert_eq!(names.complete("qom-get path=/ma", 16), (8, vec![]));
        assert_eq!(names.complete(r#"qom-get {"pa"#, 12), (8, vec![]));
        assert_eq!(names.complete("query-target ", 13), (13, vec![]));
        assert_eq!(names.complete("no-such ", 8), (8, vec![]));
    }
}
