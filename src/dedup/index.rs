//! In-memory SimHash index: which stored items lie within a few bits of a new one.
//!
//! Multi-index hashing: the 64 bits are cut into four 16-bit blocks. If two hashes differ
//! in at most 7 bits, one block differs in at most 1 bit (pigeonhole), so probing each
//! block's table at the key and its 16 one-bit neighbours finds every match. Each table
//! is a counting-sorted array of slot numbers plus an offset per key (4 bytes per item
//! per table, no per-bucket allocations); new items wait in a short unsorted tail that is
//! scanned linearly and merged into the tables when it grows past [`PENDING_LIMIT`].

/// Largest Hamming distance between SimHashes that [`NearDuplicateIndex::candidates`]
/// reports (see the module docs of `dedup` for why 7).
pub const MAX_HAMMING: u32 = 7;

const BLOCKS: usize = 4;
const BLOCK_BITS: u32 = 16;
const KEYS: usize = 1 << BLOCK_BITS;
/// Radius probed within each block: BLOCKS · (RADIUS + 1) − 1 = MAX_HAMMING.
const RADIUS_ONE_BLOCK_MISSES: u32 = 1;
/// Unsorted tail length that triggers a rebuild; scanning it costs about a microsecond.
const PENDING_LIMIT: usize = 4096;

const _: () = assert!(BLOCKS as u32 * (RADIUS_ONE_BLOCK_MISSES + 1) - 1 == MAX_HAMMING);

/// SimHashes of all stored items, for candidate lookup without a full scan.
#[derive(Debug, Clone)]
pub struct NearDuplicateIndex {
    /// Per slot: the item's SimHash and id. Slots are never reused until a rebuild.
    simhashes: Vec<u64>,
    ids: Vec<i64>,
    /// One bit per slot: removed items stay in the tables until the next compaction.
    removed: Vec<u64>,
    removed_count: usize,
    /// Slots below this are in the tables; the rest form the unsorted tail.
    indexed: usize,
    tables: Vec<BlockTable>,
}

/// One block's lookup table: `slots[offsets[k]..offsets[k + 1]]` have block key `k`.
#[derive(Debug, Clone)]
struct BlockTable {
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
            simhashes: Vec::new(),
            ids: Vec::new(),
            removed: Vec::new(),
            removed_count: 0,
            indexed: 0,
            tables: Vec::new(),
        }
    }

    /// Add an item. Inserting the same id twice stores it twice; `candidates` still
    /// reports it once.
    pub fn insert(&mut self, id: i64, simhash: u64) {
        self.simhashes.push(simhash);
        self.ids.push(id);
        if self.simhashes.len().div_ceil(64) > self.removed.len() {
            self.removed.push(0);
        }
        if self.simhashes.len() - self.indexed > PENDING_LIMIT {
            self.rebuild();
        }
    }

    /// Remove one stored entry with this id and SimHash; unknown pairs are ignored.
    pub fn remove(&mut self, id: i64, simhash: u64) {
        let found = self
            .slots_with_key(0, block(simhash, 0))
            .chain(self.indexed..self.simhashes.len())
            .find(|&slot| {
                self.ids[slot] == id && self.simhashes[slot] == simhash && !self.is_removed(slot)
            });
        if let Some(slot) = found {
            self.removed[slot / 64] |= 1 << (slot % 64);
            self.removed_count += 1;
            // Compact once a quarter of the slots are dead, so memory follows len().
            if self.removed_count * 4 > self.simhashes.len() {
                self.rebuild();
            }
        }
    }

    /// Ids of stored items whose SimHash is within [`MAX_HAMMING`] bits, each once, sorted.
    pub fn candidates(&self, simhash: u64) -> Vec<i64> {
        let mut found = Vec::new();
        let mut consider = |slot: usize| {
            if (self.simhashes[slot] ^ simhash).count_ones() <= MAX_HAMMING
                && !self.is_removed(slot)
            {
                found.push(self.ids[slot]);
            }
        };
        for table in 0..self.tables.len() {
            let key = block(simhash, table);
            self.slots_with_key(table, key).for_each(&mut consider);
            for bit in 0..BLOCK_BITS {
                self.slots_with_key(table, key ^ (1 << bit))
                    .for_each(&mut consider);
            }
        }
        (self.indexed..self.simhashes.len()).for_each(&mut consider);
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Number of stored (not removed) entries.
    pub fn len(&self) -> usize {
        self.simhashes.len() - self.removed_count
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
            + self.simhashes.capacity() * 8
            + self.ids.capacity() * 8
            + self.removed.capacity() * 8
            + self.tables.capacity() * std::mem::size_of::<BlockTable>()
            + tables
    }

    fn is_removed(&self, slot: usize) -> bool {
        self.removed[slot / 64] >> (slot % 64) & 1 == 1
    }

    fn slots_with_key(&self, table: usize, key: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.tables.get(table).map_or(0..0, |t| {
            t.offsets[key] as usize..t.offsets[key + 1] as usize
        });
        range.map(move |i| self.tables[table].slots[i] as usize)
    }

    /// Drop removed slots and counting-sort every slot into the block tables.
    fn rebuild(&mut self) {
        if self.removed_count > 0 {
            let live: Vec<usize> = (0..self.simhashes.len())
                .filter(|&s| !self.is_removed(s))
                .collect();
            self.simhashes = live.iter().map(|&s| self.simhashes[s]).collect();
            self.ids = live.iter().map(|&s| self.ids[s]).collect();
            self.removed = vec![0; self.simhashes.len().div_ceil(64)];
            self.removed_count = 0;
        }
        // Slot numbers are stored as u32: four billion items is far beyond this service.
        let count = u32::try_from(self.simhashes.len()).unwrap_or(u32::MAX);
        self.tables = (0..BLOCKS)
            .map(|table| {
                let mut offsets = vec![0u32; KEYS + 1];
                for &hash in &self.simhashes {
                    offsets[block(hash, table) + 1] += 1;
                }
                for k in 0..KEYS {
                    offsets[k + 1] += offsets[k];
                }
                let mut next = offsets.clone();
                let mut slots = vec![0u32; count as usize];
                for (slot, &hash) in self.simhashes.iter().enumerate().take(count as usize) {
                    let key = block(hash, table);
                    slots[next[key] as usize] = slot as u32;
                    next[key] += 1;
                }
                BlockTable { offsets, slots }
            })
            .collect();
        self.indexed = count as usize;
        // Room for exactly one tail, so capacity (and memory) tracks len instead of doubling.
        self.simhashes.shrink_to_fit();
        self.simhashes.reserve_exact(PENDING_LIMIT + 1);
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
        for (id, simhash) in items {
            index.simhashes.push(simhash);
            index.ids.push(id);
        }
        index.removed = vec![0; index.simhashes.len().div_ceil(64)];
        index.rebuild();
        index
    }
}

