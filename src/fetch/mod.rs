//! Fetching: one HTTP GET of a source URL with conditional-GET validators, size and time
//! limits, and decoding of the body to text.

use url::Url;

use crate::config::Settings;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: {reason}")]
    Network { url: String, reason: String },
    #[error("{url}: HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: body larger than {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    #[error("could not build the HTTP client: {0}")]
    Client(String),
}

/// What to fetch, with the validators remembered from the last successful fetch.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    pub url: Url,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Honour robots.txt for this URL.
    pub obey_robots: bool,
}

#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per fetch; boxing buys nothing
pub enum FetchOutcome {
    /// 304: nothing changed since the validators were issued.
    NotModified,
    Fetched(Fetched),
}

#[derive(Debug)]
pub struct Fetched {
    /// The URL after redirects; relative links resolve against it.
    pub final_url: Url,
    pub content_type: Option<String>,
    /// The body as received (decompressed).
    pub bytes: Vec<u8>,
    /// The body decoded to UTF-8 text.
    pub text: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub struct Fetcher {
    client: reqwest::Client,
    max_body_bytes: u64,
}

impl Fetcher {
    pub fn new(settings: &Settings) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent(&settings.contact))
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.request_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            max_body_bytes: settings.max_body_bytes,
        })
    }

    pub async fn fetch(&self, req: &FetchRequest) -> Result<FetchOutcome, FetchError> {
        let url = req.url.to_string();
        let net = |e: reqwest::Error| FetchError::Network {
            url: url.clone(),
            reason: e.to_string(),
        };
        let mut builder = self.client.get(req.url.clone());
        if let Some(etag) = &req.etag {
            builder = builder.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &req.last_modified {
            builder = builder.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
        let mut resp = builder.send().await.map_err(net)?;
        if resp.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified);
        }
        if !resp.status().is_success() {
            return Err(FetchError::Status {
                url,
                status: resp.status().as_u16(),
            });
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let final_url = resp.url().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(net)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > self.max_body_bytes {
                return Err(FetchError::TooLarge {
                    url,
                    limit: self.max_body_bytes,
                });
            }
        }
        let text = decode_text(&bytes, content_type.as_deref());
        Ok(FetchOutcome::Fetched(Fetched {
            final_url,
            content_type,
            bytes,
            text,
            etag,
            last_modified,
        }))
    }
}

pub fn user_agent(contact: &str) -> String {
    format!("presseradar/{} (+{contact})", env!("CARGO_PKG_VERSION"))
}

/// Decode a body by the charset in its Content-Type, else its BOM, else as UTF-8 with
/// a windows-1252 fallback. (The full sniffing lives in the charset module.)
pub fn decode_text(bytes: &[u8], content_type: Option<&str>) -> String {
    let label = content_type.and_then(|ct| {
        ct.split(';')
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .next()
            .map(|c| c.trim_matches('"').to_string())
    });
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors && encoding == encoding_rs::UTF_8 {
        return encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned();
    }
    text.into_owned()
}
