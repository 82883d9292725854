//! Feed extraction: RSS 0.9x/1.0/2.0, Atom and JSON Feed text → items (feed-rs).

use chrono::{DateTime, Utc};
use url::Url;

use super::{ExtractError, Extracted, Skipped, guarded};
use crate::dedup::GUID_FRAGMENT;
use crate::model::{DateSource, RawItem};
use crate::sanitize::{clean_html, collapse_whitespace, html_to_text};

/// Parse a feed that has already been decoded to UTF-8 text.
///
/// The XML declaration's `encoding` was honoured while decoding; it is removed so that
/// feed-rs does not decode the UTF-8 text a second time as, say, ISO-8859-1.
pub fn extract_feed(text: &str, feed_url: &Url) -> Result<Extracted, ExtractError> {
    let body = crate::fetch::xml_as_utf8(text.trim_start_matches('\u{feff}').trim_start());
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url.as_str()))
        // An empty id marks "the feed gave none"; feed-rs would otherwise invent one
        // from title and link, which changes when an outlet edits the title.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(|text| super::date::parse_german_date(text, Utc::now()))
        .sanitize_content(false)
        .build();
    let feed = guarded("the feed reader", || {
        parser
            .parse(body.as_bytes())
            .map_err(|e| ExtractError::Feed(parser_message(&e.to_string())))
    })?;
    let mut found = Extracted {
        items: Vec::with_capacity(feed.entries.len()),
        skipped: Vec::new(),
        notices: Vec::new(),
        ways: Default::default(),
    };
    // Entries without a usable link of their own are linked to the source's page.
    let source_page = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .and_then(|l| feed_url.join(l.href.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .unwrap_or_else(|| feed_url.clone());
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let title = entry.title.as_ref().map(|t| title_text(&t.content));
        match raw_item(entry, feed_url, &source_page) {
            Ok(item) => found.items.push(item),
            Err(reason) => found.skipped.push(Skipped {
                entry: index + 1,
                title: title.unwrap_or_default(),
                reason,
            }),
        }
    }
    Ok(found)
}

/// The parser's words, where they mislead, said plainly: feed-rs reports an `<rss>` without
/// a `<channel>` (or no feed element at all) as "no root element".
fn parser_message(message: &str) -> String {
    if message.ends_with("no root element") {
        "the document holds no feed: no <rss> with a <channel>, no Atom <feed>, no RSS 1.0 <rdf:RDF>".to_string()
    } else {
        message.to_string()
    }
}

/// The entry's link, absolute; an error names what is wrong with it.
/// Why an entry has no link to take.
enum NoLink {
    /// None given, or one that does not parse: broken data, the entry may still be kept.
    Missing(String),
    /// A link to something other than a web page (`javascript:`, `data:`): never followed
    /// and never kept.
    NotWeb(String),
}

