//! What the server really has, from its own `query-qmp-schema`: a client
//! built with one release's schema asks before calling what an older or a
//! differently built QEMU may lack, as libvirt does.

use std::collections::HashMap;

use serde_json::Value;

use crate::{Client, Error};

/// The server's schema, as its `query-qmp-schema` gives it.
#[derive(Clone, Debug)]
pub struct ServerSchema {
    /// Every entity by name (types are named by numbers, as QEMU masks
    /// them).
    entities: HashMap<String, Value>,
}

impl Client {
    /// Asks the server for its schema.
    pub async fn server_schema(&self) -> Result<ServerSchema, Error> {
        let entries = self
            .call("query-qmp-schema", Value::Object(Default::default()))
            .await?;
        Ok(ServerSchema::new(entries))
    }
}

impl ServerSchema {
    /// The schema of `query-qmp-schema`'s reply.
    pub fn new(entries: Value) -> ServerSchema {
        let entities = match entries {
            Value::Array(entries) => entries
                .into_iter()
                .filter_map(|e| Some((e.get("name")?.as_str()?.to_owned(), e)))
                .collect(),
            _ => HashMap::new(),
        };
        ServerSchema { entities }
    }

    fn entity(&self, name: &str, meta_type: &str) -> Option<&Value> {
        self.entities
            .get(name)
            .filter(|e| e.get("meta-type").and_then(Value::as_str) == Some(meta_type))
    }

    /// Whether the server has command `name`.
    pub fn has_command(&self, name: &str) -> bool {
        self.entity(name, "command").is_some()
    }

    /// Whether the server has event `name`.
    pub fn has_event(&self, name: &str) -> bool {
        self.entity(name, "event").is_some()
    }

    /// The type of member `member` of `command`'s arguments, if it has it
    /// (a member of any branch, for a union).
    fn argument_type(&self, command: &str, member: &str) -> Option<&str> {
        let args = self.entity(command, "command")?.get("arg-type")?.as_str()?;
        self.member_type(args, member)
    }

    fn member_type(&self, object: &str, member: &str) -> Option<&str> {
        let object = self.entity(object, "object")?;
        let members = object.get("members")?.as_array()?;
        if let Some(found) = members
            .iter()
            .find(|m| m.get("name").and_then(Value::as_str) == Some(member))
        {
            return found.get("type")?.as_str();
        }
        let variants = object.get("variants")?.as_array()?;
        variants
            .iter()
            .filter_map(|v| v.get("type")?.as_str())
            .find_map(|branch| self.member_type(branch, member))
    }

    /// Whether `command` takes argument `member`.
    pub fn has_argument(&self, command: &str, member: &str) -> bool {
        self.argument_type(command, member).is_some()
    }

    /// The names of the server's commands, sorted: what a shell completes.
    pub fn command_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = (self.entities.iter())
            .filter(|(_, e)| e.get("meta-type").and_then(Value::as_str) == Some("command"))
            .map(|(name, _)| name.as_str())
            .collect();
        names.sort_unstable();
        names
    }

    /// The names of `command`'s arguments, in the server's order (then
    /// those of each branch, for a union); empty when it takes none, or
    /// the server lacks it.
    pub fn argument_names(&self, command: &str) -> Vec<&str> {
        let mut names = Vec::new();
        let args = self
            .entity(command, "command")
            .and_then(|c| c.get("arg-type"));
        if let Some(args) = args.and_then(Value::as_str) {
            self.member_names(args, &mut names, 0);
        }
        names
    }

    fn member_names<'s>(&'s self, object: &str, names: &mut Vec<&'s str>, depth: usize) {
        // Branches nest; a server's reply is not to be trusted not to loop.
        let Some(object) = self.entity(object, "object").filter(|_| depth <= 16) else {
            return;
        };
        let list = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        };
        for name in list("members").filter_map(|m| m.get("name")?.as_str()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        for branch in list("variants").filter_map(|v| v.get("type")?.as_str()) {
            self.member_names(branch, names, depth + 1);
        }
    }

    /// Whether argument `member` of `command` is an enum (or an alternate
    /// or list holding one) with value `value`.
    pub fn accepts_value(&self, command: &str, member: &str, value: &str) -> bool {
        self.argument_type(command, member)
            .is_some_and(|ty| self.enum_has(ty, value, 0))
    }

    fn enum_has(&self, ty: &str, value: &str, depth: usize) -> bool {
        // Alternates and arrays nest; a schema's own types cannot loop
        // here, but a server's reply is not to be trusted.
        if depth > 16 {
            return false;
        }
        let Some(entity) = self.entities.get(ty) else {
            return false;
        };
        match entity.get("meta-type").and_then(Value::as_str) {
            Some("enum") => entity
                .get("values")
                .and_then(Value::as_array)
                .is_some_and(|values| values.iter().any(|v| v.as_str() == Some(value))),
            Some("array") => entity
                .get("element-type")
                .and_then(Value::as_str)
                .is_some_and(|e| self.enum_has(e, value, depth + 1)),
            Some("alternate") => {
                entity
                    .get("members")
                    .and_then(Value::as_array)
                    .is_some_and(|members| {
                        members
                            .iter()
                            .filter_map(|m| m.get("type")?.as_str())
                            .any(|t| self.enum_has(t, value, depth + 1))
                    })
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_from_the_servers_own_schema() {
        let schema = ServerSchema::new(json!([
            {"name": "set-action", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
            {"name": "0", "meta-type": "object", "members": [
                {"name": "panic", "type": "2", "default": null}
            ]},
            {"name": "2", "meta-type": "enum", "values": ["pause", "shutdown"]},
            {"name": "STOP", "meta-type": "event", "arg-type": "1"},
        ]));
        assert!(schema.has_command("set-action"));
        assert!(!schema.has_command("STOP"));
        assert!(schema.has_event("STOP"));
        assert!(schema.has_argument("set-action", "panic"));
        assert!(!schema.has_argument("set-action", "reboot"));
        assert!(schema.accepts_value("set-action", "panic", "pause"));
        assert!(!schema.accepts_value("set-action", "panic", "exit-failure"));
        assert!(!ServerSchema::new(json!({})).has_command("x"));
    }

    #[test]
    fn lists_commands_and_their_arguments() {
        let schema = ServerSchema::new(json!([
            {"name": "query-target", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
            {"name": "blockdev-add", "meta-type": "command", "arg-type": "3", "ret-type": "0"},
            {"name": "STOP", "meta-type": "event", "arg-type": "0"},
            {"name": "0", "meta-type": "object", "members": []},
            {"name": "3", "meta-type": "object", "members": [
                {"name": "driver", "type": "str"}, {"name": "node-name", "type": "str"}
            ], "tag": "driver", "variants": [
                {"case": "file", "type": "4"}, {"case": "raw", "type": "5"}
            ]},
            {"name": "4", "meta-type": "object", "members": [{"name": "filename", "type": "str"}]},
            {"name": "5", "meta-type": "object", "members": [
                {"name": "file", "type": "str"}, {"name": "filename", "type": "str"}
            ]},
        ]));
        assert_eq!(schema.command_names(), ["blockdev-add", "query-target"]);
        assert_eq!(
            schema.argument_names("blockdev-add"),
            ["driver", "node-name", "filename", "file"]
        );
        assert!(schema.argument_names("query-target").is_empty());
        assert!(schema.argument_names("STOP").is_empty());
        assert!(schema.argument_names("no-such-command").is_empty());
    }
}
