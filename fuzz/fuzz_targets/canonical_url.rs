//! Fuzz target: URL canonicalisation never panics and is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presseradar::dedup::canonical_url;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(once) = canonical_url(text) {
        let twice = canonical_url(&once).expect("a canonical URL stays parseable");
        assert_eq!(once, twice, "canonicalising twice changes {text:?}");
    }
});
