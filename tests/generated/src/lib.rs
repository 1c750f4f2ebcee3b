//! QEMU's schemas expanded by `qapi_schema!`, warning-free for the
//! strictest user: one who denies every warning, names the lint groups
//! and warn-by-default lints that generated code could trip (a lint named
//! explicitly is not silenced by allowing `warnings`), and denies every
//! stable allow-by-default lint but `unused_crate_dependencies`.

#![forbid(unsafe_code)]
#![deny(warnings, deprecated, unused, nonstandard_style, future_incompatible)]
#![deny(rust_2018_idioms, let_underscore, keyword_idents, unreachable_code)]
#![deny(
    absolute_paths_not_starting_with_crate,
    ambiguous_negative_literals,
    closure_returning_async_block,
    deprecated_in_future,
    deprecated_safe_2024,
    deref_into_dyn_supertrait,
    edition_2024_expr_fragment_specifier,
    elided_lifetimes_in_paths,
    explicit_outlives_requirements,
    ffi_unwind_calls,
    if_let_rescope,
    impl_trait_overcaptures,
    impl_trait_redundant_captures,
    keyword_idents_2018,
    keyword_idents_2024,
    let_underscore_drop,
    macro_use_extern_crate,
    meta_variable_misuse,
    missing_copy_implementations,
    missing_debug_implementations,
    missing_docs,
    missing_unsafe_on_extern,
    non_ascii_idents,
    redundant_imports,
    redundant_lifetimes,
    rust_2021_incompatible_closure_captures,
    rust_2021_incompatible_or_patterns,
    rust_2021_prefixes_incompatible_syntax,
    rust_2021_prelude_collisions,
    rust_2024_guarded_string_incompatible_syntax,
    rust_2024_incompatible_pat,
    rust_2024_prelude_collisions,
    single_use_lifetimes,
    tail_expr_drop_order,
    trivial_casts,
    trivial_numeric_casts,
    unit_bindings,
    unnameable_types,
    unreachable_pub,
    unsafe_attr_outside_unsafe,
    unsafe_op_in_unsafe_fn,
    unused_extern_crates,
    unused_import_braces,
    unused_lifetimes,
    unused_macro_rules,
    unused_qualifications,
    unused_results,
    variant_size_differences
)]

pub mod unrelated;

/// QEMU 10.0.2's system emulator schema.
pub mod qemu {
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/qapi/qapi-schema.json",
        qemu = "10.0"
    );
}

/// QEMU 10.0.2's guest agent schema.
pub mod qga {
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/qga/qapi-schema.json",
        qemu = "10.0"
    );
}

/// The guest agent schema with its platform atoms mapped to Rust's own
/// `cfg`: what the build's platform lacks is compiled out.
pub mod qga_native {
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/qga/qapi-schema.json",
        qemu = "10.0",
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
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/storage-daemon/qapi/qapi-schema.json",
        qemu = "10.0"
    );
}

/// QEMU's front-end test schema: every feature of the language.
pub mod test_schema {
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/tests/qapi-schema/qapi-schema-test.json",
        qemu = "10.0"
    );
}

/// QEMU's doc comment test schema.
pub mod doc_good {
    qapi_macros::qapi_schema!(
        path = "../../schemas/qemu-10.0.2/tests/qapi-schema/doc-good.json",
        qemu = "10.0"
    );
}

/// The reviewed snapshots of `qapi-codegen`, compiled as they are.  As
/// files of this crate rather than another crate's macro output, they get
/// lints that rustc does not apply to the macro's expansion: those this
/// crate denies by name and the code trips are allowed on their modules.
pub mod snapshots {
    pub use super::{
        snapshot_commands as commands, snapshot_types as types, snapshot_unions as unions,
    };
}

#[doc(hidden)]
#[rustfmt::skip] // the snapshots are prettyplease output, compared byte for byte
#[allow(unused, unused_qualifications, missing_copy_implementations)] // see `snapshots`
#[path = "../../../qapi-codegen/tests/snapshots/types.rs"]
pub mod snapshot_types;

#[doc(hidden)]
#[rustfmt::skip] // the snapshots are prettyplease output, compared byte for byte
#[allow(unused, unused_qualifications, missing_copy_implementations)] // see `snapshots`
#[path = "../../../qapi-codegen/tests/snapshots/unions.rs"]
pub mod snapshot_unions;

#[doc(hidden)]
#[rustfmt::skip] // the snapshots are prettyplease output, compared byte for byte
#[allow(unused, unused_qualifications, missing_copy_implementations)] // see `snapshots`
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

/// `cfg-types.json` with nothing compiled out: what exists is decided at
/// run time, for a target set.
pub mod kvm_at_run_time {
    qapi_macros::qapi_schema!("schemas/cfg-types.json");
}

/// The runtime as a crate that re-exports it would offer it.
#[doc(hidden)]
pub mod facade {
    pub use qapi_runtime as rt;
}

/// `commands.json` naming the runtime through `facade`, as a crate that
/// reaches `qapi_runtime` only through a re-export does.
pub mod through_facade {
    qapi_macros::qapi_schema!(
        path = "../../qapi-codegen/tests/snapshots/commands.json",
        crate = "crate::facade::rt"
    );
}

/// Object types wider than one group of members: their members decode and
/// encode group by group.
pub mod wide {
    qapi_macros::qapi_schema!("schemas/wide.json");
}
