//! The editors' JSON API over real HTTP: bearer tokens on every route, filters and cursor
//! pagination, partial edits that land in the audit log, strict bodies, and hostile text
//! stored literally but never served live.

use crate::common::desk::{EditorDesk, FEED_ALLE, no_redirect_client};
use crate::common::outlets::{FREIE_PRESSE, MINISTRY, VOLKSSTIMME};
use crate::common::{FixtureServer, TestEnv, TestServer};
use presseradar::store::{editorial, editors, sessions};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

struct Desk {
    _outlets: FixtureServer,
    env: TestEnv,
    server: TestServer,
    token: String,
    client: reqwest::Client,
}

/// Three outlets' feeds polled into a fresh database, the server with "poll now", and
/// one editor account.
async fn desk() -> Desk {
    let EditorDesk {
        outlets,
        env,
        server,
        editor,
        ..
    } = EditorDesk::open(
        &[MINISTRY, VOLKSSTIMME, FREIE_PRESSE],
        "http://127.0.0.1:8080",
        FEED_ALLE,
    )
    .await;
    Desk {
        _outlets: outlets,
        env,
        server,
        token: editor.token,
        client: no_redirect_client(),
    }
}

impl Desk {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, self.server.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"));
        (status, value)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    async fn patch(&self, id: i64, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, &format!("/api/items/{id}"), Some(body))
            .await
    }

    /// Every item, following the cursor with the given page size.
    async fn all_items(&self, query: &str, limit: u32) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..50 {
            let mut path = format!("/api/items?limit={limit}{query}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let (status, page) = self.get(&path).await;
            assert_eq!(status, 200, "{path}: {page}");
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= limit as usize);
            out.extend(items.iter().cloned());
            match page["next"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => return out,
            }
        }
        panic!("the cursor never ended");
    }
}

fn as_set(value: &Value) -> Value {
    match value.as_array() {
        Some(list) => {
            let mut list = list.clone();
            list.sort_by_key(|v| v.to_string());
            Value::Array(list)
        }
        None => value.clone(),
    }
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn every_route_wants_a_valid_token() {
    let desk = desk().await;
    let routes = [
        (Method::GET, "/api/items"),
        (Method::GET, "/api/items/1"),
        (Method::PATCH, "/api/items/1"),
        (Method::GET, "/api/sources"),
        (Method::POST, "/api/sources/volksstimme/poll"),
    ];
    let wrong = format!("{}x", desk.token);
    for (method, path) in routes {
        for auth in [
            None,
            Some("Bearer prt_0000".to_string()),
            Some(format!("Bearer {wrong}")),
            Some(format!("Basic {}", desk.token)),
        ] {
            let mut req = desk
                .client
                .request(method.clone(), desk.server.url(path))
                .header("content-type", "application/json")
                .body(r#"{"status":"pruned"}"#);
            if let Some(a) = &auth {
                req = req.header("authorization", a);
            }
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), 401, "{method} {path} with {auth:?}");
            assert_eq!(resp.headers()["cache-control"], "no-store");
            let body: Value = resp.json().await.unwrap();
            assert!(body["error"].as_str().unwrap().len() > 5, "{body}");
        }
    }
    // Nothing was changed by the refused PATCH, nothing was polled.
    let audit = desk
        .env
        .store
        .read(|c| editorial::audit_log(c, None, None, 10))
        .await
        .unwrap();
    assert!(audit.is_empty(), "{audit:?}");
    let (status, item) = desk.get("/api/items/1").await;
    assert_eq!(status, 200);
    assert_eq!(item["status"], "new");
}

