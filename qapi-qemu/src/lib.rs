//! QEMU's QAPI schemas as Rust: every type, command and event of QEMU's
//! system emulator, guest agent and storage daemon, for the QEMU releases
//! people run, with no macro call and no build script in your crate.
//!
//! | Module | QEMU | Cargo feature |
//! |---|---|---|
//! | [`v7_2`] | 7.2.22 (Debian 12) | `v7_2` |
//! | [`v10_0`] | 10.0.2 (Debian 13) | `v10_0` |
//! | [`v10_2`] | 10.2.2 | `v10_2` (default) |
//!
//! Each release module holds three schemas, each behind a feature of its
//! name (all three by default; a client of `qemu-system-*` wants
//! `default-features = false, features = ["v10_2", "system"]`, which
//! costs a third of the compile time):
//!
//! * `system`: the QMP schema of `qemu-system-*`;
//! * `guest_agent`: the schema of `qemu-ga`;
//! * `storage_daemon`: the QMP schema of `qemu-storage-daemon`.
//!
//! Each schema module is what [`qapi_schema!`](qapi_macros::qapi_schema)
//! makes of that schema in that release's dialect: a Rust type for every
//! enum, struct, union and alternate, with QAPI's exact JSON shape; a
//! `commands` module with a type per command, implementing
//! [`qapi_runtime::Command`]; an `events` module with a type per event,
//! implementing [`qapi_runtime::Event`]; and `SCHEMA`, the static metadata
//! (introspection included) a registry needs.  Conditional parts (`if`)
//! are all present: what a binary has is decided at run time, for a
//! target set (see [`qapi_runtime`]).
//!
//! ```
//! use qapi_qemu::v10_2::system::commands::QueryVersion;
//! use qapi_qemu::qapi_runtime::Command;
//!
//! assert_eq!(QueryVersion::NAME, "query-version");
//! ```
//!
//! Talking to a QEMU of another release?  Use the types of that release,
//! or of an older one: a newer QEMU only adds to what an older one sends.
//! The schemas are QEMU's (GPL-2.0-or-later), vendored unmodified in the
//! repository's `schemas/`.

#![forbid(unsafe_code)]
#![deny(warnings, missing_docs, missing_debug_implementations, unreachable_pub)]

/// The runtime that the generated code implements and uses, for naming its
/// traits without another dependency.
pub use qapi_runtime;

/// One release's three schemas, from their root files.
macro_rules! release {
    (
        $(#[$doc:meta])* $name:ident, $feature:literal, $qemu:literal,
        $system:literal, $guest_agent:literal, $storage_daemon:literal
    ) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        pub mod $name {
            /// The system emulator's QMP schema (`qemu-system-*`;
            /// feature `system`).
            #[cfg(feature = "system")]
            pub mod system {
                qapi_macros::qapi_schema!(path = $system, qemu = $qemu);
            }

            /// The guest agent's schema (`qemu-ga`; feature
            /// `guest_agent`).
            #[cfg(feature = "guest_agent")]
            pub mod guest_agent {
                qapi_macros::qapi_schema!(path = $guest_agent, qemu = $qemu);
            }

            /// The storage daemon's QMP schema (`qemu-storage-daemon`;
            /// feature `storage_daemon`).
            #[cfg(feature = "storage_daemon")]
            pub mod storage_daemon {
                qapi_macros::qapi_schema!(path = $storage_daemon, qemu = $qemu);
            }
        }
    };
}

release!(
    /// QEMU 7.2.22's schemas, the QEMU of Debian 12 (feature `v7_2`).
    v7_2, "v7_2", "7.2",
    "../schemas/qemu-7.2.22/qapi/qapi-schema.json",
    "../schemas/qemu-7.2.22/qga/qapi-schema.json",
    "../schemas/qemu-7.2.22/storage-daemon/qapi/qapi-schema.json"
);
release!(
    /// QEMU 10.0.2's schemas, the QEMU of Debian 13 (feature `v10_0`).
    v10_0, "v10_0", "10.0",
    "../schemas/qemu-10.0.2/qapi/qapi-schema.json",
    "../schemas/qemu-10.0.2/qga/qapi-schema.json",
    "../schemas/qemu-10.0.2/storage-daemon/qapi/qapi-schema.json"
);
release!(
    /// QEMU 10.2.2's schemas (feature `v10_2`, the default).
    v10_2, "v10_2", "10.2",
    "../schemas/qemu-10.2.2/qapi/qapi-schema.json",
    "../schemas/qemu-10.2.2/qga/qapi-schema.json",
    "../schemas/qemu-10.2.2/storage-daemon/qapi/qapi-schema.json"
);
