//! One source's job through every stage, in one readable place:
//! fetch → extract → classify → dedup → store, then the source's health.

use std::fmt;
use std::sync::Arc;

use chrono::Utc;
use serde::Serialize;

use crate::classify::{Classifier, Folded};
use crate::config::{Config, Relevance, Source, SourceKind};
use crate::extract::{self, ExtractError};
use crate::fetch::{FetchError, FetchOutcome, FetchRequest, Fetcher};
use crate::model::AutoTags;
use crate::model::RawItem;
use crate::store::clusters::NearDuplicates;
use crate::store::ingest::{self, Encoded, Incoming, IngestOutcome};
use crate::store::items;
use crate::store::{Store, StoreError, sources};

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Extract(#[from] ExtractError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one poll of one source did; `poll` prints one of these per source.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PollReport {
    pub source: String,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub duplicate: u32,
    pub irrelevant: u32,
    pub pruned: u32,
    /// The source answered 304 Not Modified.
    pub not_modified: bool,
    pub error: Option<String>,
    /// On failure: the source's health after this job.
    pub failures_in_a_row: u32,
    pub last_success: Option<String>,
    pub next_attempt_after: Option<String>,
}

impl PollReport {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    fn count(&mut self, outcome: IngestOutcome) {
        match outcome {
            IngestOutcome::New => self.new += 1,
            IngestOutcome::Updated => self.updated += 1,
            IngestOutcome::Unchanged => self.unchanged += 1,
            IngestOutcome::Duplicate => self.duplicate += 1,
            IngestOutcome::Irrelevant => self.irrelevant += 1,
            IngestOutcome::Pruned => self.pruned += 1,
        }
    }

    pub const HEADER: &'static str =
        "SOURCE                               NEW  UPD  SAME  DUP  IRR  PRUNED  STATUS";
}

impl fmt::Display for PollReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = match (&self.error, self.not_modified) {
            (Some(e), _) => format!(
                "FAILED: {e} ({} in a row; last success: {}; scheduler retries after {})",
                self.failures_in_a_row,
                self.last_success.as_deref().unwrap_or("never"),
                self.next_attempt_after
                    .as_deref()
                    .unwrap_or("its next slot"),
            ),
            (None, true) => "ok (not modified)".to_string(),
            (None, false) => "ok".to_string(),
        };
        write!(
            f,
            "{:<36} {:>4} {:>4} {:>5} {:>4} {:>4} {:>7}  {}",
            self.source,
            self.new,
            self.updated,
            self.unchanged,
            self.duplicate,
            self.irrelevant,
            self.pruned,
            status
        )
    }
}

