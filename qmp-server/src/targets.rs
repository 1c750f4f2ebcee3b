//! QEMU 10.0.2's system emulators as Debian builds them: which binaries
//! exist and the condition atoms each defines, and the `--target` list
//! that names several of them.

use std::fmt;

use qapi_runtime::{TargetSet, Targets};

/// The build atoms of every full QEMU 10.0.2 build (Debian's).
const FULL_BUILD: &[&str] = &[
    "CONFIG_AUDIO_ALSA",
    "CONFIG_AUDIO_JACK",
    "CONFIG_AUDIO_OSS",
    "CONFIG_AUDIO_PA",
    "CONFIG_AUDIO_PIPEWIRE",
    "CONFIG_AUDIO_SDL",
    "CONFIG_BRLAPI",
    "CONFIG_CURSES",
    "CONFIG_DBUS_DISPLAY",
    "CONFIG_EBPF",
    "CONFIG_FDT",
    "CONFIG_FUSE",
    "CONFIG_GTK",
    "CONFIG_LIBPMEM",
    "CONFIG_LINUX",
    "CONFIG_LINUX_IO_URING",
    "CONFIG_OPENGL",
    "CONFIG_PIXMAN",
    "CONFIG_POSIX",
    "CONFIG_REPLICATION",
    "CONFIG_SDL",
    "CONFIG_SECRET_KEYRING",
    "CONFIG_SPICE",
    "CONFIG_SPICE_PROTOCOL",
    "CONFIG_TCG",
    "CONFIG_TPM",
    "CONFIG_VDUSE_BLK_EXPORT",
    "CONFIG_VHOST_CRYPTO",
    "CONFIG_VHOST_USER_BLK_SERVER",
    "CONFIG_VNC",
    "CONFIG_ZSTD",
    "HAVE_CHARDEV_PARALLEL",
    "HAVE_CHARDEV_SERIAL",
    "HAVE_HOST_BLOCK_DEVICE",
    "HAVE_IPPROTO_MPTCP",
];

/// The reduced build of x86_64-microvm.
const MICROVM_BUILD: &[&str] = &[
    "CONFIG_FDT",
    "CONFIG_LINUX",
    "CONFIG_LINUX_IO_URING",
    "CONFIG_PIXMAN",
    "CONFIG_POSIX",
    "CONFIG_VHOST_CRYPTO",
    "CONFIG_VHOST_USER_BLK_SERVER",
    "CONFIG_VNC",
    "HAVE_CHARDEV_PARALLEL",
    "HAVE_CHARDEV_SERIAL",
    "HAVE_HOST_BLOCK_DEVICE",
    "HAVE_IPPROTO_MPTCP",
];

/// QEMU's system emulators: binary suffix, `TARGET_*` atoms.
const BINARIES: &[(&str, &[&str])] = &[
    ("aarch64", &["TARGET_AARCH64", "TARGET_ARM"]),
    ("alpha", &["TARGET_ALPHA"]),
    ("arm", &["TARGET_ARM"]),
    ("avr", &["TARGET_AVR"]),
    ("hppa", &["TARGET_HPPA"]),
    ("i386", &["TARGET_I386"]),
    ("loongarch64", &["TARGET_LOONGARCH64", "TARGET_LOONGARCH"]),
    ("m68k", &["TARGET_M68K"]),
    ("microblaze", &["TARGET_MICROBLAZE"]),
    ("microblazeel", &["TARGET_MICROBLAZE"]),
    ("mips", &["TARGET_MIPS"]),
    ("mips64", &["TARGET_MIPS64", "TARGET_MIPS"]),
    ("mips64el", &["TARGET_MIPS64", "TARGET_MIPS"]),
    ("mipsel", &["TARGET_MIPS"]),
    ("or1k", &["TARGET_OPENRISC"]),
    ("ppc", &["TARGET_PPC"]),
    ("ppc64", &["TARGET_PPC64", "TARGET_PPC"]),
    ("riscv32", &["TARGET_RISCV32", "TARGET_RISCV"]),
    ("riscv64", &["TARGET_RISCV64", "TARGET_RISCV"]),
    ("rx", &["TARGET_RX"]),
    ("s390x", &["TARGET_S390X"]),
    ("sh4", &["TARGET_SH4"]),
    ("sh4eb", &["TARGET_SH4"]),
    ("sparc", &["TARGET_SPARC"]),
    ("sparc64", &["TARGET_SPARC64", "TARGET_SPARC"]),
    ("tricore", &["TARGET_TRICORE"]),
    ("x86_64", &["TARGET_X86_64", "TARGET_I386"]),
    ("x86_64-microvm", &["TARGET_X86_64", "TARGET_I386"]),
    ("xtensa", &["TARGET_XTENSA"]),
    ("xtensaeb", &["TARGET_XTENSA"]),
];

