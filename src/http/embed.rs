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
use sha2::{Digest, Sha256};

use super::feeds::{self, FeedSpec};
use super::landing::public_url;
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
    // The precompressed variants are the JSON's; the compression layer encodes the page.
    html.compressed = None;
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

/// A weak ETag: the first 16 bytes of the SHA-256 of the body. Weak, because the
/// compression layer serves gzip and brotli encodings of these pages under the same
/// validator, which a strong one must not be (RFC 9110, 8.8.3).
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("W/\"{}\"", crate::hex::encode(&digest[..16]))
}

/// Whether a request's `If-None-Match` names this ETag (or `*`), by the weak comparison
/// that header calls for: `W/` does not count.
pub fn etag_matches(request: &HeaderMap, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == "*" || opaque(t) == opaque(etag))
        })
}

/// A 200 with `body` and its (weak) ETag, or a 304 when the request's If-None-Match holds it.
pub(crate) fn with_etag(
    body: impl Into<String>,
    content_type: &'static str,
    headers: &HeaderMap,
) -> Response {
    let body = body.into();
    let etag = etag_of(body.as_bytes());
    let mut response = if etag_matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = body.into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    if let Ok(v) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
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
