//! `discover` pins what it reads without selectors (issue 25): on every family fixture's
//! list page, the `[[source]]` block it prints carries a `[source.scrape]` table whose
//! selectors `check` accepts and that read the same items — links, titles, dates — as
//! the automatic reading. Pages where no such selectors exist get a block without them
//! and a comment saying why.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use presseradar::config::Config;
use presseradar::discover::{Discovery, pin_content_on, pin_list};
use presseradar::extract::auto::extract_list_auto;
use presseradar::extract::scrape::extract_list;
use presseradar::fetch::decode_text;
use url::Url;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .expect("valid")
        .to_utc()
}

fn family_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scrape");
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("tests/fixtures/scrape exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The family's list page and its address, from its source.toml.
fn list_page(dir: &Path) -> (Url, String) {
    let path = dir.join("source.toml");
    let config = Config::parse(&fs::read_to_string(&path).unwrap(), &path).unwrap();
    let html = decode_text(&fs::read(dir.join("list.html")).unwrap(), None);
    (config.sources[0].url.clone(), html)
}

/// The block `discover` prints for a page read without selectors.
fn printed_block(url: &Url, html: &str) -> Option<String> {
    let list = extract_list_auto(html, url, now()).ok()?;
    let discovery = Discovery {
        page: url.clone(),
        page_title: Some("Pressemitteilungen".to_string()),
        feeds: Vec::new(),
        refused: Vec::new(),
        pinned: Some(pin_list(html, url, &list.items, now())),
        html_list: list.items,
        sitemap: None,
        content_note: None,
    };
    discovery.source_block()
}

#[test]
fn every_family_list_gets_selectors_that_check_accepts_and_that_read_the_same_items() {
    let mut pinned = 0;
    let mut failures = Vec::new();
    for dir in family_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (url, html) = list_page(&dir);
        let Ok(auto) = extract_list_auto(&html, &url, now()) else {
            continue;
        };
        let block = printed_block(&url, &html).expect("a list gives a block");
        let toml = format!("{block}\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n");
        let config = match Config::parse(&toml, Path::new("discovered.toml")) {
            Ok(config) => config,
            Err(e) => {
                failures.push(format!("{name}: check refuses the block: {e}\n{block}"));
                continue;
            }
        };
        let Some(rules) = config.sources[0].scrape.as_ref() else {
            failures.push(format!("{name}: no selectors pinned:\n{block}"));
            continue;
        };
        pinned += 1;
        let read = extract_list(&html, &url, rules, now()).expect("the pinned rules read");
        let key = |i: &presseradar::model::RawItem| {
            (
                i.url.clone(),
                i.title.split_whitespace().collect::<String>(),
                i.published,
            )
        };
        let expected: Vec<_> = auto.items.iter().map(key).collect();
        let got: Vec<_> = read.items.iter().map(key).collect();
        if got != expected {
            failures.push(format!("{name}: {got:?}\n  != {expected:?}\n{block}"));
        }
        assert!(block.contains("follow = true"), "{block}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(pinned >= 10, "only {pinned} families pinned");
}

/// Where no selector picks exactly the entries, the block stays without selectors, says
/// why, and is still accepted.
#[test]
fn a_list_without_pinnable_selectors_says_why() {
    let url = Url::parse("https://amt.example/presse/").unwrap();
    // A flat list: headings and their date lines are siblings, no element per entry.
    let html = r#"<html><body><main><h1>Presse</h1>
        <h3><a href="/presse/a.html">Neue Beratung für Fachkräfte startet im Januar</a></h3><p>03.12.2025</p>
        <h3><a href="/presse/b.html">Weiterbildungsbonus für Beschäftigte verlängert</a></h3><p>01.12.2025</p>
        <h3><a href="/presse/c.html">Servicestelle öffnet künftig auch am Samstag</a></h3><p>28.11.2025</p>
        </main></body></html>"#;
    let block = printed_block(&url, html).expect("a list");
    assert!(block.contains("# No selectors to pin:"), "{block}");
    assert!(!block.contains("[source.scrape]"), "{block}");
    let toml = format!("{block}\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n");
    let config = Config::parse(&toml, Path::new("d.toml")).unwrap();
    assert!(config.sources[0].scrape.is_none());
}

/// The family's article pages (address, HTML), from pages.json.
fn article_pages(dir: &Path) -> Vec<(Url, String)> {
    let Ok(json) = fs::read_to_string(dir.join("pages.json")) else {
        return Vec::new();
    };
    let pages: std::collections::BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
    pages
        .into_iter()
        .filter(|(_, file)| file.starts_with("article"))
        .map(|(url, file)| {
            let html = decode_text(&fs::read(dir.join(file)).unwrap(), None);
            (Url::parse(&url).unwrap(), html)
        })
        .collect()
}

/// Where the fixture has article pages, a `content` selector is pinned that reads the
/// automatic main text on each of them, and check accepts the table with it.
#[test]
fn families_with_article_pages_get_a_content_selector() {
    let mut with_content = 0;
    let mut failures = Vec::new();
    for dir in family_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let pages = article_pages(&dir);
        if pages.len() < 2 {
            continue;
        }
        let (url, html) = list_page(&dir);
        let list = extract_list_auto(&html, &url, now()).unwrap();
        let Ok(mut pinned) = pin_list(&html, &url, &list.items, now()) else {
            continue;
        };
        match pin_content_on(&pages, &pinned, &list.items[0]) {
            Ok(content) => {
                with_content += 1;
                pinned.content = Some(content);
                let discovery = Discovery {
                    page: url.clone(),
                    page_title: None,
                    feeds: Vec::new(),
                    refused: Vec::new(),
                    html_list: list.items.clone(),
                    pinned: Some(Ok(pinned)),
                    sitemap: None,
                    content_note: None,
                };
                let block = discovery.source_block().unwrap();
                assert!(block.contains("\ncontent = "), "{block}");
                let toml = format!("{block}\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n");
                let config = Config::parse(&toml, Path::new("d.toml")).unwrap();
                assert!(config.sources[0].scrape.as_ref().unwrap().content.is_some());
            }
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(with_content >= 5, "only {with_content} families");
}

/// Cards that are one link each (`<a class="card">` holding heading, date and text) are
/// pinned by the list entries around them, and read the same items.
#[test]
fn link_cards_are_pinned_by_their_list_entries() {
    let url = Url::parse("https://amt.example/aktuelles/").unwrap();
    let card = |slug: &str, title: &str, day: u32| {
        format!(
            r#"<li class="cards__entry"><a class="card" href="/aktuelles/{slug}.html"><h3 class="card__title">{title}</h3><time datetime="2025-12-{day:02}">{day}. Dezember 2025</time><p class="card__text">Eine kurze Zusammenfassung der Meldung {slug} für die Übersicht.</p></a></li>"#
        )
    };
    let html = format!(
        r#"<html><body><nav><ul><li><a href="/">Start</a></li><li><a href="/themen/">Themen</a></li></ul></nav><main><h1>Aktuelles</h1><ul class="cards">{}{}{}</ul></main></body></html>"#,
        card(
            "beratung",
            "Neue Beratung für internationale Pflegekräfte",
            8
        ),
        card(
            "bonus",
            "Weiterbildungsbonus wird um ein Jahr verlängert",
            5
        ),
        card(
            "messe",
            "Ausbildungsmesse zieht Rekordzahl an Betrieben an",
            2
        ),
    );
    let auto = extract_list_auto(&html, &url, now()).unwrap();
    assert_eq!(auto.items.len(), 3);
    let block = printed_block(&url, &html).unwrap();
    assert!(
        block.contains("[source.scrape]\nitem = \"li.cards__entry\"\nlink = \"a.card\"\n"),
        "{block}"
    );
    let toml = format!("{block}\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n");
    let config = Config::parse(&toml, Path::new("d.toml")).unwrap();
    let read = extract_list(
        &html,
        &url,
        config.sources[0].scrape.as_ref().unwrap(),
        now(),
    )
    .unwrap();
    let key = |i: &presseradar::model::RawItem| (i.url.clone(), i.title.clone(), i.published);
    assert_eq!(
        read.items.iter().map(key).collect::<Vec<_>>(),
        auto.items.iter().map(key).collect::<Vec<_>>()
    );
}

/// End to end on the TYPO3 family served from loopback: `discover` prints the pinned
/// table with a content selector, `check` accepts it, `poll` reads both releases, and
/// `try` says they were read by the selectors and the content selector.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discover_paste_try_on_a_family_site() {
    use crate::common::{Doc, FixtureServer, fixture};
    const ORIGIN: &str = "https://www.fachkraft-im-fokus.de";
    let server = FixtureServer::start(vec![]).await;
    let origin = format!("http://{}", server.addr);
    let page = |file: &str| {
        let html = String::from_utf8(fixture(&format!("scrape/fachkraft-im-fokus/{file}")))
            .unwrap()
            .replace(ORIGIN, &origin);
        Doc::new(html.into_bytes(), "text/html; charset=utf-8")
    };
    server.set("/aktuelles/", page("list.html"));
    server.set(
        "/news/detail/news/zweites-austauschtreffen-der-fachkraefteinitiativen/",
        page("article-austauschtreffen.html"),
    );
    server.set(
        "/news/detail/news/regionalkonferenz-altmark/",
        page("article-regionalkonferenz.html"),
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = crate::discover::discover(&server.url("/aktuelles/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("[source.scrape]\n"), "{out}");
    assert!(
        out.contains("\ncontent = \"div.news-text-wrap\"\n"),
        "{out}"
    );
    assert_eq!(
        crate::discover::checked_and_polled(dir.path(), &out),
        2,
        "{out}"
    );
    let (code, tried) = crate::discover::presseradar(dir.path(), &["try", "127-0-0-1"]);
    assert_eq!(code, Some(0), "{tried}");
    assert_eq!(
        tried
            .matches("read:      entry by selectors; text by content selector; date by ")
            .count(),
        2,
        "{tried}"
    );
}
