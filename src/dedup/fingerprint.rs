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
mod tests {
    use super::*;

    /// The AVX-512 build of the MinHash loop must give the portable loop's values bit for
    /// bit: fingerprints computed on one machine are compared with those of another.
    /// Shingle sets of every length around the vector width, large ones, and values that
    /// hit the edges of the mixer (zero, all ones, the seeds themselves).
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn avx512_minhash_equals_the_portable_one_where_the_cpu_has_it() {
        if !(std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq"))
        {
            eprintln!("this CPU has no AVX-512F/DQ: only the portable MinHash runs here");
            return;
        }
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state = mix(state);
            state
        };
        let mut inputs: Vec<Vec<u64>> =
            (0..=70).map(|n| (0..n).map(|_| next()).collect()).collect();
        inputs.push((0..5_000).map(|_| next()).collect());
        inputs.push(vec![0, u64::MAX, 1, u64::MAX - 1]);
        inputs.push(SEEDS.to_vec());
        inputs.push(SEEDS.iter().map(|s| !s).collect());
        for shingles in &inputs {
            // SAFETY: the CPU has the features the function is compiled for (checked above).
            let vectorised = unsafe { minhash_avx512(shingles) };
            assert_eq!(
                vectorised,
                minhash_portable(shingles),
                "{} shingles",
                shingles.len()
            );
        }
    }

    /// Fingerprints are stored: a faster way of computing them must give the very same
    /// values, or every stored item would stop matching its copies. Pinned from the
    /// implementation that wrote the first databases.
    #[test]
    fn stored_fingerprints_stay_comparable() {
        let title = "Land startet Fachkräfteinitiative";
        let body = "MAGDEBURG – Das Ministerium für Wirtschaft startet eine Fachkräfteinitiative \
            für kleine und mittlere Unternehmen.\nBetriebe erhalten Zuschüsse für die Anwerbung \
            ausländischer Pflegekräfte, für Sprachkurse und für die Anerkennung von Berufsabschlüssen.\n\
            Pressekontakt: Anna Beispiel, Tel. 0391 567-0\nWerbung\nDie Landesregierung stellt dafür \
            zwölf Millionen Euro bereit. Infos unter www.fachkraft-im-fokus.de";
        let fp = fingerprint(title, body);
        assert_eq!(fp.lookup_key, 0x077a5dd0e2da0b55);
        assert_eq!(fp.shingles, 37);
        assert_eq!(
            fp.minhash[..8],
            [2901, 58074, 24016, 1914, 29569, 10888, 39881, 38041]
        );
        // A thin body is fingerprinted with its title in front.
        let thin = fingerprint(title, "Kurz und knapp: Neue Stellen.");
        assert_eq!(thin.lookup_key, 0x680cc7323b75926e);
        assert_eq!(thin.shingles, 6);
    }

    const RELEASE: &str = "Magdeburg. Die Landesinitiative Fachkraft im Fokus und das Welcome-Center \
        Sachsen-Anhalt laden Unternehmen zu einem Workshop über die Gewinnung internationaler \
        Fachkräfte ein. Im Mittelpunkt stehen das Fachkräfteeinwanderungsgesetz, die Anerkennung \
        ausländischer Berufsabschlüsse und die Begleitung neuer Beschäftigter in den ersten Monaten. \
        Die Teilnahme ist kostenfrei, eine Anmeldung ist bis zum 15. März erforderlich.";

    #[test]
    fn blob_round_trips() {
        let fp = fingerprint("Workshop", RELEASE);
        let blob = fp.to_bytes();
        assert_eq!(blob.len(), BLOB_LEN);
        assert_eq!(Fingerprint::from_bytes(&blob), Ok(fp));
    }

