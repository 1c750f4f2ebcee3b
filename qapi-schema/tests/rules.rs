//! Front-end rules beyond QEMU's visible corpus: each case is a small
//! schema (possibly several files) and QEMU's exact error text, or a
//! fragment the dump must contain.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use qapi_schema::Schema;

/// A fresh scratch folder holding `files`.
fn scratch(files: &[(&str, &str)]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "qapi-rules-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("scratch dir");
        std::fs::write(path, text).expect("scratch file");
    }
    dir
}

fn error_of(files: &[(&str, &str)]) -> String {
    let dir = scratch(files);
    let result = Schema::load_in(&dir, files[0].0);
    std::fs::remove_dir_all(&dir).ok();
    match result {
        Ok(_) => panic!("schema {:?} was accepted", files[0].1),
        Err(e) => e.to_string(),
    }
}

fn dump_of(files: &[(&str, &str)]) -> String {
    let dir = scratch(files);
    let result = Schema::load_in(&dir, files[0].0);
    std::fs::remove_dir_all(&dir).ok();
    match result {
        Ok(s) => s.dump(),
        Err(e) => panic!("schema rejected: {e}"),
    }
}

fn err1(src: &str) -> String {
    error_of(&[("t.json", src)])
}

#[test]
fn include_chain_and_loops() {
    assert_eq!(
        error_of(&[("a.json", "{ 'include': 'sub/b.json' }"), ("sub/b.json", "\n{ 'include': '../c.json' }"), ("c.json", "{ 'x' 'y' }")]),
        "In file included from a.json:1:\nIn file included from sub/b.json:2:\nsub/../c.json:1:7: expected ':'"
    );
    assert_eq!(
        error_of(&[("a.json", "{ 'include': 'a.json' }")]),
        "a.json:1: inclusion loop for a.json"
    );
    assert_eq!(
        error_of(&[
            ("a.json", "{ 'include': 'b.json' }"),
            ("b.json", "{ 'include': './a.json' }")
        ]),
        "In file included from a.json:1:\nb.json:1: inclusion loop for ./a.json"
    );
    assert_eq!(
        error_of(&[("a.json", "{ 'include': 'nope.json' }")]),
        "a.json:1: can't read include file 'nope.json': No such file or directory"
    );
    assert_eq!(
        error_of(&[("a.json", "{ 'include': 'sub' }"), ("sub/x.json", "")]),
        "a.json:1: can't read include file 'sub': Is a directory"
    );
}

#[test]
fn redefinition_shows_both_locations() {
    assert_eq!(
        error_of(&[
            (
                "a.json",
                "{ 'include': 'b.json' }\n{ 'enum': 'Foo', 'data': [] }"
            ),
            ("b.json", "{ 'struct': 'Foo', 'data': {} }"),
        ]),
        "a.json: In enum 'Foo':\na.json:2: 'Foo' is already defined\n\
         In file included from a.json:1:\nb.json: In struct 'Foo':\nb.json:1: previous definition"
    );
    assert_eq!(
        err1("{ 'command': 'str' }"),
        "t.json: In command 'str':\nt.json:1: built-in type 'str' is already defined"
    );
    assert_eq!(
        err1("{ 'enum': 'QType', 'data': [] }"),
        "t.json: In enum 'QType':\nt.json:1: enum type 'QType' is already defined"
    );
}

#[test]
fn shared_line_context_is_the_later_definition() {
    assert_eq!(
        err1("{ 'struct': 'Foo', 'data': { 'a': 'Nope' } } { 'struct': 'Bar', 'data': {} }"),
        "t.json: In struct 'Bar':\nt.json:1: member 'a' of type 'Foo' uses unknown type 'Nope'"
    );
}

#[test]
fn an_empty_name_gives_no_context() {
    assert_eq!(
        err1("{ 'command': '' }"),
        "t.json:1: command has an invalid name"
    );
}

