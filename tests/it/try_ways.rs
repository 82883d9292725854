//! `try` says for each item which way it was read: its entry (feed, selectors, automatic
//! with or without selectors), its text (content selector, automatic main text) and its
//! date (JSON-LD, meta, `<time>`, a date in the text, the date selector).

use presseradar::extract::way::{ListWay, TextWay};

use crate::common::{Doc, FixtureServer, TestEnv, fixture, settings_block};

const ORIGIN: &str = "https://www.fachkraft-im-fokus.de";

fn page(origin: &str, path: &str) -> Doc {
    let html = String::from_utf8(fixture(path))
        .unwrap()
        .replace(ORIGIN, origin);
    Doc::new(html.into_bytes(), "text/html; charset=utf-8")
}

/// The TYPO3 family's list and articles on loopback; `relaunch` renames the list's
/// classes so the source's selectors match nothing.
async fn site(relaunch: bool) -> FixtureServer {
    let server = FixtureServer::start(vec![]).await;
    let origin = format!("http://{}", server.addr);
    let mut list = String::from_utf8(fixture("scrape/fachkraft-im-fokus/list.html"))
        .unwrap()
        .replace(ORIGIN, &origin);
    if relaunch {
        list = list
            .replace("news-list-view", "meldungen-liste")
            .replace("class=\"article articletype-0", "class=\"meldung");
    }
    server.set(
        "/aktuelles/",
        Doc::new(list.into_bytes(), "text/html; charset=utf-8"),
    );
    for (path, file) in [
        (
            "/news/detail/news/zweites-austauschtreffen-der-fachkraefteinitiativen/",
            "article-austauschtreffen.html",
        ),
        (
            "/news/detail/news/regionalkonferenz-altmark/",
            "article-regionalkonferenz.html",
        ),
    ] {
        server.set(
            path,
            page(&origin, &format!("scrape/fachkraft-im-fokus/{file}")),
        );
    }
    server.set(
        "/feed.rss",
        Doc::new(
            fixture("feeds/ms-sachsen-anhalt.rss"),
            "application/rss+xml",
        ),
    );
    server
}

/// The family's source (with or without its `[source.scrape]` table) and a feed source.
fn sources(server: &FixtureServer, with_rules: bool) -> String {
    let mut rules = String::from_utf8(fixture("scrape/fachkraft-im-fokus/source.toml"))
        .unwrap()
        .replace(&format!("{ORIGIN}/aktuelles/"), &server.url("/aktuelles/"));
    if !with_rules {
        let start = rules.find("[source.scrape]").unwrap();
        rules.truncate(start);
    }
    format!(
        "{}\n{rules}\n[[source]]\nid = \"feed\"\nname = \"Feed\"\nkind = \"feed\"\nurl = \"{}\"\n\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n",
        settings_block("http://127.0.0.1:8080/"),
        server.url("/feed.rss")
    )
}

async fn tried(env: &TestEnv, id: &str) -> presseradar::app::DryRun {
    presseradar::app::try_source(&env.pipeline(), id, None)
        .await
        .unwrap()
}

#[tokio::test]
async fn try_names_selectors_and_the_content_selector_for_a_source_with_rules() {
    let server = site(false).await;
    let env = TestEnv::new(&sources(&server, true));
    let run = tried(&env, "st-fachkraft-im-fokus").await;
    assert_eq!(run.items.len(), 2);
    for item in &run.items {
        let way = item.way.expect("a way for every item");
        assert_eq!(way.list, ListWay::Selectors);
        assert_eq!(way.text, TextWay::ContentSelector);
        let shown = item.to_string();
        assert!(
            shown.contains("read:      entry by selectors; text by content selector; date by "),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn try_names_the_automatic_reading_and_why() {
    // Selectors that no longer match: read automatically because the markup changed.
    let server = site(true).await;
    let env = TestEnv::new(&sources(&server, true));
    let run = tried(&env, "st-fachkraft-im-fokus").await;
    assert_eq!(run.items.len(), 2);
    for item in &run.items {
        let way = item.way.unwrap();
        assert_eq!(way.list, ListWay::AutomaticMarkupChanged);
        assert_eq!(way.text, TextWay::AutomaticMainText);
        let shown = item.to_string();
        assert!(
            shown.contains("entry by automatic (markup changed); text by automatic main text"),
            "{shown}"
        );
    }

    // No selectors at all.
    let server = site(false).await;
    let env = TestEnv::new(&sources(&server, false));
    let run = tried(&env, "st-fachkraft-im-fokus").await;
    assert_eq!(run.items.len(), 2);
    let dates: Vec<String> = run
        .items
        .iter()
        .map(|item| {
            let way = item.way.unwrap();
            assert_eq!(way.list, ListWay::AutomaticNoSelectors);
            assert_eq!(way.text, TextWay::AutomaticMainText);
            item.to_string()
        })
        .collect();
    assert!(
        dates
            .iter()
            .all(|d| d.contains("entry by automatic (no selectors)")),
        "{dates:?}"
    );
    // The article's date is named by where it stood.
    assert!(
        dates
            .iter()
            .any(|d| ["JSON-LD", "meta", "<time>", "date in text"]
                .iter()
                .any(|w| d.contains(&format!("date by {w}")))),
        "{dates:?}"
    );
}

#[tokio::test]
async fn try_names_the_feed() {
    let server = site(false).await;
    let env = TestEnv::new(&sources(&server, true));
    let run = tried(&env, "feed").await;
    assert!(!run.items.is_empty());
    for item in &run.items {
        assert_eq!(item.way.unwrap().list, ListWay::Feed);
        let shown = item.to_string();
        assert!(
            shown.contains("read:      entry by feed; text by feed; date by feed"),
            "{shown}"
        );
    }
}
