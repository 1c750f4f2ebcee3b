//! Requests whose only fault is a part of the schema that a binary lacks:
//! an enum value (a union's discriminator among them) or an object member
//! that QEMU's schema has and the binary's own `query-qmp-schema` does not,
//! at the top of a command's arguments or nested in objects, lists, union
//! branches and alternates; every other member holds a value the binary
//! accepts.  Each comes with the error QEMU gives for it, worded here from
//! where the fault is.
//!
//! The schema's side is the whole introspection data, every conditional
//! element kept; the two are walked side by side by member name, since the
//! type names of introspection are masked differently in each.

use std::collections::BTreeSet;

use qapi_test_support::Rng;
use serde_json::{json, Map, Value};

use super::schema::{Schema, MAX_DEPTH};

/// How many object levels a fault may be nested in.
const MAX_NESTING: usize = 6;

/// One request and the error QEMU answers it with.
pub struct Probe {
    pub command: &'static str,
    pub request: String,
    /// The error's `desc`.
    pub desc: String,
}

/// The probes for every command that has generated argument checks and
/// that the binary whose schema is `target` has: at most `per_command`
/// each, picked with `seed`.  `full` is the schema with every conditional
/// element.
pub fn probes(full: &Schema, target: &Schema, seed: u64, per_command: usize) -> Vec<Probe> {
    let mut walk = Walk {
        full,
        target,
        rng: Rng(seed),
    };
    let mut probes = Vec::new();
    for command in qmp_server::schema::SCHEMA.commands {
        // A hand-written command reads its arguments its own way.
        if !command.flags.gen {
            continue;
        }
        let Some(theirs) = target.0.get(command.name) else {
            continue;
        };
        let arg_type = |e: &Value| e["arg-type"].as_str().expect("an arg-type").to_owned();
        let (f, t) = (arg_type(full.get(command.name)), arg_type(theirs));
        let mut faults = walk.faults(&f, &t, &Place::default(), &mut Vec::new());
        // The same fault in the same place, reached through several
        // branches, is probed once.
        let mut seen = BTreeSet::new();
        faults.retain(|fault| seen.insert((fault.place.clone(), fault.desc.clone())));
        while faults.len() > per_command {
            let drop = walk.rng.below(faults.len());
            faults.swap_remove(drop);
        }
        probes.extend(faults.into_iter().map(|fault| Probe {
            command: command.name,
            request: json!({"execute": command.name, "arguments": fault.value}).to_string(),
            desc: fault.desc,
        }));
    }
    probes
}

/// Where a value is: the member names and array elements down to it.
#[derive(Clone, Default)]
struct Place(Vec<Option<String>>);

impl Place {
    fn member(&self, name: &str) -> Place {
        let mut steps = self.0.clone();
        steps.push(Some(name.to_owned()));
        Place(steps)
    }

    fn element(&self) -> Place {
        let mut steps = self.0.clone();
        steps.push(None);
        Place(steps)
    }

    /// The full name QEMU's input visitor gives: `a.b[0].c`.
    fn full(&self) -> String {
        let mut out = String::new();
        for step in &self.0 {
            match step {
                Some(name) if out.is_empty() => out.push_str(name),
                Some(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                None => out.push_str("[0]"),
            }
        }
        out
    }

    /// The name QEMU's visitor core gives: the member's, `null` for an
    /// element.
    fn bare(&self) -> &str {
        match self.0.last() {
            Some(Some(name)) => name,
            _ => "null",
        }
    }
}

/// A value with one fault, QEMU's error for it, and where the fault is.
struct Fault {
    value: Value,
    desc: String,
    place: String,
}

impl Fault {
    /// This fault, inside the value that `wrap` makes of its value.
    fn map(self, wrap: impl FnOnce(Value) -> Value) -> Fault {
        Fault {
            value: wrap(self.value),
            ..self
        }
    }
}

struct Walk<'a> {
    full: &'a Schema,
    target: &'a Schema,
    rng: Rng,
}

/// The members of an entity.
fn members(e: &Value) -> &[Value] {
    e["members"].as_array().map_or(&[], Vec::as_slice)
}

/// The member called `name`, among `members`.
fn find<'v>(members: &'v [Value], name: &str) -> Option<&'v Value> {
    members.iter().find(|m| m["name"] == name)
}

fn type_of(member: &Value) -> &str {
    member["type"].as_str().expect("a type")
}

