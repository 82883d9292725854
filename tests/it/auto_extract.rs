//! Golden test of reading HTML without selectors (issue 25): every family fixture in
//! `tests/fixtures/scrape/*/` is read by the automatic extractor alone — list pages,
//! pager links followed through `pages.json` up to the source's `max_pages`, article
//! pages followed where the fixture has them — and compared with the same
//! `expected.json` the CSS rules are held to.
//!
//! Held to: every listed item found; no other link (navigation, pager, teasers of other
//! sections) taken as an item; title, link and date right for at least 95 % of items;
//! article text free of navigation, cookie notices, share buttons and ad markers.
//! Lists delivered as JSON (`[source.scrape.json]`) are out of scope: their items are
//! HTML fragments inside a JSON answer, not a page to read.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use presseradar::config::{Config, Source};
use presseradar::extract::auto::{extract_article_auto, extract_list_auto};
use presseradar::fetch::decode_text;
use presseradar::model::RawItem;
use presseradar::sanitize::html_to_text;
use serde_json::Value;
use url::Url;

/// The fixtures' "now", as in the CSS golden test (also the unseen pages', auto_unseen.rs).
pub(crate) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .expect("valid")
        .to_utc()
}

/// Texts of page chrome that must never reach an article's text (also on the unseen pages).
pub(crate) const CHROME_TEXTS: [&str; 15] = [
    "Werbung",
    "Anzeige",
    "Cookies",
    "Einverstanden",
    "Alle akzeptieren",
    "Teilen",
    "LinkedIn",
    "Drucken",
    "Weiterempfehlen",
    "Impressum",
    "Datenschutz",
    "Zurück",
    "Weitere Meldungen",
    "Meistgelesen",
    "Startseite",
];