fn entry_link(entry: &feed_rs::model::Entry, feed_url: &Url) -> Result<Url, NoLink> {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.clone())
        .or_else(|| {
            // RSS items with only a permalink guid.
            entry.id.starts_with("http").then(|| entry.id.clone())
        })
        .ok_or_else(|| NoLink::Missing("no link (and no guid that is a link)".to_string()))?;
    let url = feed_url.join(link.trim()).map_err(|e| {
        NoLink::Missing(format!(
            "its link {:?} is not a usable address ({e})",
            link.trim()
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(NoLink::NotWeb(format!(
            "its link {:?} is not a web address (only http and https are taken)",
            link.trim()
        )));
    }
    Ok(url)
}

fn raw_item(
    entry: feed_rs::model::Entry,
    feed_url: &Url,
    source_page: &Url,
) -> Result<RawItem, String> {
    let url = match entry_link(&entry, feed_url) {
        Ok(url) => url,
        // A guid and a title identify the entry: kept, linked to the source's page.
        Err(NoLink::Missing(_)) if !entry.id.trim().is_empty() && entry.title.is_some() => {
            let mut page = source_page.clone();
            let guid: String =
                url::form_urlencoded::byte_serialize(entry.id.trim().as_bytes()).collect();
            page.set_fragment(Some(&format!("{GUID_FRAGMENT}{guid}")));
            page
        }
        Err(NoLink::Missing(reason) | NoLink::NotWeb(reason)) => return Err(reason),
    };
    let title = entry
        .title
        .as_ref()
        .map(|t| title_text(&t.content))
        .unwrap_or_default();
    let summary = entry
        .summary
        .as_ref()
        .map(|s| clean_html(&s.content))
        .unwrap_or_default();
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(clean_html)
        .unwrap_or_default();
    let title = if title.is_empty() {
        // Some ministry feeds carry only a description; its start is the best title we have.
        let text = html_to_text(if summary.is_empty() {
            &content
        } else {
            &summary
        });
        text.chars().take(120).collect::<String>()
    } else {
        title
    };
    if title.is_empty() {
        return Err("no title and no text to take one from".to_string());
    }
    let published: Option<DateTime<Utc>> = entry.published.or(entry.updated);
    let guid = Some(entry.id.trim().to_string()).filter(|id| !id.is_empty());
    Ok(RawItem {
        guid,
        url: url.to_string(),
        title,
        summary,
        content,
        published,
        updated: entry.updated,
        date_source: if published.is_some() {
            DateSource::Feed
        } else {
            DateSource::Undated
        },
    })
}

/// Titles sometimes arrive as escaped HTML ("&lt;b&gt;…"); reduce them to plain text.
fn title_text(raw: &str) -> String {
    if raw.contains('<') || raw.contains('&') {
        html_to_text(raw)
    } else {
        collapse_whitespace(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://www.example.de/presse/rss.xml").unwrap()
    }

    #[test]
    fn rss_with_relative_links_and_guids() {
        let xml = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Presse</title><link>https://www.example.de/</link><description>d</description>
<item><title>Fachkr&#228;fte f&#252;r Th&#252;ringen</title><link>/presse/pm-1.html</link>
<guid isPermaLink="false">pm-1</guid><pubDate>Fri, 27 Jan 2023 10:13:55 +0100</pubDate>
<description>&lt;p onclick="x()"&gt;Text&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description></item>
<item><title>Ohne Guid</title><link>https://www.example.de/presse/pm-2.html</link></item>
</channel></rss>"#;
        let items = extract_feed(xml, &url()).unwrap().items;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title, "Fachkräfte für Thüringen");
        assert_eq!(items[0].url, "https://www.example.de/presse/pm-1.html");
        assert_eq!(items[0].guid.as_deref(), Some("pm-1"));
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2023-01-27T09:13:55+00:00"
        );
        assert!(!items[0].summary.contains("script") && !items[0].summary.contains("onclick"));
        assert_eq!(items[1].guid, None);
        assert_eq!(items[1].date_source, DateSource::Undated);
    }

    #[test]
    fn atom_entries() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2025-12-07T10:00:00Z</updated>
<entry><title type="html">Welcome-Center &amp;amp; Partner</title><id>urn:a</id><link rel="alternate" href="https://z.de/a"/>
<published>2025-12-07T09:30:00+01:00</published><updated>2025-12-08T09:30:00+01:00</updated><summary>s</summary></entry></feed>"#;
        let items = extract_feed(xml, &url()).unwrap().items;
        assert_eq!(items[0].title, "Welcome-Center & Partner");
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2025-12-07T08:30:00+00:00"
        );
        assert_eq!(
            items[0].updated.unwrap().to_rfc3339(),
            "2025-12-08T08:30:00+00:00"
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(extract_feed("<rss><channel><item><title>x</ti", &url()).is_err());
        assert!(extract_feed("", &url()).is_err());
        assert!(extract_feed("<html><body>Nicht gefunden</body></html>", &url()).is_err());
    }

    #[test]
    fn javascript_links_are_dropped() {
        let xml = r#"<rss version="2.0"><channel><title>t</title><link>https://x.de/</link><description>d</description>
<item><title>Böse</title><link>javascript:alert(1)</link></item></channel></rss>"#;
        let found = extract_feed(xml, &url()).unwrap();
        assert!(found.items.is_empty());
        assert_eq!(found.skipped.len(), 1);
        assert!(
            found.skipped[0].reason.contains("not a web address"),
            "{:?}",
            found.skipped
        );
    }

    /// An entry without a usable link but with a guid and a title is kept, linked to the
    /// outlet's page; the guid in the link's fragment keeps such entries apart.
    #[test]
    fn entries_with_a_guid_but_no_usable_link_link_to_the_source_page() {
        let xml = r#"<rss version="2.0"><channel><title>t</title><link>https://x.de/aktuell/</link><description>d</description>
<item><title>Ohne Link</title><guid isPermaLink="false">meldung 7</guid></item>
<item><title>Kaputter Link</title><link>https://x.de:8o/a</link><guid isPermaLink="false">m-8</guid></item></channel></rss>"#;
        let found = extract_feed(xml, &url()).unwrap();
        assert!(found.skipped.is_empty(), "{:?}", found.skipped);
        let urls: Vec<&str> = found.items.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://x.de/aktuell/#presseradar-guid=meldung+7",
                "https://x.de/aktuell/#presseradar-guid=m-8"
            ]
        );
    }

    /// Entries whose links do not parse are counted with the reason, not dropped silently;
    /// the good entries beside them are taken.
    #[test]
    fn entries_with_broken_links_are_skipped_with_a_reason() {
        let xml = r#"<rss version="2.0"><channel><title>t</title><link>https://x.de/</link><description>d</description>
<item><title>Gut</title><link>https://x.de/gut</link></item>
<item><title>Falscher Port</title><link>https://x.de:abc/pm-7</link></item>
<item><description></description></item></channel></rss>"#;
        let found = extract_feed(xml, &url()).unwrap();
        assert_eq!(found.items.len(), 1);
        let reasons: Vec<String> = found.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(
            reasons[0].starts_with("entry 2 (\"Falscher Port\"): its link"),
            "{reasons:?}"
        );
        assert!(reasons[0].contains("invalid port"), "{reasons:?}");
        assert!(reasons[1].starts_with("entry 3: no link"), "{reasons:?}");
    }
}
