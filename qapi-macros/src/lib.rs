//! `qapi_schema!`: a QAPI schema as Rust, at compile time.
//!
//! ```
//! mod qga {
//!     // Or just `qapi_schema!("PATH")`.
//!     qapi_macros::qapi_schema!(
//!         path = "../schemas/qemu-10.0.2/qga/qapi-schema.json",
//!         qemu = "10.0",
//!         cfg(CONFIG_WIN32 = "windows"),
//!     );
//! }
//!
//! use qapi_runtime::Command;
//! assert_eq!(qga::commands::GuestPing::NAME, "guest-ping");
//! ```
//!
//! The path is relative to the crate's `CARGO_MANIFEST_DIR`.  The schema
//! is read in the dialect of the newest QEMU release supported (see
//! [`qapi_schema::Release`]); `qemu = "7.2"` (or `"10.0"`, `"10.2"`) names
//! another, and a schema that only another release accepts says so in its
//! compile error.  With
//! `cfg(ATOM = "predicate", ...)`, whatever needs a condition that cannot
//! hold where those predicates are false is compiled out (types, members,
//! enum values, branches, commands, events); by default nothing is, and the
//! run-time target set decides.  With `crate = "path"`, the generated code
//! names the runtime crate by that path instead of `::qapi_runtime` (for a
//! crate that reaches it through a re-export).
//!
//! The expansion defines a type for every definition of the schema, a
//! `commands` and an `events` module, and `SCHEMA`, the static metadata a
//! registry needs (see the `qapi-codegen` and `qapi-runtime` crates).  A
//! bad schema is a compile error with QEMU's exact message.
//!
//! Every type is `Clone`, `Debug`, `PartialEq`, `Serialize` and
//! `Deserialize`; enums are also `Copy`, `Eq` and `Hash`, and structs
//! whose members are all optional are `Default` (the unit types of
//! argument-less commands and events aside).  To keep the user's builds fast,
//! `Debug` and `PartialEq` of structs, unions and alternates go through the
//! QAPI JSON encoding: `Debug` shows the type's name and its JSON, and two
//! values are equal when their JSON is.  JSON has no NaN or infinity, so
//! those `number` values encode, print and compare as `null`.
//!
//! The schema's doc comments become the items' rustdoc, their
//! reStructuredText written as Markdown (`@name` as code, or as a link
//! when it names a type or an event; examples and literal blocks as text
//! blocks; notes with their label), followed by the item's features and
//! its condition, if it has one.
//!
//! The schema's `deprecated` features become `#[deprecated]`, for the
//! user's code: the expansion itself allows the lint, since it names every
//! deprecated item.  So a crate that *forbids* `deprecated` (denying it is
//! fine) cannot expand a schema that deprecates anything.

use std::path::{Path, PathBuf};

use darling::ast::NestedMeta;
use darling::util::SpannedValue;
use darling::FromMeta;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

/// The macro's options.
#[derive(FromMeta)]
struct Options {
    /// The root schema file, relative to `CARGO_MANIFEST_DIR`.
    path: SpannedValue<String>,
    /// `cfg(ATOM = "predicate", ...)`: compile out whatever needs a
    /// condition that cannot hold where the predicates are false.
    #[darling(default)]
    cfg: CfgOption,
    /// `crate = "path"`: how the generated code names the `qapi_runtime`
    /// crate, for a crate that reaches it through another (a re-export).
    #[darling(rename = "crate", default)]
    krate: Option<RuntimePath>,
    /// `qemu = "7.2"`: read the schema in that QEMU release's dialect.
    #[darling(default)]
    qemu: Option<QemuRelease>,
}

/// `qemu = "RELEASE"`, checked.
struct QemuRelease(qapi_schema::Release);

impl FromMeta for QemuRelease {
    fn from_string(value: &str) -> darling::Result<QemuRelease> {
        value
            .parse()
            .map(QemuRelease)
            .map_err(darling::Error::custom)
    }
}

/// `crate = "path"`: the path, checked, as text (generation builds its own
/// tokens from it).
struct RuntimePath(String);

