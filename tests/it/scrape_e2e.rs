//! HTML sources end to end: a listing page and its article pages on a loopback server →
//! poll → the items in the served JSON Feed with the article's date and absolute links;
//! changed markup is read automatically and says so; a page without any list fails the
//! source loudly and keeps what it delivered before.

use crate::common::{Doc, FixtureServer, TestEnv, fixture, settings_block};

const ORIGIN: &str = "https://www.fachkraft-im-fokus.de";

fn page(server_origin: &str, path: &str) -> Doc {
    let html = String::from_utf8(fixture(path))
        .unwrap()
        .replace(ORIGIN, server_origin);
    Doc::new(html.into_bytes(), "text/html; charset=utf-8")
}

async fn site() -> FixtureServer {
    let server = FixtureServer::start(vec![]).await;
    let origin = format!("http://{}", server.addr);
    server.set(
        "/aktuelles/",
        page(&origin, "scrape/fachkraft-im-fokus/list.html"),
    );
    server.set(
        "/news/detail/news/zweites-austauschtreffen-der-fachkraefteinitiativen/",
        page(
            &origin,
            "scrape/fachkraft-im-fokus/article-austauschtreffen.html",
        ),
    );
    server.set(
        "/news/detail/news/regionalkonferenz-altmark/",
        page(
            &origin,
            "scrape/fachkraft-im-fokus/article-regionalkonferenz.html",
        ),
    );
    server
}

fn sources_toml(server: &FixtureServer) -> String {
    let rules = String::from_utf8(fixture("scrape/fachkraft-im-fokus/source.toml"))
        .unwrap()
        .replace(&format!("{ORIGIN}/aktuelles/"), &server.url("/aktuelles/"));
    format!(
        "{}\n{rules}\n[[feed]]\nid = \"sachsen-anhalt\"\ntitle = \"Sachsen-Anhalt\"\nstates = [\"ST\"]\n",
        settings_block("http://127.0.0.1:8080/")
    )
}

#[tokio::test]
async fn scraped_items_reach_the_feed_with_article_dates_and_absolute_links() {
    let server = site().await;
    let env = TestEnv::new(&sources_toml(&server));
    let pipeline = env.pipeline();
    let reports = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    assert!(reports[0].error.is_none(), "{}", reports[0]);
    assert_eq!(reports[0].new + reports[0].irrelevant, 2, "{}", reports[0]);
    // robots.txt was asked first, then the list, then both articles.
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths[0], "/robots.txt", "{paths:?}");
    assert!(
        paths.contains(&"/news/detail/news/regionalkonferenz-altmark/".to_string()),
        "{paths:?}"
    );

    let web = env.serve().await;
    let json: serde_json::Value = reqwest::get(web.url("/feeds/sachsen-anhalt.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{json:#}");
    let first = &items[0];
    assert_eq!(
        first["title"],
        "Fachkräfteinitiativen der ostdeutschen Länder vernetzen sich"
    );
    assert_eq!(first["date_published"], "2025-12-07T09:12:31+00:00");
    assert_eq!(
        first["url"],
        server.url("/news/detail/news/zweites-austauschtreffen-der-fachkraefteinitiativen/")
    );
    let html = first["content_html"].as_str().unwrap();
    assert!(
        !html.contains("<script") && !html.contains("Werbung"),
        "{html}"
    );
    assert_eq!(items[1]["date_published"], "2025-11-21T14:03:10+00:00");

    // A second poll follows no article again: both are stored already (and robots.txt
    // is cached).
    let before = server.seen().len();
    let again = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    assert_eq!((again[0].new, again[0].updated), (0, 0), "{}", again[0]);
    let later: Vec<String> = server.seen()[before..]
        .iter()
        .map(|s| s.path.clone())
        .collect();
    assert_eq!(later, vec!["/aktuelles/".to_string()]);
}

/// The listing after a relaunch: same content, new class names, so the source's
/// `.news-list-view .article` rule matches nothing.
fn relaunched_list(server: &FixtureServer) -> Doc {
    let origin = format!("http://{}", server.addr);
    let html = String::from_utf8(fixture("scrape/fachkraft-im-fokus/list.html"))
        .unwrap()
        .replace(ORIGIN, &origin)
        .replace("news-list-view", "meldungen-liste")
        .replace("class=\"article articletype-0", "class=\"meldung");
    assert!(!html.contains("news-list-view") && !html.contains("\"article "));
    Doc::new(html.into_bytes(), "text/html; charset=utf-8")
}

