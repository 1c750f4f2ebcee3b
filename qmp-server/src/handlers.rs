//! The replies of a QEMU 10.0.2 system emulator started with
//! `-machine none -S`: nothing runs, nothing is plugged in.

use std::sync::Arc;

use qapi_runtime::qmp::write::write_value;
use qapi_runtime::qmp::Service;
use qapi_runtime::{CommandError, QapiEnum, Registry, Reply, TargetSet};
use serde_json::Value;

use crate::idle;
use crate::qom::{Chardev, Tree};
use crate::schema::{self, commands as cmd, SCHEMA};

/// Debian's package version, as `query-version` reports it.
pub const PACKAGE: &str = "Debian 1:10.0.2+ds-2+deb13u1~bpo12+1";

/// Commands QEMU registers by hand after the generated ones.
pub const REGISTERED_LAST: &[&str] = &["device_add"];

/// `query-version`.
pub fn version() -> schema::VersionInfo {
    schema::VersionInfo {
        qemu: schema::VersionTriple {
            major: 10,
            minor: 0,
            micro: 2,
        },
        package: PACKAGE.to_owned(),
    }
}

/// Renders a list as QMP writes it.
fn render_list(items: &[Value]) -> Arc<str> {
    let mut out = String::with_capacity(items.len() * 128);
    write_value(&mut out, &Value::Array(items.to_vec()));
    out.into()
}

/// The commands of `target`, whose monitors are `monitors`, with every
/// handler this server has.
pub fn service(target: &TargetSet, monitors: &[Chardev]) -> Service {
    let mut service = Service::from(registry(target, monitors));
    service.register_with::<cmd::Quit, _>(|_, ctx| {
        ctx.emit(&schema::events::Shutdown {
            guest: false,
            reason: schema::ShutdownCause::HostQmpQuit,
        })?;
        ctx.shut_down();
        Ok(qapi_runtime::Empty)
    });
    service
}

/// The registry of `target`, whose monitors are `monitors`, with every
/// plain handler this server has.
fn registry(target: &TargetSet, monitors: &[Chardev]) -> Registry {
    let mut registry = Registry::for_target(&SCHEMA, target, REGISTERED_LAST);
    idle::register(&mut registry, target, monitors);

    // Computed once per target, not per call.
    let defined = |atom: &str| target.defines(atom);
    let schema_reply = render_list(&SCHEMA.introspection.evaluate(&defined));
    let names: Vec<Value> = registry
        .names()
        .iter()
        .rev()
        .map(|name| serde_json::json!({ "name": name }))
        .collect();
    let commands_reply = render_list(&names);

    registry
        .register_reply::<cmd::QueryQmpSchema, _>(move |_| Ok(Reply::Json(schema_reply.clone())));
    registry
        .register_reply::<cmd::QueryCommands, _>(move |_| Ok(Reply::Json(commands_reply.clone())));
    registry.register::<cmd::QueryVersion, _>(|_| Ok(version()));
    let arch = <schema::SysEmuTarget as QapiEnum>::from_name(&target.arch);
    registry.register::<cmd::QueryTarget, _>(move |_| {
        (arch.clone())
            .map(|arch| schema::TargetInfo { arch })
            .ok_or_else(|| CommandError::generic("unknown target"))
    });
    registry.register::<cmd::QueryStatus, _>(|_| {
        Ok(schema::StatusInfo {
            running: false,
            status: schema::RunState::Prelaunch,
        })
    });
    registry.register::<cmd::QueryName, _>(|_| Ok(schema::NameInfo { name: None }));
    // KVM is built in where the build host can run the target.  QEMU
    // picks TCG when it has it, else KVM (microvm has no TCG, so it runs
    // only where KVM can).
    let kvm = target.defines("CONFIG_KVM");
    let enabled = kvm && !target.defines("CONFIG_TCG");
    registry.register::<cmd::QueryKvm, _>(move |_| {
        Ok(schema::KvmInfo {
            enabled,
            present: kvm,
        })
    });
    let qom = Arc::new(Tree::new(target, monitors));
    let tree = Arc::clone(&qom);
    registry.register::<cmd::QomList, _>(move |args| {
        let properties = tree.list(&args.path)?;
        Ok(properties
            .into_iter()
            .map(|(name, ty)| schema::ObjectPropertyInfo {
                name: name.to_owned(),
                r#type: ty.to_owned(),
                description: None,
                default_value: None,
            })
            .collect())
    });
    registry.register::<cmd::QomGet, _>(move |args| qom.get(&args.path, &args.property));
    registry.register::<cmd::QomListTypes, _>(|_| Ok(Vec::new()));
    registry.register::<cmd::SetAction, _>(|_| Ok(qapi_runtime::Empty));
    registry.register::<cmd::MigrateSetParameters, _>(|_| Ok(qapi_runtime::Empty));
    registry
}
