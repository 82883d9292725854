use std::path::Path;

use chrono::{DateTime, Utc};
use url::Url;

use super::*;
use crate::config::Config;

const PAGE_1: &str =
    include_str!("../../../tests/fixtures/json/medienservice-sachsen/search-page-1.json");
const PAGE_2: &str =
    include_str!("../../../tests/fixtures/json/medienservice-sachsen/search-page-2.json");

const SOURCE: &str = r#"
[[source]]
id = "sn-medienservice"
name = "Medienservice Sachsen"
kind = "html"
url = "https://www.medienservice.sachsen.de/medien/news/search.json?search[query]=&search[filter][]=press_releases&page=1"
state = "SN"

[source.scrape]
item = ".teaser"
link = 'a[href*="/medien/news/"]@href'
title = ".teaser-text"
date = ".time"
max_pages = 5

[source.scrape.json]
items = "/teaser"
last = "/disable"
page_param = "page"
"#;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .expect("valid")
        .to_utc()
}

fn source() -> (Url, ScrapeRules) {
    let config = Config::parse(SOURCE, Path::new("sources.toml")).expect("valid source");
    let source = config.sources[0].clone();
    (source.url, source.scrape.expect("scrape rules"))
}

fn read(text: &str, url: &Url) -> Result<ListPage, ExtractError> {
    let (_, rules) = source();
    let json = rules.json.clone().expect("json rules");
    extract_json_list(text, url, &rules, &json, now())
}

#[test]
fn fragments_become_items_with_the_date_taken_off_the_title() {
    let (url, _) = source();
    let page = read(PAGE_1, &url).expect("page 1 reads");
    assert_eq!(page.items.len(), 6);
    let first = &page.items[0];
    assert_eq!(
        first.url,
        "https://www.medienservice.sachsen.de/medien/news/1090512"
    );
    assert_eq!(
        first.title,
        "Sachsen startet Fachkräfteallianz 2030 mit Kammern und Gewerkschaften"
    );
    assert_eq!(
        first.published.map(|d| d.to_rfc3339()),
        Some("2025-12-08T09:30:00+00:00".to_string())
    );
    // A fragment without an image reads the same.
    assert_eq!(
        page.items[2].title,
        "Hochwasserschutz: Neue Deichlinie in Grimma übergeben"
    );
}

#[test]
fn paging_raises_the_parameter_until_the_last_page_says_so() {
    let (url, _) = source();
    let next = read(PAGE_1, &url)
        .expect("page 1 reads")
        .next_page
        .expect("page 1 is not the last");
    assert_eq!(
        next.query_pairs()
            .filter(|(k, _)| k == "page")
            .map(|(_, v)| v.into_owned())
            .collect::<Vec<_>>(),
        vec!["2".to_string()]
    );
    assert!(
        next.query_pairs()
            .any(|(k, v)| k == "search[filter][]" && v == "press_releases")
    );
    let last = read(PAGE_2, &next).expect("page 2 reads");
    assert_eq!(last.items.len(), 2);
    assert_eq!(last.next_page, None);
}

#[test]
fn a_url_without_the_parameter_is_page_one() {
    let url = Url::parse("https://example.org/search.json?q=x").expect("valid");
    assert_eq!(
        next_page_url(&url, "page").as_str(),
        "https://example.org/search.json?q=x&page=2"
    );
}

#[test]
fn an_empty_answer_ends_the_list_and_broken_answers_name_the_problem() {
    let (url, _) = source();
    let empty = read(r#"{"teaser": [], "disable": false}"#, &url).expect("empty page");
    assert!(empty.items.is_empty() && empty.next_page.is_none());
    let not_json = read("<html><body>Wartung</body></html>", &url).unwrap_err();
    assert!(
        not_json.to_string().contains("not a JSON list"),
        "{not_json}"
    );
    match read(r#"{"results": []}"#, &url).unwrap_err() {
        ExtractError::NoMatch { key, selector, .. } => {
            assert_eq!((key, selector.as_str()), ("json.items", "/teaser"));
        }
        other => panic!("expected NoMatch, got {other:?}"),
    }
    // Fragments that no longer hold the item markup are the markup-changed case too.
    let changed = read(r#"{"teaser": ["<p>neu</p>"], "disable": true}"#, &url).unwrap_err();
    assert!(
        matches!(changed, ExtractError::NoMatch { key: "item", .. }),
        "{changed:?}"
    );
}

#[test]
fn config_rejects_pointers_without_slash_and_next_page_beside_json() {
    let bad_pointer = SOURCE.replace(r#"items = "/teaser""#, r#"items = "teaser""#);
    let e = Config::parse(&bad_pointer, Path::new("sources.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("scrape.json.items"), "{e}");
    let with_next = SOURCE.replace(
        "max_pages = 5",
        "max_pages = 5\nnext_page = \"a.next@href\"",
    );
    let e = Config::parse(&with_next, Path::new("sources.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("page_param"), "{e}");
}
