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

use super::cache::FeedSpec;
use super::cache::conditional::{etag_of, respond, with_etag};
use super::links::public_url;
use super::{AppError, AppState};
use crate::publish::Format;
use crate::publish::html::{
    self, DEFAULT_LIMIT, EmbedOptions, EmbedPage, MAX_LIMIT, Theme, entries_from_json_feed,
    render_embed_page,
};

/// The content security policy of every page we expect to be framed by other sites:
/// nothing may load or run, only our inline style applies, any site may frame it.
pub const EMBED_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

const EMBED_JS: &str = include_str!("../../assets/embed.js");

/// The `?limit=` and `?theme=` of `/embed/{id}`. Unknown parameters are ignored on
/// purpose: embedding sites add cache busters (`?v=2`) to iframe URLs, and a broken
/// iframe helps nobody.
pub fn parse_options(query: &HashMap<String, String>) -> Result<EmbedOptions, String> {
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

/// A small HTML page for errors inside an iframe (a JSON error would show as raw text).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = html::render_message_page(&format!("presseradar – {}", status.as_u16()), message);
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
    let options = match parse_options(&query) {
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
    let json = match state
        .rendered_feed(FeedSpec::curated(feed, Format::Json), Format::Json)
        .await
    {
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
    // The precompressed variants are the JSON's; the compression layer encodes the page.
    html.compressed = None;
    let mut response = respond(&html, config.settings.feed_max_age_secs, &headers);
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

/// `GET /embed.js`: the embedding script, built into the binary.
pub async fn embed_script(headers: HeaderMap) -> Response {
    let mut response = with_etag(EMBED_JS, "application/javascript; charset=utf-8", &headers);
    let h = response.headers_mut();
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

    #[test]
    fn options_reject_out_of_range_values() {
        let q = |pairs: &[(&str, &str)]| {
            parse_options(
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
}
