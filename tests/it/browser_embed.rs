//! Embedding in a real browser: headless Chromium loads a host page from another origin
//! that embeds a feed through `/embed.js` and through an iframe of `/embed/{id}`; the
//! items must render as text, hostile titles must stay text, and no script may fail.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`, done by `.ci/install-deps`);
//! without it this test fails and says so. `PRESSERADAR_CHROMIUM` names another binary.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::common::{Doc, FixtureServer, TestEnv, TestServer, fixture, settings_block};
use scraper::{Html, Selector};

const HOSTILE_TITLE: &str = "IT-Weiterbildung in Erfurt: Warum <script>alert(1)</script> und \"onmouseover= in kein Formular gehören";
/// Generous for a loaded CI machine; a normal run takes one to three seconds.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

fn chromium() -> PathBuf {
    let candidates = std::env::var_os("PRESSERADAR_CHROMIUM")
        .map(|p| vec![PathBuf::from(p)])
        .unwrap_or_else(|| {
            ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .map(PathBuf::from)
                .collect()
        });
    let path = std::env::var_os("PATH").unwrap_or_default();
    for candidate in &candidates {
        if candidate.is_absolute() && candidate.is_file() {
            return candidate.clone();
        }
        for dir in std::env::split_paths(&path) {
            let full = dir.join(candidate);
            if full.is_file() {
                return full;
            }
        }
    }
    panic!(
        "headless Chromium not found (looked for {candidates:?} on PATH); \
         install it with `apt-get install -y chromium` (as .ci/install-deps does) \
         or set PRESSERADAR_CHROMIUM to the browser binary"
    );
}

/// What Chromium printed: the DOM after scripts ran, and its log.
struct Dump {
    dom: String,
    log: String,
}

/// Load `url` in a fresh headless Chromium profile and dump the DOM, bounded in time;
/// the browser is killed if it overruns or the test fails.
async fn dump_dom(url: &str) -> Dump {
    let profile = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("starting Chromium for {url}: {e}"));
    let output = tokio::time::timeout(BROWSER_TIMEOUT, child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("Chromium did not finish {url} within {BROWSER_TIMEOUT:?}"))
        .unwrap_or_else(|e| panic!("waiting for Chromium on {url}: {e}"));
    let dump = Dump {
        dom: String::from_utf8_lossy(&output.stdout).into_owned(),
        log: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        output.status.success(),
        "Chromium failed on {url}: {}\n{}",
        output.status,
        dump.log
    );
    dump
}

/// Console messages Chromium logged for pages of the given origins.
fn console_lines<'a>(log: &'a str, origins: &[String]) -> Vec<&'a str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .filter(|l| l.contains("Uncaught") || origins.iter().any(|o| l.contains(o.as_str())))
        .collect()
}

fn texts(dom: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    dom.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

async fn presseradar_with_items() -> (FixtureServer, TestEnv, TestServer) {
    let outlets = FixtureServer::start(vec![
        (
            "/presse/rss.xml",
            Doc::new(
                fixture("feeds/ms-sachsen-anhalt.rss"),
                "application/rss+xml",
            ),
        ),
        (
            "/wirtschaft/rss.xml",
            Doc::new(
                fixture("embed/thueringen-digital.rss"),
                "application/rss+xml; charset=utf-8",
            ),
        ),
    ])
    .await;
    let toml = format!(
        r#"{settings}
[[source]]
id = "ms-sachsen-anhalt"
name = "Ministerium für Arbeit, Soziales, Gesundheit und Gleichstellung Sachsen-Anhalt"
kind = "feed"
url = "{ms}"
state = "ST"
authority = "official"
relevance = "all"

[[source]]
id = "thueringen-digital"
name = "Thüringen digital"
kind = "feed"
url = "{td}"
state = "TH"
relevance = "all"

[[feed]]
id = "ost"
title = "Fachkräftesicherung in Ostdeutschland"
states = ["ST", "SN", "TH", "BB", "MV"]
"#,
        settings = settings_block("http://127.0.0.1:8080"),
        ms = outlets.url("/presse/rss.xml"),
        td = outlets.url("/wirtschaft/rss.xml"),
    );
    let env = TestEnv::new(&toml);
    for r in presseradar::app::poll(&env.pipeline(), &[]).await.unwrap() {
        assert!(r.error.is_none(), "{r}");
    }
    let server = env.serve().await;
    (outlets, env, server)
}

fn host_page(presseradar: &TestServer) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Fachkräfteportal – Aktuelles</title></head>
<body>
<h1>Aktuelles aus den Ländern</h1>
<div id="per-skript" data-presseradar-feed="ost" data-limit="4" style="--pr-link: #005a9c"></div>
<script src="{script}" async></script>
<h2>Als iframe</h2>
<iframe id="per-iframe" src="{iframe}" title="Fachkräftesicherung in Ostdeutschland" width="100%" height="420" style="border:0"></iframe>
</body>
</html>
"#,
        script = presseradar.url("/embed.js"),
        iframe = presseradar.url("/embed/ost?limit=4"),
    )
}

