//! A QMP monitor's logic, transport-free: bytes in, reply and event lines
//! out, as QEMU's monitor behaves.
//!
//! A command whose handler is async leaves the session as a [`Job`] for
//! the transport to run; what it gives comes back through
//! [`Session::finish`].  Until then the session's later in-band requests
//! wait, in order, while requests sent with `exec-oob` (once `oob` is
//! negotiated) jump the queue and are answered at once, as QEMU does.

use std::collections::VecDeque;
use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::context::{Context, SessionId};
use super::job::{Done, Job};
use super::service::{Handler, Pending};
use super::shared::{Event, Server};
use crate::dispatch::{CommandError, Reply};
use qapi_protocol::write::{write_object, write_qobject, write_str, write_value};
use qapi_protocol::{qdict, JsonStream, Message, QObject};

/// What QEMU answers while capabilities are being negotiated.
const NEGOTIATION_FIRST: &str = "Expecting capabilities negotiation with 'qmp_capabilities'";

/// How many bytes of reply lines [`Session::output`] makes at a time.
const OUTPUT_CHUNK: usize = 64 * 1024;

/// How many in-band requests may wait, with `oob` negotiated, before the
/// session stops reading: the QMP specification's "at most eight in-band
/// commands in flight".
const QUEUE_MAX: usize = 8;

/// What a session produced for the transport.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Lines to send, each ending in `\r\n`.
    pub text: String,
    /// The session is over (after `quit`): close the connection.
    pub close: bool,
}

/// How a command went, as far as the session can tell at once.
enum Ran {
    /// Its reply, if it gives one.
    Now(Option<Reply>),
    /// An async handler is at work on the reply.
    Later {
        reply: Pending,
        /// The command answers on success.
        respond: bool,
    },
}

/// One client's session.
pub struct Session<S = ()> {
    server: Arc<Server<S>>,
    id: SessionId,
    stream: JsonStream,
    /// In-band messages read but not handled yet.
    queue: VecDeque<Message>,
    /// Requests sent with `exec-oob` once `oob` was negotiated: they jump
    /// the queue.
    oob_queue: VecDeque<Message>,
    negotiated: bool,
    oob: bool,
    events: Option<mpsc::UnboundedReceiver<Event>>,
    /// An in-band command's [`Job`] is out: later in-band requests wait.
    running: bool,
    /// Jobs made and not yet taken by the transport.
    jobs: Vec<Job>,
    /// Lines of finished jobs, not yet output.
    finished: String,
    closed: bool,
    /// The transport was told to close.
    close_told: bool,
}

impl<S> Session<S> {
    pub(crate) fn new(server: Arc<Server<S>>, id: SessionId) -> Session<S> {
        Session {
            server,
            id,
            stream: JsonStream::new(),
            queue: VecDeque::new(),
            oob_queue: VecDeque::new(),
            negotiated: false,
            oob: false,
            events: None,
            running: false,
            jobs: Vec::new(),
            finished: String::new(),
            closed: false,
            close_told: false,
        }
    }

    /// The session's identity within its server.
    pub fn id(&self) -> SessionId {
        self.id
    }

    /// Feeds input bytes; gives all the lines to send.  A transport uses
    /// [`Session::input`] and [`Session::output`] instead, which bound the
    /// output held at a time.  Commands with async handlers are left as
    /// jobs ([`Session::take_jobs`]).
    pub fn feed(&mut self, bytes: &[u8]) -> Output {
        self.input(bytes);
        let mut all = Output::default();
        while let Some(output) = self.output() {
            all.text.push_str(&output.text);
            all.close = output.close;
        }
        all
    }

    /// Reads input bytes; the requests they complete wait for
    /// [`Session::output`].
    pub fn input(&mut self, bytes: &[u8]) {
        let mut messages = Vec::new();
        self.stream.feed(bytes, &mut messages);
        for message in messages {
            if self.oob && is_oob(&message) {
                self.oob_queue.push_back(message);
            } else {
                self.queue.push_back(message);
            }
        }
    }

    /// Whether the transport should read more input now.  Not while an
    /// in-band command runs without `oob` negotiated, nor while
    /// eight in-band requests wait: QEMU stops reading then.
    pub fn wants_input(&self) -> bool {
        !self.closed && (!self.running || (self.oob && self.queue.len() < QUEUE_MAX))
    }

    /// Whether a request waits that can be handled now, or lines do.
    fn has_output(&self) -> bool {
        !self.finished.is_empty()
            || !self.oob_queue.is_empty()
            || (!self.running && !self.queue.is_empty())
            || (self.closed && !self.close_told)
    }

