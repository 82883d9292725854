//! The labelled pair set: fingerprint, index lookup and confirmation together must keep
//! republications together and hard non-duplicates apart.

use presseradar::dedup::{Fingerprint, NearDuplicateIndex, fingerprint, is_near_duplicate};
use serde::Deserialize;

#[derive(Deserialize)]
struct Side {
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct Pair {
    id: String,
    kind: String,
    duplicate: bool,
    a: Side,
    b: Side,
}

fn load_pairs() -> Vec<Pair> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dedup/pairs.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("pairs.jsonl is readable");
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("pairs.jsonl:{}: {e}", n + 1))
        })
        .collect()
}

#[test]
fn labelled_pairs_reach_precision_and_recall_targets() {
    let pairs = load_pairs();
    assert!(pairs.len() >= 100, "only {} pairs", pairs.len());
    let duplicates = pairs.iter().filter(|p| p.duplicate).count();
    assert!(
        (pairs.len() * 2 / 5..=pairs.len() * 3 / 5).contains(&duplicates),
        "{duplicates} of {} pairs are duplicates; the set should be about half",
        pairs.len()
    );

    let fingerprints: Vec<(Fingerprint, Fingerprint)> = pairs
        .iter()
        .map(|p| {
            (
                fingerprint(&p.a.title, &p.a.body),
                fingerprint(&p.b.title, &p.b.body),
            )
        })
        .collect();
    // One index over every item of the set, as the store would hold them: pair i's
    // sides get ids 2i and 2i + 1.
    let mut index = NearDuplicateIndex::new();
    for (i, (fa, fb)) in fingerprints.iter().enumerate() {
        index.insert(2 * i as i64, fa.lookup_key);
        index.insert(2 * i as i64 + 1, fb.lookup_key);
    }

    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for (i, (pair, (fa, fb))) in pairs.iter().zip(&fingerprints).enumerate() {
        let found = index
            .candidates(fa.lookup_key)
            .contains(&(2 * i as i64 + 1));
        let predicted = found && is_near_duplicate(fa, fb);
        let line = format!(
            "{} {:<13} dup={:<5} jaccard={:.2} containment={:.2} found={found}",
            pair.id,
            pair.kind,
            pair.duplicate,
            fa.jaccard(fb),
            fa.containment(fb),
        );
        println!("{line}");
        match (pair.duplicate, predicted) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                wrong.push(format!("false positive: {line}"));
            }
            (true, false) => {
                fn_ += 1;
                wrong.push(format!("false negative: {line}"));
            }
            (false, false) => {}
        }
    }
    let precision = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = tp as f64 / (tp + fn_) as f64;
    println!(
        "{} pairs ({duplicates} duplicates): precision {precision:.3}, recall {recall:.3}",
        pairs.len()
    );
    for w in &wrong {
        println!("{w}");
    }
    assert!(precision >= 0.98, "precision {precision:.3}: {wrong:#?}");
    assert!(recall >= 0.95, "recall {recall:.3}: {wrong:#?}");
}

#[test]
fn fingerprints_survive_the_blob_round_trip() {
    for pair in load_pairs().iter().take(20) {
        let fp = fingerprint(&pair.a.title, &pair.a.body);
        assert_eq!(
            Fingerprint::from_bytes(&fp.to_bytes()).as_ref(),
            Ok(&fp),
            "{}",
            pair.id
        );
    }
}
