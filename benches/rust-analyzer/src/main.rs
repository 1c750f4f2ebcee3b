//! What `qapi_schema!` on QEMU's full schema costs rust-analyzer, the IDE
//! side of "rust-analyzer must expand it quickly".
//!
//!     cargo run --release --manifest-path benches/rust-analyzer/Cargo.toml [ROUNDS]
//!
//! Two crates are written under `target/ra-bench/`, alike but for the schema
//! their `qapi_schema!` reads: QEMU's system schema, or three definitions of
//! the same names.  Each is loaded into rust-analyzer as the editor loads it
//! (its proc-macro server from the toolchain, the macro built by `cargo
//! check`), and timed:
//!
//! * the first hover on a generated type: rust-analyzer expands the macro
//!   and resolves the names of the crate and its dependencies;
//! * a hover after adding an item to another file of the crate, which makes
//!   it collect the crate's items again (the expansion itself is cached);
//! * a hover after editing a function body, which does not.
//!
//! It also checks that the hover shows the schema's documentation and that
//! rust-analyzer reports nothing in the file that uses the generated types.
//!
//! As in an editor, rust-analyzer adds the toolchain's `rust-src` component
//! when it is missing: it reads the standard library's sources.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use ra_ap_ide::{
    AnalysisHost, AssistResolveStrategy, DiagnosticsConfig, FileId, FileRange, HoverConfig,
    HoverDocFormat, RaFixtureConfig, SubstTyLen, TextRange, TextSize,
};
use ra_ap_ide_db::ChangeWithProcMacros;
use ra_ap_load_cargo::{load_workspace_at, LoadCargoConfig, ProcMacroServerChoice};
use ra_ap_project_model::{CargoConfig, RustLibSource};
use ra_ap_vfs::{AbsPathBuf, VfsPath};

/// Edits of each kind per round; their median is reported.
const EDITS: usize = 9;

/// The user's code: it names a command, an enum and a union of the schema.
const USER_RS: &str = "\
use qapi_runtime::QapiEnum;
use crate::qemu::commands::QueryStatus;
use crate::qemu::{BlockdevOptions, RunState};

pub fn state(s: RunState) -> &'static str {
    let _ = QueryStatus;
    s.as_str()
}

pub fn read_only(o: &BlockdevOptions) -> bool {
    o.read_only == Some(true)
}
";

/// The small schema: the names `USER_RS` uses, and nothing else.
const TINY_SCHEMA: &str = "\
##
# @RunState:
#
# An enumeration of VM run states.
#
# @running: running
# @paused: paused
##
{ 'enum': 'RunState', 'data': [ 'running', 'paused' ] }
{ 'union': 'BlockdevOptions', 'base': { 'driver': 'RunState', '*read-only': 'bool' },
  'discriminator': 'driver', 'data': {} }
{ 'command': 'query-status', 'returns': 'BlockdevOptions' }
";

fn main() -> Result<()> {
    let rounds: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().context("ROUNDS must be a number")?,
        None => 3,
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()?;
    let schema = root.join("schemas/qemu-10.0.2/qapi/qapi-schema.json");
    let bench = root.join("target/ra-bench");
    let tiny = write_crate(&bench.join("tiny"), &root, None)?;
    let full = write_crate(&bench.join("full"), &root, Some(&schema))?;

    println!("{rounds} rounds, {EDITS} edits of each kind per round; medians");
    println!(
        "{:<14} {:>12} {:>12} {:>12}",
        "schema", "first hover", "item edit", "body edit"
    );
    for (name, dir) in [("three types", &tiny), ("QEMU (system)", &full)] {
        let mut first = Vec::new();
        let mut item = Vec::new();
        let mut body = Vec::new();
        for _ in 0..rounds {
            let r = measure(dir)?;
            first.push(r.first_hover);
            item.extend(r.item_edits);
            body.extend(r.body_edits);
        }
        println!(
            "{name:<14} {:>12} {:>12} {:>12}",
            median(first),
            median(item),
            median(body)
        );
    }
    Ok(())
}