#[test]
fn an_empty_type_name_is_no_type() {
    // QEMU tests `base`, `data` and `returns` for truth.
    let dump = dump_of(&[(
        "t.json",
        "{ 'struct': 'Base', 'base': '', 'data': {} }\n\
         { 'command': 'cmd', 'data': '', 'returns': '', 'boxed': true }\n\
         { 'event': 'EVT', 'data': '' }",
    )]);
    assert!(dump.contains(
        "object Base\ncommand cmd None -> None\n    gen=True success_response=True boxed=True"
    ));
    assert!(dump.contains("event EVT None\n"));
    assert_eq!(
        err1("{ 'union': 'TestUnion', 'base': '', 'discriminator': 'type', 'data': {} }"),
        "t.json: In union 'TestUnion':\nt.json:1: discriminator 'type' is not a member of 'base'"
    );
    // A member's or element's type is looked up all the same.
    assert_eq!(
        err1("{ 'command': 'cmd', 'returns': [''] }"),
        "t.json: In command 'cmd':\nt.json:1: command uses unknown type ''"
    );
}

#[test]
fn pragmas_are_global_and_last_wins() {
    // The pragma after the definition still applies to it.
    let ok = "{ 'command': 'a_b' }\n{ 'pragma': { 'command-name-exceptions': [ 'a_b' ] } }";
    assert!(dump_of(&[("t.json", ok)]).contains("command a_b None -> None"));
    let replaced = "{ 'pragma': { 'command-name-exceptions': [ 'a_b' ] } }\n\
                    { 'pragma': { 'command-name-exceptions': [ ] } }\n{ 'command': 'a_b' }";
    assert_eq!(
        err1(replaced),
        "t.json: In command 'a_b':\nt.json:3: name of command must not use uppercase or '_'"
    );
    assert_eq!(
        err1("{ 'pragma': { 'doc-required': 'yes' } }"),
        "t.json:1: pragma 'doc-required' must be boolean"
    );
    assert_eq!(
        err1("{ 'pragma': { 'member-name-exceptions': [ 1 ] } }"),
        "t.json:1:43: stray '1'"
    );
    assert_eq!(
        err1("{ 'pragma': { 'member-name-exceptions': [ true ] } }"),
        "t.json:1: pragma member-name-exceptions must be a list of strings"
    );
}

#[test]
fn names() {
    assert_eq!(
        err1("{ 'event': 'foo' }"),
        "t.json: In event 'foo':\nt.json:1: name of event must not use lowercase or '-'"
    );
    assert_eq!(
        err1("{ 'struct': 'FOO', 'data': {} }"),
        "t.json: In struct 'FOO':\nt.json:1: name of struct must use CamelCase"
    );
    assert_eq!(
        err1("{ 'struct': 'FooList', 'data': {} }"),
        "t.json: In struct 'FooList':\nt.json:1: struct name should not end in 'List'"
    );
    assert_eq!(err1("{ 'enum': 'Foo', 'data': [ 'a_b' ] }"), "t.json: In enum 'Foo':\nt.json:1: name of 'data' member 'a_b' must not use uppercase or '_'");
    assert_eq!(
        err1("{ 'enum': 'Foo', 'data': [ '' ] }"),
        "t.json: In enum 'Foo':\nt.json:1: 'data' member '' has an invalid name"
    );
    assert_eq!(
        err1("{ 'struct': 'Foo', 'data': { '*has-x': 'int' } }"),
        "t.json: In struct 'Foo':\nt.json:1: 'data' member '*has-x' uses reserved name"
    );
    // Downstream and experimental prefixes.
    let ok =
        "{ 'enum': '__org.qemu_Foo', 'data': [ '1x', 'x-y', '__a.b_c' ] }\n{ 'command': 'x-go' }";
    assert!(dump_of(&[("t.json", ok)]).contains("member 1x\n    member x-y\n    member __a.b_c\n"));
    // Case matters to clashes; only the characters C cannot have do not.
    assert!(dump_of(&[("t.json", "{ 'enum': 'Foo', 'data': [ 'a', 'A' ] }\n{ 'pragma': { 'member-name-exceptions': [ 'Foo' ] } }")]).contains("member A"));
    assert_eq!(err1("{ 'enum': 'Foo', 'data': [ 'a-b', 'a_b' ] }\n{ 'pragma': { 'member-name-exceptions': [ 'Foo' ] } }"),
        "t.json: In enum 'Foo':\nt.json:1: value 'a_b' collides with value 'a-b'");
}

