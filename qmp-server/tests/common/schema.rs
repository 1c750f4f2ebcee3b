//! One binary's `query-qmp-schema`, and values that it accepts.

use std::collections::HashMap;

use qapi_test_support::Rng;
use serde_json::{json, Map, Value};

/// How deep generated values nest.
pub const MAX_DEPTH: usize = 3;

/// The entities of one binary's `query-qmp-schema`, by name.
pub struct Schema(pub HashMap<String, Value>);

impl Schema {
    /// The schema in `query-qmp-schema`'s `reply`.
    pub fn new(reply: &Value) -> Schema {
        Schema::from_entries(reply["return"].as_array().expect("a list"))
    }

    /// The schema of the entries of `query-qmp-schema`.
    pub fn from_entries(entries: &[Value]) -> Schema {
        Schema(
            entries
                .iter()
                .map(|e| (e["name"].as_str().expect("a name").to_owned(), e.clone()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> &Value {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("{name} in the schema"))
    }

    /// The JSON type of values of `ty`, where it has one.
    pub fn kind(&self, ty: &str) -> Option<&'static str> {
        let e = self.get(ty);
        match e["meta-type"].as_str()? {
            "builtin" => match e["json-type"].as_str()? {
                "string" => Some("string"),
                "int" | "number" => Some("number"),
                "boolean" => Some("boolean"),
                "null" => Some("null"),
                _ => None,
            },
            "enum" => Some("string"),
            "array" => Some("array"),
            "object" => Some("object"),
            _ => None,
        }
    }

    /// A value of `ty` that QEMU accepts.
    pub fn valid(&self, rng: &mut Rng, ty: &str, depth: usize) -> Value {
        let e = self.get(ty);
        match e["meta-type"].as_str().unwrap_or_default() {
            "builtin" => match e["json-type"].as_str().unwrap_or_default() {
                "string" => json!("x"),
                "int" => json!(1),
                "number" => json!(1.5),
                "boolean" => json!(true),
                "null" => Value::Null,
                _ => json!({"any": [1]}),
            },
            "enum" => {
                let values = e["values"].as_array().expect("values");
                values[rng.below(values.len())].clone()
            }
            "array" => {
                let element = e["element-type"].as_str().expect("an element type");
                if depth < MAX_DEPTH && rng.below(2) == 0 {
                    json!([self.valid(rng, element, depth + 1)])
                } else {
                    json!([])
                }
            }
            "alternate" => {
                let members = e["members"].as_array().expect("members");
                let types: Vec<&str> = members.iter().filter_map(|m| m["type"].as_str()).collect();
                // Deep down, a scalar branch where there is one: a union
                // may hold an alternate of itself (`BlockdevRef`).
                let scalar = types
                    .iter()
                    .find(|ty| !matches!(self.kind(ty), Some("object" | "array")));
                let branch = match scalar {
                    Some(ty) if depth >= MAX_DEPTH => ty,
                    _ => types[rng.below(types.len())],
                };
                self.valid(rng, branch, depth)
            }
            _ => Value::Object(self.valid_object(rng, e, depth)),
        }
    }

    /// The members of a valid object of type `e`: the required ones, some
    /// optional ones, and a union's branch.
    pub fn valid_object(&self, rng: &mut Rng, e: &Value, depth: usize) -> Map<String, Value> {
        let mut object = Map::new();
        let members = e["members"].as_array().into_iter().flatten();
        for m in members {
            let optional = m.get("default").is_some();
            if optional && (depth >= MAX_DEPTH || rng.below(3) > 0) {
                continue;
            }
            let name = m["name"].as_str().expect("a name").to_owned();
            let value = self.valid(rng, m["type"].as_str().expect("a type"), depth + 1);
            object.insert(name, value);
        }
        if let (Some(tag), Some(variants)) = (e["tag"].as_str(), e["variants"].as_array()) {
            if let Some(tag_value) = object.get(tag).and_then(Value::as_str) {
                let branch = variants.iter().find(|v| v["case"] == tag_value);
                if let Some(ty) = branch.and_then(|v| v["type"].as_str()) {
                    let branch = self.valid_object(rng, self.get(ty), depth);
                    object.extend(branch);
                }
            }
        }
        object
    }
}
