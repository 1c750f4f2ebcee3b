//! The connection: a reader task that routes replies to their calls and
//! events to their subscribers, a writer task that sends whole requests
//! in order (with the file descriptors some carry), and the calls between
//! them.

use std::collections::HashMap;
use std::io::Write as _;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use qapi_protocol::socket;
use qapi_runtime::codec::Path as ValuePath;
use qapi_runtime::meta::{CommandMeta, SchemaMeta};
use qapi_runtime::{Command, Decode, Lacks};
use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::net::UnixStream;
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::error::{Disconnect, Error, ErrorClass, QmpError};
use crate::events::{Events, RawEvent};
use crate::framing::Framer;
use crate::greeting::Greeting;
use crate::transport::{WriteEnd, MAX_FDS};

/// How to connect; [`Client::options`] starts from the defaults.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    oob: bool,
    max_message: usize,
    event_capacity: usize,
    schema: Option<&'static SchemaMeta>,
    events_from_start: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            oob: true,
            max_message: 10 << 20,
            event_capacity: 1024,
            schema: None,
            events_from_start: false,
        }
    }
}

impl Options {
    /// Whether to negotiate out-of-band execution when the server offers
    /// it (the default).
    pub fn oob(self, oob: bool) -> Options {
        Options { oob, ..self }
    }

    /// The longest message accepted from the server (10 MiB by default,
    /// as `qemu.qmp`'s); a longer one ends the connection.
    pub fn max_message(self, bytes: usize) -> Options {
        Options {
            max_message: bytes,
            ..self
        }
    }

    /// How many events a subscriber may fall behind before it misses some
    /// (1,024 by default).
    pub fn event_capacity(self, events: usize) -> Options {
        Options {
            event_capacity: events.max(1),
            ..self
        }
    }

    /// Whether to subscribe to events before negotiating, for
    /// [`Client::initial_events`]: none is missed, however soon after
    /// negotiation it comes (off by default: until taken, the
    /// subscription holds up to `event_capacity` events).
    pub fn events_from_start(self, yes: bool) -> Options {
        Options {
            events_from_start: yes,
            ..self
        }
    }

    /// The schema that [`Client::call`] checks arguments against before
    /// sending them (a generated `SCHEMA`).
    pub fn schema(self, schema: &'static SchemaMeta) -> Options {
        Options {
            schema: Some(schema),
            ..self
        }
    }

    /// Connects to the unix socket at `path`.  Calls over it can pass
    /// file descriptors ([`Client::execute_with_fds`]).
    pub async fn connect_unix(self, path: impl AsRef<Path>) -> Result<Client, Error> {
        let stream = UnixStream::connect(path).await.map_err(disconnected)?;
        self.connect_unix_stream(stream).await
    }

    /// Speaks QMP over a connected unix socket (one end of a socket pair,
    /// or a socket inherited): reads the greeting, then negotiates.  Calls
    /// over it can pass file descriptors ([`Client::execute_with_fds`]).
    pub async fn connect_unix_stream(self, stream: UnixStream) -> Result<Client, Error> {
        let socket = stream.into_std().map_err(disconnected)?;
        self.connect_socket(socket.into(), true).await
    }

    /// Connects over TCP to `address` (`HOST:PORT`).
    pub async fn connect_tcp(self, address: &str) -> Result<Client, Error> {
        let stream = tokio::net::TcpStream::connect(address)
            .await
            .map_err(disconnected)?;
        // Requests are small and each waits for its reply.
        stream.set_nodelay(true).map_err(disconnected)?;
        let socket = stream.into_std().map_err(disconnected)?;
        self.connect_socket(socket.into(), false).await
    }

    /// Speaks QMP over a connected, non-blocking socket: reads and writes
    /// go to the kernel directly (see [`socket`]).
    async fn connect_socket(self, socket: OwnedFd, unix: bool) -> Result<Client, Error> {
        let (read, write) = socket::split(socket).map_err(disconnected)?;
        self.start(read, WriteEnd::Socket { write, unix }).await
    }

