//! QEMU's schemas expanded by `qapi_schema!`, warning-free.

#![deny(warnings)]

pub mod unrelated;

/// QEMU 10.0.2's system emulator schema.
pub mod qemu {
    qapi_macros::qapi_schema!("../../schemas/qemu-10.0.2/qapi/qapi-schema.json");
}

/// QEMU 10.0.2's guest agent schema.
pub mod qga {
    qapi_macros::qapi_schema!(path = "../../schemas/qemu-10.0.2/qga/qapi-schema.json");
}

/// The guest agent schema with its platform atoms mapped to Rust's own
/// `cfg`: what the build's platform lacks is compiled out.
pub mod qga_native {
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/qga/qapi-schema.json",
        cfg(
            CONFIG_WIN32 = "windows",
            CONFIG_POSIX = "unix",
            CONFIG_LINUX = "target_os = \"linux\"",
            CONFIG_FREEBSD = "target_os = \"freebsd\"",
        )
    );
}

/// QEMU 10.0.2's storage daemon schema.
pub mod storage_daemon {
    qapi_macros::qapi_schema!("../../schemas/qemu-10.0.2/storage-daemon/qapi/qapi-schema.json");
}

/// QEMU's front-end test schema: every feature of the language.
pub mod test_schema {
    qapi_macros::qapi_schema!("../../schemas/qemu-10.0.2/tests/qapi-schema/qapi-schema-test.json");
}

/// QEMU's doc comment test schema.
pub mod doc_good {
    qapi_macros::qapi_schema!("../../schemas/qemu-10.0.2/tests/qapi-schema/doc-good.json");
}

/// The reviewed snapshots of `qapi-codegen`, compiled as they are.
pub mod snapshots {
    pub use super::{
        snapshot_commands as commands, snapshot_types as types, snapshot_unions as unions,
    };
}

#[doc(hidden)]
#[rustfmt::skip] // the snapshots are prettyplease output, compared byte for byte
#[path = "../../../qapi-codegen/tests/snapshots/types.rs"]
pub mod snapshot_types;

#[doc(hidden)]
#[rustfmt::skip] // the snapshots are prettyplease output, compared byte for byte
#[path = "../../../qapi-codegen/tests/snapshots/unions.rs"]
pub mod snapshot_unions;

#[doc(hidden)]
#[rustfmt::skip] // the snapshots are prettyplease output, compared byte for byte
#[path = "../../../qapi-codegen/tests/snapshots/commands.rs"]
pub mod snapshot_commands;

/// `commands.json` with `CONFIG_SPEED` mapped to a predicate that never
/// holds: `set-speed` is compiled out.
pub mod speed_compiled_out {
    qapi_macros::qapi_schema!(
        path = "../../qapi-codegen/tests/snapshots/commands.json",
        cfg(CONFIG_SPEED = "any()")
    );
}

/// `commands.json` with `CONFIG_SPEED` mapped to a predicate that always
/// holds: `set-speed` is kept.
pub mod speed_kept {
    qapi_macros::qapi_schema!(
        path = "../../qapi-codegen/tests/snapshots/commands.json",
        cfg(CONFIG_SPEED = "all()")
    );
}

/// `cfg-types.json` with `CONFIG_KVM` mapped to a predicate that never
/// holds: every type, member, enum value, branch, alternative, command and
/// event that needs it is compiled out.
pub mod kvm_compiled_out {
    qapi_macros::qapi_schema!(path = "schemas/cfg-types.json", cfg(CONFIG_KVM = "any()"));
}

/// `cfg-types.json` with `CONFIG_KVM` mapped to a predicate that always
/// holds: everything is kept.
pub mod kvm_kept {
    qapi_macros::qapi_schema!(path = "schemas/cfg-types.json", cfg(CONFIG_KVM = "all()"));
}
