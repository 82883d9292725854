//! The embeddable HTML list of a feed: JSON Feed items → a self-contained, escaped page
//! for `/embed/{id}`. Pure.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::sanitize::escape_html;
use crate::vocab::State as FedState;

/// Items shown when the embedding site does not say; `?limit=` may ask for 1 to 50.
pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 50;

/// The colour scheme of an embed; embedding sites refine it with `--pr-*` properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// How much of the feed to show, and in which colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedOptions {
    pub limit: usize,
    pub theme: Theme,
}

impl Default for EmbedOptions {
    fn default() -> EmbedOptions {
        EmbedOptions {
            limit: DEFAULT_LIMIT,
            theme: Theme::Light,
        }
    }
}

/// The fields of a JSON Feed item the embed shows; everything else is ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmbedEntry {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date_published: Option<String>,
    #[serde(default)]
    pub authors: Vec<EmbedAuthor>,
    #[serde(default, rename = "_presseradar")]
    pub extension: EmbedExtension,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmbedAuthor {
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmbedExtension {
    #[serde(default)]
    pub states: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct JsonFeedItems {
    #[serde(default)]
    items: Vec<EmbedEntry>,
}

/// The items of a JSON Feed document as the embed shows them.
pub fn entries_from_json_feed(body: &[u8]) -> Result<Vec<EmbedEntry>, String> {
    serde_json::from_slice::<JsonFeedItems>(body)
        .map(|f| f.items)
        .map_err(|e| format!("JSON Feed unreadable for the embed: {e}"))
}

/// The page around an embedded list: its title and where "more" leads.
#[derive(Debug, Clone)]
pub struct EmbedPage<'a> {
    pub title: &'a str,
    /// The curated feed's RSS address, offered as the subscribe link under the list.
    pub feed_url: &'a str,
    pub timezone: Tz,
}

/// `href` value for a URL that came from outside: only http(s), escaped; else `None`.
pub fn safe_href(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| escape_html(parsed.as_str()))
}

/// A date as German readers write it, in the configured time zone: "07.12.2025".
pub fn german_date(rfc3339: &str, timezone: Tz) -> Option<(String, String)> {
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(rfc3339.trim())
        .ok()?
        .with_timezone(&Utc);
    let local = at.with_timezone(&timezone);
    Some((
        local.format("%d.%m.%Y").to_string(),
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    ))
}