impl Walk<'_> {
    /// Values of a type, `f` in the full schema and `t` in the binary's,
    /// that the binary accepts but for one part it lacks, with QEMU's
    /// error; `seen` holds the full schema's types on the way down.
    fn faults(&mut self, f: &str, t: &str, place: &Place, seen: &mut Vec<String>) -> Vec<Fault> {
        // A recursive type is entered twice at most (the faults of a
        // `BlockdevOptions` in the `file` of one), the second time through
        // a few of its branches.
        let entered = seen.iter().filter(|s| *s == f).count();
        if entered >= 2 || seen.len() >= MAX_NESTING {
            return Vec::new();
        }
        seen.push(f.to_owned());
        let (fe, te) = (self.full.get(f), self.target.get(t));
        let faults = match fe["meta-type"].as_str().unwrap_or_default() {
            "enum" => {
                let has = |v: &Value| te["values"].as_array().expect("values").contains(v);
                let values = fe["values"].as_array().expect("values");
                let bare = place.bare();
                values
                    .iter()
                    .filter(|v| !has(v))
                    .map(|v| {
                        let v = v.as_str().expect("a string");
                        Fault {
                            value: json!(v),
                            desc: format!("Parameter '{bare}' does not accept value '{v}'"),
                            place: place.full(),
                        }
                    })
                    .collect()
            }
            "array" => {
                let element =
                    |e: &Value| e["element-type"].as_str().expect("an element").to_owned();
                let (fel, tel) = (element(fe), element(te));
                self.faults(&fel, &tel, &place.element(), seen)
                    .into_iter()
                    .map(|fault| fault.map(|v| json!([v])))
                    .collect()
            }
            "alternate" => {
                // Alternatives pair up by the JSON type they take.
                let mut faults = Vec::new();
                for ta in members(te) {
                    let kind = self.target.kind(type_of(ta));
                    let fa = members(fe)
                        .iter()
                        .find(|fa| kind.is_some() && self.full.kind(type_of(fa)) == kind);
                    if let Some(fa) = fa {
                        let (fa, ta) = (type_of(fa).to_owned(), type_of(ta).to_owned());
                        faults.extend(self.faults(&fa, &ta, place, seen));
                    }
                }
                faults
            }
            "object" => {
                let branches = if entered == 0 { usize::MAX } else { 2 };
                self.object_faults(fe, te, place, seen, branches)
            }
            _ => Vec::new(),
        };
        seen.pop();
        faults
    }

    fn object_faults(
        &mut self,
        fe: &Value,
        te: &Value,
        place: &Place,
        seen: &mut Vec<String>,
        branches: usize,
    ) -> Vec<Fault> {
        let mut faults = Vec::new();
        let base = self.target.valid_object(&mut self.rng, te, MAX_DEPTH);
        self.member_faults(members(fe), members(te), &base, place, seen, &mut faults);
        let (Some(tag), Some(all)) = (te["tag"].as_str(), te["variants"].as_array()) else {
            return faults;
        };
        let mut variants: Vec<&Value> = all.iter().collect();
        while variants.len() > branches {
            let drop = self.rng.below(variants.len());
            variants.swap_remove(drop);
        }
        for tv in variants.iter().copied() {
            let case = &tv["case"];
            let fv = fe["variants"].as_array().into_iter().flatten();
            let Some(fv) = fv.into_iter().find(|v| v["case"] == *case) else {
                continue;
            };
            let (fb, tb) = (self.full.get(type_of(fv)), self.target.get(type_of(tv)));
            // The base with this branch: the tag, and the branch's
            // members in place of those of the branch `base` has.
            let mut object = base.clone();
            let chosen = object.get(tag).cloned().unwrap_or_default();
            for v in all.iter().filter(|v| v["case"] == chosen) {
                for m in members(self.target.get(type_of(v))) {
                    object.remove(m["name"].as_str().expect("a name"));
                }
            }
            object.insert(tag.to_owned(), case.clone());
            object.extend(self.target.valid_object(&mut self.rng, tb, MAX_DEPTH));
            self.member_faults(members(fb), members(tb), &object, place, seen, &mut faults);
        }
        faults
    }

    /// The faults in or of the members `fms` (the full schema's) of an
    /// object whose valid members are `base`.
    fn member_faults(
        &mut self,
        fms: &[Value],
        tms: &[Value],
        base: &Map<String, Value>,
        place: &Place,
        seen: &mut Vec<String>,
        faults: &mut Vec<Fault>,
    ) {
        for fm in fms {
            let name = fm["name"].as_str().expect("a name");
            let with = |value: Value| {
                let mut object = base.clone();
                object.insert(name.to_owned(), value);
                Value::Object(object)
            };
            match find(tms, name) {
                // Never visited: any value is left over.
                None => {
                    let place = place.member(name).full();
                    faults.push(Fault {
                        value: with(json!(1)),
                        desc: format!("Parameter '{place}' is unexpected"),
                        place,
                    })
                }
                Some(tm) => {
                    let (f, t) = (type_of(fm).to_owned(), type_of(tm).to_owned());
                    let nested = self.faults(&f, &t, &place.member(name), seen);
                    faults.extend(nested.into_iter().map(|fault| fault.map(with)));
                }
            }
        }
    }
}
