//! Differential test against real `qemu-system-x86_64` 10.0.2 (installed
//! by `.ci/install-deps` from Debian's backports): the same generated
//! malformed requests to both, identical bytes back.
//!
//! Each request is followed by a `\x01` byte, a lexical error at which
//! QEMU's JSON streamer drops whatever was left half-parsed, and by a
//! sentinel command; everything up to the sentinel's reply is the answer.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::Command;

use qapi_test_support::{qemu_available, retry, start_qemu, Killed, Rng};
use std::time::Duration;

const REQUESTS: usize = 400;

/// A random JSON value, as text.
fn value(rng: &mut Rng, depth: usize) -> String {
    match rng.below(if depth > 2 { 8 } else { 10 }) {
        0 => "null".into(),
        1 => rng.pick(&["true", "false"]).into(),
        2 => rng
            .pick(&[
                "0",
                "1",
                "-1",
                "255",
                "256",
                "300",
                "-129",
                "4294967296",
                "9223372036854775807",
                "18446744073709551615",
                "18446744073709551616",
                "-9223372036854775809",
            ])
            .into(),
        3 => rng.pick(&["1.5", "-0.0", "2.5e3", "1e-7", "0.1"]).into(),
        4 => rng
            .pick(&[
                "\"x\"",
                "\"\"",
                "\"oob\"",
                "\"pause\"",
                "\"reset\"",
                "\"shutdown\"",
                "\"none\"",
                "\"/nope\"",
                "\"caf\\u00e9\"",
                "'single'",
                "\"\\ud83d\\ude00\"",
                "\"tab\\there\"",
            ])
            .into(),
        5 => rng
            .pick(&[
                "\"poweroff\"",
                "\"exit-failure\"",
                "\"inject-nmi\"",
                "\"bogus\"",
                "\"exit\"",
            ])
            .into(),
        6 | 7 => format!("\"s{}\"", rng.below(100)),
        8 => {
            let n = rng.below(3);
            let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
            format!("[{}]", items.join(", "))
        }
        _ => {
            let n = rng.below(3);
            let members: Vec<String> = (0..n)
                .map(|i| format!("\"k{i}\": {}", value(rng, depth + 1)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

/// Arguments for `command`, with at least one member that cannot decode
/// where a valid set would reach a handler whose effects differ.
fn arguments(rng: &mut Rng, command: &str) -> String {
    let names: &[&str] = match command {
        "qom-list" => &["path"],
        "qom-get" => &["path", "property"],
        "qom-list-types" => &["implements", "abstract"],
        "balloon" => &["value"],
        "set-action" => &["reboot", "shutdown", "panic", "watchdog"],
        "migrate-set-parameters" => &[
            "announce-initial",
            "throttle-trigger-threshold",
            "cpu-throttle-initial",
            "max-bandwidth",
            "tls-creds",
            "block-incremental",
            "multifd-channels",
            "x-checkpoint-delay",
            "downtime-limit",
            "compress-level",
        ],
        "qmp_capabilities" => &["enable"],
        _ => &[],
    };
    let mut members = Vec::new();
    for name in names {
        if rng.below(3) > 0 {
            members.push(format!("\"{name}\": {}", value(rng, 1)));
        }
    }
    if rng.below(4) == 0 {
        members.push(format!("\"bogus{}\": {}", rng.below(3), value(rng, 1)));
    }
    // Where valid arguments would run a handler this server only
    // imitates, make sure one member is of a type no member takes.
    if matches!(
        command,
        "qom-list" | "qom-get" | "qom-list-types" | "migrate-set-parameters"
    ) {
        members.push(format!(
            "\"{}\": {{\"not\": \"valid\"}}",
            names[rng.below(names.len())]
        ));
    }
    if command == "qom-list" || command == "qom-get" {
        members.retain(|m| !m.starts_with("\"path\": \"s"));
    }
    format!("{{{}}}", members.join(", "))
}

/// Commands whose handlers answer exactly as QEMU's, whatever the
/// arguments.
const ANSWERED: &[&str] = &[
    "balloon",
    "set-action",
    "query-status",
    "query-version",
    "query-name",
    "query-target",
    "query-kvm",
    "qmp_capabilities",
    "x-query-jit",
    "no-such-cmd",
];
/// Commands whose effects this server only imitates: they get arguments
/// that cannot decode, so that QEMU's checks are compared.
const IMITATED: &[&str] = &[
    "qom-list",
    "qom-get",
    "qom-list-types",
    "migrate-set-parameters",
];

fn request(rng: &mut Rng) -> Vec<u8> {
    let imitated = rng.below(3) == 0;
    let command = if imitated {
        rng.pick(IMITATED)
    } else {
        rng.pick(ANSWERED)
    };
    let id = if rng.below(2) == 0 {
        format!(", \"id\": {}", value(rng, 2))
    } else {
        String::new()
    };
    let template = if imitated {
        [1, 3, 4][rng.below(3)]
    } else {
        rng.below(6)
    };
    let valid = match template {
        0 => format!("{{\"execute\": \"{command}\"{id}}}"),
        1 => format!("{{\"execute\": {}{id}}}", value(rng, 1)),
        2 => format!(
            "{{\"execute\": \"{command}\", \"arguments\": {}{id}}}",
            value(rng, 1)
        ),
        3 => format!(
            "{{\"execute\": \"{command}\", \"{}\": 1{id}}}",
            rng.pick(&["exec-oob", "bogus", "argument"])
        ),
        _ => format!(
            "{{\"execute\": \"{command}\", \"arguments\": {}{id}}}",
            arguments(rng, command)
        ),
    };
    let mut bytes = valid.into_bytes();
    // Break the syntax of one request in four.
    if rng.below(4) == 0 && !bytes.is_empty() {
        let at = rng.below(bytes.len());
        match rng.below(3) {
            0 => bytes.truncate(at),
            1 => {
                let junk = [
                    b'{', b'}', b'[', b']', b'"', b'\'', b'\\', b':', b',', b'%', b'x', b'\t',
                    0x7f, 0xc3, 0xff, b'-', b'.', b'e',
                ];
                bytes.insert(at, junk[rng.below(junk.len())]);
            }
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

/// A QMP connection that answers request by request.
struct Conn {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    sync: usize,
}

impl Conn {
    fn open(path: &Path) -> Conn {
        let stream = retry(&path.display().to_string(), Duration::from_secs(20), || {
            UnixStream::connect(path)
        });
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        Conn {
            reader: BufReader::new(stream.try_clone().expect("clone")),
            writer: stream,
            sync: 0,
        }
    }

    fn line(&mut self) -> String {
        let mut line = Vec::new();
        self.reader
            .read_until(b'\n', &mut line)
            .expect("a reply in time");
        String::from_utf8_lossy(&line).into_owned()
    }

    /// Everything `request` gets back, the resynchronising error included.
    fn ask(&mut self, request: &[u8]) -> String {
        self.sync += 1;
        let sentinel = format!(
            "{{\"execute\": \"query-status\", \"id\": \"sync-{}\"}}",
            self.sync
        );
        let mut bytes = request.to_vec();
        bytes.push(0x01);
        bytes.extend_from_slice(sentinel.as_bytes());
        self.writer.write_all(&bytes).expect("send");
        let end = format!("\"id\": \"sync-{}\"}}\r\n", self.sync);
        let mut answer = String::new();
        loop {
            let line = self.line();
            assert!(!line.is_empty(), "connection closed");
            if line.ends_with(&end) {
                return answer;
            }
            answer.push_str(&line);
        }
    }
}

#[test]
fn same_bytes_as_real_qemu() {
    if !qemu_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have qemu-system-x86_64 10.0.2 (.ci/install-deps)"
        );
        println!("SKIPPED: qemu-system-x86_64 10.0.2 is not installed; `bash .ci/install-deps` installs it");
        return;
    }
    let dir = std::env::temp_dir().join(format!("qmp-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (theirs_path, ours_path) = (dir.join("qemu.sock"), dir.join("ours.sock"));
    let _qemu = start_qemu(&theirs_path);
    let _ours = Killed(
        Command::new(env!("CARGO_BIN_EXE_qmp-server"))
            .args(["--target", "x86_64", "--socket"])
            .arg(&ours_path)
            .spawn()
            .expect("qmp-server starts"),
    );
    let mut theirs = Conn::open(&theirs_path);
    let mut ours = Conn::open(&ours_path);
    assert_eq!(ours.line(), theirs.line(), "greeting");
    let negotiate = b"{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}";
    assert_eq!(ours.ask(negotiate), theirs.ask(negotiate), "negotiation");
    let seed = std::env::var("QMP_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0001);
    let mut rng = Rng(seed);
    let (mut passed, mut failed) = (0, 0);
    // Requests whose answers the handlers imitate, compared as they are.
    let fixed = [
        r#"{"execute": "qom-list", "arguments": {"path": "/"}}"#,
        r#"{"execute": "qom-list", "arguments": {"path": "/machine"}}"#,
        r#"{"execute": "qom-list", "arguments": {"path": "/objects"}}"#,
        r#"{"execute": "qom-get", "arguments": {"path": "/", "property": "type"}}"#,
        r#"{"execute": "qom-get", "arguments": {"path": "/machine", "property": "type"}}"#,
        r#"{"execute": "qom-get", "arguments": {"path": "/machine", "property": "nope"}}"#,
        r#"{"execute": "qom-get", "arguments": {"path": "/nope", "property": "type"}}"#,
        r#"{"execute": "query-commands"}"#,
        r#"{"execute": "query-qmp-schema"}"#,
    ];
    let generated = (0..REQUESTS).map(|_| request(&mut rng));
    for request in fixed.iter().map(|r| r.as_bytes().to_vec()).chain(generated) {
        let (want, got) = (theirs.ask(&request), ours.ask(&request));
        if want == got {
            passed += 1;
        } else {
            failed += 1;
            println!(
                "FAIL {:?}\n  qemu: {want:?}\n  ours: {got:?}",
                String::from_utf8_lossy(&request)
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0);
}