/// Everything a job needs, shared by the scheduler, `poll` and the API's "poll now".
#[derive(Clone)]
pub struct Pipeline {
    pub config: Arc<Config>,
    pub store: Store,
    pub fetcher: Arc<Fetcher>,
    pub classifier: Arc<Classifier>,
    /// Near-duplicate lookup across all stored items; shared by every job.
    pub clusters: Arc<NearDuplicates>,
    pub metrics: Arc<crate::metrics::Metrics>,
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
        self.run_and_record(source, &mut report, started).await;
        self.metrics.record_job(&report, timer.elapsed());
        if report.new + report.updated + report.duplicate > 0 {
            self.announce_to_hub().await;
        }
        report
    }

    /// WebSub: tell the hub (`settings.websub_hub`) that the curated feeds may have
    /// changed; the hub fetches them and pushes to its subscribers. Failures are logged,
    /// never a job failure.
    async fn announce_to_hub(&self) {
        let Some(hub) = self.config.settings.websub_hub.clone() else {
            return;
        };
        // One ping per job, naming every curated feed URL (hubs take repeated hub.url).
        let base = &self.config.settings.base_url;
        let mut form = vec![("hub.mode".to_string(), "publish".to_string())];
        for feed in &self.config.feeds {
            for format in crate::publish::Format::ALL {
                if let Ok(topic) = base.join(&format!("feeds/{}.{}", feed.id, format.extension())) {
                    form.push(("hub.url".to_string(), topic.to_string()));
                }
            }
        }
        // The fetcher's client: its pool and TLS set-up, not a new one per ping.
        let ping = self
            .fetcher
            .client()
            .post(hub.clone())
            .timeout(std::time::Duration::from_secs(10))
            .form(&form);
        match ping.send().await {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => {
                tracing::warn!(hub = %hub, status = %r.status(), "WebSub hub refused the ping")
            }
            Err(e) => tracing::warn!(hub = %hub, error = %e, "WebSub hub not reached"),
        }
    }

    async fn run_and_record(
        &self,
        source: &Source,
        report: &mut PollReport,
        started: chrono::DateTime<Utc>,
    ) {
        match self.run_job(source, report).await {
            Ok(validators) => {
                let id = source.id.clone();
                let count = (!report.not_modified).then(|| report.total());
                let result = self
                    .store
                    .write(move |c| sources::record_success(c, &id, started, count, validators))
                    .await;
                if let Err(e) = result {
                    report.error = Some(e.to_string());
                }
            }
            Err(e) => {
                let message = e.to_string();
                tracing::warn!(source = %source.id, error = %message, "job failed");
                report.error = Some(message.clone());
                let id = source.id.clone();
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

    /// Fetch, extract, classify and store; returns the validators to remember.
    async fn run_job(
        &self,
        source: &Source,
        report: &mut PollReport,
    ) -> Result<Option<(Option<String>, Option<String>)>, JobError> {
        let id = source.id.clone();
        let health = self.store.read(move |c| sources::health(c, &id)).await?;
        let request = FetchRequest {
            url: source.url.clone(),
            etag: health.etag.clone(),
            last_modified: health.last_modified.clone(),
            obey_robots: source.robots,
        };
        let fetched = match self.fetcher.fetch(&request).await? {
            FetchOutcome::NotModified => {
                report.not_modified = true;
                return Ok(None);
            }
            // The raw bytes are not needed past decoding; a poll of many sources holds
            // fetched pages while earlier ones are processed.
            FetchOutcome::Fetched(f) => crate::fetch::Fetched {
                bytes: Vec::new(),
                ..f
            },
        };
        let validators = (fetched.etag.clone(), fetched.last_modified.clone());
        let follows = source.scrape.as_ref().is_some_and(|r| r.follow);
        let known = if follows {
            self.known_urls(source).await?
        } else {
            Default::default()
        };
        // A feed is parsed with the other CPU stages; an HTML source's extraction fetches
        // further pages and stays here.
        let scraped = match scrape_rules(source) {
            None => None,
            Some(_) => Some(
                self.extract(source, &fetched.text, &fetched.final_url, Follow::Live)
                    .await?,
            ),
        };
        // Held through the CPU stages and the write, so at most one prepared batch per
        // core (and one more for the writer) waits in memory; fetched pages wait unparsed.
        let _processing = self.cpu.clone().acquire_owned().await.ok();
        let incoming = self
            .on_cpu({
                let pipeline = self.clone();
                let source = source.clone();
                move || -> Result<Vec<Incoming>, JobError> {
                    let raw_items = match scraped {
                        Some(items) => items,
                        None => extract::feed::extract_feed(&fetched.text, &fetched.final_url)?,
                    };
                    Ok(raw_items
                        .into_iter()
                        .map(|raw| {
                            let list_only = known.contains(&raw.url);
                            Incoming {
                                list_only,
                                ..pipeline.prepare(&source, raw)
                            }
                        })
                        .collect())
                }
            })
            .await??;
        let clusters = self.clusters.clone();
        let outcomes = self
            .store
            .write(move |conn| {
                let now = Utc::now();
                ingest::ingest_many(conn, &incoming, now, clusters.as_ref())
            })
            .await?;
        for outcome in outcomes {
            report.count(outcome);
        }
        Ok(Some(validators))
    }

    /// Run a CPU-bound stage on the blocking pool (the caller holds a [`Pipeline::cpu`]
    /// permit), so fetch timers and the HTTP server are not held up behind it.
    async fn on_cpu<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, JobError> {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| JobError::Extract(ExtractError::Page(format!("processing failed: {e}"))))
    }

    /// Items of a fetched feed or listing page. For HTML sources this fetches further
    /// listing pages (`next_page`, up to `max_pages`) and, with `follow`, the article
    /// pages of items not stored yet — on the source's own host only.
    pub async fn extract(
        &self,
        source: &Source,
        text: &str,
        url: &url::Url,
        follow: Follow,
    ) -> Result<Vec<RawItem>, JobError> {
        let Some(rules) = scrape_rules(source) else {
            return Ok(extract::feed::extract_feed(text, url)?);
        };
        let now = Utc::now();
        let mut page = extract::scrape::extract_list(text, url, rules, now)?;
        let mut items = std::mem::take(&mut page.items);
        let mut seen_pages = vec![url.clone()];
        while follow == Follow::Live
            && seen_pages.len() < rules.max_pages as usize
            && let Some(next) = page.next_page.take()
        {
            if !same_host(&next, &source.url) || seen_pages.contains(&next) {
                break;
            }
            let fetched = self.fetch_page(&next).await?;
            page = extract::scrape::extract_list(&fetched.text, &fetched.final_url, rules, now)?;
            seen_pages.push(next);
            for item in std::mem::take(&mut page.items) {
                if !items.iter().any(|i| i.url == item.url) {
                    items.push(item);
                }
            }
        }
        if rules.follow && follow == Follow::Live {
            let known = self.known_urls(source).await?;
            for item in items.iter_mut() {
                let Ok(article_url) = url::Url::parse(&item.url) else {
                    continue;
                };
                if known.contains(&item.url) {
                    continue;
                }
                // Followed links stay on the source's own host: a listing page must not be
                // able to send our fetcher to arbitrary (internal) addresses.
                if !same_host(&article_url, &source.url) {
                    tracing::debug!(source = %source.id, url = %item.url, "not following a link to another host");
                    continue;
                }
                match self.fetch_page(&article_url).await {
                    Ok(article) => extract::scrape::extract_article(
                        &article.text,
                        &article.final_url,
                        rules,
                        item,
                        now,
                    ),
                    // One unreachable article does not fail the source: the list's data stands.
                    Err(e) => {
                        tracing::warn!(source = %source.id, error = %e, "article page not fetched")
                    }
                }
            }
        }
        Ok(items)
    }

    async fn fetch_page(&self, url: &url::Url) -> Result<crate::fetch::Fetched, JobError> {
        let request = FetchRequest {
            url: url.clone(),
            etag: None,
            last_modified: None,
            obey_robots: true,
        };
        match self.fetcher.fetch(&request).await? {
            FetchOutcome::Fetched(f) => Ok(f),
            FetchOutcome::NotModified => {
                Err(ExtractError::Page(format!("{url}: unexpected 304 Not Modified")).into())
            }
        }
    }

    /// Article URLs of the source already stored, so that follow fetches only new ones.
    async fn known_urls(
        &self,
        source: &Source,
    ) -> Result<std::collections::HashSet<String>, JobError> {
        let id = source.id.clone();
        Ok(self
            .store
            .read(move |c| items::urls_of_source(c, &id))
            .await?)
    }

    /// Classification and fingerprints: the pure stages for one item.
    pub fn prepare(&self, source: &Source, raw: RawItem) -> Incoming {
        let body = raw.body_text();
        // Folded once, for the classifier and the search index.
        let (classified, rest) = crate::classify::split_classified(&body);
        let title_folded = Folded::new(&raw.title);
        let body_folded = Folded::new(classified);
        let c = self
            .classifier
            .classify_folded(&title_folded, &body_folded, source.state);
        let mut reasons = c.reasons;
        // A topic-specific source publishes everything it has; the classifier's verdict
        // is kept in the reasons for editors.
        let relevant = c.relevant || source.relevance == Relevance::All;
        if relevant && !c.relevant {
            reasons.push(format!(
                "relevant: source {:?} has relevance = \"all\"",
                source.id
            ));
        }
        let tags = AutoTags {
            relevant,
            score: c.score,
            states: c.states,
            topics: c.topics,
            reasons,
        };
        let fp = crate::dedup::fingerprint(&raw.title, &body);
        let search_text =
            crate::store::search::search_text_folded(&title_folded, &body_folded, rest);
        // Items without comparable text are never near-duplicates of anything.
        let (dedup_key, fingerprint) = if fp.shingles > 0 {
            (Some(fp.lookup_key), Some(fp.to_bytes()))
        } else {
            (None, None)
        };
        let canonical_url =
            crate::dedup::canonical_url(&raw.url).unwrap_or_else(|_| raw.url.clone());
        Incoming {
            source_id: source.id.clone(),
            authority: source.authority,
            encoded: Encoded::of(&source.id, &raw, &canonical_url, &tags),
            canonical_url,
            item: raw,
            tags,
            dedup_key,
            fingerprint,
            list_only: false,
            search_text,
        }
    }
}

/// Whether extraction may fetch further pages (a live poll) or must not (`try --file`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    Live,
    Offline,
}

/// The scraping rules of an HTML source; `None` for a feed.
fn scrape_rules(source: &Source) -> Option<&crate::config::ScrapeRules> {
    source
        .scrape
        .as_ref()
        .filter(|_| source.kind == SourceKind::Html)
}

fn same_host(a: &url::Url, b: &url::Url) -> bool {
    a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
        && matches!(a.scheme(), "http" | "https")
}

impl PollReport {
    fn total(&self) -> u32 {
        self.new + self.updated + self.unchanged + self.duplicate + self.irrelevant + self.pruned
    }
}
