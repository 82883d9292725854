//! End to end: three realistic German feeds on a loopback server → poll → SQLite →
//! served as RSS, Atom and JSON Feed, read back with feed-rs; a second poll adds nothing.

use crate::common::outlets::{
    FREIE_PRESSE, MINISTRY, Outlet, Relevance, VOLKSSTIMME, serve_outlets, sources_toml,
};
use crate::common::{FixtureServer, TestEnv, poll_every_source, settings_block};
use feed_rs::model::Feed;

const THREE_OUTLETS: [Outlet; 3] = [MINISTRY, VOLKSSTIMME, FREIE_PRESSE];

const FEEDS: &str = r#"
[[feed]]
id = "ost"
title = "Fachkräftesicherung in Ostdeutschland"
states = ["ST", "SN", "TH", "BB", "MV"]

[[feed]]
id = "sachsen"
title = "Fachkräftesicherung in Sachsen"
states = ["sachsen"]
"#;

fn three_outlets_toml(server: &FixtureServer) -> String {
    sources_toml(
        &settings_block("http://127.0.0.1:8080"),
        server,
        &THREE_OUTLETS,
        Relevance::Classified,
        FEEDS,
    )
}

async fn get_feed(client: &reqwest::Client, url: &str) -> (Feed, String) {
    let resp = client.get(url).send().await.unwrap();
    assert_eq!(resp.status(), 200, "{url}");
    let body = resp.text().await.unwrap();
    let feed =
        feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{url}: {e}\n{body}"));
    (feed, body)
}

