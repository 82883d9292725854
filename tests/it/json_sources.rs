//! A list delivered as JSON (Medienservice Sachsen's search endpoint) end to end: poll
//! reads the HTML fragments of every page, raising the page parameter until the answer
//! says it is the last, and the items reach the feed with their titles and dates.

use crate::common::{Doc, FixtureServer, TestEnv, fixture, settings_block};

const FIRST: &str = "/medien/news/search.json?search%5Bfilter%5D%5B%5D=press_releases&page=1";
const SECOND: &str = "/medien/news/search.json?search%5Bfilter%5D%5B%5D=press_releases&page=2";

fn json(path: &str) -> Doc {
    Doc::new(fixture(path), "application/json; charset=utf-8")
}

fn sources_toml(server: &FixtureServer) -> String {
    format!(
        r#"{}
[[source]]
id = "sn-medienservice"
name = "Medienservice Sachsen"
kind = "html"
url = "{}"
state = "SN"
relevance = "all"
authority = "official"

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

[[feed]]
id = "sachsen"
title = "Sachsen"
states = ["SN"]
"#,
        settings_block("http://127.0.0.1:8080/"),
        server.url(FIRST)
    )
}

#[tokio::test]
async fn a_json_source_pages_to_its_end() {
    let server = FixtureServer::start(vec![
        (FIRST, json("json/medienservice-sachsen/search-page-1.json")),
        (
            SECOND,
            json("json/medienservice-sachsen/search-page-2.json"),
        ),
    ])
    .await;
    let env = TestEnv::new(&sources_toml(&server));
    let reports = presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    assert!(reports[0].error.is_none(), "{}", reports[0]);
    assert_eq!(reports[0].new, 8, "{}", reports[0]);
    let lists: Vec<String> = server
        .seen()
        .into_iter()
        .map(|s| s.path)
        .filter(|p| p.starts_with("/medien/news/search.json"))
        .collect();
    // The second answer says `"disable": true`: no third page is asked for.
    assert_eq!(lists, vec![FIRST.to_string(), SECOND.to_string()]);

    let web = env.serve().await;
    let feed: serde_json::Value = reqwest::get(web.url("/feeds/sachsen.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 8, "{feed:#}");
    let allianz = items
        .iter()
        .find(|i| i["url"] == server.url("/medien/news/1090512"))
        .unwrap_or_else(|| panic!("{feed:#}"));
    assert_eq!(
        allianz["title"],
        "Sachsen startet Fachkräfteallianz 2030 mit Kammern und Gewerkschaften"
    );
    assert_eq!(allianz["date_published"], "2025-12-08T09:30:00+00:00");
}