/// The stylesheet of the embed page; every colour and the font come from a
/// `--pr-*` custom property with a default, and the dark theme only changes defaults,
/// so values an embedding site sets always win.
const EMBED_CSS: &str = "\
html,body{margin:0;padding:0}
body{font-family:var(--pr-font,system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif);\
color:var(--pr-color,#1f2328);background:var(--pr-bg,#fff);font-size:15px;line-height:1.4}
body.pr-dark{color:var(--pr-color,#e6e6e6);background:var(--pr-bg,#17191c)}
.pr-embed{padding:.5rem .75rem}
.pr-heading{font-size:1rem;margin:0 0 .5rem}
.pr-list{list-style:none;margin:0;padding:0}
.pr-item{padding:.5rem 0;border-bottom:1px solid var(--pr-border,#d8dee4)}
.pr-dark .pr-item{border-bottom-color:var(--pr-border,#3a3f45)}
.pr-item:last-child{border-bottom:0}
.pr-item a{color:var(--pr-link,#0b57d0);text-decoration:none;font-weight:600}
.pr-dark .pr-item a{color:var(--pr-link,#8ab4f8)}
.pr-item a:hover,.pr-item a:focus{text-decoration:underline}
.pr-meta{font-size:.85em;color:var(--pr-muted,#59636e);margin-top:.15rem}
.pr-dark .pr-meta,.pr-dark .pr-foot{color:var(--pr-muted,#a0a7b0)}
.pr-state{display:inline-block;font-size:.75em;font-weight:600;padding:0 .35em;margin-left:.3em;\
border:1px solid var(--pr-border,#d8dee4);border-radius:.3em}
.pr-dark .pr-state{border-color:var(--pr-border,#3a3f45)}
.pr-empty,.pr-foot{color:var(--pr-muted,#59636e);font-size:.85em}
.pr-foot a{color:inherit}
";

/// The embed page: a self-contained HTML document, every outside string escaped.
pub fn render_embed_page(
    page: &EmbedPage,
    entries: &[EmbedEntry],
    options: EmbedOptions,
) -> String {
    let body_class = match options.theme {
        Theme::Light => "pr-light",
        Theme::Dark => "pr-dark",
    };
    let title = escape_html(page.title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<style>\n{EMBED_CSS}</style>\n</head>\n\
<body class=\"{body_class}\">\n<section class=\"pr-embed\" aria-label=\"{title}\">\n\
<h1 class=\"pr-heading\">{title}</h1>\n"
    );
    let shown: Vec<&EmbedEntry> = entries.iter().take(options.limit).collect();
    if shown.is_empty() {
        out.push_str("<p class=\"pr-empty\">Zurzeit keine Meldungen.</p>\n");
    } else {
        out.push_str("<ul class=\"pr-list\">\n");
        for entry in shown {
            out.push_str(&entry_html(entry, page.timezone));
        }
        out.push_str("</ul>\n");
    }
    if let Some(href) = safe_href(page.feed_url) {
        out.push_str(&format!(
            "<p class=\"pr-foot\"><a href=\"{href}\" target=\"_blank\" rel=\"noopener\">Feed abonnieren</a> · presseradar</p>\n"
        ));
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

fn entry_html(entry: &EmbedEntry, timezone: Tz) -> String {
    let title = entry
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("(ohne Titel)");
    let title = escape_html(title);
    let heading = match entry.url.as_deref().and_then(safe_href) {
        Some(href) => format!("<a href=\"{href}\" target=\"_blank\" rel=\"noopener\">{title}</a>"),
        None => format!("<span class=\"pr-title\">{title}</span>"),
    };
    let mut meta = Vec::new();
    if let Some((shown, machine)) = entry
        .date_published
        .as_deref()
        .and_then(|d| german_date(d, timezone))
    {
        meta.push(format!("<time datetime=\"{machine}\">{shown}</time>"));
    }
    if let Some(source) = entry
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref())
        .find(|n| !n.trim().is_empty())
    {
        meta.push(format!(
            "<span class=\"pr-source\">{}</span>",
            escape_html(source.trim())
        ));
    }
    let badges: String = entry
        .extension
        .states
        .iter()
        .filter_map(|code| FedState::parse(code))
        .map(|s| {
            format!(
                "<abbr class=\"pr-state\" title=\"{}\">{}</abbr>",
                escape_html(s.name()),
                s.code()
            )
        })
        .collect();
    format!(
        "<li class=\"pr-item\">{heading}<div class=\"pr-meta\">{}{badges}</div></li>\n",
        meta.join(" · ")
    )
}

/// A bare page with one short message, for errors shown inside an iframe.
pub fn render_message_page(heading: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>{}</title>\n<style>\n{EMBED_CSS}</style>\n</head>\n\
<body>\n<p class=\"pr-empty\">{}</p>\n</body>\n</html>\n",
        escape_html(heading),
        escape_html(message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, url: &str) -> EmbedEntry {
        EmbedEntry {
            url: Some(url.to_string()),
            title: Some(title.to_string()),
            date_published: Some("2025-12-07T23:30:00+00:00".to_string()),
            authors: vec![EmbedAuthor {
                name: Some("Volksstimme & Co".to_string()),
            }],
            extension: EmbedExtension {
                states: vec!["ST".into(), "XX".into()],
            },
        }
    }

    fn page() -> EmbedPage<'static> {
        EmbedPage {
            title: "Ost <Feed>",
            feed_url: "http://127.0.0.1:8080/feeds/ost.rss",
            timezone: chrono_tz::Europe::Berlin,
        }
    }

    #[test]
    fn dates_are_german_and_in_berlin_time() {
        // 23:30 UTC on the 7th is already the 8th in Berlin.
        let (shown, machine) =
            german_date("2025-12-07T23:30:00+00:00", chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(shown, "08.12.2025");
        assert_eq!(machine, "2025-12-07T23:30:00Z");
        assert_eq!(german_date("gestern", chrono_tz::Europe::Berlin), None);
    }

    #[test]
    fn only_http_links_survive() {
        assert_eq!(
            safe_href("https://example.org/a?b=1&c=\"2\"").as_deref(),
            Some("https://example.org/a?b=1&amp;c=%222%22")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<b>x</b>"), None);
        assert_eq!(safe_href("/relative"), None);
    }

    #[test]
    fn hostile_titles_and_links_are_inert() {
        let html = render_embed_page(
            &page(),
            &[
                entry(
                    "<script>alert(1)</script>\"onmouseover=x",
                    "https://example.org/1",
                ),
                entry("Zweiter", "javascript:alert(2)"),
            ],
            EmbedOptions {
                limit: 10,
                theme: Theme::Light,
            },
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=x"));
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("<span class=\"pr-title\">Zweiter</span>"));
        assert!(html.contains("<title>Ost &lt;Feed&gt;</title>"));
        assert!(html.contains("Volksstimme &amp; Co"));
        assert!(html.contains("<abbr class=\"pr-state\" title=\"Sachsen-Anhalt\">ST</abbr>"));
        assert!(!html.contains(">XX<"), "unknown state codes are dropped");
        assert!(
            html.contains("<a href=\"https://example.org/1\" target=\"_blank\" rel=\"noopener\">")
        );
    }

    #[test]
    fn limit_and_theme_shape_the_page() {
        let entries: Vec<EmbedEntry> = (1..=4)
            .map(|n| entry(&format!("Meldung {n}"), "https://example.org/"))
            .collect();
        let html = render_embed_page(
            &page(),
            &entries,
            EmbedOptions {
                limit: 2,
                theme: Theme::Dark,
            },
        );
        assert_eq!(html.matches("<li class=\"pr-item\">").count(), 2);
        assert!(html.contains("Meldung 2") && !html.contains("Meldung 3"));
        assert!(html.contains("<body class=\"pr-dark\">"));
        let empty = render_embed_page(&page(), &[], EmbedOptions::default());
        assert!(empty.contains("Zurzeit keine Meldungen."));
    }

    #[test]
    fn reads_the_items_of_our_json_feed() {
        let body = br#"{"version":"https://jsonfeed.org/version/1.1","items":[
            {"id":"a","url":"https://example.org/x","title":"T","date_published":"2025-12-07T13:30:00+00:00",
             "authors":[{"name":"Ministerium"}],"_presseradar":{"states":["ST","SN"],"topics":[]}}]}"#;
        let entries = entries_from_json_feed(body).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].extension.states, vec!["ST", "SN"]);
        assert!(entries_from_json_feed(b"<rss/>").is_err());
    }
}
