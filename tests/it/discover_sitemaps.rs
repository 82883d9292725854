//! `discover` finds news sitemaps when a site has no feed: named in robots.txt (here an
//! index whose child is the news sitemap) or at the usual path; the printed
//! `kind = "sitemap"` block passes `check` and `poll` reads the releases. A news sitemap
//! is preferred to the page's own list; a feed to both.

use crate::common::{Doc, FixtureServer, fixture};
use crate::discover::{checked_and_polled, discover};

const PAGE: &str = r#"<!DOCTYPE html><html lang="de"><head><title>Presse – Ministerium für Arbeit</title></head>
<body><main><h1>Presse</h1>
<div class="eintrag"><span>03.12.2025</span><h2><a href="/presse/2025/pm-a.html">Landesamt startet Beratung für Fachkräfte aus dem Ausland</a></h2></div>
<div class="eintrag"><span>01.12.2025</span><h2><a href="/presse/2025/pm-b.html">Weiterbildungsbonus für Beschäftigte verlängert</a></h2></div>
</main></body></html>"#;

fn article(title: &str, body: &str) -> Doc {
    Doc::new(
        format!("<html><head><title>{title}</title></head><body><main><article><h1>{title}</h1><p>{body}</p></article></main></body></html>").into_bytes(),
        "text/html; charset=utf-8",
    )
}

fn site_docs(robots: Option<&str>, news_path: &str) -> Vec<(String, Doc)> {
    let mut docs = vec![
        (
            "/presse/".to_string(),
            Doc::new(PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
        ),
        (
            news_path.to_string(),
            Doc::new(fixture("sitemap/news-sitemap.xml"), "application/xml"),
        ),
        (
            "/presse/2025/anerkennungsstelle-erweitert-sprechzeiten".to_string(),
            article(
                "Anerkennungsstelle erweitert Sprechzeiten",
                "Pflegekräfte und Ärztinnen aus dem Ausland werden künftig auch abends zur Anerkennung ihrer Abschlüsse beraten.",
            ),
        ),
        (
            "/presse/2025/fachkraeftebuendnis-tagt-in-der-staatskanzlei".to_string(),
            article(
                "Fachkräftebündnis tagt in der Staatskanzlei",
                "Kammern und Gewerkschaften beraten über Wohnraum für Auszubildende und längere Kita-Öffnungszeiten.",
            ),
        ),
        (
            "/presse/2025/ausbildungsmesse-mit-rekordbeteiligung".to_string(),
            article(
                "Ausbildungsmesse mit Rekordbeteiligung",
                "Über 140 Betriebe stellten sich in der Messehalle vor, so viele wie nie zuvor in der Stadt.",
            ),
        ),
    ];
    if let Some(robots) = robots {
        docs.push((
            "/robots.txt".to_string(),
            Doc::new(robots.as_bytes().to_vec(), "text/plain"),
        ));
        docs.push((
            "/sitemap_index.xml".to_string(),
            Doc::new(fixture("sitemap/sitemap-index.xml"), "application/xml"),
        ));
    }
    docs
}

async fn serve(docs: Vec<(String, Doc)>) -> FixtureServer {
    let server = FixtureServer::start(vec![]).await;
    for (path, doc) in docs {
        server.set(&path, doc);
    }
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_news_sitemap_named_in_robots_txt_becomes_a_sitemap_source() {
    let robots = "User-agent: *\nDisallow: /intern/\nSitemap: /sitemap_index.xml\n";
    let site = serve(site_docs(Some(robots), "/sitemaps/news-sitemap.xml")).await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/presse/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("kind = \"sitemap\""), "{out}");
    assert!(out.contains("named in robots.txt"), "{out}");
    assert!(
        out.contains(&format!("url = \"{}\"", site.url("/sitemap_index.xml"))),
        "{out}"
    );
    // Preferred to the page's own list, which is not read into a block.
    assert!(!out.contains("kind = \"html\""), "{out}");
    assert!(
        out.contains("09.12.2025  Anerkennungsstelle erweitert Sprechzeiten"),
        "{out}"
    );
    assert!(out.contains("(title on the article page)"), "{out}");
    // Few requests: robots.txt, the index and its news child; not the other children.
    let paths: Vec<String> = site.seen().into_iter().map(|s| s.path).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("seiten") || p.contains("beitraege")),
        "{paths:?}"
    );
    assert_eq!(
        checked_and_polled(dir.path(), &out),
        3,
        "the sitemap's three releases"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_news_sitemap_at_the_usual_path_is_found() {
    let site = serve(site_docs(None, "/news-sitemap.xml")).await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/presse/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("kind = \"sitemap\""), "{out}");
    assert!(
        out.contains(&format!("url = \"{}\"", site.url("/news-sitemap.xml"))),
        "{out}"
    );
    assert_eq!(checked_and_polled(dir.path(), &out), 3);

    // Given the sitemap's own address, discover takes it as it is.
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/news-sitemap.xml"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("the address itself is a sitemap"), "{out}");
    assert!(out.contains("kind = \"sitemap\""), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_sitemap_is_not_taken_and_the_list_page_is() {
    // /sitemap.xml lists pages without news entries: the list page wins.
    let plain = "<urlset><url><loc>/presse/</loc><lastmod>2025-12-01</lastmod></url></urlset>";
    let mut docs = site_docs(None, "/unused.xml");
    docs.push((
        "/sitemap.xml".to_string(),
        Doc::new(plain.as_bytes().to_vec(), "application/xml"),
    ));
    let site = serve(docs).await;
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = discover(&site.url("/presse/"), dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("kind = \"html\""), "{out}");
    assert!(out.contains("a sitemap without news entries"), "{out}");
}
