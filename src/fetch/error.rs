//! The one error type of the fetcher, worded for the editors who read it in the sources view.

use std::time::Duration;

/// Why a fetch failed. Every variant names the URL it concerns, and its message reads as
/// plain words ("timed out after 30 s", "blocked by robots.txt").
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The connection could not be made or broke off; `reason` is already plain words
    /// ("connection refused", "host not found").
    #[error("{url}: {reason}{}", after_attempts(*attempts))]
    Network {
        url: String,
        reason: String,
        attempts: u32,
    },
    /// The server answered with an error status on every attempt.
    #[error("{url}: HTTP {status} {}{}", status_reason(*status), after_attempts(*attempts))]
    Status {
        url: String,
        status: u16,
        attempts: u32,
    },
    /// The whole request (headers and body) took longer than the total timeout.
    #[error("{url}: timed out after {}", human_duration(*after))]
    Timeout { url: String, after: Duration },
    /// The body stopped flowing: no data arrived for `after`.
    #[error("{url}: stalled, no data for {}", human_duration(*after))]
    Stalled { url: String, after: Duration },
    #[error("{url}: body exceeds {} limit", human_bytes(*limit))]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: too many redirects (>{max})")]
    TooManyRedirects { url: String, max: u32 },
    /// A redirect without a usable Location header.
    #[error("{url}: redirect without a usable target ({reason})")]
    BadRedirect { url: String, reason: String },
    /// Only http and https are fetched, also as redirect targets.
    #[error("{url}: unsupported URL scheme \"{scheme}\" (only http and https)")]
    UnsupportedScheme { url: String, scheme: String },
    #[error("{url}: blocked by robots.txt")]
    Robots { url: String },
    /// robots.txt could not be read; by convention the site is left alone for a while.
    /// `reason` leads with what went wrong (a network failure's kind, or robots.txt's HTTP
    /// status), so that an offline machine reads as offline, not as a site's refusal.
    #[error(
        "{url}: {reason}; robots.txt could not be read, so nothing on this site is fetched until it can be"
    )]
    RobotsUnreadable { url: String, reason: String },
    /// The server asked us to come back later than we are willing to wait in one job.
    #[error(
        "{url}: server asked to retry after {}, longer than the {} we wait",
        human_duration(*wait),
        human_duration(*cap)
    )]
    RetryAfterTooLong {
        url: String,
        wait: Duration,
        cap: Duration,
    },
    /// The response arrived but its body could not be decompressed or read.
    #[error("{url}: unreadable body ({reason})")]
    Body { url: String, reason: String },
    #[error("could not build the HTTP client: {0}")]
    Client(String),
}

impl FetchError {
    /// The URL the error concerns (empty for [`FetchError::Client`]).
    pub fn url(&self) -> &str {
        match self {
            FetchError::Network { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Stalled { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::BadRedirect { url, .. }
            | FetchError::UnsupportedScheme { url, .. }
            | FetchError::Robots { url }
            | FetchError::RobotsUnreadable { url, .. }
            | FetchError::RetryAfterTooLong { url, .. }
            | FetchError::Body { url, .. } => url,
            FetchError::Client(_) => "",
        }
    }
}

fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

fn status_reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("(unknown status)")
}

/// "10 MiB", "512 KiB", "1500 bytes": limits are configured in round units, so show them so.
pub fn human_bytes(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// "30 s", "1.5 s", "250 ms".
pub fn human_duration(d: Duration) -> String {
    let millis = d.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if millis.is_multiple_of(1000) {
        format!("{} s", millis / 1000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Turns a reqwest error into words an editor understands, by looking for the I/O cause.
pub(crate) fn describe_network_error(err: &reqwest::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind;
            let words = match io.kind() {
                ErrorKind::ConnectionRefused => Some("connection refused"),
                ErrorKind::ConnectionReset => Some("connection reset by the server"),
                ErrorKind::ConnectionAborted => Some("connection aborted"),
                ErrorKind::UnexpectedEof => Some("connection closed before the response ended"),
                ErrorKind::TimedOut => Some("connection timed out"),
                _ => None,
            };
            if let Some(words) = words {
                return words.to_string();
            }
        }
        source = cause.source();
    }
    if err.is_dns() {
        return "host not found (no DNS answer: the name does not exist, or this machine is offline)"
            .to_string();
    }
    let innermost = innermost_message(err);
    let lower = innermost.to_lowercase();
    if ["certificate", "tls", "handshake", "ssl"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return format!("TLS failed ({innermost})");
    }
    if err.is_timeout() {
        return "connection timed out".to_string();
    }
    if err.is_connect() {
        format!("could not connect ({innermost})")
    } else {
        format!("connection failed ({innermost})")
    }
}

fn innermost_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_plain_words() {
        let url = "https://example.org/presse".to_string();
        let status = FetchError::Status {
            url: url.clone(),
            status: 503,
            attempts: 3,
        };
        assert_eq!(
            status.to_string(),
            "https://example.org/presse: HTTP 503 Service Unavailable after 3 attempts"
        );
        let too_large = FetchError::TooLarge {
            url: url.clone(),
            limit: 10 * 1024 * 1024,
        };
        assert_eq!(
            too_large.to_string(),
            "https://example.org/presse: body exceeds 10 MiB limit"
        );
        let timeout = FetchError::Timeout {
            url: url.clone(),
            after: Duration::from_secs(30),
        };
        assert_eq!(
            timeout.to_string(),
            "https://example.org/presse: timed out after 30 s"
        );
        let redirects = FetchError::TooManyRedirects { url, max: 5 };
        assert!(redirects.to_string().ends_with("too many redirects (>5)"));
    }

    #[test]
    fn single_attempt_does_not_mention_attempts() {
        let err = FetchError::Status {
            url: "http://x/".into(),
            status: 404,
            attempts: 1,
        };
        assert_eq!(err.to_string(), "http://x/: HTTP 404 Not Found");
    }

    #[test]
    fn sizes_and_durations_in_round_units() {
        assert_eq!(human_bytes(1024 * 1024), "1 MiB");
        assert_eq!(human_bytes(500 * 1024), "500 KiB");
        assert_eq!(human_bytes(1500), "1500 bytes");
        assert_eq!(human_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(human_duration(Duration::from_secs(120)), "120 s");
    }
}
