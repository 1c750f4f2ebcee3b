//! What the workspace's tests and benchmarks share.

use std::path::PathBuf;
use std::process::Child;

/// QEMU 10.0.2's corpus: `$QAPI_CORPUS_DIR`, or `shared/qemu-10.0.2` beside
/// the workspace.  A missing corpus fails the caller: a conformance run
/// that checked nothing must not pass.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("QAPI_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/qemu-10.0.2"),
    };
    assert!(
        dir.join("README.md").is_file(),
        "QEMU corpus not found at {} (set QAPI_CORPUS_DIR)",
        dir.display()
    );
    dir
}

/// The corpus of QEMU `version` (`"7.2.22"`, `"10.2.2"`): 10.0.2's is
/// [`corpus_dir`], the others are laid out like it and beside it.  A
/// missing corpus fails the caller.
pub fn release_corpus_dir(version: &str) -> PathBuf {
    let ours = corpus_dir();
    if version == "10.0.2" {
        return ours;
    }
    let dir = match ours.parent() {
        Some(shared) => shared.join(format!("qemu-{version}")),
        None => PathBuf::from(format!("qemu-{version}")),
    };
    assert!(
        dir.join("README.md").is_file(),
        "QEMU {version}'s corpus not found at {} (beside {})",
        dir.display(),
        ours.display()
    );
    dir
}

/// The captures of real QEMU binaries (`qmp/` of the corpus).
pub fn qmp_dir() -> PathBuf {
    corpus_dir().join("qmp")
}

/// Whether a test that needs `what` (something `.ci/install-deps` installs:
/// QEMU's binaries, its QAPI scripts, a Python package) may run, `found`
/// telling whether it is there.  A missing prerequisite fails the test, so
/// that a run that compared nothing does not pass; with
/// `QAPI_ALLOW_MISSING_DEPS=1` it prints `NOT RUN: ...` instead, and the
/// test returns (or leaves out what needs it) when this is false.
pub fn require(what: &str, found: bool) -> bool {
    if found {
        return true;
    }
    let test = std::thread::current().name().unwrap_or("test").to_owned();
    assert!(
        std::env::var_os("QAPI_ALLOW_MISSING_DEPS").is_some_and(|v| v == "1"),
        "{test}: missing {what}; `bash .ci/install-deps` installs it \
         (QAPI_ALLOW_MISSING_DEPS=1 lets the test pass without it)"
    );
    println!(
        "NOT RUN: {test}: missing {what} (QAPI_ALLOW_MISSING_DEPS=1; `bash .ci/install-deps` installs it)"
    );
    false
}

/// [`require`] for a prerequisite found as a value: the value, or `None`
/// where the test is to return.
pub fn required<T>(what: &str, found: Option<T>) -> Option<T> {
    if require(what, found.is_some()) {
        found
    } else {
        None
    }
}

/// The number in environment variable `name`, if it is set to one: the
/// knobs of longer test runs (counts, seeds).
pub fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// SplitMix64: small, fast and reproducible, to drive generated inputs.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A child process that is killed when dropped, so that a failing test
/// leaves no server behind.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The command of QEMU 10.0.2's `qemu-system-TARGET` (`x86_64`,
/// `aarch64`, `x86_64-microvm`, ...), if that version is installed.
pub fn qemu_binary(target: &str) -> Option<String> {
    let binary = format!("qemu-system-{target}");
    let out = std::process::Command::new(&binary)
        .arg("--version")
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .contains("version 10.0.2")
        .then_some(binary)
}

/// Starts real QEMU `binary` as the captures were made (`-machine none
/// -nodefaults -display none -S`), QMP on a unix socket.
pub fn start_qemu(binary: &str, socket: &std::path::Path) -> Killed {
    let child = std::process::Command::new(binary)
        .args([
            "-machine",
            "none",
            "-nodefaults",
            "-display",
            "none",
            "-S",
            "-qmp",
        ])
        .arg(format!("unix:{},server=on,wait=off", socket.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{binary} starts: {e}"));
    Killed(child)
}

/// Retries `attempt` until it succeeds: a server just started takes a
/// moment to listen.  Panics, naming `what`, after `limit`.
pub fn retry<T, E: std::fmt::Display>(
    what: &str,
    limit: std::time::Duration,
    mut attempt: impl FnMut() -> Result<T, E>,
) -> T {
    let start = std::time::Instant::now();
    loop {
        match attempt() {
            Ok(value) => return value,
            Err(e) if start.elapsed() > limit => panic!("{what}: {e}"),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}
