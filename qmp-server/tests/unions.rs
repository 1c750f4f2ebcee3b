//! Several targets in one process: `qmp-server --target a,b` serves the
//! union of the binaries' schemas.  Checked against the real binaries,
//! whose replies are read at test time, and as properties over the table.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use common::real::Conn;
use qapi_runtime::Targets;
use qapi_test_support::{qemu_binary, require, start_qemu, Killed};
use qmp_server::schema::SCHEMA;
use qmp_server::targets;
use serde_json::Value;

/// What identifies an element of an introspection array among its
/// siblings: an enum value or feature is a string; an entry, member,
/// branch or alternative an object named by its `name`, `case` or `type`.
fn id(element: &Value) -> String {
    match element {
        Value::String(s) => s.clone(),
        Value::Object(o) => ["name", "case", "type"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str))
            .map_or_else(|| element.to_string(), str::to_owned),
        other => other.to_string(),
    }
}

/// Checks that `ours` is the union of `theirs` (one value per binary that
/// has it): objects have the same keys in the same wire order and their
/// values are unions; an array holds every element some binary has and
/// nothing more, in an order that each binary's list follows; scalars are
/// equal.  Problems are pushed to `errors`, named by `at`.
fn check_union(at: &str, ours: &Value, theirs: &[&Value], errors: &mut Vec<String>) {
    match (ours, theirs[0]) {
        (Value::Object(o), Value::Object(t)) => {
            let keys: Vec<&String> = o.keys().collect();
            for other in theirs {
                let their_keys: Vec<&String> =
                    other.as_object().map_or(Vec::new(), |m| m.keys().collect());
                if keys != their_keys {
                    errors.push(format!("{at}: keys {keys:?}, a binary has {their_keys:?}"));
                    return;
                }
            }
            for key in t.keys() {
                let values: Vec<&Value> = theirs.iter().map(|v| &v[key]).collect();
                check_union(&format!("{at}.{key}"), &o[key], &values, errors);
            }
        }
        (Value::Array(o), Value::Array(_)) => {
            let ours_ids: Vec<String> = o.iter().map(id).collect();
            let mut by_id: HashMap<String, Vec<&Value>> = HashMap::new();
            for list in theirs {
                let list = list.as_array().map_or(&[][..], Vec::as_slice);
                let their_ids: Vec<String> = list.iter().map(id).collect();
                let projected: Vec<&String> =
                    ours_ids.iter().filter(|i| their_ids.contains(i)).collect();
                if projected != their_ids.iter().collect::<Vec<_>>() {
                    errors.push(format!(
                        "{at}: a binary's {their_ids:?} is not in our order {ours_ids:?}"
                    ));
                }
                for element in list {
                    by_id.entry(id(element)).or_default().push(element);
                }
            }
            let want: BTreeSet<&String> = by_id.keys().collect();
            let got: BTreeSet<&String> = ours_ids.iter().collect();
            if want != got {
                let extra: Vec<_> = got.difference(&want).collect();
                let missing: Vec<_> = want.difference(&got).collect();
                errors.push(format!("{at}: extra {extra:?}, missing {missing:?}"));
                return;
            }
            for (element, i) in o.iter().zip(&ours_ids) {
                check_union(&format!("{at}[{i}]"), element, &by_id[i], errors);
            }
        }
        _ => {
            if theirs.iter().any(|t| *t != ours) {
                errors.push(format!("{at}: ours {ours}, theirs {theirs:?}"));
            }
        }
    }
}

/// `qmp-server --target LIST` on a socket, connected.
fn ours(list: &str, dir: &std::path::Path) -> (Killed, Conn) {
    let socket = dir.join("ours.sock");
    let child = Command::new(env!("CARGO_BIN_EXE_qmp-server"))
        .args(["--target", list, "--socket"])
        .arg(&socket)
        .spawn()
        .expect("qmp-server starts");
    (
        Killed(child),
        Conn::open(&format!("qmp-server --target {list}"), &socket),
    )
}

/// A connection past the greeting and the negotiation.
fn negotiated(mut conn: Conn) -> Conn {
    conn.line();
    conn.ask(b"{\"execute\": \"qmp_capabilities\"}");
    conn
}

/// The `return` of `command`.
fn ask(conn: &mut Conn, command: &str) -> Value {
    let request = format!("{{\"execute\": \"{command}\"}}");
    conn.ask_reply(request.as_bytes())["return"].clone()
}

