//! Golden tests for HTML scraping: every `tests/fixtures/scrape/<portal>/` holds pages
//! modelled on that portal's markup, the `[[source]]` block a user writes for it
//! (`source.toml`), a map from followed URLs to fixture files (`pages.json`), and the
//! items the rules must yield (`expected.json`).
//!
//! The list page is the source's `url`; `next_page` and article links are followed only
//! through `pages.json`, so a URL the extractor produces that no fixture stands for is a
//! test failure, not a silent skip.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use presseradar::config::{Config, ScrapeRules, Source};
use presseradar::extract::ExtractError;
use presseradar::extract::scrape::{extract_article, extract_list};
use presseradar::fetch::decode_text;
use presseradar::model::RawItem;
use presseradar::sanitize::html_to_text;
use serde_json::Value;
use url::Url;

/// The fixtures' "now": Wednesday, 10 December 2025, 13:00 in Berlin.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .expect("valid")
        .to_utc()
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scrape")
}

fn portal_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures_root())
        .expect("tests/fixtures/scrape exists")
        .map(|entry| entry.expect("readable dir entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

struct Portal {
    dir: PathBuf,
    source: Source,
    pages: BTreeMap<String, String>,
}

impl Portal {
    fn load(dir: &Path) -> Portal {
        let toml_path = dir.join("source.toml");
        let text = fs::read_to_string(&toml_path).expect("source.toml readable");
        let config = Config::parse(&text, &toml_path)
            .unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()));
        assert_eq!(
            config.sources.len(),
            1,
            "{}: one [[source]]",
            toml_path.display()
        );
        let source = config.sources[0].clone();
        let pages = match fs::read_to_string(dir.join("pages.json")) {
            Ok(json) => serde_json::from_str(&json).expect("pages.json maps URL → file"),
            Err(_) => BTreeMap::new(),
        };
        Portal {
            dir: dir.to_path_buf(),
            source,
            pages,
        }
    }

    fn rules(&self) -> &ScrapeRules {
        self.source.scrape.as_ref().expect("kind = html has rules")
    }

    /// The decoded fixture standing for `url`, as the fetcher would hand it over.
    fn page(&self, url: &Url) -> Result<String, String> {
        let file = if *url == self.source.url {
            "list.html"
        } else {
            self.pages.get(url.as_str()).ok_or_else(|| {
                format!("no fixture for followed URL {url} (add it to pages.json)")
            })?
        };
        let bytes = fs::read(self.dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
        Ok(decode_text(&bytes, None))
    }

    /// What the pipeline does for one source: list pages up to `max_pages`, then articles.
    fn scrape(&self) -> Result<Vec<RawItem>, String> {
        let rules = self.rules();
        let mut items: Vec<RawItem> = Vec::new();
        let mut seen = HashSet::new();
        let mut page_url = Some(self.source.url.clone());
        let mut pages_read = 0;
        while let Some(url) = page_url.take() {
            if pages_read == rules.max_pages {
                break;
            }
            let html = self.page(&url)?;
            let page = extract_list(&html, &url, rules, now()).map_err(|e| e.to_string())?;
            pages_read += 1;
            for item in page.items {
                if seen.insert(item.url.clone()) {
                    items.push(item);
                }
            }
            page_url = page.next_page;
        }
        if rules.follow {
            for item in &mut items {
                let url = Url::parse(&item.url).map_err(|e| format!("{}: {e}", item.url))?;
                let html = self.page(&url)?;
                extract_article(&html, &url, rules, item, now());
            }
        }
        Ok(items)
    }
}

fn rfc3339(at: Option<DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, |d| {
        Value::String(d.to_rfc3339_opts(SecondsFormat::Secs, true))
    })
}

fn as_json(item: &RawItem) -> Value {
    serde_json::json!({
        "url": item.url,
        "title": item.title,
        "published": rfc3339(item.published),
        "date_source": item.date_source.as_str(),
        "summary_text": html_to_text(&item.summary),
        "content_text": html_to_text(&item.content),
    })
}

/// Differences between one extracted item and its expectation, one line each.
fn item_diff(i: usize, actual: &RawItem, expected: &Value) -> Vec<String> {
    let mut diff = Vec::new();
    let got = as_json(actual);
    for key in ["url", "title", "published", "date_source"] {
        let want = expected.get(key).unwrap_or(&Value::Null);
        if got[key] != *want {
            diff.push(format!(
                "item {i} {key}:\n    expected {want}\n    actual   {}",
                got[key]
            ));
        }
    }
    let summary = got["summary_text"].as_str().unwrap_or_default();
    if let Some(start) = expected.get("summary_starts").and_then(Value::as_str)
        && !summary.starts_with(start)
    {
        diff.push(format!(
            "item {i} summary:\n    expected to start {start:?}\n    actual   {summary:?}"
        ));
    }
    if expected.get("summary_empty") == Some(&Value::Bool(true)) && !summary.is_empty() {
        diff.push(format!("item {i} summary: expected empty, got {summary:?}"));
    }
    let content = got["content_text"].as_str().unwrap_or_default();
    let html = format!("{}\n{}", actual.summary, actual.content);
    let strings = |key: &str| -> Vec<String> {
        expected
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    for want in strings("content_contains") {
        if !content.contains(&want) {
            diff.push(format!(
                "item {i} content lacks {want:?}; content: {content:?}"
            ));
        }
    }
    for unwanted in strings("html_excludes") {
        if html.contains(&unwanted) {
            diff.push(format!(
                "item {i} summary/content HTML contains {unwanted:?}: {html}"
            ));
        }
    }
    diff
}

fn check_portal(dir: &Path) -> Result<(), String> {
    let portal = Portal::load(dir);
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("expected.json"))
            .map_err(|e| format!("expected.json: {e}"))?,
    )
    .map_err(|e| format!("expected.json: {e}"))?;
    let expected = expected["items"].as_array().cloned().unwrap_or_default();
    let items = portal.scrape()?;
    let mut diff = Vec::new();
    if items.len() != expected.len() {
        diff.push(format!(
            "expected {} items, extracted {}",
            expected.len(),
            items.len()
        ));
    }
    for (i, (actual, want)) in items.iter().zip(&expected).enumerate() {
        diff.extend(item_diff(i, actual, want));
    }
    if diff.is_empty() {
        return Ok(());
    }
    let extracted: Vec<Value> = items.iter().map(as_json).collect();
    Err(format!(
        "{}\n  extracted items:\n{}",
        diff.join("\n  "),
        serde_json::to_string_pretty(&extracted).unwrap_or_default()
    ))
}

