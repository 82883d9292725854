//! `kind = "sitemap"` sources: a sitemap index on loopback pointing to a Google News
//! sitemap; `check` accepts the source, `poll` reads the newest releases with their
//! titles and dates and completes them from the article pages, and `try` says so.

use crate::common::{Doc, FixtureServer, TestEnv, fixture, settings_block};

fn article(title: &str, date_line: &str, body: &str) -> Doc {
    Doc::new(
        format!(
            "<html><head><title>{title} | Ministerium</title></head><body><nav><a href=\"/\">Start</a></nav>\
             <main><article><h1>{title}</h1><p>{date_line}</p><p>{body}</p>\
             </article></main></body></html>"
        )
        .into_bytes(),
        "text/html; charset=utf-8",
    )
}

async fn site() -> FixtureServer {
    FixtureServer::start(vec![
        (
            "/sitemap.xml",
            Doc::new(fixture("sitemap/sitemap-index.xml"), "application/xml"),
        ),
        (
            "/sitemaps/news-sitemap.xml",
            Doc::new(fixture("sitemap/news-sitemap.xml"), "application/xml"),
        ),
        (
            "/presse/2025/anerkennungsstelle-erweitert-sprechzeiten",
            article(
                "Anerkennungsstelle erweitert Sprechzeiten für Pflegekräfte & Ärztinnen",
                "09.12.2025",
                "Die Anerkennungsstelle berät Pflegekräfte und Ärztinnen aus dem Ausland künftig auch an zwei Abenden pro Woche; die Anerkennung ausländischer Abschlüsse soll so schneller gehen.",
            ),
        ),
        (
            "/presse/2025/fachkraeftebuendnis-tagt-in-der-staatskanzlei",
            article(
                "Fachkräftebündnis tagt in der Staatskanzlei",
                "08.12.2025",
                "Kammern, Gewerkschaften und Landesregierung beraten über Wohnraum für Auszubildende und über längere Öffnungszeiten der Kitas.",
            ),
        ),
        (
            "/presse/2025/ausbildungsmesse-mit-rekordbeteiligung",
            article(
                "Ausbildungsmesse mit Rekordbeteiligung",
                "05.12.2025",
                "Über 140 Betriebe stellten sich in der Messehalle vor, so viele wie nie; Schülerinnen und Schüler konnten Berufe direkt an Werkbänken ausprobieren.",
            ),
        ),
    ])
    .await
}

const FIRST_TITLE: &str = "Anerkennungsstelle erweitert Sprechzeiten für Pflegekräfte & Ärztinnen";
const SECOND_TITLE: &str = "Fachkräftebündnis tagt in der Staatskanzlei";

/// `try` of one source, and the titles it read in order.
async fn try_titles(env: &TestEnv, id: &str) -> (presseradar::app::DryRun, Vec<String>) {
    let run = presseradar::app::try_source(&env.pipeline(), id, None)
        .await
        .unwrap();
    let titles = run.items.iter().map(|i| i.item.title.clone()).collect();
    (run, titles)
}

fn sources(server: &FixtureServer) -> String {
    format!(
        "{}\n[[source]]\nid = \"mw-sitemap\"\nname = \"Ministerium (Sitemap)\"\nkind = \"sitemap\"\nurl = \"{}\"\nrelevance = \"all\"\n\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n",
        settings_block("http://127.0.0.1:8080/"),
        server.url("/sitemap.xml")
    )
}

#[tokio::test]
async fn a_news_sitemap_source_is_polled_with_titles_dates_and_article_text() {
    let server = site().await;
    let env = TestEnv::new(&sources(&server));
    let reports = presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    assert!(reports[0].error.is_none(), "{}", reports[0]);
    assert_eq!(reports[0].new + reports[0].irrelevant, 3, "{}", reports[0]);
    // Only the news sitemap of the index was read, not the other children.
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("seiten") || p.contains("beitraege")),
        "{paths:?}"
    );

    let (run, titles) = try_titles(&env, "mw-sitemap").await;
    assert_eq!(
        titles,
        [
            FIRST_TITLE,
            SECOND_TITLE,
            // No news:title: the article page's heading.
            "Ausbildungsmesse mit Rekordbeteiligung",
        ]
    );
    let first = &run.items[0];
    assert_eq!(
        first.item.published.unwrap().to_rfc3339(),
        "2025-12-09T09:30:00+00:00"
    );
    assert!(
        first
            .item
            .content
            .contains("Anerkennung ausländischer Abschlüsse")
    );
    assert!(
        !first.item.content.contains("Start"),
        "{}",
        first.item.content
    );
    let shown = first.to_string();
    assert!(
        shown.contains("read:      entry by sitemap; text by automatic main text; date by sitemap"),
        "{shown}"
    );
}

