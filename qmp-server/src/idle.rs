//! The queries about a machine with nothing in it: no block devices, jobs,
//! CPUs, memory devices or network cards, nothing migrating.  Each answer
//! is the same in all 30 binaries wherever the command exists, or follows
//! from the target's atoms.  (Queries whose answers depend on the devices
//! a binary was built with, such as `query-machines`, are left out.)

use qapi_runtime::{Command, CommandError, Registry, TargetSet};

use crate::qom::Chardev;
use crate::schema::{self, commands as cmd};

/// What `x-query-jit` says while no code has been translated.
const JIT_STATE: &str =
    "Accelerator settings:\none-insn-per-tb: off\n\nTranslation buffer state:\n\
gen code size       0/1073736704\nTB count            0\nTB avg target size  0 max=0 bytes\n\
TB avg host size    0 bytes (expansion ratio: 0.0)\ncross page TB count 0 (0%)\n\
direct jump count   0 (0%) (2 jumps=0 0%)\nTB hash buckets     0/8192 (0.00% head buckets used)\n\
TB hash occupancy   0.00% avg chain occ. Histogram: [0.0,0.0)%|\u{2588}|[0.0,0.0]%\n\
TB hash avg chain   nan buckets. Histogram: (empty)\n\nStatistics:\nTB flush count      0\n\
TB invalidate count 0\nTLB full flushes    0\nTLB partial flushes 0\nTLB elided flushes  0\n\
[TCG profiler not compiled]\n";

/// Registers, for each command `C`, a handler that answers an empty list.
macro_rules! empty_lists {
    ($registry:ident: $($command:ident),* $(,)?) => {
        $($registry.register::<cmd::$command, _>(|_| Ok(Vec::new()));)*
    };
}

/// The handler of `C` that answers a `GenericError` with `desc`.
fn fails<C: Command>(registry: &mut Registry, desc: &'static str) {
    registry.register::<C, _>(move |_| Err(CommandError::generic(desc)));
}

/// The handler of `C` that answers `text` as human-readable text.
fn text<C: Command<Ret = schema::HumanReadableText>>(registry: &mut Registry, text: &'static str) {
    registry.register::<C, _>(move |_| {
        Ok(schema::HumanReadableText {
            human_readable_text: text.to_owned(),
        })
    });
}

