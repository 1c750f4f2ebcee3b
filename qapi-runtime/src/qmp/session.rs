//! A QMP monitor's logic, transport-free: bytes in, reply and event lines
//! out, as QEMU's monitor behaves.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use indexmap::IndexMap;
use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, Notify};

use crate::dispatch::{CommandError, Registry, Reply};
use crate::NotInTarget;
use qapi_protocol::write::{write_object, write_qobject, write_str, write_value};
use qapi_protocol::{qdict, JsonStream, Message, QObject};

/// What QEMU answers while capabilities are being negotiated.
const NEGOTIATION_FIRST: &str = "Expecting capabilities negotiation with 'qmp_capabilities'";

/// A QMP event, ready to send.
#[derive(Clone, Debug)]
pub struct Event {
    /// The event's line, `\r\n` included.
    pub line: Arc<str>,
}

/// What every session of one server shares: the commands, the greeting,
/// the event channel and the shutdown flag.
pub struct Server {
    registry: Registry,
    greeting: String,
    /// One channel per negotiated session: waiting on one costs no lock.
    subscribers: Mutex<Vec<mpsc::UnboundedSender<Event>>>,
    shutting_down: AtomicBool,
    shutdown: Notify,
}

/// How many bytes of reply lines [`Session::output`] makes at a time.
const OUTPUT_CHUNK: usize = 64 * 1024;

/// What a session produced for the transport.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Lines to send, each ending in `\r\n`.
    pub text: String,
    /// The session is over (after `quit`): close the connection.
    pub close: bool,
}

impl Server {
    /// A server with the commands of `registry`, greeting with `version`
    /// (a `VersionInfo` value).
    pub fn new(registry: Registry, version: Value) -> Arc<Server> {
        let mut greeting = String::new();
        write_value(
            &mut greeting,
            &json!({"QMP": {"version": version, "capabilities": ["oob"]}}),
        );
        greeting.push_str("\r\n");
        Arc::new(Server {
            registry,
            greeting,
            subscribers: Mutex::new(Vec::new()),
            shutting_down: AtomicBool::new(false),
            shutdown: Notify::new(),
        })
    }

    /// The commands.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The greeting line every new connection gets.
    pub fn greeting(&self) -> &str {
        &self.greeting
    }

    /// Sends an event to every negotiated session.
    pub fn emit(&self, name: &str, data: Option<Value>) {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let timestamp = json!({"seconds": since.as_secs(), "microseconds": since.subsec_micros()});
        let mut event = Map::new();
        event.insert("event".into(), Value::String(name.into()));
        event.insert("timestamp".into(), timestamp);
        if let Some(data) = data {
            event.insert("data".into(), data);
        }
        let mut line = String::new();
        write_value(&mut line, &Value::Object(event));
        line.push_str("\r\n");
        let event = Event { line: line.into() };
        // A session that ended has dropped its receiver: forget it.
        self.subscribers().retain(|s| s.send(event.clone()).is_ok());
    }

    fn subscribers(&self) -> std::sync::MutexGuard<'_, Vec<mpsc::UnboundedSender<Event>>> {
        // A panic elsewhere cannot leave the list inconsistent.
        self.subscribers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn subscribe(&self) -> mpsc::UnboundedReceiver<Event> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.subscribers().push(tx);
        rx
    }

    /// Sends a typed event, if the registry's target set has it and all it
    /// holds: an event no binary of the set could send is not sent.
    pub fn emit_event<E: crate::Event>(&self, event: &E) -> Result<(), NotInTarget> {
        let lacks = self.registry.lacks();
        if lacks.lacks_event(E::NAME) {
            return Err(NotInTarget(format!("This target has no event {}", E::NAME)));
        }
        let data = if E::META.has_data {
            let data = crate::to_json(event).ok_or_else(|| {
                NotInTarget(format!("The event {} cannot be written as JSON", E::NAME))
            })?;
            if E::META.conditional_data && !lacks.is_empty() {
                lacks.check::<E>(&format!("event {}", E::NAME), &data)?;
            }
            Some(data)
        } else {
            None
        };
        self.emit(E::NAME, data);
        Ok(())
    }

    /// Asks every session and transport to end (as after `quit`).
    pub fn shut_down(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
        self.shutdown.notify_waiters();
    }

    /// Whether the server is shutting down.
    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::SeqCst)
    }

    /// Waits until the server shuts down.
    pub async fn shut_down_notified(&self) {
        let notified = self.shutdown.notified();
        if !self.is_shutting_down() {
            notified.await;
        }
    }

    /// A new session (a new connection).
    pub fn session(self: &Arc<Self>) -> Session {
        Session {
            server: Arc::clone(self),
            stream: JsonStream::new(),
            queue: VecDeque::new(),
            negotiated: false,
            oob: false,
            events: None,
            closed: false,
        }
    }
}

/// One client's session.
pub struct Session {
    server: Arc<Server>,
    stream: JsonStream,
    /// Messages read but not handled yet.
    queue: VecDeque<Message>,
    negotiated: bool,
    oob: bool,
    events: Option<mpsc::UnboundedReceiver<Event>>,
    closed: bool,
}

impl Session {
    /// Feeds input bytes; gives all the lines to send.  A transport uses
    /// [`Session::input`] and [`Session::output`] instead, which bound the
    /// output held at a time.
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
        self.queue.extend(messages);
    }

    /// Handles waiting requests until their lines reach 64 KiB (or one
    /// reply, if it is larger), and gives those lines;
    /// `None` when no request waits.  Lines are made only as the transport
    /// asks for them, so a client that sends many requests and reads no
    /// reply holds one chunk of replies, not all of them.
    pub fn output(&mut self) -> Option<Output> {
        if self.queue.is_empty() {
            return None;
        }
        let mut out = Output::default();
        while out.text.len() < OUTPUT_CHUNK && !self.closed {
            let Some(message) = self.queue.pop_front() else {
                break;
            };
            let reply = match message {
                Message::Error(desc) => Some(error_line(None, &CommandError::generic(desc))),
                Message::Value(request) => self.dispatch(request),
            };
            out.text.push_str(&self.pending_events());
            if let Some(reply) = reply {
                out.text.push_str(&reply);
            }
            if self.server.is_shutting_down() {
                self.closed = true;
            }
        }
        if self.closed {
            // Nothing after `quit` is handled.
            self.queue.clear();
        }
        out.close = self.closed;
        Some(out)
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
                self.negotiate(args)
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
            Ok(None) => None,
            Ok(Some(reply)) => Some(return_line(id, &reply)),
            Err(e) => Some(error_line(id, &e)),
        }
    }

    fn run(&mut self, name: &str, oob: bool, args: Value) -> Result<Option<Reply>, CommandError> {
        let registry = &self.server.registry;
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
        let reply = registry.call_reply(name, args)?;
        Ok(meta.flags.success_response.then_some(reply))
    }

    /// `qmp_capabilities` before negotiation.
    fn negotiate(&mut self, args: Value) -> Result<Option<Reply>, CommandError> {
        let registry = &self.server.registry;
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
        self.events = Some(self.server.subscribe());
        Ok(Some(Reply::Value(Value::Object(Map::new()))))
    }
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
