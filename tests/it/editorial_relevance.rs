//! Editorial decisions take effect and stay: approving a story the classifier called
//! "nicht relevant" publishes it (desk, API), a re-fetch with new text keeps that, the
//! API sets relevance both ways, and items removed by retention do not come back at the
//! next poll of a page that still lists them.

use chrono::{Duration, Utc};
use presseradar::http::AppState;
use presseradar::password::NewPassword;
use presseradar::pipeline::Pipeline;
use presseradar::store::{editorial, editors, retention};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::desk::{login_form_token, no_redirect_client};
use crate::common::{Doc, FixtureServer, TestEnv, TestServer, poll_every_source, settings_block};

const FEED_PATH: &str = "/presse/rss.xml";

/// A ministry's feed: one story about skilled workers, one about a garden show that the
/// classifier rightly calls not relevant — until an editor decides otherwise.
fn ministry_feed(garden_teaser: &str) -> Doc {
    let now = Utc::now();
    let recent = (now - Duration::days(2)).to_rfc2822();
    let older = (now - Duration::days(40)).to_rfc2822();
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ministerium</title><link>https://ms.example/</link><description>Presse</description>
<item><title>Fachkräftesicherung: Land startet Weiterbildungsagentur für Pflegekräfte</title>
<link>https://ms.example/presse/fachkraefte-weiterbildung</link><guid>ms-1</guid><pubDate>{recent}</pubDate>
<description>Das Land unterstützt Betriebe bei der Fachkräftesicherung und Weiterbildung von Beschäftigten.</description></item>
<item><title>Landesgartenschau öffnet ihre Tore</title>
<link>https://ms.example/presse/gartenschau</link><guid>ms-2</guid><pubDate>{older}</pubDate>
<description>{garden_teaser}</description></item>
</channel></rss>"#
    );
    Doc::new(body.into_bytes(), "application/rss+xml")
}

const FEEDS: &str = r#"
[[feed]]
id = "alle"
title = "Alle Meldungen"

[[feed]]
id = "geprueft"
title = "Geprüft"
require_approval = true
"#;

struct Desk {
    outlets: FixtureServer,
    env: TestEnv,
    pipeline: Pipeline,
    server: TestServer,
    token: String,
    password: String,
    client: reqwest::Client,
}

/// The ministry's feed polled with the relevance rules in force (`relevance = "filter"`).
async fn desk() -> Desk {
    let outlets = FixtureServer::start(vec![(
        FEED_PATH,
        ministry_feed("Blumen, Musik und ein Familienfest im Park."),
    )])
    .await;
    let toml = format!(
        "{}\n[[source]]\nid = \"ms\"\nname = \"Ministerium für Arbeit\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"ST\"\n{FEEDS}",
        settings_block("http://127.0.0.1:8080"),
        outlets.url(FEED_PATH)
    );
    let env = TestEnv::new(&toml);
    let pipeline = env.pipeline();
    poll_every_source(&pipeline).await;
    let state = AppState::new(env.config.clone(), env.store.clone());
    let server = TestServer::start(state).await;
    let password = NewPassword::generate().unwrap();
    let editor = env
        .store
        .write(move |c| editors::add(c, "anna", &password, Utc::now()))
        .await
        .unwrap();
    Desk {
        outlets,
        env,
        pipeline,
        server,
        token: editor.token,
        password: editor.password,
        client: no_redirect_client(),
    }
}

impl Desk {
    async fn api(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, self.server.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap())
    }

    /// The item whose title contains `title`, from the API.
    async fn item(&self, title: &str) -> Value {
        let (status, page) = self.api(Method::GET, "/api/items?limit=100", None).await;
        assert_eq!(status, 200, "{page}");
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"].as_str().unwrap().contains(title))
            .unwrap_or_else(|| panic!("no item {title:?} in {page}"))
            .clone()
    }

    /// Titles in a curated feed's JSON Feed.
    async fn feed_titles(&self, id: &str) -> Vec<String> {
        // Feeds read the database's change counter at most once a second.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let url = self.server.url(&format!("/feeds/{id}.json"));
        let feed: Value = self
            .client
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_string())
            .collect()
    }

    /// A desk page's HTML, as the editor with this session cookie sees it.
    async fn page(&self, path: &str, cookie: &str) -> String {
        let resp = self
            .client
            .get(self.server.url(path))
            .header("cookie", cookie);
        resp.send().await.unwrap().text().await.unwrap()
    }

    /// Log in as anna; returns the cookie header and the page's CSRF token.
    async fn login(&self) -> (String, String) {
        let (login_cookie, token) = login_form_token(&self.client, &self.server).await;
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", token.as_str()),
                ("name", "anna"),
                ("password", &self.password),
                ("next", "/admin"),
            ])
            .finish();
        let resp = self
            .client
            .post(self.server.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", self.server.url(""))
            .header("cookie", login_cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let cookie = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("presseradar_session="))
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_string();
        let page = self.page("/admin", &cookie).await;
        let marker = r#"name="csrf" value=""#;
        let start = page.find(marker).expect("a csrf field") + marker.len();
        let csrf = page[start..].split('"').next().unwrap().to_string();
        (cookie, csrf)
    }
}

