//! A module unrelated to the generated code, edited by the incremental
//! compile-time measurement.

/// Something to edit.
pub fn answer() -> u32 {
    42
}
