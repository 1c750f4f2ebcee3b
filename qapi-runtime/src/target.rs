//! Target sets: the condition atoms a binary defines, which decide what
//! exists in it at run time.

use std::collections::BTreeSet;

use crate::Cond;

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

/// A set of defined condition atoms, and what `query-target` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetSet {
    /// The binary's name (`x86_64`, `x86_64-microvm`, ...), or a custom name.
    pub name: String,
    /// What `query-target` answers as `arch`.
    pub arch: String,
    atoms: BTreeSet<String>,
}

impl TargetSet {
    /// The names of QEMU's 30 system emulators, sorted.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BINARIES.iter().map(|(name, _)| *name)
    }

    /// The atoms of QEMU 10.0.2's `qemu-system-NAME` as Debian builds it.
    pub fn builtin(name: &str) -> Option<TargetSet> {
        let (name, targets) = BINARIES.iter().find(|(n, _)| *n == name)?;
        let build = if *name == "x86_64-microvm" {
            MICROVM_BUILD
        } else {
            FULL_BUILD
        };
        let kvm = KVM.contains(name).then_some("CONFIG_KVM");
        Some(TargetSet {
            name: (*name).to_owned(),
            arch: name.trim_end_matches("-microvm").to_owned(),
            atoms: targets
                .iter()
                .chain(build)
                .copied()
                .chain(kvm)
                .map(str::to_owned)
                .collect(),
        })
    }

    /// A custom set of atoms.
    pub fn custom(
        name: &str,
        arch: &str,
        atoms: impl IntoIterator<Item = impl Into<String>>,
    ) -> TargetSet {
        TargetSet {
            name: name.to_owned(),
            arch: arch.to_owned(),
            atoms: atoms.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether `atom` is defined.
    pub fn defines(&self, atom: &str) -> bool {
        self.atoms.contains(atom)
    }

    /// Whether `cond` holds for this set's atoms.
    pub fn holds(&self, cond: &Cond) -> bool {
        cond.eval(&|atom| self.defines(atom))
    }

    /// The defined atoms, sorted.
    pub fn atoms(&self) -> impl Iterator<Item = &str> {
        self.atoms.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_binaries() {
        assert_eq!(TargetSet::builtin_names().count(), 30);
        let x86 = TargetSet::builtin("x86_64").expect("known");
        assert!(
            x86.defines("TARGET_I386") && x86.defines("CONFIG_KVM") && x86.defines("CONFIG_SPICE")
        );
        let microvm = TargetSet::builtin("x86_64-microvm").expect("known");
        assert_eq!(microvm.arch, "x86_64");
        assert!(!microvm.defines("CONFIG_SPICE") && microvm.defines("CONFIG_KVM"));
        assert!(!TargetSet::builtin("aarch64")
            .expect("known")
            .defines("CONFIG_KVM"));
        assert!(TargetSet::builtin("pdp11").is_none());
    }
}
