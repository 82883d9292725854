//! Benchmark for the dedup index and fingerprints: a million stored items, lookups for
//! new ones, memory held, and the cost of fingerprinting one article.
//!
//! `cargo bench --bench dedup`; plain `fn main`, no harness, about half a minute.

use std::hint::black_box;
use std::time::Instant;

use presseradar::dedup::{NearDuplicateIndex, fingerprint, is_near_duplicate};

const STORED: usize = 1_000_000;
/// Share of stored items that republish an earlier one (outlets copying ministries).
const NEAR_DUPLICATE_SHARE: f64 = 0.15;
const LOOKUPS: usize = 100_000;
const FINGERPRINTS: usize = 2_000;

/// SplitMix64: deterministic, dependency-free randomness for synthetic keys.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// A republication's key: each 16-bit band survives with probability `jaccard`.
fn near_duplicate_of(key: u64, jaccard: f64, rng: &mut Rng) -> u64 {
    (0..4).fold(0, |out, band| {
        let value = if rng.chance(jaccard) {
            key >> (16 * band)
        } else {
            rng.next()
        } & 0xFFFF;
        out | value << (16 * band)
    })
}

fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let mut rng = Rng(0x6465_6475_7062_656e);
    let mut stored_sample: Vec<(i64, u64)> = Vec::with_capacity(STORED / 20 + 1);

    let rss_before = resident_kib();
    let started = Instant::now();
    let mut index = NearDuplicateIndex::new();
    for id in 0..STORED {
        let key = if id > 0 && rng.chance(NEAR_DUPLICATE_SHARE) && !stored_sample.is_empty() {
            let (_, original) = stored_sample[rng.next() as usize % stored_sample.len()];
            near_duplicate_of(original, 0.7, &mut rng)
        } else {
            rng.next()
        };
        if id % 20 == 0 {
            stored_sample.push((id as i64, key));
        }
        index.insert(id as i64, key);
    }
    let build = started.elapsed();
    let rss_after = resident_kib();
    println!(
        "index: {} items inserted one by one in {:.2} s",
        index.len(),
        build.as_secs_f64()
    );
    println!(
        "memory: memory_bytes {:.1} MB ({:.1} bytes/item); VmRSS delta {}",
        index.memory_bytes() as f64 / 1e6,
        index.memory_bytes() as f64 / index.len() as f64,
        match (rss_before, rss_after) {
            (Some(b), Some(a)) => format!("{:.1} MB", (a.saturating_sub(b)) as f64 / 1024.0),
            _ => "unavailable (no /proc/self/status)".to_string(),
        }
    );

    let mut timings = Vec::with_capacity(LOOKUPS);
    let (mut candidates, mut found_original) = (0usize, 0usize);
    for i in 0..LOOKUPS {
        // Half the queries are new stories, half republish a stored item (J = 0.6).
        let (query, original) = if i % 2 == 0 {
            (rng.next(), None)
        } else {
            let (id, key) = stored_sample[rng.next() as usize % stored_sample.len()];
            (near_duplicate_of(key, 0.6, &mut rng), Some(id))
        };
        let t = Instant::now();
        let found = black_box(index.candidates(black_box(query)));
        timings.push(t.elapsed().as_nanos() as u64);
        candidates += found.len();
        found_original += usize::from(original.is_some_and(|id| found.contains(&id)));
    }
    timings.sort_unstable();
    let mean_us = timings.iter().sum::<u64>() as f64 / LOOKUPS as f64 / 1000.0;
    let percentile_us =
        |p: f64| timings[((LOOKUPS as f64 * p) as usize).min(LOOKUPS - 1)] as f64 / 1000.0;
    println!(
        "lookup: mean {mean_us:.2} µs, p50 {:.2} µs, p99 {:.2} µs, p99.9 {:.2} µs, max {:.0} µs \
         over {LOOKUPS} lookups (target < 50 µs)",
        percentile_us(0.5),
        percentile_us(0.99),
        percentile_us(0.999),
        percentile_us(1.0),
    );
    println!(
        "lookup: {:.1} candidates per lookup (4 bands × N / 65 536 by chance); \
         republication queries that found their original: {:.1} % (expected 1 − 0.4⁴ = 97.4 %)",
        candidates as f64 / LOOKUPS as f64,
        100.0 * found_original as f64 / (LOOKUPS / 2) as f64
    );

    let started = Instant::now();
    let bulk: NearDuplicateIndex = (0..STORED as i64).map(|id| (id, rng.next())).collect();
    println!(
        "bulk load of {} items (start-up from the store): {:.2} s",
        bulk.len(),
        started.elapsed().as_secs_f64()
    );
    drop(bulk);

    let articles: Vec<String> = (0..16).map(|_| article(400, &mut rng)).collect();
    let started = Instant::now();
    let mut prints = Vec::with_capacity(FINGERPRINTS);
    for i in 0..FINGERPRINTS {
        prints.push(fingerprint(
            "Titel",
            black_box(&articles[i % articles.len()]),
        ));
    }
    let per_article = started.elapsed().as_secs_f64() * 1e6 / FINGERPRINTS as f64;
    println!("fingerprint: {per_article:.1} µs per 400-word article");

    let started = Instant::now();
    let mut confirmed = 0usize;
    for pair in prints.windows(2) {
        confirmed += usize::from(is_near_duplicate(black_box(&pair[0]), black_box(&pair[1])));
    }
    println!(
        "is_near_duplicate: {:.0} ns per pair ({confirmed} of {} adjacent pairs confirmed)",
        started.elapsed().as_secs_f64() * 1e9 / (FINGERPRINTS - 1) as f64,
        FINGERPRINTS - 1
    );
}

/// A synthetic article in the register of a ministry release, in paragraphs.
fn article(words: usize, rng: &mut Rng) -> String {
    const VOCABULARY: &[&str] = &[
        "Fachkräfte",
        "Landesinitiative",
        "Welcome-Center",
        "Weiterbildung",
        "Ausbildung",
        "Unternehmen",
        "Ministerium",
        "Staatssekretärin",
        "Zuwanderung",
        "Anerkennung",
        "ländlichen",
        "Raum",
        "Kooperation",
        "die",
        "der",
        "und",
        "mit",
        "für",
        "in",
        "den",
        "Beschäftigte",
        "Betriebe",
        "Sachsen-Anhalt",
        "Thüringen",
        "Brandenburg",
        "Förderung",
        "Berufsorientierung",
        "Rückkehrer",
        "Pendler",
        "Arbeitgeber",
        "Attraktivität",
        "Netzwerk",
        "Beratung",
        "Projekt",
        "Millionen",
        "Euro",
        "Region",
        "Handwerk",
        "Pflege",
        "Kammer",
        "Agentur",
        "Plattform",
        "Austausch",
        "Treffen",
        "Magdeburg",
        "Erfurt",
    ];
    let mut text = String::new();
    for i in 0..words {
        let word = VOCABULARY[rng.next() as usize % VOCABULARY.len()];
        text.push_str(word);
        text.push(if i % 60 == 59 {
            '\n'
        } else if i % 12 == 11 {
            '.'
        } else {
            ' '
        });
        if i % 12 == 11 {
            text.push(' ');
        }
    }
    text
}
