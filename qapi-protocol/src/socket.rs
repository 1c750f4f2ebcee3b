//! A connected stream socket (unix or TCP) on tokio, read and written
//! through the kernel directly, registered with the reactor only for what
//! it waits on.
//!
//! Tokio's socket types register for reading and writing at once.  Then
//! every time the peer reads what this side wrote, the socket has room
//! again and the reactor wakes for nothing: a QMP peer that waits for each
//! reply pays two more task switches per request on one core, and the
//! peer's `read` pays for the wake-up.  Here the reading end is registered
//! for reading alone, and the writing end is not registered at all until
//! the socket is full.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::unix::AsyncFd;
use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};

/// `send`'s flags: never block, and a peer gone away is an error
/// (`EPIPE`), not a `SIGPIPE` that would kill a program that did not
/// ignore it.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub const SEND_FLAGS: libc::c_int = libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT;
/// `send`'s flags: never block.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub const SEND_FLAGS: libc::c_int = libc::MSG_DONTWAIT;

/// Splits a connected stream socket into its reading and writing ends
/// (the writing end holds a duplicate of the descriptor).  Must be called
/// within a tokio runtime.
pub fn split(socket: OwnedFd) -> io::Result<(SocketRead, SocketWrite)> {
    let write = SocketWrite {
        socket: socket.try_clone()?,
        waiting: None,
    };
    let read = SocketRead(register(socket, Interest::READABLE)?);
    Ok((read, write))
}

/// The reading end, registered with the reactor for reading alone.
#[derive(Debug)]
pub struct SocketRead(AsyncFd<OwnedFd>);

impl AsyncRead for SocketRead {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            let mut ready = ready!(self.0.poll_read_ready(cx))?;
            let unfilled = buf.initialize_unfilled();
            let len = unfilled.len();
            match ready.try_io(|socket| recv(socket.as_fd(), unfilled)) {
                Ok(Ok(n)) => {
                    // A short read emptied the socket: wait for the next
                    // edge instead of reading again only to hear EAGAIN.
                    if n > 0 && n < len {
                        ready.clear_ready();
                    }
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Ok(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                Ok(Err(e)) => return Poll::Ready(Err(e)),
                // EAGAIN: `try_io` cleared the readiness; wait again.
                Err(_) => continue,
            }
        }
    }
}

/// The writing end, registered with the reactor only while the socket is
/// full.
#[derive(Debug)]
pub struct SocketWrite {
    socket: OwnedFd,
    /// A duplicate registered for writing, while waiting for room.
    /// Dropping it deregisters it.
    waiting: Option<AsyncFd<OwnedFd>>,
}

impl SocketWrite {
    /// Runs `op`, one non-blocking write to the socket, until it does not
    /// fail with `EAGAIN` or `EINTR`, waiting for room in between: for
    /// writes `AsyncWrite` cannot express (descriptors with `sendmsg`).
    pub fn poll_op<T>(
        &mut self,
        cx: &mut Context<'_>,
        mut op: impl FnMut(BorrowedFd<'_>) -> io::Result<T>,
    ) -> Poll<io::Result<T>> {
        loop {
            match op(self.socket.as_fd()) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if self.waiting.is_none() {
                        self.waiting =
                            Some(register(self.socket.try_clone()?, Interest::WRITABLE)?);
                    }
                    let Some(waiting) = &self.waiting else {
                        continue;
                    };
                    ready!(waiting.poll_write_ready(cx))?.clear_ready();
                }
                done => {
                    self.waiting = None;
                    return Poll::Ready(done);
                }
            }
        }
    }

    /// [`SocketWrite::poll_op`] as a future.
    pub async fn op<T>(
        &mut self,
        mut op: impl FnMut(BorrowedFd<'_>) -> io::Result<T>,
    ) -> io::Result<T> {
        std::future::poll_fn(|cx| self.poll_op(cx, &mut op)).await
    }
}

impl AsyncWrite for SocketWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().poll_op(cx, |socket| send(socket, buf))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Shuts the socket down for writing: the peer reads the end.
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // SAFETY: the descriptor is open: `self` owns it.
        let done = unsafe { libc::shutdown(self.socket.as_raw_fd(), libc::SHUT_WR) };
        Poll::Ready(if done == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        })
    }
}

/// Registers `socket` with the reactor for `interest`.
fn register(socket: OwnedFd, interest: Interest) -> io::Result<AsyncFd<OwnedFd>> {
    // SAFETY: an `OwnedFd` is an open descriptor, and the `AsyncFd` owns
    // it: it stays open, on the same file, as long as it is registered.
    unsafe { AsyncFd::register_with_interest(socket, interest) }.map_err(io::Error::from)
}

/// One `recv(2)` that does not block.
fn recv(socket: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: `buf` is live and writable for its length.
    let n = unsafe {
        libc::recv(
            socket.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            libc::MSG_DONTWAIT,
        )
    };
    usize::try_from(n).map_err(|_| io::Error::last_os_error())
}

/// One `send(2)` that does not block.
fn send(socket: BorrowedFd<'_>, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: `buf` is live and readable for its length.
    let n = unsafe {
        libc::send(
            socket.as_raw_fd(),
            buf.as_ptr().cast(),
            buf.len(),
            SEND_FLAGS,
        )
    };
    usize::try_from(n).map_err(|_| io::Error::last_os_error())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// More than a socket's buffer goes through (`EAGAIN` and waiting for
    /// room on the way), and both directions work.
    #[tokio::test]
    async fn a_long_write_waits_for_room_and_arrives_whole() {
        let (ours, mut peer) = UnixStream::pair().expect("a socket pair");
        let (mut read, mut write) = split(ours.into()).expect("splits");
        let want: Vec<u8> = (0..4 << 20).map(|i| (i % 251) as u8).collect();
        let len = want.len();
        let reader = std::thread::spawn(move || {
            let mut got = vec![0; len];
            peer.read_exact(&mut got).expect("reads");
            peer.write_all(b"thanks").expect("answers");
            (got, peer)
        });
        write.write_all(&want).await.expect("writes");
        assert!(write.waiting.is_none(), "registered only while full");
        let mut answer = [0; 6];
        read.read_exact(&mut answer).await.expect("reads");
        assert_eq!(&answer, b"thanks");
        let (got, _peer) = reader.join().expect("joins");
        assert!(got == want, "the bytes arrive unchanged");
        write.shutdown().await.expect("shuts down");
    }
}
