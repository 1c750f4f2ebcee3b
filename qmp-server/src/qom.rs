//! The QOM tree of QEMU 10.0.2 started with `-machine none -nodefaults -S`:
//! the objects `qom-list` and `qom-get` see, their properties and values,
//! and how a path finds one.  The same in every one of the 30 binaries
//! but for ppc64's `/dr-connector`, and for the monitors' chardevs.

use std::net::SocketAddr;
use std::path::PathBuf;

use qapi_runtime::{CommandError, TargetSet};
use serde_json::{json, Value};

/// The character device of a QMP monitor, as QOM shows it: QEMU names the
/// chardev of its n-th `-qmp` option `/chardevs/compat_monitorN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chardev {
    /// `-qmp unix:PATH,server=on`.
    Unix(PathBuf),
    /// `-qmp tcp:HOST:PORT,server=on`, at the address it is bound to.
    Tcp(SocketAddr),
    /// `-qmp stdio`.
    Stdio,
}

/// A property's value, as `qom-get` returns it.
enum Get {
    Value(Value),
    /// A `child<>` property: the child's path.
    Child(usize),
}

struct Property {
    name: String,
    ty: String,
    get: Get,
}

struct Object {
    path: String,
    ty: &'static str,
    properties: Vec<Property>,
}

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lookup {
    Found(usize),
    NotFound,
    /// A partial path that several objects end with.
    Ambiguous,
}

/// The QOM tree; object 0 is the root.
pub struct Tree {
    objects: Vec<Object>,
}

impl Tree {
    /// The tree of `target`'s binary with a monitor on each of `monitors`.
    pub fn new(target: &TargetSet, monitors: &[Chardev]) -> Tree {
        let mut tree = Tree {
            objects: vec![Object {
                path: String::new(),
                ty: "container",
                properties: Vec::new(),
            }],
        };
        let root = 0;
        tree.type_property(root);
        // The container of ppc64's dynamic-reconfiguration connectors,
        // made when their type is registered.
        if target.defines("TARGET_PPC64") {
            let drc = tree.child(root, "dr-connector", "container");
            tree.type_property(drc);
        }
        let backend = tree.child(root, "backend", "container");
        tree.type_property(backend);
        let machine = tree.child(root, "machine", "none-machine");
        tree.machine_properties(machine);
        let objects = tree.child(root, "objects", "container");
        tree.type_property(objects);
        let chardevs = tree.child(root, "chardevs", "container");
        tree.type_property(chardevs);
        // Listed in the order of QOM's property hash table, which for the
        // one or two monitors this server can have is the reverse.
        for (n, chardev) in monitors.iter().enumerate().rev() {
            tree.chardev(chardevs, n, chardev);
        }
        tree
    }

    fn property(&mut self, object: usize, name: &str, ty: &str, value: Value) {
        self.objects[object].properties.push(Property {
            name: name.to_owned(),
            ty: ty.to_owned(),
            get: Get::Value(value),
        });
    }

    fn type_property(&mut self, object: usize) {
        let ty = self.objects[object].ty;
        self.property(object, "type", "string", json!(ty));
    }

    /// Adds object `name` of type `ty` as a child of `parent`.
    fn child(&mut self, parent: usize, name: &str, ty: &'static str) -> usize {
        let index = self.objects.len();
        let path = format!("{}/{name}", self.objects[parent].path);
        self.objects.push(Object {
            path,
            ty,
            properties: Vec::new(),
        });
        self.objects[parent].properties.push(Property {
            name: name.to_owned(),
            ty: format!("child<{ty}>"),
            get: Get::Child(index),
        });
        index
    }

