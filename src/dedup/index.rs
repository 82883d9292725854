//! In-memory candidate index: which stored items share a lookup band with a new one.
//!
//! A lookup key ([`super::Fingerprint::lookup_key`]) is four 16-bit bands, each one
//! MinHash value. Two texts with shingle Jaccard similarity J agree on a band with
//! probability J, so they meet in at least one of the four tables with probability
//! 1 − (1 − J)⁴: 0.91 at J = 0.45, the least similar republication in the labelled set
//! (all 62 labelled republications were found).
//! Each table is a counting-sorted array of slot numbers plus an offset per band value
//! (4 bytes per item per table, no per-bucket allocations); new items wait in a short
//! unsorted tail that is scanned linearly and merged into the tables when it grows past
//! `PENDING_LIMIT`.
//!
//! Measured by `cargo bench --bench dedup` at a million items: 33 bytes per item
//! (memory_bytes and VmRSS agree), lookups 2.7–3.6 µs median and under 7 µs at p99 on
//! a busy two-core machine, about 64 chance candidates per lookup, bulk load 0.1 s.

const BANDS: usize = 4;
const BAND_BITS: u32 = 16;
const BAND_VALUES: usize = 1 << BAND_BITS;
/// Unsorted tail length that triggers a rebuild; scanning it costs a few microseconds.
const PENDING_LIMIT: usize = 4096;
/// A band value shared by more stored items than this comes from phrases many texts
/// share (a press office's footer, an agency's boilerplate): of such a band only the
/// newest this many items are candidates, so that a lookup never returns thousands of
/// candidates to confirm and ingest does not slow down as the database grows, while a
/// republication — which follows its original within days — is still found when all of
/// its bands are crowded. Skipping crowded bands entirely lost more republications the
/// larger the database grew (bench-fill-db: 77 % found at 100,000 items, 30 % at
/// 1,000,000); the newest 32 found 91 % up to 100,000 and 92 % from there to 1,000,000
/// (64: 94 % at 100,000, but ingest 13 % slower).
pub const CROWDED_BAND: usize = 32;

/// Lookup keys of all stored items, for candidate lookup without a full scan.
#[derive(Debug, Clone)]
pub struct NearDuplicateIndex {
    /// Per slot: the item's lookup key and id. Slots are never reused until a rebuild.
    keys: Vec<u64>,
    ids: Vec<i64>,
    /// One bit per slot: removed items stay in the tables until the next compaction.
    removed: Vec<u64>,
    removed_count: usize,
    /// Slots below this are in the tables; the rest form the unsorted tail.
    indexed: usize,
    tables: Vec<BandTable>,
}

/// One band's table: `slots[offsets[v]..offsets[v + 1]]` hold band value `v`.
#[derive(Debug, Clone)]
struct BandTable {
    offsets: Vec<u32>,
    slots: Vec<u32>,
}

impl Default for NearDuplicateIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl NearDuplicateIndex {
    pub fn new() -> Self {
        NearDuplicateIndex {
            keys: Vec::new(),
            ids: Vec::new(),
            removed: Vec::new(),
            removed_count: 0,
            indexed: 0,
            tables: Vec::new(),
        }
    }

    /// Add an item. Inserting the same id twice stores it twice; `candidates` still
    /// reports it once.
    pub fn insert(&mut self, id: i64, key: u64) {
        self.keys.push(key);
        self.ids.push(id);
        if self.keys.len().div_ceil(64) > self.removed.len() {
            self.removed.push(0);
        }
        if self.keys.len() - self.indexed > PENDING_LIMIT {
            self.rebuild();
        }
    }

    /// Remove one stored entry with this id and key; unknown pairs are ignored.
    pub fn remove(&mut self, id: i64, key: u64) {
        let found = self
            .slots_with_band(0, band(key, 0))
            .chain(self.indexed..self.keys.len())
            .find(|&slot| self.ids[slot] == id && self.keys[slot] == key && !self.is_removed(slot));
        if let Some(slot) = found {
            self.removed[slot / 64] |= 1 << (slot % 64);
            self.removed_count += 1;
            // Compact once a quarter of the slots are dead, so memory follows len().
            if self.removed_count * 4 > self.keys.len() {
                self.rebuild();
            }
        }
    }