    /// Speaks QMP over `stream`: reads the greeting, then negotiates.  A
    /// stream of any type carries bytes only: to pass file descriptors,
    /// connect with [`Options::connect_unix_stream`].
    pub async fn connect<S>(self, stream: S) -> Result<Client, Error>
    where
        S: AsyncRead + AsyncWrite + Send + 'static,
    {
        let (read, write) = tokio::io::split(stream);
        self.start(read, WriteEnd::Stream(Box::new(write))).await
    }

    /// Reads the greeting from `read`, starts the reader and writer tasks,
    /// and negotiates.
    async fn start<R>(self, mut read: R, write: WriteEnd) -> Result<Client, Error>
    where
        R: AsyncRead + Send + Unpin + 'static,
    {
        let mut framer = Framer::new(self.max_message);
        let mut buf = vec![0; READ_SIZE];
        let mut messages = Vec::new();
        let greeting = loop {
            if let Some(first) = messages.first() {
                break Greeting::parse(first).ok_or_else(|| {
                    Error::Handshake(format!("expected the server's greeting, got {first}"))
                })?;
            }
            let n = read.read(&mut buf).await.map_err(disconnected)?;
            if n == 0 {
                return Err(Error::Handshake(
                    "the server closed the connection before its greeting".into(),
                ));
            }
            framer
                .feed(&buf[..n], &mut messages)
                .map_err(|why| Error::Handshake(why.to_string()))?;
        };
        let (events, initial) = broadcast::channel(self.event_capacity);
        let initial = self.events_from_start.then_some(initial);
        let state = Arc::new(Mutex::new(State {
            pending: HashMap::new(),
            events: Some(events),
            closed: None,
        }));
        // Whatever came after the greeting in the same read.
        for message in messages.drain(1..) {
            dispatch(&state, message);
        }
        let (requests, queue) = mpsc::unbounded_channel();
        let passes_fds = write.passes_fds();
        tokio::spawn(write_loop(write, queue, state.clone()));
        let reader = tokio::spawn(read_loop(read, framer, buf, state.clone()));
        let oob = self.oob && greeting.offers_oob();
        let client = Client {
            shared: Arc::new(Shared {
                requests,
                state,
                next_id: AtomicU64::new(0),
                greeting,
                oob,
                schema: self.schema,
                reader: reader.abort_handle(),
                passes_fds,
                fd_calls: tokio::sync::Mutex::new(()),
                initial_events: Mutex::new(initial),
            }),
        };
        let enable = if oob {
            json!({"enable": ["oob"]})
        } else {
            json!({})
        };
        match client
            .request("execute", "qmp_capabilities", Some(&enable), Vec::new())
            .await
        {
            Ok(_) => Ok(client),
            Err(Error::Qmp(e)) => Err(Error::Handshake(e.to_string())),
            Err(e) => Err(e),
        }
    }
}

/// The error for a connection that failed at the transport.
fn disconnected(e: std::io::Error) -> Error {
    Error::Disconnected(Arc::new(Disconnect::Io(e)))
}

/// Bytes asked of the transport at a time.
const READ_SIZE: usize = 64 << 10;

/// A QMP client: one connection, shared by any number of tasks (clone it,
/// or share a reference).  Each call gets its own id and its own reply,
/// in whatever order replies come; dropping a call's future (a timeout)
/// leaves the connection as it was, and its reply is discarded when it
/// comes.  When the last clone is dropped the connection closes.
#[derive(Clone, Debug)]
pub struct Client {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// Whole requests, to the writer task.
    requests: mpsc::UnboundedSender<Outgoing>,
    state: Arc<Mutex<State>>,
    next_id: AtomicU64,
    greeting: Greeting,
    oob: bool,
    schema: Option<&'static SchemaMeta>,
    reader: tokio::task::AbortHandle,
    /// Whether the transport can pass file descriptors (a unix socket).
    passes_fds: bool,
    /// Held by a call with descriptors until its reply: QEMU keeps only
    /// the descriptors of the last message it read that carried some, and
    /// a second call's could replace the first's before the first command
    /// runs.
    fd_calls: tokio::sync::Mutex<()>,
    /// The subscription made before negotiating, until it is taken
    /// ([`Options::events_from_start`]).
    initial_events: Mutex<Option<broadcast::Receiver<Arc<RawEvent>>>>,
}