    /// `/machine`, the machine `none`, and what hangs below it.
    fn machine_properties(&mut self, machine: usize) {
        let unset = || json!("");
        self.type_property(machine);
        self.property(machine, "kernel", "string", unset());
        self.property(machine, "dt-compatible", "string", unset());
        self.property(machine, "boot", "BootConfiguration", json!({}));
        let memory = json!({ "size": 0 });
        self.property(machine, "memory", "MemorySizeConfiguration", memory);
        self.property(machine, "initrd", "string", unset());
        let cgs = "link<confidential-guest-support>";
        self.property(machine, "confidential-guest-support", cgs, unset());
        self.property(machine, "aux-ram-share", "bool", json!(false));
        self.property(machine, "graphics", "bool", json!(true));
        self.property(machine, "usb", "bool", json!(false));
        self.property(machine, "firmware", "string", unset());
        self.property(machine, "memory-encryption", "string", unset());
        self.property(machine, "dump-guest-core", "bool", json!(true));
        let smp = json!({
            "drawers": 1, "books": 1, "sockets": 1, "dies": 1, "clusters": 1,
            "modules": 1, "cores": 1, "threads": 1, "cpus": 1, "maxcpus": 1,
        });
        self.property(machine, "smp", "SMPConfiguration", smp);
        self.property(machine, "shim", "string", unset());
        let caches: Vec<Value> = ["l1d", "l1i", "l2", "l3"]
            .iter()
            .map(|cache| json!({ "cache": cache, "topology": "default" }))
            .collect();
        let caches = Value::Array(caches);
        self.property(machine, "smp-cache", "SmpCachePropertiesWrapper", caches);
        self.property(machine, "dumpdtb", "string", unset());
        self.property(machine, "phandle-start", "int", json!(0));
        self.property(machine, "memory-backend", "link<memory-backend>", unset());
        self.property(machine, "mem-merge", "bool", json!(true));
        self.property(machine, "dtb", "string", unset());
        self.property(machine, "append", "string", unset());
        self.property(machine, "suppress-vmdesc", "bool", json!(false));
        for name in ["peripheral-anon", "peripheral"] {
            let container = self.child(machine, name, "container");
            self.type_property(container);
        }
        let unattached = self.child(machine, "unattached", "container");
        self.type_property(unattached);
        for (name, size) in [("io[0]", 0x1_0000), ("system[0]", u64::MAX)] {
            let region = self.child(unattached, name, "memory-region");
            self.type_property(region);
            self.property(region, "container", "link<memory-region>", unset());
            self.property(region, "addr", "uint64", json!(0));
            self.property(region, "size", "uint64", json!(size));
            self.property(region, "priority", "uint32", json!(0));
        }
        let sysbus = self.child(unattached, "sysbus", "System");
        self.type_property(sysbus);
        self.property(sysbus, "realized", "bool", json!(false));
        let handler = "link<hotplug-handler>";
        self.property(sysbus, "hotplug-handler", handler, unset());
    }

    /// `/chardevs/compat_monitorN`.
    fn chardev(&mut self, chardevs: usize, n: usize, chardev: &Chardev) {
        let addr = match chardev {
            Chardev::Stdio => None,
            Chardev::Unix(path) => Some(json!({
                "type": "unix",
                "path": path.to_string_lossy(),
            })),
            Chardev::Tcp(addr) => {
                let family = if addr.is_ipv4() { "ipv4" } else { "ipv6" };
                Some(json!({
                    "type": "inet",
                    "host": addr.ip().to_string(),
                    "port": addr.port().to_string(),
                    family: true,
                }))
            }
        };
        let ty = if addr.is_some() {
            "chardev-socket"
        } else {
            "chardev-stdio"
        };
        let object = self.child(chardevs, &format!("compat_monitor{n}"), ty);
        self.type_property(object);
        if let Some(addr) = addr {
            // The monitor's client asks, so it is connected.
            self.property(object, "connected", "bool", json!(true));
            self.property(object, "addr", "SocketAddress", addr);
        }
    }

    /// The object a path names, found as QEMU finds it: a path that starts
    /// with `/` from the root, any other from every object in the tree,
    /// which must be one; empty components are skipped, and only
    /// `child<>` properties lead anywhere (every link here is unset).
    fn lookup(&self, path: &str) -> Lookup {
        // GLib splits "" into no components at all.
        let parts: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('/').collect()
        };
        match parts.split_first() {
            Some((&"", rest)) => self.walk(0, rest).map_or(Lookup::NotFound, Lookup::Found),
            _ => self.partial(0, &parts),
        }
    }

    /// The object at `parts` below `object`.
    fn walk(&self, object: usize, parts: &[&str]) -> Option<usize> {
        parts
            .iter()
            .filter(|part| !part.is_empty())
            .try_fold(object, |at, part| {
                self.objects[at]
                    .properties
                    .iter()
                    .find_map(|p| match p.get {
                        Get::Child(child) if p.name == *part => Some(child),
                        _ => None,
                    })
            })
    }

    /// The one object at `parts` below `object` or any of its descendants.
    fn partial(&self, object: usize, parts: &[&str]) -> Lookup {
        let mut found = self.walk(object, parts);
        for property in &self.objects[object].properties {
            let Get::Child(child) = property.get else {
                continue;
            };
            match self.partial(child, parts) {
                Lookup::NotFound => {}
                Lookup::Found(_) if found.is_some() => return Lookup::Ambiguous,
                Lookup::Found(at) => found = Some(at),
                Lookup::Ambiguous => return Lookup::Ambiguous,
            }
        }
        found.map_or(Lookup::NotFound, Lookup::Found)
    }

    /// `qom-list`: the properties of the object at `path`, as (name, type).
    pub fn list(&self, path: &str) -> Result<Vec<(&str, &str)>, CommandError> {
        match self.lookup(path) {
            Lookup::Found(at) => Ok(self.objects[at]
                .properties
                .iter()
                .map(|p| (p.name.as_str(), p.ty.as_str()))
                .collect()),
            Lookup::NotFound => Err(not_found(path)),
            Lookup::Ambiguous => Err(CommandError::generic(format!("Path '{path}' is ambiguous"))),
        }
    }

    /// `qom-get`: the value of `property` of the object at `path`.
    pub fn get(&self, path: &str, property: &str) -> Result<Value, CommandError> {
        let Lookup::Found(at) = self.lookup(path) else {
            return Err(not_found(path));
        };
        let object = &self.objects[at];
        let found = object.properties.iter().find(|p| p.name == property);
        match found.map(|p| &p.get) {
            Some(Get::Value(value)) => Ok(value.clone()),
            Some(Get::Child(child)) => Ok(json!(self.objects[*child].path)),
            None => Err(CommandError::generic(format!(
                "Property '{}.{property}' not found",
                object.ty
            ))),
        }
    }
}