#[tokio::test]
async fn approving_a_story_called_not_relevant_publishes_it_and_a_refetch_keeps_it() {
    let desk = desk().await;
    let garden = desk.item("Landesgartenschau").await;
    assert_eq!(
        garden["relevant"], false,
        "the classifier's verdict: {garden}"
    );
    assert!(
        !desk
            .feed_titles("alle")
            .await
            .iter()
            .any(|t| t.contains("Landesgartenschau"))
    );

    // The desk's "Freigeben" button, as the queue of non-relevant stories sends it.
    let (cookie, csrf) = desk.login().await;
    let id = garden["id"].as_i64().unwrap();
    let fields = [
        ("csrf", csrf.as_str()),
        ("status", "approved"),
        ("back", "/admin?irrelevant=1"),
    ];
    post_status(&desk, &cookie, id, &fields).await;

    let garden = desk.item("Landesgartenschau").await;
    assert_eq!(
        (garden["relevant"].clone(), garden["status"].clone()),
        (json!(true), json!("approved"))
    );
    for feed in ["alle", "geprueft"] {
        let titles = desk.feed_titles(feed).await;
        assert!(
            titles.iter().any(|t| t.contains("Landesgartenschau")),
            "{feed}: {titles:?}"
        );
    }
    // Audited, with the relevance before and after.
    let history = desk
        .env
        .store
        .read(move |c| editorial::audit_log(c, Some(id), None, 10))
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "approve");
    assert_eq!(history[0].before["relevant"], false);
    assert_eq!(history[0].after["relevant"], true);

    // The ministry rewrites the teaser: the item is re-fetched and re-classified (still
    // not relevant by the rules) and stays published.
    desk.outlets.set(
        FEED_PATH,
        ministry_feed("Blumen, Musik, ein Familienfest im Park und ein Feuerwerk."),
    );
    let reports = poll_every_source(&desk.pipeline).await;
    assert_eq!(reports[0].updated, 1, "{}", reports[0]);
    let garden = desk.item("Landesgartenschau").await;
    assert_eq!(garden["relevant"], true, "{garden}");
    assert_eq!(garden["id"].as_i64(), Some(id));
    for feed in ["alle", "geprueft"] {
        let titles = desk.feed_titles(feed).await;
        assert!(
            titles.iter().any(|t| t.contains("Landesgartenschau")),
            "{feed}: {titles:?}"
        );
    }
}

#[tokio::test]
async fn the_api_sets_relevance_both_ways_and_a_refetch_keeps_it() {
    let desk = desk().await;
    let garden = desk.item("Landesgartenschau").await["id"].as_i64().unwrap();
    let skilled = desk.item("Weiterbildungsagentur").await["id"]
        .as_i64()
        .unwrap();

    let (status, item) = desk
        .api(
            Method::PATCH,
            &format!("/api/items/{garden}"),
            Some(json!({"relevant": true})),
        )
        .await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(
        (item["relevant"].clone(), item["status"].clone()),
        (json!(true), json!("new"))
    );
    let (status, item) = desk
        .api(
            Method::PATCH,
            &format!("/api/items/{skilled}"),
            Some(json!({"relevant": false})),
        )
        .await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(item["relevant"], false);
    let titles = desk.feed_titles("alle").await;
    assert!(
        titles.iter().any(|t| t.contains("Landesgartenschau")),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.contains("Weiterbildungsagentur")),
        "{titles:?}"
    );

    let history = desk
        .env
        .store
        .read(move |c| editorial::audit_log(c, Some(skilled), None, 10))
        .await
        .unwrap();
    assert_eq!(history[0].action, "relevance");
    assert_eq!(history[0].after, json!({"relevant": false}));

    // Re-classification of changed text keeps both decisions.
    desk.outlets
        .set(FEED_PATH, ministry_feed("Ein neuer Text über Blumen."));
    poll_every_source(&desk.pipeline).await;
    assert_eq!(desk.item("Landesgartenschau").await["relevant"], true);
    assert_eq!(desk.item("Weiterbildungsagentur").await["relevant"], false);
    // An invalid value is still refused.
    let (status, _) = desk
        .api(
            Method::PATCH,
            &format!("/api/items/{garden}"),
            Some(json!({"relevant": "ja"})),
        )
        .await;
    assert_eq!(status, 400);
}

