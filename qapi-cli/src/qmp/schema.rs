//! Which compiled-in schema checks the calls: the one `--qemu` names, or
//! the newest one not newer than the server.

use qapi_client::Version;
use qapi_runtime::meta::SchemaMeta;
use qapi_schema::Release;

/// QEMU `release`'s system emulator schema, if this program has it.
pub(crate) fn of(release: Release) -> Option<&'static SchemaMeta> {
    match release {
        Release::V7_2 => Some(&qapi_qemu::v7_2::system::SCHEMA),
        Release::V10_0 => Some(&qapi_qemu::v10_0::system::SCHEMA),
        Release::V10_2 => Some(&qapi_qemu::v10_2::system::SCHEMA),
        // A release the front end learns before this program does.
        _ => None,
    }
}

/// The release whose schema fits a server of `version`: the newest one not
/// newer than it.  The second value is true when the server is older than
/// every release this program has, whose oldest then serves.
pub(crate) fn for_server(version: &Version) -> (Release, bool) {
    let server = (version.major, version.minor);
    // `Release::ALL` is oldest first.
    let known: Vec<Release> = (Release::ALL.into_iter())
        .filter(|r| of(*r).is_some())
        .collect();
    match known.iter().rev().find(|r| major_minor(**r) <= server) {
        Some(release) => (*release, false),
        // `known` holds the three releases `of` matches.
        None => (known.first().copied().unwrap_or(Release::NEWEST), true),
    }
}

/// `7.2` as `(7, 2)`.
fn major_minor(release: Release) -> (u64, u64) {
    let mut parts = release.as_str().split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(major: u64, minor: u64) -> (Release, bool) {
        for_server(&Version {
            major,
            minor,
            micro: 0,
            package: String::new(),
        })
    }

    #[test]
    fn the_newest_release_not_newer_than_the_server() {
        assert_eq!(pick(7, 2), (Release::V7_2, false));
        assert_eq!(pick(8, 2), (Release::V7_2, false));
        assert_eq!(pick(9, 2), (Release::V7_2, false));
        assert_eq!(pick(10, 0), (Release::V10_0, false));
        assert_eq!(pick(10, 1), (Release::V10_0, false));
        assert_eq!(pick(10, 2), (Release::V10_2, false));
        assert_eq!(pick(11, 0), (Release::V10_2, false));
        assert_eq!(pick(7, 1), (Release::V7_2, true));
        assert_eq!(pick(6, 2), (Release::V7_2, true));
    }
}
