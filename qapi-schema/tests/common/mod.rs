//! Helpers shared by the integration tests: where QEMU's corpus is.

use std::path::PathBuf;

/// The QEMU 10.0.2 corpus: `$QAPI_CORPUS_DIR`, or `../shared/qemu-10.0.2`
/// beside the workspace.  A missing corpus fails the test: a conformance
/// run that checked nothing must not pass.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("QAPI_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/qemu-10.0.2"),
    };
    assert!(
        dir.join("README.md").is_file(),
        "QEMU corpus not found at {} (set QAPI_CORPUS_DIR)",
        dir.display()
    );
    dir
}
