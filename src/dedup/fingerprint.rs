//! Near-duplicate fingerprints: MinHash signatures whose first bands find candidates and
//! whose full length confirms them.

use super::DedupError;
use super::normalize::story_words;

/// Number of MinHash values per fingerprint; 64 keeps the Jaccard estimate's standard
/// error at or below 0.0625 while the blob stays at 133 bytes.
pub const MINHASH_LEN: usize = 64;
/// Share of the shorter text's shingles that must lie inside the longer one.
pub const MIN_CONTAINMENT: f64 = 0.72;
/// Floor on the Jaccard similarity itself, so a short passage cannot claim a long article.
pub const MIN_JACCARD: f64 = 0.3;

/// MinHash values that make up the lookup key, one per 16-bit band.
const LOOKUP_BANDS: usize = 4;
/// Words per shingle: three keeps a fixed typo or an inserted marker local.
const SHINGLE_WORDS: usize = 3;
/// A body shorter than this many story words is too thin to fingerprint on its own,
/// so the title joins it (feed items that carry only a teaser).
const MIN_BODY_WORDS: usize = 12;
/// Blob layout version; bump when the layout or the hashing changes.
const BLOB_VERSION: u8 = 1;
const BLOB_LEN: usize = 1 + 4 + MINHASH_LEN * 2;

/// What the store keeps per item to find and confirm near duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint {
    /// The key [`super::NearDuplicateIndex`] files the item under: four 16-bit bands,
    /// each one MinHash value, so two items that agree on any band meet in the index.
    pub lookup_key: u64,
    /// Number of distinct word shingles, for the containment estimate.
    pub shingles: u32,
    /// Per hash function, the minimum over all shingles, rehashed to 16 bits.
    pub minhash: [u16; MINHASH_LEN],
}

/// Fingerprint an item by its story text (boilerplate dropped, spelling folded); the
/// title only counts when the body is too short, since republications often retitle
/// and series reuse one title. An item without words gets `shingles == 0`: it is never
/// a duplicate and should not be put into the index.
pub fn fingerprint(title: &str, body: &str) -> Fingerprint {
    let body_words = story_words(body);
    let mut words: Vec<&str> = body_words.split_whitespace().collect();
    let title_words;
    if words.len() < MIN_BODY_WORDS {
        title_words = story_words(title);
        words.splice(0..0, title_words.split_whitespace());
    }
    let shingles = shingle_hashes(&words);
    let minhash = minhash(&shingles);
    Fingerprint {
        lookup_key: lookup_key(&minhash),
        shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
        minhash,
    }
}

/// The distinct shingle hashes, sorted (a set; sorting beats hashing a hash).
fn shingle_hashes(words: &[&str]) -> Vec<u64> {
    let mut hashes: Vec<u64> = if words.len() < SHINGLE_WORDS {
        words.iter().map(|w| stable_hash(w.as_bytes())).collect()
    } else {
        words
            .windows(SHINGLE_WORDS)
            .map(|window| {
                let mut hash = FNV_OFFSET;
                for (i, word) in window.iter().enumerate() {
                    if i > 0 {
                        hash = fnv_step(hash, b' ');
                    }
                    hash = word.bytes().fold(hash, fnv_step);
                }
                mix(hash)
            })
            .collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

fn minhash(shingles: &[u64]) -> [u16; MINHASH_LEN] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
    {
        // SAFETY: the CPU has the features the function is compiled for (checked above).
        return unsafe { minhash_avx512(shingles) };
    }
    minhash_portable(shingles)
}

/// The same loop compiled for AVX-512, where 64-bit multiplies vectorise (eight lanes);
/// the result is bit for bit the portable one.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn minhash_avx512(shingles: &[u64]) -> [u16; MINHASH_LEN] {
    minhash_portable(shingles)
}

