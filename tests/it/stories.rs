//! One story, one item: the same release from several outlets is one feed entry with
//! "also reported by" links and the ministry's release as the main link; a pruned story
//! stays gone; changed content keeps the entry's id.

use crate::common::{Doc, FixtureServer, TestEnv, fixture, settings_block};
use presseradar::model::Status;
use presseradar::store::editorial::{self, Edit};

fn rss(name: &str) -> Doc {
    Doc::new(fixture(&format!("stories/{name}")), "application/rss+xml")
}

fn source(id: &str, url: &str, authority: &str) -> String {
    format!(
        "[[source]]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"feed\"\nurl = \"{url}\"\nstate = \"TH\"\nauthority = \"{authority}\"\n\n"
    )
}

async fn outlets() -> FixtureServer {
    FixtureServer::start(vec![
        ("/ministerium.rss", rss("ministerium.rss")),
        ("/a.rss", rss("zeitung-a.rss")),
        ("/b.rss", rss("zeitung-b.rss")),
        ("/c.rss", rss("zeitung-c.rss")),
    ])
    .await
}

fn config(server: &FixtureServer, with_c: bool) -> String {
    let mut toml = settings_block("http://127.0.0.1:8080/");
    // The newspapers come first in the file: the lead must still be the ministry's.
    toml += &source("zeitung-a", &server.url("/a.rss"), "press");
    toml += &source("zeitung-b", &server.url("/b.rss"), "press");
    toml += &source("ministerium", &server.url("/ministerium.rss"), "official");
    if with_c {
        toml += &source("zeitung-c", &server.url("/c.rss"), "press");
    }
    toml + "[[feed]]\nid = \"thueringen\"\ntitle = \"Thüringen\"\nstates = [\"TH\"]\n"
}

async fn feed_json(env: &TestEnv) -> serde_json::Value {
    let web = env.serve().await;
    reqwest::get(web.url("/feeds/thueringen.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn three_outlets_one_entry_led_by_the_ministry() {
    let server = outlets().await;
    let env = TestEnv::new(&config(&server, false));
    let pipeline = env.pipeline();
    // Poll the newspapers first, the ministry last.
    for id in ["zeitung-a", "zeitung-b", "ministerium"] {
        let r = presseradar::app::poll(&pipeline, &[id.to_string()])
            .await
            .unwrap();
        assert!(r[0].error.is_none(), "{}", r[0]);
    }
    let json = feed_json(&env).await;
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{json:#}");
    let entry = &items[0];
    assert_eq!(
        entry["url"],
        "https://www.tmsgaf.de/medienservice/artikel/sieben-neue-welcome-center"
    );
    assert_eq!(entry["_presseradar"]["source"], "ministerium");
    let also: Vec<&str> = entry["_presseradar"]["also_reported_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    assert_eq!(also.len(), 2, "{also:?}");
    assert!(also.contains(&"zeitung-a") && also.contains(&"zeitung-b"));
    assert!(
        entry["content_html"]
            .as_str()
            .unwrap()
            .contains("Auch berichtet von")
    );
    // The story's id is the one it got when the first outlet's copy arrived, and it
    // did not change when the ministry's release took the lead.
    let a_items = env
        .store
        .read(|c| {
            presseradar::store::items::list(
                c,
                &presseradar::store::items::ItemFilter {
                    sources: vec!["zeitung-a".into()],
                    limit: 5,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap();
    assert_eq!(entry["id"], serde_json::json!(a_items[0].guid));
}

#[tokio::test]
async fn a_pruned_story_stays_gone() {
    let server = outlets().await;
    let env = TestEnv::new(&config(&server, false));
    let pipeline = env.pipeline();
    presseradar::app::poll(&pipeline, &[]).await.unwrap();
    let json = feed_json(&env).await;
    let lead_id: i64 = {
        let guid = json["items"][0]["id"].as_str().unwrap().to_string();
        let all = env
            .store
            .read(|c| {
                presseradar::store::items::list(
                    c,
                    &presseradar::store::items::ItemFilter {
                        limit: 50,
                        ..Default::default()
                    },
                )
            })
            .await
            .unwrap();
        all.iter().find(|i| i.guid == guid && i.is_lead).unwrap().id
    };
    env.store
        .write(move |c| {
            editorial::apply(
                c,
                lead_id,
                "test:editor",
                &Edit {
                    status: Some(Status::Pruned),
                    ..Default::default()
                },
                chrono::Utc::now(),
            )
        })
        .await
        .unwrap();
    assert_eq!(feed_json(&env).await["items"].as_array().unwrap().len(), 0);

    // A re-poll, and a near-copy from an outlet never seen before: still gone.
    let env2_toml = config(&server, true);
    std::fs::write(env.sources_path(), &env2_toml).unwrap();
    let config =
        std::sync::Arc::new(presseradar::config::Config::load(&env.sources_path()).unwrap());
    let pipeline = presseradar::app::pipeline(config, env.store.clone()).unwrap();
    let reports = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    let c = reports.iter().find(|r| r.source == "zeitung-c").unwrap();
    assert_eq!((c.new, c.pruned), (0, 1), "{c}");
    assert!(reports.iter().all(|r| r.new == 0), "{reports:?}");
    assert_eq!(feed_json(&env).await["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn changed_content_updates_in_place() {
    let server = outlets().await;
    let env = TestEnv::new(&config(&server, false));
    let pipeline = env.pipeline();
    presseradar::app::poll(&pipeline, &["ministerium".to_string()])
        .await
        .unwrap();
    let before = feed_json(&env).await["items"][0].clone();

    // The ministry corrects a figure in its release.
    let corrected = String::from_utf8(fixture("stories/ministerium.rss"))
        .unwrap()
        .replace("4,2 Millionen", "4,3 Millionen");
    server.set(
        "/ministerium.rss",
        Doc::new(corrected.into_bytes(), "application/rss+xml"),
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = presseradar::app::poll(&pipeline, &["ministerium".to_string()])
        .await
        .unwrap();
    assert_eq!((r[0].new, r[0].updated), (0, 1), "{}", r[0]);
    let after = feed_json(&env).await["items"].as_array().unwrap().clone();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0]["id"], before["id"]);
    assert!(
        after[0]["content_html"]
            .as_str()
            .unwrap()
            .contains("4,3 Millionen")
    );
    assert!(
        after[0]["date_modified"].as_str().unwrap() > before["date_modified"].as_str().unwrap()
    );
    assert_eq!(after[0]["date_published"], before["date_published"]);
}

#[tokio::test]
async fn another_release_with_the_same_boilerplate_stays_separate() {
    let server = outlets().await;
    server.set("/ministerium-2.rss", rss("ministerium-2.rss"));
    let mut toml = config(&server, false);
    toml = toml.replace(
        "[[feed]]",
        &format!(
            "{}[[feed]]",
            source(
                "ministerium-2",
                &server.url("/ministerium-2.rss"),
                "official"
            )
        ),
    );
    let env = TestEnv::new(&toml);
    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    assert_eq!(feed_json(&env).await["items"].as_array().unwrap().len(), 2);
}
