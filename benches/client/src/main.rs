//! Client throughput against `qmp-server --target x86_64`, side by side
//! in one run, rounds alternating: a minimal blocking client that only
//! writes a request and reads a line (the limit, as a C client would do
//! it), `qapi-client`'s async client (sequential typed `query-version`,
//! and 64 calls in flight), its blocking client, the `qapi` crate's async
//! client (0.15, typed `query_version`), and QEMU's Python `qemu.qmp`
//! when it is installed.
//!
//!     cargo build --release -p qmp-server
//!     taskset -c 0 cargo run --release --manifest-path benches/client/Cargo.toml
//!
//! Pinned to one core, as BENCHMARKS.md explains: unpinned, client and
//! server wake each other across vCPUs and that is all it measures.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use qapi_client::Client;
use qapi_qemu::v10_0::system::commands::QueryVersion;

const CALLS: u32 = 20_000;
const ROUNDS: usize = 3;
const IN_FLIGHT: u32 = 64;

/// The server, killed when the bench ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(socket: &Path) -> Server {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/qmp-server");
    assert!(
        bin.is_file(),
        "build it first: cargo build --release -p qmp-server"
    );
    // Killed on drop, on the way out of a panic too.
    let server = Server(
        Command::new(bin)
            .args(["--target", "x86_64", "--socket"])
            .arg(socket)
            .spawn()
            .expect("qmp-server starts"),
    );
    for _ in 0..400 {
        if UnixStream::connect(socket).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("qmp-server did not listen on {}", socket.display());
}

/// Calls per second of the minimal client: write, read a line.
fn raw(socket: &Path) -> f64 {
    let stream = UnixStream::connect(socket).expect("connects");
    let mut writer = stream.try_clone().expect("clones");
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    // The greeting.
    reader.read_until(b'\n', &mut line).expect("a greeting");
    let mut call = |request: &[u8]| {
        writer.write_all(request).expect("sends");
        line.clear();
        reader.read_until(b'\n', &mut line).expect("a reply");
    };
    call(b"{\"execute\": \"qmp_capabilities\"}\n");
    let start = Instant::now();
    for _ in 0..CALLS {
        call(b"{\"execute\": \"query-version\"}\n");
    }
    f64::from(CALLS) / start.elapsed().as_secs_f64()
}

/// Calls per second of the async client, sequential, on one thread.
fn ours_sequential(runtime: &tokio::runtime::Runtime, socket: &Path) -> f64 {
    runtime.block_on(async {
        let client = Client::connect_unix(socket).await.expect("connects");
        let start = Instant::now();
        for _ in 0..CALLS {
            let version = client.execute(&QueryVersion).await.expect("a version");
            std::hint::black_box(version);
        }
        f64::from(CALLS) / start.elapsed().as_secs_f64()
    })
}

/// Calls per second of the `qapi` crate's async client, sequential, on
/// one thread (its reader is a task, as ours is).
fn qapi_crate(runtime: &tokio::runtime::Runtime, socket: &Path) -> f64 {
    runtime.block_on(async {
        let stream = qapi::futures::QmpStreamTokio::open_uds(socket)
            .await
            .expect("connects");
        let stream = stream.negotiate().await.expect("negotiates");
        let (qmp, reader) = stream.spawn_tokio();
        let start = Instant::now();
        for _ in 0..CALLS {
            let version = qmp
                .execute(qapi::qmp::query_version {})
                .await
                .expect("a version");
            std::hint::black_box(version);
        }
        let rate = f64::from(CALLS) / start.elapsed().as_secs_f64();
        drop(qmp);
        reader.abort();
        rate
    })
}

/// Calls per second of the async client with 64 calls in flight.
fn ours_in_flight(runtime: &tokio::runtime::Runtime, socket: &Path) -> f64 {
    runtime.block_on(async {
        let client = Client::connect_unix(socket).await.expect("connects");
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..IN_FLIGHT {
            let client = client.clone();
            tasks.spawn(async move {
                for _ in 0..CALLS / IN_FLIGHT {
                    client.execute(&QueryVersion).await.expect("a version");
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("a task ends");
        }
        f64::from(CALLS / IN_FLIGHT * IN_FLIGHT) / start.elapsed().as_secs_f64()
    })
}

/// Calls per second of the blocking client.
fn ours_blocking(socket: &Path) -> f64 {
    let client = qapi_client::blocking::Client::connect_unix(socket).expect("connects");
    let start = Instant::now();
    for _ in 0..CALLS {
        std::hint::black_box(client.execute(&QueryVersion).expect("a version"));
    }
    f64::from(CALLS) / start.elapsed().as_secs_f64()
}

/// Calls per second of `qemu.qmp`, if Python has it.
fn qemu_qmp(socket: &Path) -> Option<f64> {
    let script = format!(
        "import asyncio, time\n\
         from qemu.qmp import QMPClient\n\
         async def main():\n\
         \x20   c = QMPClient()\n\
         \x20   await c.connect({socket:?})\n\
         \x20   t = time.perf_counter()\n\
         \x20   for _ in range({CALLS}):\n\
         \x20       await c.execute('query-version')\n\
         \x20   print({CALLS} / (time.perf_counter() - t))\n\
         \x20   await c.disconnect()\n\
         asyncio.run(main())\n",
        socket = socket.display().to_string()
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("qapi-client-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    let socket = dir.join("qmp.sock");
    let _server = start_server(&socket);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!("{CALLS} sequential query-version calls per figure; {ROUNDS} rounds, alternating");
    for round in 1..=ROUNDS {
        let raw = raw(&socket);
        let sequential = ours_sequential(&runtime, &socket);
        let other = qapi_crate(&runtime, &socket);
        let blocking = ours_blocking(&socket);
        let in_flight = ours_in_flight(&runtime, &socket);
        let python = qemu_qmp(&socket);
        println!(
            "round {round}: raw {raw:.0}/s, ours async {sequential:.0}/s ({:.0}% of raw, \
             {:.2}x the qapi crate's {other:.0}/s), ours blocking {blocking:.0}/s, \
             ours {IN_FLIGHT} in flight {in_flight:.0}/s, qemu.qmp {}",
            100.0 * sequential / raw,
            sequential / other,
            python.map_or("not installed".to_owned(), |p| format!("{p:.0}/s"))
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
