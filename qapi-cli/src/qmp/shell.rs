//! `qapi qmp ADDRESS` without a command: a shell in the spirit of QEMU's
//! `qmp-shell` on a terminal (line editing, history, completion, events as
//! they come), or one command a line from standard input otherwise.

use std::io::{BufRead, Write};

use qapi_client::EventsError;
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, ExternalPrinter};
use tokio::runtime::Runtime;

use super::complete::Names;
use super::session::{event_line, Session};
use super::{args, emit, pretty, warn, Failure};

/// What the shell does after a line.
enum Step {
    /// Reads the next one.
    Next,
    /// Leaves: the server is gone.
    Leave,
}

/// Runs one line's command and prints its reply.
fn run_line(runtime: &Runtime, session: &Session, line: &str) -> Result<Step, Failure> {
    let Some((name, arguments)) = args::parse(line).map_err(Failure::Failed)? else {
        return Ok(Step::Next);
    };
    let reply = runtime.block_on(session.call(&name, arguments))?;
    emit(&pretty(&reply))?;
    // QEMU's `quit` ends QEMU, and the connection with it.
    Ok(if name == "quit" {
        Step::Leave
    } else {
        Step::Next
    })
}

/// Runs each line of `input` in turn, printing each reply, each failure on
/// standard error.  A lost connection ends it; otherwise the exit status
/// is that of the first line that failed, 0 if none did.
pub(crate) fn lines(
    runtime: &Runtime,
    session: Session,
    input: impl BufRead,
) -> Result<(), Failure> {
    let mut first_failure = None;
    for line in input.lines() {
        let line = line.map_err(|e| Failure::Failed(format!("cannot read standard input: {e}")))?;
        match run_line(runtime, &session, &line) {
            Ok(Step::Next) => {}
            Ok(Step::Leave) => break,
            Err(failure @ Failure::Connection(_)) => return Err(failure),
            Err(failure) => {
                failure.report();
                first_failure.get_or_insert(failure.code());
            }
        }
    }
    first_failure.map_or(Ok(()), |code| Err(Failure::Reported(code)))
}

/// The interactive shell, until Ctrl-D, `quit`, or the connection ends.
pub(crate) fn interactive(runtime: &Runtime, session: Session) -> Result<(), Failure> {
    // Subscribed first, so that no event is missed.
    let mut events = (session.client.initial_events()).unwrap_or_else(|| session.client.events());
    let names = runtime
        .block_on(session.within(
            || "waiting for the reply to query-qmp-schema".into(),
            session.client.server_schema(),
        ))
        .and_then(|schema| schema.map_err(|e| Failure::Failed(e.to_string())));
    let names = match names {
        Ok(schema) => Names::new(&schema),
        Err(failure) => {
            warn(&format!(
                "no completion: query-qmp-schema failed: {failure}"
            ));
            Names::default()
        }
    };
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(true)
        .build();
    let mut editor = Editor::<Helper, DefaultHistory>::with_config(config)
        .map_err(|e| Failure::Failed(format!("cannot use the terminal: {e}")))?;
    editor.set_helper(Some(Helper { names }));

    // Events are shown as they come, above the prompt, by a thread of
    // their own: the main one waits at the prompt.
    let mut printer = editor.create_external_printer().ok();
    let handle = runtime.handle().clone();
    let watcher = std::thread::spawn(move || {
        let mut show = |text: String| {
            // With the terminal gone, nothing can be shown anyway.
            let _ = match &mut printer {
                Some(printer) => printer.print(text).map_err(drop),
                None => std::io::stdout().write_all(text.as_bytes()).map_err(drop),
            };
        };
        loop {
            match handle.block_on(events.recv()) {
                Ok(event) => show(event_line(&event) + "\n"),
                Err(EventsError::Lagged(n)) => {
                    show(format!("qapi qmp: warning: {n} events were missed\n"))
                }
                Err(EventsError::Closed(_)) => break,
            }
        }
    });

    let version = &session.client.greeting().version;
    println!(
        "Connected to QEMU {}.{}.{}; calls are checked against QEMU {}'s schema. \
         Tab completes, Ctrl-D leaves.",
        version.major,
        version.minor,
        version.micro,
        session.release()
    );
    let result = loop {
        match editor.readline("(QEMU) ") {
            Ok(line) => match run_line(runtime, &session, &line) {
                Ok(Step::Next) => {}
                Ok(Step::Leave) => break Ok(()),
                Err(failure @ Failure::Connection(_)) => break Err(failure),
                Err(failure) => failure.report(),
            },
            // Ctrl-C drops the line, as shells do.
            Err(ReadlineError::Interrupted) => {}
            Err(ReadlineError::Eof) => break Ok(()),
            Err(e) => break Err(Failure::Failed(format!("cannot read the terminal: {e}"))),
        }
    };
    // The last client gone, the connection closes: the watcher shows the
    // events that came before, then ends.
    drop(session);
    if watcher.join().is_err() {
        warn("the event watcher failed");
    }
    result
}

/// The line editor's helper: completion, nothing else.
struct Helper {
    names: Names,
}

impl Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(self.names.complete(line, pos))
    }
}

impl Hinter for Helper {
    type Hint = String;
}

impl Highlighter for Helper {}

impl Validator for Helper {}

impl rustyline::Helper for Helper {}
