//! The jobs of one connection in progress, polled on its own task: an
//! in-band command at most, and any out-of-band ones.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use super::job::{Done, Job};

/// Jobs polled together; few at a time, so each wake polls them all.
#[derive(Default)]
pub(crate) struct Running(Vec<Job>);

impl Running {
    pub(crate) fn extend(&mut self, jobs: impl Iterator<Item = Job>) {
        self.0.extend(jobs);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Waits for the first job to finish, and removes it.  Never ready
    /// while there is none.
    pub(crate) fn next(&mut self) -> impl Future<Output = Done> + '_ {
        std::future::poll_fn(move |cx| {
            for index in 0..self.0.len() {
                if let Poll::Ready(done) = Pin::new(&mut self.0[index]).poll(cx) {
                    self.0.swap_remove(index);
                    return Poll::Ready(done);
                }
            }
            Poll::Pending
        })
    }
}
