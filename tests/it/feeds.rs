//! Curated and faceted feeds as subscribers and embedding sites meet them: every format of
//! every configured feed parses; filters, approval, limit, pinned-first ordering; ETag,
//! 304, Last-Modified, CORS, compression with per-encoding ETags; 400 on bad facets;
//! WebSub; Python feedparser reads the exported files without complaint.

use std::io::Read;

use crate::common::outlets::{
    FREIE_PRESSE, MINISTRY, Outlet, Relevance, VOLKSSTIMME, serve_outlets, sources_toml,
};
use crate::common::{FixtureServer, TestEnv, TestServer, settings_block};
use presseradar::model::Status;
use presseradar::store::editorial::{self, Edit};
use reqwest::header;

const FEEDS: &str = r#"
[[feed]]
id = "ost"
title = "Ost"
states = ["ST", "SN", "TH", "BB", "MV"]

[[feed]]
id = "weiterbildung"
title = "Weiterbildung"
topics = ["weiterbildung"]

[[feed]]
id = "geprueft"
title = "Geprüft"
require_approval = true

[[feed]]
id = "kurz"
title = "Kurz"
limit = 2

[[feed]]
id = "zwickau"
title = "Zwickau"
query = "Zwickau"
"#;

/// Short ids, as the facet queries below name them.
const OUTLETS: [Outlet; 3] = [
    Outlet {
        id: "ms",
        name: "Ministerium",
        ..MINISTRY
    },
    Outlet {
        id: "vs",
        ..VOLKSSTIMME
    },
    Outlet {
        id: "fp",
        ..FREIE_PRESSE
    },
];

struct Setup {
    env: TestEnv,
    web: TestServer,
    outlets: FixtureServer,
}

async fn setup() -> Setup {
    let outlets = serve_outlets(&OUTLETS).await;
    let mut settings = settings_block("http://127.0.0.1:8080/");
    settings += &format!("websub_hub = \"{}\"\n", outlets.url("/hub"));
    let toml = sources_toml(&settings, &outlets, &OUTLETS, Relevance::Classified, FEEDS);
    let env = TestEnv::new(&toml);
    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    let web = env.serve().await;
    Setup { env, web, outlets }
}

