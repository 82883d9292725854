//! Fuzz target: arbitrary bytes through charset decoding and feed extraction; items that
//! come out have absolute http(s) links.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = presseradar::fetch::decode_text(data, Some("application/rss+xml"));
    let base = url::Url::parse("https://ms.sachsen-anhalt.de/presse/rss.xml").unwrap();
    if let Ok(items) = presseradar::extract::feed::extract_feed(&text, &base) {
        for item in items.items {
            assert!(
                item.url.starts_with("http://") || item.url.starts_with("https://"),
                "{}",
                item.url
            );
        }
    }
});