    /// Handles waiting requests until their lines reach 64 KiB (or one
    /// reply, if it is larger), and gives those lines;
    /// `None` when no request waits.  Lines are made only as the transport
    /// asks for them, so a client that sends many requests and reads no
    /// reply holds one chunk of replies, not all of them.
    pub fn output(&mut self) -> Option<Output> {
        if !self.has_output() {
            return None;
        }
        let mut out = Output {
            text: std::mem::take(&mut self.finished),
            close: false,
        };
        while out.text.len() < OUTPUT_CHUNK && !self.closed {
            let message = match self.oob_queue.pop_front() {
                Some(message) => message,
                None if self.running => break,
                None => match self.queue.pop_front() {
                    Some(message) => message,
                    None => break,
                },
            };
            let reply = match message {
                Message::Error(desc) => Some(error_line(None, &CommandError::generic(desc))),
                Message::Value(request) => self.dispatch(request),
            };
            out.text.push_str(&self.pending_events());
            if let Some(reply) = reply {
                out.text.push_str(&reply);
            }
            self.check_shutdown();
        }
        out.close = self.closed;
        self.close_told = self.closed;
        Some(out)
    }

    /// The jobs of commands whose handlers are async, for the transport to
    /// run (each until done, or dropped to cancel it).
    pub fn take_jobs(&mut self) -> impl Iterator<Item = Job> + '_ {
        self.jobs.drain(..)
    }

    /// Takes back what a job of this session gave: its reply comes with
    /// the next [`Session::output`], and the in-band requests it held up
    /// may go on.
    pub fn finish(&mut self, done: Done) {
        if done.in_band {
            self.running = false;
        }
        if self.closed {
            return;
        }
        let events = self.pending_events();
        self.finished.push_str(&events);
        let id = done.id.as_ref();
        match done.result {
            Ok(reply) if done.respond => self.finished.push_str(&return_line(id, &reply)),
            Ok(_) => {}
            Err(e) => self.finished.push_str(&error_line(id, &e)),
        }
        self.check_shutdown();
    }

    /// After `quit` (or another shutdown) nothing more is handled.
    fn check_shutdown(&mut self) {
        if self.server.is_shutting_down() {
            self.closed = true;
            self.queue.clear();
            self.oob_queue.clear();
            self.jobs.clear();
        }
    }

    /// Events that arrived, as lines.
    pub fn pending_events(&mut self) -> String {
        let mut out = String::new();
        if let Some(rx) = &mut self.events {
            while let Ok(event) = rx.try_recv() {
                out.push_str(&event.line);
            }
        }
        out
    }

    /// Waits for the next event; never returns before negotiation.
    pub async fn next_event(&mut self) -> Event {
        match &mut self.events {
            Some(rx) => match rx.recv().await {
                Some(event) => event,
                // The server keeps its senders while it lives.
                None => std::future::pending().await,
            },
            None => std::future::pending().await,
        }
    }

    /// Handles one request; the reply line, if any.
    fn dispatch(&mut self, request: QObject) -> Option<String> {
        let QObject::Dict(mut request) = request else {
            return Some(error_line(
                None,
                &CommandError::generic("QMP input must be a JSON object"),
            ));
        };
        let (name, oob) = match check_request(&request, self.oob) {
            Ok((name, oob)) => (name.to_owned(), oob),
            Err(desc) => return Some(error_line(request.get("id"), &CommandError::generic(desc))),
        };
        let args = request
            .shift_remove("arguments")
            .map_or_else(|| Value::Object(Map::new()), Value::from);
        let id = request.get("id");
        let result = if !self.negotiated {
            if name == "qmp_capabilities" {
                self.negotiate(args).map(Ran::Now)
            } else {
                Err(CommandError {
                    class: "CommandNotFound",
                    desc: NEGOTIATION_FIRST.into(),
                })
            }
        } else {
            self.run(&name, oob, args)
        };
        let result = match result {
            Err(e) if !self.negotiated && e.class == "CommandNotFound" => Err(CommandError {
                class: e.class,
                desc: NEGOTIATION_FIRST.into(),
            }),
            other => other,
        };
        match result {
            Ok(Ran::Now(None)) => None,
            Ok(Ran::Now(Some(reply))) => Some(return_line(id, &reply)),
            Ok(Ran::Later { reply, respond }) => {
                self.running |= !oob;
                self.jobs.push(Job::new(reply, id.cloned(), !oob, respond));
                None
            }
            Err(e) => Some(error_line(id, &e)),
        }
    }

    fn run(&mut self, name: &str, oob: bool, args: Value) -> Result<Ran, CommandError> {
        let registry = self.server.registry();
        let Some(meta) = registry.meta(name) else {
            return Err(CommandError {
                class: "CommandNotFound",
                desc: format!("The command {name} has not been found"),
            });
        };
        if oob && !meta.flags.allow_oob {
            return Err(CommandError::generic(format!(
                "The command {name} does not support OOB"
            )));
        }
        if name == "qmp_capabilities" {
            (meta.check_args)(args, registry.lacks())?;
            return Err(CommandError {
                class: "CommandNotFound",
                desc: "Capabilities negotiation is already complete, command ignored".into(),
            });
        }
        let reply = match self.server.handler(name) {
            None => registry.call_reply(name, args)?,
            Some(Handler::Sync(handler)) => handler(args, &self.context())?,
            Some(Handler::Async(handler)) => {
                return Ok(Ran::Later {
                    reply: handler(args, self.context())?,
                    respond: meta.flags.success_response,
                })
            }
        };
        Ok(Ran::Now(meta.flags.success_response.then_some(reply)))
    }

    /// The context of a command this session runs now.
    fn context(&self) -> Context<S> {
        Context::new(Arc::clone(&self.server), self.id, self.oob)
    }

    /// `qmp_capabilities` before negotiation.
    fn negotiate(&mut self, args: Value) -> Result<Option<Reply>, CommandError> {
        let registry = self.server.registry();
        if let Some(meta) = registry.meta("qmp_capabilities") {
            (meta.check_args)(args.clone(), registry.lacks())?;
        }
        // Only 'oob' exists and is offered; the arguments were checked.
        let oob = args
            .get("enable")
            .and_then(Value::as_array)
            .is_some_and(|caps| caps.iter().any(|c| c == "oob"));
        self.negotiated = true;
        self.oob = oob;
        self.events = Some(self.server.subscribe(self.id));
        Ok(Some(Reply::Value(Value::Object(Map::new()))))
    }
}