    /// Ids of stored items whose key agrees with `key` in at least one band, each once,
    /// sorted. The caller confirms them with [`super::is_near_duplicate`].
    pub fn candidates(&self, key: u64) -> Vec<i64> {
        // Slots follow storage order (ids grow with it, the bulk load reads by id, and a
        // rebuild keeps the order), so the newest items of a band are its last slots:
        // the tail's, then the end of the band's table range. Taking them from the end
        // stops after CROWDED_BAND instead of walking a crowded band's thousands.
        let mut in_band: [Vec<i64>; BANDS] = Default::default();
        for slot in (self.indexed..self.keys.len()).rev() {
            let differs = self.keys[slot] ^ key;
            if !has_zero_band(differs) {
                continue;
            }
            for (table, found) in in_band.iter_mut().enumerate() {
                if band(differs, table) == 0 && found.len() < CROWDED_BAND && !self.is_removed(slot)
                {
                    found.push(self.ids[slot]);
                }
            }
        }
        for (table, found) in in_band.iter_mut().enumerate().take(self.tables.len()) {
            let room = CROWDED_BAND - found.len();
            found.extend(
                self.slots_with_band(table, band(key, table))
                    .rev()
                    .filter(|&slot| !self.is_removed(slot))
                    .take(room)
                    .map(|slot| self.ids[slot]),
            );
        }
        let mut found: Vec<i64> = in_band.into_iter().flatten().collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Number of stored (not removed) entries.
    pub fn len(&self) -> usize {
        self.keys.len() - self.removed_count
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Heap bytes held by the index (allocated capacity, not just the used part).
    pub fn memory_bytes(&self) -> usize {
        let tables: usize = self
            .tables
            .iter()
            .map(|t| t.offsets.capacity() * 4 + t.slots.capacity() * 4)
            .sum();
        std::mem::size_of::<Self>()
            + self.keys.capacity() * 8
            + self.ids.capacity() * 8
            + self.removed.capacity() * 8
            + self.tables.capacity() * std::mem::size_of::<BandTable>()
            + tables
    }

    fn is_removed(&self, slot: usize) -> bool {
        self.removed[slot / 64] >> (slot % 64) & 1 == 1
    }

    fn slots_with_band(
        &self,
        table: usize,
        key: usize,
    ) -> impl DoubleEndedIterator<Item = usize> + '_ {
        let range = self.tables.get(table).map_or(0..0, |t| {
            t.offsets[key] as usize..t.offsets[key + 1] as usize
        });
        range.map(move |i| self.tables[table].slots[i] as usize)
    }

    /// Drop removed slots and counting-sort every slot into the band tables.
    fn rebuild(&mut self) {
        if self.removed_count > 0 {
            let live: Vec<usize> = (0..self.keys.len())
                .filter(|&s| !self.is_removed(s))
                .collect();
            self.keys = live.iter().map(|&s| self.keys[s]).collect();
            self.ids = live.iter().map(|&s| self.ids[s]).collect();
            self.removed = vec![0; self.keys.len().div_ceil(64)];
            self.removed_count = 0;
        }
        // Slot numbers are stored as u32: four billion items is far beyond this service.
        let count = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.tables = (0..BANDS)
            .map(|table| {
                let mut offsets = vec![0u32; BAND_VALUES + 1];
                for &hash in &self.keys {
                    offsets[band(hash, table) + 1] += 1;
                }
                for k in 0..BAND_VALUES {
                    offsets[k + 1] += offsets[k];
                }
                let mut next = offsets.clone();
                let mut slots = vec![0u32; count as usize];
                for (slot, &hash) in self.keys.iter().enumerate().take(count as usize) {
                    let key = band(hash, table);
                    slots[next[key] as usize] = slot as u32;
                    next[key] += 1;
                }
                BandTable { offsets, slots }
            })
            .collect();
        self.indexed = count as usize;
        // Room for exactly one tail, so capacity (and memory) tracks len instead of doubling.
        self.keys.shrink_to_fit();
        self.keys.reserve_exact(PENDING_LIMIT + 1);
        self.ids.shrink_to_fit();
        self.ids.reserve_exact(PENDING_LIMIT + 1);
        self.removed.shrink_to_fit();
        self.removed.reserve_exact(PENDING_LIMIT / 64 + 1);
    }
}

impl FromIterator<(i64, u64)> for NearDuplicateIndex {
    /// Bulk load (at start-up from the store): one rebuild instead of one per tail.
    fn from_iter<I: IntoIterator<Item = (i64, u64)>>(items: I) -> Self {
        let mut index = NearDuplicateIndex::new();
        for (id, key) in items {
            index.keys.push(key);
            index.ids.push(id);
        }
        index.removed = vec![0; index.keys.len().div_ceil(64)];
        index.rebuild();
        index
    }
}

/// Whether any of the four bands of `x` is zero: one test for most tail slots, which
/// share no band with the key looked up.
fn has_zero_band(x: u64) -> bool {
    const LOW: u64 = 0x0001_0001_0001_0001;
    const HIGH: u64 = 0x8000_8000_8000_8000;
    x.wrapping_sub(LOW) & !x & HIGH != 0
}

fn band(key: u64, table: usize) -> usize {
    (key >> (table as u32 * BAND_BITS)) as usize & (BAND_VALUES - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_band_test_agrees_with_looking_at_each_band() {
        // Every combination of lane values around the borrow boundaries.
        let lanes = [0u64, 1, 2, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff];
        let mut zero = 0;
        for a in lanes {
            for b in lanes {
                for c in lanes {
                    for d in lanes {
                        let x = a | b << 16 | c << 32 | d << 48;
                        let expected = (0..BANDS).any(|t| band(x, t) == 0);
                        assert_eq!(has_zero_band(x), expected, "{x:016x}");
                        zero += usize::from(expected);
                    }
                }
            }
        }
        assert_eq!(zero, 4096 - 7 * 7 * 7 * 7);
    }

    #[test]
    fn crowded_bands_give_their_newest_items_and_other_bands_still_find() {
        let mut index = NearDuplicateIndex::new();
        // 200 items share band 0 (boilerplate); one of them also shares band 2 with the query.
        for id in 0..200u64 {
            index.insert(
                id as i64,
                0x0000_0000_0000_0007
                    | ((id + 1) << 16)
                    | ((id + 1000) << 32)
                    | ((id + 5000) << 48),
            );
        }
        let query = 0x0000_0000_0000_0007 | (0xfffe << 16) | ((42 + 1000) << 32) | (0xfffd << 48);
        let newest: Vec<i64> = (200 - CROWDED_BAND as i64..200).collect();
        assert_eq!(index.candidates(query), [vec![42], newest].concat());
    }

    #[test]
    fn a_recent_item_is_found_when_all_its_bands_are_crowded() {
        let mut index = NearDuplicateIndex::new();
        let crowded = 0x0007_0006_0005_0004_u64;
        // A year of boilerplate in all four bands, then the original of a release.
        for id in 0..5000 {
            index.insert(id, crowded);
        }
        index.insert(5000, crowded);
        for id in 5001..5010 {
            index.insert(id, 0x1111_2222_3333_4444);
        }
        let found = index.candidates(crowded);
        assert_eq!(found.len(), CROWDED_BAND);
        assert!(found.contains(&5000), "{found:?}");
        assert!(!found.contains(&0), "{found:?}");
    }

    /// A key that differs from `key` in every band except those listed in `keep`.
    fn sharing(key: u64, keep: &[usize]) -> u64 {
        (0..BANDS).fold(0, |out, t| {
            let value = if keep.contains(&t) {
                band(key, t)
            } else {
                band(key, t) ^ 0x5A5A
            };
            out | (value as u64) << (t as u32 * BAND_BITS)
        })
    }

    fn filled(n: i64) -> NearDuplicateIndex {
        let mut index = NearDuplicateIndex::new();
        let mut state = 0x1234_5678_9abc_def0_u64;
        for id in 0..n {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            index.insert(1000 + id, state ^ state >> 29);
        }
        index
    }

    #[test]
    fn one_shared_band_is_enough_and_none_is_not_found() {
        let key = 0xA5A5_0F0F_3C3C_9999_u64;
        // Both with the item in the unsorted tail and after it was merged into the tables.
        for background in [0, 10_000] {
            let mut index = filled(background);
            index.insert(7, key);
            assert_eq!(index.len(), background as usize + 1);
            for shared in [&[0, 1, 2, 3][..], &[0], &[1], &[2], &[3], &[1, 3]] {
                assert!(
                    index.candidates(sharing(key, shared)).contains(&7),
                    "bands {shared:?}, background {background}"
                );
            }
            assert!(!index.candidates(sharing(key, &[])).contains(&7));
        }
    }

    #[test]
    fn random_background_yields_few_candidates() {
        let index = filled(100_000);
        let hits = index.candidates(0x0123_4567_89AB_CDEF).len();
        // Four bands × 100 000 / 65 536 ≈ 6 expected by chance.
        assert!(hits < 30, "{hits} chance candidates");
    }

    #[test]
    fn remove_takes_out_exactly_that_entry() {
        let mut index = filled(6000);
        index.insert(1, 0xFFFF_0000_FFFF_0000);
        index.insert(2, 0xFFFF_0000_FFFF_0001);
        assert!(index.candidates(0xFFFF_0000_FFFF_0000).ends_with(&[1, 2]));
        index.remove(1, 0xFFFF_0000_FFFF_0001); // wrong key: nothing happens
        assert!(index.candidates(0xFFFF_0000_FFFF_0000).ends_with(&[1, 2]));
        index.remove(1, 0xFFFF_0000_FFFF_0000);
        let left = index.candidates(0xFFFF_0000_FFFF_0000);
        assert!(!left.contains(&1) && left.contains(&2));
        assert_eq!(index.len(), 6001);
        index.remove(1, 0xFFFF_0000_FFFF_0000); // already gone
        assert_eq!(index.len(), 6001);
    }

    #[test]
    fn removing_many_compacts_and_keeps_the_rest_findable() {
        let mut index = NearDuplicateIndex::new();
        let keys: Vec<u64> = (0..20_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        for (id, &k) in keys.iter().enumerate() {
            index.insert(id as i64, k);
        }
        for (id, &k) in keys.iter().enumerate().filter(|(id, _)| id % 3 != 0) {
            index.remove(id as i64, k);
        }
        assert_eq!(index.len(), 20_000_usize.div_ceil(3));
        assert!(index.keys.len() < 20_000, "compaction dropped dead slots");
        for (id, &k) in keys.iter().enumerate() {
            assert_eq!(
                index.candidates(k).contains(&(id as i64)),
                id % 3 == 0,
                "id {id}"
            );
        }
    }

    #[test]
    fn bulk_load_equals_inserting_one_by_one() {
        let items: Vec<(i64, u64)> = (0..9000i64)
            .map(|i| (i, (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)))
            .collect();
        let bulk: NearDuplicateIndex = items.iter().copied().collect();
        let mut single = NearDuplicateIndex::new();
        items.iter().for_each(|&(id, k)| single.insert(id, k));
        for &(_, k) in items.iter().step_by(97) {
            assert_eq!(
                bulk.candidates(sharing(k, &[2])),
                single.candidates(sharing(k, &[2]))
            );
        }
        assert_eq!(bulk.len(), single.len());
    }

    #[test]
    fn memory_stays_small_per_item() {
        let index = filled(200_000);
        let per_item = index.memory_bytes() as f64 / index.len() as f64;
        assert!(per_item < 40.0, "{per_item:.1} bytes per item");
        assert!(!index.is_empty() && NearDuplicateIndex::new().is_empty());
    }
}
