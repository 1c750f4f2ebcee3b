//! GLib's hash table of strings (`GHashTable` with `g_str_hash`), as far
//! as the order it iterates in: QEMU's input visitor keeps the members of
//! an object it has not visited yet in one, and reports the first one it
//! iterates as unexpected.
//!
//! The table is open-addressed with quadratic probing, its size a power of
//! two; a key's slot is `(hash * 11) % prime`, removal leaves a tombstone,
//! and the table grows or shrinks by re-placing every entry, in slot order,
//! by a displacing scheme of its own.  Each step below is GLib 2.74's.

/// `prime_mod[shift]`: the prime below `1 << shift` a hash is reduced by.
const PRIME_MOD: [u32; 17] = [
    1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521,
];
const MIN_SHIFT: u32 = 3;
const UNUSED: u32 = 0;
const TOMBSTONE: u32 = 1;

fn is_real(hash: u32) -> bool {
    hash >= 2
}

/// `g_str_hash`: djb2 over the bytes as *signed* chars; 0 and 1 mark
/// empty and removed slots, so such a hash becomes 2.
fn str_hash(key: &str) -> u32 {
    let hash = key.bytes().fold(5381u32, |h, b| {
        // A byte is a signed char; adding it sign-extended.
        h.wrapping_mul(33).wrapping_add(b as i8 as u32)
    });
    if is_real(hash) {
        hash
    } else {
        2
    }
}

/// A set of borrowed strings laid out as GLib lays them out.
pub(crate) struct StrTable<'k> {
    hashes: Vec<u32>,
    keys: Vec<Option<&'k str>>,
    shift: u32,
    /// Live entries.
    nodes: usize,
    /// Live entries and tombstones.
    occupied: usize,
}

