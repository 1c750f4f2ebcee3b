//! What the front end's corpus and fuzzing tests share: our verdict on a
//! schema, the corpus as seeds, and mutators.  Each test binary uses a
//! different part of this module.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use qapi_schema::{Loader, Release};
use qapi_test_support::Rng;

/// Our verdict on schema `name` in `dir` in `release`'s dialect, as QEMU's
/// test harness prints it: the dump and the error text, one of them empty.
pub fn verdict(dir: &Path, name: &str, release: Release) -> (String, String) {
    match Loader::new().release(release).load_in(dir, name) {
        Ok(schema) => (schema.dump(), String::new()),
        Err(err) => (String::new(), format!("{err}\n")),
    }
}

/// Fragments worth inserting: the dialect's syntax and keywords.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "'",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "#",
    "##",
    "# ",
    "\\",
    "\\\\",
    "true",
    "false",
    "'if'",
    "'all'",
    "'any'",
    "'not'",
    "'struct'",
    "'union'",
    "'enum'",
    "'alternate'",
    "'command'",
    "'event'",
    "'data'",
    "'base'",
    "'discriminator'",
    "'type'",
    "'features'",
    "'returns'",
    "'boxed': true",
    "'include'",
    "'pragma'",
    "'doc-required': true",
    "'prefix'",
    "'*opt'",
    "'x-'",
    "'__org.qemu_'",
    "'q_'",
    "'has-x'",
    "'u'",
    "'int'",
    "'str'",
    "'any'",
    "'null'",
    "['int']",
    "'QType'",
    "'q_empty'",
    "'deprecated'",
    "'unstable'",
    "'allow-oob': true",
    "'coroutine': true",
    "'gen': false",
    "'name'",
    "@a:",
    "@",
    "Features:",
    "Returns:",
    "Errors:",
    "Since:",
    "TODO:",
    "Note:",
    "= Heading",
    "# @Foo:\n",
    "##\n# @Foo:\n##\n",
    "'Foo'",
    "'FooList'",
    "'IFCOND'",
    "\u{a0}",
    "\u{e9}",
    "\u{feff}",
    "\u{1c}",
    "{ 'include': 'qapi-schema-test.json' }",
    "{ 'include': 'include/sub-module.json' }",
];

/// Mutates `input` at byte and token level, splicing in parts of `seeds`,
/// in one to `max_steps` steps.
pub fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>, max_steps: usize) {
    for _ in 0..1 + rng.below(max_steps) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => input[rng.below(len)] ^= 1 << rng.below(8),
            1 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                input.drain(at.min(end)..end);
            }
            2 | 3 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                input.splice(at..at, word.iter().copied());
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = input[start..end].to_vec();
                input.splice(at..at, chunk);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(256)).min(other.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                let b = [b'{', b'}', b'[', b']', b'\'', b'#', b'\n', 0x80, 0xff][rng.below(9)];
                input.insert(at, b);
            }
        }
    }
}

/// Copies directory `from`, recursively, to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("scratch dir");
    for entry in std::fs::read_dir(from).expect("corpus dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy corpus file");
        }
    }
}

/// Every schema file of the corpus's test folder `dir` and of the real
/// schema folder `real`, in a stable order.
pub fn seeds(dir: &Path, real: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .flatten()
        .map(|e| e.path())
        .chain(
            std::fs::read_dir(real)
                .expect("qapi dir")
                .flatten()
                .map(|e| e.path()),
        )
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).expect("seed"))
        .collect()
}

/// The byte ranges of the string literals of schema text `src`, quotes
/// included, outside comments.
pub fn string_literals(src: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b'#' => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                let start = i;
                i += 1;
                while i < src.len() && src[i] != b'\'' && src[i] != b'\n' {
                    i += usize::from(src[i] == b'\\') + 1;
                }
                if i < src.len() && src[i] == b'\'' {
                    found.push(start..i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Values a string literal may be replaced by, besides other literals.
const VALUES: &[&str] = &[
    "''",
    "[ 'int' ]",
    "[ ]",
    "{ }",
    "{ 'type': 'int' }",
    "{ 'type': 'str', 'if': 'IFCOND' }",
    "{ 'all': [ 'A', 'B' ] }",
    "{ 'not': 'A' }",
    "true",
    "false",
];

/// Mutates schema text `input` while keeping its syntax: one to
/// `max_steps` of its string literals each become another literal from
/// `vocabulary` or another kind of value, so that most mutants reach the
/// semantic checks.
pub fn mutate_literals(
    rng: &mut Rng,
    vocabulary: &[Vec<u8>],
    input: &mut Vec<u8>,
    max_steps: usize,
) {
    for _ in 0..1 + rng.below(max_steps) {
        let literals = string_literals(input);
        if literals.is_empty() {
            return;
        }
        let at = literals[rng.below(literals.len())].clone();
        let value = if rng.below(5) == 0 {
            VALUES[rng.below(VALUES.len())].as_bytes().to_vec()
        } else {
            vocabulary[rng.below(vocabulary.len())].clone()
        };
        input.splice(at, value);
    }
}

/// Every string literal of `seeds`, once each, quotes included.
pub fn vocabulary(seeds: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut words: Vec<Vec<u8>> = seeds
        .iter()
        .flat_map(|seed| string_literals(seed).into_iter().map(|r| seed[r].to_vec()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Comment lines a doc mutation may insert.
const DOC_LINES: &[&str] = &[
    "#",
    "##",
    "# @a: text",
    "# @b:",
    "# @Foo:",
    "# @foo: text",
    "# Returns: text",
    "# Returns:",
    "# Errors: text",
    "# Since: 1.0",
    "# Features:",
    "# @deprecated: text",
    "# @unstable: text",
    "# TODO: text",
    "# Note: text",
    "# = Heading",
    "# == Subheading",
    "#     indented text",
    "#   text",
    "# text",
];

/// Mutates the doc comments of schema text `input`, one to `max_steps`
/// times: a comment line is deleted, duplicated, moved down a line,
/// re-indented, or preceded by a line of doc syntax.
pub fn mutate_docs(rng: &mut Rng, input: &mut Vec<u8>, max_steps: usize) {
    let text = String::from_utf8_lossy(input).into_owned();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for _ in 0..1 + rng.below(max_steps) {
        let comments: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].starts_with('#'))
            .collect();
        if comments.is_empty() {
            break;
        }
        let at = comments[rng.below(comments.len())];
        match rng.below(5) {
            0 => {
                lines.remove(at);
            }
            1 => lines.insert(at, lines[at].clone()),
            2 if at + 1 < lines.len() => lines.swap(at, at + 1),
            3 => {
                let body = lines[at].trim_start_matches('#').trim_start().to_owned();
                let indent = [0, 1, 2, 4, 5][rng.below(5)];
                lines[at] = format!("#{}{body}", " ".repeat(indent));
            }
            _ => lines.insert(at, DOC_LINES[rng.below(DOC_LINES.len())].to_owned()),
        }
    }
    *input = lines.join("\n").into_bytes();
}
