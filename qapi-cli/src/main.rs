//! `qapi`: check a QAPI schema, or print QEMU's test dump of it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use qapi_schema::Schema;

/// Reads QEMU QAPI schemas exactly as QEMU 10.0.2's generator does.
///
/// A bad schema gets QEMU's own error message, with its include chain,
/// definition and location, on standard error, and exit status 1.
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
    Dump {
        /// The root schema file; `include` paths are relative to it.
        file: PathBuf,
    },
    /// Check a schema; print nothing and exit 0 when it is good.
    Check {
        /// The root schema file; `include` paths are relative to it.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (file, dump) = match &cli.command {
        Command::Dump { file } => (file, true),
        Command::Check { file } => (file, false),
    };
    match Schema::load(file) {
        Ok(schema) => {
            if dump {
                let mut stdout = std::io::stdout().lock();
                if stdout
                    .write_all(schema.dump().as_bytes())
                    .and_then(|()| stdout.flush())
                    .is_err()
                {
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
