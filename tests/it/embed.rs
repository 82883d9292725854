//! Embedding and the landing page over HTTP: `/embed/{id}` shows the curated feed's
//! items escaped and framable, `/embed.js` is served as a cacheable script, and `/`
//! lists every feed with its subscribe links and embed code.

use crate::common::outlets::{
    FREIE_PRESSE, MINISTRY, Relevance, THUERINGEN_DIGITAL, VOLKSSTIMME, serve_outlets, sources_toml,
};
use crate::common::{FixtureServer, TestEnv, TestServer, poll_every_source, settings_block};
use presseradar::http::embed::EMBED_CSP;
use reqwest::header;
use scraper::{Html, Selector};

const BASE: &str = "http://127.0.0.1:8080";
const HOSTILE_TITLE: &str = "IT-Weiterbildung in Erfurt: Warum <script>alert(1)</script> und \"onmouseover= in kein Formular gehören";

const FEEDS: &str = r#"
[[feed]]
id = "ost"
title = "Fachkräftesicherung in Ostdeutschland"
description = "Initiativen aus Sachsen-Anhalt, Sachsen, Thüringen, Brandenburg & Mecklenburg-Vorpommern"
states = ["ST", "SN", "TH", "BB", "MV"]

[[feed]]
id = "sachsen"
title = "Fachkräftesicherung in <Sachsen>"
states = ["sachsen"]
topics = ["ausbildung", "rueckkehr-pendler"]
"#;

