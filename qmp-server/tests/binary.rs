//! The `qmp-server` binary as users run it: over stdio, and over a unix
//! socket with QEMU's own Python client.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    assert!(
        has_client,
        "the Python package qemu.qmp is missing: pip install qemu.qmp (.ci/install-deps does)"
    );
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
