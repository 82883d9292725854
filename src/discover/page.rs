//! What a page says about its feeds: `<link rel="alternate">` announcements, its title, and
//! a source id made from an address.

use scraper::{Html, Selector};
use url::Url;

/// Feed addresses the page announces with `<link rel="alternate" type="…rss…|…atom…|…json…">`,
/// absolute, in page order.
pub fn announced_feeds(html: &str, page: &Url) -> Vec<Url> {
    let Ok(links) = Selector::parse("link[rel~=alternate][href]") else {
        return Vec::new();
    };
    let doc = Html::parse_document(html);
    let mut feeds: Vec<Url> = Vec::new();
    for link in doc.select(&links) {
        let kind = link.value().attr("type").unwrap_or("").to_ascii_lowercase();
        if !["rss", "atom", "feed+json", "application/json"]
            .iter()
            .any(|k| kind.contains(k))
        {
            continue;
        }
        let Some(url) = link
            .value()
            .attr("href")
            .and_then(|href| page.join(href.trim()).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            continue;
        };
        if !feeds.contains(&url) {
            feeds.push(url);
        }
    }
    feeds
}

/// The page's `<title>`, whitespace collapsed.
pub fn title(html: &str) -> Option<String> {
    let selector = Selector::parse("title").ok()?;
    let doc = Html::parse_document(html);
    let text = doc.select(&selector).next()?.text().collect::<String>();
    let text = crate::sanitize::collapse_whitespace(&text);
    (!text.is_empty()).then_some(text)
}

/// A feed's own title (`<channel><title>`, Atom `<title>`), if it has one.
pub fn feed_title(text: &str) -> Option<String> {
    let start = text.find("<title")?;
    let open_end = start + text[start..].find('>')? + 1;
    let close = open_end + text[open_end..].find("</title>")?;
    let raw = text[open_end..close].trim();
    let raw = raw
        .strip_prefix("<![CDATA[")
        .and_then(|r| r.strip_suffix("]]>"))
        .unwrap_or(raw);
    let title = crate::sanitize::html_to_text(raw);
    (!title.is_empty()).then_some(title)
}

/// A source id (`[a-z0-9-]+`) from the feed's host: `www.mags.nrw` → `mags-nrw`.
pub fn source_id(url: &Url) -> String {
    let host = url.host_str().unwrap_or("quelle");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut id = String::new();
    for c in host.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            'ä' => id.push_str("ae"),
            'ö' => id.push_str("oe"),
            'ü' => id.push_str("ue"),
            'ß' => id.push_str("ss"),
            _ if !id.ends_with('-') && !id.is_empty() => id.push('-'),
            _ => {}
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "quelle".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_feeds_are_absolute_and_only_feeds() {
        let page = Url::parse("https://www.ministerium.example/presse/").unwrap();
        let html = r#"<html><head><title> Presse –  Ministerium </title>
            <link rel="alternate" type="application/rss+xml" title="RSS" href="rss.xml">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            <link rel="alternate" hreflang="en" href="/en/">
            <link rel="stylesheet" type="text/css" href="/s.css">
            <link rel="alternate" type="application/rss+xml" href="javascript:x()">
            </head></html>"#;
        let feeds: Vec<String> = announced_feeds(html, &page)
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(
            feeds,
            [
                "https://www.ministerium.example/presse/rss.xml",
                "https://www.ministerium.example/atom.xml"
            ]
        );
        assert_eq!(title(html).as_deref(), Some("Presse – Ministerium"));
    }

    #[test]
    fn ids_and_feed_titles() {
        let url = Url::parse("https://www.mags.nrw/rss.xml").unwrap();
        assert_eq!(source_id(&url), "mags-nrw");
        let url = Url::parse("https://bürger.example.de/feed/").unwrap();
        assert_eq!(source_id(&url), "xn-brger-kva-example-de");
        let rss = "<rss><channel><title><![CDATA[Presse &amp; Medien]]></title></channel></rss>";
        assert_eq!(feed_title(rss).as_deref(), Some("Presse & Medien"));
    }
}