#[tokio::test]
async fn changed_markup_is_read_automatically_delivers_and_says_so() {
    let server = site().await;
    server.set("/aktuelles/", relaunched_list(&server));
    let env = TestEnv::new(&sources_toml(&server));
    let pipeline = env.pipeline();
    let reports = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    let row = reports[0].to_string();
    assert!(!reports[0].failed(), "{row}");
    assert_eq!(reports[0].new + reports[0].irrelevant, 2, "{row}");
    assert_eq!(reports[0].notices.len(), 1, "{row}");
    assert!(
        row.contains("note: markup changed — read automatically")
            && row.contains(".news-list-view .article"),
        "{row}"
    );

    // The articles were followed and read without selectors too.
    let web = env.serve().await;
    let json: serde_json::Value = reqwest::get(web.url("/feeds/sachsen-anhalt.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{json:#}");
    assert_eq!(
        items[0]["title"],
        "Fachkräfteinitiativen der ostdeutschen Länder vernetzen sich"
    );
    assert_eq!(items[0]["date_published"], "2025-12-07T09:12:31+00:00");
    assert_eq!(items[1]["date_published"], "2025-11-21T14:03:10+00:00");
    let html = items[0]["content_html"].as_str().unwrap();
    assert!(html.contains("Magdeburg (md)"), "{html}");
    for chrome in [
        "<script",
        "Werbung",
        "Cookies",
        "Weitere Meldungen",
        "Zurück",
    ] {
        assert!(!html.contains(chrome), "{chrome}: {html}");
    }
    let health = env
        .store
        .read(|c| presseradar::store::sources::health(c, "st-fachkraft-im-fokus"))
        .await
        .unwrap();
    assert_eq!(health.consecutive_failures, 0);

    // `try` shows the same notice beside the same items.
    let tried = presseradar::app::try_source(&pipeline, "st-fachkraft-im-fokus", None)
        .await
        .unwrap();
    assert_eq!(tried.items.len(), 2);
    assert_eq!(tried.notices, reports[0].notices);
}

#[tokio::test]
async fn a_page_without_any_list_fails_the_source_and_keeps_its_items() {
    let server = site().await;
    let env = TestEnv::new(&sources_toml(&server));
    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();

    // The list is down for maintenance: neither the rule nor automatic reading finds one.
    server.set(
        "/aktuelles/",
        Doc::new(
            fixture("scrape/sachsen-anhalt-landesportal/maintenance.html"),
            "text/html",
        ),
    );
    let reports = presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    let row = reports[0].to_string();
    assert!(reports[0].failed(), "{row}");
    assert!(row.starts_with("st-fachkraft-im-fokus"), "{row}");
    assert!(
        row.contains(".news-list-view .article") && row.contains("markup changed?"),
        "{row}"
    );

    let health = env
        .store
        .read(|c| presseradar::store::sources::health(c, "st-fachkraft-im-fokus"))
        .await
        .unwrap();
    assert_eq!(health.consecutive_failures, 1);
    assert_eq!(health.item_count, 2);
    let web = env.serve().await;
    let json: serde_json::Value = reqwest::get(web.url("/feeds/sachsen-anhalt.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn links_to_other_hosts_are_not_followed() {
    let server = site().await;
    // The listing points its first article at another host (a would-be SSRF target).
    let origin = format!("http://{}", server.addr);
    let list = String::from_utf8(fixture("scrape/fachkraft-im-fokus/list.html"))
        .unwrap()
        .replace(
            &format!("{ORIGIN}/news/detail/news/zweites"),
            "http://127.0.0.2:9/news/detail/news/zweites",
        )
        .replace(ORIGIN, &origin);
    server.set("/aktuelles/", Doc::new(list.into_bytes(), "text/html"));
    let env = TestEnv::new(&sources_toml(&server));
    let reports = presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    assert!(reports[0].error.is_none(), "{}", reports[0]);
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.starts_with("/news/detail/news/"))
            .count(),
        1,
        "{paths:?}"
    );
}

/// An HTML source without `[source.scrape]` is read automatically from the start: list
/// and articles, without a notice, since nothing changed.
#[tokio::test]
async fn an_html_source_without_rules_is_read_automatically() {
    let server = site().await;
    let with_rules = sources_toml(&server);
    let start = with_rules.find("[source.scrape]").expect("the rules");
    let end = with_rules[start..]
        .find("\n[[")
        .map_or(with_rules.len(), |i| start + i + 1);
    let without_rules = format!("{}{}", &with_rules[..start], &with_rules[end..]);
    assert!(
        !without_rules.contains("[source.scrape]"),
        "{without_rules}"
    );
    let env = TestEnv::new(&without_rules);
    assert!(env.config.sources[0].scrape.is_none());
    let reports = presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    let row = reports[0].to_string();
    assert!(!reports[0].failed(), "{row}");
    assert_eq!(reports[0].new + reports[0].irrelevant, 2, "{row}");
    assert!(reports[0].notices.is_empty(), "{row}");
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert!(
        paths.contains(&"/news/detail/news/regionalkonferenz-altmark/".to_string()),
        "articles are followed: {paths:?}"
    );
    let web = env.serve().await;
    let json: serde_json::Value = reqwest::get(web.url("/feeds/sachsen-anhalt.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{json:#}");
    assert_eq!(items[0]["date_published"], "2025-12-07T09:12:31+00:00");
    assert!(
        items[0]["content_html"]
            .as_str()
            .unwrap()
            .contains("Weiterbildungsplattform")
    );
}