/// Writes a crate that expands `schema` (or the small schema) next to
/// `USER_RS`, and builds it once so that its proc macro exists.
fn write_crate(dir: &Path, root: &Path, schema: Option<&Path>) -> Result<PathBuf> {
    fs::create_dir_all(dir.join("src"))?;
    // The small schema goes beside the manifest and is named relative to it,
    // as users usually do; the macro then finds it through the
    // CARGO_MANIFEST_DIR that rust-analyzer's proc-macro server sets.
    let schema = match schema {
        Some(path) => path.to_owned(),
        None => {
            fs::write(dir.join("schema.json"), TINY_SCHEMA)?;
            PathBuf::from("schema.json")
        }
    };
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .context("crate directory name")?;
    let manifest = format!(
        "[package]\nname = \"ra-bench-{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nqapi-macros = {{ path = {macros:?} }}\nqapi-runtime = {{ path = {runtime:?} }}\n\n\
         [profile.dev.build-override]\nopt-level = 3\n\n[workspace]\n",
        macros = root.join("qapi-macros"),
        runtime = root.join("qapi-runtime"),
    );
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::write(
        dir.join("src/lib.rs"),
        format!("pub mod user;\npub mod qemu {{\n    qapi_macros::qapi_schema!({schema:?});\n}}\n"),
    )?;
    fs::write(dir.join("src/user.rs"), USER_RS)?;
    let status = std::process::Command::new(env!("CARGO"))
        .args(["check", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status()?;
    ensure!(status.success(), "cargo check failed in {}", dir.display());
    Ok(dir.to_owned())
}

/// The times of one round on a freshly loaded crate.
struct Round {
    first_hover: Duration,
    item_edits: Vec<Duration>,
    body_edits: Vec<Duration>,
}

fn measure(dir: &Path) -> Result<Round> {
    let cargo = CargoConfig {
        sysroot: Some(RustLibSource::Discover),
        ..Default::default()
    };
    let load = LoadCargoConfig {
        load_out_dirs_from_check: true,
        with_proc_macro_server: ProcMacroServerChoice::Sysroot,
        prefill_caches: false,
        num_worker_threads: 1,
        proc_macro_processes: 1,
    };
    let (db, vfs, proc_macros) = load_workspace_at(dir, &cargo, &load, &|_| {})?;
    ensure!(
        proc_macros.is_some(),
        "no proc-macro server in the toolchain"
    );
    let path = AbsPathBuf::assert_utf8(dir.join("src/user.rs"));
    let (user, _) = vfs
        .file_id(&VfsPath::from(path))
        .context("src/user.rs not loaded")?;
    let mut host = AnalysisHost::with_database(db);

    let (first_hover, shown) = hover(&host, user, "RunState")?;
    ensure!(
        shown.contains("An enumeration of VM run states."),
        "the hover does not show the schema's documentation:\n{shown}"
    );
    let diagnostics = host.analysis().full_diagnostics(
        &DiagnosticsConfig::test_sample(),
        AssistResolveStrategy::None,
        user,
    )?;
    let messages: Vec<_> = diagnostics.iter().map(|d| &d.message).collect();
    ensure!(messages.is_empty(), "rust-analyzer reports {messages:?}");

    let mut item_edits = Vec::new();
    let mut body_edits = Vec::new();
    for i in 0..EDITS {
        // A new function, then a change inside its body.
        let items = format!("{USER_RS}\npub fn added{i}() {{}}\n");
        edit(&mut host, user, &items);
        item_edits.push(hover(&host, user, "BlockdevOptions")?.0);
        edit(
            &mut host,
            user,
            &items.replace("() {}", "() { let _ = 1; }"),
        );
        body_edits.push(hover(&host, user, "BlockdevOptions")?.0);
    }
    Ok(Round {
        first_hover,
        item_edits,
        body_edits,
    })
}

/// Hovers over the first occurrence of `word` in `file`: how long it took
/// and what it shows.
fn hover(host: &AnalysisHost, file: FileId, word: &str) -> Result<(Duration, String)> {
    let config = HoverConfig {
        links_in_hover: false,
        memory_layout: None,
        documentation: true,
        keywords: true,
        format: HoverDocFormat::Markdown,
        max_trait_assoc_items_count: None,
        max_fields_count: Some(5),
        max_enum_variants_count: Some(5),
        max_subst_ty_len: SubstTyLen::Unlimited,
        show_drop_glue: false,
        ra_fixture: RaFixtureConfig::default(),
    };
    let analysis = host.analysis();
    let text = analysis.file_text(file)?;
    let at = text.find(word).context("word not in the file")?;
    let range = TextRange::empty(TextSize::try_from(at)?);
    let start = Instant::now();
    let shown = analysis.hover(
        &config,
        FileRange {
            file_id: file,
            range,
        },
    )?;
    let took = start.elapsed();
    let shown = shown.with_context(|| format!("no hover on {word}"))?;
    Ok((took, shown.info.markup.to_string()))
}

/// Replaces the text of `file`, as an editor does on a keystroke.
fn edit(host: &mut AnalysisHost, file: FileId, text: &str) {
    let mut change = ChangeWithProcMacros::default();
    change.change_file(file, Some(text.to_owned()));
    host.apply_change(change);
}

fn median(mut times: Vec<Duration>) -> String {
    times.sort();
    let t = times[times.len() / 2];
    format!("{:.0} ms", t.as_secs_f64() * 1e3)
}