/// Whether `message` asks for out-of-band execution, as QEMU tells when
/// it reads it: `exec-oob` without `execute` (a request with both is
/// queued, and rejected in turn).
fn is_oob(message: &Message) -> bool {
    matches!(message, Message::Value(QObject::Dict(request))
        if request.contains_key("exec-oob") && !request.contains_key("execute"))
}

/// QEMU's checks of a request's members, in QDict order: the command name
/// and whether it came as `exec-oob`.
fn check_request(
    request: &IndexMap<String, QObject>,
    allow_oob: bool,
) -> Result<(&str, bool), String> {
    let keys: Vec<&str> = request.keys().map(String::as_str).collect();
    let mut found = None;
    for index in qdict::order(keys.iter().copied()) {
        let key = keys[index];
        let value = &request[key];
        match key {
            "execute" | "exec-oob" if key == "execute" || allow_oob => {
                let QObject::String(name) = value else {
                    return Err(format!("QMP input member '{key}' must be a string"));
                };
                if found.is_some() {
                    return Err(format!("QMP input member '{key}' is unexpected"));
                }
                found = Some((name.as_str(), key == "exec-oob"));
            }
            "arguments" if !matches!(value, QObject::Dict(_)) => {
                return Err("QMP input member 'arguments' must be an object".into())
            }
            "arguments" | "id" => {}
            _ => return Err(format!("QMP input member '{key}' is unexpected")),
        }
    }
    found.ok_or_else(|| "QMP input lacks member 'execute'".to_owned())
}

fn id_member<'v>(id: Option<&'v QObject>) -> Option<impl Fn(&mut String) + 'v> {
    id.map(|id| move |out: &mut String| write_qobject(out, id))
}

fn return_line(id: Option<&QObject>, reply: &Reply) -> String {
    let mut out = String::new();
    let ret = |out: &mut String| match reply {
        Reply::Value(v) => write_value(out, v),
        Reply::Json(text) => out.push_str(text),
    };
    match id_member(id) {
        Some(id) => write_object(&mut out, &[("return", &ret), ("id", &id)]),
        None => write_object(&mut out, &[("return", &ret)]),
    }
    out.push_str("\r\n");
    out
}

fn error_line(id: Option<&QObject>, err: &CommandError) -> String {
    let mut out = String::new();
    let error = |out: &mut String| {
        write_object(
            out,
            &[
                ("class", &|o: &mut String| write_str(o, err.class)),
                ("desc", &|o: &mut String| write_str(o, &err.desc)),
            ],
        )
    };
    match id_member(id) {
        Some(id) => write_object(&mut out, &[("error", &error), ("id", &id)]),
        None => write_object(&mut out, &[("error", &error)]),
    }
    out.push_str("\r\n");
    out
}