/// Poll every fixture source once and serve the result.
async fn polled() -> (FixtureServer, TestEnv, TestServer) {
    let sources = [MINISTRY, VOLKSSTIMME, FREIE_PRESSE, THUERINGEN_DIGITAL];
    let outlets = serve_outlets(&sources).await;
    let env = TestEnv::new(&sources_toml(
        &settings_block(BASE),
        &outlets,
        &sources,
        Relevance::All,
        FEEDS,
    ));
    poll_every_source(&env.pipeline()).await;
    let server = env.serve().await;
    (outlets, env, server)
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

async fn json_titles(client: &reqwest::Client, server: &TestServer, id: &str) -> Vec<String> {
    let json: serde_json::Value = client
        .get(server.url(&format!("/feeds/{id}.json")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn embed_page_lists_the_json_feed_items_in_order() {
    let (_outlets, _env, server) = polled().await;
    let client = reqwest::Client::new();
    let expected = json_titles(&client, &server, "ost").await;
    assert_eq!(expected.len(), 9, "{expected:?}");

    let resp = client.get(server.url("/embed/ost")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    assert_eq!(texts(&html, "li.pr-item > a"), expected, "{html}");
    assert_eq!(
        texts(&html, "h1"),
        vec!["Fachkräftesicherung in Ostdeutschland"]
    );

    // Every title links to the original, in a new tab, without an opener.
    let doc = Html::parse_document(&html);
    let links = Selector::parse("li.pr-item > a").unwrap();
    for a in doc.select(&links) {
        let href = a.value().attr("href").unwrap();
        assert!(href.starts_with("https://"), "{href}");
        assert_eq!(a.value().attr("target"), Some("_blank"));
        assert_eq!(a.value().attr("rel"), Some("noopener"));
    }

    // The newest item (Volksstimme, 8 December 06:30 in Magdeburg) comes first, dated
    // the German way, with its source and its state.
    let first_meta = &texts(&html, "li.pr-item .pr-meta")[0];
    assert!(
        first_meta.starts_with("08.12.2025 · Volksstimme"),
        "{first_meta}"
    );
    assert!(first_meta.ends_with("ST"), "{first_meta}");
    let ministry = texts(&html, "li.pr-item")
        .into_iter()
        .find(|t| t.starts_with("Fachkräfteinitiativen"))
        .unwrap();
    assert!(
        ministry.contains("07.12.2025 · Ministerium für Arbeit, Soziales"),
        "{ministry}"
    );
    assert!(
        html.contains("<abbr class=\"pr-state\" title=\"Sachsen\">SN</abbr>"),
        "{html}"
    );

    // ?limit keeps the order and cuts the list.
    let limited = client
        .get(server.url("/embed/ost?limit=3&theme=dark"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(texts(&limited, "li.pr-item > a"), expected[..3].to_vec());
    assert!(limited.contains("<body class=\"pr-dark\">"));
    // A curated feed with a topic filter shows only what its JSON Feed shows.
    let sachsen = client
        .get(server.url("/embed/sachsen"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        texts(&sachsen, "li.pr-item > a"),
        json_titles(&client, &server, "sachsen").await
    );
    assert!(sachsen.contains("<title>Fachkräftesicherung in &lt;Sachsen&gt;</title>"));
}

#[tokio::test]
async fn hostile_titles_and_names_show_as_text() {
    let (_outlets, _env, server) = polled().await;
    let html = reqwest::get(server.url("/embed/ost"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(
            "Warum &lt;script&gt;alert(1)&lt;/script&gt; und &quot;onmouseover= in kein Formular"
        ),
        "{html}"
    );
    assert!(html.contains("Thüringen digital &lt;Wirtschaft &amp; Bildung&gt;"));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("alert(\"feed\")"), "summaries are not shown");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&Selector::parse("script").unwrap()).count(), 0);
    assert!(
        doc.select(&Selector::parse("[onmouseover]").unwrap())
            .next()
            .is_none()
    );
    assert!(texts(&html, "li.pr-item > a").contains(&HOSTILE_TITLE.to_string()));
}

#[tokio::test]
async fn embed_page_is_framable_cached_and_answers_304() {
    let (_outlets, _env, server) = polled().await;
    let client = reqwest::Client::new();
    let resp = client.get(server.url("/embed/ost")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(h[header::CONTENT_SECURITY_POLICY], EMBED_CSP);
    assert_eq!(
        EMBED_CSP,
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *"
    );
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(h.get(header::X_FRAME_OPTIONS).is_none());
    assert!(
        h[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public, max-age=")
    );
    assert!(h.get(header::LAST_MODIFIED).is_some());
    let etag = h[header::ETAG].to_str().unwrap().to_string();
    // Weak: the same validator covers the gzip and brotli encodings of the page.
    assert!(etag.starts_with("W/\"") && etag.len() > 10, "{etag}");

    let again = client
        .get(server.url("/embed/ost"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    assert_eq!(again.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(again.text().await.unwrap().is_empty());

    // Another view of the same feed is another document with another validator.
    let dark = client
        .get(server.url("/embed/ost?theme=dark"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(dark.status(), 200);
    assert_ne!(dark.headers()[header::ETAG].to_str().unwrap(), etag);
}

#[tokio::test]
async fn bad_embed_requests_get_html_error_pages() {
    let (_outlets, _env, server) = polled().await;
    let client = reqwest::Client::new();
    let missing = client
        .get(server.url("/embed/%3Cwest%3E"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    assert_eq!(
        missing.headers()[header::CONTENT_SECURITY_POLICY],
        EMBED_CSP
    );
    let body = missing.text().await.unwrap();
    assert!(body.contains("Keinen Feed mit der Kennung"), "{body}");
    assert!(body.contains("&quot;&lt;west&gt;&quot;"), "{body}");

    for query in ["limit=0", "limit=51", "limit=viele", "theme=pink"] {
        let resp = client
            .get(server.url(&format!("/embed/ost?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{query}");
        let body = resp.text().await.unwrap();
        assert!(
            body.contains("limit must be") || body.contains("theme must be"),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn embed_script_is_served_as_cacheable_javascript() {
    let (_outlets, _env, server) = polled().await;
    let client = reqwest::Client::new();
    let resp = client.get(server.url("/embed.js")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(
        h[header::CONTENT_TYPE],
        "application/javascript; charset=utf-8"
    );
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(
        h[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let body = resp.text().await.unwrap();
    assert!(body.contains("'use strict'"));
    assert!(body.contains("data-presseradar-feed"));
    assert!(body.contains("document.currentScript"));
    assert!(
        !body.contains("innerHTML") && !body.contains("insertAdjacentHTML"),
        "feed data must only reach the page as text"
    );
    let etag = h[header::ETAG].to_str().unwrap();
    let again = client
        .get(server.url("/embed.js"))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn landing_page_lists_every_feed_with_links_and_embed_code() {
    let (_outlets, env, server) = polled().await;
    let client = reqwest::Client::new();
    let resp = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    let etag = resp.headers()[header::ETAG].to_str().unwrap().to_string();
    let html = resp.text().await.unwrap();
    let doc = Html::parse_document(&html);
    let hrefs: Vec<&str> = doc
        .select(&Selector::parse("a[href]").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    let codes = texts(&html, "pre > code");

    assert_eq!(env.config.feeds.len(), 2);
    for feed in &env.config.feeds {
        let section = Selector::parse(&format!("section#feed-{}", feed.id)).unwrap();
        let heading = doc
            .select(&section)
            .next()
            .unwrap_or_else(|| panic!("no section for {}", feed.id))
            .select(&Selector::parse("h3").unwrap())
            .map(|h| h.text().collect::<String>())
            .next();
        assert_eq!(heading.as_deref(), Some(feed.title.as_str()));
        for ext in ["rss", "atom", "json"] {
            let url = format!("{BASE}/feeds/{}.{ext}", feed.id);
            assert!(hrefs.contains(&url.as_str()), "{url} in {hrefs:?}");
        }
        // Its contents: count, last change and the latest headlines, as the feed has them.
        let section_html = doc.select(&section).next().unwrap().html();
        let stats = texts(&section_html, "p.stats");
        assert_eq!(stats.len(), 1, "{section_html}");
        let headlines = texts(&section_html, "ol.latest > li");
        let feed_json: serde_json::Value = client
            .get(server.url(&format!("/feeds/{}.json", feed.id)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entries = feed_json["items"].as_array().unwrap();
        assert!(
            stats[0].starts_with(&format!("{} Meldung", entries.len()))
                && stats[0].contains("zuletzt aktualisiert: "),
            "{stats:?}"
        );
        let expected: Vec<String> = entries
            .iter()
            .take(5)
            .map(|e| e["title"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(headlines, expected, "{section_html}");
        assert!(!headlines.is_empty());

        // One embed snippet, for the feed the selector picks.
        let picked = client
            .get(server.url(&format!("/?einbinden={}", feed.id)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let codes = texts(&picked, "pre > code");
        assert!(picked.contains(&format!("<option value=\"{}\" selected>", feed.id)));
        let script = format!(
            "<div data-presseradar-feed=\"{}\" data-limit=\"5\"></div>\n<script src=\"{BASE}/embed.js\" async></script>",
            feed.id
        );
        assert!(codes.contains(&script), "{script:?} in {codes:?}");
        let iframe_start = format!("<iframe src=\"{BASE}/embed/{}\" title=\"", feed.id);
        assert!(
            codes.iter().any(|c| c.starts_with(&iframe_start)),
            "{iframe_start:?} in {codes:?}"
        );
        assert_eq!(
            codes
                .iter()
                .filter(|c| c.contains("data-presseradar-feed"))
                .count(),
            1
        );
    }
    // Embed code is shown, never run; configured strings are escaped.
    assert!(html.contains(
        "&lt;script src=&quot;http://127.0.0.1:8080/embed.js&quot; async&gt;&lt;/script&gt;"
    ));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<iframe"), "{html}");
    assert!(html.contains("<h3>Fachkräftesicherung in &lt;Sachsen&gt;</h3>"));
    assert!(html.contains("Brandenburg &amp; Mecklenburg-Vorpommern"));
    assert!(html.contains("Themen: ausbildung, rueckkehr-pendler"));
    assert!(hrefs.contains(&"http://127.0.0.1:8080/feeds.opml"));

    // The faceted feed: an example and every valid state code and topic.
    assert!(codes.contains(&format!("{BASE}/feed.rss?state=ST,SN&topic=weiterbildung")));
    let cells = texts(&html, "td > code");
    for state in presseradar::vocab::State::ALL {
        assert!(cells.contains(&state.code().to_string()), "{state}");
        assert!(cells.contains(&state.slug().to_string()), "{state}");
    }
    for topic in presseradar::vocab::TOPICS {
        assert!(cells.contains(&topic.to_string()), "{topic}");
    }

    let again = client
        .get(server.url("/"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}
