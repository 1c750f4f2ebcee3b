//! QEMU 10.0.2's system schema, as Rust.

qapi_macros::qapi_schema!(
    path = "../schemas/qemu-10.0.2/qapi/qapi-schema.json",
    qemu = "10.0"
);
