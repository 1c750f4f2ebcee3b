//! Every command's argument checks against real QEMU, for every target:
//! arguments built from the binary's own `query-qmp-schema`, each set with
//! one fault somewhere in it (a member of the wrong JSON type, a number no
//! integer type takes, a value outside an enum, a required member left
//! out, or one or more members the type does not have), at the top or
//! nested in objects, lists, unions and alternates.  QEMU rejects such a
//! request before it runs the command, so any command can be sent; both
//! servers must answer the same bytes, and that answer must be an error.
//!
//! `QMP_ARGS_PER_COMMAND` sets how many sets per command (default 4),
//! `QMP_ARGS_SEED` the random seed.

mod common;

use common::real::each_target;
use common::schema::{Schema, MAX_DEPTH};
use qapi_test_support::{env_u64, Rng};
use qmp_server::schema::SCHEMA;
use serde_json::{json, Map, Value};

/// Numbers no integer type takes, whatever its size and sign: a fraction,
/// and just outside the ranges of int64 and uint64.  A value holds one as
/// the string `#NUMBER#`, which [`request`] writes as the number itself
/// (`serde_json` would make the big ones floats).
const NOT_INTEGERS: &[&str] = &["1.5", "18446744073709551616", "-9223372036854775809"];

/// The request to execute `command` with `args`, as text.
fn request(command: &str, args: Map<String, Value>) -> String {
    let mut text = json!({"execute": command, "arguments": args}).to_string();
    for number in NOT_INTEGERS {
        text = text.replace(&format!("\"#{number}#\""), number);
    }
    text
}

/// The JSON types of QAPI values.
const KINDS: &[&str] = &["string", "number", "boolean", "null", "object", "array"];

/// The faults of a type's values.
trait Faults {
    fn faulty(&self, rng: &mut Rng, ty: &str, depth: usize) -> Option<Value>;
    fn faulty_object(&self, rng: &mut Rng, e: &Value, depth: usize) -> Map<String, Value>;
    fn branch_members<'a>(&'a self, e: &Value, object: &Map<String, Value>) -> &'a [Value];
}

impl Faults for Schema {
    /// A value of `ty` that QEMU must reject, if `ty` has any.
    fn faulty(&self, rng: &mut Rng, ty: &str, depth: usize) -> Option<Value> {
        let e = self.get(ty);
        match e["meta-type"].as_str().unwrap_or_default() {
            "builtin" if e["json-type"] == "int" && rng.below(2) == 0 => {
                let number = NOT_INTEGERS[rng.below(NOT_INTEGERS.len())];
                Some(json!(format!("#{number}#")))
            }
            "builtin" | "enum" | "array" if depth >= MAX_DEPTH || rng.below(2) == 0 => {
                let kind = self.kind(ty)?;
                Some(wrong_kind(rng, &[kind]))
            }
            "enum" => Some(json!("no-such-value")),
            "array" => {
                let element = e["element-type"].as_str().expect("an element type");
                let valid = self.valid(rng, element, depth + 1);
                let faulty = self.faulty(rng, element, depth + 1)?;
                Some(json!([valid, faulty]))
            }
            "alternate" => {
                let members = e["members"].as_array().expect("members");
                let kinds: Vec<&str> = members
                    .iter()
                    .filter_map(|m| self.kind(m["type"].as_str()?))
                    .collect();
                // The JSON types no branch takes; `any`-like branches take
                // them all.
                if kinds.len() < members.len() || kinds.len() == KINDS.len() {
                    return None;
                }
                Some(wrong_kind(rng, &kinds))
            }
            "object" if rng.below(4) == 0 => Some(wrong_kind(rng, &["object"])),
            "object" => Some(Value::Object(self.faulty_object(rng, e, depth))),
            _ => None,
        }
    }