/// Binaries the build host can run under KVM (an amd64 host).
const KVM: &[&str] = &["i386", "x86_64", "x86_64-microvm"];

/// The names of QEMU's 30 system emulators, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    BINARIES.iter().map(|(name, _)| *name)
}

/// The atoms of QEMU 10.0.2's `qemu-system-NAME` as Debian builds it.
pub fn binary(name: &str) -> Option<TargetSet> {
    let (name, targets) = BINARIES.iter().find(|(n, _)| *n == name)?;
    let build = if *name == "x86_64-microvm" {
        MICROVM_BUILD
    } else {
        FULL_BUILD
    };
    let kvm = KVM.contains(name).then_some("CONFIG_KVM");
    Some(TargetSet::new(
        name,
        name.trim_end_matches("-microvm"),
        targets.iter().chain(build).copied().chain(kvm),
    ))
}

/// A `--target` list that names something other than the binaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadTargetList {
    /// No name at all (an empty list, or an empty item).
    Empty,
    /// A name that is no binary's.
    Unknown(String),
    /// A name given twice.
    Repeated(String),
}

impl fmt::Display for BadTargetList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadTargetList::Empty => f.write_str("empty target name in the list"),
            BadTargetList::Unknown(name) => write!(f, "unknown target '{name}'"),
            BadTargetList::Repeated(name) => write!(f, "target '{name}' is named twice"),
        }
    }
}

impl std::error::Error for BadTargetList {}

/// The union of the binaries a comma-separated list names (`arm,aarch64`),
/// the first named first.
pub fn parse_list(list: &str) -> Result<Targets, BadTargetList> {
    let mut sets: Vec<TargetSet> = Vec::new();
    for name in list.split(',') {
        if name.is_empty() {
            return Err(BadTargetList::Empty);
        }
        if sets.iter().any(|set| set.name == name) {
            return Err(BadTargetList::Repeated(name.to_owned()));
        }
        sets.push(binary(name).ok_or_else(|| BadTargetList::Unknown(name.to_owned()))?);
    }
    // `split` yields at least one item, and each was checked.
    Targets::new(sets).ok_or(BadTargetList::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_binaries() {
        assert_eq!(names().count(), 30);
        let x86 = binary("x86_64").expect("known");
        assert!(
            x86.defines("TARGET_I386") && x86.defines("CONFIG_KVM") && x86.defines("CONFIG_SPICE")
        );
        let microvm = binary("x86_64-microvm").expect("known");
        assert_eq!(microvm.arch, "x86_64");
        assert!(!microvm.defines("CONFIG_SPICE") && microvm.defines("CONFIG_KVM"));
        assert!(!binary("aarch64").expect("known").defines("CONFIG_KVM"));
        assert!(binary("pdp11").is_none());
    }

    #[test]
    fn target_lists() {
        let both = parse_list("arm,aarch64").expect("two binaries");
        let names: Vec<&str> = both.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["arm", "aarch64"]);
        assert_eq!(both.first().arch, "arm");
        assert_eq!(parse_list("x86_64").expect("one").len(), 1);
        assert_eq!(parse_list(""), Err(BadTargetList::Empty));
        assert_eq!(parse_list("arm,"), Err(BadTargetList::Empty));
        assert_eq!(
            parse_list("arm,pdp11"),
            Err(BadTargetList::Unknown("pdp11".into()))
        );
        assert_eq!(
            parse_list("arm,arm"),
            Err(BadTargetList::Repeated("arm".into()))
        );
    }
}
