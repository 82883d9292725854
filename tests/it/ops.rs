//! The operations endpoints as a monitor sees them: `/healthz` says `degraded` (still 200)
//! when more than half of the enabled sources fail, and `ok` again when they recover.

use crate::common::{Doc, FixtureServer, TestEnv, TestServer, fixture, settings_block};

fn source(id: &str, url: &str) -> String {
    format!(
        "\n[[source]]\nid = \"{id}\"\nname = \"Quelle {id}\"\nkind = \"feed\"\nurl = \"{url}\"\nstate = \"ST\"\nrobots = false\n"
    )
}

async fn health(server: &TestServer) -> (u16, serde_json::Value) {
    let resp = reqwest::get(server.url("/healthz")).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn healthz_is_degraded_while_most_sources_fail() {
    let outlets = FixtureServer::start(vec![(
        "/gut.rss",
        Doc::new(
            fixture("feeds/ms-sachsen-anhalt.rss"),
            "application/rss+xml",
        ),
    )])
    .await;
    let mut toml = settings_block("http://127.0.0.1:8080/");
    toml.push_str(&source("gut", &outlets.url("/gut.rss")));
    // Two sources whose pages are gone: two of three fail.
    toml.push_str(&source("weg-1", &outlets.url("/weg-1.rss")));
    toml.push_str(&source("weg-2", &outlets.url("/weg-2.rss")));
    toml.push_str("\n[[source]]\nid = \"aus\"\nname = \"Aus\"\nkind = \"feed\"\nurl = \"http://127.0.0.1:9/x\"\nenabled = false\n");
    let env = TestEnv::new(&toml);
    let server = env.serve().await;

    let (status, body) = health(&server).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("ok")),
        "{body}"
    );
    assert_eq!(
        body["sources"], 3,
        "disabled sources are not counted: {body}"
    );

    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    let (status, body) = health(&server).await;
    assert_eq!(status, 200, "degraded is not down: {body}");
    assert_eq!(body["status"], "degraded", "{body}");
    assert_eq!(body["failing_sources"], 2, "{body}");

    // One of the two comes back: one of three failing is no longer most of them.
    outlets.set(
        "/weg-1.rss",
        Doc::new(
            fixture("feeds/ms-sachsen-anhalt.rss"),
            "application/rss+xml",
        ),
    );
    presseradar::app::poll(&env.pipeline(), &["weg-1".to_string()])
        .await
        .unwrap();
    let (_, body) = health(&server).await;
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["failing_sources"], 1, "{body}");
}