/// A whole request for the writer task, and the descriptors to send with
/// it (duplicates of the caller's, closed once sent).
#[derive(Debug)]
struct Outgoing {
    text: Vec<u8>,
    fds: Vec<OwnedFd>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        // The writer ends with the request queue; the reader must be told.
        self.reader.abort();
        State::close(&self.state, Disconnect::Dropped);
    }
}

/// What the reader, the writer and the calls share.
#[derive(Debug)]
pub(crate) struct State {
    /// Calls waiting for their reply, by id.
    pending: HashMap<u64, oneshot::Sender<Result<Value, Error>>>,
    /// Where events go; `None` once the connection is closed, which tells
    /// subscribers when they have read everything.
    events: Option<broadcast::Sender<Arc<RawEvent>>>,
    /// Why the connection ended, once it has.
    closed: Option<Arc<Disconnect>>,
}

impl State {
    /// The state, whoever held it last: no code panics while holding it.
    fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
        state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Ends the connection (the first reason stays): every pending call
    /// fails with the reason, and subscribers get what was sent before.
    fn close(state: &Mutex<State>, why: Disconnect) {
        let mut state = State::lock(state);
        let why = state.closed.get_or_insert_with(|| Arc::new(why)).clone();
        state.events = None;
        for (_, call) in state.pending.drain() {
            // A call that went away needs no answer.
            let _ = call.send(Err(Error::Disconnected(why.clone())));
        }
    }

    /// Why the connection ended.
    pub(crate) fn reason(state: &Mutex<State>) -> Arc<Disconnect> {
        let state = State::lock(state);
        state
            .closed
            .clone()
            .unwrap_or_else(|| Arc::new(Disconnect::Dropped))
    }
}

/// Reads messages until the connection ends, and routes them.
async fn read_loop<R: AsyncRead + Unpin>(
    mut read: R,
    mut framer: Framer,
    mut buf: Vec<u8>,
    state: Arc<Mutex<State>>,
) {
    let mut messages = Vec::new();
    let why = loop {
        let n = match read.read(&mut buf).await {
            Ok(0) => break Disconnect::Closed,
            Ok(n) => n,
            Err(e) => break Disconnect::Io(e),
        };
        let fed = framer.feed(&buf[..n], &mut messages);
        for message in messages.drain(..) {
            dispatch(&state, message);
        }
        if let Err(why) = fed {
            break why;
        }
    };
    State::close(&state, why);
}

/// Sends requests in the order they were queued, several per write when
/// they pile up; a request with descriptors goes alone, in a write of its
/// own that carries them.
async fn write_loop(
    mut write: WriteEnd,
    mut queue: mpsc::UnboundedReceiver<Outgoing>,
    state: Arc<Mutex<State>>,
) {
    let mut held = None;
    loop {
        let next = match held.take() {
            Some(next) => next,
            None => match queue.recv().await {
                Some(next) => next,
                None => break,
            },
        };
        let sent = if next.fds.is_empty() {
            let (batch, after) = batch(next.text, &mut queue);
            held = after;
            write.write_all(&batch).await
        } else {
            write.send_with_fds(&next.text, &next.fds).await
        };
        if let Err(e) = sent {
            State::close(&state, Disconnect::Io(e));
            return;
        }
    }
    // Every client is gone: say so to the server.
    let _ = write.shutdown().await;
}

/// `first` and the requests queued behind it, up to one with descriptors,
/// which is given back: it must not be merged, since QEMU gives a command
/// the descriptors that came with the bytes read with them.
fn batch(
    mut first: Vec<u8>,
    queue: &mut mpsc::UnboundedReceiver<Outgoing>,
) -> (Vec<u8>, Option<Outgoing>) {
    while let Ok(more) = queue.try_recv() {
        if !more.fds.is_empty() {
            return (first, Some(more));
        }
        first.extend_from_slice(&more.text);
    }
    (first, None)
}

/// Hands a reply to its call, or an event to the subscribers.  A reply
/// that no call waits for (its call was dropped, or it has an id this
/// client never sent) is discarded.
fn dispatch(state: &Mutex<State>, message: Value) {
    if message.get("event").is_some() {
        if let Some(event) = RawEvent::parse(message) {
            if let Some(events) = &State::lock(state).events {
                // No subscriber is fine.
                let _ = events.send(Arc::new(event));
            }
        }
        return;
    }
    let Some(id) = message.get("id").and_then(Value::as_u64) else {
        return;
    };
    let call = State::lock(state).pending.remove(&id);
    if let Some(call) = call {
        // The call may have gone away meanwhile.
        let _ = call.send(reply(message));
    }
}