#[inline(always)]
fn minhash_portable(shingles: &[u64]) -> [u16; MINHASH_LEN] {
    let mut mins = [u64::MAX; MINHASH_LEN];
    for &shingle in shingles {
        for (seed, min) in SEEDS.iter().zip(mins.iter_mut()) {
            *min = (*min).min(mix(shingle ^ seed));
        }
    }
    // The minimum itself is small (its high bits are mostly zero), so it is rehashed
    // before truncation: equal minima stay equal, unequal ones spread over 16 bits.
    mins.map(|min| mix(min) as u16)
}

impl Fingerprint {
    /// Serialise for the store: version byte, shingle count, MinHash values (LE). The
    /// lookup key is not stored: it is the first bands of the MinHash.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(BLOB_LEN);
        out.push(BLOB_VERSION);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for value in self.minhash {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// Read a blob written by [`Fingerprint::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DedupError> {
        let Some((&version, rest)) = bytes.split_first() else {
            return Err(DedupError::BadFingerprint("empty blob".to_string()));
        };
        if version != BLOB_VERSION {
            return Err(DedupError::BadFingerprint(format!(
                "version {version}, expected {BLOB_VERSION}"
            )));
        }
        if bytes.len() != BLOB_LEN {
            return Err(DedupError::BadFingerprint(format!(
                "{} bytes, expected {BLOB_LEN}",
                bytes.len()
            )));
        }
        let (shingles, rest) = rest.split_at(4);
        let mut minhash = [0u16; MINHASH_LEN];
        for (slot, pair) in minhash.iter_mut().zip(rest.chunks_exact(2)) {
            *slot = u16::from_le_bytes([pair[0], pair[1]]);
        }
        let shingles = u32::from_le_bytes(shingles.try_into().map_err(|_| short_blob())?);
        Ok(Fingerprint {
            lookup_key: lookup_key(&minhash),
            shingles,
            minhash,
        })
    }

    /// Estimated Jaccard similarity of the two items' shingle sets.
    pub fn jaccard(&self, other: &Fingerprint) -> f64 {
        let equal = self
            .minhash
            .iter()
            .zip(other.minhash.iter())
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / MINHASH_LEN as f64
    }

    /// Estimated share of the smaller shingle set that lies inside the larger one.
    pub fn containment(&self, other: &Fingerprint) -> f64 {
        let jaccard = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let smaller = a.min(b);
        if smaller == 0.0 {
            return 0.0;
        }
        // |A ∩ B| = J · |A ∪ B| = J · (|A| + |B|) / (1 + J).
        let intersection = jaccard * (a + b) / (1.0 + jaccard);
        (intersection / smaller).min(1.0)
    }
}

fn lookup_key(minhash: &[u16; MINHASH_LEN]) -> u64 {
    minhash[..LOOKUP_BANDS]
        .iter()
        .enumerate()
        .fold(0, |key, (band, &value)| {
            key | u64::from(value) << (16 * band)
        })
}

fn short_blob() -> DedupError {
    DedupError::BadFingerprint("truncated blob".to_string())
}

/// The confirming decision for two candidates the index returned (thresholds in the
/// module docs).
pub fn is_near_duplicate(a: &Fingerprint, b: &Fingerprint) -> bool {
    if a.shingles == 0 || b.shingles == 0 {
        return false;
    }
    a.jaccard(b) >= MIN_JACCARD && a.containment(b) >= MIN_CONTAINMENT
}

/// FNV-1a with a SplitMix64 finish: fixed forever, because hashes are stored in the DB.
/// A shingle hashes as its words joined by single spaces.
fn stable_hash(bytes: &[u8]) -> u64 {
    mix(bytes.iter().copied().fold(FNV_OFFSET, fnv_step))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

#[inline(always)]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One seed per MinHash function, derived once from a fixed SplitMix64 sequence.
static SEEDS: [u64; MINHASH_LEN] = {
    let mut seeds = [0u64; MINHASH_LEN];
    let mut state: u64 = 0x7072_6573_7365_7261; // "pressera"
    let mut i = 0;
    while i < MINHASH_LEN {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

#[cfg(test)]
mod tests;