    #[test]
    fn bad_blobs_are_errors_not_panics() {
        let blob = fingerprint("Workshop", RELEASE).to_bytes();
        assert!(Fingerprint::from_bytes(&[]).is_err());
        assert!(Fingerprint::from_bytes(&blob[..BLOB_LEN - 1]).is_err());
        let mut wrong_version = blob.clone();
        wrong_version[0] = 99;
        assert!(matches!(
            Fingerprint::from_bytes(&wrong_version),
            Err(DedupError::BadFingerprint(m)) if m.contains("version 99")
        ));
        let mut long = blob;
        long.push(0);
        assert!(Fingerprint::from_bytes(&long).is_err());
    }

    #[test]
    fn identical_text_is_identical_fingerprint_and_a_duplicate() {
        let a = fingerprint("Workshop für Unternehmen", RELEASE);
        let b = fingerprint("Anderer Titel", RELEASE);
        assert_eq!(a, b);
        assert!(is_near_duplicate(&a, &b));
    }

    #[test]
    fn spelling_and_markers_do_not_change_the_fingerprint() {
        let respelled = RELEASE
            .replace("Fachkräfte", "Fachkraefte")
            .replace("über", "ueber")
            .replace("Unternehmen zu", "Unternehmen\nWerbung\nzu");
        assert_eq!(fingerprint("", RELEASE), fingerprint("", &respelled));
    }

    const FURTHER_PARAGRAPHS: [&str; 3] = [
        "Nach Angaben des Ministeriums haben im vergangenen Jahr mehr als 400 Betriebe aus \
         Sachsen-Anhalt internationale Fachkräfte eingestellt, vor allem in Pflege, Logistik und \
         Metallverarbeitung. Viele von ihnen wünschen sich Unterstützung bei Visaverfahren.",
        "Der Workshop findet im Haus der Wirtschaft in Magdeburg statt. Neben Fachleuten der \
         Ausländerbehörde berichten zwei Unternehmen aus dem Harz über ihre Erfahrungen mit \
         Auszubildenden aus Marokko und Indien.",
        "Staatssekretärin Susi Möbbeck wird den Workshop eröffnen. Sie will dabei auch das neue \
         Förderprogramm für Sprachkurse am Arbeitsplatz vorstellen, das im Herbst startet und \
         kleine Betriebe bei den Kosten entlastet.",
    ];

    #[test]
    fn a_cut_republication_is_a_duplicate_but_a_quoted_passage_is_not() {
        let full = [
            RELEASE,
            FURTHER_PARAGRAPHS[0],
            FURTHER_PARAGRAPHS[1],
            FURTHER_PARAGRAPHS[2],
        ];
        let original = fingerprint("", &full.join("\n"));
        let cut = fingerprint("", &full[..3].join("\n"));
        // One paragraph quoted in another item: wholly inside, but a fraction of the story.
        let quoted = fingerprint("", FURTHER_PARAGRAPHS[1]);
        assert!(is_near_duplicate(&original, &cut));
        assert!(
            original.containment(&quoted) > 0.9,
            "the passage lies inside the original"
        );
        assert!(!is_near_duplicate(&original, &quoted));
    }

    #[test]
    fn empty_items_are_never_duplicates() {
        let empty = fingerprint("", "");
        assert_eq!(empty.shingles, 0);
        assert!(!is_near_duplicate(&empty, &empty));
    }

    #[test]
    fn unrelated_text_is_not_a_duplicate() {
        let other = fingerprint(
            "",
            "Erfurt. Das Thüringer Wirtschaftsministerium fördert in diesem Jahr zwölf neue \
             Verbundprojekte zur Ausbildung in kleinen Handwerksbetrieben. Die Betriebe teilen sich \
             Ausbilder, Werkstätten und Prüfungsvorbereitung, damit auch kleine Firmen Lehrlinge \
             aufnehmen können.",
        );
        let release = fingerprint("", RELEASE);
        assert!(!is_near_duplicate(&release, &other));
        assert_ne!(release.lookup_key, other.lookup_key);
    }
}