/// A reply's result.
fn reply(mut message: Value) -> Result<Value, Error> {
    // Taken out, not copied: a reply may be large (`query-qmp-schema`).
    if let Some(value) = message.as_object_mut().and_then(|o| o.remove("return")) {
        return Ok(value);
    }
    let error = message.get("error");
    let text = |key: &str| error.and_then(|e| e.get(key)).and_then(Value::as_str);
    match (text("class"), text("desc")) {
        (Some(class), Some(desc)) => Err(Error::Qmp(QmpError {
            class: ErrorClass::from_name(class),
            desc: desc.to_owned(),
        })),
        _ => Err(Error::Malformed(format!(
            "a reply with neither a return value nor an error: {message}"
        ))),
    }
}

/// Takes a call's id out of the pending table when the call ends, however
/// it ends: dropped before its reply, the reply is discarded.
struct Waiting<'s> {
    state: &'s Mutex<State>,
    id: u64,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        State::lock(self.state).pending.remove(&self.id);
    }
}

impl Client {
    /// The defaults, to change before connecting.
    pub fn options() -> Options {
        Options::default()
    }

    /// Connects to the unix socket at `path` with the default options.
    pub async fn connect_unix(path: impl AsRef<Path>) -> Result<Client, Error> {
        Options::default().connect_unix(path).await
    }

    /// Connects over TCP to `address` with the default options.
    pub async fn connect_tcp(address: &str) -> Result<Client, Error> {
        Options::default().connect_tcp(address).await
    }

    /// The server's greeting.
    pub fn greeting(&self) -> &Greeting {
        &self.shared.greeting
    }

    /// Whether out-of-band execution was negotiated.
    pub fn oob(&self) -> bool {
        self.shared.oob
    }

    /// Why the connection ended, if it has.
    pub fn closed(&self) -> Option<Arc<Disconnect>> {
        State::lock(&self.shared.state).closed.clone()
    }

    /// The subscription made before negotiating, with every event since,
    /// if the client was connected with [`Options::events_from_start`];
    /// the first call takes it, and later ones get `None`.
    pub fn initial_events(&self) -> Option<Events> {
        let receiver = (self.shared.initial_events.lock())
            .unwrap_or_else(PoisonError::into_inner)
            .take()?;
        Some(Events {
            receiver,
            state: self.shared.state.clone(),
        })
    }

    /// A subscription to the events that come from now on.
    pub fn events(&self) -> Events {
        let state = State::lock(&self.shared.state);
        let receiver = match &state.events {
            Some(events) => events.subscribe(),
            // Closed: a channel with no sender ends at once.
            None => broadcast::channel(1).1,
        };
        Events {
            receiver,
            state: self.shared.state.clone(),
        }
    }

    /// Executes `command` and decodes what it returns.  Members the schema
    /// lacks are ignored: the server may be newer.
    pub async fn execute<C: Command>(&self, command: &C) -> Result<C::Ret, Error> {
        self.run(command, "execute", Vec::new()).await
    }

