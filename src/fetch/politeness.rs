//! Politeness: one request at a time per host, a minimum interval between two requests'
//! arrivals at a host, a global cap on parallel requests, and per-URL "not before" times
//! from Retry-After.
//!
//! The interval runs from when the previous answer began to arrive, not from when we took
//! the turn: a request can reach the server well after its turn began (a slow accept, a new
//! connection, a client runtime busy with parsing), and the next one must not then land
//! closer than the interval. On a prompt server the two points are a round trip apart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Shared by every fetch of one [`super::Fetcher`].
pub struct Politeness {
    min_interval: Duration,
    crawl_delay_cap: Duration,
    global: Arc<Semaphore>,
    // std Mutexes: they guard plain map lookups and are never held across an await.
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<HostState>>>>,
    crawl_delays: Mutex<HashMap<String, Duration>>,
    not_before: Mutex<HashMap<String, Instant>>,
}

#[derive(Default)]
struct HostState {
    /// The latest moment our previous request can have reached the host: when its answer
    /// began to arrive, or when the attempt ended without one.
    last_arrival: Option<Instant>,
}

/// The right to send one request to a host now. Dropping it lets the next request to the
/// host (after the interval) and another request anywhere (global cap) go ahead.
pub struct HostTurn {
    host: OwnedMutexGuard<HostState>,
    answered: bool,
    _permit: Option<OwnedSemaphorePermit>,
}

impl HostTurn {
    /// Call when the answer's head has arrived: the server has had the request by then,
    /// so the host's interval counts from now. The body may take longer; that does not
    /// delay the next request any further.
    pub fn answered(&mut self) {
        self.host.last_arrival = Some(Instant::now());
        self.answered = true;
    }
}

impl Drop for HostTurn {
    /// No answer (network error, timeout): the request may have reached the server at any
    /// moment until now, so the interval counts from the end of the attempt.
    fn drop(&mut self) {
        if !self.answered {
            self.host.last_arrival = Some(Instant::now());
        }
    }
}

impl Politeness {
    pub fn new(min_interval: Duration, max_concurrency: usize, crawl_delay_cap: Duration) -> Self {
        Politeness {
            min_interval,
            crawl_delay_cap,
            global: Arc::new(Semaphore::new(max_concurrency.max(1))),
            hosts: Mutex::default(),
            crawl_delays: Mutex::default(),
            not_before: Mutex::default(),
        }
    }

    /// Waits until `host` is free and its interval has passed, then until a global slot is
    /// free. The host is taken first so that a request queued behind a busy host does not
    /// sit on one of the global slots meanwhile.
    pub async fn turn(&self, host: &str) -> HostTurn {
        let slot = lock(&self.hosts)
            .entry(host.to_string())
            .or_default()
            .clone();
        let state = slot.lock_owned().await;
        if let Some(last_arrival) = state.last_arrival {
            tokio::time::sleep_until(last_arrival + self.interval_for(host)).await;
        }
        // The semaphore is never closed, so this only fails if that ever changes; then
        // running without the global cap beats failing every fetch.
        let permit = self.global.clone().acquire_owned().await.ok();
        HostTurn {
            host: state,
            answered: false,
            _permit: permit,
        }
    }

    /// The gap between two requests' arrivals on `host`: our interval, or the site's
    /// Crawl-delay if longer, but never more than the cap (some sites ask for hours).
    pub fn interval_for(&self, host: &str) -> Duration {
        let crawl_delay = lock(&self.crawl_delays).get(host).copied();
        match crawl_delay {
            Some(delay) => delay.min(self.crawl_delay_cap).max(self.min_interval),
            None => self.min_interval,
        }
    }

    pub fn set_crawl_delay(&self, host: &str, delay: Option<Duration>) {
        let mut delays = lock(&self.crawl_delays);
        match delay {
            Some(delay) => delays.insert(host.to_string(), delay),
            None => delays.remove(host),
        };
    }

    /// Waits out a Retry-After recorded for exactly this URL; other URLs are unaffected.
    pub async fn wait_for_url(&self, url: &str) {
        let until = lock(&self.not_before).get(url).copied();
        if let Some(until) = until {
            tokio::time::sleep_until(until).await;
            let mut not_before = lock(&self.not_before);
            if not_before.get(url).is_some_and(|&t| t <= Instant::now()) {
                not_before.remove(url);
            }
        }
    }

    /// Remembers that `url` must not be requested again before `delay` has passed.
    pub fn defer_url(&self, url: &str, delay: Duration) {
        let until = Instant::now() + delay;
        let mut not_before = lock(&self.not_before);
        let entry = not_before.entry(url.to_string()).or_insert(until);
        *entry = (*entry).max(until);
    }
}

/// A poisoned map only means another fetch panicked mid-update of a plain map; the data
/// is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn second_turn_on_a_host_waits_for_the_interval() {
        let interval = Duration::from_millis(200);
        let politeness = Politeness::new(interval, 8, Duration::from_secs(30));
        let start = Instant::now();
        drop(politeness.turn("example.org").await);
        drop(politeness.turn("other.example").await);
        assert!(start.elapsed() < interval);
        drop(politeness.turn("example.org").await);
        assert!(start.elapsed() >= interval);
    }

    #[tokio::test]
    async fn interval_counts_from_the_answer_or_from_the_end_of_a_failed_attempt() {
        let interval = Duration::from_millis(100);
        let politeness = Politeness::new(interval, 8, Duration::from_secs(30));
        let mut turn = politeness.turn("example.org").await;
        // The answer comes later than the interval after the turn began.
        tokio::time::sleep(interval + Duration::from_millis(50)).await;
        let before_answer = Instant::now();
        turn.answered();
        drop(turn);
        let turn = politeness.turn("example.org").await;
        assert!(Instant::now() >= before_answer + interval);
        // No answer at all: the attempt's end counts.
        tokio::time::sleep(interval + Duration::from_millis(50)).await;
        let before_end = Instant::now();
        drop(turn);
        drop(politeness.turn("example.org").await);
        assert!(Instant::now() >= before_end + interval);
    }

    #[test]
    fn crawl_delay_raises_the_interval_up_to_the_cap() {
        let politeness = Politeness::new(Duration::from_secs(1), 8, Duration::from_secs(30));
        politeness.set_crawl_delay("a.example", Some(Duration::from_secs(5)));
        politeness.set_crawl_delay("b.example", Some(Duration::from_secs(3600)));
        politeness.set_crawl_delay("c.example", Some(Duration::from_millis(100)));
        assert_eq!(politeness.interval_for("a.example"), Duration::from_secs(5));
        assert_eq!(
            politeness.interval_for("b.example"),
            Duration::from_secs(30)
        );
        assert_eq!(politeness.interval_for("c.example"), Duration::from_secs(1));
        assert_eq!(politeness.interval_for("d.example"), Duration::from_secs(1));
    }

    #[tokio::test]
    async fn deferral_applies_to_one_url_only() {
        let delay = Duration::from_millis(200);
        let politeness = Politeness::new(Duration::ZERO, 8, Duration::from_secs(30));
        politeness.defer_url("http://h/a", delay);
        let start = Instant::now();
        politeness.wait_for_url("http://h/b").await;
        assert!(start.elapsed() < delay);
        politeness.wait_for_url("http://h/a").await;
        assert!(start.elapsed() >= delay);
    }
}