#[tokio::test]
async fn lists_filter_and_page_with_an_opaque_cursor() {
    let desk = desk().await;
    let (status, first) = desk.get("/api/items").await;
    assert_eq!(status, 200);
    let everything = first["items"].as_array().unwrap().clone();
    assert_eq!(everything.len(), 7, "{first}");
    assert!(first["next"].is_null());
    for field in [
        "id",
        "url",
        "title",
        "source",
        "published",
        "status",
        "pinned",
        "states",
        "topics",
        "cluster",
        "also_reported_by",
        "reasons",
    ] {
        assert!(everything[0].get(field).is_some(), "{field} missing");
    }
    // Newest first.
    let dates: Vec<&str> = everything
        .iter()
        .map(|i| i["published"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    // Pages of 2 and of 3 visit every item once, in the same order.
    for limit in [2, 3] {
        assert_eq!(
            ids(&desk.all_items("", limit).await),
            ids(&everything),
            "limit {limit}"
        );
    }
    // A pinned item comes first and the cursor still covers everything once.
    let last = everything[6]["id"].as_i64().unwrap();
    let (status, _) = desk.patch(last, json!({"pinned": true})).await;
    assert_eq!(status, 200);
    let paged = ids(&desk.all_items("", 2).await);
    assert_eq!(paged[0], last);
    let mut a = paged.clone();
    a.sort();
    let mut b = ids(&everything);
    b.sort();
    assert_eq!(a, b);

    // Each filter returns exactly the items that match it.
    let with_state = |code: &str| -> Vec<i64> {
        everything
            .iter()
            .filter(|i| i["states"].as_array().unwrap().iter().any(|s| s == code))
            .map(|i| i["id"].as_i64().unwrap())
            .collect()
    };
    let mut sn = ids(&desk.all_items("&state=sachsen", 2).await);
    sn.sort();
    let mut expected = with_state("SN");
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(sn, expected);

    let from_fp = desk.all_items("&source=freie-presse", 10).await;
    assert_eq!(from_fp.len(), 2);
    assert!(from_fp.iter().all(|i| i["source"] == "freie-presse"));

    // Topics: two items tagged by hand (the story-wide tags of editorial::apply).
    let tagged_ids = [
        everything[1]["id"].as_i64().unwrap(),
        everything[3]["id"].as_i64().unwrap(),
    ];
    for id in tagged_ids {
        let (status, body) = desk
            .patch(id, json!({"topics": ["anerkennung", "ausbildung"]}))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let now_tagged: Vec<Value> = desk.all_items("", 10).await;
    for topic in ["anerkennung", "zuwanderung", "laendlicher-raum"] {
        let mut want: Vec<i64> = now_tagged
            .iter()
            .filter(|i| i["topics"].as_array().unwrap().iter().any(|t| t == topic))
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        want.sort();
        let mut got = ids(&desk.all_items(&format!("&topic={topic}"), 1).await);
        got.sort();
        assert_eq!(got, want, "{topic}");
        if topic == "anerkennung" {
            assert!(tagged_ids.iter().all(|id| got.contains(id)), "{got:?}");
        }
    }

    let found = desk.all_items("&q=Erzgebirge", 10).await;
    assert_eq!(found.len(), 1);
    assert!(found[0]["title"].as_str().unwrap().contains("Erzgebirge"));

    let (status, _) = desk.patch(last, json!({"status": "approved"})).await;
    assert_eq!(status, 200);
    let approved = desk.all_items("&status=approved", 10).await;
    assert_eq!(ids(&approved), vec![last]);

    // Bad parameters are 400s that name the parameter and the valid values.
    for (query, names) in [
        ("/api/items?cursor=nicht-von-hier", "cursor"),
        ("/api/items?cursor=7c7c", "cursor"),
        ("/api/items?state=Preussen", "TH (thueringen)"),
        ("/api/items?topic=kochen", "kooperation"),
        ("/api/items?status=weg", "approved"),
        ("/api/items?limit=0", "limit"),
        ("/api/items?limit=viele", "limit"),
        ("/api/items?states=ST", "valid parameters"),
    ] {
        let (status, body) = desk.get(query).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains(names),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn patch_changes_only_the_named_fields_and_audits_each() {
    let desk = desk().await;
    let (_, list) = desk.get("/api/items").await;
    let item = list["items"][0].clone();
    let id = item["id"].as_i64().unwrap();

    let steps: Vec<(Value, &str, Value)> = vec![
        (json!({"status": "approved"}), "status", json!("approved")),
        (json!({"pinned": true}), "pinned", json!(true)),
        (
            json!({"states": ["TH", "st"]}),
            "states",
            json!(["ST", "TH"]),
        ),
        (
            json!({"topics": ["ausbildung", "kooperation"]}),
            "topics",
            json!(["ausbildung", "kooperation"]),
        ),
        (
            json!({"title_override": "Fachkräfte: neuer Titel"}),
            "title_override",
            json!("Fachkräfte: neuer Titel"),
        ),
        (
            json!({"note": "Mit Pressestelle abklären"}),
            "note",
            json!("Mit Pressestelle abklären"),
        ),
        (json!({"note": null}), "note", Value::Null),
    ];
    let mut expected = item.clone();
    for (body, field, value) in &steps {
        let (status, after) = desk.patch(id, body.clone()).await;
        assert_eq!(status, 200, "{body}: {after}");
        expected[*field] = value.clone();
        if *field == "title_override" {
            expected["title"] = value.clone();
        }
        let (_, read_back) = desk.get(&format!("/api/items/{id}")).await;
        for key in [
            "status",
            "pinned",
            "states",
            "topics",
            "title_override",
            "note",
            "title",
            "url",
        ] {
            // Tag lists are sets; the store keeps edited ones sorted.
            let (read_back, after, expected) = (
                as_set(&read_back[key]),
                as_set(&after[key]),
                as_set(&expected[key]),
            );
            assert_eq!(read_back, expected, "after {body}: {key}");
            assert_eq!(after, expected, "response to {body}: {key}");
        }
    }

    let log = desk
        .env
        .store
        .read(move |c| editorial::audit_log(c, Some(id), None, 50))
        .await
        .unwrap();
    assert_eq!(log.len(), steps.len(), "{log:#?}");
    // Newest first: step i is log[len - 1 - i].
    for (i, (_, field, value)) in steps.iter().enumerate() {
        let entry = &log[steps.len() - 1 - i];
        assert_eq!(entry.actor, "anna");
        assert_eq!(entry.item_id, Some(id));
        let changed: Vec<&String> = entry.after.as_object().unwrap().keys().collect();
        assert_eq!(changed, vec![*field], "{entry:?}");
        assert_eq!(&entry.after[*field], value, "{entry:?}");
    }
    assert_eq!(log.last().unwrap().action, "approve");
    assert_eq!(log.last().unwrap().before["status"], "new");
}

#[tokio::test]
async fn bad_bodies_are_refused_with_the_fitting_status() {
    let desk = desk().await;
    let url = desk.server.url("/api/items/1");
    let send = |body: String, content_type: &'static str| {
        desk.client
            .patch(&url)
            .bearer_auth(&desk.token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases: Vec<(String, &str, u16, &str)> = vec![
        (
            r#"{"colour": "rot"}"#.into(),
            "application/json",
            400,
            "colour",
        ),
        (
            r#"{"status": "weg"}"#.into(),
            "application/json",
            400,
            "status",
        ),
        (
            r#"{"states": ["Preussen"]}"#.into(),
            "application/json",
            400,
            "TH (thueringen)",
        ),
        (
            r#"{"topics": ["kochen"]}"#.into(),
            "application/json",
            400,
            "topics",
        ),
        (
            r#"{"pinned": "ja"}"#.into(),
            "application/json",
            400,
            "body",
        ),
        ("{}".into(), "application/json", 400, "names no field"),
        (
            "status=pruned".into(),
            "application/x-www-form-urlencoded",
            415,
            "Content-Type",
        ),
        (
            format!(r#"{{"note": "{}"}}"#, "x".repeat(100 * 1024)),
            "application/json",
            413,
            "larger than",
        ),
        (
            format!(r#"{{"note": "{}"}}"#, "ä".repeat(2001)),
            "application/json",
            400,
            "note",
        ),
    ];
    for (body, content_type, code, says) in cases {
        let shown = body.chars().take(40).collect::<String>();
        let resp = send(body, content_type).await.unwrap();
        assert_eq!(resp.status().as_u16(), code, "{shown}");
        let err: Value = resp.json().await.unwrap();
        assert!(
            err["error"].as_str().unwrap().contains(says),
            "{shown}: {err}"
        );
    }
    let (status, body) = desk.patch(999_999, json!({"pinned": true})).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = desk.get("/api/items/keine-zahl").await;
    assert_eq!(status, 404, "{body}");
    let (_, item) = desk.get("/api/items/1").await;
    assert_eq!(item["status"], "new");
    assert!(item["note"].is_null());
}

#[tokio::test]
async fn sources_show_health_and_poll_now_reports() {
    let desk = desk().await;
    let (status, body) = desk.get("/api/sources").await;
    assert_eq!(status, 200);
    let sources = body["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 3);
    let fp = sources.iter().find(|s| s["id"] == "freie-presse").unwrap();
    assert_eq!(fp["name"], "Freie Presse");
    assert_eq!(fp["kind"], "feed");
    assert_eq!(fp["state"], "SN");
    assert_eq!(fp["health"]["item_count"], 2);
    assert_eq!(fp["health"]["consecutive_failures"], 0);
    assert!(fp["health"]["last_success"].is_string());

    let (status, report) = desk
        .call(Method::POST, "/api/sources/freie-presse/poll", None)
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["source"], "freie-presse");
    assert_eq!(report["unchanged"], 2);
    assert!(report["error"].is_null());

    let (status, body) = desk
        .call(Method::POST, "/api/sources/gibt-es-nicht/poll", None)
        .await;
    assert_eq!(status, 404, "{body}");
}

const HOSTILE: &str =
    "'); DROP TABLE items;-- <script>alert(1)</script> <img src=x onerror=alert(2)>";

#[tokio::test]
async fn hostile_text_is_stored_literally_and_never_served_live() {
    let desk = desk().await;
    let (_, list) = desk.get("/api/items").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let (status, _) = desk
        .patch(id, json!({"title_override": HOSTILE, "note": HOSTILE}))
        .await;
    assert_eq!(status, 200);
    let (_, back) = desk.get(&format!("/api/items/{id}")).await;
    assert_eq!(back["title_override"], HOSTILE);
    assert_eq!(back["title"], HOSTILE);
    assert_eq!(back["note"], HOSTILE);
    // The table is still there, with every item.
    let (status, again) = desk.get("/api/items").await;
    assert_eq!(status, 200);
    assert_eq!(again["items"].as_array().unwrap().len(), 7);

    // The admin item page shows it escaped.
    let editor_id = desk
        .env
        .store
        .read(|c| Ok(editors::list(c)?[0].id))
        .await
        .unwrap();
    let (cookie, _) = desk
        .env
        .store
        .write(move |c| {
            sessions::create_session(c, editor_id, chrono::Utc::now(), chrono::Duration::hours(1))
        })
        .await
        .unwrap();
    let page = desk
        .client
        .get(desk.server.url(&format!("/admin/items/{id}")))
        .header("cookie", format!("presseradar_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    // Only the desk's own script file is loaded.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains(r#"<script src="/admin/assets/admin.js" defer></script>"#));

    // The public feeds carry the title as text, never as markup.
    for ext in ["rss", "atom"] {
        let body = reqwest::get(desk.server.url(&format!("/feeds/alle.{ext}")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(body.contains("DROP TABLE items"), "{ext}: title missing");
        assert!(!body.contains("<script"), "{ext}: {body}");
        assert!(!body.contains("<img src=x"), "{ext}: {body}");
        let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
        let titles: Vec<String> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
            .collect();
        assert!(titles.iter().any(|t| t == HOSTILE), "{ext}: {titles:?}");
    }
    let json: Value = reqwest::get(desk.server.url("/feeds/alle.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = json["items"].as_array().unwrap();
    let entry = items
        .iter()
        .find(|i| i["title"] == HOSTILE)
        .expect("the edited item in the JSON feed, its title as plain text");
    for field in ["content_html", "summary"] {
        if let Some(html) = entry[field].as_str() {
            assert!(!html.contains("<script"), "{field}: {html}");
            assert!(!html.contains("onerror"), "{field}: {html}");
        }
    }
}