#[test]
fn conditions() {
    let dump = dump_of(&[(
        "t.json",
        "{ 'struct': 'Sx', 'data': { 'a': { 'type': 'int', 'if': { 'all': [ 'A', { 'not': 'B' } ] } } },\n  'if': { 'any': [ 'C', 'D' ] } }",
    )]);
    assert!(dump.contains("    member a: int optional=False\n        if {'all': ['A', {'not': 'B'}]}\n    if {'any': ['C', 'D']}\n"));
    assert_eq!(
        err1("{ 'struct': 'Sx', 'data': {}, 'if': { 'all': 'Alt' } }"),
        "t.json: In struct 'Sx':\nt.json:1: 'all' condition of struct must be an array"
    );
    assert_eq!(
        err1("{ 'struct': 'Sx', 'data': {}, 'if': { 'not': [] } }"),
        "t.json: In struct 'Sx':\nt.json:1: 'if' condition of struct must be a string or an object"
    );
    assert_eq!(
        err1("{ 'struct': 'Sx', 'data': {}, 'if': { 'not': 'Alt', 'all': ['Bs'] } }"),
        "t.json: In struct 'Sx':\nt.json:1: 'if' condition of struct has conflicting keys"
    );
    assert_eq!(err1("{ 'struct': 'Sx', 'data': {}, 'if': { 'nor': 'Alt' } }"), "t.json: In struct 'Sx':\nt.json:1: 'if' condition of struct has unknown key 'nor'\nValid keys are 'all', 'any', 'not'.");
    assert_eq!(err1("{ 'enum': 'En', 'data': [ { 'name': 'a', 'if': 'lower' } ] }"), "t.json: In enum 'En':\nt.json:1: 'if' condition 'lower' of 'data' member 'a' is not a valid identifier");
}

#[test]
fn unions() {
    let base = "{ 'enum': 'En', 'data': [ 'a', { 'name': 'b', 'if': 'B' } ] }\n{ 'struct': 'Sx', 'data': { 'x': 'int' } }\n";
    let dump = dump_of(&[("t.json", &format!("{base}{{ 'union': 'Un', 'base': {{ 'tag': 'En' }}, 'discriminator': 'tag', 'data': {{ 'a': 'Sx' }} }}"))]);
    assert!(dump.contains("object q_obj_Un-base\n    member tag: En optional=False\nobject Un\n    base q_obj_Un-base\n    tag tag\n    case a: Sx\n    case b: q_empty\n        if B\n"));
    assert_eq!(
        err1(&format!("{base}{{ 'union': 'Un', 'base': {{ '*tag': 'En' }}, 'discriminator': 'tag', 'data': {{}} }}")),
        "t.json: In union 'Un':\nt.json:3: discriminator member 'tag' of 'base' must not be optional"
    );
    assert_eq!(
        err1(&format!("{base}{{ 'struct': 'Bs', 'data': {{ 'tag': {{ 'type': 'En', 'if': 'X' }} }} }}\n{{ 'union': 'Un', 'base': 'Bs', 'discriminator': 'tag', 'data': {{}} }}")),
        "t.json: In union 'Un':\nt.json:4: discriminator member 'tag' of base type 'Bs' must not be conditional"
    );
    assert_eq!(
        err1(&format!("{base}{{ 'union': 'Un', 'base': {{ 'tag': 'En' }}, 'discriminator': 'tag', 'data': {{ 'c': 'Sx' }} }}")),
        "t.json: In union 'Un':\nt.json:3: branch 'c' is not a value of enum type 'En'"
    );
    assert_eq!(
        err1(&format!("{base}{{ 'union': 'Un', 'base': {{ 'tag': 'En' }}, 'discriminator': 'tag', 'data': {{ 'a': 'int' }} }}")),
        "t.json: In union 'Un':\nt.json:3: branch 'a' cannot use built-in type 'int'"
    );
    assert_eq!(
        err1(&format!("{base}{{ 'union': 'Un', 'base': {{ 'tag': 'En', 'x': 'str' }}, 'discriminator': 'tag', 'data': {{ 'a': 'Sx' }} }}")),
        "t.json: In union 'Un':\nt.json:3: member 'x' of type 'Sx' collides with base member 'x'"
    );
    assert_eq!(
        err1("{ 'enum': 'En', 'data': [] }\n{ 'union': 'Un', 'base': { 'tag': 'En' }, 'discriminator': 'tag', 'data': {} }"),
        "t.json: In union 'Un':\nt.json:2: union has no branches"
    );
    assert_eq!(
        err1("{ 'enum': 'En', 'data': ['a'] }\n{ 'union': 'Un', 'base': { 'tag': 'En' }, 'discriminator': 'tag', 'data': { 'a': 'Un' } }"),
        "t.json: In union 'Un':\nt.json:2: object Un contains itself"
    );
}