/// Registers the idle machine's queries for `target`, whose monitors are
/// `monitors`.
pub fn register(registry: &mut Registry, target: &TargetSet, monitors: &[Chardev]) {
    empty_lists!(registry:
        QueryJobs, QueryPrManagers, QueryBlock, QueryBlockstats, QueryBlockJobs,
        QueryNamedBlockNodes, QueryBlockExports, QueryTpm, QueryVncServers, QueryMice,
        QueryVcpuDirtyLimit, QueryCpusFast, QueryMemdev,
        QueryMemoryDevices, QueryIothreads, QueryFdsets, QueryAudiodevs, QueryPci,
        QueryCryptodev,
    );
    // Deprecated in QEMU 10.0, and still answered.
    #[allow(deprecated)]
    registry.register::<cmd::QueryMigrationthreads, _>(|_| Ok(Vec::new()));
    // Without a name, the filters of every NIC: there is none.
    registry.register::<cmd::QueryRxFilter, _>(|args| match args.name {
        None => Ok(Vec::new()),
        Some(name) => Err(CommandError::generic(format!(
            "invalid net client name: {name}"
        ))),
    });
    // Yank instances are the socket chardevs, the monitors' among them.
    let yank: Vec<schema::YankInstance> = monitors
        .iter()
        .enumerate()
        .filter(|(_, chardev)| !matches!(chardev, Chardev::Stdio))
        .map(|(n, _)| {
            schema::YankInstance::Chardev(schema::YankInstanceChardev {
                id: format!("compat_monitor{n}"),
            })
        })
        .collect();
    registry.register::<cmd::QueryYank, _>(move |_| Ok(yank.clone()));

    registry.register::<cmd::QueryDump, _>(|_| {
        Ok(schema::DumpQueryResult {
            status: schema::DumpStatus::None,
            completed: 0,
            total: 0,
        })
    });
    // Windows dumps are written for x86_64 guests alone.
    let mut formats = vec![
        schema::DumpGuestMemoryFormat::Elf,
        schema::DumpGuestMemoryFormat::KdumpZlib,
        schema::DumpGuestMemoryFormat::KdumpRawZlib,
    ];
    if target.defines("TARGET_X86_64") {
        formats.push(schema::DumpGuestMemoryFormat::WinDmp);
    }
    registry.register::<cmd::QueryDumpGuestMemoryCapability, _>(move |_| {
        Ok(schema::DumpGuestMemoryCapability {
            formats: formats.clone(),
        })
    });
    registry.register::<cmd::QuerySpice, _>(|_| {
        Ok(schema::SpiceInfo {
            enabled: false,
            migrated: false,
            host: None,
            port: None,
            tls_port: None,
            auth: None,
            compiled_version: None,
            mouse_mode: schema::SpiceQueryMouseMode::Client,
            channels: None,
        })
    });
    registry.register::<cmd::QueryVnc, _>(|_| {
        Ok(schema::VncInfo {
            enabled: false,
            host: None,
            family: None,
            service: None,
            auth: None,
            clients: None,
        })
    });
    registry.register::<cmd::QueryDisplayOptions, _>(|_| {
        Ok(schema::DisplayOptions {
            full_screen: None,
            window_close: None,
            show_cursor: None,
            gl: None,
            branch: schema::DisplayOptionsBranch::None,
        })
    });
    registry.register::<cmd::QueryMigrate, _>(|_| Ok(schema::MigrationInfo::default()));
    registry.register::<cmd::QueryXenReplicationStatus, _>(|_| {
        Ok(schema::ReplicationStatus {
            error: false,
            desc: None,
        })
    });
    registry.register::<cmd::QueryColoStatus, _>(|_| {
        Ok(schema::COLOStatus {
            mode: schema::COLOMode::None,
            last_mode: schema::COLOMode::None,
            reason: schema::COLOExitReason::None,
        })
    });
    registry.register::<cmd::QueryDirtyRate, _>(|args| {
        Ok(schema::DirtyRateInfo {
            dirty_rate: None,
            status: schema::DirtyRateStatus::Unstarted,
            start_time: 0,
            calc_time: 0,
            calc_time_unit: args.calc_time_unit.unwrap_or(schema::TimeUnit::Second),
            sample_pages: 0,
            mode: schema::DirtyRateMeasureMode::PageSampling,
            vcpu_dirty_rate: None,
        })
    });
    registry.register::<cmd::QueryCurrentMachine, _>(|_| {
        Ok(schema::CurrentMachineParams {
            wakeup_suspend_support: false,
        })
    });
    registry.register::<cmd::QueryUuid, _>(|_| {
        Ok(schema::UuidInfo {
            uuid: "00000000-0000-0000-0000-000000000000".to_owned(),
        })
    });
    // Record and replay need TCG.
    let replay = target.defines("CONFIG_TCG");
    registry.register::<cmd::QueryReplay, _>(move |_| {
        if replay {
            Ok(schema::ReplayInfo {
                mode: schema::ReplayMode::None,
                filename: None,
                icount: 0,
            })
        } else {
            Err(CommandError {
                class: "CommandNotFound",
                desc: "replay support not available".to_owned(),
            })
        }
    });

    fails::<cmd::QueryVmGenerationId>(registry, "VM Generation ID device not found");
    fails::<cmd::QueryHotpluggableCpus>(registry, "machine does not support hot-plugging CPUs");
    fails::<cmd::QueryAcpiOspmStatus>(registry, "command is not supported, missing ACPI device");
    fails::<cmd::InjectNmi>(registry, "machine does not provide NMIs");
    fails::<cmd::MigratePause>(
        registry,
        "migrate-pause is currently only supported during postcopy-active or postcopy-recover state",
    );
    let no_balloon = || CommandError {
        class: "DeviceNotActive",
        desc: "No balloon device has been activated".to_owned(),
    };
    registry.register::<cmd::QueryBalloon, _>(move |_| Err(no_balloon()));
    registry.register::<cmd::Balloon, _>(move |_| Err(no_balloon()));

    text::<cmd::XQueryJit>(registry, JIT_STATE);
    text::<cmd::XQueryIrq>(registry, "");
    text::<cmd::XQueryNuma>(registry, "0 nodes\n");
    text::<cmd::XQueryOpcount>(registry, "[TCG profiler not compiled]\n");
    text::<cmd::XQueryRamblock>(
        registry,
        "              Block Name    PSize              Offset               Used              Total                HVA  RO\n",
    );
    text::<cmd::XQueryRoms>(registry, "");
    text::<cmd::XQueryInterruptControllers>(registry, "");
}
