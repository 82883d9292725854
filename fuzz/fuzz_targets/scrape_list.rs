//! Fuzz target: listing-page and article extraction on arbitrary HTML with fixed rules;
//! every item found has an absolute http(s) link.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use presseradar::config::{Config, ScrapeRules};

const SOURCES: &str = r#"
[[source]]
id = "fuzz"
name = "Fuzz"
kind = "html"
url = "https://mw.brandenburg.de/presse/"
state = "BB"

[source.scrape]
item = "article.pm, li.teaser"
link = "h2 a@href"
title = "h2"
date = "time@datetime"
summary = "p.teaser"
next_page = "a[rel=next]@href"
follow = true
content = "div.text"
article_date = "span.datum"
"#;

fn rules() -> &'static ScrapeRules {
    static RULES: OnceLock<ScrapeRules> = OnceLock::new();
    RULES.get_or_init(|| {
        let config = Config::parse(SOURCES, Path::new("fuzz.toml")).expect("fuzz rules parse");
        config.sources[0].scrape.clone().expect("scrape rules")
    })
}

fuzz_target!(|data: &[u8]| {
    let html = presseradar::fetch::decode_text(data, Some("text/html"));
    let page = url::Url::parse("https://mw.brandenburg.de/presse/").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    if let Ok(list) = presseradar::extract::scrape::extract_list(&html, &page, rules(), now) {
        for mut item in list.items {
            assert!(item.url.starts_with("http"), "{}", item.url);
            presseradar::extract::scrape::extract_article(&html, &page, rules(), &mut item, now);
        }
    }
});
