//! The /admin pages over plain HTTP, cookies carried by hand: login and its cookie flags,
//! throttling, session fixation, open redirects, CSRF on every form, logout, and that no
//! page shows without a session.

use crate::common::desk::{EditorDesk, login_form_token, no_redirect_client};
use crate::common::outlets::{FREIE_PRESSE, MINISTRY};
use crate::common::{FixtureServer, TestEnv, TestServer};
use presseradar::model::Status;
use presseradar::password::NewPassword;
use presseradar::store::{editorial, editors, items};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

struct Desk {
    _outlets: FixtureServer,
    env: TestEnv,
    server: TestServer,
    password: String,
    client: reqwest::Client,
}

async fn desk_with_base_url(base_url: &str) -> Desk {
    let EditorDesk {
        outlets,
        env,
        server,
        editor,
        ..
    } = EditorDesk::open(&[MINISTRY, FREIE_PRESSE], base_url, "").await;
    Desk {
        _outlets: outlets,
        env,
        server,
        password: editor.password,
        client: no_redirect_client(),
    }
}

async fn desk() -> Desk {
    desk_with_base_url("http://127.0.0.1:8080").await
}

/// An urlencoded form body, as a browser sends it.
trait WithForm {
    fn with_form(self, fields: &[(&str, &str)]) -> Self;
}

impl WithForm for reqwest::RequestBuilder {
    fn with_form(self, fields: &[(&str, &str)]) -> Self {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    }
}

/// The session cookie a response sets, with its attributes.
fn set_cookie(headers: &HeaderMap) -> String {
    headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("presseradar_session="))
        .expect("a presseradar_session cookie")
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("presseradar_session=")
        .to_string()
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()["location"].to_str().unwrap().to_string()
}

/// The first CSRF token embedded in a page.
fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).expect("a form with a csrf field") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

impl Desk {
    async fn login_as(
        &self,
        name: &str,
        password: &str,
        next: &str,
        extra: &[(&str, &str)],
    ) -> reqwest::Response {
        // As a browser: open the form first, then send it with its token and cookie.
        let (login_cookie, token) = login_form_token(&self.client, &self.server).await;
        let mut req = self
            .client
            .post(self.server.url("/admin/login"))
            .with_form(&[
                ("csrf", &token),
                ("name", name),
                ("password", password),
                ("next", next),
            ]);
        let mut cookies = vec![login_cookie];
        for (k, v) in extra {
            if k.eq_ignore_ascii_case("cookie") {
                cookies.push(v.to_string());
            } else {
                req = req.header(*k, *v);
            }
        }
        req = req.header("cookie", cookies.join("; "));
        req.send().await.unwrap()
    }

    /// Log in and return the session cookie's value.
    async fn login(&self) -> String {
        let resp = self.login_as("anna", &self.password, "/admin", &[]).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        cookie_value(&set_cookie(resp.headers()))
    }

    async fn get(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.server.url(path))
            .header("cookie", format!("presseradar_session={cookie}"))
            .send()
            .await
            .unwrap()
    }

    async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.server.url(path))
            .header("cookie", format!("presseradar_session={cookie}"))
            .with_form(form)
            .send()
            .await
            .unwrap()
    }

    async fn csrf(&self, cookie: &str) -> String {
        let resp = self.get("/admin", cookie).await;
        assert_eq!(resp.status(), 200);
        csrf_of(&resp.text().await.unwrap())
    }
}

