//! QEMU 10.0.2's system schema, as Rust.

#[cfg(not(feature = "x86_64-only"))]
qapi_macros::qapi_schema!(
    path = "../schemas/qemu-10.0.2/qapi/qapi-schema.json",
    qemu = "10.0"
);

// What carrying every target costs is measured against this build
// (`benches/code-size.sh`): every atom of the schema mapped to whether
// qemu-system-x86_64 defines it, so that what x86_64 lacks is compiled
// out.  Such a server answers correctly only as x86_64.
#[cfg(feature = "x86_64-only")]
qapi_macros::qapi_schema!(
    path = "../schemas/qemu-10.0.2/qapi/qapi-schema.json",
    qemu = "10.0",
    cfg(
        CONFIG_AF_XDP = "any()",
        CONFIG_AUDIO_ALSA = "all()",
        CONFIG_AUDIO_COREAUDIO = "any()",
        CONFIG_AUDIO_DSOUND = "any()",
        CONFIG_AUDIO_JACK = "all()",
        CONFIG_AUDIO_OSS = "all()",
        CONFIG_AUDIO_PA = "all()",
        CONFIG_AUDIO_PIPEWIRE = "all()",
        CONFIG_AUDIO_SDL = "all()",
        CONFIG_AUDIO_SNDIO = "any()",
        CONFIG_BLKIO = "any()",
        CONFIG_BLKIO_VHOST_VDPA_FD = "any()",
        CONFIG_BRLAPI = "all()",
        CONFIG_COCOA = "any()",
        CONFIG_CURSES = "all()",
        CONFIG_DBUS_DISPLAY = "all()",
        CONFIG_EBPF = "all()",
        CONFIG_FDT = "all()",
        CONFIG_FUSE = "all()",
        CONFIG_GTK = "all()",
        CONFIG_KVM = "all()",
        CONFIG_LIBPMEM = "all()",
        CONFIG_LINUX = "all()",
        CONFIG_LINUX_IO_URING = "all()",
        CONFIG_OPENGL = "all()",
        CONFIG_PIXMAN = "all()",
        CONFIG_POSIX = "all()",
        CONFIG_QATZIP = "any()",
        CONFIG_QPL = "any()",
        CONFIG_REPLICATION = "all()",
        CONFIG_SDL = "all()",
        CONFIG_SECRET_KEYRING = "all()",
        CONFIG_SPICE = "all()",
        CONFIG_SPICE_PROTOCOL = "all()",
        CONFIG_TCG = "all()",
        CONFIG_TPM = "all()",
        CONFIG_UADK = "any()",
        CONFIG_VDUSE_BLK_EXPORT = "all()",
        CONFIG_VHOST_CRYPTO = "all()",
        CONFIG_VHOST_USER_BLK_SERVER = "all()",
        CONFIG_VMNET = "any()",
        CONFIG_VNC = "all()",
        CONFIG_WIN32 = "any()",
        CONFIG_ZSTD = "all()",
        HAVE_CHARDEV_PARALLEL = "all()",
        HAVE_CHARDEV_SERIAL = "all()",
        HAVE_HOST_BLOCK_DEVICE = "all()",
        HAVE_IPPROTO_MPTCP = "all()",
        TARGET_ARM = "any()",
        TARGET_I386 = "all()",
        TARGET_LOONGARCH64 = "any()",
        TARGET_MIPS = "any()",
        TARGET_PPC = "any()",
        TARGET_RISCV = "any()",
        TARGET_S390X = "any()",
    )
);
