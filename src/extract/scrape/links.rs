//! Turning the hrefs of a scraped page into the absolute, session-free URLs items keep.

use scraper::{Html, Selector};
use std::sync::LazyLock;
use url::Url;

static BASE_HREF: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("base selector is valid"));

/// The URL relative links on this page resolve against: `<base href>` when the page
/// declares a usable one, else the page's own URL.
pub(crate) fn base_url(doc: &Html, page_url: &Url) -> Url {
    doc.select(&BASE_HREF)
        .next()
        .and_then(|base| base.value().attr("href"))
        .and_then(|href| page_url.join(href.trim()).ok())
        .filter(is_web_url)
        .unwrap_or_else(|| page_url.clone())
}

/// Resolve an href into an http(s) URL without session id or fragment; `None` for
/// `javascript:`, `mailto:` and unparsable links.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<Url> {
    let mut url = base.join(href.trim()).ok()?;
    if !is_web_url(&url) {
        return None;
    }
    url.set_fragment(None);
    Some(without_session_id(url))
}

fn is_web_url(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https") && url.host_str().is_some()
}

/// Java portals (the BA's, SixCMS installations) append `;jsessionid=…` to paths, and
/// sometimes a `jsessionid` query parameter; both change per visit and would make every
/// poll look like new articles.
pub(crate) fn without_session_id(mut url: Url) -> Url {
    let path = url.path().to_string();
    if let Some(at) = path.to_ascii_lowercase().find(";jsessionid=") {
        let rest = &path[at + 1..];
        // Matrix parameters after the session id (";foo=bar") are kept.
        let keep = rest.find(';').map_or("", |i| &rest[i..]);
        let cleaned = format!("{}{}", &path[..at], keep);
        url.set_path(&cleaned);
    }
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("jsessionid"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let had = url.query_pairs().count();
        if kept.len() != had {
            if kept.is_empty() {
                url.set_query(None);
            } else {
                url.query_pairs_mut().clear().extend_pairs(kept);
            }
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://www.arbeitsagentur.de/vor-ort/rd-sat/presse/presseinformationen")
            .expect("valid")
    }

    #[test]
    fn strips_session_ids_before_query_and_at_end() {
        let base = page();
        let cases = [
            (
                "/vor-ort/rd-sat/presse/2025-41-fachkraefte;jsessionid=ABC123.node1?pk_campaign=x",
                "https://www.arbeitsagentur.de/vor-ort/rd-sat/presse/2025-41-fachkraefte?pk_campaign=x",
            ),
            (
                "detail.php;jsessionid=0A1B2C",
                "https://www.arbeitsagentur.de/vor-ort/rd-sat/presse/detail.php",
            ),
            (
                "/a;JSESSIONID=xyz;lang=de",
                "https://www.arbeitsagentur.de/a;lang=de",
            ),
            (
                "/b?jsessionid=1&id=7#oben",
                "https://www.arbeitsagentur.de/b?id=7",
            ),
            ("/c?jsessionid=1", "https://www.arbeitsagentur.de/c"),
        ];
        for (href, expected) in cases {
            assert_eq!(
                resolve(&base, href).map(String::from).as_deref(),
                Some(expected),
                "{href}"
            );
        }
    }

    #[test]
    fn refuses_non_web_links() {
        let base = page();
        assert_eq!(resolve(&base, "javascript:alert(1)"), None);
        assert_eq!(resolve(&base, "mailto:presse@ms.sachsen-anhalt.de"), None);
        assert_eq!(resolve(&base, "http://[::1"), None);
    }

    #[test]
    fn base_href_wins_over_page_url() {
        let doc = Html::parse_document(
            r#"<html><head><base href="https://mwae.brandenburg.de/de/"></head><body></body></html>"#,
        );
        let base = base_url(&doc, &page());
        assert_eq!(
            resolve(&base, "pressemitteilungen/bb1.c.123.de").map(String::from),
            Some("https://mwae.brandenburg.de/de/pressemitteilungen/bb1.c.123.de".to_string())
        );
        let no_base = Html::parse_document("<p>x</p>");
        assert_eq!(base_url(&no_base, &page()), page());
        let bad_base = Html::parse_document(r#"<base href="javascript:void(0)">"#);
        assert_eq!(base_url(&bad_base, &page()), page());
    }
}
