//! Publishing: stored items → RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents. Pure.

pub mod atom;
pub mod html;
pub mod json;
pub mod opml;
pub mod rss;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use url::Url;

use crate::config::Config;
use crate::model::ItemView;
use crate::sanitize::escape_html;

/// The three feed formats, named by their file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "rss" => Some(Format::Rss),
            "atom" => Some(Format::Atom),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Json => "application/feed+json; charset=utf-8",
        }
    }

    pub const ALL: [Format; 3] = [Format::Rss, Format::Atom, Format::Json];
}

/// Feed-level data shared by every format.
#[derive(Debug, Clone)]
pub struct FeedMeta {
    pub title: String,
    pub description: String,
    /// The URL this very document is served at (rel=self).
    pub self_url: Url,
    /// The public landing page.
    pub home_url: Url,
    pub updated: DateTime<Utc>,
    pub hub: Option<Url>,
}

/// Source id → display name and URL, for "source" fields and "also reported by" lines.
#[derive(Debug, Clone, Default)]
pub struct SourceNames(HashMap<String, (String, String)>);

impl SourceNames {
    pub fn from_config(config: &Config) -> SourceNames {
        SourceNames(
            config
                .sources
                .iter()
                .map(|s| (s.id.clone(), (s.name.clone(), s.url.to_string())))
                .collect(),
        )
    }

    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.0.get(id).map(|(n, _)| n.as_str()).unwrap_or(id)
    }

    pub fn url(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(|(_, u)| u.as_str())
    }
}

pub fn render(format: Format, meta: &FeedMeta, items: &[ItemView], names: &SourceNames) -> String {
    match format {
        Format::Rss => with_stylesheet(rss::render(meta, items, names)),
        Format::Atom => with_stylesheet(atom::render(meta, items, names)),
        Format::Json => json::render(meta, items, names),
    }
}

/// The XSLT stylesheet a browser applies to RSS and Atom feeds (served at `/feed.xsl`).
pub const FEED_XSL: &str = include_str!("../../assets/feed.xsl");

/// The feed with an `<?xml-stylesheet?>` instruction after its XML declaration: a person
/// who opens it in a browser sees a readable page; feed readers ignore the instruction.
/// The address is root-relative, as browsers apply only same-origin stylesheets.
pub fn with_stylesheet(xml: String) -> String {
    const PI: &str = "<?xml-stylesheet type=\"text/xsl\" href=\"/feed.xsl\"?>";
    match xml.strip_prefix("<?xml").and_then(|rest| rest.find("?>")) {
        Some(end) => {
            let split = "<?xml".len() + end + 2;
            format!("{}\n{PI}{}", &xml[..split], &xml[split..])
        }
        None => format!("{PI}\n{xml}"),
    }
}

/// The HTML body of an entry: the sanitized summary (or content), then a line naming
/// the source and the other outlets that reported the same story.
pub fn entry_html(item: &ItemView, names: &SourceNames) -> String {
    let mut html = if item.summary.trim().is_empty() {
        item.content.clone()
    } else {
        item.summary.clone()
    };
    html.push_str(&format!(
        "<p>Quelle: {}</p>",
        escape_html(names.name(&item.source))
    ));
    if !item.also_reported_by.is_empty() {
        let links: Vec<String> = item
            .also_reported_by
            .iter()
            .map(|a| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(&a.url),
                    escape_html(names.name(&a.source))
                )
            })
            .collect();
        html.push_str(&format!("<p>Auch berichtet von: {}</p>", links.join(", ")));
    }
    html
}

/// Strip characters XML 1.0 forbids (control characters other than tab, CR, LF),
/// which outside text sometimes carries and which would make the whole feed invalid.
#[cfg(test)]
#[test]
fn the_stylesheet_follows_the_declaration() {
    assert_eq!(
        with_stylesheet("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>".into()),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"/feed.xsl\"?><rss/>"
    );
    assert!(with_stylesheet("<feed/>".into()).starts_with("<?xml-stylesheet"));
}

pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}
