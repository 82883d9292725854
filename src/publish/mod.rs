//! Publishing: stored items → RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents. Pure.

pub mod atom;
pub mod html;
pub mod json;
pub mod opml;
pub mod rss;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use url::Url;

use crate::config::{Authority, Config};
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

/// Source id → display name, URL and authority, for "source" fields, "also reported by"
/// lines and what of an item's text may be republished.
#[derive(Debug, Clone, Default)]
pub struct SourceNames(HashMap<String, (String, String, Authority)>);

impl SourceNames {
    pub fn from_config(config: &Config) -> SourceNames {
        SourceNames(
            config
                .sources
                .iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        (s.name.clone(), s.url.to_string(), s.authority),
                    )
                })
                .collect(),
        )
    }

    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.0.get(id).map(|(n, _, _)| n.as_str()).unwrap_or(id)
    }

    pub fn url(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(|(_, u, _)| u.as_str())
    }

    /// Whether the source publishes releases meant to be passed on (`official`); a source
    /// no longer configured counts as press.
    pub fn is_official(&self, id: &str) -> bool {
        self.0
            .get(id)
            .is_some_and(|(_, _, a)| *a == Authority::Official)
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

/// The longest excerpt, in characters, of a press source's text in a feed: German
/// publishers' right (§87f UrhG) leaves only very short excerpts free.
pub const PRESS_EXCERPT_CHARS: usize = 200;

/// The short text of an entry (RSS `description`, Atom `summary`): for an official source
/// its sanitized summary (or the start of its text), for a press source a very short plain
/// excerpt; then a line naming the source and the other outlets of the story.
pub fn entry_html(item: &ItemView, names: &SourceNames) -> String {
    let short = if item.summary.trim().is_empty() {
        &item.content
    } else {
        &item.summary
    };
    let mut html = if names.is_official(&item.source) {
        short.clone()
    } else {
        let excerpt = press_excerpt(&crate::sanitize::html_to_text(short));
        if excerpt.is_empty() {
            excerpt
        } else {
            format!("<p>{}</p>", escape_html(&excerpt))
        }
    };
    html.push_str(&source_lines(item, names));
    html
}

/// The full text of an official source's item, for RSS `content:encoded`, Atom `content`
/// and JSON Feed `content_html`; `None` for press sources and items without a text.
pub fn full_html(item: &ItemView, names: &SourceNames) -> Option<String> {
    if !names.is_official(&item.source) || item.content.trim().is_empty() {
        return None;
    }
    Some(format!("{}{}", item.content, source_lines(item, names)))
}

/// At most [`PRESS_EXCERPT_CHARS`] characters, cut at a word and marked with "…".
fn press_excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= PRESS_EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(PRESS_EXCERPT_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '-', '–']))
}

/// "Quelle: …" and, for a story several outlets reported, "Auch berichtet von: …".
fn source_lines(item: &ItemView, names: &SourceNames) -> String {
    let mut html = format!("<p>Quelle: {}</p>", escape_html(names.name(&item.source)));
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