impl FromMeta for RuntimePath {
    fn from_string(value: &str) -> darling::Result<RuntimePath> {
        let path: syn::Path = syn::parse_str(value).map_err(|e| {
            darling::Error::custom(format!(
                "expected the path of the qapi_runtime crate, such as `my_facade::qapi_runtime`: {e}"
            ))
        })?;
        Ok(RuntimePath(quote!(#path).to_string()))
    }
}

/// `cfg(ATOM = "predicate", ...)`: each atom with its predicate, checked,
/// as text (generation builds its own tokens from it).
#[derive(Default)]
struct CfgOption(Vec<(String, String)>);

impl FromMeta for CfgOption {
    fn from_list(items: &[NestedMeta]) -> darling::Result<CfgOption> {
        let mut map = Vec::new();
        for item in items {
            let NestedMeta::Meta(syn::Meta::NameValue(nv)) = item else {
                return Err(
                    darling::Error::custom("expected ATOM = \"cfg predicate\"").with_span(item)
                );
            };
            let atom = nv
                .path
                .get_ident()
                .map(ToString::to_string)
                .ok_or_else(|| {
                    darling::Error::custom("expected a condition atom such as CONFIG_KVM")
                        .with_span(&nv.path)
                })?;
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(predicate),
                ..
            }) = &nv.value
            else {
                return Err(
                    darling::Error::custom("expected the cfg predicate as a string")
                        .with_span(&nv.value),
                );
            };
            let predicate: syn::Meta = predicate.parse().map_err(|e| {
                darling::Error::custom(format!("not a cfg predicate: {e}")).with_span(predicate)
            })?;
            map.push((atom, quote!(#predicate).to_string()));
        }
        Ok(CfgOption(map))
    }
}

/// What the macro was asked for.
struct Request {
    /// The root schema file, relative to `CARGO_MANIFEST_DIR`.
    path: String,
    /// Where the user wrote it: errors point there.
    span: Span,
    /// Atoms mapped to `cfg` predicates (as text).
    cfg: Vec<(String, String)>,
    /// The path to the runtime (as text), if not `::qapi_runtime`.
    runtime: Option<String>,
    /// The release whose dialect to read the schema in, if named.
    qemu: Option<qapi_schema::Release>,
}

/// Reads the macro input: a string literal, or `key = value` options.
fn parse_options(input: TokenStream) -> syn::Result<Request> {
    if input.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "expected the schema's path, relative to CARGO_MANIFEST_DIR: \
             qapi_schema!(\"qapi/qapi-schema.json\")",
        ));
    }
    if let Ok(lit) = syn::parse2::<LitStr>(input.clone()) {
        return Ok(Request {
            path: lit.value(),
            span: lit.span(),
            cfg: Vec::new(),
            runtime: None,
            qemu: None,
        });
    }
    let items = NestedMeta::parse_meta_list(input)?;
    let options = Options::from_list(&items)
        .map_err(|e| syn::Error::from(e.with_span(&Span::call_site())))?;
    let span = options.path.span();
    Ok(Request {
        path: options.path.into_inner(),
        span,
        cfg: options.cfg.0,
        runtime: options.krate.map(|path| path.0),
        qemu: options.qemu.map(|release| release.0),
    })
}

/// `const _: &[u8] = include_bytes!(..)` for each file, so that editing any
/// of them rebuilds the crate.
fn depend_on<'p>(files: impl Iterator<Item = &'p Path>) -> TokenStream {
    let files = files
        .filter(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned());
    quote!(#(const _: &[u8] = include_bytes!(#files);)*)
}

/// The generated code as text.
///
/// Tokens are built with proc-macro2's own implementation and handed to
/// the compiler as text, which it lexes in one call: building QEMU's
/// schema's hundreds of thousands of tokens one by one through the
/// proc-macro bridge took longer than generating them (about 0.3 s of every
/// `cargo check`).
fn generate_text(schema: &qapi_schema::Schema, request: &Request) -> String {
    /// Back to the compiler's tokens however generation ends.
    struct Unforce;
    impl Drop for Unforce {
        fn drop(&mut self) {
            proc_macro2::fallback::unforce();
        }
    }
    proc_macro2::fallback::force();
    let _unforce = Unforce;
    // The predicates and the path are the text of tokens that syn parsed,
    // so they lex again.
    let mut options = qapi_codegen::Options::default();
    for (atom, predicate) in &request.cfg {
        let predicate = predicate.parse().expect("a checked cfg predicate lexes");
        options.cfg.map(atom, predicate);
    }
    if let Some(path) = &request.runtime {
        options.runtime = path.parse().expect("a checked path lexes");
    }
    qapi_codegen::generate_with(schema, &options)
}

/// What the macro expands to.
struct Expansion {
    /// The generated code, as text (empty after an error).
    code: String,
    /// Then compile errors, and the constants that make the crate depend
    /// on the schema's files.
    tokens: TokenStream,
    /// Where errors point: the schema's path in the user's code.
    span: Span,
}

/// The message of a generator failure; never expected, but a compile error
/// rather than a panic.
const INTERNAL_ERROR: &str =
    "internal error in qapi_schema!: the generator failed on a valid schema";

fn expand(input: TokenStream) -> Expansion {
    let request = match parse_options(input) {
        Ok(request) => request,
        Err(e) => {
            return Expansion {
                code: String::new(),
                tokens: e.to_compile_error(),
                span: Span::call_site(),
            }
        }
    };
    let (path, span) = (&request.path, request.span);
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into()));
    let loader = match request.qemu {
        Some(release) => qapi_schema::Loader::new().release(release),
        None => qapi_schema::Loader::new(),
    };
    let (code, tokens) = match loader.load_in(&dir, path) {
        Ok(schema) => {
            let deps = depend_on(schema.files().map(PathBuf::as_path));
            match std::panic::catch_unwind(|| generate_text(&schema, &request)) {
                Ok(code) => (code, deps),
                Err(_) => {
                    let err = syn::Error::new(span, INTERNAL_ERROR).to_compile_error();
                    (String::new(), quote!(#err #deps))
                }
            }
        }
        Err(err) => {
            // Depend on the files the error is about, so that fixing them
            // rebuilds the crate.
            let mut files = vec![dir.join(path)];
            if let Some(loc) = err.location() {
                files.extend(loc.includes.iter().map(|(f, _)| dir.join(f)));
                files.push(dir.join(&loc.file));
            }
            let deps = depend_on(files.iter().map(PathBuf::as_path));
            let mut message = err.to_string();
            if let Some(release) = err.accepted_by() {
                message.push_str(&format!(
                    "\n\nnote: accepted by QEMU {release}'s rules: \
                     add `qemu = \"{release}\"` to qapi_schema!"
                ));
            }
            let err = syn::Error::new(span, message).to_compile_error();
            (String::new(), quote!(#err #deps))
        }
    };
    Expansion { code, tokens, span }
}

/// Expands a QAPI schema into Rust types, commands, events and metadata.
///
/// See the crate documentation.
#[proc_macro]
pub fn qapi_schema(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let Expansion { code, tokens, span } = expand(input.into());
    // The compiler lexes the text itself.  (proc-macro2's `parse` would lex
    // it once more first, to check it.)
    let mut out: proc_macro::TokenStream = match code.parse() {
        Ok(code) => code,
        Err(_) => syn::Error::new(span, INTERNAL_ERROR)
            .to_compile_error()
            .into(),
    };
    out.extend(proc_macro::TokenStream::from(tokens));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(input: &str) -> String {
        let expansion = expand(input.parse().expect("tokens"));
        format!("{} {}", expansion.code, expansion.tokens)
    }

    #[test]
    fn depends_on_every_schema_file() {
        let out =
            expand_str(r#"path = "../schemas/qemu-10.0.2/qapi/qapi-schema.json", qemu = "10.0""#);
        assert_eq!(out.matches("include_bytes !").count(), 43);
        assert!(out.contains("block-core.json"));
    }

    #[test]
    fn bad_schema_is_one_error_and_depends_on_its_file() {
        let out = expand_str(r#"path = "../ui-tests/schemas/include-error.json""#);
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(out.contains("In file included from ../ui-tests/schemas/include-error.json:1:"));
        assert!(out.contains("included/bad.json"));
        assert!(out.contains("include_bytes !"));
    }

    #[test]
    fn names_the_release_that_accepts_the_schema() {
        let out = expand_str(r#""../schemas/qemu-10.0.2/qga/qapi-schema.json""#);
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(out.contains("Use two spaces between sentences"), "{out}");
        assert!(out.contains(
            r#"note: accepted by QEMU 10.0's rules: add `qemu = \"10.0\"` to qapi_schema!"#
        ));
        let out =
            expand_str(r#"path = "../schemas/qemu-10.0.2/qga/qapi-schema.json", qemu = "10.2""#);
        assert!(
            out.contains("Use two spaces") && !out.contains("note:"),
            "{out}"
        );
        let out = expand_str(r#"path = "x.json", qemu = "9.1""#);
        assert!(out.contains("unknown QEMU release '9.1'"), "{out}");
    }
}
