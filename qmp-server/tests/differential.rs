//! Differential tests against real QEMU 10.0.2 (installed by
//! `.ci/install-deps` from Debian's backports), all 30 system emulators:
//! the same requests, many of them malformed, to both; identical bytes
//! back.
//!
//! `QMP_DIFF_REQUESTS` and `QMP_DIFF_TARGET_REQUESTS` set how many
//! generated requests go to x86_64 (default 400) and to each target
//! (default 40), `QMP_DIFF_SEED` the random seed.

mod common;

use common::real::{each_target, Conn, Pair};
use qapi_test_support::{env_u64, qemu_binary, required, Rng};
use qmp_server::schema::SCHEMA;

/// The seed of generated requests: `QMP_DIFF_SEED`, or a fixed one.
fn seed() -> u64 {
    env_u64("QMP_DIFF_SEED").unwrap_or(0x5eed_0001)
}

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
        3 => rng
            .pick(&["1.5", "-0.0", "2.5e3", "1e-7", "0.1", "1e400", "-2e308"])
            .into(),
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

/// Requests whose answers depend on the target or come from handlers that
/// imitate QEMU's, each compared as it is.
const TARGET_FIXED: &[&str] = &[
    r#"{"execute": "query-version"}"#,
    r#"{"execute": "query-target"}"#,
    r#"{"execute": "query-status"}"#,
    r#"{"execute": "query-name"}"#,
    r#"{"execute": "query-kvm"}"#,
    r#"{"execute": "query-commands"}"#,
    r#"{"execute": "query-qmp-schema"}"#,
    r#"{"execute": "x-query-jit"}"#,
    r#"{"execute": "inject-nmi"}"#,
    r#"{"execute": "balloon", "arguments": {"value": 1024}}"#,
    r#"{"execute": "migrate-pause"}"#,
    r#"{"execute": "qom-list-types", "arguments": {"implements": "no-such-type"}}"#,
    r#"{"execute": "query-rx-filter", "arguments": {"name": "net0"}}"#,
    r#"{"execute": "query-dirty-rate", "arguments": {"calc-time-unit": "millisecond"}}"#,
    r#"{"execute": "query-blockstats", "arguments": {"query-nodes": true}}"#,
    r#"{"execute": "query-named-block-nodes", "arguments": {"flat": true}}"#,
    // Past the largest double, QEMU has infinities, and echoes them.
    r#"{"execute": "query-status", "id": [1e400, -1e999, 1.7976931348623157e308, {"x": 2e308}, 1e-400]}"#,
    r#"{"execute": "balloon", "arguments": {"value": 1e400}, "id": -1e400}"#,
];

/// The queries of [`qmp_server::idle`], sent without arguments.
const IDLE_QUERIES: &[&str] = &[
    "query-jobs",
    "query-pr-managers",
    "query-block",
    "query-blockstats",
    "query-block-jobs",
    "query-named-block-nodes",
    "query-block-exports",
    "query-rx-filter",
    "query-tpm",
    "query-vnc",
    "query-vnc-servers",
    "query-spice",
    "query-mice",
    "query-display-options",
    "query-dump",
    "query-dump-guest-memory-capability",
    "query-migrate",
    "query-xen-replication-status",
    "query-colo-status",
    "query-dirty-rate",
    "query-vcpu-dirty-limit",
    "query-migrationthreads",
    "query-cpus-fast",
    "query-current-machine",
    "query-uuid",
    "query-vm-generation-id",
    "query-memdev",
    "query-hotpluggable-cpus",
    "query-balloon",
    "query-memory-devices",
    "query-replay",
    "query-yank",
    "query-iothreads",
    "query-fdsets",
    "query-audiodevs",
    "query-acpi-ospm-status",
    "query-pci",
    "query-cryptodev",
    "x-query-irq",
    "x-query-numa",
    "x-query-opcount",
    "x-query-ramblock",
    "x-query-roms",
    "x-query-interrupt-controllers",
];