#[test]
fn check_accepts_sitemap_sources_and_refuses_scrape_rules_on_them() {
    let base = "[[source]]\nid = \"s\"\nname = \"S\"\nkind = \"sitemap\"\nurl = \"https://amt.example/news-sitemap.xml\"\n";
    let ok = presseradar::config::Config::parse(base, std::path::Path::new("s.toml")).unwrap();
    assert_eq!(ok.sources[0].kind, presseradar::config::SourceKind::Sitemap);
    let with_rules = format!("{base}[source.scrape]\nitem = \"li\"\nlink = \"a\"\ntitle = \"a\"\n");
    let err = presseradar::config::Config::parse(&with_rules, std::path::Path::new("s.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("only sources with kind = \"html\" take scrape rules"),
        "{err}"
    );
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn gz_source(server: &FixtureServer) -> String {
    format!(
        "{}\n[[source]]\nid = \"mw-gz\"\nname = \"Ministerium (Sitemap, gz)\"\nkind = \"sitemap\"\nurl = \"{}\"\nmax_entries = 2\nrelevance = \"all\"\n",
        settings_block("http://127.0.0.1:8080/"),
        server.url("/news-sitemap.xml.gz")
    )
}

#[tokio::test]
async fn a_gzipped_sitemap_is_unpacked_and_max_entries_limits_what_a_poll_reads() {
    let packed = gzip(&fixture("sitemap/news-sitemap.xml"));
    // A gzip file, not HTTP compression: no Content-Encoding.
    let server = FixtureServer::start(vec![(
        "/news-sitemap.xml.gz",
        Doc::new(packed.clone(), "application/gzip"),
    )])
    .await;
    let env = TestEnv::new(&gz_source(&server));
    // The two newest of the three entries, titled by the sitemap.
    let (_, titles) = try_titles(&env, "mw-gz").await;
    assert_eq!(titles, [FIRST_TITLE, SECOND_TITLE]);

    // A cut-off gzip file is an error naming the address, not an empty source.
    let server = FixtureServer::start(vec![(
        "/news-sitemap.xml.gz",
        Doc::new(packed[..packed.len() / 2].to_vec(), "application/gzip"),
    )])
    .await;
    let env = TestEnv::new(&gz_source(&server));
    let err = match presseradar::app::try_source(&env.pipeline(), "mw-gz", None).await {
        Ok(run) => panic!("a broken gzip file was read: {} items", run.items.len()),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("gzip file that could not be unpacked"),
        "{err}"
    );
    assert!(err.contains("news-sitemap.xml.gz"), "{err}");
}

#[test]
fn max_entries_is_for_sitemap_sources_and_within_bounds() {
    let parse = |kind: &str, n: i64| {
        let text = format!(
            "[[source]]\nid = \"s\"\nname = \"S\"\nkind = \"{kind}\"\nurl = \"https://amt.example/news-sitemap.xml\"\nmax_entries = {n}\n"
        );
        presseradar::config::Config::parse(&text, std::path::Path::new("s.toml"))
            .map(|c| c.sources[0].max_entries)
            .map_err(|e| e.to_string())
    };
    assert_eq!(parse("sitemap", 50), Ok(50));
    let err = parse("sitemap", 0).unwrap_err();
    assert!(
        err.contains("max_entries") && err.contains("between 1 and 200"),
        "{err}"
    );
    let err = parse("feed", 50).unwrap_err();
    assert!(
        err.contains("only sitemap sources have max_entries"),
        "{err}"
    );
    let default = presseradar::config::Config::parse(
        "[[source]]\nid = \"s\"\nname = \"S\"\nkind = \"sitemap\"\nurl = \"https://amt.example/s.xml\"\n",
        std::path::Path::new("s.toml"),
    )
    .unwrap();
    assert_eq!(default.sources[0].max_entries, 20);
}