async fn titles(s: &Setup, path: &str) -> Vec<String> {
    let body = reqwest::get(s.web.url(path))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let feed = feed_rs::parser::parse(body.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"));
    feed.entries
        .into_iter()
        .map(|e| e.title.unwrap().content)
        .collect()
}

async fn edit(s: &Setup, title_start: &str, edit: Edit) {
    let start = title_start.to_string();
    let id = s
        .env
        .store
        .read(move |c| {
            presseradar::store::items::list(
                c,
                &presseradar::store::items::ItemFilter {
                    limit: 100,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.title.starts_with(&start))
        .unwrap()
        .id;
    s.env
        .store
        .write(move |c| editorial::apply(c, id, "test", &edit, chrono::Utc::now()))
        .await
        .unwrap();
    // Feed caches notice database changes within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
}

#[tokio::test]
async fn every_format_of_every_feed_parses_and_filters_hold() {
    let s = setup().await;
    let config = s.env.config.clone();
    for feed in &config.feeds {
        for ext in ["rss", "atom", "json"] {
            let t = titles(&s, &format!("/feeds/{}.{ext}", feed.id)).await;
            assert!(t.len() <= feed.limit as usize);
        }
    }
    assert_eq!(titles(&s, "/feeds/ost.json").await.len(), 5);
    assert_eq!(titles(&s, "/feeds/kurz.rss").await.len(), 2);
    assert_eq!(
        titles(&s, "/feeds/zwickau.atom").await,
        vec!["Rückkehrer-Initiative: Zwickau wirbt um Pendler aus Bayern"]
    );
    let wb = titles(&s, "/feeds/weiterbildung.json").await;
    assert!(
        wb.contains(&"Weiterbildungsagenturen: 1.200 Beschäftigte beraten".to_string()),
        "{wb:?}"
    );
    assert!(!wb.iter().any(|t| t.contains("Erzgebirge")), "{wb:?}");
    // Newest first.
    let ost = titles(&s, "/feeds/ost.rss").await;
    assert_eq!(
        ost[0],
        "Welcome-Center in Magdeburg: Pflegekräfte aus Vietnam starten in der Börde"
    );
    // Nothing approved yet.
    assert!(titles(&s, "/feeds/geprueft.json").await.is_empty());

    edit(
        &s,
        "Große Nachfrage",
        Edit {
            status: Some(Status::Approved),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        titles(&s, "/feeds/geprueft.json").await,
        vec!["Große Nachfrage nach Ausbildungsplätzen im Erzgebirge"]
    );
    // Pinned first, whatever its date.
    edit(
        &s,
        "Weiterbildungsagenturen",
        Edit {
            pinned: Some(true),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        titles(&s, "/feeds/ost.atom").await[0],
        "Weiterbildungsagenturen: 1.200 Beschäftigte beraten"
    );
    // Pruned never.
    edit(
        &s,
        "Welcome-Center",
        Edit {
            status: Some(Status::Pruned),
            ..Default::default()
        },
    )
    .await;
    assert!(
        !titles(&s, "/feeds/ost.json")
            .await
            .iter()
            .any(|t| t.starts_with("Welcome-Center"))
    );
}

#[tokio::test]
async fn faceted_feeds_and_bad_facets() {
    let s = setup().await;
    assert_eq!(titles(&s, "/feed.json?state=sachsen").await.len(), 3);
    assert_eq!(
        titles(&s, "/feed.rss?state=SN&topic=rueckkehr-pendler")
            .await
            .len(),
        1
    );
    assert_eq!(titles(&s, "/feed.atom?source=vs").await.len(), 1);
    assert_eq!(titles(&s, "/feed.atom?limit=1").await.len(), 1);
    assert_eq!(
        titles(&s, "/feed.json?q=Weiterbildungsagenturen")
            .await
            .len(),
        1
    );
    for (query, needle) in [
        ("state=Preussen", "valid values"),
        ("topic=sport", "kooperation"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("colour=red", "unknown parameter"),
    ] {
        let resp = reqwest::get(s.web.url(&format!("/feed.rss?{query}")))
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{query}");
        let body = resp.text().await.unwrap();
        assert!(body.contains(needle), "{query}: {body}");
    }
    assert_eq!(
        reqwest::get(s.web.url("/feeds/gibtsnicht.rss"))
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn caching_headers_304_cors_and_compression() {
    let s = setup().await;
    // A client without automatic decompression sees exactly what is sent.
    let client = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .build()
        .unwrap();
    let url = s.web.url("/feeds/ost.atom");
    let plain = client.get(&url).send().await.unwrap();
    assert_eq!(plain.status(), 200);
    let h = plain.headers().clone();
    let etag = h[header::ETAG].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(h[header::CACHE_CONTROL], "public, max-age=300");
    assert!(h.get(header::CONTENT_ENCODING).is_none());
    let last_modified = h[header::LAST_MODIFIED].to_str().unwrap().to_string();
    let body = plain.bytes().await.unwrap();

    let r = client
        .get(&url)
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(r.headers()[header::ETAG].to_str().unwrap(), etag);
    let r = client
        .get(&url)
        .header(header::IF_MODIFIED_SINCE, &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let r = client
        .get(&url)
        .header(header::IF_NONE_MATCH, "\"anders\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // gzip and brotli: the same document, each with its own strong ETag.
    let gz = client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
    let gz_etag = gz.headers()[header::ETAG].to_str().unwrap().to_string();
    assert_ne!(gz_etag, etag);
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(gz.bytes().await.unwrap().as_ref())
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, body);
    let br = client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    let br_etag = br.headers()[header::ETAG].to_str().unwrap().to_string();
    assert_ne!(br_etag, gz_etag);
    let r = client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "br")
        .header(header::IF_NONE_MATCH, &br_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let r = client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip;q=0, identity")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get(header::CONTENT_ENCODING).is_none());

    // A change in the database (another process, say) gives a new ETag.
    edit(
        &s,
        "Große Nachfrage",
        Edit {
            title_override: Some(Some("Mehr Bewerbungen im Erzgebirge".into())),
            ..Default::default()
        },
    )
    .await;
    let r = client
        .get(&url)
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Mehr Bewerbungen im Erzgebirge")
    );
}

#[tokio::test]
async fn websub_hub_is_announced_and_pinged() {
    let s = setup().await;
    let atom = reqwest::get(s.web.url("/feeds/ost.atom"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        atom.contains(&format!("href=\"{}\" rel=\"hub\"", s.outlets.url("/hub"))),
        "{atom}"
    );
    let rss = reqwest::get(s.web.url("/feeds/ost.rss"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(rss.contains("rel=\"hub\""), "{rss}");
    // Each source's first job stored new items: one ping each (naming every feed URL).
    let pings = s.outlets.seen().iter().filter(|r| r.path == "/hub").count();
    assert_eq!(pings, 3);
    // A poll that changes nothing does not ping.
    presseradar::app::poll(&s.env.pipeline(), &[])
        .await
        .unwrap();
    assert_eq!(
        s.outlets.seen().iter().filter(|r| r.path == "/hub").count(),
        3
    );
}

/// Python feedparser (installed by .ci/install-deps) reads every exported feed with bozo = 0.
#[tokio::test]
async fn feedparser_reads_exported_feeds_without_complaint() {
    let s = setup().await;
    let out = s.env.dir.path().join("export");
    presseradar::app::export(s.env.config.clone(), s.env.store.clone(), &out)
        .await
        .unwrap();
    let script = r#"
import sys, feedparser
bad = []
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    if d.bozo or not d.feed.get("title"):
        bad.append(f"{path}: bozo={d.bozo} {d.get('bozo_exception')}")
    print(path, d.version, len(d.entries))
if bad:
    print("\n".join(bad)); sys.exit(1)
"#;
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("rss" | "atom")))
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(files.len(), 10);
    let python = std::env::var("PRESSERADAR_PYTHON").unwrap_or_else(|_| "python3".into());
    let result = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .expect("python3 is required");
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        !stderr.contains("No module named 'feedparser'"),
        "Python feedparser is missing: run .ci/install-deps (pip install feedparser)"
    );
    assert!(result.status.success(), "{stdout}{stderr}");
}
