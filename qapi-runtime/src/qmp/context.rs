//! What a handler that asks for it gets besides its arguments: the session
//! calling it, the server, and the application's state.

use std::fmt;
use std::sync::Arc;

use super::Server;
use crate::NotInTarget;

/// A session's identity, unique within its server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(pub(crate) u64);

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "session {}", self.0)
    }
}

/// The context of one command's execution, given to handlers registered
/// with [`Service::register_with`](super::Service::register_with) or
/// [`Service::register_async`](super::Service::register_async).  Cheap to
/// clone; an async handler may keep it across awaits.
pub struct Context<S = ()> {
    server: Arc<Server<S>>,
    session: SessionId,
    oob: bool,
}

impl<S> Clone for Context<S> {
    fn clone(&self) -> Self {
        Context {
            server: Arc::clone(&self.server),
            session: self.session,
            oob: self.oob,
        }
    }
}

impl<S> Context<S> {
    pub(crate) fn new(server: Arc<Server<S>>, session: SessionId, oob: bool) -> Context<S> {
        Context {
            server,
            session,
            oob,
        }
    }

    /// The session that sent the command.
    pub fn session(&self) -> SessionId {
        self.session
    }

    /// Whether that session negotiated capability `oob`.
    pub fn oob(&self) -> bool {
        self.oob
    }

    /// The application's state.
    pub fn state(&self) -> &S {
        self.server.state()
    }

    /// The server, to emit events or shut down from a task that outlives
    /// the command.
    pub fn server(&self) -> &Arc<Server<S>> {
        &self.server
    }

    /// Sends a typed event to every negotiated session (see
    /// [`Server::emit_event`]).
    pub fn emit<E: crate::Event>(&self, event: &E) -> Result<(), NotInTarget> {
        self.server.emit_event(event)
    }

    /// Sends a typed event to the calling session alone.
    pub fn emit_here<E: crate::Event>(&self, event: &E) -> Result<(), NotInTarget> {
        self.server.emit_event_to(self.session, event).map(drop)
    }

    /// Shuts the server down, as `quit` does: every session closes once
    /// this command's reply is sent.
    pub fn shut_down(&self) {
        self.server.shut_down();
    }
}
