//! Fuzz target: classification of arbitrary title and body never panics, and its score
//! is a number.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use presseradar::classify::{Classifier, Document};

fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(Classifier::embedded)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first line is the title, the rest the body.
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let c = classifier().classify(&Document {
        title,
        body,
        source_state: None,
    });
    assert!(c.score.is_finite(), "score {} for {text:?}", c.score);
});
