//! Embedding: `/embed/{id}`, an iframe-able HTML list of a curated feed, and `/embed.js`,
//! the script that renders a feed into `<div data-presseradar-feed="ID">` on other sites.
//!
//! The HTML list is drawn from the cached JSON Feed of the same `[[feed]]`, so the iframe,
//! the script and `/feeds/{id}.json` always show the same items in the same order, and an
//! embed costs no database work while the feed cache holds.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::feeds::{self, FeedSpec};
use super::landing::public_url;
use super::{AppError, AppState};
use crate::publish::Format;
use crate::sanitize::escape_html;
use crate::vocab::State as FedState;

/// The content security policy of every page we expect to be framed by other sites:
/// nothing may load or run, only our inline style applies, any site may frame it.
pub const EMBED_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

/// Items shown when the embedding site does not say; `?limit=` may ask for 1 to 50.
pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 50;

const EMBED_JS: &str = include_str!("../../assets/embed.js");

/// The colour scheme of an embed; embedding sites refine it with `--pr-*` properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// What the query string of `/embed/{id}` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedOptions {
    pub limit: usize,
    pub theme: Theme,
}

impl EmbedOptions {
    /// Unknown parameters are ignored on purpose: embedding sites add cache busters
    /// (`?v=2`) to iframe URLs, and a broken iframe helps nobody.
    pub fn from_query(query: &HashMap<String, String>) -> Result<EmbedOptions, String> {
        let limit = match query.get("limit") {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    format!("limit must be a whole number from 1 to {MAX_LIMIT}, not {text:?}")
                })?,
        };
        let theme = match query.get("theme").map(|t| t.trim()) {
            None | Some("") | Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(other) => {
                return Err(format!(
                    "theme must be \"light\" or \"dark\", not {other:?}"
                ));
            }
        };
        Ok(EmbedOptions { limit, theme })
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

/// The stylesheet shared by the embed page; every colour and the font come from a
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

/// A small HTML page for errors inside an iframe (a JSON error would show as raw text).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>presseradar – {code}</title>\n<style>\n{EMBED_CSS}</style>\n</head>\n\
<body>\n<p class=\"pr-empty\">{message}</p>\n</body>\n</html>\n",
        code = status.as_u16(),
        message = escape_html(message),
    );
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    add_embed_headers(h);
    response
}

/// Headers every framed page carries (CSP, CORS, no MIME sniffing).
fn add_embed_headers(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EMBED_CSP),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// `GET /embed/{id}`: the curated feed `id` as a framable HTML list.
pub async fn embed_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let options = match EmbedOptions::from_query(&query) {
        Ok(o) => o,
        Err(message) => return error_page(StatusCode::BAD_REQUEST, &message),
    };
    let config = state.config();
    let Some(feed) = config.feed(&id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            &format!("Keinen Feed mit der Kennung {id:?} gefunden."),
        );
    };
    let json =
        match feeds::rendered(&state, FeedSpec::curated(feed, Format::Json), Format::Json).await {
            Ok(r) => r,
            Err(e) => return embed_failure(e),
        };
    let entries = match entries_from_json_feed(&json.body) {
        Ok(e) => e,
        Err(message) => return embed_failure(AppError::Internal(message)),
    };
    let feed_url = public_url(&config.settings.base_url, &format!("feeds/{}.rss", feed.id));
    let page = EmbedPage {
        title: &feed.title,
        feed_url: &feed_url,
        timezone: config.settings.timezone,
    };
    let body = render_embed_page(&page, &entries, options);
    // The JSON render carries the validators of the data; ours must also change with
    // the markup, so the ETag is the digest of the page itself.
    let mut html = json;
    html.etag = etag_of(body.as_bytes());
    html.body = bytes::Bytes::from(body);
    html.content_type = "text/html; charset=utf-8";
    let mut response = feeds::respond(&config, &html, &headers);
    add_embed_headers(response.headers_mut());
    response
}

fn embed_failure(error: AppError) -> Response {
    tracing::error!(%error, "embed page failed");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Die Meldungen konnten gerade nicht geladen werden.",
    )
}

/// A strong ETag: the first 16 bytes of the SHA-256 of the body, quoted.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether a request's `If-None-Match` names this ETag (or `*`).
pub fn etag_matches(request: &HeaderMap, etag: &str) -> bool {
    request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

/// `GET /embed.js`: the embedding script, built into the binary.
pub async fn embed_script(headers: HeaderMap) -> Response {
    let etag = etag_of(EMBED_JS.as_bytes());
    let mut response = if etag_matches(&headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = EMBED_JS.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/javascript; charset=utf-8"),
        );
        r
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    // The script changes only with a new release; an hour keeps fixes arriving soon.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
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
        let empty = render_embed_page(
            &page(),
            &[],
            EmbedOptions::from_query(&HashMap::new()).unwrap(),
        );
        assert!(empty.contains("Zurzeit keine Meldungen."));
    }

    #[test]
    fn options_reject_out_of_range_values() {
        let q = |pairs: &[(&str, &str)]| {
            EmbedOptions::from_query(
                &pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        assert_eq!(
            q(&[("limit", "50"), ("theme", "dark"), ("v", "2")]).unwrap(),
            EmbedOptions {
                limit: 50,
                theme: Theme::Dark
            }
        );
        assert!(q(&[("limit", "0")]).unwrap_err().contains("1 to 50"));
        assert!(q(&[("limit", "51")]).is_err());
        assert!(q(&[("limit", "fünf")]).is_err());
        assert!(q(&[("theme", "pink")]).unwrap_err().contains("dark"));
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
