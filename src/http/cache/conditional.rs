//! Conditional responses: strong and weak ETags, Last-Modified, 304s, Cache-Control, and
//! the gzip/brotli encodings of a rendered body, negotiated per request.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// A rendered body, as served.
#[derive(Clone)]
pub struct Rendered {
    pub body: bytes::Bytes,
    pub etag: String,
    pub last_modified: DateTime<Utc>,
    pub content_type: &'static str,
    /// The body compressed once at render time, so a cached feed costs no compression
    /// per request; each encoding is its own representation with its own strong ETag.
    /// `None` for responses assembled elsewhere (the compression layer handles those).
    pub compressed: Option<Arc<Compressed>>,
}

pub struct Compressed {
    pub gzip: bytes::Bytes,
    pub brotli: bytes::Bytes,
}

impl Compressed {
    pub fn of(body: &[u8]) -> Compressed {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 4),
            flate2::Compression::default(),
        );
        let gzip = gz
            .write_all(body)
            .and_then(|_| gz.finish())
            .unwrap_or_default();
        let mut brotli = Vec::with_capacity(body.len() / 4);
        {
            // Quality 6: on a 76 KB feed of 50 entries 0.5 % larger than quality 9, five times
            // faster (2 ms against 10) and 4 MB of encoder memory instead of 22 MB, which every
            // render of a feed held at once (the peak of `run` at a million items).
            let mut w = brotli::CompressorWriter::new(&mut brotli, 4096, 6, 22);
            let _ = w.write_all(body);
        }
        Compressed {
            gzip: bytes::Bytes::from(gzip),
            brotli: bytes::Bytes::from(brotli),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// The best encoding the client accepts (q > 0): brotli, then gzip, else none.
fn negotiate(request: &HeaderMap) -> Encoding {
    let Some(accept) = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            coding.eq_ignore_ascii_case(name) && q > 0.0
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The strong ETag of a body: the first 16 bytes of its SHA-256, quoted.
pub fn strong_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", crate::hex::encode(&digest[..16]))
}

/// The response for a rendered body: 304 when the client's validators still match.
/// `max_age_secs` goes into Cache-Control; any site may read the body (CORS).
pub fn respond(r: &Rendered, max_age_secs: u32, request: &HeaderMap) -> Response {
    let last_modified = httpdate::fmt_http_date(std::time::SystemTime::from(r.last_modified));
    let (encoding, body, etag) = match (&r.compressed, negotiate(request)) {
        (Some(c), Encoding::Brotli) => (
            Encoding::Brotli,
            c.brotli.clone(),
            variant_etag(&r.etag, "br"),
        ),
        (Some(c), Encoding::Gzip) => (Encoding::Gzip, c.gzip.clone(), variant_etag(&r.etag, "gz")),
        _ => (Encoding::Identity, r.body.clone(), r.etag.clone()),
    };
    let not_modified = match request.get(header::IF_NONE_MATCH) {
        Some(_) => etag_matches(request, &etag),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| {
                let lm = std::time::SystemTime::from(r.last_modified);
                lm <= since
            }),
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(body))
    };
    let h = response.headers_mut();
    let xml_feed = r.content_type.starts_with("application/rss+xml")
        || r.content_type.starts_with("application/atom+xml");
    if !not_modified {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(browser_type(r.content_type, xml_feed, request)),
        );
        match encoding {
            Encoding::Brotli => {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Encoding::Gzip => {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            // The client takes neither gzip nor br, so the compression layer (which
            // knows only those two) leaves this body alone as well.
            Encoding::Identity => {}
        }
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&last_modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={max_age_secs}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    let vary = if xml_feed {
        "Accept-Encoding, Accept"
    } else {
        "Accept-Encoding"
    };
    h.insert(header::VARY, HeaderValue::from_static(vary));
    response
}

/// A browser opening an RSS or Atom feed (it asks for `text/html`) gets the same bytes as
/// `application/xml`, the type under which browsers apply the feed's XSLT stylesheet;
/// feed readers get the feed's own type.
fn browser_type(content_type: &'static str, xml_feed: bool, request: &HeaderMap) -> &'static str {
    let wants_html = request
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/html"));
    if xml_feed && wants_html {
        "application/xml; charset=utf-8"
    } else {
        content_type
    }
}

/// `"abc"` → `"abc-br"`: the strong ETag of one encoding of a representation.
fn variant_etag(etag: &str, suffix: &str) -> String {
    match etag.strip_suffix('"') {
        Some(inner) => format!("{inner}-{suffix}\""),
        None => format!("{etag}-{suffix}"),
    }
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
pub fn with_etag(
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
