//! Where requests go: any byte stream, or a unix socket, the one transport
//! that can carry file descriptors along with a request (`SCM_RIGHTS`).

use std::io;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::ptr;

use qapi_protocol::socket::{SocketWrite, SEND_FLAGS};
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// The most descriptors one message may carry: Linux's `SCM_MAX_FD`.  More
/// make `sendmsg` fail, which would end the connection, so a call asking
/// for more is refused before anything is sent.
pub(crate) const MAX_FDS: usize = 253;

/// The writing end of a connection.
pub(crate) enum WriteEnd {
    /// A connected socket; a unix socket's can pass descriptors.
    Socket { write: SocketWrite, unix: bool },
    /// Any other stream (a pipe, an in-memory duplex): bytes only.
    Stream(Box<dyn AsyncWrite + Send + Unpin>),
}

impl WriteEnd {
    /// Whether descriptors can go along with a request.
    pub(crate) fn passes_fds(&self) -> bool {
        matches!(self, WriteEnd::Socket { unix: true, .. })
    }

    /// Writes all of `bytes`.
    pub(crate) async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            WriteEnd::Socket { write, .. } => write.write_all(bytes).await,
            WriteEnd::Stream(stream) => stream.write_all(bytes).await,
        }
    }

    /// Writes all of `bytes`, `fds` going with the first byte, as QEMU
    /// wants them: it takes the descriptors that came with the message
    /// that carries the command.
    pub(crate) async fn send_with_fds(&mut self, bytes: &[u8], fds: &[OwnedFd]) -> io::Result<()> {
        let WriteEnd::Socket { write, unix: true } = self else {
            // `Client` refuses such a call before queueing it.
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "file descriptors can only be passed over a unix socket",
            ));
        };
        if bytes.is_empty() {
            // Descriptors need at least one byte to travel with.
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "descriptors sent without bytes",
            ));
        }
        let sent = write.op(|socket| send_fds(socket, bytes, fds)).await?;
        // The descriptors went with the first byte: the rest are plain.
        write.write_all(&bytes[sent..]).await
    }

    /// Says to the server that no more requests come.
    pub(crate) async fn shutdown(&mut self) -> io::Result<()> {
        match self {
            WriteEnd::Socket { write, .. } => write.shutdown().await,
            WriteEnd::Stream(stream) => stream.shutdown().await,
        }
    }
}