    /// Executes `command` with file descriptors `fds` passed along, as
    /// `getfd` and `add-fd` want them: the request goes out alone, in one
    /// `sendmsg` whose ancillary data (`SCM_RIGHTS`) holds the
    /// descriptors.  The caller keeps its descriptors: duplicates are
    /// sent.  Only a unix socket passes descriptors; over another
    /// transport this is [`Error::FdPassing`], and nothing is sent.
    ///
    /// Calls with descriptors on one connection run one at a time, each
    /// until its reply: QEMU keeps only the descriptors of the last
    /// message that brought some, so a second call's could take the
    /// place of the first's.
    pub async fn execute_with_fds<C: Command>(
        &self,
        command: &C,
        fds: &[BorrowedFd<'_>],
    ) -> Result<C::Ret, Error> {
        let fds = self.duplicate(fds)?;
        let _one_at_a_time = self.shared.fd_calls.lock().await;
        self.run(command, "execute", fds).await
    }

    /// Executes `command` out of band: its reply may overtake in-band ones.
    /// The command's schema must allow it, and the server must have
    /// offered `oob` (negotiated unless [`Options::oob`] said not to).
    pub async fn execute_oob<C: Command>(&self, command: &C) -> Result<C::Ret, Error> {
        if !C::META.flags.allow_oob {
            return Err(Error::NoOob(format!(
                "command {} does not allow out-of-band execution",
                C::NAME
            )));
        }
        if !self.shared.oob {
            return Err(Error::NoOob(
                "out-of-band execution was not negotiated".into(),
            ));
        }
        self.run(command, "exec-oob", Vec::new()).await
    }

    async fn run<C: Command>(
        &self,
        command: &C,
        key: &str,
        fds: Vec<OwnedFd>,
    ) -> Result<C::Ret, Error> {
        let value = if C::META.flags.success_response {
            self.request(key, C::NAME, Some(command), fds).await?
        } else {
            // The server sends no reply: sent is done.
            self.send(key, C::NAME, Some(command), fds)?;
            json!({})
        };
        C::Ret::decode_for(value, &ValuePath::Root, Lacks::tolerant()).map_err(|error| {
            Error::Decode {
                command: C::NAME.to_owned(),
                error,
            }
        })
    }

    /// Executes command `name` with `arguments` (a JSON object), and gives
    /// what it returns as JSON.  With a schema ([`Options::schema`]), a
    /// command it has gets its arguments checked first, and rejected with
    /// the error QEMU would give; a command it lacks goes to the server
    /// unchecked (the server may be newer).
    pub async fn call(&self, name: &str, arguments: Value) -> Result<Value, Error> {
        self.call_passing(name, arguments, Vec::new()).await
    }

    /// [`Client::call`] with file descriptors `fds` passed along, as
    /// [`Client::execute_with_fds`] passes them.
    pub async fn call_with_fds(
        &self,
        name: &str,
        arguments: Value,
        fds: &[BorrowedFd<'_>],
    ) -> Result<Value, Error> {
        let fds = self.duplicate(fds)?;
        let _one_at_a_time = self.shared.fd_calls.lock().await;
        self.call_passing(name, arguments, fds).await
    }

    /// [`Client::call`], sending `fds` with the request.
    async fn call_passing(
        &self,
        name: &str,
        arguments: Value,
        fds: Vec<OwnedFd>,
    ) -> Result<Value, Error> {
        let meta = match self.shared.schema {
            Some(schema) => check_arguments(schema, name, &arguments)?,
            None => None,
        };
        if let Some(meta) = meta {
            if !meta.flags.success_response {
                self.send("execute", name, Some(&arguments), fds)?;
                return Ok(json!({}));
            }
        }
        self.request("execute", name, Some(&arguments), fds).await
    }

    /// Duplicates the caller's descriptors, to be sent with a request
    /// whenever the writer task gets to it, or refuses them with why.
    fn duplicate(&self, fds: &[BorrowedFd<'_>]) -> Result<Vec<OwnedFd>, Error> {
        if !self.shared.passes_fds {
            return Err(Error::FdPassing(
                "file descriptors can only be passed over a unix socket \
                 (connect with connect_unix or connect_unix_stream)"
                    .into(),
            ));
        }
        if fds.len() > MAX_FDS {
            return Err(Error::FdPassing(format!(
                "{} file descriptors in one call, more than the {MAX_FDS} a message can carry",
                fds.len()
            )));
        }
        fds.iter()
            .map(|fd| {
                fd.try_clone_to_owned().map_err(|e| {
                    Error::FdPassing(format!("cannot duplicate file descriptor {fd:?}: {e}"))
                })
            })
            .collect()
    }

    /// Sends a request whose reply nobody waits for (the command sends
    /// none).
    fn send<A: Serialize + ?Sized>(
        &self,
        key: &str,
        name: &str,
        arguments: Option<&A>,
        fds: Vec<OwnedFd>,
    ) -> Result<(), Error> {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let text = encode(key, name, arguments, id)?;
        self.queue(Outgoing { text, fds })
    }

    /// Sends a request and waits for its reply.
    async fn request<A: Serialize + ?Sized>(
        &self,
        key: &str,
        name: &str,
        arguments: Option<&A>,
        fds: Vec<OwnedFd>,
    ) -> Result<Value, Error> {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let text = encode(key, name, arguments, id)?;
        let state = &*self.shared.state;
        let (reply, result) = oneshot::channel();
        {
            let mut locked = State::lock(state);
            if let Some(why) = &locked.closed {
                return Err(Error::Disconnected(why.clone()));
            }
            // Registered before it is sent, so that no reply is early.
            locked.pending.insert(id, reply);
        }
        let _waiting = Waiting { state, id };
        self.queue(Outgoing { text, fds })?;
        match result.await {
            Ok(result) => result,
            // Closing fails every call first; this is only for safety.
            Err(_) => Err(Error::Disconnected(State::reason(state))),
        }
    }

    /// Hands a whole request to the writer task: a call dropped later
    /// cannot leave half a request on the wire.
    fn queue(&self, request: Outgoing) -> Result<(), Error> {
        self.shared
            .requests
            .send(request)
            .map_err(|_| Error::Disconnected(State::reason(&self.shared.state)))
    }
}

/// Checks the arguments of command `name` against `schema` as QEMU does,
/// rejecting them with the error QEMU would give, and gives the command's
/// metadata; `None` for a command the schema lacks, which only the server
/// can judge (it may be newer).
pub fn check_arguments<'s>(
    schema: &'s SchemaMeta,
    name: &str,
    arguments: &Value,
) -> Result<Option<&'s CommandMeta>, QmpError> {
    let Some(meta) = schema.commands.iter().find(|c| c.name == name) else {
        return Ok(None);
    };
    (meta.check_args)(arguments.clone(), Lacks::none()).map_err(|e| QmpError {
        class: ErrorClass::GenericError,
        desc: e.to_string(),
    })?;
    Ok(Some(meta))
}

/// A request as one line: `{"execute": NAME, "arguments": ..., "id": ID}`.
fn encode<A: Serialize + ?Sized>(
    key: &str,
    name: &str,
    arguments: Option<&A>,
    id: u64,
) -> Result<Vec<u8>, Error> {
    let mut text = Vec::with_capacity(64);
    // Writing to a vector cannot fail, and a string is always JSON.
    let _ = write!(text, "{{\"{key}\": ");
    let _ = serde_json::to_writer(&mut text, name);
    if let Some(arguments) = arguments {
        text.extend_from_slice(b", \"arguments\": ");
        serde_json::to_writer(&mut text, arguments).map_err(|e| {
            Error::Malformed(format!("the arguments of {name} have no JSON form: {e}"))
        })?;
    }
    let _ = writeln!(text, ", \"id\": {id}}}");
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::tests::{pipe, recv_fds};
    use std::io::Read as _;
    use std::os::fd::{AsFd, FromRawFd};
    use std::os::unix::net::UnixStream as StdUnixStream;

    /// A pair of connected `SOCK_SEQPACKET` sockets: each write is one
    /// record on the other side, so that the test sees how requests were
    /// grouped into writes.
    fn seqpacket_pair() -> (StdUnixStream, StdUnixStream) {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors socketpair writes.
        let ok = unsafe {
            libc::socketpair(
                libc::AF_UNIX,
                libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
                0,
                fds.as_mut_ptr(),
            )
        };
        assert_eq!(ok, 0, "socketpair: {}", std::io::Error::last_os_error());
        // SAFETY: socketpair succeeded: both descriptors are open and ours.
        unsafe {
            (
                StdUnixStream::from(OwnedFd::from_raw_fd(fds[0])),
                StdUnixStream::from(OwnedFd::from_raw_fd(fds[1])),
            )
        }
    }

    fn plain(text: &str) -> Outgoing {
        Outgoing {
            text: text.into(),
            fds: Vec::new(),
        }
    }

    #[tokio::test]
    async fn a_request_with_descriptors_goes_alone_and_the_rest_in_batches() {
        let (ours, peer) = seqpacket_pair();
        let (_read, write) = socket::split(ours.into()).expect("splits");
        let write = WriteEnd::Socket { write, unix: true };
        let (pipe_read, mut pipe_write) = pipe();
        pipe_write.write_all(b"passed").expect("writes");
        drop(pipe_write);
        let (requests, queue) = mpsc::unbounded_channel();
        // All queued before the writer runs, so that it could batch them.
        for request in [
            plain("a;"),
            plain("b;"),
            Outgoing {
                text: "c;".into(),
                fds: vec![pipe_read.into()],
            },
            plain("d;"),
            plain("e;"),
        ] {
            requests.send(request).expect("queued");
        }
        drop(requests);
        let state = Arc::new(Mutex::new(State {
            pending: HashMap::new(),
            events: None,
            closed: None,
        }));
        write_loop(write, queue, state.clone()).await;
        assert!(State::lock(&state).closed.is_none(), "every write went");

        let mut records = Vec::new();
        let mut buf = [0; 64];
        loop {
            let (n, fds) = recv_fds(peer.as_fd(), &mut buf);
            if n == 0 {
                break;
            }
            records.push((String::from_utf8_lossy(&buf[..n]).into_owned(), fds));
        }
        let texts: Vec<_> = records.iter().map(|(t, f)| (t.as_str(), f.len())).collect();
        assert_eq!(texts, [("a;b;", 0), ("c;", 1), ("d;e;", 0)]);
        let (_, mut fds) = records.swap_remove(1);
        let mut text = String::new();
        std::fs::File::from(fds.remove(0))
            .read_to_string(&mut text)
            .expect("reads what the pipe holds");
        assert_eq!(text, "passed");
    }

    /// The server's side of a socket pair, in a thread: reads requests
    /// (with what descriptors came), and writes lines.
    struct Peer {
        socket: StdUnixStream,
        buffered: Vec<u8>,
        fds: Vec<OwnedFd>,
    }

    impl Peer {
        fn request(&mut self) -> Value {
            loop {
                if let Some(end) = self.buffered.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = self.buffered.drain(..=end).collect();
                    return serde_json::from_slice(&line).expect("a request is JSON");
                }
                let mut buf = [0; 4096];
                let (n, fds) = recv_fds(self.socket.as_fd(), &mut buf);
                assert!(n > 0, "the client closed the connection");
                self.buffered.extend_from_slice(&buf[..n]);
                self.fds.extend(fds);
            }
        }

        fn send(&mut self, message: Value) {
            let text = message.to_string() + "\n";
            self.socket.write_all(text.as_bytes()).expect("writes");
        }
    }

