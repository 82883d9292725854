//! The desk and the public site for people: every unknown route answers a German page
//! with status 404 and a way back (the API keeps JSON), and the login form names the
//! product and refuses a post without its own CSRF token.

use reqwest::StatusCode;

use crate::common::desk::{EditorDesk, FEED_ALLE, login_form_token, no_redirect_client};
use crate::common::outlets::{FREIE_PRESSE, MINISTRY};

/// Log in as anna with the form's token; returns the Cookie header for the session.
async fn session(desk: &EditorDesk, client: &reqwest::Client) -> String {
    let (login_cookie, token) = login_form_token(client, &desk.server).await;
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", token.as_str()),
            ("name", "anna"),
            ("password", &desk.editor.password),
            ("next", "/admin"),
        ])
        .finish();
    let resp = client
        .post(desk.server.url("/admin/login"))
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
        .find(|c| c.starts_with("presseradar_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

#[tokio::test]
async fn every_unknown_route_answers_a_german_page_with_404() {
    let desk = EditorDesk::open(
        &[MINISTRY, FREIE_PRESSE],
        "http://127.0.0.1:8080",
        FEED_ALLE,
    )
    .await;
    let client = no_redirect_client();
    let cookie = session(&desk, &client).await;
    let desk_paths = [
        "/admin/",
        "/admin/gibt-es-nicht",
        "/admin/items/99999",
        "/admin/items/keine-zahl",
        "/admin/sources/x/y",
    ];
    let public_paths = ["/feeds/", "/gibt-es-nicht", "/embed/", "/feeds/a/b.rss"];
    for (paths, way_back) in [
        (&desk_paths[..], r#"<a href="/admin">Zur Warteschlange</a>"#),
        (
            &public_paths[..],
            r#"<a href="/">Zur Startseite mit allen Feeds</a>"#,
        ),
    ] {
        for path in paths {
            let resp = client
                .get(desk.server.url(path))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(
                resp.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{path}"
            );
            let page = resp.text().await.unwrap();
            assert!(page.contains(r#"<html lang="de">"#), "{path}: {page}");
            assert!(
                page.to_lowercase().contains("nicht gefunden"),
                "{path}: {page}"
            );
            assert!(page.contains(way_back), "{path}: {page}");
            assert!(!page.contains("not found"), "{path}: {page}");
        }
    }
    // A desk 404 without a session is the same page (it reveals nothing).
    let resp = client.get(desk.server.url("/admin/")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    // The API stays JSON.
    let resp = client
        .get(desk.server.url("/api/gibt-es-nicht"))
        .bearer_auth(&desk.editor.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body["error"].is_string(), "{body}");
}

#[tokio::test]
async fn the_login_form_names_the_product_and_wants_its_own_token() {
    let desk = EditorDesk::open(&[FREIE_PRESSE], "http://127.0.0.1:8080", "").await;
    let client = no_redirect_client();
    let page = client
        .get(desk.server.url("/admin/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<h1>presseradar · Redaktionsdesk</h1>"),
        "{page}"
    );
    assert!(page.contains(r#"name="csrf" value=""#), "{page}");

    let post = |fields: Vec<(&'static str, String)>, cookie: Option<String>| {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut req = client
            .post(desk.server.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    let password = desk.editor.password.clone();
    let right = |token: &str| {
        vec![
            ("csrf", token.to_string()),
            ("name", "anna".to_string()),
            ("password", password.clone()),
        ]
    };
    // No token, no cookie: refused even with the right password, and no session.
    let (cookie, token) = login_form_token(&client, &desk.server).await;
    let (other_cookie, _) = login_form_token(&client, &desk.server).await;
    for (fields, cookie) in [
        (right(""), None),
        (right(&token), None),
        (right(&token), Some(other_cookie)),
        (right("falsch"), Some(cookie.clone())),
    ] {
        let resp = post(fields, cookie).await.unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        assert!(resp.headers().get("set-cookie").is_none());
        let page = resp.text().await.unwrap();
        assert!(page.contains("Anmeldeformular ist abgelaufen"), "{page}");
    }
    let resp = post(right(&token), Some(cookie)).await.unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn feeds_carry_a_stylesheet_for_browsers_and_readers_get_the_same_bytes() {
    let desk = EditorDesk::open(&[MINISTRY], "http://127.0.0.1:8080", FEED_ALLE).await;
    let client = no_redirect_client();
    let xsl = client
        .get(desk.server.url("/feed.xsl"))
        .send()
        .await
        .unwrap();
    assert_eq!(xsl.status(), 200);
    assert_eq!(xsl.headers()["content-type"], "text/xsl; charset=utf-8");
    assert!(
        xsl.text()
            .await
            .unwrap()
            .contains("So abonnieren Sie diesen Feed")
    );
    for (ext, own_type) in [
        ("rss", "application/rss+xml"),
        ("atom", "application/atom+xml"),
    ] {
        let get = |accept: &'static str| {
            client
                .get(desk.server.url(&format!("/feeds/alle.{ext}")))
                .header("accept", accept)
                .header("accept-encoding", "identity")
                .send()
        };
        let reader = get("application/rss+xml, application/atom+xml, */*;q=0.5")
            .await
            .unwrap();
        assert!(
            reader.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(own_type)
        );
        assert!(
            reader.headers()["vary"]
                .to_str()
                .unwrap()
                .contains("Accept")
        );
        let reader = reader.bytes().await.unwrap();
        let browser = get("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .await
            .unwrap();
        assert_eq!(
            browser.headers()["content-type"],
            "application/xml; charset=utf-8"
        );
        assert_eq!(
            browser.bytes().await.unwrap(),
            reader,
            "{ext}: the same feed"
        );
        let text = String::from_utf8(reader.to_vec()).unwrap();
        let second_line = text.lines().nth(1).unwrap_or("");
        assert!(
            second_line.starts_with(r#"<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>"#),
            "{ext}: {text}"
        );
    }
    // JSON Feed has no stylesheet and keeps its type.
    let json = client
        .get(desk.server.url("/feeds/alle.json"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(
        json.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/feed+json")
    );
}

/// The sources page says what each source's last job skipped and why (in German), and how
/// much of what a source published editors later pruned.
#[tokio::test]
async fn the_sources_page_shows_skipped_entries_and_the_pruned_share() {
    use crate::common::outlets::Outlet;
    const KREISBLATT: Outlet = Outlet {
        path: "/kreisblatt.rss",
        fixture: "malformed/broken-links.rss",
        content_type: "application/rss+xml",
        id: "kreisblatt",
        name: "Kreisblatt",
        state: "ST",
        official: false,
    };
    let desk = EditorDesk::open(&[KREISBLATT, MINISTRY], "http://127.0.0.1:8080", FEED_ALLE).await;
    let first = desk
        .env
        .store
        .read(|c| {
            presseradar::store::items::list(
                c,
                &presseradar::store::items::ItemFilter {
                    sources: vec!["ms-sachsen-anhalt".into()],
                    limit: 1,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap()
        .remove(0);
    let prune = presseradar::store::editorial::Edit {
        status: Some(presseradar::model::Status::Pruned),
        ..Default::default()
    };
    desk.env
        .store
        .write(move |c| {
            presseradar::store::editorial::apply(c, first.id, "anna", &prune, chrono::Utc::now())
        })
        .await
        .unwrap();

    let client = no_redirect_client();
    let cookie = session(&desk, &client).await;
    let page = client
        .get(desk.server.url("/admin/sources"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = |id: &str| {
        let start = page
            .find(&format!("id=\"source-{id}\""))
            .unwrap_or_else(|| panic!("{page}"));
        let end = start + page[start..].find("</tr>").unwrap();
        page[start..end].to_string()
    };
    let kreisblatt = row("kreisblatt");
    assert!(kreisblatt.contains("14 übersprungen"), "{kreisblatt}");
    assert!(
        kreisblatt.contains("Eintrag 15 (&#34;Meldung 15 aus dem Landkreis&#34;): Link"),
        "{kreisblatt}"
    );
    assert!(
        kreisblatt.contains("ist keine gültige Adresse"),
        "{kreisblatt}"
    );
    assert!(kreisblatt.contains("… und weitere"), "{kreisblatt}");
    let ministry = row("ms-sachsen-anhalt");
    assert!(ministry.contains("1 von 3 (33 %)"), "{ministry}");
    assert!(kreisblatt.contains("0 von 15 (0 %)"), "{kreisblatt}");
}
