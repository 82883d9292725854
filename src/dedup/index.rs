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
mod tests;
