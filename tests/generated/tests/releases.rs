//! `qapi-qemu`'s nine real schemas (QEMU 7.2, 10.0 and 10.2; system,
//! guest agent, storage daemon): what each expansion holds is what the
//! front end reads in that release's dialect, and each schema's own
//! introspection round-trips through its own `SchemaInfo` type.

use std::collections::BTreeSet;
use std::path::Path;

use qapi_qemu::{v10_0, v10_2, v7_2};
use qapi_runtime::meta::SchemaMeta;
use qapi_schema::{Loader, Release};
use serde_json::Value;

/// Each schema's metadata with its release and root file.
const SCHEMAS: [(&SchemaMeta, Release, &str); 9] = [
    (&v7_2::system::SCHEMA, Release::V7_2, "qemu-7.2.22/qapi"),
    (&v7_2::guest_agent::SCHEMA, Release::V7_2, "qemu-7.2.22/qga"),
    (
        &v7_2::storage_daemon::SCHEMA,
        Release::V7_2,
        "qemu-7.2.22/storage-daemon/qapi",
    ),
    (&v10_0::system::SCHEMA, Release::V10_0, "qemu-10.0.2/qapi"),
    (
        &v10_0::guest_agent::SCHEMA,
        Release::V10_0,
        "qemu-10.0.2/qga",
    ),
    (
        &v10_0::storage_daemon::SCHEMA,
        Release::V10_0,
        "qemu-10.0.2/storage-daemon/qapi",
    ),
    (&v10_2::system::SCHEMA, Release::V10_2, "qemu-10.2.2/qapi"),
    (
        &v10_2::guest_agent::SCHEMA,
        Release::V10_2,
        "qemu-10.2.2/qga",
    ),
    (
        &v10_2::storage_daemon::SCHEMA,
        Release::V10_2,
        "qemu-10.2.2/storage-daemon/qapi",
    ),
];

#[test]
fn expansions_hold_every_command_and_event() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    for (meta, release, dir) in SCHEMAS {
        let schema = Loader::new()
            .release(release)
            .load_in(schemas.join(dir), "qapi-schema.json")
            .unwrap_or_else(|e| panic!("{dir}: {e}"));
        let ours: BTreeSet<&str> = meta.commands.iter().map(|c| c.name).collect();
        let theirs: BTreeSet<&str> = schema.commands().map(|(_, c)| c.name.as_str()).collect();
        assert_eq!(ours, theirs, "{dir}: commands");
        let ours: BTreeSet<&str> = meta.events.iter().map(|e| e.name).collect();
        let theirs: BTreeSet<&str> = schema.events().map(|(_, e)| e.name.as_str()).collect();
        assert_eq!(ours, theirs, "{dir}: events");
        assert!(!meta.commands.is_empty(), "{dir}");
    }
}

/// Decodes `entries` as `T` (strictly, as QEMU's input visitor) and
/// encodes them back: the JSON must be unchanged.
fn round_trips<T>(entries: Vec<Value>, what: &str)
where
    T: qapi_runtime::Decode + serde::Serialize,
{
    assert!(entries.len() > 100, "{what}: {} entries", entries.len());
    for entry in entries {
        let typed = T::decode(entry.clone(), &qapi_runtime::codec::Path::Root)
            .unwrap_or_else(|e| panic!("{what}: {e}: {entry}"));
        let back = serde_json::to_value(&typed).expect("encodes");
        assert_eq!(back, entry, "{what}");
    }
}

#[test]
fn introspection_round_trips_through_its_own_types() {
    // With every condition true, and with none: both are some binary's.
    for all in [true, false] {
        let atoms = |_: &str| all;
        round_trips::<v7_2::system::SchemaInfo>(
            v7_2::system::SCHEMA.introspection.evaluate(&atoms),
            "7.2 system",
        );
        round_trips::<v7_2::storage_daemon::SchemaInfo>(
            v7_2::storage_daemon::SCHEMA.introspection.evaluate(&atoms),
            "7.2 storage daemon",
        );
        round_trips::<v10_0::system::SchemaInfo>(
            v10_0::system::SCHEMA.introspection.evaluate(&atoms),
            "10.0 system",
        );
        round_trips::<v10_0::storage_daemon::SchemaInfo>(
            v10_0::storage_daemon::SCHEMA.introspection.evaluate(&atoms),
            "10.0 storage daemon",
        );
        round_trips::<v10_2::system::SchemaInfo>(
            v10_2::system::SCHEMA.introspection.evaluate(&atoms),
            "10.2 system",
        );
        round_trips::<v10_2::storage_daemon::SchemaInfo>(
            v10_2::storage_daemon::SCHEMA.introspection.evaluate(&atoms),
            "10.2 storage daemon",
        );
    }
}