fn union_matches_real_binaries(list: &str) {
    let names: Vec<&str> = list.split(',').collect();
    let binaries: Vec<Option<String>> = names.iter().map(|t| qemu_binary(t)).collect();
    if !require(
        &format!("qemu-system-TARGET 10.0.2 of targets {list}"),
        binaries.iter().all(Option::is_some),
    ) {
        return;
    }
    // No comma in the path: QEMU's `-qmp` option would split it there.
    let dir = std::env::temp_dir().join(format!(
        "qmp-union-{}-{}",
        std::process::id(),
        names.join("+")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut theirs = Vec::new();
    let mut processes = Vec::new();
    for (name, binary) in names.iter().zip(binaries.into_iter().flatten()) {
        let socket = dir.join(format!("{name}.sock"));
        processes.push(start_qemu(&binary, &socket));
        theirs.push(negotiated(Conn::open(&binary, &socket)));
    }
    let (process, ours) = ours(list, &dir);
    processes.push(process);
    let mut ours = negotiated(ours);

    let mut errors = Vec::new();
    for command in ["query-qmp-schema", "query-commands"] {
        let want: Vec<Value> = theirs.iter_mut().map(|c| ask(c, command)).collect();
        let want: Vec<&Value> = want.iter().collect();
        check_union(command, &ask(&mut ours, command), &want, &mut errors);
    }
    // The process is the first binary named.
    let request = b"{\"execute\": \"query-target\"}";
    assert_eq!(
        ours.ask(request),
        theirs[0].ask(request),
        "{list}: query-target"
    );
    let _ = std::fs::remove_dir_all(&dir);
    for e in errors.iter().take(10) {
        println!("{list}: {e}");
    }
    assert!(errors.is_empty(), "{list}: {} differences", errors.len());
}

#[test]
fn arm_and_aarch64_serve_the_union_of_the_real_binaries() {
    union_matches_real_binaries("arm,aarch64");
}

/// `{'all': ['TARGET_S390X', 'CONFIG_KVM']}` holds for the atoms of s390x
/// and x86_64 taken together, but for neither binary: the union lacks it.
#[test]
fn s390x_and_x86_64_serve_the_union_of_the_real_binaries() {
    union_matches_real_binaries("s390x,x86_64");
}

/// The reply `command` gives in process, for `targets`.
fn reply(targets: &Targets, command: &str) -> Value {
    let server = qmp_server::server(targets, &[qmp_server::Chardev::Stdio]);
    let request = format!("{{\"execute\": \"{command}\"}}");
    server
        .registry()
        .call(command, serde_json::json!({}))
        .unwrap_or_else(|e| {
            panic!("{request}: {e}");
        })
}

fn command_names(targets: &Targets) -> BTreeSet<String> {
    let list = reply(targets, "query-commands");
    list.as_array()
        .expect("a list")
        .iter()
        .map(|c| c["name"].as_str().expect("a name").to_owned())
        .collect()
}

/// For pairs over the whole table, against the members' own replies in
/// process (which the differential tests hold byte-exact with the real
/// binaries): the union's introspection is the union of theirs, and its
/// command list the union of their lists.
#[test]
fn a_union_has_what_its_members_have_and_no_more() {
    let all: Vec<&str> = targets::names().collect();
    // Each binary with its neighbour in the table, and with x86_64, the
    // binary with KVM: `{'all': ['TARGET_S390X', 'CONFIG_KVM']}` holds for
    // s390x and x86_64 only taken together, which the union must not do.
    for (i, a) in all.iter().enumerate() {
        for b in [all[(i + 1) % all.len()], "x86_64"] {
            if *a == b {
                continue;
            }
            let list = format!("{a},{b}");
            let union = targets::parse_list(&list).expect("known binaries");
            let members: Vec<Targets> = union.iter().map(|set| set.clone().into()).collect();
            let mut want = BTreeSet::new();
            for member in &members {
                want.extend(command_names(member));
            }
            assert_eq!(command_names(&union), want, "{list}");
            let schemas: Vec<Value> = members
                .iter()
                .map(|m| reply(m, "query-qmp-schema"))
                .collect();
            let mut errors = Vec::new();
            let theirs: Vec<&Value> = schemas.iter().collect();
            check_union(
                &list,
                &reply(&union, "query-qmp-schema"),
                &theirs,
                &mut errors,
            );
            assert!(errors.is_empty(), "{list}: {errors:?}");
        }
    }
}

#[test]
fn a_set_of_one_is_that_binary() {
    for name in targets::names() {
        let one: Targets = targets::binary(name).expect("listed").into();
        let single = one.first().clone();
        // The union's semantics, against evaluating the conditions for the
        // binary's own atoms.
        let union = SCHEMA.introspection.render(&|c| one.has(c));
        let own = SCHEMA.introspection.render(&|c| single.holds(c));
        assert_eq!(union, own, "{name}");
        let parsed = SCHEMA.introspection.evaluate(&|a| single.defines(a));
        assert_eq!(
            reply(&one, "query-qmp-schema"),
            Value::Array(parsed),
            "{name}"
        );
    }
}
