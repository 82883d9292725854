//! The stages of a job as [`Pipeline`] methods, each hiding how it runs: fetching on the
//! async runtime, the CPU stages on the blocking pool under a permit, the write on the
//! store's writer thread.

use std::collections::HashSet;

use chrono::Utc;
use tokio::sync::OwnedSemaphorePermit;

use super::follow::Follow;
use super::{JobError, Pipeline};
use crate::classify::Folded;
use crate::config::{Relevance, Source, SourceKind};
use crate::extract::{self, ExtractError, Extracted, Skipped};
use crate::fetch::{FetchOutcome, FetchRequest, Fetched};
use crate::model::AutoTags;
use crate::model::RawItem;
use crate::store::ingest::{self, Encoded, Incoming, IngestOutcome};

impl Pipeline {
    /// Fetch: the source's listing (feed or page), conditional on the validators of the
    /// last success; `None` for 304 Not Modified.
    pub(super) async fn fetch_listing(&self, source: &Source) -> Result<Option<Fetched>, JobError> {
        let id = source.id.clone();
        let health = self
            .store
            .read(move |c| crate::store::sources::health(c, &id))
            .await?;
        let request = FetchRequest {
            url: source.url.clone(),
            etag: health.etag,
            last_modified: health.last_modified,
            obey_robots: source.robots,
        };
        Ok(match self.fetcher.fetch(&request).await? {
            FetchOutcome::NotModified => None,
            // The raw bytes are not needed past decoding; a poll of many sources holds
            // fetched pages while earlier ones are processed.
            FetchOutcome::Fetched(f) => Some(Fetched {
                bytes: Vec::new(),
                ..f
            }),
        })
    }

    /// Extract, for an HTML source: its items, with further listing pages and new
    /// articles fetched here (I/O); `None` for a feed, which is parsed with the CPU stages.
    pub(super) async fn scrape(
        &self,
        source: &Source,
        listing: &Fetched,
        known: &HashSet<String>,
    ) -> Result<Option<Extracted>, JobError> {
        if source.kind == SourceKind::Feed {
            return Ok(None);
        }
        let extracted = self
            .extract(
                source,
                &listing.text,
                &listing.final_url,
                Follow::Live { known },
            )
            .await?;
        Ok(Some(extracted))
    }

    /// Held through the CPU stages and the write, so at most one prepared batch per core
    /// (and one more for the writer) waits in memory; fetched pages wait unparsed.
    pub(super) async fn cpu_permit(&self) -> Option<OwnedSemaphorePermit> {
        self.cpu.clone().acquire_owned().await.ok()
    }

    /// Extract (feeds), classify and fingerprint every item, on the blocking pool; the
    /// entries that could not be taken come back beside them.
    pub(super) async fn classify_and_fingerprint(
        &self,
        source: &Source,
        listing: Fetched,
        scraped: Option<Extracted>,
        known: HashSet<String>,
    ) -> Result<(Vec<Incoming>, Vec<Skipped>), JobError> {
        let pipeline = self.clone();
        let source = source.clone();
        self.on_cpu(move || -> Result<_, JobError> {
            let extracted = match scraped {
                Some(extracted) => extracted,
                None => extract::feed::extract_feed(&listing.text, &listing.final_url)?,
            };
            let incoming = extracted
                .items
                .into_iter()
                .map(|raw| {
                    let list_only = known.contains(&raw.url);
                    Incoming {
                        list_only,
                        ..pipeline.prepare(&source, raw)
                    }
                })
                .collect();
            Ok((incoming, extracted.skipped))
        })
        .await?
    }

    /// Dedup and store, in one write transaction on the writer: whether an item is a
    /// republication, a re-fetch or a pruned story's comeback depends on what is stored,
    /// so the lookup and the insert must not be separated by another batch's write.
    pub(super) async fn dedup_and_store(
        &self,
        incoming: Vec<Incoming>,
    ) -> Result<Vec<IngestOutcome>, JobError> {
        let clusters = self.clusters.clone();
        Ok(self
            .store
            .write(move |conn| ingest::ingest_many(conn, &incoming, Utc::now(), clusters.as_ref()))
            .await?)
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