fn family_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scrape");
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("tests/fixtures/scrape exists")
        .map(|entry| entry.expect("readable dir entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

struct Family {
    dir: PathBuf,
    source: Source,
    pages: BTreeMap<String, String>,
}

impl Family {
    fn load(dir: &Path) -> Family {
        let path = dir.join("source.toml");
        let text = fs::read_to_string(&path).expect("source.toml readable");
        let config = Config::parse(&text, &path).unwrap_or_else(|e| panic!("{e}"));
        let pages = fs::read_to_string(dir.join("pages.json"))
            .map(|json| serde_json::from_str(&json).expect("pages.json maps URL → file"))
            .unwrap_or_default();
        Family {
            dir: dir.to_path_buf(),
            source: config.sources[0].clone(),
            pages,
        }
    }

    fn page(&self, url: &Url) -> Option<String> {
        let file = if *url == self.source.url {
            "list.html"
        } else {
            self.pages.get(url.as_str())?
        };
        fs::read(self.dir.join(file))
            .ok()
            .map(|bytes| decode_text(&bytes, None))
    }

    /// List pages up to `max_pages`, then the article pages the fixture has.
    fn read(&self, problems: &mut Vec<String>) -> Vec<RawItem> {
        let rules = self.source.scrape.as_ref().expect("html source");
        let mut items: Vec<RawItem> = Vec::new();
        let mut seen = HashSet::new();
        let mut next = Some(self.source.url.clone());
        let mut read = 0;
        while let Some(url) = next.take()
            && read < rules.max_pages
        {
            let Some(html) = self.page(&url) else {
                problems.push(format!("next page {url} is not a page of this list"));
                break;
            };
            match extract_list_auto(&html, &url, now()) {
                Ok(page) => {
                    read += 1;
                    items.extend(
                        page.items
                            .into_iter()
                            .filter(|i| seen.insert(i.url.clone())),
                    );
                    next = page.next_page;
                }
                Err(e) => problems.push(format!("{url}: {e}")),
            }
        }
        for item in &mut items {
            let url = Url::parse(&item.url).expect("items carry absolute URLs");
            if rules.follow
                && let Some(html) = self.page(&url)
            {
                extract_article_auto(&html, item, now());
            }
        }
        items
    }
}

pub(crate) fn rfc3339(at: Option<DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, |d| {
        Value::String(d.to_rfc3339_opts(SecondsFormat::Secs, true))
    })
}

/// The strings of `expected[key]`, a JSON array (none when it is missing).
pub(crate) fn strings(expected: &Value, key: &str) -> Vec<String> {
    expected[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What is wrong with one found item's article text, one line each.
fn content_problems(item: &RawItem, expected: &Value) -> Vec<String> {
    let text = html_to_text(&item.content);
    let mut out = Vec::new();
    for want in strings(expected, "content_contains") {
        if !text.contains(&want) {
            out.push(format!("{}: content lacks {want:?}: {text:?}", item.url));
        }
    }
    let html = format!("{}\n{}", item.summary, item.content);
    let mut unwanted = strings(expected, "html_excludes");
    unwanted.extend(CHROME_TEXTS.iter().map(|s| s.to_string()));
    for bad in unwanted {
        if !item.content.is_empty() && html.contains(&bad) {
            out.push(format!("{}: summary/content contains {bad:?}", item.url));
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    expected: usize,
    found: usize,
    right: usize,
    extra: usize,
    summaries: usize,
}

/// Compare one family; returns its tally and its misses.
fn check(family: &Family) -> (Tally, Vec<String>) {
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(family.dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let expected = expected["items"].as_array().cloned().unwrap_or_default();
    let mut misses = Vec::new();
    let items = family.read(&mut misses);
    let mut tally = Tally {
        expected: expected.len(),
        ..Tally::default()
    };
    for want in &expected {
        let Some(item) = items.iter().find(|i| want["url"] == i.url.as_str()) else {
            misses.push(format!("not found: {}", want["url"]));
            continue;
        };
        tally.found += 1;
        let published = rfc3339(item.published);
        if want["title"] == item.title.as_str() && want["published"] == published {
            tally.right += 1;
        } else {
            misses.push(format!(
                "{}: title {:?} date {published} ({}), expected {} {}",
                item.url,
                item.title,
                item.date_source.as_str(),
                want["title"],
                want["published"]
            ));
        }
        let summary = html_to_text(&item.summary);
        let summary_right = match want["summary_starts"].as_str() {
            Some(start) => summary.starts_with(start),
            None => want["summary_empty"] != Value::Bool(true) || summary.is_empty(),
        };
        if summary_right {
            tally.summaries += 1;
        } else {
            // Reported, not held to: the issue asks for title, link and date.
            println!("    (summary of {}: {summary:?})", item.url);
        }
        misses.extend(content_problems(item, want));
    }
    for item in &items {
        if !expected.iter().any(|want| want["url"] == item.url.as_str()) {
            tally.extra += 1;
            misses.push(format!(
                "taken but not an item: {} {:?}",
                item.url, item.title
            ));
        }
    }
    (tally, misses)
}

#[test]
fn every_family_reads_without_selectors() {
    let mut total = Tally::default();
    let mut failures = Vec::new();
    let mut families = 0;
    for dir in family_dirs() {
        let family = Family::load(&dir);
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if family
            .source
            .scrape
            .as_ref()
            .is_some_and(|r| r.json.is_some())
        {
            println!("{name}: list is JSON, out of scope for reading without selectors");
            continue;
        }
        families += 1;
        let (tally, misses) = check(&family);
        println!(
            "{name}: found {}/{} expected, title+link+date right {}, extra {}, summary right {}",
            tally.found, tally.expected, tally.right, tally.extra, tally.summaries
        );
        for miss in &misses {
            println!("    {miss}");
        }
        let wrong_dates_only = misses.iter().all(|m| m.contains(": title "));
        if tally.found < tally.expected || tally.extra > 0 || !wrong_dates_only {
            failures.push(format!("{name}: {}", misses.join("; ")));
        }
        total.expected += tally.expected;
        total.found += tally.found;
        total.right += tally.right;
        total.extra += tally.extra;
        total.summaries += tally.summaries;
    }
    println!(
        "all {families} families: found {}/{}, right {}/{} ({:.1} %), extra {}, summary right {}",
        total.found,
        total.expected,
        total.right,
        total.expected,
        100.0 * total.right as f64 / total.expected.max(1) as f64,
        total.extra,
        total.summaries
    );
    assert!(
        families >= 8,
        "expected the HTML families, found {families}"
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(
        total.right * 100 >= total.expected * 95,
        "title, link and date right for {} of {} items",
        total.right,
        total.expected
    );
}

/// The broken page of the malformed corpus (unclosed elements, a `javascript:` link, a
/// link without target, impossible dates, a broken %-escape) is read without panic and
/// yields only its real articles. (The CSS rules take both real ones; read without
/// selectors, the undated one nested inside the unclosed first article stands alone
/// in its own group and is not taken.)
#[test]
fn a_broken_page_yields_only_real_articles() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed/broken-scrape.html");
    let html = decode_text(&fs::read(path).expect("fixture"), None);
    let url = Url::parse("https://mwaek.brandenburg.de/pm/").expect("valid");
    let list = extract_list_auto(&html, &url, now()).expect("a list");
    let urls: Vec<&str> = list.items.iter().map(|i| i.url.as_str()).collect();
    assert!(
        urls.iter()
            .any(|u| u.ends_with("/pm/2026/fachkraefte-brandenburg")),
        "{urls:?}"
    );
    assert!(
        urls.iter()
            .all(|u| u.starts_with("https://mwaek.brandenburg.de/pm/2026/")),
        "{urls:?}"
    );
}
