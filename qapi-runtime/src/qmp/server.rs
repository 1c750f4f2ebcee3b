//! Transports: QMP over unix sockets, TCP and standard input/output, any
//! number of clients at once, each with its own session.

use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::Arc;

use qapi_protocol::socket;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, UnixListener};

use super::running::Running;
use super::Server;

/// Serves one connection until the client leaves or the server shuts
/// down.  Errors of one connection never affect another.  Async handlers
/// run on the connection's task: a slow one holds up nothing but its own
/// session's later in-band requests.
pub async fn serve_connection<S, R, W>(
    server: Arc<Server<S>>,
    mut reader: R,
    mut writer: W,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut session = server.session();
    writer.write_all(server.greeting().as_bytes()).await?;
    writer.flush().await?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut jobs = Running::default();
    let mut end_of_input = false;
    // Made once: registering with the notifier on every request costs.
    let shutdown = server.shut_down_notified();
    tokio::pin!(shutdown);
    loop {
        // One chunk of replies at a time: writing it waits for the client
        // to read, which bounds what a client that never reads can make
        // the server hold.
        while let Some(output) = session.output() {
            writer.write_all(output.text.as_bytes()).await?;
            if output.close {
                writer.flush().await?;
                return Ok(());
            }
        }
        jobs.extend(session.take_jobs());
        writer.flush().await?;
        // At the end of input, once what was read is answered, QEMU drops
        // an incomplete message without a word.
        if end_of_input && jobs.is_empty() {
            return Ok(());
        }
        tokio::select! {
            biased;
            done = jobs.next(), if !jobs.is_empty() => session.finish(done),
            read = reader.read(&mut buf), if !end_of_input && session.wants_input() => {
                match read? {
                    0 => end_of_input = true,
                    n => session.input(&buf[..n]),
                }
            }
            event = session.next_event() => {
                let mut text = event.line.to_string();
                text.push_str(&session.pending_events());
                writer.write_all(text.as_bytes()).await?;
            }
            () = &mut shutdown => {
                // Another session asked to quit: say what is pending, close.
                let text = session.pending_events();
                writer.write_all(text.as_bytes()).await?;
                writer.flush().await?;
                return Ok(());
            }
        }
    }
}

/// Serves one accepted socket (see `qapi_protocol::socket` for why not
/// through tokio's socket types).
async fn serve_socket<S>(
    server: Arc<Server<S>>,
    socket: std::io::Result<OwnedFd>,
) -> std::io::Result<()> {
    let (read, write) = socket::split(socket?)?;
    serve_connection(server, read, write).await
}

/// Serves QMP on a unix socket at `path` until the server shuts down.
pub async fn serve_unix<S: Send + Sync + 'static>(
    server: Arc<Server<S>>,
    path: &Path,
) -> std::io::Result<()> {
    // A socket left by an earlier run would make binding fail.
    let _ = std::fs::remove_file(path);
    let listener = UnixListener::bind(path)?;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                let server = Arc::clone(&server);
                tokio::spawn(async move {
                    let _ = serve_socket(server, stream.into_std().map(OwnedFd::from)).await;
                });
            }
            () = server.shut_down_notified() => return Ok(()),
        }
    }
}

/// Serves QMP on TCP on `listener` until the server shuts down.  (The
/// caller binds it, and so knows the address, port 0 included.)
pub async fn serve_tcp<S: Send + Sync + 'static>(
    server: Arc<Server<S>>,
    listener: TcpListener,
) -> std::io::Result<()> {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                let _ = stream.set_nodelay(true);
                let server = Arc::clone(&server);
                tokio::spawn(async move {
                    let _ = serve_socket(server, stream.into_std().map(OwnedFd::from)).await;
                });
            }
            () = server.shut_down_notified() => return Ok(()),
        }
    }
}

/// Serves one session on standard input and output, until the end of
/// input or `quit`.
pub async fn serve_stdio<S>(server: Arc<Server<S>>) -> std::io::Result<()> {
    serve_connection(server, tokio::io::stdin(), tokio::io::stdout()).await
}
