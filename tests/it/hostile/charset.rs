//! Real-world encodings on the wire: undeclared ISO-8859-1, lying headers, XML declarations.

use super::*;

#[tokio::test]
async fn latin1_page_without_any_charset_is_detected() {
    let page = fixture("landesportal-latin1-undeclared.html");
    let server = HostileServer::start(move |_, _| Reply::ok("text/html", page.clone())).await;
    let got = fetched(
        fetcher(quick_options())
            .fetch(&request(server.url("/pm")))
            .await,
    );
    assert!(
        got.text
            .contains("Fachkräfteallianz Sachsen-Anhalt zieht Bilanz"),
        "{}",
        got.text
    );
    assert!(got.text.contains("Rückkehr von Pendlern"));
    assert!(got.text.contains("Größere Unternehmen"));
}

#[tokio::test]
async fn utf8_header_over_latin1_bytes_yields_to_the_meta_tag() {
    let page = fixture("ministerium-latin1-meta.html");
    let server =
        HostileServer::start(move |_, _| Reply::ok("text/html; charset=UTF-8", page.clone())).await;
    let got = fetched(
        fetcher(quick_options())
            .fetch(&request(server.url("/pm")))
            .await,
    );
    assert!(
        got.text
            .contains("Willkommenszentrum Thüringen eröffnet Außenstelle in Nordhausen"),
        "{}",
        got.text
    );
    assert!(!got.text.contains('\u{FFFD}'));
}

#[tokio::test]
async fn latin1_feed_with_xml_declaration_parses_as_utf8() {
    let feed = fixture("feed-latin1-declared.xml");
    let server =
        HostileServer::start(move |_, _| Reply::ok("application/rss+xml", feed.clone())).await;
    let got = fetched(
        fetcher(quick_options())
            .fetch(&request(server.url("/rss")))
            .await,
    );
    let xml = xml_as_utf8(&got.text);
    assert!(xml.starts_with("<?xml version=\"1.0\"?>"), "{xml}");
    let parsed = feed_rs::parser::parse(xml.as_bytes()).expect("feed parses");
    let title = parsed.entries[0].title.as_ref().map(|t| t.content.clone());
    assert_eq!(
        title.as_deref(),
        Some("Grenzüberschreitende Kooperation für Pflegekräfte")
    );
}

#[tokio::test]
async fn feed_declaring_utf8_over_cp1252_bytes_is_decoded() {
    let feed = fixture("feed-cp1252-declared-utf8.xml");
    let server = HostileServer::start(move |_, _| {
        Reply::ok("application/rss+xml; charset=utf-8", feed.clone())
    })
    .await;
    let got = fetched(
        fetcher(quick_options())
            .fetch(&request(server.url("/rss")))
            .await,
    );
    assert!(
        got.text
            .contains("Rückkehrerbörse: „Heimat mit Zukunft“ lädt Pendler ein"),
        "{}",
        got.text
    );
    let parsed = feed_rs::parser::parse(xml_as_utf8(&got.text).as_bytes()).expect("feed parses");
    assert_eq!(
        parsed.title.map(|t| t.content).as_deref(),
        Some("Landkreis Görlitz – Pressemeldungen")
    );
}