#[test]
fn alternates() {
    let alt = |data: &str| {
        err1(&format!(
            "{{ 'enum': 'En', 'data': [ 'on', '1' ] }}\n{{ 'alternate': 'Alt', 'data': {data} }}"
        ))
    };
    assert_eq!(
        alt("{ 'e': 'En', 'b': 'bool' }"),
        "t.json: In alternate 'Alt':\nt.json:2: branch 'b' can't be distinguished from 'e'"
    );
    assert_eq!(
        alt("{ 'e': 'En', 'n': 'number' }"),
        "t.json: In alternate 'Alt':\nt.json:2: branch 'n' can't be distinguished from 'e'"
    );
    assert_eq!(
        alt("{ 'l': ['int'], 'm': ['str'] }"),
        "t.json: In alternate 'Alt':\nt.json:2: branch 'm' can't be distinguished from 'l'"
    );
    assert_eq!(
        alt("{ 'a': 'any' }"),
        "t.json: In alternate 'Alt':\nt.json:2: branch 'a' cannot use built-in type 'any'"
    );
    assert_eq!(
        alt("{ 'a': 'Nope', 'b': 'any' }"),
        "t.json: In alternate 'Alt':\nt.json:2: branch 'a' uses unknown type 'Nope'"
    );
    assert_eq!(
        alt("false"),
        "t.json: In alternate 'Alt':\nt.json:2: 'data' must not be empty"
    );
    assert_eq!(
        alt("true"),
        "t.json: In alternate 'Alt':\nt.json:2: 'data' must be an object"
    );
    let ok = dump_of(&[(
        "t.json",
        "{ 'alternate': 'Alt', 'data': { 'n': 'null', 's': 'str', 'l': ['int'], 'o': 'q_empty' } }",
    )]);
    assert!(ok.contains("alternate Alt\n    tag type\n    case n: null\n    case s: str\n    case l: intList\n    case o: q_empty\n"));
}

