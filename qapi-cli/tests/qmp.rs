//! `qapi qmp` as a user runs it: against the real `qmp-server` (QEMU
//! 10.0.2's answers, served in process on a unix socket), against scripted
//! servers that greet as other releases or reply what QEMU 10.0 would not,
//! and as an interactive shell on a pseudo-terminal.

use std::io::Lines;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use qmp_server::Chardev;
use serde_json::{json, Value};

/// A folder of the test's own, removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("qapi-qmp-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `qmp-server` answering as `qemu-system-x86_64` on a unix socket, in
/// process, until dropped.
struct Served {
    socket: PathBuf,
    _runtime: tokio::runtime::Runtime,
    _dir: TempDir,
}

fn served(name: &str) -> Served {
    let dir = TempDir::new(name);
    let socket = dir.0.join("qmp.sock");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let target = qmp_server::targets::binary("x86_64").expect("a target");
    let server = qmp_server::server(&target.into(), &[Chardev::Unix(socket.clone())]);
    let listening = socket.clone();
    runtime.spawn(async move { qapi_runtime::qmp::serve_unix(server, &listening).await });
    // The listener is bound in the task: wait for the socket.
    let start = Instant::now();
    while !socket.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server listens"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    Served {
        socket,
        _runtime: runtime,
        _dir: dir,
    }
}

/// A scripted server for one connection on a unix socket: greets as QEMU
/// `version`, accepts the negotiation, and answers each other request with
/// what `answer` makes of its name and arguments (`None`: no answer).
/// Every request it reads goes to `requests`.
struct Fake {
    socket: PathBuf,
    requests: mpsc::Receiver<Value>,
    _dir: TempDir,
}

type Answer = fn(&str, &Value) -> Option<Value>;

/// QEMU's greeting as `version`, offering `oob` or nothing.
fn greeting([major, minor, micro]: [u64; 3], oob: bool) -> Value {
    json!({"QMP": {
        "version": {"qemu": {"micro": micro, "minor": minor, "major": major}, "package": ""},
        "capabilities": if oob { json!(["oob"]) } else { json!([]) }
    }})
}

/// A server for one connection on a unix socket in a folder of its own:
/// sends `greeting`, then hands the connection to `serve` (its lines, and
/// a handle to write with).
fn server(
    name: &str,
    greeting: Value,
    serve: impl FnOnce(Lines<BufReader<UnixStream>>, UnixStream) + Send + 'static,
) -> (TempDir, PathBuf) {
    let dir = TempDir::new(name);
    let socket = dir.0.join("qmp.sock");
    let listener = UnixListener::bind(&socket).expect("binds");
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut write = stream.try_clone().expect("a second handle");
        writeln!(write, "{greeting}").expect("greets");
        serve(BufReader::new(stream).lines(), write);
    });
    (dir, socket)
}

fn fake(name: &str, version: [u64; 3], answer: Answer) -> Fake {
    let (sent, requests) = mpsc::channel();
    let (dir, socket) = server(name, greeting(version, true), move |lines, mut write| {
        for line in lines {
            let Ok(line) = line else { return };
            let request: Value = serde_json::from_str(&line).expect("a request is JSON");
            let name = request["execute"].as_str().unwrap_or_default().to_owned();
            let arguments = request.get("arguments").cloned().unwrap_or(json!({}));
            let reply = if name == "qmp_capabilities" {
                Some(json!({"return": {}}))
            } else {
                answer(&name, &arguments)
            };
            let _ = sent.send(request.clone());
            if let Some(mut reply) = reply {
                reply["id"] = request["id"].clone();
                if writeln!(write, "{reply}").is_err() {
                    return;
                }
            }
        }
    });
    Fake {
        socket,
        requests,
        _dir: dir,
    }
}

