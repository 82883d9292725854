//! `presseradar discover` on sites served from loopback: a page that announces its feed,
//! a WordPress-like site whose feed sits at `/feed/` unannounced, and a site without any.
//! The printed block passes `check` and `poll` then reads the same items.

use std::process::Command;

use crate::common::{Doc, FixtureServer, fixture};

pub(crate) fn discover(url: &str, dir: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_presseradar"))
        .args(["--sources", "none.toml", "discover", url])
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

pub(crate) fn presseradar(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_presseradar"))
        .args(["--sources", "sources.toml", "--db", "p.db"])
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// The printed block pasted into a sources.toml: `check` must accept it; returns how many
/// items `poll` then took (new or irrelevant).
pub(crate) fn checked_and_polled(dir: &std::path::Path, block: &str) -> u32 {
    let toml = format!(
        "[settings]\nhost_interval_secs = 0\n\n{block}\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n"
    );
    std::fs::write(dir.join("sources.toml"), toml).unwrap();
    let (code, checked) = presseradar(dir, &["check"]);
    assert_eq!(code, Some(0), "{checked}");
    let (code, polled) = presseradar(dir, &["poll"]);
    assert_eq!(code, Some(0), "{polled}");
    let row: Vec<&str> = polled
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let count = |column: usize| {
        row.get(column)
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    };
    count(1) + count(5)
}

const PRESS_PAGE: &str = r#"<!DOCTYPE html><html lang="de"><head><title>Pressemitteilungen – Ministerium</title>
<link rel="alternate" type="application/rss+xml" title="Pressemitteilungen" href="/presse/rss.xml">
<link rel="stylesheet" href="/s.css"></head><body><h1>Pressemitteilungen</h1></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announced_feed_becomes_a_source_that_check_accepts_and_poll_reads() {
    let site = FixtureServer::start(vec![
        (
            "/presse/",
            Doc::new(PRESS_PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
        ),
        (
            "/presse/rss.xml",
            Doc::new(
                fixture("feeds/ms-sachsen-anhalt.rss"),
                "application/rss+xml",
            ),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/presse/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("announced by the page"), "{out}");
    assert!(
        out.contains(&format!("url = \"{}\"", site.url("/presse/rss.xml"))),
        "{out}"
    );
    // The first items are listed as comments under the block.
    assert!(
        out.lines().filter(|l| l.starts_with("#   ")).count() >= 3,
        "{out}"
    );

    assert_eq!(
        checked_and_polled(dir.path(), &out),
        3,
        "the feed's three items"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unannounced_feed_at_the_usual_path_is_found() {
    let site = FixtureServer::start(vec![
        (
            "/aktuelles/",
            Doc::new(
                b"<html><head><title>Initiative</title></head><body>Neuigkeiten</body></html>"
                    .to_vec(),
                "text/html",
            ),
        ),
        (
            "/feed/",
            Doc::new(
                fixture("feeds/ms-sachsen-anhalt.rss"),
                "application/rss+xml",
            ),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/aktuelles/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("at the usual path /feed/"), "{out}");
    assert!(out.contains("[[source]]"), "{out}");
}

const LIST_PAGE: &str = r#"<!DOCTYPE html><html lang="de"><head><title>Pressemitteilungen – Landesamt</title></head>
<body><nav><a href="/">Startseite</a> <a href="/presse/">Presse</a> <a href="/kontakt/">Kontakt</a></nav>
<main><h1>Pressemitteilungen</h1>
<div class="eintrag"><span>03.12.2026</span><h2><a href="/presse/pm-101.html">Landesamt startet Beratung für Fachkräfte aus dem Ausland</a></h2><p>Die neue Beratung hilft bei Anerkennung und Visum.</p></div>
<div class="eintrag"><span>01.12.2026</span><h2><a href="/presse/pm-100.html">Weiterbildungsbonus für Beschäftigte verlängert</a></h2><p>Betriebe können weiter Zuschüsse beantragen.</p></div>
<div class="eintrag"><span>28.11.2026</span><h2><a href="/presse/pm-099.html">Neue Öffnungszeiten der Servicestelle</a></h2><p>Ab Januar auch am Samstag geöffnet.</p></div>
</main><footer><a href="/impressum/">Impressum</a> <a href="/datenschutz/">Datenschutz</a></footer></body></html>"#;

fn article(title: &str) -> Doc {
    Doc::new(
        format!("<html><body><main><article><h1>{title}</h1><p>{title}. Das Landesamt teilt mit, dass Fachkräfte und Betriebe ab sofort beraten werden.</p></article></main></body></html>").into_bytes(),
        "text/html; charset=utf-8",
    )
}

/// A site without a feed whose press page holds a list: the page itself becomes a
/// `kind = "html"` source with the selectors that read what the automatic reading found,
/// which `check` accepts and `poll` reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_page_without_a_feed_becomes_an_html_source_read_without_selectors() {
    let site = FixtureServer::start(vec![
        (
            "/presse/",
            Doc::new(LIST_PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
        ),
        (
            "/presse/pm-101.html",
            article("Landesamt startet Beratung für Fachkräfte aus dem Ausland"),
        ),
        (
            "/presse/pm-100.html",
            article("Weiterbildungsbonus für Beschäftigte verlängert"),
        ),
        (
            "/presse/pm-099.html",
            article("Neue Öffnungszeiten der Servicestelle"),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/presse/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("kind = \"html\""), "{out}");
    // What it read is pinned as selectors, which `poll` below then reads with.
    assert!(
        out.contains("[source.scrape]\nitem = \"div.eintrag\"\n"),
        "{out}"
    );
    assert!(
        out.contains("03.12.2026  Landesamt startet Beratung"),
        "{out}"
    );
    assert!(!out.contains("Impressum"), "{out}");
    assert_eq!(
        checked_and_polled(dir.path(), &out),
        3,
        "the page's three items"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_without_a_feed_says_so_and_exits_1() {
    let site = FixtureServer::start(vec![(
        "/presse/",
        Doc::new(b"<html><body>Nur HTML</body></html>".to_vec(), "text/html"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/presse/"), dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("No feed found for"), "{out}");
    assert!(!out.contains("[[source]]"), "{out}");
}