/// One `sendmsg(2)` on `socket` of as much of `bytes` as fits, with `fds`
/// as `SCM_RIGHTS` ancillary data: how many bytes went (at least one, and
/// the descriptors with them), or the error (`WouldBlock` when the socket
/// is full and nothing went).
fn send_fds(socket: BorrowedFd<'_>, bytes: &[u8], fds: &[OwnedFd]) -> io::Result<usize> {
    let raw: Vec<RawFd> = fds.iter().map(AsRawFd::as_raw_fd).collect();
    let payload = mem::size_of_val(raw.as_slice());
    let payload = libc::c_uint::try_from(payload)
        .ok()
        .filter(|_| fds.len() <= MAX_FDS)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "too many descriptors"))?;
    // SAFETY: CMSG_SPACE only computes a size from its argument.
    let space = unsafe { libc::CMSG_SPACE(payload) } as usize;
    // u64s, so that the buffer is aligned as a `cmsghdr` must be.
    let mut control = vec![0u64; space.div_ceil(mem::size_of::<u64>())];
    let mut iov = libc::iovec {
        // sendmsg only reads through it: the pointer is `*mut` in the
        // type alone.
        iov_base: bytes.as_ptr().cast_mut().cast(),
        iov_len: bytes.len(),
    };
    // SAFETY: msghdr is plain data (integers and pointers), for which all
    // zeros is a valid value: no address, no buffers, no flags.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    // The field's integer type differs between C libraries.
    msg.msg_controllen = space as _;
    // SAFETY: `msg` points at a live control buffer of `space` bytes,
    // which CMSG_FIRSTHDR reads the length of and returns the start of
    // (or null, checked, were it too small).
    let header = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    if header.is_null() {
        return Err(io::Error::other("no room for the control message"));
    }
    // SAFETY: `header` points at the start of the zeroed, aligned control
    // buffer, which CMSG_SPACE sized for one header and `payload` bytes of
    // data: the header's fields and the `payload` bytes at CMSG_DATA are
    // inside it, and `raw` holds exactly `payload` bytes.  The buffers do
    // not overlap.
    unsafe {
        (*header).cmsg_level = libc::SOL_SOCKET;
        (*header).cmsg_type = libc::SCM_RIGHTS;
        (*header).cmsg_len = libc::CMSG_LEN(payload) as _;
        ptr::copy_nonoverlapping(
            raw.as_ptr().cast::<u8>(),
            libc::CMSG_DATA(header),
            payload as usize,
        );
    }
    // SAFETY: `msg` and everything it points at (`iov`, `bytes`,
    // `control`) live until the call returns, and the descriptors in the
    // control message are open: `fds` owns them.
    let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &msg, SEND_FLAGS) };
    // Negative is the one failure, with errno set.
    usize::try_from(sent).map_err(|_| io::Error::last_os_error())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::os::fd::AsFd;
    use std::os::unix::net::UnixStream as StdUnixStream;

    /// Receives up to `buf.len()` bytes from `socket` and the descriptors
    /// that came with them.
    pub(crate) fn recv_fds(socket: BorrowedFd<'_>, buf: &mut [u8]) -> (usize, Vec<OwnedFd>) {
        use std::os::fd::FromRawFd;
        let mut control = vec![0u64; 256];
        let mut iov = libc::iovec {
            iov_base: buf.as_mut_ptr().cast(),
            iov_len: buf.len(),
        };
        // SAFETY: msghdr is plain data; all zeros is a valid value.
        let mut msg: libc::msghdr = unsafe { mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = mem::size_of_val(control.as_slice()) as _;
        // SAFETY: `msg` points at live buffers of the sizes it says.
        let n = unsafe { libc::recvmsg(socket.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC) };
        let n = usize::try_from(n).expect("recvmsg succeeds");
        let mut fds = Vec::new();
        // SAFETY: the kernel filled the control buffer and set its length;
        // the CMSG_ macros walk it within that length.
        unsafe {
            let mut header = libc::CMSG_FIRSTHDR(&msg);
            while !header.is_null() {
                if (*header).cmsg_level == libc::SOL_SOCKET
                    && (*header).cmsg_type == libc::SCM_RIGHTS
                {
                    let data = libc::CMSG_DATA(header);
                    let len = (*header).cmsg_len as usize - libc::CMSG_LEN(0) as usize;
                    for i in 0..len / mem::size_of::<RawFd>() {
                        let fd = ptr::read_unaligned(data.cast::<RawFd>().add(i));
                        // The kernel gave us this descriptor: it is ours.
                        fds.push(OwnedFd::from_raw_fd(fd));
                    }
                }
                header = libc::CMSG_NXTHDR(&msg, header);
            }
        }
        (n, fds)
    }

    /// A pipe: its read end, its write end.
    pub(crate) fn pipe() -> (std::fs::File, std::fs::File) {
        use std::os::fd::FromRawFd;
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe writes.
        let ok = unsafe { libc::pipe(fds.as_mut_ptr()) };
        assert_eq!(ok, 0, "pipe: {}", io::Error::last_os_error());
        // SAFETY: pipe succeeded: both descriptors are open and ours.
        unsafe {
            (
                std::fs::File::from_raw_fd(fds[0]),
                std::fs::File::from_raw_fd(fds[1]),
            )
        }
    }

    /// A request whose bytes do not fit the socket's buffer goes in
    /// several writes (`EAGAIN` and partial writes on the way), the
    /// descriptor with the first bytes only, and arrives whole.
    #[tokio::test]
    async fn a_long_request_with_a_descriptor_arrives_whole() {
        let (ours, peer) = StdUnixStream::pair().expect("a socket pair");
        let (_read, write) = qapi_protocol::socket::split(ours.into()).expect("splits");
        let mut end = WriteEnd::Socket { write, unix: true };
        assert!(end.passes_fds());

        let (pipe_read, mut pipe_write) = pipe();
        pipe_write.write_all(b"through the pipe").expect("writes");
        drop(pipe_write);
        let request: Vec<u8> = (0..1 << 20).map(|i| b"0123456789"[i % 10]).collect();
        let want = request.clone();
        let receiver = std::thread::spawn(move || {
            let mut got = Vec::new();
            let mut fds = Vec::new();
            let mut buf = vec![0; 4096];
            while got.len() < want.len() {
                let (n, more) = recv_fds(peer.as_fd(), &mut buf);
                assert!(n > 0, "the connection ended early");
                if !more.is_empty() {
                    assert!(got.is_empty(), "the descriptor comes with the first bytes");
                }
                fds.extend(more);
                got.extend_from_slice(&buf[..n]);
            }
            assert!(got == want, "the bytes arrive unchanged");
            fds
        });
        end.send_with_fds(&request, &[pipe_read.into()])
            .await
            .expect("sends");
        let fds = receiver.join().expect("receives");
        assert_eq!(fds.len(), 1, "one descriptor");
        let mut text = String::new();
        std::fs::File::from(fds.into_iter().next().expect("one"))
            .read_to_string(&mut text)
            .expect("reads");
        assert_eq!(text, "through the pipe");
    }

    #[tokio::test]
    async fn a_byte_stream_passes_no_descriptors() {
        let (ours, _theirs) = tokio::io::duplex(64);
        let mut end = WriteEnd::Stream(Box::new(ours));
        assert!(!end.passes_fds());
        let (read, _write) = pipe();
        let err = end
            .send_with_fds(b"{}", &[read.into()])
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    }
}
