//! `qapi qmp`: talk to a QMP server (QEMU, or anything that speaks QMP):
//! one command, a number of events, or a shell in the spirit of QEMU's
//! `qmp-shell`.
//!
//! Calls are checked against one of QEMU's compiled-in schemas, picked from
//! the server's greeting or named with `--qemu`: arguments locally, before
//! sending, with QEMU's own messages; replies by decoding them through the
//! command's return type.

mod args;
mod complete;
mod oneshot;
mod schema;
mod session;
mod shell;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use qapi_client::QmpError;
use qapi_schema::Release;
use serde_json::Value;

use session::Session;

/// `qapi qmp`'s command line.
#[derive(Args)]
pub struct QmpArgs {
    /// Check calls against QEMU RELEASE's schema (7.2, 10.0 or 10.2); by
    /// default the newest one not newer than the server.
    #[arg(long, value_name = "RELEASE")]
    qemu: Option<Release>,
    /// Read replies as QEMU would: a member the schema lacks is an error
    /// (exit 3), not a warning.
    #[arg(long)]
    strict: bool,
    /// After the reply (without COMMAND: once connected), print the next N
    /// events, one JSON object a line, and leave.
    #[arg(long, value_name = "N")]
    events: Option<u64>,
    /// Give up on any wait (connecting, a reply, each event) after SECONDS
    /// (exit 4).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    timeout: Option<Duration>,
    /// A unix socket's path, or HOST:PORT for TCP.
    address: String,
    /// The command to execute.  Without it (and without --events), a shell
    /// on a terminal, or one command a line from standard input.
    command: Option<String>,
    /// The command's arguments: a JSON object (`{}` by default).
    #[arg(value_name = "ARGUMENTS", value_parser = parse_arguments)]
    arguments: Option<Value>,
}

/// Seconds, fractional or not.
fn parse_timeout(arg: &str) -> Result<Duration, String> {
    let seconds: f64 = arg.parse().map_err(|e| format!("not a number: {e}"))?;
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("not a duration: {e}"))
}

/// A JSON object.
fn parse_arguments(arg: &str) -> Result<Value, String> {
    match serde_json::from_str(arg) {
        Ok(Value::Object(object)) => Ok(Value::Object(object)),
        Ok(_) => Err("expected a JSON object".into()),
        Err(e) => Err(format!("not JSON: {e}")),
    }
}

/// Why `qapi qmp` fails, each with its exit status.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error reply, or arguments rejected locally with the error the
    /// server would give: `CLASS: desc`.
    Qmp(QmpError),
    /// Anything else that fails one call: a bad shell line, standard
    /// output gone.
    Failed(String),
    /// The connection could not be made, or was lost.
    Connection(String),
    /// `--strict`: a reply that does not decode as the schema says.
    Undecodable(String),
    /// A wait ran past `--timeout`.
    TimedOut(String),
    /// Said already (the shell reports each line's failure as it comes):
    /// only the exit status is left.
    Reported(u8),
}

impl Failure {
    /// The exit status.
    pub(crate) fn code(&self) -> u8 {
        match self {
            Failure::Qmp(_) | Failure::Failed(_) => 1,
            Failure::Connection(_) => 2,
            Failure::Undecodable(_) => 3,
            Failure::TimedOut(_) => 4,
            Failure::Reported(code) => *code,
        }
    }

    /// Says what went wrong on standard error: an error reply as QEMU
    /// words it, anything else after the program's name.
    pub(crate) fn report(&self) {
        match self {
            Failure::Qmp(_) => eprintln!("{self}"),
            Failure::Reported(_) => {}
            _ => eprintln!("qapi qmp: {self}"),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Qmp(e) => e.fmt(f),
            Failure::Failed(why)
            | Failure::Connection(why)
            | Failure::Undecodable(why)
            | Failure::TimedOut(why) => f.write_str(why),
            Failure::Reported(code) => write!(f, "exit status {code}"),
        }
    }
}

/// Prints `text` and a newline on standard output, at once: events are
/// watched as they come, through pipes too.
pub(crate) fn emit(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Failed(format!("cannot write to standard output: {e}")))
}

/// `value` as JSON indented by two spaces.
pub(crate) fn pretty(value: &Value) -> String {
    // A `Value` always has a JSON form: its map keys are strings.
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A warning on standard error; the run goes on.
pub(crate) fn warn(text: &str) {
    eprintln!("qapi qmp: warning: {text}");
}

/// Runs `qapi qmp`.
pub fn run(args: QmpArgs) -> ExitCode {
    // One worker: the connection's reader and writer run on it while the
    // main thread waits, at a shell prompt too.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("qapi-qmp")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("qapi qmp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime
        .block_on(Session::connect(
            &args.address,
            args.qemu,
            args.strict,
            args.timeout,
        ))
        .and_then(|session| match (args.command, args.events) {
            (Some(name), events) => {
                let arguments = args
                    .arguments
                    .unwrap_or_else(|| Value::Object(Default::default()));
                runtime.block_on(oneshot::run(
                    &session,
                    Some((&name, arguments)),
                    events.unwrap_or(0),
                ))
            }
            (None, Some(events)) => runtime.block_on(oneshot::run(&session, None, events)),
            (None, None) if std::io::stdin().is_terminal() => shell::interactive(&runtime, session),
            (None, None) => shell::lines(&runtime, session, std::io::stdin().lock()),
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report();
            ExitCode::from(failure.code())
        }
    }
}