#[test]
fn commands_and_events() {
    assert_eq!(
        err1("{ 'command': 'c', 'returns': 'int' }"),
        "t.json: In command 'c':\nt.json:1: command's 'returns' cannot take built-in type 'int'"
    );
    assert_eq!(
        err1("{ 'command': 'c', 'returns': ['int'] }"),
        "t.json: In command 'c':\nt.json:1: command's 'returns' cannot take array type ['int']"
    );
    assert_eq!(
        err1("{ 'command': 'c', 'returns': ['Nope'] }"),
        "t.json: In command 'c':\nt.json:1: command uses unknown type 'Nope'"
    );
    // 'SxList' is made by the later struct, so it is not checked yet when the
    // command is: QEMU then sees no element type.
    assert_eq!(
        err1("{ 'command': 'c', 'returns': 'SxList' }\n{ 'struct': 'Sx', 'data': {} }\n{ 'struct': 'Ty', 'data': { 'l': ['Sx'] } }"),
        "t.json: In command 'c':\nt.json:1: command's 'returns' cannot take array type ['Sx']"
    );
    assert!(dump_of(&[("t.json", "{ 'struct': 'Sx', 'data': {} }\n{ 'struct': 'Ty', 'data': { 'l': ['Sx'] } }\n{ 'command': 'c', 'returns': 'SxList' }")])
        .contains("command c None -> SxList"));
    let exempt = "{ 'pragma': { 'command-returns-exceptions': [ 'c' ] } }\n{ 'command': 'c', 'returns': ['int'] }";
    assert!(dump_of(&[("t.json", exempt)]).contains("command c None -> intList\n"));
    assert_eq!(
        err1("{ 'event': 'EV', 'data': { 'a': { 'type': 'int', 'if': 'X' } } }"),
        "t.json: In event 'EV':\nt.json:1: conditional event arguments require 'boxed': true"
    );
    assert_eq!(
        err1("{ 'event': 'EV', 'boxed': true, 'data': 'int' }"),
        "t.json: In event 'EV':\nt.json:1: event's 'data' cannot take built-in type 'int'"
    );
    assert_eq!(
        err1("{ 'command': 'c', 'boxed': 'yes' }"),
        "t.json: In command 'c':\nt.json:1: 'boxed': true requires 'data'"
    );
    assert_eq!(err1("{ 'command': 'c', 'data': { 'a': 'int', 'b': 'int' }, 'coroutine': true, 'allow-oob': true }"), "t.json: In command 'c':\nt.json:1: flags 'allow-oob' and 'coroutine' are incompatible");
    assert_eq!(err1("{ 'command': 'c', 'data': { 'a': 'int', 'Alt': 'int' } }"), "t.json: In command 'c':\nt.json:1: name of 'data' member 'Alt' must not use uppercase or '_'");
    assert_eq!(err1("{ 'command': 'c', 'data': { 'a-b': 'int', 'a_b': 'int' } }\n{ 'pragma': { 'member-name-exceptions': [ 'c' ] } }"),
        "t.json: In command 'c':\nt.json:1: name of 'data' member 'a_b' must not use uppercase or '_'");
    assert_eq!(err1("{ 'struct': 'Sx', 'data': { 'a-b': 'int', 'a_b': 'int' } }\n{ 'pragma': { 'member-name-exceptions': [ 'Sx' ] } }"),
        "t.json: In struct 'Sx':\nt.json:1: member 'a_b' collides with member 'a-b'");
    let ok = dump_of(&[("t.json", "{ 'command': 'c', 'data': {}, 'gen': false, 'success-response': false, 'allow-preconfig': true, 'coroutine': true }")]);
    assert!(ok.contains("command c None -> None\n    gen=False success_response=False boxed=False oob=False preconfig=True coroutine=True\n"));
}

#[test]
fn features() {
    assert_eq!(
        err1("{ 'struct': 'Sx', 'data': {}, 'features': [ 'unstable' ] }"),
        "t.json: In struct 'Sx':\nt.json:1: feature 'unstable' is not supported for types"
    );
    assert_eq!(
        err1("{ 'command': 'c', 'features': [ 'f', { 'name': 'f' } ] }"),
        "t.json: In command 'c':\nt.json:1: feature 'f' collides with feature 'f'"
    );
    assert_eq!(
        err1("{ 'struct': 'Sx', 'data': { 'm': { 'type': 'int', 'features': [ 'f', 'f' ] } } }"),
        "t.json: In struct 'Sx':\nt.json:1: feature 'f' of type 'm' collides with feature 'f' of type 'm'"
    );
    assert_eq!(err1("{ 'command': 'c', 'features': [ { 'name': 'f', 'if': '' } ] }"), "t.json: In command 'c':\nt.json:1: 'if' condition '' of 'features' member 'f' is not a valid identifier");
    let ok = dump_of(&[("t.json", "{ 'enum': 'En', 'data': [ { 'name': 'v', 'features': [ { 'name': 'deprecated', 'if': 'X' } ] } ] }")]);
    assert!(ok.contains("    member v\n        feature deprecated\n            if X\n"));
}

