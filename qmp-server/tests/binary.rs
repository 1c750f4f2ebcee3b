//! The `qmp-server` binary as users run it: over stdio, and over a unix
//! socket with QEMU's own Python client.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use qapi_test_support::require;

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qmp-server"))
}

#[test]
fn stdio_session_ends_at_end_of_input() {
    let mut child = server()
        .args(["--target", "aarch64", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-target\"}\n")
        .expect("write");
    let out = child.wait_with_output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(
        lines[1..],
        ["{\"return\": {}}", "{\"return\": {\"arch\": \"aarch64\"}}"]
    );
}

#[test]
fn usage() {
    let out = server().arg("--list-targets").output().expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 30);
    let out = server()
        .args(["--target", "pdp11", "--stdio"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown target 'pdp11'"));
    assert_eq!(server().output().expect("runs").status.code(), Some(2));
}

fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no socket at {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn python_qemu_qmp_client() {
    let has_client = Command::new("python3")
        .args(["-c", "import qemu.qmp"])
        .status()
        .is_ok_and(|s| s.success());
    if !require("the Python package qemu.qmp", has_client) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("qmp-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let socket = dir.join("qmp.sock");
    let mut child = server()
        .args(["--target", "x86_64", "--socket"])
        .arg(&socket)
        .spawn()
        .expect("starts");
    wait_for(&socket);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/qmp_client.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&socket)
        .output()
        .expect("python runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "client failed: {stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "qemu.qmp client: ok"
    );
    // `quit` ends the server.
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success());
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server did not exit after quit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tcp_clients_each_negotiate() {
    use std::io::{BufRead, BufReader};
    use std::net::TcpStream;

    let port = 20000 + (std::process::id() % 20000) as u16;
    let addr = format!("127.0.0.1:{port}");
    let mut child = server()
        .args(["--target", "s390x", "--tcp", &addr])
        .spawn()
        .expect("starts");
    let connect =
        || qapi_test_support::retry(&addr, Duration::from_secs(10), || TcpStream::connect(&addr));
    let (first, second) = (connect(), connect());
    let lines = |stream: &TcpStream| BufReader::new(stream.try_clone().expect("clone"));
    let (mut r1, mut r2) = (lines(&first), lines(&second));
    let mut line = String::new();
    for reader in [&mut r1, &mut r2] {
        line.clear();
        reader.read_line(&mut line).expect("greeting");
        assert!(line.starts_with("{\"QMP\": "));
    }
    (&first)
        .write_all(b"{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-target\"}")
        .expect("send");
    (&second)
        .write_all(b"{\"execute\": \"query-target\"}")
        .expect("send");
    let read = |reader: &mut BufReader<TcpStream>| {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a reply");
        line
    };
    assert_eq!(read(&mut r1), "{\"return\": {}}\r\n");
    assert_eq!(read(&mut r1), "{\"return\": {\"arch\": \"s390x\"}}\r\n");
    // The second client has not negotiated: its session is its own.
    assert!(read(&mut r2).contains("Expecting capabilities negotiation"));
    (&first)
        .write_all(b"{\"execute\": \"quit\"}")
        .expect("send");
    assert!(read(&mut r1).contains("\"event\": \"SHUTDOWN\""));
    assert_eq!(read(&mut r1), "{\"return\": {}}\r\n");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server did not exit after quit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The server's resident memory, from `/proc`.
#[cfg(target_os = "linux")]
fn resident_bytes(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .expect("VmRSS");
    kb * 1024
}

/// A server for x86_64 on `qmp.sock` in a new temporary folder, which it
/// returns; the server is killed when the first value is dropped.
#[cfg(unix)]
fn serve_on_socket(tag: &str) -> (qapi_test_support::Killed, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("qmp-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let socket = dir.join("qmp.sock");
    let child = qapi_test_support::Killed(
        server()
            .args(["--target", "x86_64", "--socket"])
            .arg(&socket)
            .spawn()
            .expect("starts"),
    );
    wait_for(&socket);
    (child, dir)
}

/// A connection to the server at `socket`, its greeting read.
#[cfg(unix)]
fn connect(
    socket: &Path,
) -> (
    std::os::unix::net::UnixStream,
    std::io::BufReader<std::os::unix::net::UnixStream>,
) {
    use std::io::BufRead;
    let stream = std::os::unix::net::UnixStream::connect(socket).expect("connect");
    let mut reader = std::io::BufReader::new(stream.try_clone().expect("clone"));
    let mut greeting = String::new();
    reader.read_line(&mut greeting).expect("greeting");
    (stream, reader)
}

/// Clients that send many requests with large replies and read none make
/// the server hold one chunk of replies each, not all of them: 2,000
/// `query-qmp-schema` calls in 62 KB are 470 MB of replies.  Another
/// client is served meanwhile, and a flooding client that reads at last
/// gets every reply, in order.
#[test]
#[cfg(target_os = "linux")]
fn clients_that_do_not_read_cost_little_memory() {
    use std::io::BufRead;

    const CALLS: usize = 2000;
    const LIMIT: u64 = 100 << 20;
    let (child, dir) = serve_on_socket("flood");
    let connect = || connect(&dir.join("qmp.sock"));
    let flood = format!(
        "{{\"execute\": \"qmp_capabilities\"}}{}",
        "{\"execute\": \"query-qmp-schema\"}".repeat(CALLS)
    );
    let floods: Vec<_> = (0..2)
        .map(|_| {
            let (mut stream, reader) = connect();
            stream.write_all(flood.as_bytes()).expect("send");
            (stream, reader)
        })
        .collect();
    // Before the fix the first flood alone grew the server past 470 MB
    // within a second.
    let start = Instant::now();
    let mut peak = 0;
    while start.elapsed() < Duration::from_secs(3) {
        peak = peak.max(resident_bytes(child.0.id()));
        assert!(peak < LIMIT, "the server holds {peak} bytes");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (mut stream, mut reader) = connect();
    stream
        .write_all(b"{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-status\"}")
        .expect("send");
    let mut line = String::new();
    reader.read_line(&mut line).expect("reply");
    line.clear();
    reader.read_line(&mut line).expect("reply");
    assert!(
        line.starts_with("{\"return\": {\"status\": \"prelaunch\""),
        "{line}"
    );
    let (mut stream, mut reader) = floods.into_iter().next().expect("two floods");
    stream
        .write_all(b"{\"execute\": \"query-status\", \"id\": \"last\"}")
        .expect("send");
    let mut replies = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        reader.read_until(b'\n', &mut line).expect("reply");
        replies += 1;
        if line.ends_with(b"\"id\": \"last\"}\r\n") {
            break;
        }
        assert!(
            line.starts_with(b"{\"return\": "),
            "reply {replies} is no return"
        );
    }
    assert_eq!(replies, CALLS + 2);
    println!(
        "peak memory of the server under two floods: {} MB",
        peak >> 20
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A message the client never finishes holds its tokens in the server:
/// up to QEMU's limit of 2 Mi tokens, here a million short ones each, from
/// four clients.  They cost about their bytes and an index each (about
/// 20 MB a client), not an allocation per token (135 MB a client), and the
/// messages still parse when they end.
#[test]
#[cfg(target_os = "linux")]
fn unfinished_messages_cost_about_their_bytes() {
    use std::io::BufRead;

    const CLIENTS: usize = 4;
    const LIMIT: u64 = 200 << 20;
    let (child, dir) = serve_on_socket("tokens");
    let body = "0,".repeat((1 << 20) - 2);
    let mut clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (mut stream, reader) = connect(&dir.join("qmp.sock"));
            stream.write_all(b"[").expect("send");
            stream.write_all(body.as_bytes()).expect("send");
            (stream, reader)
        })
        .collect();
    // Each write returned once the server had read all but a socket
    // buffer of it; another client is served meanwhile, and a moment later
    // the server has read the rest.
    let (mut stream, mut reader) = connect(&dir.join("qmp.sock"));
    stream
        .write_all(b"{\"execute\": \"qmp_capabilities\"}")
        .expect("send");
    let mut line = String::new();
    reader.read_line(&mut line).expect("reply");
    std::thread::sleep(Duration::from_millis(500));
    let resident = resident_bytes(child.0.id());
    assert!(resident < LIMIT, "the server holds {resident} bytes");
    for (stream, reader) in &mut clients {
        stream.write_all(b"0]").expect("send");
        line.clear();
        reader.read_line(&mut line).expect("reply");
        assert_eq!(
            line,
            "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}\r\n"
        );
    }
    println!(
        "server with {CLIENTS} unfinished messages of 2 Mi tokens: {} MB",
        resident >> 20
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Arguments nested as deep as QMP allows (1,024 levels) are checked on
/// the server's worker threads, not a crash: QEMU's own reply, and the
/// server goes on.
#[test]
#[cfg(unix)]
fn the_deepest_arguments_are_answered() {
    use std::io::BufRead;

    let (_child, dir) = serve_on_socket("deep");
    let (mut stream, mut reader) = connect(&dir.join("qmp.sock"));
    let mut args = r#"{"driver": "qcow2", "node-name": "n", "file": 5}"#.to_owned();
    for _ in 0..1021 {
        args = format!(r#"{{"driver": "qcow2", "file": {args}}}"#);
    }
    let request = format!(
        "{{\"execute\": \"qmp_capabilities\"}}{{\"execute\": \"blockdev-add\", \"arguments\": {args}}}{{\"execute\": \"query-status\"}}"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut lines = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        reader.read_line(&mut line).expect("reply");
        lines.push(line);
    }
    assert_eq!(
        lines[1],
        "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter type for 'file', expected: BlockdevRef\"}}\r\n"
    );
    assert!(
        lines[2].starts_with("{\"return\": {\"status\": \"prelaunch\""),
        "{}",
        lines[2]
    );
    std::fs::remove_dir_all(&dir).ok();
}