/// Paths for `qom-list` and `qom-get`: every object of the tree, absolute
/// and partial, and paths QEMU resolves to nothing or to several objects.
const QOM_PATHS: &[&str] = &[
    "/",
    "/machine",
    "/objects",
    "/backend",
    "/chardevs",
    "/dr-connector",
    "/machine/peripheral",
    "/machine/peripheral-anon",
    "/machine/unattached",
    "/machine/unattached/io[0]",
    "/machine/unattached/system[0]",
    "/machine/unattached/sysbus",
    "/chardevs/compat_monitor0",
    "",
    "//",
    "/machine/",
    "/machine//unattached",
    "machine",
    "unattached/",
    "machine/unattached",
    "sysbus",
    "compat_monitor0",
    "dr-connector",
    "type",
    "..",
    "/machine/..",
    "/machine/unattached/io[0]/container",
    "/nope",
];

/// `qom-list` of every path of [`QOM_PATHS`], and `qom-get` of each
/// property it lists (the chardev's address, which differs, aside) and of
/// one that does not exist.
fn qom_requests(qemu: &mut Conn) -> Vec<String> {
    let mut requests = Vec::new();
    for path in QOM_PATHS {
        let list = format!(r#"{{"execute": "qom-list", "arguments": {{"path": "{path}"}}}}"#);
        let listed = qemu.ask_reply(list.as_bytes());
        requests.push(list);
        let names = listed["return"].as_array().into_iter().flatten();
        let names = names.filter_map(|p| p["name"].as_str());
        for name in names.filter(|name| *name != "addr").chain(["nope"]) {
            requests.push(format!(
                r#"{{"execute": "qom-get", "arguments": {{"path": "{path}", "property": "{name}"}}}}"#
            ));
        }
    }
    requests
}

#[test]
fn same_bytes_as_real_qemu() {
    let Some(binary) = required("qemu-system-x86_64 10.0.2", qemu_binary("x86_64")) else {
        return;
    };
    let mut pair = Pair::start(&binary, "x86_64");
    let mut rng = Rng(seed());
    for request in TARGET_FIXED {
        pair.compare(request.as_bytes());
    }
    for _ in 0..env_u64("QMP_DIFF_REQUESTS").unwrap_or(400) {
        pair.compare(&request(&mut rng));
    }
    println!(
        "{} passed, {} failed ({} requests not sent: too many messages for QEMU's queue)",
        pair.passed, pair.failed, pair.not_sent
    );
    assert_eq!(pair.failed, 0);
}

/// Every one of the 30 binaries against `qmp-server` as that target: the
/// answers that differ from target to target (`query-qmp-schema`,
/// `query-commands`, `query-target`, `query-kvm`), then every command of
/// the schema called with a member no command has, which QEMU rejects
/// before running anything: "not found" where the target lacks the
/// command, else its first missing member or the unexpected one; then
/// generated requests.
#[test]
fn every_target_answers_as_its_binary() {
    let (seed, requests) = (seed(), env_u64("QMP_DIFF_TARGET_REQUESTS").unwrap_or(40));
    each_target(|n, pair| {
        for request in TARGET_FIXED {
            pair.compare(request.as_bytes());
        }
        for query in IDLE_QUERIES {
            pair.compare(format!(r#"{{"execute": "{query}"}}"#).as_bytes());
        }
        for request in qom_requests(&mut pair.theirs) {
            pair.compare(request.as_bytes());
        }
        for command in SCHEMA.commands {
            pair.compare(
                format!(
                    "{{\"execute\": \"{}\", \"arguments\": {{\"no-such-member\": 1}}, \"id\": 1}}",
                    command.name
                )
                .as_bytes(),
            );
        }
        let mut rng = Rng(seed + 0x1000 + n);
        for _ in 0..requests {
            pair.compare(&request(&mut rng));
        }
    });
}
