//! Fuzz target: the German date parser on arbitrary text never panics, and what it
//! finds lies in a sane range.
#![no_main]

use chrono::{Datelike, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    if let Some(found) = presseradar::extract::date::parse_german_date(text, now) {
        assert!((1..=9999).contains(&found.year()), "{text:?} → {found}");
    }
    let _ = presseradar::extract::date::parse_german_date_detail(text, now);
});
