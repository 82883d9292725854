use super::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .unwrap()
        .to_utc()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/sitemap/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn an_index_lists_its_children_with_their_dates() {
    let url = Url::parse("https://ministerium.example/sitemap.xml").unwrap();
    let Sitemap::Index(children) =
        parse_sitemap(&fixture("sitemap-index.xml"), &url, now()).unwrap()
    else {
        panic!("an index");
    };
    let locs: Vec<&str> = children.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        locs,
        [
            "https://ministerium.example/sitemaps/seiten.xml",
            "https://ministerium.example/sitemaps/news-sitemap.xml",
            "https://ministerium.example/sitemaps/beitraege-2024.xml"
        ]
    );
    assert_eq!(
        children[1].1.unwrap().to_rfc3339(),
        "2025-12-09T13:10:00+00:00"
    );
}

#[test]
fn a_news_sitemap_gives_titles_and_publication_dates() {
    let url = Url::parse("https://ministerium.example/news-sitemap.xml").unwrap();
    let Sitemap::Urls(entries) = parse_sitemap(&fixture("news-sitemap.xml"), &url, now()).unwrap()
    else {
        panic!("a urlset");
    };
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[0].title.as_deref(),
        Some("Anerkennungsstelle erweitert Sprechzeiten für Pflegekräfte & Ärztinnen")
    );
    // The publication date, not lastmod.
    assert_eq!(
        entries[0].published.unwrap().to_rfc3339(),
        "2025-12-09T09:30:00+00:00"
    );
    assert!(entries[0].news && entries[1].news && !entries[2].news);
    // No news block: no title (not the image's), lastmod as the date.
    assert_eq!(entries[2].title, None);
    assert_eq!(
        entries[2].published.unwrap().to_rfc3339(),
        "2025-12-05T08:00:00+00:00"
    );
    let newest = newest(entries, 2);
    assert_eq!(newest.len(), 2);
    assert!(newest[0].url.path().ends_with("sprechzeiten"));
    let item = raw_item(&newest[1]);
    assert_eq!(item.date_source, DateSource::Sitemap);
}

#[test]
fn other_documents_are_no_sitemaps() {
    let url = Url::parse("https://ministerium.example/x.xml").unwrap();
    for text in [
        "<rss><channel></channel></rss>",
        "",
        "<html><body>urlset</body></html>",
    ] {
        assert!(parse_sitemap(text, &url, now()).is_err(), "{text}");
    }
    // Entries without a usable address are left out.
    let text = "<urlset><url><loc>javascript:alert(1)</loc></url><url><lastmod>2025-01-01</lastmod></url></urlset>";
    assert_eq!(
        parse_sitemap(text, &url, now()).unwrap(),
        Sitemap::Urls(Vec::new())
    );
}

#[test]
fn article_titles_come_from_og_title_h1_or_title() {
    let og = r#"<html><head><meta property="og:title" content="Messe  mit Rekord"><title>x</title></head><body><h1>y</h1></body></html>"#;
    assert_eq!(article_title(og).as_deref(), Some("Messe mit Rekord"));
    let h1 = "<html><head><title>Seite</title></head><body><h1>Ausbildungsmesse <em>mit</em> Rekord</h1></body></html>";
    assert_eq!(
        article_title(h1).as_deref(),
        Some("Ausbildungsmesse mit Rekord")
    );
    assert_eq!(
        article_title("<html><head><title>Nur Titel</title></head></html>").as_deref(),
        Some("Nur Titel")
    );
    assert_eq!(article_title("<html><body></body></html>"), None);
}
