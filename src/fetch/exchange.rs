//! One HTTP request and its answer, sorted into what the fetch loop needs to decide next:
//! done, not modified, redirect, retry, or give up.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use url::Url;

use super::body::{BodyError, GzipError, read_capped, unpack_gzip_file};
use super::error::describe_network_error;
use super::politeness::HostTurn;
use super::{FetchError, FetchRequest, Fetched, Fetcher, decode_text, retry};

/// Feeds first, then pages; the same client fetches both.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

#[derive(Debug)]
pub(super) enum Answer {
    NotModified,
    Body(Fetched),
    Redirect(Url),
    /// A status worth retrying (5xx, 429), with the server's Retry-After if it sent one.
    Retry {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// A status not worth retrying (4xx and odd ones).
    Failed {
        status: u16,
    },
}

impl Fetcher {
    /// Sends one GET for `url` (with the validators of `req`, if any) and reads at most
    /// `cap` bytes of decompressed body. Network failures come back as
    /// [`FetchError::Network`] so the caller can retry them. `turn` is marked answered as
    /// soon as the response head arrives (the host interval counts from then).
    pub(super) async fn exchange(
        &self,
        url: &Url,
        req: Option<&FetchRequest>,
        cap: u64,
        turn: &mut HostTurn,
    ) -> Result<Answer, FetchError> {
        let mut request = self.client.get(url.clone()).header(header::ACCEPT, ACCEPT);
        if let Some(req) = req {
            if let Some(etag) = &req.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &req.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, last_modified);
            }
        }
        let response = request.send().await.map_err(|e| network_error(url, &e))?;
        turn.answered();
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Answer::NotModified);
        }
        if status.is_redirection() && status != StatusCode::MULTIPLE_CHOICES {
            return redirect_target(url, response.headers()).map(Answer::Redirect);
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let retry_after = header_text(response.headers(), header::RETRY_AFTER)
                .and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
            return Ok(Answer::Retry {
                status: status.as_u16(),
                retry_after,
            });
        }
        if !status.is_success() {
            return Ok(Answer::Failed {
                status: status.as_u16(),
            });
        }

        self.read_body(url, response, cap).await.map(Answer::Body)
    }

    /// The body of a successful response, at most `cap` bytes decompressed, decoded to
    /// text with the charset it declares or shows.
    async fn read_body(
        &self,
        url: &Url,
        response: reqwest::Response,
        cap: u64,
    ) -> Result<Fetched, FetchError> {
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit: cap,
        };
        // reqwest reports no length for bodies it decompresses, so this only catches honest
        // plain bodies early; the streaming cap below catches everything else.
        if response.content_length().is_some_and(|length| length > cap) {
            return Err(too_large());
        }
        let headers = response.headers().clone();
        let final_url = response.url().clone();
        let stall = self.options.stall_timeout;
        let bytes = match read_capped(response.bytes_stream(), cap, stall).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge) => return Err(too_large()),
            Err(BodyError::Stalled) => {
                return Err(FetchError::Stalled {
                    url: url.to_string(),
                    after: stall,
                });
            }
            Err(BodyError::Source(err)) if err.is_decode() || is_decompression_error(&err) => {
                return Err(FetchError::Body {
                    url: url.to_string(),
                    reason: format!("could not decompress: {}", innermost(&err)),
                });
            }
            Err(BodyError::Source(err)) => return Err(network_error(url, &err)),
        };
        let bytes = match unpack_gzip_file(bytes, cap) {
            Ok(bytes) => bytes,
            Err(GzipError::TooLarge) => return Err(too_large()),
            Err(GzipError::Broken(reason)) => {
                return Err(FetchError::Body {
                    url: url.to_string(),
                    reason: format!("a gzip file that could not be unpacked: {reason}"),
                });
            }
        };
        let content_type = header_text(&headers, header::CONTENT_TYPE);
        let text = decode_text(&bytes, content_type.as_deref());
        Ok(Fetched {
            final_url,
            content_type,
            bytes,
            text,
            etag: header_text(&headers, header::ETAG),
            last_modified: header_text(&headers, header::LAST_MODIFIED),
        })
    }
}

fn redirect_target(url: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let bad = |reason: &str| FetchError::BadRedirect {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let location = header_text(headers, header::LOCATION).ok_or_else(|| bad("no Location"))?;
    url.join(location.trim())
        .map_err(|e| bad(&format!("Location {location:?} is not a URL: {e}")))
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

/// Broken gzip/brotli data surfaces as an I/O error of kind InvalidData inside a body error.
fn is_decompression_error(err: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::InvalidData
        {
            return true;
        }
        source = cause.source();
    }
    false
}

fn innermost(err: &reqwest::Error) -> String {
    let mut current: &dyn std::error::Error = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// A failure of the connection: retried by the caller, which counts the attempts.
fn network_error(url: &Url, err: &reqwest::Error) -> FetchError {
    FetchError::Network {
        url: url.to_string(),
        reason: describe_network_error(err),
        attempts: 1,
    }
}
