//! Real QEMU for the client's tests: a machine started with QMP on a unix
//! socket, killed when the test ends however it ends, and the sweep of
//! every query that takes no arguments.

// Each test file uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use qapi_client::{Client, Error, Options};
use qapi_runtime::meta::SchemaMeta;
use qapi_runtime::Lacks;
use qapi_test_support::Killed;
use serde_json::{json, Value};

/// A running QEMU, its QMP socket and its standard error in a folder of
/// its own.  Dropping it kills the process and removes the folder.
pub struct Qemu {
    process: Killed,
    dir: PathBuf,
    socket: PathBuf,
}

/// `binary` with the options every test machine has: TCG, no default
/// devices, no display, stopped before it starts (`-S`); `machine` names
/// the machine and whatever else it needs.
pub fn machine(binary: impl AsRef<std::ffi::OsStr>, machine: &[&str]) -> Command {
    let mut command = Command::new(binary);
    command
        .args(machine)
        .args(["-accel", "tcg", "-nodefaults", "-display", "none", "-S"]);
    command
}

impl Qemu {
    /// Starts `command` (see [`machine`]) with QMP on a unix socket;
    /// `name` names its folder.
    pub fn start(mut command: Command, name: &str) -> Qemu {
        let dir = std::env::temp_dir().join(format!("qapi-client-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder for the socket");
        let socket = dir.join("qmp.sock");
        let stderr = std::fs::File::create(dir.join("stderr")).expect("a file for stderr");
        let child = command
            .arg("-qmp")
            .arg(format!("unix:{},server=on,wait=off", socket.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("{command:?} starts: {e}"));
        Qemu {
            process: Killed(child),
            dir,
            socket,
        }
    }

    /// The QMP socket.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Connects with the default options.
    pub async fn connect(&mut self) -> Client {
        self.connect_with(Options::default()).await
    }

    /// Connects with `options` once QEMU listens; panics with QEMU's
    /// standard error if it exits first, or does not listen in time.
    pub async fn connect_with(&mut self, options: Options) -> Client {
        let start = Instant::now();
        loop {
            if self.socket.exists() {
                match options.connect_unix(&self.socket).await {
                    Ok(client) => return client,
                    Err(e) if start.elapsed() > Duration::from_secs(30) => {
                        panic!("QEMU never answered: {e}\n{}", self.stderr())
                    }
                    Err(_) => {}
                }
            }
            if let Ok(Some(status)) = self.process.0.try_wait() {
                panic!("QEMU exited ({status}):\n{}", self.stderr());
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "QEMU did not listen in time:\n{}",
                self.stderr()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What QEMU wrote to its standard error.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.join("stderr")).unwrap_or_default()
    }
}

impl Drop for Qemu {
    fn drop(&mut self) {
        // The process is killed when `process` drops, just after.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The `query-*` commands of the server's own schema that can be called
/// without arguments: no argument type, or one whose members are all
/// optional (QEMU's introspection marks those with `default`), sorted.
pub async fn argumentless_queries(client: &Client) -> Vec<String> {
    let entries = client
        .call("query-qmp-schema", json!({}))
        .await
        .expect("the server's schema");
    let entries = entries.as_array().expect("a list of entities");
    let by_name = |name: &str| {
        entries
            .iter()
            .find(|e| e.get("name").and_then(Value::as_str) == Some(name))
    };
    let takes_none = |command: &Value| {
        let Some(arg_type) = command.get("arg-type").and_then(Value::as_str) else {
            return true;
        };
        let object = by_name(arg_type).expect("the argument type is in the schema");
        object
            .get("members")
            .and_then(Value::as_array)
            .expect("an object type has members")
            .iter()
            .all(|member| member.get("default").is_some())
            && object.get("variants").is_none()
    };
    let mut names: Vec<String> = entries
        .iter()
        .filter(|e| e.get("meta-type").and_then(Value::as_str) == Some("command"))
        .filter(|e| takes_none(e))
        .filter_map(|e| e.get("name")?.as_str())
        .filter(|name| name.starts_with("query-"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

/// What a sweep of queries found.
#[derive(Debug, Default)]
pub struct Sweep {
    /// Replies that decoded strictly through their command's return type.
    pub decoded: usize,
    /// Replies that did not, with why.
    pub failed: Vec<String>,
    /// Queries the server answered with an error (a device this machine
    /// lacks), with the error.
    pub errors: Vec<String>,
}

impl Sweep {
    /// `decoded N, failed N, ...`, each failure and error on a line of its
    /// own.
    pub fn report(&self, what: &str) -> String {
        let mut text = format!(
            "{what}: {} decoded, {} failed ({} error replies)",
            self.decoded,
            self.failed.len(),
            self.errors.len()
        );
        for failure in &self.failed {
            text.push_str(&format!("\n  FAIL {failure}"));
        }
        for error in &self.errors {
            text.push_str(&format!("\n  error reply {error}"));
        }
        text
    }
}

/// Calls each of `queries` untyped, and decodes each reply strictly (a
/// member the schema lacks is an error) through the return type that
/// `schema` gives its command.
pub async fn sweep(client: &Client, schema: &SchemaMeta, queries: &[String]) -> Sweep {
    let mut sweep = Sweep::default();
    for name in queries {
        let reply = match client.call(name, json!({})).await {
            Ok(reply) => reply,
            Err(Error::Qmp(e)) => {
                sweep.errors.push(format!("{name}: {e}"));
                continue;
            }
            Err(e) => panic!("{name}: the connection failed: {e}"),
        };
        match schema.commands.iter().find(|c| c.name == name) {
            None => sweep.failed.push(format!("{name}: not in the schema")),
            Some(meta) => match (meta.check_ret)(reply, Lacks::none()) {
                Ok(()) => sweep.decoded += 1,
                Err(e) => sweep.failed.push(format!("{name}: {e}")),
            },
        }
    }
    sweep
}
