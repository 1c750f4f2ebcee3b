//! The generated command metadata says what the schema says: every flag
//! of every command of QEMU's system and guest agent schemas, read again
//! by the front end.  (The generator writes only the flags that differ
//! from the runtime's `CommandFlags::DEFAULT`, so this also checks that
//! the two agree on it.)

use std::collections::HashMap;
use std::path::Path;

use qapi_generated_tests::{qemu, qga};
use qapi_runtime::meta::{CommandFlags, SchemaMeta};
use qapi_schema::model::EntityKind;

/// Checks every command of `path` against `meta`; gives the flags checked.
fn check(path: &str, meta: &SchemaMeta) -> Vec<CommandFlags> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let schema = qapi_schema::Loader::new()
        .release(qapi_schema::Release::V10_0)
        .load_in(&root, path)
        .expect("the schema is valid");
    let generated: HashMap<&str, CommandFlags> =
        meta.commands.iter().map(|c| (c.name, c.flags)).collect();
    let mut checked = Vec::new();
    for (_, entity) in schema.commands() {
        let EntityKind::Command(command) = &entity.kind else {
            continue;
        };
        let f = &command.flags;
        let g = generated[entity.name.as_str()];
        assert_eq!(
            (
                g.gen,
                g.success_response,
                g.boxed,
                g.allow_oob,
                g.allow_preconfig,
                g.coroutine
            ),
            (
                f.gen,
                f.success_response,
                f.boxed,
                f.allow_oob,
                f.allow_preconfig,
                f.coroutine
            ),
            "flags of {}",
            entity.name
        );
        checked.push(g);
    }
    assert_eq!(checked.len(), generated.len());
    checked
}

#[test]
fn command_flags_are_the_schemas() {
    let mut flags = check("schemas/qemu-10.0.2/qapi/qapi-schema.json", &qemu::SCHEMA);
    flags.extend(check(
        "schemas/qemu-10.0.2/qga/qapi-schema.json",
        &qga::SCHEMA,
    ));
    // Each flag is set on some command and clear on another, so every
    // field was compared both ways.
    let both =
        |pick: fn(&CommandFlags) -> bool| flags.iter().any(pick) && flags.iter().any(|f| !pick(f));
    assert!(both(|f| f.gen));
    assert!(both(|f| f.success_response));
    assert!(both(|f| f.boxed));
    assert!(both(|f| f.allow_oob));
    assert!(both(|f| f.allow_preconfig));
    assert!(both(|f| f.coroutine));
}