#[test]
fn golden_portals() {
    let dirs = portal_dirs();
    assert!(
        dirs.len() >= 7,
        "expected the seven portals, found {dirs:?}"
    );
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| {
            check_portal(dir)
                .err()
                .map(|e| format!("== {}:\n  {e}", dir.display()))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The fixture set keeps covering what real portals throw at the scraper.
#[test]
fn fixtures_cover_encodings_pagination_follow_and_teaser_dates() {
    let mut latin1 = false;
    let mut paginated = false;
    let mut followed = false;
    let mut teaser_dated = false;
    for dir in portal_dirs() {
        let portal = Portal::load(&dir);
        let list = fs::read(dir.join("list.html")).expect("list.html");
        if std::str::from_utf8(&list).is_err() {
            let head = String::from_utf8_lossy(&list[..list.len().min(1024)]).to_lowercase();
            assert!(
                head.contains("charset=iso-8859-1") || head.contains("charset=\"iso-8859-1\""),
                "{}: non-UTF-8 page must declare its charset in <meta>",
                dir.display()
            );
            latin1 = true;
        }
        paginated |= dir.join("list-2.html").exists() && portal.rules().next_page.is_some();
        followed |= portal.rules().follow;
        let expected = fs::read_to_string(dir.join("expected.json")).expect("expected.json");
        teaser_dated |=
            portal.rules().date.is_none() && expected.contains("\"date_source\": \"text\"");
    }
    assert!(latin1, "no ISO-8859-1 fixture");
    assert!(paginated, "no paginated fixture");
    assert!(followed, "no fixture with article follow");
    assert!(teaser_dated, "no fixture dated only by its teaser text");
}

#[test]
fn maintenance_page_yields_no_match_naming_the_item_selector() {
    let dir = fixtures_root().join("sachsen-anhalt-landesportal");
    let portal = Portal::load(&dir);
    let bytes = fs::read(dir.join("maintenance.html")).expect("maintenance.html");
    let html = decode_text(&bytes, None);
    let err = extract_list(&html, &portal.source.url, portal.rules(), now()).unwrap_err();
    match &err {
        ExtractError::NoMatch { key, selector, url } => {
            assert_eq!(*key, "item");
            assert_eq!(selector, &portal.rules().item.raw);
            assert_eq!(url, portal.source.url.as_str());
        }
        other => panic!("expected NoMatch, got {other:?}"),
    }
    assert!(err.to_string().contains("markup changed?"), "{err}");
}

/// The rules as text, to compare two sources' scrape rules.
fn rules_text(rules: &ScrapeRules) -> String {
    let raw = |rule: Option<&presseradar::extract::selector::FieldSelector>| {
        rule.map_or("-".to_string(), |r| r.raw.clone())
    };
    format!(
        "item={} link={} title={} date={} summary={} next_page={} max_pages={} follow={} content={} article_date={}",
        rules.item.raw,
        rules.link.raw,
        rules.title.raw,
        raw(rules.date.as_ref()),
        raw(rules.summary.as_ref()),
        raw(rules.next_page.as_ref()),
        rules.max_pages,
        rules.follow,
        raw(rules.content.as_ref()),
        raw(rules.article_date.as_ref()),
    )
}

/// Every fixture's rules ship in sources.toml unchanged, so the fixtures prove what runs.
#[test]
fn shipped_html_sources_use_the_rules_their_fixtures_prove() {
    let shipped = Config::parse(
        presseradar::config::SHIPPED_SOURCES,
        Path::new("sources.toml"),
    )
    .expect("shipped sources.toml is valid");
    for dir in portal_dirs() {
        let portal = Portal::load(&dir);
        let fixture = &portal.source;
        let source = shipped.source(&fixture.id).unwrap_or_else(|| {
            panic!(
                "{}: source {:?} not in sources.toml",
                dir.display(),
                fixture.id
            )
        });
        assert_eq!(source.url, fixture.url, "{}", fixture.id);
        assert_eq!(source.state, fixture.state, "{}", fixture.id);
        assert_eq!(source.authority, fixture.authority, "{}", fixture.id);
        let shipped_rules = source.scrape.as_ref().expect("html source has rules");
        assert_eq!(
            rules_text(shipped_rules),
            rules_text(portal.rules()),
            "{}",
            fixture.id
        );
    }
}