fn block(simhash: u64, table: usize) -> usize {
    (simhash >> (table as u32 * BLOCK_BITS)) as usize & (KEYS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flip `n` distinct bits spread over all four blocks (bit i·9 mod 64).
    fn flip(hash: u64, n: u32) -> u64 {
        (0..n).fold(hash, |h, i| h ^ 1 << ((i * 9) % 64))
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
    fn finds_every_distance_up_to_the_threshold_and_not_beyond() {
        // Both with the item in the unsorted tail and after it was merged into the tables.
        for background in [0, 10_000] {
            let base = 0xA5A5_0F0F_3C3C_9999_u64;
            for distance in 0..=MAX_HAMMING + 1 {
                let mut index = filled(background);
                index.insert(7, base);
                assert_eq!(index.len(), background as usize + 1);
                let found = index.candidates(flip(base, distance)).contains(&7);
                assert_eq!(
                    found,
                    distance <= MAX_HAMMING,
                    "distance {distance}, background {background}"
                );
            }
        }
    }

    #[test]
    fn worst_case_bit_placement_is_found() {
        // Seven flips packed two, two, two, one into the four blocks: the radius-1 probe
        // must still catch the block with one flip.
        let base = 0x0123_4567_89AB_CDEF_u64;
        let query = base ^ 0b11 ^ (0b11 << 16) ^ (0b11 << 32) ^ (1 << 48);
        let mut index = filled(5000);
        index.insert(42, base);
        // Eight flips, two per block: beyond the threshold, and no block within radius 1.
        index.insert(
            43,
            query ^ (0b1100 | 0b1100 << 16 | 0b1100 << 32 | 0b110 << 48),
        );
        assert_eq!(index.candidates(query), vec![42]);
        let tables_built = index.indexed > 0;
        assert!(tables_built);
    }

    #[test]
    fn remove_takes_out_exactly_that_entry() {
        let mut index = filled(6000);
        index.insert(1, 0xFFFF_0000_FFFF_0000);
        index.insert(2, 0xFFFF_0000_FFFF_0001);
        assert_eq!(index.candidates(0xFFFF_0000_FFFF_0000), vec![1, 2]);
        index.remove(1, 0xFFFF_0000_FFFF_0001); // wrong SimHash: nothing happens
        assert_eq!(index.candidates(0xFFFF_0000_FFFF_0000), vec![1, 2]);
        index.remove(1, 0xFFFF_0000_FFFF_0000);
        assert_eq!(index.candidates(0xFFFF_0000_FFFF_0000), vec![2]);
        assert_eq!(index.len(), 6001);
        index.remove(1, 0xFFFF_0000_FFFF_0000); // already gone
        assert_eq!(index.len(), 6001);
    }

    #[test]
    fn removing_many_compacts_and_keeps_the_rest_findable() {
        let mut index = NearDuplicateIndex::new();
        let hashes: Vec<u64> = (0..20_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        for (id, &h) in hashes.iter().enumerate() {
            index.insert(id as i64, h);
        }
        for (id, &h) in hashes.iter().enumerate().filter(|(id, _)| id % 3 != 0) {
            index.remove(id as i64, h);
        }
        assert_eq!(index.len(), 20_000_usize.div_ceil(3));
        assert!(
            index.simhashes.len() < 20_000,
            "compaction dropped dead slots"
        );
        for (id, &h) in hashes.iter().enumerate() {
            assert_eq!(
                index.candidates(h).contains(&(id as i64)),
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
        items.iter().for_each(|&(id, h)| single.insert(id, h));
        for &(_, h) in items.iter().step_by(97) {
            assert_eq!(bulk.candidates(flip(h, 3)), single.candidates(flip(h, 3)));
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
