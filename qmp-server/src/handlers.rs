//! The replies of a QEMU 10.0.2 system emulator started with
//! `-machine none -S`: nothing runs, nothing is plugged in.

use std::sync::Arc;

use qapi_runtime::qmp::write::{write_object, write_str};
use qapi_runtime::qmp::Service;
use qapi_runtime::{CommandError, QapiEnum, Registry, Reply, Targets};

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

/// `query-commands`: the commands in reverse registration order, as QMP
/// writes the list.
fn commands_reply(registry: &Registry) -> Arc<str> {
    let names = registry.names();
    let mut out = String::with_capacity(names.len() * 32);
    out.push('[');
    for (i, name) in names.iter().rev().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_object(
            &mut out,
            &[("name", &|out: &mut String| write_str(out, name))],
        );
    }
    out.push(']');
    out.into()
}

/// The commands of `targets`, whose monitors are `monitors`, with every
/// handler this server has (see [`registry`]).
pub fn service(targets: &Targets, monitors: &[Chardev]) -> Service {
    let mut service = Service::from(registry(targets, monitors));
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

/// The registry of `targets`, whose monitors are `monitors`, with every
/// plain handler this server has: the union's commands, introspection and
/// argument checks, and the first target's identity and run-time
/// behaviour (`query-target`, `query-kvm`, the QOM tree).
pub fn registry(targets: &Targets, monitors: &[Chardev]) -> Registry {
    let target = targets.first();
    let mut registry = Registry::for_target(&SCHEMA, targets, REGISTERED_LAST);
    idle::register(&mut registry, target, monitors);

    // Computed once per target set, not per call.
    let schema_reply: Arc<str> = SCHEMA.introspection.render(&|c| targets.has(c)).into();
    let commands_reply = commands_reply(&registry);

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
