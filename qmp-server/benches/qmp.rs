//! QMP throughput and latency, side by side in one run: qmp-server, real
//! `qemu-system-x86_64` (when installed) and a trivial server that answers
//! every line with a fixed reply (the limit of this machine and client).
//!
//! `cargo bench -p qmp-server`.  The client is one blocking connection
//! over a unix socket, one request at a time.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use qapi_test_support::{qemu_binary, retry, start_qemu, Killed};

const CALLS: usize = 20_000;
const SCHEMA_CALLS: usize = 200;

struct Client {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    line: Vec<u8>,
}

impl Client {
    fn connect(path: &Path) -> Client {
        let stream = retry(&path.display().to_string(), Duration::from_secs(20), || {
            UnixStream::connect(path)
        });
        let mut client = Client {
            reader: BufReader::new(stream.try_clone().expect("clone")),
            writer: stream,
            line: Vec::new(),
        };
        client.read_line();
        client
    }

    fn read_line(&mut self) -> usize {
        self.line.clear();
        self.reader
            .read_until(b'\n', &mut self.line)
            .expect("a reply")
    }

    fn call(&mut self, request: &[u8]) -> usize {
        self.writer.write_all(request).expect("send");
        self.read_line()
    }
}

struct Figures {
    calls_per_s: f64,
    median_us: f64,
    schema_ms: Option<f64>,
    schema_bytes: usize,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure(path: &Path, schema: bool) -> Figures {
    let mut client = Client::connect(path);
    client.call(b"{\"execute\": \"qmp_capabilities\"}\n");
    for _ in 0..1000 {
        client.call(b"{\"execute\": \"query-version\"}\n");
    }
    let mut each = Vec::with_capacity(CALLS);
    let start = Instant::now();
    for _ in 0..CALLS {
        let t = Instant::now();
        client.call(b"{\"execute\": \"query-version\"}\n");
        each.push(t.elapsed());
    }
    let elapsed = start.elapsed();
    let (mut schema_ms, mut schema_bytes) = (None, 0);
    if schema {
        let mut times = Vec::new();
        for _ in 0..SCHEMA_CALLS {
            let t = Instant::now();
            schema_bytes = client.call(b"{\"execute\": \"query-qmp-schema\"}\n");
            times.push(t.elapsed());
        }
        schema_ms = Some(median(times).as_secs_f64() * 1e3);
    }
    Figures {
        calls_per_s: CALLS as f64 / elapsed.as_secs_f64(),
        median_us: median(each).as_secs_f64() * 1e6,
        schema_ms,
        schema_bytes,
    }
}

/// The limit: a server that answers every line with a fixed reply.
fn fixed_reply_server(path: PathBuf) {
    let listener = UnixListener::bind(&path).expect("bind");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut writer = stream.try_clone().expect("clone");
                let _ = writer.write_all(b"{\"QMP\": {}}\r\n");
                let mut reader = BufReader::new(stream);
                let mut line = Vec::new();
                while reader
                    .read_until(b'\n', &mut line)
                    .map(|n| n > 0)
                    .unwrap_or(false)
                {
                    line.clear();
                    if writer.write_all(b"{\"return\": {}}\r\n").is_err() {
                        break;
                    }
                }
            });
        }
    });
}

fn report(name: &str, f: &Figures) {
    print!(
        "{name:<14} {:>9.0} calls/s   median {:>6.1} µs",
        f.calls_per_s, f.median_us
    );
    if let Some(ms) = f.schema_ms {
        print!(
            "   query-qmp-schema {:>8.3} ms ({} bytes)",
            ms, f.schema_bytes
        );
    }
    println!();
}

/// Requests whose session logic is timed alone: one without arguments,
/// and two whose arguments decode through types with parts that some
/// targets lack (checked for x86_64's).
const IN_PROCESS: &[(&str, &[u8])] = &[
    ("query-version", b"{\"execute\": \"query-version\"}\n"),
    (
        "migrate-set-parameters",
        b"{\"execute\": \"migrate-set-parameters\", \"arguments\": {\"multifd-compression\": \"zlib\", \"multifd-channels\": 4}}\n",
    ),
    (
        "blockdev-add",
        b"{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"qcow2\", \"node-name\": \"n\", \"file\": {\"driver\": \"file\", \"filename\": \"/d\", \"aio\": \"io_uring\"}}}\n",
    ),
];

/// The session logic alone for `request`, in process: no I/O.
fn session_only(request: &[u8]) -> f64 {
    let target = qmp_server::targets::binary("x86_64").expect("a target");
    let server = qmp_server::server(&target.into(), &[qmp_server::Chardev::Stdio]);
    let mut session = server.session();
    session.feed(b"{\"execute\": \"qmp_capabilities\"}");
    let start = Instant::now();
    for _ in 0..CALLS {
        std::hint::black_box(session.feed(request));
    }
    start.elapsed().as_secs_f64() * 1e6 / CALLS as f64
}

fn main() {
    for (name, request) in IN_PROCESS {
        println!(
            "session logic alone: {:.2} µs per {name}",
            session_only(request)
        );
    }
    let dir = std::env::temp_dir().join(format!("qmp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/qmp-server");
    assert!(
        bin.is_file(),
        "build it first: cargo build --release -p qmp-server"
    );

    let fixed = dir.join("fixed.sock");
    fixed_reply_server(fixed.clone());
    let ours_path = dir.join("ours.sock");
    let _ours = Killed(
        Command::new(&bin)
            .args(["--target", "x86_64", "--socket"])
            .arg(&ours_path)
            .spawn()
            .expect("qmp-server starts"),
    );
    let ours = measure(&ours_path, true);
    let limit = measure(&fixed, false);
    let qemu = qemu_binary("x86_64").map(|binary| {
        let path = dir.join("qemu.sock");
        let _qemu = start_qemu(&binary, &path);
        measure(&path, true)
    });
    report("qmp-server", &ours);
    match &qemu {
        Some(q) => {
            report("QEMU 10.0.2", q);
            println!(
                "qmp-server vs QEMU: {:.1}x the calls/s, {:.0}x faster on query-qmp-schema",
                ours.calls_per_s / q.calls_per_s,
                q.schema_ms.unwrap_or(0.0) / ours.schema_ms.unwrap_or(1.0)
            );
        }
        None => println!("QEMU 10.0.2         not installed (bash .ci/install-deps installs it)"),
    }
    report("fixed reply", &limit);
    println!(
        "qmp-server reaches {:.0}% of the fixed-reply limit",
        100.0 * ours.calls_per_s / limit.calls_per_s
    );
    let _ = std::fs::remove_dir_all(&dir);
}
