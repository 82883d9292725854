//! Fetching: polite, bounded HTTP GETs of source URLs — conditional GET, robots.txt,
//! per-host intervals, retries, size and time limits — and decoding of bodies to text.
//!
//! One [`Fetcher`] is shared by all jobs; [`Fetcher::fetch`] follows redirects itself so
//! that every hop passes the same scheme, robots and politeness checks.

mod body;
mod charset;
mod error;
mod exchange;
mod politeness;
mod retry;
mod robots;

use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

pub use charset::{choose_encoding, decode_text, repair_mojibake, xml_as_utf8};
pub use error::FetchError;
pub use retry::{backoff_after, parse_retry_after};
pub use robots::{ROBOTS_TOKEN, RobotsRules};

use crate::config::Settings;
use exchange::Answer;
use politeness::Politeness;
use robots::{CachedRobots, RobotsCache};

/// What to fetch, with the validators remembered from the last successful fetch.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    pub url: Url,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Honour robots.txt for this URL.
    pub obey_robots: bool,
}

// One outcome exists per fetch and is consumed at once; boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
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
    /// The body decoded to UTF-8 text, with mojibake repaired (see [`decode_text`]).
    pub text: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Every limit and delay of a [`Fetcher`]; [`FetchOptions::from_settings`] gives the
/// production values, tests shrink the delays.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Sent as `presseradar/VERSION (+CONTACT)`.
    pub contact: String,
    pub max_body_bytes: u64,
    /// Minimum time between two requests' arrivals at one host, counted from when the
    /// previous answer began to arrive (see `politeness`).
    pub host_interval: Duration,
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    pub connect_timeout: Duration,
    /// Limit for one attempt: headers and the whole body.
    pub request_timeout: Duration,
    /// Limit for the gap between two body chunks.
    pub stall_timeout: Duration,
    pub max_redirects: u32,
    /// Attempts per fetch for network errors, 5xx and 429.
    pub max_attempts: u32,
    /// Pause before the first retry; doubles for each further one (with jitter).
    pub retry_base_delay: Duration,
    /// The longest Retry-After we wait out within one fetch.
    pub retry_after_cap: Duration,
    /// The longest robots.txt Crawl-delay we honour.
    pub crawl_delay_cap: Duration,
    /// How long a fetched robots.txt (or a 4xx for it) is trusted.
    pub robots_ttl: Duration,
    /// How long an unreadable robots.txt (5xx, network error) blocks the site.
    pub robots_error_ttl: Duration,
    pub robots_max_bytes: u64,
}

impl FetchOptions {
    /// Production defaults around the given contact.
    pub fn new(contact: &str) -> FetchOptions {
        FetchOptions {
            contact: contact.to_string(),
            max_body_bytes: 10 * 1024 * 1024,
            host_interval: Duration::from_secs(1),
            max_concurrency: 8,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            stall_timeout: Duration::from_secs(10),
            max_redirects: 5,
            max_attempts: 3,
            retry_base_delay: Duration::from_secs(2),
            retry_after_cap: Duration::from_secs(120),
            crawl_delay_cap: Duration::from_secs(30),
            robots_ttl: Duration::from_secs(24 * 60 * 60),
            robots_error_ttl: Duration::from_secs(10 * 60),
            robots_max_bytes: 512 * 1024,
        }
    }

    pub fn from_settings(settings: &Settings) -> FetchOptions {
        FetchOptions {
            max_body_bytes: settings.max_body_bytes,
            host_interval: settings.host_interval,
            max_concurrency: settings.max_concurrency,
            connect_timeout: settings.connect_timeout,
            request_timeout: settings.request_timeout,
            stall_timeout: settings.request_timeout.min(Duration::from_secs(10)),
            ..FetchOptions::new(&settings.contact)
        }
    }
}

/// The shared HTTP fetcher; cheap to call concurrently from many jobs (`&self`).
pub struct Fetcher {
    client: reqwest::Client,
    options: FetchOptions,
    politeness: Politeness,
    robots: RobotsCache,
}

impl Fetcher {
    pub fn new(settings: &Settings) -> Result<Fetcher, FetchError> {
        Fetcher::with_options(FetchOptions::from_settings(settings))
    }