#[test]
fn syntax_and_lexer() {
    // Any syntax error beats every semantic error.
    assert_eq!(
        err1("{ 'a': 'b' }\n["),
        "t.json:2:2: expected '{', '[', ']', string, or boolean"
    );
    assert_eq!(err1("{ 'a': 'b' }"), "t.json:1: expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'");
    assert_eq!(
        err1("['x']"),
        "t.json:1: top-level expression must be an object"
    );
    assert_eq!(
        err1("{ 'struct': 'Sx',\r\n  'data': {}, }"),
        "t.json:2:15: expected string"
    );
    assert_eq!(
        err1("{ 'struct': 'Sx',\r  \t  'data' 1 }"),
        "t.json:2:12: stray '1'"
    );
    assert_eq!(err1("{"), "t.json:1:2: expected string or '}'");
    assert_eq!(
        err1("{ 'a': [ 'b' 'c' ] }"),
        "t.json:1:14: expected ',' or ']'"
    );
    // No input may crash the front end, however deep.
    let deep = format!("{{ 'a': {}", "[".repeat(100_000));
    assert_eq!(err1(&deep), "t.json:1:263: nesting too deep");
    let dir = scratch(&[]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.json"), b"{ 'enum': '\xff' }").unwrap();
    let err = Schema::load_in(&dir, "bad.json").unwrap_err().to_string();
    assert_eq!(
        err,
        "can't read schema file 'bad.json': invalid UTF-8 at byte offset 11"
    );
}

#[test]
fn docs() {
    let doc = "{ 'pragma': { 'doc-required': true } }\n##\n# @Sx:\n#\n# Body.\n#\n# @a: the a\n#     and more\n#\n# Features:\n# @f: feature\n#\n# Since: 1.0\n##\n{ 'struct': 'Sx', 'data': { 'a': 'int' }, 'features': [ 'f' ] }\n";
    let dump = dump_of(&[("t.json", doc)]);
    assert!(dump.ends_with("doc symbol=Sx\n    body=\nBody.\n    arg=a\nthe a\n    and more\n    feature=f\nfeature\n    section=Since\n1.0\n"), "{dump}");
    assert_eq!(
        err1("##\n# @Sx:\n##\n{ 'struct': 'Sx', 'data': { 'a': 'int' } }"),
        "t.json: In struct 'Sx':\nt.json:4: member 'a' lacks documentation"
    );
    assert_eq!(
        err1("##\n# @Sx:\n# @b: x\n##\n{ 'struct': 'Sx', 'data': {} }"),
        "t.json:3: documented member 'b' does not exist"
    );
    assert_eq!(
        err1("##\n# @Sx:\n# @b: x\n# @c: y\n##\n{ 'struct': 'Sx', 'data': {} }"),
        "t.json:3: documented members 'b', 'c' do not exist"
    );
    assert_eq!(
        err1("##\n# @c:\n# Errors: x\n##\n{ 'struct': 'c', 'data': {} }"),
        "t.json: In struct 'c':\nt.json:5: name of struct must use CamelCase"
    );
    assert_eq!(
        err1("##\n# @Sx:\n# Errors: x\n##\n{ 'struct': 'Sx', 'data': {} }"),
        "t.json:3: 'Errors' section is only valid for commands"
    );
    assert_eq!(
        err1("##\n# @c:\n#\n# Returns:\n# Since: 1\n##\n{ 'command': 'c' }"),
        "t.json:4: text required after 'Returns:'"
    );
    assert_eq!(
        err1("##\n# @c:\n# Since: 1\n# Since: 2\n##\n{ 'command': 'c' }"),
        "t.json:4: duplicated 'Since' section"
    );
    assert_eq!(
        err1("##\n# @c:\n# @a:\n#   x\n# y\n##\n{ 'command': 'c' }"),
        "t.json:5:1: unexpected de-indent (expected at least 2 spaces)"
    );
    assert_eq!(err1("##\n# @c:\n# Example: x\n##\n{ 'command': 'c' }"), "t.json:3:1: The 'Example' section is no longer supported. Please use the '.. qmp-example::' directive, or other suitable markup instead.");
    assert_eq!(
        err1("##\n# @c:\n##\n##\n# x\n##\n{ 'command': 'c' }"),
        "t.json:1: documentation for 'c' is not followed by the definition"
    );
    assert_eq!(
        err1("##\n# @c:\n#\tx\n##\n"),
        "t.json:3:1: missing space after #"
    );
    // A documentation exception whose block is only member descriptions
    // crashes QEMU; we add the stub at the end.
    let excused = "{ 'pragma': { 'documentation-exceptions': [ 'Sx' ] } }\n##\n# @Sx:\n# @a: x\n##\n{ 'struct': 'Sx', 'data': { 'a': 'int', 'b': 'int' } }";
    assert!(dump_of(&[("t.json", excused)]).ends_with("    arg=a\nx\n    arg=b\n\n"));
}
