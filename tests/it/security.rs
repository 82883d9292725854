//! The server under attack: every desk route refuses the anonymous (and the route list
//! here is checked against the router's source so that a new route cannot slip past),
//! hostile outside text never runs in feeds, embed or desk pages, feed ids cannot walk out
//! of the export directory, facets and search are no SQL injection vector, and oversized
//! requests are refused.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::{Doc, FixtureServer, TestEnv, TestServer, settings_block};
use presseradar::http::AppState;
use presseradar::password::NewPassword;
use presseradar::store::editors;
use reqwest::{Method, StatusCode};

/// Every route nested under /admin and /api, with a sample request path. Public desk
/// routes (login form, static assets) are listed apart.
const ADMIN_ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/", "/admin"),
    ("POST", "/logout", "/admin/logout"),
    ("POST", "/bulk", "/admin/bulk"),
    ("GET", "/items/{id}", "/admin/items/1"),
    ("POST", "/items/{id}", "/admin/items/1"),
    ("POST", "/items/{id}/status", "/admin/items/1/status"),
    ("GET", "/search", "/admin/search?q=Fachkr%C3%A4fte"),
    ("GET", "/sources", "/admin/sources"),
    ("POST", "/sources/{id}/poll", "/admin/sources/boese/poll"),
    ("GET", "/audit", "/admin/audit"),
];
const ADMIN_PUBLIC: &[(&str, &str)] = &[
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/assets/admin.js"),
    ("GET", "/assets/admin.css"),
];
const API_ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/items", "/api/items?limit=5"),
    ("GET", "/items/{id}", "/api/items/1"),
    ("PATCH", "/items/{id}", "/api/items/1"),
    ("GET", "/sources", "/api/sources"),
    ("POST", "/sources/{id}/poll", "/api/sources/boese/poll"),
];

const HOSTILE_TITLE: &str =
    "<script>alert('titel')</script>Fachkräfte <img src=x onerror=alert(1)> für Sachsen-Anhalt";
const HOSTILE_SOURCE_NAME: &str = "Böse Quelle <script>alert('name')</script>";

/// An RSS feed whose every field carries script: title, summary, content, links.
fn hostile_feed() -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Böse &lt;script&gt;alert(1)&lt;/script&gt;</title>
    <link>https://boese.example.org/</link>
    <description>Angriffe</description>
    <item>
      <title>{title}</title>
      <link>https://boese.example.org/pm/fachkraefte-welcome-center?x="&gt;&lt;script&gt;alert(2)&lt;/script&gt;</link>
      <guid isPermaLink="false">boese-1</guid>
      <pubDate>Mon, 23 Nov 2026 10:00:00 +0100</pubDate>
      <description><![CDATA[<p onclick="alert(3)">Fachkräftesicherung in Sachsen-Anhalt: Das Welcome Center berät Fachkräfte aus dem Ausland.</p><script>alert(4)</script><a href="javascript:alert(5)">mehr</a><iframe src="https://evil.example/"></iframe><style>body{{display:none}}</style>]]></description>
      <content:encoded><![CDATA[<svg onload=alert(6)><p>Anerkennung ausländischer Berufsabschlüsse für Fachkräfte.</p><img src="javascript:alert(7)"><form action="https://evil.example/"><input name=pw></form>]]></content:encoded>
    </item>
    <item>
      <title>Script-Link zur Fachkräftesicherung</title>
      <link>javascript:alert(8)</link>
      <guid isPermaLink="false">boese-2</guid>
      <description>Fachkräftesicherung Sachsen-Anhalt Weiterbildung</description>
    </item>
  </channel>
</rss>"#,
        title = HOSTILE_TITLE
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
    )
    .into_bytes()
}

struct Site {
    _outlet: FixtureServer,
    env: TestEnv,
    server: TestServer,
    password: String,
    token: String,
    client: reqwest::Client,
}

