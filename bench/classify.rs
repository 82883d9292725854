//! Classifier throughput on one core: the labelled eval set classified N times
//! (`cargo bench --bench classify`, N from the first argument, default 50).

use std::time::Instant;

use presseradar::classify::{Classifier, Document};
use presseradar::vocab::State;

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let text = std::fs::read_to_string("tests/fixtures/classify/eval.jsonl")
        .expect("run from the crate root: tests/fixtures/classify/eval.jsonl");
    let docs: Vec<(String, String, Option<State>)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (
                field("title"),
                field("body"),
                State::parse(&field("source_state")),
            )
        })
        .collect();
    let bytes: usize = docs.iter().map(|(t, b, _)| t.len() + b.len()).sum();

    let started = Instant::now();
    let classifier = Classifier::embedded();
    println!(
        "build: {:.1} ms (rules + gazetteer)",
        started.elapsed().as_secs_f64() * 1e3
    );

    let started = Instant::now();
    let mut relevant = 0usize;
    for _ in 0..rounds {
        for (title, body, source_state) in &docs {
            let r = classifier.classify(&Document {
                title,
                body,
                source_state: *source_state,
            });
            relevant += usize::from(r.relevant);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let n = rounds * docs.len();
    println!(
        "classify: {n} articles in {secs:.2} s = {:.0} articles/s, {:.1} MB/s on one core ({relevant} relevant)",
        n as f64 / secs,
        (rounds * bytes) as f64 / secs / 1e6
    );
}
