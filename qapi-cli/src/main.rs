//! `qapi`: check a QAPI schema, print QEMU's test dump of it, or print the
//! Rust that `qapi_schema!` makes of it; talk to a QMP server (`qapi qmp`).

mod qmp;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use qapi_codegen::Options;
use qapi_schema::{Loader, Release, Schema};
use quote::ToTokens;

/// Reads QEMU QAPI schemas exactly as QEMU's own generator does, in the
/// dialect of QEMU 7.2, 10.0 or 10.2 (`--qemu`; the newest by default),
/// and talks QMP to QEMU (`qapi qmp`).
///
/// A bad schema gets QEMU's own error message, with its include chain,
/// definition and location, on standard error, and exit status 1.  Without
/// `--qemu`, a note follows when another release's rules accept it.
#[derive(Parser)]
#[command(name = "qapi", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a schema and print its dump: modules, entities and doc
    /// comments, in the format of QEMU's tests/qapi-schema/*.out files.
    Dump(Input),
    /// Check a schema; print nothing and exit 0 when it is good.
    Check(Input),
    /// Print the Rust code that `qapi_schema!` expands to for a schema,
    /// formatted.
    Rust {
        #[command(flatten)]
        input: Input,
        /// Compile out what needs ATOM where PREDICATE is false, as the
        /// macro's `cfg(ATOM = "PREDICATE")` option does (repeatable).
        #[arg(long = "cfg", value_name = "ATOM=PREDICATE", value_parser = parse_cfg)]
        cfg: Vec<(String, String)>,
        /// Name the runtime crate PATH instead of `::qapi_runtime`, as the
        /// macro's `crate = "PATH"` option does.
        #[arg(long = "crate", value_name = "PATH", value_parser = parse_path)]
        runtime: Option<String>,
    },
    /// Talk to QEMU over QMP: one command, events, or a shell.
    ///
    /// With COMMAND, execute it and print its reply; with --events, print
    /// events; with neither, run a shell (on a terminal) or one command a
    /// line (from standard input).
    ///
    /// Calls are checked against QEMU's schema, the one of the server's
    /// release unless --qemu names one.  Exit status: 0 success, 1 an
    /// error reply (`CLASS: desc` on standard error), 2 no connection or a
    /// usage error, 3 a reply that --strict rejects, 4 --timeout ran out.
    Qmp(qmp::QmpArgs),
}

/// The schema to read and the dialect to read it in.
#[derive(Args)]
struct Input {
    /// The root schema file; `include` paths are relative to it.
    file: PathBuf,
    /// Read the schema as QEMU RELEASE's generator does: 7.2, 10.0 or 10.2
    /// (a micro version such as 10.0.2 is accepted).
    #[arg(long, value_name = "RELEASE")]
    qemu: Option<Release>,
}

impl Input {
    fn load(&self) -> qapi_schema::Result<Schema> {
        let loader = match self.qemu {
            Some(release) => Loader::new().release(release),
            None => Loader::new(),
        };
        loader.load(&self.file)
    }
}

/// `ATOM=PREDICATE`, the predicate being what `#[cfg(...)]` takes.
fn parse_cfg(arg: &str) -> Result<(String, String), String> {
    let (atom, predicate) = arg.split_once('=').ok_or("expected ATOM=PREDICATE")?;
    let atom = atom.trim();
    syn::parse_str::<syn::Ident>(atom)
        .map_err(|_| format!("expected a condition atom such as CONFIG_KVM, not {atom:?}"))?;
    syn::parse_str::<syn::Meta>(predicate).map_err(|e| format!("not a cfg predicate: {e}"))?;
    Ok((atom.to_owned(), predicate.to_owned()))
}

/// A Rust path.
fn parse_path(arg: &str) -> Result<String, String> {
    syn::parse_str::<syn::Path>(arg).map_err(|e| format!("not a path: {e}"))?;
    Ok(arg.to_owned())
}

/// What to print of a good schema.
enum Output {
    Nothing,
    Dump,
    /// The `cfg` mappings and the runtime's path, checked.
    Rust(Vec<(String, String)>, Option<String>),
}

fn main() -> ExitCode {
    let (input, output) = match Cli::parse().command {
        Command::Dump(input) => (input, Output::Dump),
        Command::Check(input) => (input, Output::Nothing),
        Command::Rust {
            input,
            cfg,
            runtime,
        } => (input, Output::Rust(cfg, runtime)),
        Command::Qmp(args) => return qmp::run(args),
    };
    let schema = match input.load() {
        Ok(schema) => schema,
        Err(err) => {
            eprintln!("{err}");
            if let Some(release) = err.accepted_by() {
                eprintln!("note: accepted by QEMU {release}'s rules: pass `--qemu {release}`");
            }
            return ExitCode::FAILURE;
        }
    };
    let text = match output {
        Output::Nothing => return ExitCode::SUCCESS,
        Output::Dump => schema.dump(),
        Output::Rust(cfg, runtime) => match rust(&schema, cfg, runtime) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("qapi: the generated code does not parse (a bug): {err}");
                return ExitCode::FAILURE;
            }
        },
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// The macro's expansion of `schema`, formatted.  (`parse_cfg` and
/// `parse_path` checked the options already.)
fn rust(
    schema: &Schema,
    cfg: Vec<(String, String)>,
    runtime: Option<String>,
) -> syn::Result<String> {
    let mut options = Options::default();
    for (atom, predicate) in cfg {
        let predicate = syn::parse_str::<syn::Meta>(&predicate)?;
        options.cfg.map(&atom, predicate.into_token_stream());
    }
    if let Some(path) = runtime {
        options.runtime = syn::parse_str::<syn::Path>(&path)?.into_token_stream();
    }
    let file = syn::parse_file(&qapi_codegen::generate_with(schema, &options))?;
    Ok(prettyplease::unparse(&file))
}
