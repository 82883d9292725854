//! One source's job through every stage, in one readable place:
//! fetch → extract → classify + fingerprint → dedup + store, then the source's health.
//! How each stage gets its threads (the CPU permit, the blocking pool, the writer) is
//! kept in the helpers of [`stages`], so [`Pipeline::run_job`] reads as the flow itself.

mod follow;
mod sitemap;
mod stages;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::classify::Classifier;
use crate::config::{Config, Source};
use crate::extract::ExtractError;
use crate::fetch::{FetchError, Fetcher};
use crate::metrics::Metrics;
use crate::report::PollReport;
use crate::store::clusters::NearDuplicates;
use crate::store::{Store, StoreError, sources};

pub use follow::Follow;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Extract(#[from] ExtractError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The validators (ETag, Last-Modified) of a fetched listing, remembered for the next
/// conditional request; `None` when the source answered 304.
type Validators = Option<(Option<String>, Option<String>)>;

/// Everything a job needs, shared by the scheduler, `poll` and the API's "poll now".
#[derive(Clone)]
pub struct Pipeline {
    pub config: Arc<Config>,
    pub store: Store,
    pub fetcher: Arc<Fetcher>,
    pub classifier: Arc<Classifier>,
    /// Near-duplicate lookup across all stored items; shared by every job.
    pub clusters: Arc<NearDuplicates>,
    pub metrics: Arc<Metrics>,
    /// Jobs past their fetches, in the CPU stages (parsing, classification,
    /// fingerprints) or waiting for the writer: one per core and one more, so the cores
    /// and the writer stay busy while prepared batches do not pile up in memory.
    pub cpu: Arc<tokio::sync::Semaphore>,
}

/// The permits for [`Pipeline::cpu`]: the number of cores, plus one.
pub fn cpu_permits() -> Arc<tokio::sync::Semaphore> {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Arc::new(tokio::sync::Semaphore::new(cores + 1))
}

impl Pipeline {
    /// Run one job for `source`. Never fails as a whole: the error lands in the report
    /// and in the source's health, and earlier items stay untouched.
    pub async fn poll_source(&self, source: &Source) -> PollReport {
        let mut report = PollReport {
            source: source.id.clone(),
            ..Default::default()
        };
        let started = Utc::now();
        let timer = std::time::Instant::now();
        let outcome = self.run_job(source, &mut report).await;
        self.record_health(source, &mut report, started, outcome)
            .await;
        self.metrics.record_job(&report, timer.elapsed());
        report
    }

    /// The stages of one job; returns the validators to remember.
    async fn run_job(
        &self,
        source: &Source,
        report: &mut PollReport,
    ) -> Result<Validators, JobError> {
        let Some(listing) = self.fetch_listing(source).await? else {
            report.not_modified = true;
            return Ok(None);
        };
        let validators = (listing.etag.clone(), listing.last_modified.clone());
        let known = self.known_urls(source).await?;
        let mut scraped = self.scrape(source, &listing, &known).await?;
        if let Some(extracted) = scraped.as_mut() {
            for notice in &extracted.notices {
                tracing::warn!(source = %source.id, %notice, "selectors matched nothing");
            }
            report.notices.append(&mut extracted.notices);
        }
        let _cpu = self.cpu_permit().await;
        let (incoming, skipped) = self
            .classify_and_fingerprint(source, listing, scraped, known)
            .await?;
        report.note_skipped(&source.id, skipped);
        for outcome in self.dedup_and_store(incoming).await? {
            report.count(outcome);
        }
        Ok(Some(validators))
    }

    /// The source's health after a job: success with the validators and item count, or
    /// the failure, its count in a row and the back-off (copied into the report).
    async fn record_health(
        &self,
        source: &Source,
        report: &mut PollReport,
        started: DateTime<Utc>,
        outcome: Result<Validators, JobError>,
    ) {
        let id = source.id.clone();
        match outcome {
            Ok(validators) => {
                let read = (!report.not_modified).then(|| sources::JobRead {
                    item_count: report.total(),
                    skipped: report.skipped,
                    skip_reasons: report.skip_reasons.clone(),
                    notices: report.notices.clone(),
                });
                let result = self
                    .store
                    .write(move |c| {
                        sources::record_success(c, &id, started, read.as_ref(), validators)
                    })
                    .await;
                if let Err(e) = result {
                    report.error = Some(e.to_string());
                }
            }
            Err(e) => {
                let message = e.to_string();
                tracing::warn!(source = %source.id, error = %message, "job failed");
                report.error = Some(message.clone());
                // A page that could not be extracted (changed markup, a broken feed) is
                // read again in full next time, not answered by a 304 for the same bytes.
                let clear = matches!(e, JobError::Extract(_));
                let recorded = self
                    .store
                    .write(move |c| {
                        if clear {
                            sources::clear_validators(c, &id)?;
                        }
                        sources::record_failure(c, &id, started, &message)
                    })
                    .await;
                if let Ok(health) = recorded {
                    report.failures_in_a_row = health.consecutive_failures;
                    report.last_success = health.last_success;
                    report.next_attempt_after = health.next_attempt_after;
                }
            }
        }
    }

    /// Article URLs of the source already stored: items only listed again are not
    /// re-followed, and keep their article text (read once per job, and only for
    /// sources that follow articles).
    async fn known_urls(&self, source: &Source) -> Result<HashSet<String>, JobError> {
        // Sources read automatically follow their articles; with rules, `follow` says.
        let follows = match source.kind {
            crate::config::SourceKind::Html => source.scrape.as_ref().is_none_or(|r| r.follow),
            crate::config::SourceKind::Sitemap => true,
            crate::config::SourceKind::Feed => false,
        };
        if !follows {
            return Ok(HashSet::new());
        }
        let id = source.id.clone();
        Ok(self
            .store
            .read(move |c| crate::store::items::urls_of_source(c, &id))
            .await?)
    }
}