impl<'k> StrTable<'k> {
    /// An empty table, as `g_hash_table_new` makes it.
    pub(crate) fn new() -> StrTable<'k> {
        let size = 1 << MIN_SHIFT;
        StrTable {
            hashes: vec![UNUSED; size],
            keys: vec![None; size],
            shift: MIN_SHIFT,
            nodes: 0,
            occupied: 0,
        }
    }

    fn mask(&self) -> usize {
        (1 << self.shift) - 1
    }

    fn index(&self, hash: u32) -> usize {
        // The product wraps, as GLib's `guint` does.
        (hash.wrapping_mul(11) % PRIME_MOD[self.shift as usize]) as usize
    }

    /// The slot of `key`, or where it would go: the first tombstone on its
    /// probe sequence, else the empty slot that ends it.
    fn lookup(&self, key: &str, hash: u32) -> usize {
        let (mut at, mut step) = (self.index(hash), 0);
        let mut tombstone = None;
        while self.hashes[at] != UNUSED {
            if self.hashes[at] == hash && self.keys[at] == Some(key) {
                return at;
            }
            if self.hashes[at] == TOMBSTONE && tombstone.is_none() {
                tombstone = Some(at);
            }
            step += 1;
            at = (at + step) & self.mask();
        }
        tombstone.unwrap_or(at)
    }

    /// `g_hash_table_add`.
    pub(crate) fn insert(&mut self, key: &'k str) {
        let hash = str_hash(key);
        let at = self.lookup(key, hash);
        let old = self.hashes[at];
        self.hashes[at] = hash;
        self.keys[at] = Some(key);
        if !is_real(old) {
            self.nodes += 1;
            if old == UNUSED {
                self.occupied += 1;
                self.maybe_resize();
            }
        }
    }

    /// `g_hash_table_remove`.
    pub(crate) fn remove(&mut self, key: &str) {
        let at = self.lookup(key, str_hash(key));
        if is_real(self.hashes[at]) {
            self.hashes[at] = TOMBSTONE;
            self.keys[at] = None;
            self.nodes -= 1;
            self.maybe_resize();
        }
    }

    /// The key an iteration yields first.
    pub(crate) fn first(&self) -> Option<&'k str> {
        (0..self.hashes.len())
            .find(|&at| is_real(self.hashes[at]))
            .and_then(|at| self.keys[at])
    }

    fn maybe_resize(&mut self) {
        let size = self.hashes.len();
        if (size > self.nodes * 4 && size > 1 << MIN_SHIFT)
            || size <= self.occupied + self.occupied / 16
        {
            self.resize();
        }
    }

    /// Re-places every entry for a table sized to its live entries, in
    /// GLib's way: slots in order, each entry put at its first free slot
    /// not yet filled in this pass, displacing what was there, which is
    /// then placed in turn.
    fn resize(&mut self) {
        let old_size = self.hashes.len();
        // `nnodes * 1.333`, truncated, then the bits it takes.
        let target = (self.nodes as f64 * 1.333) as u32;
        self.shift = (u32::BITS - target.leading_zeros()).max(MIN_SHIFT);
        let size = 1usize << self.shift;
        if size > old_size {
            self.hashes.resize(size, UNUSED);
            self.keys.resize(size, None);
        }
        let mut placed = vec![false; size.max(old_size)];
        for i in 0..old_size {
            let mut hash = self.hashes[i];
            if !is_real(hash) {
                self.hashes[i] = UNUSED;
                continue;
            }
            if placed[i] {
                continue;
            }
            self.hashes[i] = UNUSED;
            let mut key = self.keys[i].take();
            loop {
                let (mut at, mut step) = (self.index(hash), 0);
                while placed[at] {
                    step += 1;
                    at = (at + step) & self.mask();
                }
                placed[at] = true;
                let displaced = std::mem::replace(&mut self.hashes[at], hash);
                let displaced_key = std::mem::replace(&mut self.keys[at], key);
                if !is_real(displaced) {
                    break;
                }
                (hash, key) = (displaced, displaced_key);
            }
        }
        self.hashes.truncate(size);
        self.keys.truncate(size);
        self.occupied = self.nodes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first key QEMU reports, for keys inserted and then removed in
    /// the orders given.
    fn first<'k>(inserted: &[&'k str], removed: &[&str]) -> Option<&'k str> {
        let mut table = StrTable::new();
        for key in inserted {
            table.insert(key);
        }
        for key in removed {
            table.remove(key);
        }
        table.first()
    }

    #[test]
    fn hashes_bytes_as_signed_chars() {
        assert_eq!(str_hash(""), 5381);
        assert_eq!(str_hash("a"), 5381 * 33 + 97);
        // 0xc3 is -61 as a signed char.
        assert_eq!(
            str_hash("\u{c0}"),
            (5381u32 * 33 - 61).wrapping_mul(33) - 128
        );
    }

    #[test]
    fn orders_as_real_qemu() {
        // What real QEMU 10.0.2 (x86_64, on Debian's GLib 2.74) reported as
        // unexpected, for `query-name` or `qom-list` (whose `path` it had
        // visited) with these members; listed in QDict order, the order
        // they go into the table.
        let cases: &[(&[&str], &[&str], &str)] = &[
            (&["0", "k1"], &[], "k1"),
            (
                &["d", "i", "e", "j", "a", "f", "b", "g", "c", "h"],
                &[],
                "b",
            ),
            (&["x", "zz", "type", "caf\u{e9}"], &[], "caf\u{e9}"),
            (
                &[
                    "m0", "m3", "m6", "m9", "m2", "m5", "m8", "m1", "m4", "m19", "m18", "m17",
                    "m16", "m15", "m14", "m13", "m12", "m11", "m10", "m7",
                ],
                &[],
                "m3",
            ),
            (
                &[
                    "m3", "m6", "m9", "m2", "m5", "path", "m8", "m1", "m4", "m12", "m11", "m10",
                    "m7",
                ],
                &["path"],
                "m5",
            ),
        ];
        for (inserted, removed, want) in cases {
            assert_eq!(first(inserted, removed), Some(*want), "{inserted:?}");
        }
    }

    #[test]
    fn removing_shrinks_and_keeps_the_rest() {
        let many: Vec<String> = (0..40).map(|i| format!("m{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(first(&many, &many[1..]), Some("m0"));
        assert_eq!(first(&many, &many), None);
    }
}