/// A page whose own script fails, and a feed that does not exist: proves the log check
/// sees errors at all, and that a failed fetch leaves a short message, not a blank.
fn control_page(presseradar: &TestServer) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Kontrollseite</title></head>
<body>
<div id="fehlt" data-presseradar-feed="gibt-es-nicht"></div>
<script src="{script}"></script>
<script>gibtEsNicht();</script>
</body>
</html>
"#,
        script = presseradar.url("/embed.js"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embed_script_and_iframe_render_in_chromium() {
    let (_outlets, _env, presseradar) = presseradar_with_items().await;
    let expected: Vec<String> = {
        let json: serde_json::Value = reqwest::get(presseradar.url("/feeds/ost.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .take(4)
            .map(|i| i["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        expected.contains(&HOSTILE_TITLE.to_string()),
        "{expected:?}"
    );

    // The host site: another origin (its own port) on loopback.
    let host = FixtureServer::start(vec![
        (
            "/aktuelles.html",
            Doc::new(
                host_page(&presseradar).into_bytes(),
                "text/html; charset=utf-8",
            ),
        ),
        (
            "/kontrolle.html",
            Doc::new(
                control_page(&presseradar).into_bytes(),
                "text/html; charset=utf-8",
            ),
        ),
    ])
    .await;
    let origins = [
        format!("http://{}", presseradar.addr),
        format!("http://{}", host.addr),
    ];

    // 1. The host page: the script renders the feed into the div.
    let page = dump_dom(&host.url("/aktuelles.html")).await;
    let dom = Html::parse_document(&page.dom);
    assert_eq!(
        texts(&dom, "#per-skript li > a"),
        expected,
        "{}\n{}",
        page.dom,
        page.log
    );
    let div = dom
        .select(&Selector::parse("#per-skript").unwrap())
        .next()
        .unwrap();
    assert_eq!(div.value().attr("data-presseradar-state"), Some("done"));
    // The hostile title is text: escaped in the serialized DOM, no element injected.
    assert!(
        page.dom
            .contains("Warum &lt;script&gt;alert(1)&lt;/script&gt; und \"onmouseover= in"),
        "{}",
        page.dom
    );
    let scripts: Vec<String> = dom
        .select(&Selector::parse("script").unwrap())
        .map(|s| s.value().attr("src").unwrap_or("inline").to_string())
        .collect();
    assert_eq!(scripts, vec![presseradar.url("/embed.js")]);
    assert_eq!(
        dom.select(&Selector::parse("#per-skript [onmouseover]").unwrap())
            .count(),
        0
    );
    for a in dom.select(&Selector::parse("#per-skript a").unwrap()) {
        let href = a.value().attr("href").unwrap();
        assert!(href.starts_with("https://"), "{href}");
        assert_eq!(a.value().attr("rel"), Some("noopener"));
    }
    let metas = texts(&dom, "#per-skript .presseradar-meta");
    assert!(
        metas
            .iter()
            .any(|m| m.starts_with("07.12.2025 · Ministerium")),
        "{metas:?}"
    );
    // The iframe points at the embed page.
    let iframe = dom
        .select(&Selector::parse("iframe#per-iframe").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        iframe.value().attr("src"),
        Some(presseradar.url("/embed/ost?limit=4").as_str())
    );
    let errors = console_lines(&page.log, &origins);
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // 2. The iframe's document, loaded directly (dump-dom leaves frames out).
    let framed = dump_dom(&presseradar.url("/embed/ost?limit=4")).await;
    let framed_dom = Html::parse_document(&framed.dom);
    assert_eq!(
        texts(&framed_dom, "li.pr-item > a"),
        expected,
        "{}",
        framed.dom
    );
    assert!(framed.dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        framed_dom
            .select(&Selector::parse("script").unwrap())
            .count(),
        0
    );
    let errors = console_lines(&framed.log, &origins);
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // 3. The control page: a broken host script is noticed, a missing feed says so.
    let control = dump_dom(&host.url("/kontrolle.html")).await;
    let control_dom = Html::parse_document(&control.dom);
    assert_eq!(
        texts(&control_dom, "#fehlt .presseradar-message"),
        vec!["Meldungen konnten nicht geladen werden."],
        "{}\n{}",
        control.dom,
        control.log
    );
    let seen = console_lines(&control.log, &origins);
    assert!(
        seen.iter().any(|l| l.contains("gibtEsNicht")),
        "the log check must see a failing script: {}",
        control.log
    );
}
