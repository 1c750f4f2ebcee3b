//! What a binary lacks of the schema's types is rejected as that binary
//! rejects it: for every target and every command, requests whose only
//! fault is an enum value, union branch or object member the target's
//! binary lacks (built from the schema and the binary's own
//! `query-qmp-schema`, see `common/probes.rs`), each with the error QEMU
//! gives, worded from where the fault is.
//!
//! In process, against the 30 targets' registries; and against the 30 real
//! binaries, every byte compared.
//! `QMP_LACKING_PER_COMMAND` sets how many probes per command (default 24),
//! `QMP_LACKING_SEED` the random seed of the values around them.

mod common;

use common::probes::{probes, Probe};
use common::real::each_target;
use common::schema::Schema;
use qapi_test_support::env_u64;
use qmp_server::schema::SCHEMA;
use qmp_server::targets;
use serde_json::Value;

fn per_command() -> usize {
    env_u64("QMP_LACKING_PER_COMMAND").map_or(24, |n| n as usize)
}

fn seed() -> u64 {
    env_u64("QMP_LACKING_SEED").unwrap_or(0x1ac5)
}

/// The schema with every conditional element.
fn full() -> Schema {
    Schema::from_entries(&SCHEMA.introspection.evaluate_with(&|_| true))
}

/// The `desc` of an error reply.
fn desc(answer: &str) -> Option<String> {
    let reply: Value = serde_json::from_str(answer.lines().next()?).ok()?;
    Some(reply["error"]["desc"].as_str()?.to_owned())
}

#[test]
fn every_target_rejects_what_it_lacks_in_process() {
    let full = full();
    let (mut passed, mut failed) = (0, 0);
    let mut microvm = 0;
    for (n, name) in (0..).zip(targets::names()) {
        let target = targets::binary(name).expect("built in");
        let own = SCHEMA
            .introspection
            .evaluate(&|atom: &str| target.defines(atom));
        let probes = probes(
            &full,
            &Schema::from_entries(&own),
            seed() + n,
            per_command(),
        );
        let server = common::server(name);
        let registry = server.registry();
        for Probe {
            command,
            request,
            desc,
        } in &probes
        {
            let request: Value = serde_json::from_str(request).expect("JSON");
            match registry.call(command, request["arguments"].clone()) {
                Err(e) if e.desc == *desc => passed += 1,
                other => {
                    failed += 1;
                    println!("FAIL {name} {request}\n  want: {desc}\n  got: {other:?}");
                }
            }
        }
        if name == "x86_64-microvm" {
            microvm = probes.len();
        }
        println!("{name}: {} probes", probes.len());
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0);
    // The reduced build lacks most: spice, braille, replication, zstd...
    assert!(microvm > 100, "{microvm} probes for x86_64-microvm");
}

#[test]
fn every_target_rejects_what_it_lacks_as_qemu() {
    let full = full();
    let mut wrong_words = 0;
    each_target(|n, pair| {
        let reply = pair.theirs.ask_reply(br#"{"execute": "query-qmp-schema"}"#);
        let own = Schema::new(&reply);
        for probe in probes(&full, &own, seed() + n, per_command()) {
            let theirs = pair.theirs.ask(probe.request.as_bytes());
            // The probe's fault is the one QEMU reports.
            if desc(&theirs).as_deref() != Some(probe.desc.as_str()) {
                wrong_words += 1;
                println!(
                    "PROBE {} {}\n  want: {}\n  qemu: {theirs:?}",
                    pair.target, probe.request, probe.desc
                );
            }
            let ours = pair.ours.ask(probe.request.as_bytes());
            pair.tally(&probe.request, &theirs, &ours);
        }
    });
    assert_eq!(wrong_words, 0, "probes whose fault QEMU did not report");
}
