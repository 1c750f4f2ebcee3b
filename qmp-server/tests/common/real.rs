//! Real QEMU beside `qmp-server`: connections to both, compared answer by
//! answer.
//!
//! Each request is followed by a `\x01` byte, a lexical error at which
//! QEMU's JSON streamer drops whatever was left half-parsed, and by a
//! sentinel command; everything up to the sentinel's reply is the answer.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use qapi_test_support::{qemu_binary, require, retry, start_qemu, Killed};

/// The length of a QMP monitor's request queue in QEMU 10.0.2.
const QMP_REQ_QUEUE_LEN_MAX: usize = 8;

/// A QMP connection that answers request by request.
pub struct Conn {
    /// Who answers, for messages.
    name: String,
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    sync: usize,
}

impl Conn {
    pub fn open(name: &str, path: &Path) -> Conn {
        let stream = retry(&path.display().to_string(), Duration::from_secs(20), || {
            UnixStream::connect(path)
        });
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        Conn {
            name: name.to_owned(),
            reader: BufReader::new(stream.try_clone().expect("clone")),
            writer: stream,
            sync: 0,
        }
    }

    pub fn line(&mut self) -> String {
        let mut line = Vec::new();
        self.reader
            .read_until(b'\n', &mut line)
            .unwrap_or_else(|e| panic!("a reply from {} in time: {e}", self.name));
        String::from_utf8_lossy(&line).into_owned()
    }

    /// Everything `request` gets back, the resynchronising error included.
    pub fn ask(&mut self, request: &[u8]) -> String {
        self.sync += 1;
        let sentinel = format!(
            "{{\"execute\": \"query-status\", \"id\": \"sync-{}\"}}",
            self.sync
        );
        let mut bytes = request.to_vec();
        bytes.push(0x01);
        bytes.extend_from_slice(sentinel.as_bytes());
        self.writer
            .write_all(&bytes)
            .unwrap_or_else(|e| panic!("sending to {}: {e}", self.name));
        let end = format!("\"id\": \"sync-{}\"}}\r\n", self.sync);
        let mut answer = String::new();
        loop {
            let line = self.line();
            assert!(!line.is_empty(), "{} closed the connection", self.name);
            if line.ends_with(&end) {
                return answer;
            }
            answer.push_str(&line);
        }
    }

    /// The reply to `request`, parsed: the first line of what comes back
    /// (`null` if it is not JSON).
    pub fn ask_reply(&mut self, request: &[u8]) -> serde_json::Value {
        let answer = self.ask(request);
        serde_json::from_str(answer.lines().next().unwrap_or_default()).unwrap_or_default()
    }
}

/// Real QEMU and `qmp-server` for one target, each on a socket of its
/// own, and the tally of the answers compared.
pub struct Pair {
    pub theirs: Conn,
    pub ours: Conn,
    pub target: String,
    pub passed: usize,
    pub failed: usize,
    /// Requests not sent to QEMU: see [`Pair::compare`].
    pub not_sent: usize,
    dir: PathBuf,
    _processes: [Killed; 2],
}

impl Pair {
    /// Starts QEMU `binary` and `qmp-server --target target`, and compares
    /// their greetings and the negotiation of capabilities.
    pub fn start(binary: &str, target: &str) -> Pair {
        let dir = std::env::temp_dir().join(format!("qmp-diff-{}-{target}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let (theirs_path, ours_path) = (dir.join("qemu.sock"), dir.join("ours.sock"));
        let qemu = start_qemu(binary, &theirs_path);
        let ours = Killed(
            Command::new(env!("CARGO_BIN_EXE_qmp-server"))
                .args(["--target", target, "--socket"])
                .arg(&ours_path)
                .spawn()
                .expect("qmp-server starts"),
        );
        let mut pair = Pair {
            theirs: Conn::open(binary, &theirs_path),
            ours: Conn::open(&format!("qmp-server --target {target}"), &ours_path),
            target: target.to_owned(),
            passed: 0,
            failed: 0,
            not_sent: 0,
            dir,
            _processes: [qemu, ours],
        };
        let (want, got) = (pair.theirs.line(), pair.ours.line());
        pair.tally("greeting", &want, &got);
        pair.compare(
            b"{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}",
        );
        pair
    }

    /// Sends `request` to both and compares what comes back.
    ///
    /// A request that would give QEMU's monitor more messages at once than
    /// its request queue holds is not sent to QEMU: it fails an assertion
    /// and aborts if it has not yet dispatched enough of them, which
    /// depends on timing.  (One malformed line can make dozens of error
    /// messages.)  `qmp-server`, which follows QEMU's lexer and streamer,
    /// tells how many there would be.
    pub fn compare(&mut self, request: &[u8]) {
        let got = self.ours.ask(request);
        // The sentinel is a message too.
        let messages = got.lines().count() + 1;
        if messages >= QMP_REQ_QUEUE_LEN_MAX {
            self.not_sent += 1;
            return;
        }
        let want = self.theirs.ask(request);
        self.tally(&String::from_utf8_lossy(request), &want, &got);
    }

    /// Counts one answer compared, and prints both if they differ.
    pub fn tally(&mut self, what: &str, want: &str, got: &str) {
        if want == got {
            self.passed += 1;
        } else {
            self.failed += 1;
            println!(
                "FAIL {} {what:?}\n  qemu: {want:?}\n  ours: {got:?}",
                self.target
            );
        }
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `check` on a [`Pair`] for each of the 30 targets (given the
/// target's position in the list, to seed with), prints each target's tally
/// and the total, and fails if any answer differed.  A target whose binary
/// is missing fails too, unless missing prerequisites are allowed
/// ([`require`]); then the others run.
pub fn each_target(mut check: impl FnMut(u64, &mut Pair)) {
    let binaries: Vec<_> = qmp_server::targets::names()
        .map(|target| (target, qemu_binary(target)))
        .collect();
    let missing: Vec<_> = binaries
        .iter()
        .filter(|(_, b)| b.is_none())
        .map(|(t, _)| *t)
        .collect();
    require(
        &format!(
            "qemu-system-TARGET 10.0.2 of targets {}",
            missing.join(", ")
        ),
        missing.is_empty(),
    );
    let (mut passed, mut failed, mut not_sent) = (0, 0, 0);
    for (n, (target, binary)) in (0..).zip(binaries) {
        let Some(binary) = binary else {
            continue;
        };
        let mut pair = Pair::start(&binary, target);
        check(n, &mut pair);
        println!("{target}: {} passed, {} failed", pair.passed, pair.failed);
        passed += pair.passed;
        failed += pair.failed;
        not_sent += pair.not_sent;
    }
    if not_sent > 0 {
        println!("{not_sent} requests not sent: too many messages for QEMU's queue");
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0);
}