fn not_found(path: &str) -> CommandError {
    CommandError {
        class: "DeviceNotFound",
        desc: format!("Device '{path}' not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        let target = crate::targets::binary("x86_64").expect("a target");
        Tree::new(&target, &[Chardev::Unix("/tmp/q.sock".into())])
    }

    #[test]
    fn paths_resolve_as_in_qemu() {
        let tree = tree();
        let type_of = |path: &str| tree.get(path, "type").map_err(|e| e.desc);
        // Absolute, with empty components skipped.
        for path in ["/", "//", "/machine/", "/machine//unattached"] {
            assert!(type_of(path).is_ok(), "{path}");
        }
        // Partial: the one object whose path ends so.
        assert_eq!(type_of("sysbus"), Ok(json!("System")));
        assert_eq!(type_of("machine/unattached"), Ok(json!("container")));
        assert_eq!(type_of("unattached/"), Ok(json!("container")));
        // No `..`, and links lead nowhere.
        for path in [
            "/machine/..",
            "..",
            "/machine/unattached/io[0]/container",
            "type",
        ] {
            assert_eq!(type_of(path), Err(format!("Device '{path}' not found")));
        }
        // Every object ends with no components at all.
        let err = tree.list("").expect_err("ambiguous");
        assert_eq!(err.desc, "Path '' is ambiguous");
        assert_eq!(type_of(""), Err("Device '' not found".to_owned()));
    }

    #[test]
    fn children_read_as_their_paths() {
        let tree = tree();
        let at = |path, property| tree.get(path, property).expect("a value");
        assert_eq!(at("/", "machine"), json!("/machine"));
        assert_eq!(
            at("/machine/unattached", "io[0]"),
            json!("/machine/unattached/io[0]")
        );
        assert_eq!(
            at("compat_monitor0", "addr"),
            json!({"path": "/tmp/q.sock", "type": "unix"})
        );
        let err = tree.get("/machine", "nope").expect_err("no such property");
        assert_eq!(err.desc, "Property 'none-machine.nope' not found");
    }

    #[test]
    fn the_tree_follows_the_target_and_monitors() {
        let names = |tree: &Tree, path| -> Vec<String> {
            let list = tree.list(path).expect("listed");
            list.iter().map(|(name, _)| (*name).to_owned()).collect()
        };
        let ppc64 = crate::targets::binary("ppc64").expect("a target");
        let tree = Tree::new(&ppc64, &[Chardev::Stdio]);
        assert_eq!(names(&tree, "/")[..2], ["type", "dr-connector"]);
        assert_eq!(
            tree.list("/chardevs").expect("listed")[1],
            ("compat_monitor0", "child<chardev-stdio>")
        );
        let addr: SocketAddr = "127.0.0.1:4444".parse().expect("an address");
        let two = [Chardev::Unix("q".into()), Chardev::Tcp(addr)];
        let tree = Tree::new(&ppc64, &two);
        assert_eq!(
            names(&tree, "/chardevs"),
            ["type", "compat_monitor1", "compat_monitor0"]
        );
        assert_eq!(
            tree.get("compat_monitor1", "addr").expect("a value"),
            json!({"host": "127.0.0.1", "port": "4444", "ipv4": true, "type": "inet"})
        );
    }
}