    pub fn with_options(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent(&options.contact))
            .connect_timeout(options.connect_timeout)
            // Redirects are followed in `fetch`, so each hop is checked and paced.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        let politeness = Politeness::new(
            options.host_interval,
            options.max_concurrency,
            options.crawl_delay_cap,
        );
        Ok(Fetcher {
            client,
            options,
            politeness,
            robots: RobotsCache::default(),
        })
    }

    /// The HTTP client (its connection pool, TLS set-up and user agent) for requests that
    /// are not page fetches, such as the WebSub ping. It follows no redirects.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Fetches `req.url`, following up to `max_redirects` redirects and retrying network
    /// errors, 5xx and 429 within this call. Timeouts, stalls and oversized bodies are not
    /// retried: the server did answer, and another try would hold the host as long again.
    /// The size cap counts decompressed bytes, so it also stops compression bombs.
    pub async fn fetch(&self, req: &FetchRequest) -> Result<FetchOutcome, FetchError> {
        let mut url = req.url.clone();
        let mut redirects = 0;
        loop {
            check_scheme(&url)?;
            if req.obey_robots {
                self.check_robots(&url).await?;
            }
            match self
                .fetch_with_retries(&url, Some(req), self.options.max_body_bytes)
                .await?
            {
                Answer::NotModified => return Ok(FetchOutcome::NotModified),
                Answer::Body(fetched) => return Ok(FetchOutcome::Fetched(fetched)),
                Answer::Redirect(next) => {
                    redirects += 1;
                    if redirects > self.options.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url: req.url.to_string(),
                            max: self.options.max_redirects,
                        });
                    }
                    url = next;
                }
                Answer::Retry { status, .. } | Answer::Failed { status } => {
                    return Err(FetchError::Status {
                        url: url.to_string(),
                        status,
                        attempts: 1,
                    });
                }
            }
        }
    }

    /// One hop: attempts until success, a final failure, or `max_attempts`.
    async fn fetch_with_retries(
        &self,
        url: &Url,
        req: Option<&FetchRequest>,
        cap: u64,
    ) -> Result<Answer, FetchError> {
        let key = url.as_str();
        let mut attempt = 1;
        loop {
            self.politeness.wait_for_url(key).await;
            let result = self.paced_exchange(url, req, cap).await;
            let retry_after = match &result {
                Ok(Answer::Retry { retry_after, .. }) => *retry_after,
                Err(FetchError::Network { .. }) => None,
                _ => return result,
            };
            if let Some(wait) = retry_after
                && wait > self.options.retry_after_cap
            {
                return Err(FetchError::RetryAfterTooLong {
                    url: key.to_string(),
                    wait,
                    cap: self.options.retry_after_cap,
                });
            }
            if attempt >= self.options.max_attempts {
                return Err(match result {
                    Ok(Answer::Retry { status, .. }) => FetchError::Status {
                        url: key.to_string(),
                        status,
                        attempts: attempt,
                    },
                    Err(FetchError::Network { url, reason, .. }) => FetchError::Network {
                        url,
                        reason,
                        attempts: attempt,
                    },
                    other => return other,
                });
            }
            let delay = retry_after
                .unwrap_or_else(|| retry::attempt_delay(self.options.retry_base_delay, attempt));
            tracing::debug!(url = key, attempt, ?delay, "retrying");
            // Only this URL waits; the host stays free for other URLs meanwhile.
            self.politeness.defer_url(key, delay);
            attempt += 1;
        }
    }

    /// One request under the host's turn and the total timeout.
    async fn paced_exchange(
        &self,
        url: &Url,
        req: Option<&FetchRequest>,
        cap: u64,
    ) -> Result<Answer, FetchError> {
        let mut turn = self.politeness.turn(url.host_str().unwrap_or("")).await;
        let limit = self.options.request_timeout;
        tokio::time::timeout(limit, self.exchange(url, req, cap, &mut turn))
            .await
            .unwrap_or_else(|_| {
                Err(FetchError::Timeout {
                    url: url.to_string(),
                    after: limit,
                })
            })
    }

    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let rules = self.robots_rules(url).await;
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        if rules.allows(&path) {
            Ok(())
        } else if let Some(reason) = &rules.unreadable {
            Err(FetchError::RobotsUnreadable {
                url: url.to_string(),
                reason: reason.clone(),
            })
        } else {
            Err(FetchError::Robots {
                url: url.to_string(),
            })
        }
    }

    /// The cached rules for the URL's origin, downloading robots.txt when missing or stale.
    async fn robots_rules(&self, url: &Url) -> Arc<RobotsRules> {
        let slot = self.robots.slot(&url.origin().ascii_serialization());
        let mut cached = slot.lock().await;
        if let Some(entry) = cached.as_ref()
            && entry.expires > Instant::now()
        {
            return entry.rules.clone();
        }
        let (rules, ttl) = self.download_robots(url).await;
        let rules = Arc::new(rules);
        self.politeness
            .set_crawl_delay(url.host_str().unwrap_or(""), rules.crawl_delay);
        *cached = Some(CachedRobots {
            rules: rules.clone(),
            expires: Instant::now() + ttl,
        });
        rules
    }

    /// robots.txt by the usual convention: 2xx → its rules; 4xx → no rules; 5xx, network
    /// trouble or a redirect maze → disallow everything for a short while.
    async fn download_robots(&self, url: &Url) -> (RobotsRules, Duration) {
        let unreadable = |reason: String| {
            (
                RobotsRules::unreadable(reason),
                self.options.robots_error_ttl,
            )
        };
        let Ok(mut robots_url) = url.join("/robots.txt") else {
            return unreadable("no robots.txt address for this URL".into());
        };
        for _ in 0..=self.options.max_redirects {
            if let Err(e) = check_scheme(&robots_url) {
                return unreadable(format!("robots.txt: {e}"));
            }
            let answer = self
                .paced_exchange(&robots_url, None, self.options.robots_max_bytes)
                .await;
            let reason = match answer {
                Ok(Answer::Body(fetched)) => {
                    return (RobotsRules::parse(&fetched.text), self.options.robots_ttl);
                }
                Ok(Answer::Redirect(next)) => {
                    robots_url = next;
                    continue;
                }
                Ok(Answer::Failed { status } | Answer::Retry { status, .. })
                    if (400..500).contains(&status) && status != 429 =>
                {
                    return (RobotsRules::allow_all(), self.options.robots_ttl);
                }
                Ok(Answer::Failed { status } | Answer::Retry { status, .. }) => {
                    format!("robots.txt answered HTTP {status}")
                }
                Ok(Answer::NotModified) => "robots.txt answered 304 Not Modified unasked".into(),
                // The network's own words first ("connection refused", "host not found …").
                Err(FetchError::Network { reason, .. }) => reason,
                Err(e) => format!("robots.txt: {e}"),
            };
            tracing::warn!(url = %robots_url, %reason, "robots.txt unreadable; treating site as disallowed for now");
            return unreadable(reason);
        }
        unreadable(format!(
            "robots.txt: more than {} redirects",
            self.options.max_redirects
        ))
    }
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
            scheme: other.to_string(),
        }),
    }
}

pub fn user_agent(contact: &str) -> String {
    format!("presseradar/{} (+{contact})", env!("CARGO_PKG_VERSION"))
}