impl Fake {
    /// The names of the commands it was sent, negotiation included.
    fn commands(&self) -> Vec<String> {
        self.requests
            .try_iter()
            .map(|r| r["execute"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// Runs `qapi qmp ARGS` with `stdin` as its standard input.
fn qmp_with_input(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qapi"))
        .arg("qmp")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qapi runs");
    let mut input = child.stdin.take().expect("a pipe");
    input.write_all(stdin.as_bytes()).expect("writes");
    drop(input);
    child.wait_with_output().expect("qapi ends")
}

/// Runs `qapi qmp ARGS` with nothing on standard input.
fn qmp(args: &[&str]) -> Output {
    qmp_with_input(args, "")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8")
}

/// Every wait of a test that should succeed is bounded, so that a bug
/// fails the test instead of hanging it.
const BOUND: &str = "20";

#[test]
fn a_call_prints_its_reply_indented() {
    let server = served("call");
    let out = qmp(&["--timeout", BOUND, path(&server.socket), "query-target"]);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), "{\n  \"arch\": \"x86_64\"\n}\n");
    assert_eq!(out.status.code(), Some(0));
    let out = qmp(&[
        "--timeout",
        BOUND,
        path(&server.socket),
        "qom-get",
        r#"{"path": "/machine", "property": "type"}"#,
    ]);
    assert_eq!(stdout(&out), "\"none-machine\"\n", "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_error_reply_is_its_class_and_description() {
    let server = served("error");
    let out = qmp(&["--timeout", BOUND, path(&server.socket), "foo"]);
    assert_eq!(
        stderr(&out),
        "CommandNotFound: The command foo has not been found\n"
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn arguments_are_checked_before_sending() {
    let server = served("args");
    let out = qmp(&["--timeout", BOUND, path(&server.socket), "qom-list", "{}"]);
    assert_eq!(stderr(&out), "GenericError: Parameter 'path' is missing\n");
    assert_eq!(out.status.code(), Some(1));
    // The same words, and nothing sent: a scripted server sees no call.
    let fake = fake("args-fake", [10, 0, 2], |_, _| Some(json!({"return": []})));
    let out = qmp(&["--timeout", BOUND, path(&fake.socket), "qom-list", "{}"]);
    assert_eq!(stderr(&out), "GenericError: Parameter 'path' is missing\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fake.commands(), ["qmp_capabilities"]);
}

/// Replies to `query-version` with a member QEMU 10.0's schema lacks.
fn newer_version(name: &str, _: &Value) -> Option<Value> {
    (name == "query-version").then(|| {
        json!({"return": {
            "qemu": {"micro": 2, "minor": 0, "major": 10}, "package": "", "x-new": 1
        }})
    })
}

#[test]
fn strict_rejects_a_member_the_schema_lacks() {
    let fake = fake("strict", [10, 0, 2], newer_version);
    let out = qmp(&[
        "--strict",
        "--timeout",
        BOUND,
        path(&fake.socket),
        "query-version",
    ]);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "qapi qmp: the reply to query-version does not decode as QEMU 10.0's schema says: \
         Parameter 'x-new' is unexpected\n"
    );
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn without_strict_a_member_the_schema_lacks_is_ignored() {
    let fake = fake("tolerant", [10, 0, 2], newer_version);
    let out = qmp(&["--timeout", BOUND, path(&fake.socket), "query-version"]);
    assert_eq!(stderr(&out), "");
    let reply: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(reply["x-new"], 1, "printed as received");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn without_strict_a_value_the_schema_lacks_is_no_error() {
    let vax = fake("unknown-value", [10, 0, 2], |_, _| {
        Some(json!({"return": {"arch": "vax"}}))
    });
    let out = qmp(&["--timeout", BOUND, path(&vax.socket), "query-target"]);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), "{\n  \"arch\": \"vax\"\n}\n");
    assert_eq!(out.status.code(), Some(0));
    // With --strict, it is an error.
    let vax = fake("unknown-value-strict", [10, 0, 2], |_, _| {
        Some(json!({"return": {"arch": "vax"}}))
    });
    let out = qmp(&[
        "--strict",
        "--timeout",
        BOUND,
        path(&vax.socket),
        "query-target",
    ]);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "qapi qmp: the reply to query-target does not decode as QEMU 10.0's schema says: \
         Parameter 'arch' does not accept value 'vax'\n"
    );
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn without_strict_a_reply_that_does_not_decode_is_a_warning() {
    let bad = fake("undecodable", [10, 0, 2], |_, _| {
        Some(json!({"return": {"arch": 64}}))
    });
    let out = qmp(&["--timeout", BOUND, path(&bad.socket), "query-target"]);
    assert_eq!(
        stderr(&out),
        "qapi qmp: warning: the reply to query-target does not decode as QEMU 10.0's schema \
         says: Invalid parameter type for 'arch', expected: string (printed as received)\n"
    );
    assert_eq!(stdout(&out), "{\n  \"arch\": 64\n}\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn events_after_the_reply_as_received() {
    let server = served("events");
    let out = qmp(&[
        "--events",
        "1",
        "--timeout",
        BOUND,
        path(&server.socket),
        "quit",
    ]);
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    let (reply, event) = text.split_once('\n').expect("two lines");
    assert_eq!(reply, "{}");
    // QEMU's message, on one line, in the order event, data, timestamp.
    let prefix = r#"{"event":"SHUTDOWN","data":{"guest":false,"reason":"host-qmp-quit"},"timestamp":{"seconds":"#;
    assert!(event.starts_with(prefix), "{event}");
    let event: Value = serde_json::from_str(event).expect("JSON");
    assert!(event["timestamp"]["seconds"].as_i64().expect("seconds") > 1_600_000_000);
    assert!(event["timestamp"]["microseconds"].is_i64());
    assert!(text.ends_with("}\n") && text.lines().count() == 2, "{text}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn events_without_a_command_and_an_event_without_data() {
    // A server that sends two events, without data, once negotiated.
    let greets = greeting([10, 0, 2], false);
    let (_dir, socket) = server("events-only", greets, |mut lines, mut write| {
        let request: Value =
            serde_json::from_str(&lines.next().expect("a line").expect("reads")).expect("JSON");
        writeln!(write, "{}", json!({"return": {}, "id": request["id"]})).expect("writes");
        // The client subscribes once negotiated: events sent in the same
        // instant as the negotiation's reply could come before that.
        std::thread::sleep(Duration::from_millis(300));
        writeln!(
            write,
            r#"{{"timestamp": {{"seconds": 1795578279, "microseconds": 130916}}, "event": "STOP"}}"#
        )
        .expect("writes");
        writeln!(
            write,
            r#"{{"timestamp": {{"seconds": 1795578280, "microseconds": 5}}, "event": "RESUME"}}"#
        )
        .expect("writes");
        // Keep the connection open until the client leaves.
        for _ in lines {}
    });
    let out = qmp(&["--events", "2", "--timeout", BOUND, path(&socket)]);
    assert_eq!(stderr(&out), "");
    assert_eq!(
        stdout(&out),
        "{\"event\":\"STOP\",\"timestamp\":{\"seconds\":1795578279,\"microseconds\":130916}}\n\
         {\"event\":\"RESUME\",\"timestamp\":{\"seconds\":1795578280,\"microseconds\":5}}\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_timeout_waiting_for_an_event() {
    let server = served("timeout");
    let start = Instant::now();
    let out = qmp(&["--timeout", "0.2", "--events", "1", path(&server.socket)]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "qapi qmp: timed out after 0.2 s waiting for an event\n"
    );
    assert_eq!(stdout(&out), "");
    assert!(took >= Duration::from_millis(200), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn a_timeout_waiting_for_a_reply_or_a_greeting() {
    let fake = fake("no-reply", [10, 0, 2], |_, _| None);
    let out = qmp(&["--timeout", "0.3", path(&fake.socket), "query-status"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "qapi qmp: timed out after 0.3 s waiting for the reply to query-status\n"
    );
    // A server that accepts the connection but never greets.
    let dir = TempDir::new("no-greeting");
    let socket = dir.0.join("qmp.sock");
    let _listener = UnixListener::bind(&socket).expect("binds");
    let out = qmp(&["--timeout", "0.3", path(&socket), "query-status"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "qapi qmp: timed out after 0.3 s connecting to {}\n",
            socket.display()
        )
    );
}

#[test]
fn no_connection_is_exit_status_2() {
    let dir = TempDir::new("nothing");
    let socket = dir.0.join("nothing.sock");
    let out = qmp(&[path(&socket), "query-status"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "qapi qmp: cannot connect to {}: No such file or directory (os error 2)\n",
            socket.display()
        )
    );
    // TCP: a port of this machine where nothing listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let address = format!("127.0.0.1:{port}");
    let out = qmp(&[&address, "query-status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(&format!("qapi qmp: cannot connect to {address}: ")),
        "{}",
        stderr(&out)
    );
    // Usage errors are clap's, exit status 2 too.
    let out = qmp(&[path(&socket), "query-status", "[1]"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected a JSON object"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_call_over_tcp() {
    let served = served("tcp");
    // A TCP front for the in-process unix socket server.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let address = listener.local_addr().expect("an address").to_string();
    let socket = served.socket.clone();
    std::thread::spawn(move || {
        let (tcp, _) = listener.accept().expect("a client");
        let unix = std::os::unix::net::UnixStream::connect(socket).expect("connects");
        let (mut tcp_in, mut unix_out) = (
            tcp.try_clone().expect("clone"),
            unix.try_clone().expect("clone"),
        );
        let forward = std::thread::spawn(move || std::io::copy(&mut tcp_in, &mut unix_out));
        let (mut unix_in, mut tcp_out) = (unix, tcp);
        let _ = std::io::copy(&mut unix_in, &mut tcp_out);
        let _ = forward.join();
    });
    let out = qmp(&["--timeout", BOUND, &address, "query-target"]);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), "{\n  \"arch\": \"x86_64\"\n}\n");
}

/// Answers `query-audiodevs` (QEMU 10.0 has it, 7.2 does not) with an
/// empty list, whatever its arguments.
fn audiodevs(name: &str, _: &Value) -> Option<Value> {
    (name == "query-audiodevs").then(|| json!({"return": []}))
}

#[test]
fn the_schema_is_picked_from_the_greeting() {
    // `query-audiodevs` with an argument no release has, asked of a server
    // that greets as `version`.
    let ask = |name: &str, version: [u64; 3], options: &[&str]| {
        let fake = fake(name, version, audiodevs);
        let socket = fake.socket.display().to_string();
        let mut args = options.to_vec();
        args.extend([
            "--timeout",
            BOUND,
            &socket,
            "query-audiodevs",
            r#"{"bogus": 1}"#,
        ]);
        let out = qmp(&args);
        (fake, out)
    };
    // QEMU 7.2's schema lacks the command: it goes unchecked.
    let (fake_7_2, out) = ask("greeting-7.2", [7, 2, 0], &[]);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), "[]\n");
    assert_eq!(out.status.code(), Some(0));
    let sent: Vec<Value> = fake_7_2.requests.try_iter().collect();
    assert_eq!(sent[1]["execute"], "query-audiodevs");
    assert_eq!(sent[1]["arguments"], json!({"bogus": 1}));
    // QEMU 10.0's has it: the arguments are checked, nothing is sent.
    let (fake_10_0, out) = ask("greeting-10.0", [10, 0, 2], &[]);
    assert_eq!(
        stderr(&out),
        "GenericError: Parameter 'bogus' is unexpected\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fake_10_0.commands(), ["qmp_capabilities"]);
    // 9.2 is read with 7.2's schema, 10.1 with 10.0's.
    let (_, out) = ask("greeting-9.2", [9, 2, 0], &[]);
    assert_eq!(
        (stdout(&out).as_str(), out.status.code()),
        ("[]\n", Some(0))
    );
    let (_, out) = ask("greeting-10.1", [10, 1, 0], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // --qemu overrides the greeting.
    let (_, out) = ask("greeting-7.2-as-10.0", [7, 2, 0], &["--qemu", "10.0"]);
    assert_eq!(
        stderr(&out),
        "GenericError: Parameter 'bogus' is unexpected\n"
    );
    assert_eq!(out.status.code(), Some(1));
    // Older than any schema known: the oldest, with a warning.
    let (_, out) = ask("greeting-6.2", [6, 2, 0], &[]);
    assert_eq!(
        stderr(&out),
        "qapi qmp: warning: QEMU 6.2.0 is older than any schema known here: \
         calls are checked against QEMU 7.2's\n"
    );
    assert_eq!(
        (stdout(&out).as_str(), out.status.code()),
        ("[]\n", Some(0))
    );
}

#[test]
fn one_command_a_line_from_standard_input() {
    let server = served("lines");
    let input = "query-target\n\
                 # a comment, and a blank line\n\
                 \n\
                 qom-list path=/machine\n\
                 qom-list {}\n\
                 qom-get path=/machine property=type\n";
    let out = qmp_with_input(&["--timeout", BOUND, path(&server.socket)], input);
    assert_eq!(stderr(&out), "GenericError: Parameter 'path' is missing\n");
    let text = stdout(&out);
    assert!(
        text.starts_with("{\n  \"arch\": \"x86_64\"\n}\n["),
        "{text}"
    );
    assert!(text.ends_with("]\n\"none-machine\"\n"), "{text}");
    let replies: Vec<Value> = serde_json::Deserializer::from_str(&text)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("JSON values");
    assert_eq!(replies.len(), 3, "{text}");
    let properties = replies[1].as_array().expect("a list");
    assert!(
        properties.contains(&json!({"name": "type", "type": "string"})),
        "{properties:?}"
    );
    // The first failure's status, the lines after it run all the same.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn lines_that_succeed_exit_0_and_quit_ends_them() {
    let server = served("lines-quit");
    let out = qmp_with_input(
        &["--timeout", BOUND, path(&server.socket)],
        "query-status\nquit\nquery-status\n",
    );
    assert_eq!(stderr(&out), "");
    assert_eq!(
        stdout(&out),
        "{\n  \"status\": \"prelaunch\",\n  \"running\": false\n}\n{}\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

/// Drives `qapi qmp --timeout 20 SOCKET` on a pseudo-terminal with Python's
/// `pty` module: each step types its keys, then waits until the screen
/// shows its text after the previous step's (typing before the shell reads
/// again could lose keys).  Prints the whole screen, then `EXIT status`.
const PTY_DRIVER: &str = r#"
import json, os, pty, select, struct, sys, time, fcntl, termios
qapi, socket, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.execv(qapi, [qapi, "qmp", "--timeout", "20", socket])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
screen, seen = b"", 0
def fail(why):
    sys.stdout.write(screen.decode(errors="replace"))
    os.kill(pid, 9)
    sys.exit(why)
def read(timeout):
    global screen
    if not select.select([fd], [], [], timeout)[0]:
        return False
    try:
        data = os.read(fd, 4096)
    except OSError:
        data = b""
    screen += data
    return bool(data)
def wait_for(text):
    global seen
    end = time.time() + 20
    while screen.find(text.encode(), seen) < 0:
        left = end - time.time()
        if left <= 0:
            fail("never saw %r" % text)
        if not read(left):
            fail("the shell ended before %r" % text)
    seen = screen.find(text.encode(), seen) + len(text.encode())
for keys, text in steps:
    os.write(fd, keys.encode())
    if text is not None:
        wait_for(text)
end = time.time() + 20
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.time() > end:
        fail("the shell did not end")
    read(0.05)
while read(0.05):
    pass
sys.stdout.write(screen.decode(errors="replace"))
print("\nEXIT %d" % os.waitstatus_to_exitcode(status))
"#;

/// The screen of a shell session driven by `steps` (keys, then the text
/// to wait for, or null), and the shell's exit status as the last line.
fn shell_session(socket: &Path, steps: Value) -> String {
    let out = Command::new("python3")
        .args(["-c", PTY_DRIVER, env!("CARGO_BIN_EXE_qapi"), path(socket)])
        .arg(steps.to_string())
        .env("TERM", "xterm")
        .output()
        .expect("python3 runs (the pseudo-terminal driver needs it)");
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}\n{screen}",
        String::from_utf8_lossy(&out.stderr)
    );
    screen
}

#[test]
fn the_shell_completes_runs_and_leaves_on_ctrl_d() {
    let server = served("shell");
    let screen = shell_session(
        &server.socket,
        json!([
            ["", "(QEMU) "],
            // The completion is on the screen before Enter sends anything.
            ["query-ta\t", "query-target "],
            ["\r", "\"arch\": \"x86_64\""],
            ["", "(QEMU) "],
            ["qom-get pa\t", "path="],
            ["/machine pro\t", "property="],
            ["type\r", "\"none-machine\""],
            ["", "(QEMU) "],
            ["qom-list\r", "GenericError: Parameter 'path' is missing"],
            ["", "(QEMU) "],
            ["\x04", null],
        ]),
    );
    assert!(screen.contains("Connected to QEMU 10.0.2"), "{screen}");
    assert!(screen.trim_end().ends_with("EXIT 0"), "{screen}");
}

#[test]
fn the_shell_shows_events_and_quit_leaves() {
    let server = served("shell-quit");
    let screen = shell_session(
        &server.socket,
        json!([["", "(QEMU) "], ["quit\r", "\"event\":\"SHUTDOWN\""],]),
    );
    assert!(
        screen.contains(r#"{"event":"SHUTDOWN","data":{"guest":false,"reason":"host-qmp-quit"}"#),
        "{screen}"
    );
    assert!(screen.trim_end().ends_with("EXIT 0"), "{screen}");
}

#[test]
fn the_shell_shows_an_event_above_the_line_being_typed() {
    // A server that sends STOP a while after the shell asked for its
    // schema, when the shell waits at its prompt.
    let greets = greeting([10, 0, 2], false);
    let (_dir, socket) = server("shell-event", greets, |lines, mut write| {
        for line in lines {
            let Ok(line) = line else { return };
            let request: Value = serde_json::from_str(&line).expect("JSON");
            let schema = request["execute"] == "query-qmp-schema";
            let mut reply = json!({"return": if schema { json!([]) } else { json!({}) }});
            reply["id"] = request["id"].clone();
            writeln!(write, "{reply}").expect("writes");
            if schema {
                std::thread::sleep(Duration::from_millis(500));
                writeln!(
                    write,
                    r#"{{"timestamp": {{"seconds": 1795578279, "microseconds": 1}}, "event": "STOP"}}"#
                )
                .expect("writes");
            }
        }
    });
    let screen = shell_session(
        &socket,
        json!([
            ["", "(QEMU) "],
            ["query-st", "query-st"],
            // The event, then the line as it was, below it.
            [
                "",
                r#"{"event":"STOP","timestamp":{"seconds":1795578279,"microseconds":1}}"#
            ],
            ["", "(QEMU) query-st"],
            // Ctrl-U empties the line, Ctrl-D leaves.
            ["\x15\x04", null],
        ]),
    );
    assert!(screen.trim_end().ends_with("EXIT 0"), "{screen}");
}