#[tokio::test]
async fn login_sets_a_fresh_hardened_cookie() {
    let desk = desk().await;
    let page = desk
        .client
        .get(desk.server.url("/admin/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let h = page.headers();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "same-origin");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert!(page.text().await.unwrap().contains("Anmeldung"));

    // A cookie planted before login (session fixation) is not the one after it.
    let planted = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let resp = desk
        .login_as(
            "anna",
            &desk.password,
            "/admin/sources",
            &[("cookie", &format!("presseradar_session={planted}"))],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/admin/sources");
    let cookie = set_cookie(resp.headers());
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain-http site: {cookie}");
    let first = cookie_value(&cookie);
    assert_ne!(first, planted);
    assert_eq!(first.len(), 64);
    let queue = desk.get("/admin", &first).await;
    assert_eq!(queue.status(), 200);
    let html = queue.text().await.unwrap();
    assert!(html.contains("Warteschlange") && html.contains("anna"));
    assert_eq!(desk.get("/admin", planted).await.status(), 303);

    // Logging in again while logged in: a new id, and the old one stops working.
    let resp = desk
        .login_as(
            "anna",
            &desk.password,
            "/admin",
            &[("cookie", &format!("presseradar_session={first}"))],
        )
        .await;
    let second = cookie_value(&set_cookie(resp.headers()));
    assert_ne!(second, first);
    assert_eq!(desk.get("/admin", &second).await.status(), 200);
    assert_eq!(desk.get("/admin", &first).await.status(), 303);
}

#[tokio::test]
async fn https_sites_get_a_secure_cookie() {
    let desk = desk_with_base_url("https://presseradar.example.org").await;
    let resp = desk.login_as("anna", &desk.password, "/admin", &[]).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(resp.headers()).contains("; Secure"));
}

#[tokio::test]
async fn an_account_hashed_with_older_parameters_logs_in_and_is_upgraded() {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let desk = desk().await;
    let db = rusqlite::Connection::open(desk.env.db_path()).unwrap();
    let stored = || -> String {
        db.query_row(
            "SELECT password_hash FROM editors WHERE name = 'anna'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(stored().starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
    // As an account made before the cost was lowered to 7 MiB: 19 MiB, 2 passes.
    let old = argon2::Argon2::default()
        .hash_password(
            b"vor-der-umstellung",
            &SaltString::from_b64("b2xkc2FsdG9sZHNhbHQ").unwrap(),
        )
        .unwrap()
        .to_string();
    assert!(old.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    db.execute(
        "UPDATE editors SET password_hash = ?1 WHERE name = 'anna'",
        [&old],
    )
    .unwrap();

    let resp = desk.login_as("anna", &desk.password, "/admin", &[]).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(stored(), old, "a failed login changes no hash");
    let resp = desk
        .login_as("anna", "vor-der-umstellung", "/admin", &[])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let upgraded = stored();
    assert!(
        upgraded.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "{upgraded}"
    );
    let resp = desk
        .login_as("anna", "vor-der-umstellung", "/admin", &[])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored(), upgraded, "a current hash is kept");
}

#[tokio::test]
async fn wrong_passwords_are_throttled_per_account_and_per_address() {
    let desk = desk().await;
    for attempt in 1..=5 {
        let resp = desk.login_as("anna", "falsch", "/admin", &[]).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert!(resp.headers().get("set-cookie").is_none());
        let html = resp.text().await.unwrap();
        assert!(html.contains("Name oder Passwort ist falsch."), "{html}");
    }
    // Now even the right password waits.
    let resp = desk.login_as("anna", &desk.password, "/admin", &[]).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.headers().contains_key("retry-after"));
    assert!(resp.headers().get("set-cookie").is_none());
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("Zu viele fehlgeschlagene Anmeldeversuche")
    );
    // The same address is throttled for another account name…
    let resp = desk.login_as("bernd", "egal", "/admin", &[]).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    // …and the account from another address (the proxy's X-Real-IP) as well.
    let resp = desk
        .login_as(
            "anna",
            &desk.password,
            "/admin",
            &[("x-real-ip", "203.0.113.9")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    // A fresh account from a fresh address is not affected.
    let password = NewPassword::generate().unwrap();
    let other = desk
        .env
        .store
        .write(move |c| editors::add(c, "carla", &password, chrono::Utc::now()))
        .await
        .unwrap();
    let resp = desk
        .login_as(
            "carla",
            &other.password,
            "/admin",
            &[("x-real-ip", "203.0.113.10")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn next_never_leaves_the_site() {
    let desk = desk().await;
    for (next, expected) in [
        ("//evil.example", "/admin"),
        ("https://evil.example", "/admin"),
        ("/\\evil.example", "/admin"),
        ("evil.example/admin", "/admin"),
        ("/admin/search?q=Pflege", "/admin/search?q=Pflege"),
    ] {
        let resp = desk.login_as("anna", &desk.password, next, &[]).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&resp), expected, "{next}");
    }
    // A login form posted from another site is refused; from this site it works.
    let resp = desk
        .login_as(
            "anna",
            &desk.password,
            "/admin",
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(resp.headers().get("set-cookie").is_none());
    // This site: the Host it was asked by, or the public base_url behind a proxy.
    let own = format!("http://{}", desk.server.addr);
    for origin in [own.as_str(), "http://127.0.0.1:8080"] {
        let resp = desk
            .login_as("anna", &desk.password, "/admin", &[("origin", origin)])
            .await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{origin}");
    }

    let form = desk
        .client
        .get(desk.server.url("/admin/login?next=%2F%2Fevil.example"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains(r#"name="next" value="/admin""#), "{form}");
    assert!(!form.contains("evil.example"));
}

#[tokio::test]
async fn every_form_wants_the_sessions_csrf_token() {
    let desk = desk().await;
    let cookie = desk.login().await;
    let csrf = desk.csrf(&cookie).await;
    let other_cookie = desk.login().await;
    let other_csrf = desk.csrf(&other_cookie).await;
    assert_ne!(csrf, other_csrf);
    let id = desk
        .env
        .store
        .read(|c| {
            Ok(items::list(
                c,
                &items::ItemFilter {
                    limit: 1,
                    ..Default::default()
                },
            )?[0]
                .id)
        })
        .await
        .unwrap();
    let item_path = format!("/admin/items/{id}");
    let status_path = format!("/admin/items/{id}/status");
    let id_text = id.to_string();
    let forms: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (&status_path, vec![("status", "pruned")]),
        ("/admin/bulk", vec![("status", "pruned"), ("ids", &id_text)]),
        (&item_path, vec![("status", "pruned"), ("states", "BY")]),
        ("/admin/sources/freie-presse/poll", vec![]),
        ("/admin/logout", vec![]),
    ];
    for (path, fields) in &forms {
        for token in [None, Some("falsch"), Some(other_csrf.as_str()), Some("")] {
            let mut form = fields.clone();
            if let Some(t) = token {
                form.push(("csrf", t));
            }
            let resp = desk.post(path, &cookie, &form).await;
            assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{path} {token:?}");
            assert!(resp.text().await.unwrap().contains("Sicherheitstoken"));
        }
    }
    // Nothing happened: no audit entry, the session still works.
    let log = desk
        .env
        .store
        .read(|c| editorial::audit_log(c, None, None, 10))
        .await
        .unwrap();
    assert!(log.is_empty(), "{log:?}");
    assert_eq!(desk.get("/admin", &cookie).await.status(), 200);

    // With the right token the one-click prune works and is audited under the name.
    let resp = desk
        .post(
            &status_path,
            &cookie,
            &[("csrf", &csrf), ("status", "pruned"), ("back", "/admin")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    // Back to the queue, which confirms what was done and offers to undo it (no editor had
    // decided on relevance before: the undo gives it back to the classifier).
    assert_eq!(
        location(&resp),
        format!("/admin?erledigt=pruned&ids={id}&vorher=new&vorher_relevant=auto")
    );
    let log = desk
        .env
        .store
        .read(move |c| editorial::audit_log(c, Some(id), None, 10))
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].actor.as_str(), log[0].action.as_str()),
        ("anna", "prune")
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let desk = desk().await;
    let cookie = desk.login().await;
    let csrf = desk.csrf(&cookie).await;
    let resp = desk
        .post("/admin/logout", &cookie, &[("csrf", &csrf)])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/admin/login");
    assert!(set_cookie(resp.headers()).contains("Max-Age=0"));
    let after = desk.get("/admin", &cookie).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&after), "/admin/login?next=%2Fadmin");
}

#[tokio::test]
async fn no_page_without_a_session() {
    let desk = desk().await;
    let gets = [
        "/admin",
        "/admin?irrelevant=1",
        "/admin/items/1",
        "/admin/search?q=Fachkr%C3%A4fte",
        "/admin/sources",
        "/admin/audit",
    ];
    let posts = [
        "/admin/items/1",
        "/admin/items/1/status",
        "/admin/bulk",
        "/admin/sources/freie-presse/poll",
        "/admin/logout",
    ];
    for cookie in [None, Some("presseradar_session=abgelaufen")] {
        for path in gets {
            let mut req = desk.client.get(desk.server.url(path));
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::SEE_OTHER, "GET {path}");
            let expected = format!(
                "/admin/login?next={}",
                url::form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
            );
            assert_eq!(location(&resp), expected, "GET {path}");
            assert_eq!(resp.headers()["cache-control"], "no-store");
        }
        for path in posts {
            let mut req = desk
                .client
                .post(desk.server.url(path))
                .with_form(&[("status", "pruned")]);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::SEE_OTHER, "POST {path}");
            assert_eq!(location(&resp), "/admin/login?next=%2Fadmin", "POST {path}");
        }
    }
    let log = desk
        .env
        .store
        .read(|c| editorial::audit_log(c, None, None, 10))
        .await
        .unwrap();
    assert!(log.is_empty());
}

#[tokio::test]
async fn pages_show_queue_item_search_sources_and_audit() {
    let desk = desk().await;
    let cookie = desk.login().await;
    let queue = desk.get("/admin", &cookie).await.text().await.unwrap();
    let rows = queue.matches(r#"<article class="item""#).count();
    assert_eq!(rows, 5, "{queue}");
    assert!(queue.contains("Erzgebirge"));
    assert!(queue.contains(r#"data-action="prune""#));
    let csrf = csrf_of(&queue);

    let all = desk
        .env
        .store
        .read(|c| {
            items::list(
                c,
                &items::ItemFilter {
                    limit: 10,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap();
    let erz = all.iter().find(|i| i.title.contains("Erzgebirge")).unwrap();
    let page = desk
        .get(&format!("/admin/items/{}", erz.id), &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"name="states" value="SN" checked"#),
        "{page}"
    );
    // A state no stored item has yet, and a topic this item lacks: the edit adds them.
    let unused = presseradar::vocab::State::ALL
        .into_iter()
        .find(|s| all.iter().all(|i| !i.states.contains(s)))
        .unwrap();
    let new_topic = presseradar::vocab::TOPICS
        .into_iter()
        .find(|t| !erz.topics.iter().any(|x| x == t))
        .unwrap();
    assert!(page.contains(&format!(r#"name="states" value="{}">"#, unused.code())));
    assert_eq!(page.matches(r#"name="states""#).count(), 16);
    assert_eq!(page.matches(r#"name="topics""#).count(), 9);
    assert!(page.contains("Noch nicht bearbeitet."));

    // Save the form: add the state, replace the topics, add a note, pin it.
    let id = erz.id;
    let mut form: Vec<(&str, &str)> = erz.states.iter().map(|s| ("states", s.code())).collect();
    form.extend([
        ("csrf", csrf.as_str()),
        ("states", unused.code()),
        ("topics", new_topic),
        ("title_override", ""),
        ("note", "Für den Newsletter"),
        ("pinned", "1"),
        ("status", "new"),
    ]);
    let resp = desk
        .post(&format!("/admin/items/{id}"), &cookie, &form)
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let after = desk
        .env
        .store
        .read(move |c| items::get(c, id))
        .await
        .unwrap();
    let mut expected_states = erz.states.clone();
    expected_states.push(unused);
    expected_states.sort();
    assert_eq!(after.states, expected_states);
    assert_eq!(after.topics, vec![new_topic]);
    assert_eq!(after.note.as_deref(), Some("Für den Newsletter"));
    assert!(after.pinned);
    assert_eq!(after.status, Status::New);
    let log = desk
        .env
        .store
        .read(move |c| editorial::audit_log(c, Some(id), None, 10))
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    let mut changed: Vec<&String> = log[0].after.as_object().unwrap().keys().collect();
    changed.sort();
    assert_eq!(changed, vec!["note", "pinned", "states", "topics"]);
    let page = desk
        .get(&format!("/admin/items/{id}"), &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<td>anna hat die Meldung bearbeitet.</td>")
            && page.contains("<li>Notiz: – → „Für den Newsletter“</li>")
            && page.contains("<li>Angeheftet: nein → ja</li>"),
        "{page}"
    );

    // Bulk-approve two rows: they leave the queue.
    let others: Vec<String> = all
        .iter()
        .filter(|i| i.id != id)
        .take(2)
        .map(|i| i.id.to_string())
        .collect();
    let resp = desk
        .post(
            "/admin/bulk",
            &cookie,
            &[
                ("csrf", csrf.as_str()),
                ("status", "approved"),
                ("ids", &others[0]),
                ("ids", &others[1]),
                ("back", "/admin"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let queue = desk.get("/admin", &cookie).await.text().await.unwrap();
    assert_eq!(queue.matches(r#"<article class="item""#).count(), 3);

    // Search finds by text and by state.
    let found = desk
        .get("/admin/search?q=Erzgebirge", &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(found.matches(r#"<article class="item""#).count(), 1);
    let found = desk
        .get(&format!("/admin/search?state={}", unused.slug()), &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        found.matches(r#"<article class="item""#).count(),
        1,
        "{found}"
    );
    assert!(found.contains("Erzgebirge"));
    let bad = desk.get("/admin/search?state=Preussen", &cookie).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // Sources: health, and "poll now" shows the report line.
    let sources = desk
        .get("/admin/sources", &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(sources.contains("freie-presse") && sources.contains("Jetzt abrufen"));
    let polled = desk
        .post(
            "/admin/sources/freie-presse/poll",
            &cookie,
            &[("csrf", csrf.as_str())],
        )
        .await;
    // POST-redirect-GET: the outcome is on the page the redirect leads to, in words,
    // and reloading that page does not poll again.
    assert_eq!(polled.status(), StatusCode::SEE_OTHER);
    let to = location(&polled);
    assert!(
        to.starts_with("/admin/sources?abgerufen=freie-presse&ergebnis=ok&"),
        "{to}"
    );
    let polled = desk.get(&to, &cookie).await.text().await.unwrap();
    assert!(
        polled.contains("<strong>Ergebnis des Abrufs:</strong> „Freie Presse“ abgerufen: 0 neu, 0 aktualisiert, 2 unverändert"),
        "{polled}"
    );
    assert!(!polled.contains("<pre"), "{polled}");

    // The audit log lists all three changes, newest first.
    let audit = desk
        .get("/admin/audit", &cookie)
        .await
        .text()
        .await
        .unwrap();
    let approve = audit
        .find("<td>anna hat die Meldung freigegeben.</td>")
        .expect("the bulk approvals");
    let edit = audit
        .find("<td>anna hat die Meldung bearbeitet.</td>")
        .expect("the item form's edit");
    assert!(approve < edit, "{audit}");
    assert_eq!(audit.matches("<td>anna hat ").count(), 3);
    assert!(
        audit.contains("<li>Status: neu → freigegeben</li>"),
        "{audit}"
    );
    assert!(
        !audit.contains("approve") && !audit.contains('{'),
        "{audit}"
    );
}