    #[tokio::test]
    async fn calls_pass_descriptors_over_a_unix_socket() {
        let (ours, theirs) = StdUnixStream::pair().expect("a socket pair");
        ours.set_nonblocking(true).expect("non-blocking");
        let server = std::thread::spawn(move || {
            let mut peer = Peer {
                socket: theirs,
                buffered: Vec::new(),
                fds: Vec::new(),
            };
            peer.send(json!({"QMP": {
                "version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": ""},
                "capabilities": []
            }}));
            let negotiation = peer.request();
            peer.send(json!({"return": {}, "id": negotiation["id"]}));
            let getfd = peer.request();
            assert_eq!(getfd["execute"], "getfd");
            assert_eq!(getfd["arguments"], json!({"fdname": "log"}));
            assert_eq!(peer.fds.len(), 1, "one descriptor came with getfd");
            let mut text = String::new();
            std::fs::File::from(peer.fds.remove(0))
                .read_to_string(&mut text)
                .expect("reads");
            peer.send(json!({"return": {"read": text}, "id": getfd["id"]}));
        });
        let client = Options::default()
            .connect_unix_stream(UnixStream::from_std(ours).expect("registers"))
            .await
            .expect("connects");
        let (pipe_read, mut pipe_write) = pipe();
        pipe_write.write_all(b"hello").expect("writes");
        drop(pipe_write);
        let reply = client
            .call_with_fds("getfd", json!({"fdname": "log"}), &[pipe_read.as_fd()])
            .await
            .expect("answered");
        assert_eq!(reply, json!({"read": "hello"}));
        server.join().expect("the server saw it all");
        // The caller's descriptor is still its own, and open.
        pipe_read.metadata().expect("still open");
    }
}
