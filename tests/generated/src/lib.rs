//! QEMU's schemas expanded by `qapi_schema!`, warning-free.

#![deny(warnings)]

pub mod unrelated;

/// QEMU 10.0.2's system emulator schema.
pub mod qemu {
    qapi_macros::qapi_schema!("../../schemas/qemu-10.0.2/qapi/qapi-schema.json");
}
