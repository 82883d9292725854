//! The scheduler: every source on its own cron schedule in `settings.timezone`, with a
//! per-source jitter, single-flight, the back-off after failures, and one catch-up run
//! after downtime instead of a burst.
//!
//! Time is read from a [`Clock`] that follows tokio's clock, so tests run whole days of
//! schedule in milliseconds with paused time.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::{Schedule, Source};
use crate::pipeline::Pipeline;
use crate::report::PollReport;
use crate::store::{parse_ts, sources};

/// Wall-clock time that advances with tokio's clock (and so can be paused in tests).
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    wall: DateTime<Utc>,
    instant: tokio::time::Instant,
}

impl Clock {
    pub fn new() -> Clock {
        Clock::starting_at(Utc::now())
    }

    pub fn starting_at(wall: DateTime<Utc>) -> Clock {
        Clock {
            wall,
            instant: tokio::time::Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(self.instant.elapsed()).unwrap_or_default();
        self.wall + elapsed
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}

/// The next time `schedule` fires strictly after `after`, read in time zone `tz` (so
/// "daily at 03:00" stays 03:00 local across daylight-saving changes).
pub fn next_run(schedule: &Schedule, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    schedule
        .cron
        .after(&after.with_timezone(&tz))
        .next()
        .map(|t| t.with_timezone(&Utc))
}

/// The most recent time `schedule` fired at or before `now`, looking back at most a week.
pub fn previous_run(schedule: &Schedule, tz: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut t = next_run(schedule, tz, now - chrono::Duration::days(7))?;
    let mut last = None;
    while t <= now {
        last = Some(t);
        t = next_run(schedule, tz, t)?;
    }
    last
}

/// A stable per-source delay after each scheduled time, so that sources sharing a
/// schedule do not all fire at :00: up to a tenth of the schedule's period, at most
/// five minutes.
pub fn jitter(source_id: &str, schedule: &Schedule, tz: Tz) -> Duration {
    let reference = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let period = next_run(schedule, tz, reference)
        .and_then(|a| next_run(schedule, tz, a).map(|b| (b - a).num_milliseconds()))
        .unwrap_or(0)
        .max(0) as u64;
    let bound = (period / 10).min(5 * 60 * 1000);
    if bound == 0 {
        return Duration::ZERO;
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source_id.hash(&mut h);
    Duration::from_millis(h.finish() % bound)
}

/// The start-up line of a schedule: how many sources, and when polls begin — sources
/// never polled or whose slot passed while the service was down are polled at once (after
/// their jitter), the others at their next slot.
pub fn start_summary(sources: &[Source], tz: Tz, now: DateTime<Utc>) -> String {
    let enabled: Vec<&Source> = sources.iter().filter(|s| s.enabled).collect();
    let disabled = sources.len() - enabled.len();
    let first_slot = enabled
        .iter()
        .filter_map(|s| {
            let jitter = chrono::Duration::from_std(jitter(&s.id, &s.schedule, tz)).ok()?;
            Some(next_run(&s.schedule, tz, now)? + jitter)
        })
        .min();
    let disabled = match disabled {
        0 => String::new(),
        n => format!(" ({n} disabled)"),
    };
    match first_slot {
        None => format!("no source to poll{disabled}"),
        Some(at) => format!(
            "polling {} source{}{disabled}: those due or never polled now, the next scheduled poll at {}",
            enabled.len(),
            if enabled.len() == 1 { "" } else { "s" },
            at.with_timezone(&tz).format("%d.%m.%Y %H:%M:%S %Z")
        ),
    }
}

/// Whether a scheduled run was missed while the service was down: the schedule fired
/// after the source's last attempt (or the source was never attempted).
pub fn missed_run(
    schedule: &Schedule,
    tz: Tz,
    last_attempt: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    // One step from the last attempt, not a walk over the past week's slots: that walk
    // is 604 800 cron steps per source for a per-second schedule, and it runs on the
    // async runtime at start-up.
    match last_attempt {
        None => true,
        Some(last) => next_run(schedule, tz, last).is_some_and(|t| t <= now),
    }
}

/// What the scheduler runs; the pipeline in production, a fake in tests.
/// How long a shutdown lets a running poll finish before dropping it.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The scheduler was told to stop.
struct Stopped;

pub trait Job: Send + Sync + 'static {
    fn run(&self, source: &Source) -> impl std::future::Future<Output = PollReport> + Send;
    /// When the source was last attempted and when it may next be (its back-off).
    fn history(&self, source: &Source) -> impl std::future::Future<Output = History> + Send;
}

#[derive(Debug, Clone, Default)]
pub struct History {
    pub last_attempt: Option<DateTime<Utc>>,
    pub not_before: Option<DateTime<Utc>>,
}

impl Job for Pipeline {
    /// The job, then its publishing step: a job that changed what feeds show tells the
    /// WebSub hub (every path — schedule, `poll`, "poll now" — comes through here).
    async fn run(&self, source: &Source) -> PollReport {
        let report = self.poll_source(source).await;
        if report.changed_feeds() {
            crate::websub::announce(self.fetcher.client(), &self.config).await;
        }
        report
    }

    async fn history(&self, source: &Source) -> History {
        let id = source.id.clone();
        match self.store.read(move |c| sources::health(c, &id)).await {
            Ok(h) => History {
                last_attempt: h.last_attempt.as_deref().map(parse_ts),
                not_before: h.next_attempt_after.as_deref().map(parse_ts),
            },
            Err(_) => History::default(),
        }
    }
}

/// Runs jobs on schedule and on demand; a source never runs twice at once.
pub struct Scheduler<J: Job> {
    job: Arc<J>,
    tz: Tz,
    clock: Clock,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Set by every scheduled loop on each wake-up.
    pub heartbeat: Arc<Mutex<Option<DateTime<Utc>>>>,
    /// Scheduled loops still running; /healthz reads it.
    loops: std::sync::atomic::AtomicUsize,
}

impl<J: Job> Scheduler<J> {
    pub fn new(job: J, tz: Tz, clock: Clock) -> Arc<Scheduler<J>> {
        Arc::new(Scheduler {
            job: Arc::new(job),
            tz,
            clock,
            locks: Mutex::new(HashMap::new()),
            heartbeat: Arc::new(Mutex::new(None)),
            loops: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    fn lock_for(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.locks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(id.to_string())
            .or_default()
            .clone()
    }

    /// Poll now (the API's "poll now", `presseradar poll`): waits for a run already in
    /// flight to finish, then runs.
    pub async fn poll_now(&self, source: &Source) -> PollReport {
        let lock = self.lock_for(&source.id);
        let _guard = lock.lock().await;
        self.job.run(source).await
    }

    /// A scheduled run: skipped when the source is already running.
    async fn scheduled_run(&self, source: &Source) -> Option<PollReport> {
        let lock = self.lock_for(&source.id);
        let _guard = lock.try_lock().ok()?;
        Some(self.job.run(source).await)
    }

    /// A scheduled run that a shutdown does not wait for beyond [`SHUTDOWN_GRACE`]: a
    /// job stuck in retries and timeouts would otherwise hold the daemon for a minute.
    /// Dropping the job is safe: each fetch's items are written in one transaction (or
    /// not at all), and the next start catches the missed run up.
    async fn run_unless_stopped(
        &self,
        source: &Source,
        shutdown: &CancellationToken,
    ) -> Result<Option<PollReport>, Stopped> {
        let run = self.scheduled_run(source);
        tokio::pin!(run);
        tokio::select! {
            report = &mut run => return Ok(report),
            _ = shutdown.cancelled() => {}
        }
        match tokio::time::timeout(SHUTDOWN_GRACE, run).await {
            Ok(report) => Ok(report),
            Err(_) => {
                tracing::info!(source = %source.id, "poll abandoned at shutdown");
                Err(Stopped)
            }
        }
    }

    /// One task per enabled source, each stopping when `shutdown` is cancelled.
    pub fn spawn_all(
        self: &Arc<Self>,
        sources: &[Source],
        tracker: &TaskTracker,
        shutdown: &CancellationToken,
    ) {
        for source in sources.iter().filter(|s| s.enabled).cloned() {
            let me = self.clone();
            let token = shutdown.clone();
            tracker.spawn(async move { me.source_loop(source, token).await });
        }
    }

    async fn sleep_until(&self, at: DateTime<Utc>, shutdown: &CancellationToken) -> bool {
        let wait = (at - self.clock.now()).to_std().unwrap_or_default();
        tokio::select! {
            _ = shutdown.cancelled() => false,
            _ = tokio::time::sleep(wait) => true,
        }
    }

    pub fn running_loops(&self) -> usize {
        self.loops.load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn source_loop(self: Arc<Self>, source: Source, shutdown: CancellationToken) {
        self.loops
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.source_loop_inner(source, shutdown).await;
        self.loops
            .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }

    async fn source_loop_inner(self: &Arc<Self>, source: Source, shutdown: CancellationToken) {
        let jitter = jitter(&source.id, &source.schedule, self.tz);
        let history = self.job.history(&source).await;
        let mut not_before = history.not_before;
        let jitter_chrono = chrono::Duration::from_std(jitter).unwrap_or_default();
        // After downtime: one catch-up run (if a slot was missed), never one per slot.
        if missed_run(
            &source.schedule,
            self.tz,
            history.last_attempt,
            self.clock.now(),
        ) && not_before.is_none_or(|t| t <= self.clock.now())
        {
            if !self
                .sleep_until(self.clock.now() + jitter_chrono, &shutdown)
                .await
            {
                return;
            }
            match self.run_unless_stopped(&source, &shutdown).await {
                Err(Stopped) => return,
                Ok(Some(report)) => not_before = backoff_of(&report),
                Ok(None) => {}
            }
        }
        loop {
            *self.heartbeat.lock().unwrap_or_else(|e| e.into_inner()) = Some(self.clock.now());
            let mut slot = match next_run(&source.schedule, self.tz, self.clock.now()) {
                Some(t) => t,
                None => return,
            };
            // Back-off: skip slots before the source may be tried again.
            while let Some(nb) = not_before
                && slot < nb
            {
                match next_run(&source.schedule, self.tz, slot) {
                    Some(t) => slot = t,
                    None => return,
                }
            }
            if !self.sleep_until(slot + jitter_chrono, &shutdown).await {
                return;
            }
            let Ok(run) = self.run_unless_stopped(&source, &shutdown).await else {
                return;
            };
            if let Some(report) = run {
                not_before = backoff_of(&report);
                tracing::info!(
                    source = %source.id, new = report.new, updated = report.updated,
                    duplicate = report.duplicate, error = ?report.error, "scheduled poll"
                );
            }
        }
    }
}

fn backoff_of(report: &PollReport) -> Option<DateTime<Utc>> {
    report.error.as_ref()?;
    report.next_attempt_after.as_deref().map(parse_ts)
}

#[cfg(test)]
mod tests;
