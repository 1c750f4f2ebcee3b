//! What every session of one server shares: the commands, the
//! application's state, the greeting, the event channels and the shutdown
//! flag.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, Notify};

use super::context::SessionId;
use super::service::{Handler, Service};
use super::session::Session;
use crate::dispatch::Registry;
use crate::NotInTarget;
use qapi_protocol::write::write_value;

/// A QMP event, ready to send.
#[derive(Clone, Debug)]
pub struct Event {
    /// The event's line, `\r\n` included.
    pub line: Arc<str>,
}

/// The event channel of one negotiated session.
struct Subscriber {
    session: SessionId,
    sender: mpsc::UnboundedSender<Event>,
}

/// A QMP server: what its sessions share.  `S` is the application's state,
/// which handlers taking a [`Context`](super::Context) see.
pub struct Server<S = ()> {
    service: Service<S>,
    greeting: String,
    /// One channel per negotiated session: waiting on one costs no lock.
    subscribers: Mutex<Vec<Subscriber>>,
    next_session: AtomicU64,
    shutting_down: AtomicBool,
    shutdown: Notify,
}

impl<S> Server<S> {
    /// A server with the commands of `service` (a [`Service`], or just a
    /// [`Registry`]), greeting with `version` (a `VersionInfo` value).
    pub fn new(service: impl Into<Service<S>>, version: Value) -> Arc<Server<S>> {
        let mut greeting = String::new();
        write_value(
            &mut greeting,
            &json!({"QMP": {"version": version, "capabilities": ["oob"]}}),
        );
        greeting.push_str("\r\n");
        Arc::new(Server {
            service: service.into(),
            greeting,
            subscribers: Mutex::new(Vec::new()),
            next_session: AtomicU64::new(1),
            shutting_down: AtomicBool::new(false),
            shutdown: Notify::new(),
        })
    }

    /// The commands.
    pub fn registry(&self) -> &Registry {
        self.service.registry()
    }

    /// The application's state.
    pub fn state(&self) -> &S {
        self.service.state()
    }

    /// The handler taking a context of command `name`, if it has one.
    pub(crate) fn handler(&self, name: &str) -> Option<&Handler<S>> {
        self.service.handler(name)
    }

    /// The greeting line every new connection gets.
    pub fn greeting(&self) -> &str {
        &self.greeting
    }

    /// Sends an event to every negotiated session.
    pub fn emit(&self, name: &str, data: Option<Value>) {
        let event = event_line(name, data);
        // A session that ended has dropped its receiver: forget it.
        self.subscribers()
            .retain(|s| s.sender.send(event.clone()).is_ok());
    }

    /// Sends an event to session `session` alone, if it is negotiated and
    /// still open; whether it was sent.
    pub fn emit_to(&self, session: SessionId, name: &str, data: Option<Value>) -> bool {
        let event = event_line(name, data);
        self.subscribers()
            .iter()
            .find(|s| s.session == session)
            .is_some_and(|s| s.sender.send(event).is_ok())
    }

    fn subscribers(&self) -> MutexGuard<'_, Vec<Subscriber>> {
        // A panic elsewhere cannot leave the list inconsistent.
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn subscribe(&self, session: SessionId) -> mpsc::UnboundedReceiver<Event> {
        let (sender, rx) = mpsc::unbounded_channel();
        self.subscribers().push(Subscriber { session, sender });
        rx
    }

    /// Sends a typed event to every negotiated session, if the registry's
    /// target set has it and all it holds: an event no binary of the set
    /// could send is not sent.
    pub fn emit_event<E: crate::Event>(&self, event: &E) -> Result<(), NotInTarget> {
        self.emit(E::NAME, self.event_data(event)?);
        Ok(())
    }

    /// Sends a typed event to session `session` alone, checked as
    /// [`Server::emit_event`] checks it; whether it was sent.
    pub fn emit_event_to<E: crate::Event>(
        &self,
        session: SessionId,
        event: &E,
    ) -> Result<bool, NotInTarget> {
        Ok(self.emit_to(session, E::NAME, self.event_data(event)?))
    }

    /// The `data` member of `event`, checked against the target set.
    fn event_data<E: crate::Event>(&self, event: &E) -> Result<Option<Value>, NotInTarget> {
        let lacks = self.registry().lacks();
        if lacks.lacks_event(E::NAME) {
            return Err(NotInTarget(format!("This target has no event {}", E::NAME)));
        }
        if !E::META.has_data {
            return Ok(None);
        }
        let data = crate::to_json(event).ok_or_else(|| {
            NotInTarget(format!("The event {} cannot be written as JSON", E::NAME))
        })?;
        if E::META.conditional_data && !lacks.is_empty() {
            lacks.check::<E>(&format!("event {}", E::NAME), &data)?;
        }
        Ok(Some(data))
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
    pub fn session(self: &Arc<Self>) -> Session<S> {
        let id = SessionId(self.next_session.fetch_add(1, Ordering::Relaxed));
        Session::new(Arc::clone(self), id)
    }
}

/// The line of event `name`, stamped with the time now.
fn event_line(name: &str, data: Option<Value>) -> Event {
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
    Event { line: line.into() }
}