/// Post the queue's status form (the row buttons and "Rückgängig" send the same fields);
/// returns where the desk redirects to.
async fn post_status(desk: &Desk, cookie: &str, id: i64, fields: &[(&str, &str)]) -> String {
    let form = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let resp = desk
        .client
        .post(desk.server.url(&format!("/admin/items/{id}/status")))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    resp.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn undoing_a_rescue_gives_the_story_back_to_the_classifier() {
    let desk = desk().await;
    let id = desk.item("Landesgartenschau").await["id"].as_i64().unwrap();
    let (cookie, csrf) = desk.login().await;
    let back = "/admin?irrelevant=1";
    let to = post_status(
        &desk,
        &cookie,
        id,
        &[("csrf", &csrf), ("status", "approved"), ("back", back)],
    )
    .await;
    let garden = desk.item("Landesgartenschau").await;
    assert_eq!(garden["relevant_by_editor"], true, "{garden}");

    // The confirmation offers "Rückgängig" with what the story was before: new, and no
    // editor's verdict on relevance.
    let page = desk.page(&to, &cookie).await;
    assert!(page.contains("Rückgängig"), "{page}");
    assert!(
        page.contains(r#"name="relevant" value="auto""#),
        "the undo form restores the classifier's verdict: {page}"
    );
    post_status(
        &desk,
        &cookie,
        id,
        &[
            ("csrf", &csrf),
            ("status", "new"),
            ("relevant", "auto"),
            ("back", back),
        ],
    )
    .await;
    let garden = desk.item("Landesgartenschau").await;
    assert_eq!(
        (
            garden["status"].clone(),
            garden["relevant"].clone(),
            garden["relevant_by_editor"].clone()
        ),
        (json!("new"), json!(false), Value::Null),
        "{garden}"
    );
    assert!(
        !desk
            .feed_titles("alle")
            .await
            .iter()
            .any(|t| t.contains("Landesgartenschau"))
    );
    // Not a decision any more: labels export leaves it out.
    let decided = desk
        .env
        .store
        .read(presseradar::store::decisions::decided_items)
        .await
        .unwrap();
    assert!(decided.is_empty(), "{decided:?}");

    // The API does the same with "relevant": null, after an editor's "not relevant".
    let skilled = desk.item("Weiterbildungsagentur").await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/items/{skilled}");
    let (_, item) = desk
        .api(Method::PATCH, &path, Some(json!({"relevant": false})))
        .await;
    assert_eq!(item["relevant"], false, "{item}");
    let (status, item) = desk
        .api(Method::PATCH, &path, Some(json!({"relevant": null})))
        .await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(
        (item["relevant"].clone(), item["relevant_by_editor"].clone()),
        (json!(true), Value::Null),
        "{item}"
    );
}

#[tokio::test]
async fn an_item_removed_by_retention_does_not_come_back_at_the_next_poll() {
    let desk = desk().await;
    let count = |store: presseradar::store::Store| async move {
        store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))?))
            .await
            .unwrap()
    };
    assert_eq!(count(desk.env.store.clone()).await, 2);
    // Retention of 30 days: the garden show, 40 days old, goes.
    let cutoff = Utc::now() - Duration::days(30);
    let removed = desk
        .env
        .store
        .write(move |c| retention::remove_older_than(c, cutoff))
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert_eq!(count(desk.env.store.clone()).await, 1);

    // The feed still lists it; also with a changed teaser it stays gone, and silently.
    for teaser in [
        "Blumen, Musik und ein Familienfest im Park.",
        "Ganz neuer Text.",
    ] {
        desk.outlets.set(FEED_PATH, ministry_feed(teaser));
        let reports = poll_every_source(&desk.pipeline).await;
        let r = &reports[0];
        assert_eq!(
            (r.new, r.updated, r.irrelevant, r.pruned),
            (0, 0, 0, 0),
            "{r}"
        );
        assert_eq!(count(desk.env.store.clone()).await, 1);
    }
}