async fn site() -> Site {
    let outlet = FixtureServer::start(vec![(
        "/boese.rss",
        Doc::new(hostile_feed(), "application/rss+xml"),
    )])
    .await;
    let toml = format!(
        "{settings}\n[[source]]\nid = \"boese\"\nname = \"{name}\"\nkind = \"feed\"\nurl = \"{url}\"\nstate = \"ST\"\nrelevance = \"all\"\n\n[[feed]]\nid = \"alle\"\ntitle = \"Alle <b>Meldungen</b>\"\n",
        settings = settings_block("http://127.0.0.1:8080"),
        name = HOSTILE_SOURCE_NAME,
        url = outlet.url("/boese.rss"),
    );
    let env = TestEnv::new(&toml);
    let pipeline = env.pipeline();
    let reports = presseradar::app::poll(&pipeline, &[]).await.unwrap();
    assert!(reports[0].error.is_none(), "{:?}", reports[0]);
    assert_eq!(
        reports[0].new, 1,
        "the javascript: link is no item: {reports:?}"
    );
    let state = AppState::new(env.config.clone(), env.store.clone())
        .with_scheduler(presseradar::app::scheduler(pipeline));
    let server = TestServer::start(state).await;
    let password = NewPassword::generate().unwrap();
    let creds = env
        .store
        .write(move |c| editors::add(c, "anna", &password, chrono::Utc::now()))
        .await
        .unwrap();
    Site {
        _outlet: outlet,
        env,
        server,
        password: creds.password,
        token: creds.token,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

impl Site {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let resp = self.client.get(self.server.url(path)).send().await.unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    async fn api_get(&self, path: &str) -> (StatusCode, String) {
        let resp = self
            .client
            .get(self.server.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    async fn login(&self) -> String {
        let (login_cookie, token) =
            crate::common::desk::login_form_token(&self.client, &self.server).await;
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", token.as_str()),
                ("name", "anna"),
                ("password", self.password.as_str()),
                ("next", "/admin"),
            ])
            .finish();
        let resp = self
            .client
            .post(self.server.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", login_cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        resp.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("presseradar_session="))
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_string()
    }

    async fn desk_page(&self, path: &str, cookie: &str) -> (StatusCode, String) {
        let resp = self
            .client
            .get(self.server.url(path))
            .header("cookie", format!("presseradar_session={cookie}"))
            .send()
            .await
            .unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    fn item_count(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.env.db_path()).unwrap();
        conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .unwrap()
    }
}

#[tokio::test]
async fn every_desk_route_refuses_the_anonymous() {
    let site = site().await;
    for (method, _, path) in ADMIN_ROUTES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let resp = site
            .client
            .request(method.clone(), site.server.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("csrf=x&status=pruned&ids=1")
            .send()
            .await
            .unwrap();
        assert!(
            resp.status().is_redirection(),
            "{method} {path}: {}",
            resp.status()
        );
        let location = resp.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with("/admin/login"),
            "{method} {path} → {location}"
        );
    }
    for (method, _, path) in API_ROUTES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for auth in [
            None,
            Some("Bearer "),
            Some("Bearer falsch"),
            Some("Basic YW5uYTp4"),
        ] {
            let mut req = site
                .client
                .request(method.clone(), site.server.url(path))
                .header("content-type", "application/json")
                .body(r#"{"status":"pruned"}"#);
            if let Some(auth) = auth {
                req = req.header("authorization", auth);
            }
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), 401, "{method} {path} with {auth:?}");
        }
    }
    // Nothing changed behind the refusals.
    let conn = rusqlite::Connection::open(site.env.db_path()).unwrap();
    let (status, audits): (String, i64) = conn
        .query_row(
            "SELECT (SELECT status FROM items WHERE id = 1), (SELECT count(*) FROM audit_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), audits), ("new", 0));
}

/// `(METHOD, path)` of every `.route(…)` in the given source text, `prefix` prepended.
fn routes_in(text: &str, prefix: &str) -> BTreeSet<(String, String)> {
    let route = regex::Regex::new(r#"\.route\(\s*"([^"]*)"\s*,([^\n]*)"#).unwrap();
    let method = regex::Regex::new(r"\b(get|post|patch|put|delete)\(").unwrap();
    let mut found = BTreeSet::new();
    for c in route.captures_iter(text) {
        let path = format!("{prefix}{}", &c[1]);
        for m in method.captures_iter(&c[2]) {
            found.insert((m[1].to_uppercase(), path.clone()));
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of `fn name(…) { … }` in a source file, up to its closing brace at the
/// start of a line.
fn fn_text<'a>(text: &'a str, name: &str) -> &'a str {
    let start = text
        .find(&format!("fn {name}("))
        .unwrap_or_else(|| panic!("routes.rs has no fn {name}"));
    let rest = &text[start..];
    let end = rest.find("\n}\n").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[test]
fn the_route_list_covers_every_desk_route_in_the_source() {
    let http = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut files = Vec::new();
    rust_files(&http, &mut files);
    // One route table: a route registered anywhere else would escape this check.
    for file in &files {
        let rel = file.strip_prefix(&http).unwrap().to_string_lossy();
        if rel != "routes.rs" {
            let text = std::fs::read_to_string(file).unwrap();
            let stray = routes_in(&text, "");
            assert!(
                stray.is_empty(),
                "{rel}: routes outside src/http/routes.rs: {stray:?}"
            );
        }
    }
    let table = std::fs::read_to_string(http.join("routes.rs")).unwrap();
    // `.nest("/admin", desk_routes())`: the routes of each nested table get its prefix.
    let nest = regex::Regex::new(r#"\.nest\(\s*"([^"]*)"\s*,\s*([a-z_]+)\(\)"#).unwrap();
    assert_eq!(
        table.matches(".nest(").count(),
        nest.captures_iter(&table).count(),
        "every .nest in routes.rs names its table as a fn of routes.rs"
    );
    let mut in_source = BTreeSet::new();
    let mut top_level = table.clone();
    for c in nest.captures_iter(&table) {
        let body = fn_text(&table, &c[2]);
        in_source.extend(routes_in(body, &c[1]));
        top_level = top_level.replace(body, "");
    }
    for (m, p) in routes_in(&top_level, "") {
        assert!(
            !p.starts_with("/admin") && !p.starts_with("/api"),
            "routes.rs: {m} {p} is a desk route outside the nested desk and API tables"
        );
    }
    let mut listed = BTreeSet::new();
    for (m, template, _) in ADMIN_ROUTES {
        listed.insert((m.to_string(), format!("/admin{template}")));
    }
    for (m, template) in ADMIN_PUBLIC {
        listed.insert((m.to_string(), format!("/admin{template}")));
    }
    for (m, template, _) in API_ROUTES {
        listed.insert((m.to_string(), format!("/api{template}")));
    }
    assert!(
        in_source.len() >= 15,
        "the scan found routes: {in_source:?}"
    );
    let missing: Vec<_> = in_source.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "routes in src/http missing from the security test's list: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&in_source).collect();
    assert!(
        stale.is_empty(),
        "listed routes no longer in src/http: {stale:?}"
    );
}

/// Markup that would run if a browser or feed reader rendered it.
fn live_script(html: &str) -> Option<&'static str> {
    let lower = html.to_lowercase();
    [
        "<script",
        "javascript:",
        "onerror=",
        "onclick=",
        "onload=",
        "<iframe",
        "<svg",
        "<form",
        "<style",
    ]
    .into_iter()
    .find(|needle| lower.contains(needle))
}

#[tokio::test]
async fn hostile_text_never_runs_in_feeds_embed_or_desk() {
    let site = site().await;

    let (status, rss) = site.get("/feeds/alle.rss").await;
    assert_eq!(status, 200);
    let (status, atom) = site.get("/feeds/alle.atom").await;
    assert_eq!(status, 200);
    for (name, xml) in [("rss", &rss), ("atom", &atom)] {
        // Raw XML: every angle bracket of outside text is escaped …
        assert_eq!(live_script(xml), None, "{name}: {xml}");
        // … and what a reader unescapes to HTML is sanitized.
        let feed = feed_rs::parser::parse(xml.as_bytes()).expect("our feed parses");
        assert_eq!(feed.entries.len(), 1, "{name}");
        let entry = &feed.entries[0];
        let mut html = String::new();
        if let Some(summary) = &entry.summary {
            html.push_str(&summary.content);
        }
        if let Some(body) = entry.content.as_ref().and_then(|c| c.body.as_ref()) {
            html.push_str(body);
        }
        assert!(html.contains("Fachkräftesicherung"), "{name}: {html}");
        assert_eq!(live_script(&html), None, "{name} HTML: {html}");
        let link = &entry.links[0].href;
        assert!(!link.contains('<') && !link.contains('"'), "{name}: {link}");
    }

    let (status, json) = site.get("/feeds/alle.json").await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let item = &json["items"][0];
    let html = item["content_html"].as_str().unwrap_or_default();
    assert_eq!(live_script(html), None, "json content_html: {html}");
    assert!(item["url"].as_str().unwrap().starts_with("https://"));

    let (status, embed) = site.get("/embed/alle").await;
    assert_eq!(status, 200);
    assert!(!embed.contains("<script>alert"), "embed: {embed}");
    assert!(
        !embed.to_lowercase().contains("javascript:"),
        "embed: {embed}"
    );
    assert!(
        !embed.contains("<b>Meldungen"),
        "feed title is escaped: {embed}"
    );
    assert!(!embed.contains("onerror=alert"), "embed: {embed}");

    let cookie = site.login().await;
    for path in [
        "/admin",
        "/admin/items/1",
        "/admin/search?q=%3Cscript%3Ealert(9)%3C%2Fscript%3E",
        "/admin/sources",
        "/admin/audit",
    ] {
        let (status, page) = site.desk_page(path, &cookie).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("<script>alert"), "{path}: {page}");
        assert!(!page.contains("onerror=alert"), "{path}: {page}");
        assert!(
            !page.to_lowercase().contains("href=\"javascript:"),
            "{path}: {page}"
        );
    }
}

#[tokio::test]
async fn facets_and_search_are_no_sql_injection_vector() {
    let site = site().await;
    let before = site.item_count();
    let cookie = site.login().await;
    let attacks = [
        "q=%27%20OR%201%3D1%20--",
        "q=%22%20OR%20%221%22%3D%221",
        "q=x%27%3B%20DROP%20TABLE%20items%3B%20--",
        "q=*%20OR%20NEAR(a%20b)",
        "q=%22unbalanced",
        "q=%00",
        "state=ST%27%20OR%201%3D1%20--",
        "state=ST,BY%27)%20OR%20(%271%27%3D%271",
        "topic=weiterbildung%27--",
        "source=boese%27%20OR%20%271%27%3D%271",
        "limit=1%20OR%201%3D1",
        "limit=-1",
    ];
    for attack in attacks {
        for route in ["/feed.rss", "/feed.json"] {
            let path = format!("{route}?{attack}");
            let (status, body) = site.get(&path).await;
            assert!(status == 200 || status == 400, "{path}: {status} {body}");
            if status == 200 && route == "/feed.json" {
                let json: serde_json::Value = serde_json::from_str(&body).unwrap();
                let n = json["items"].as_array().map(Vec::len).unwrap_or(0);
                // A limit or a query with no words in it filters nothing; every other
                // attack string is a literal search that matches no item.
                let filters_nothing = attack.starts_with("limit") || attack == "q=%00";
                assert!(
                    n == 0 || filters_nothing,
                    "{path}: an injection matched {n} items"
                );
            }
        }
        let (status, body) = site.api_get(&format!("/api/items?{attack}")).await;
        assert!(
            status == 200 || status == 400,
            "/api/items?{attack}: {status} {body}"
        );
        let (status, body) = site
            .desk_page(&format!("/admin/search?{attack}"), &cookie)
            .await;
        assert!(
            status == 200 || status == 400,
            "/admin/search?{attack}: {status} {body}"
        );
    }
    assert_eq!(site.item_count(), before, "the items table is intact");
    let conn = rusqlite::Connection::open(site.env.db_path()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // The honest query still finds the item after all that.
    let (status, body) = site.get("/feed.json?q=Welcome").await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 1, "{body}");
}

#[tokio::test]
async fn oversized_requests_are_refused() {
    let site = site().await;
    let big = "a".repeat(1024 * 1024);
    let resp = site
        .client
        .patch(site.server.url("/api/items/1"))
        .bearer_auth(&site.token)
        .header("content-type", "application/json")
        .body(format!(r#"{{"note":"{big}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413, "API body of 1 MB");
    let resp = site
        .client
        .post(site.server.url("/admin/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("name=anna&password={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413, "login form of 1 MB");
    // A 200 kB query string: refused or answered, never a server error or a hang.
    let long = "Fachkr%C3%A4fte%20".repeat(200 * 1024 / 18);
    let resp = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        site.client
            .get(site.server.url(&format!("/feed.json?q={long}")))
            .send(),
    )
    .await
    .expect("answered within 20 s");
    if let Ok(resp) = resp {
        assert!(
            !resp.status().is_server_error(),
            "long query: {}",
            resp.status()
        );
    }
    let (status, _) = site.api_get("/api/items/1").await;
    assert_eq!(status, 200, "the server still answers");
}

/// Feed ids become file names in `export`; one that walks up a directory is refused by
/// `check`, before `export` could ever see it.
#[test]
fn a_feed_id_that_walks_out_of_the_export_directory_is_refused() {
    for id in ["../x", "..", "a/b", "/etc/passwd", "x\\..\\y", "X"] {
        let dir = tempfile::tempdir().unwrap();
        let toml = format!(
            "{}\n[[source]]\nid = \"quelle\"\nname = \"Quelle\"\nkind = \"feed\"\nurl = \"http://127.0.0.1:9/feed.rss\"\n\n[[feed]]\nid = \"{}\"\ntitle = \"Weg\"\n",
            settings_block("http://127.0.0.1:8080"),
            id.replace('\\', "\\\\")
        );
        std::fs::write(dir.path().join("sources.toml"), toml).unwrap();
        let check = Command::new(env!("CARGO_BIN_EXE_presseradar"))
            .current_dir(dir.path())
            .args(["--sources", "sources.toml", "--db", "p.db", "check"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert_eq!(
            check.status.code(),
            Some(2),
            "check with feed id {id:?}: {stderr}"
        );
        assert!(stderr.contains("id"), "{id:?}: {stderr}");
        let out = dir.path().join("out");
        let export = Command::new(env!("CARGO_BIN_EXE_presseradar"))
            .current_dir(dir.path())
            .args(["--sources", "sources.toml", "--db", "p.db", "export"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(!export.status.success(), "export with feed id {id:?}");
        assert!(!dir.path().join("x.rss").exists());
        assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
    }
}