    /// A valid object of type `e` but for one fault.
    fn faulty_object(&self, rng: &mut Rng, e: &Value, depth: usize) -> Map<String, Value> {
        let mut object = self.valid_object(rng, e, depth);
        let members: Vec<&Value> = e["members"].as_array().into_iter().flatten().collect();
        let required: Vec<&str> = members
            .iter()
            .filter(|m| m.get("default").is_none())
            .filter_map(|m| m["name"].as_str())
            .collect();
        // The fault in a member of the object or of its branch, where
        // that member's type can be given a wrong value.
        let fault = |rng: &mut Rng, object: &Map<String, Value>| {
            let candidates: Vec<(&str, &str)> = members
                .iter()
                .copied()
                .chain(self.branch_members(e, object))
                .filter_map(|m| Some((m["name"].as_str()?, m["type"].as_str()?)))
                .collect();
            // Half the time in a member that nests, where there is one.
            let nesting: Vec<(&str, &str)> = candidates
                .iter()
                .copied()
                .filter(|(_, ty)| {
                    !matches!(
                        self.kind(ty),
                        Some("string" | "number" | "boolean" | "null")
                    )
                })
                .collect();
            let pool = if !nesting.is_empty() && rng.below(2) == 0 {
                &nesting
            } else {
                &candidates
            };
            let (name, ty) = *pool.get(rng.below(pool.len()))?;
            Some((name.to_owned(), self.faulty(rng, ty, depth + 1)?))
        };
        match rng.below(4) {
            0 if !required.is_empty() => {
                object.remove(required[rng.below(required.len())]);
            }
            0 | 1 => unknown_members(rng, &mut object),
            _ => match fault(rng, &object) {
                Some((name, value)) => {
                    object.insert(name, value);
                }
                None => unknown_members(rng, &mut object),
            },
        }
        object
    }

    /// The members of the branch `object`'s tag selects, for a union.
    fn branch_members<'a>(&'a self, e: &Value, object: &Map<String, Value>) -> &'a [Value] {
        let branch = e["tag"]
            .as_str()
            .and_then(|tag| object.get(tag)?.as_str())
            .and_then(|case| {
                let variants = e["variants"].as_array()?;
                variants.iter().find(|v| v["case"] == case)?["type"].as_str()
            });
        branch
            .and_then(|ty| self.get(ty)["members"].as_array())
            .map_or(&[], Vec::as_slice)
    }
}

/// Adds one to eight members no type has to `object`.  Which one QEMU
/// reports depends on the order of its hash table of members left.
fn unknown_members(rng: &mut Rng, object: &mut Map<String, Value>) {
    for _ in 0..1 + rng.below(8) {
        let name = match rng.below(3) {
            0 => "no-such-member".to_owned(),
            1 => format!("k{}", rng.below(100)),
            _ => format!("x-{}", rng.below(1000)),
        };
        object.insert(name, json!(1));
    }
}

/// A JSON value of a type other than `kinds`.
fn wrong_kind(rng: &mut Rng, kinds: &[&str]) -> Value {
    let others: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| !kinds.contains(k))
        .collect();
    match others[rng.below(others.len())] {
        "string" => json!("wrong"),
        "number" => json!(7),
        "boolean" => json!(false),
        "null" => Value::Null,
        "object" => json!({"not": "valid"}),
        _ => json!(["wrong"]),
    }
}

#[test]
fn every_command_rejects_as_qemu() {
    let seed = env_u64("QMP_ARGS_SEED").unwrap_or(0xa56_0000);
    let per_command = env_u64("QMP_ARGS_PER_COMMAND").unwrap_or(4);
    each_target(|n, pair| {
        let schema = Schema::new(&pair.theirs.ask_reply(br#"{"execute": "query-qmp-schema"}"#));
        let mut rng = Rng(seed + n);
        for command in SCHEMA.commands {
            // A hand-written command reads its arguments its own way, and
            // one the target lacks has no arguments to check.
            let Some(entry) = schema.0.get(command.name) else {
                continue;
            };
            if !command.flags.gen {
                continue;
            }
            let args = schema.get(entry["arg-type"].as_str().expect("an arg-type"));
            for _ in 0..per_command {
                let args = schema.faulty_object(&mut rng, args, 0);
                let request = request(command.name, args);
                let answer = pair.theirs.ask(request.as_bytes());
                assert!(
                    answer.starts_with("{\"error\""),
                    "QEMU ran {request}: {answer}"
                );
                let ours = pair.ours.ask(request.as_bytes());
                pair.tally(&request, &answer, &ours);
            }
        }
    });
}
