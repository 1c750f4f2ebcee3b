//! A command whose handler is async: the session hands it to its transport
//! as a [`Job`] to run, and takes back what it gives, a [`Done`].

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::service::Pending;
use crate::dispatch::{CommandError, Reply};
use qapi_protocol::QObject;

/// A running command.  Await it (it is `Send`: a transport may poll it
/// on its own task) and give what it yields to
/// [`Session::finish`](super::Session::finish).  Dropping it cancels the
/// command.
pub struct Job {
    reply: Pending,
    /// The request's `id`, moved into the [`Done`].
    id: Option<QObject>,
    in_band: bool,
    /// The command answers on success (QAPI's `success-response`).
    respond: bool,
}

/// A finished command, for [`Session::finish`](super::Session::finish).
pub struct Done {
    pub(crate) id: Option<QObject>,
    pub(crate) in_band: bool,
    pub(crate) respond: bool,
    pub(crate) result: Result<Reply, CommandError>,
}

impl Job {
    pub(crate) fn new(reply: Pending, id: Option<QObject>, in_band: bool, respond: bool) -> Job {
        Job {
            reply,
            id,
            in_band,
            respond,
        }
    }

    /// Whether the command came in band (`execute`), not out of band.
    pub fn in_band(&self) -> bool {
        self.in_band
    }
}

impl Future for Job {
    type Output = Done;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Done> {
        let result = std::task::ready!(self.reply.as_mut().poll(cx));
        Poll::Ready(Done {
            id: self.id.take(),
            in_band: self.in_band,
            respond: self.respond,
            result,
        })
    }
}