#[tokio::test]
async fn poll_serve_and_read_back_all_three_formats() {
    let outlets = serve_outlets(&THREE_OUTLETS).await;
    let env = TestEnv::new(&three_outlets_toml(&outlets));
    let pipeline = env.pipeline();

    let first = poll_every_source(&pipeline).await;
    let total_new: u32 = first
        .iter()
        .map(|r| r.new + r.irrelevant + r.duplicate)
        .sum();
    assert_eq!(total_new, 7, "{first:?}");

    let server = env.serve().await;
    let client = reqwest::Client::new();
    for ext in ["rss", "atom", "json"] {
        let (feed, body) = get_feed(&client, &server.url(&format!("/feeds/ost.{ext}"))).await;
        assert_eq!(feed.entries.len(), 5, "{ext}: {body}");
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert!(
            titles.contains(
                &"Rückkehrer-Initiative: Zwickau wirbt um Pendler aus Bayern".to_string()
            ),
            "{ext}: {titles:?}"
        );
        assert!(
            titles.contains(&"Große Nachfrage nach Ausbildungsplätzen im Erzgebirge".to_string()),
            "{ext}: {titles:?}"
        );
        assert!(
            titles.contains(
                &"Welcome-Center in Magdeburg: Pflegekräfte aus Vietnam starten in der Börde"
                    .to_string()
            )
        );
        // Newest first: the Volksstimme article of 8 December 06:30 CET leads.
        let first_entry = &feed.entries[0];
        assert_eq!(
            first_entry.published.unwrap().to_rfc3339(),
            "2025-12-08T05:30:00+00:00",
            "{ext}"
        );
        assert_eq!(
            first_entry.links[0].href,
            "https://www.volksstimme.de/wirtschaft/welcome-center-pflegekraefte-vietnam-boerde-3981234#comments"
        );
        // The ministry's own date, not the time of polling.
        let ministry = feed
            .entries
            .iter()
            .find(|e| {
                e.title
                    .as_ref()
                    .unwrap()
                    .content
                    .starts_with("Fachkräfteinitiativen")
            })
            .unwrap();
        assert_eq!(
            ministry.published.unwrap().to_rfc3339(),
            "2025-12-07T13:30:00+00:00"
        );
        assert!(
            ministry.links[0]
                .href
                .starts_with("https://ms.sachsen-anhalt.de/presse/pressemitteilungen/detail/")
        );
        // Two-digit year in an RFC 2822 date from the ISO-8859-1 feed.
        let erz = feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content.contains("Erzgebirge"))
            .unwrap();
        assert_eq!(
            erz.published.unwrap().to_rfc3339(),
            "2025-12-01T07:05:00+00:00"
        );
        if ext != "json" {
            let states: Vec<(String, Option<String>)> = erz
                .categories
                .iter()
                .map(|c| (c.term.clone(), c.scheme.clone()))
                .collect();
            // RSS: domain "state"; Atom: the scheme IRI <base_url>/vocab/state.
            let scheme = if ext == "rss" {
                "state"
            } else {
                "http://127.0.0.1:8080/vocab/state"
            };
            assert!(
                states.contains(&("SN".to_string(), Some(scheme.to_string()))),
                "{ext}: {states:?}"
            );
        }
    }

    // JSON Feed carries the _presseradar extension.
    let json: serde_json::Value = client
        .get(server.url("/feeds/sachsen.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    // The two Freie Presse articles, and the Magdeburg ministry's release about the
    // meeting of five states' initiatives, Saxony's among them.
    assert_eq!(items.len(), 3, "{json:#}");
    for item in items {
        let ext = &item["_presseradar"];
        assert_eq!(ext["pinned"], false);
        assert_eq!(ext["status"], "new");
        if ext["source"] == "freie-presse" {
            // Saxony first; the Zwickau piece about commuters to Bavaria names BY too.
            assert_eq!(ext["states"][0], "SN", "{item:#}");
        } else {
            assert_eq!(ext["source"], "ms-sachsen-anhalt");
            // The dateline state first, then the others.
            assert_eq!(
                ext["states"],
                serde_json::json!(["ST", "BB", "MV", "SN", "TH"]),
                "{item:#}"
            );
            assert!(
                ext["topics"]
                    .as_array()
                    .unwrap()
                    .contains(&serde_json::json!("kooperation"))
            );
        }
    }

    // A second poll adds and changes nothing, and the served bytes stay the same.
    let before = client
        .get(server.url("/feeds/ost.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let second = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    for r in &second {
        assert_eq!(
            (r.new, r.updated, r.duplicate, r.irrelevant),
            (0, 0, 0, 0),
            "{r}"
        );
        assert!(r.error.is_none(), "{r}");
    }
    assert_eq!(second.iter().map(|r| r.unchanged).sum::<u32>(), 7);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let after = client
        .get(server.url("/feeds/ost.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_failing_source_does_not_stop_the_others() {
    let outlets = serve_outlets(&THREE_OUTLETS).await;
    let mut toml = three_outlets_toml(&outlets);
    toml = toml.replace(
        &outlets.url(FREIE_PRESSE.path),
        &outlets.url("/gibt-es-nicht.xml"),
    );
    let env = TestEnv::new(&toml);
    let reports = presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    let failed: Vec<_> = reports.iter().filter(|r| r.failed()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].source, "freie-presse");
    assert!(
        failed[0].error.as_ref().unwrap().contains("404"),
        "{:?}",
        failed[0].error
    );
    assert_eq!(reports.iter().map(|r| r.new + r.irrelevant).sum::<u32>(), 5);
    let health = env
        .store
        .read(|c| presseradar::store::sources::health(c, "freie-presse"))
        .await
        .unwrap();
    assert_eq!(health.consecutive_failures, 1);
    assert!(health.last_error.unwrap().contains("404"));
}

#[tokio::test]
async fn a_304_means_no_parse_and_no_writes() {
    let ministry = Outlet {
        id: "ms",
        name: "MS",
        official: false,
        ..MINISTRY
    };
    let outlets = FixtureServer::start(vec![(ministry.path, ministry.doc().with_etag())]).await;
    let toml = sources_toml(
        &settings_block("http://127.0.0.1:8080/"),
        &outlets,
        &[ministry],
        Relevance::Classified,
        "",
    );
    let env = TestEnv::new(&toml);
    let pipeline = env.pipeline();
    let first = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    assert!(!first[0].not_modified && first[0].new > 0, "{}", first[0]);
    let before = env.store.generation().await.unwrap().0;
    let second = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    assert!(second[0].not_modified, "{}", second[0]);
    assert_eq!(second[0].unchanged + second[0].new + second[0].updated, 0);
    // The validators were sent, and no item row changed.
    let seen = outlets.seen();
    assert!(seen.last().unwrap().if_none_match.is_some());
    assert_eq!(env.store.generation().await.unwrap().0, before);
    assert!(seen.iter().all(|s| {
        s.user_agent
            .as_deref()
            .is_some_and(|ua| ua.starts_with("presseradar/"))
    }));
}
