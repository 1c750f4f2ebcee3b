//! QEMU's QDict key order, which decides how QEMU prints objects, and in
//! which order it hands an object's members to the table that picks the
//! unexpected member it reports (see `ghash`).
//!
//! A key lives in bucket `tdb_hash(key) % 512`; buckets are visited in
//! ascending order, and inside a bucket the key inserted last comes first.

/// Number of buckets of a QDict.
const BUCKETS: u32 = 512;

/// The bucket of `key` (QEMU's `tdb_hash`, 32-bit wrapping arithmetic).
pub fn bucket(key: &str) -> u32 {
    let mut value = 0x238F_13AFu32.wrapping_mul(key.len() as u32);
    for (i, b) in key.bytes().enumerate() {
        value = value.wrapping_add(u32::from(b) << ((i * 5) % 24));
    }
    1_103_515_243u32.wrapping_mul(value).wrapping_add(12345) % BUCKETS
}

/// The order in which QEMU iterates keys inserted in the order given:
/// indexes into `keys`.
pub fn order<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<usize> {
    let mut indexed: Vec<(u32, usize)> = keys
        .into_iter()
        .enumerate()
        .map(|(i, k)| (bucket(k), i))
        .collect();
    // Ascending bucket; later insertion first within one bucket.
    indexed.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    indexed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered<'k>(keys: &[&'k str]) -> Vec<&'k str> {
        order(keys.iter().copied())
            .into_iter()
            .map(|i| keys[i])
            .collect()
    }

    #[test]
    fn matches_qemu_replies() {
        // Orders seen on the wire from real QEMU 10.0.2.
        assert_eq!(ordered(&["return", "id"]), ["return", "id"]);
        assert_eq!(ordered(&["error", "id"]), ["id", "error"]);
        assert_eq!(
            ordered(&["major", "minor", "micro"]),
            ["micro", "minor", "major"]
        );
        assert_eq!(ordered(&["qemu", "package"]), ["qemu", "package"]);
        assert_eq!(
            ordered(&["name", "meta-type", "arg-type", "ret-type"]),
            ["name", "ret-type", "meta-type", "arg-type"]
        );
    }
}
