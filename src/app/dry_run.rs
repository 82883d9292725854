//! `try`: what one source would yield, classified, without writing anything.

use std::collections::HashSet;
use std::path::Path;

use super::{CommandError, source_of};
use crate::config::Source;
use crate::extract::Skipped;
use crate::extract::way::{ReadWay, describe_date};
use crate::fetch::{FetchOutcome, FetchRequest, Fetched};
use crate::model::AutoTags;
use crate::pipeline::{Follow, JobError, Pipeline};

/// `try SOURCE_ID [--file PAGE]`: what one source would yield, with classification and
/// reasons; writes nothing. With a file nothing is fetched (no pagination, no follow).
pub async fn try_source(
    pipeline: &Pipeline,
    id: &str,
    file: Option<&Path>,
) -> Result<DryRun, CommandError> {
    let source = source_of(&pipeline.config, id)?.clone();
    let job_error = |source: JobError| CommandError::Job {
        id: id.to_string(),
        source,
    };
    let extracted = match file {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(CommandError::file("read", path))?;
            let text = crate::fetch::decode_text(&bytes, None);
            pipeline
                .extract(&source, &text, &source.url, Follow::Offline)
                .await
                .map_err(job_error)?
        }
        None => {
            let page = fetch_listing(pipeline, &source).await?;
            // Articles already stored are skipped in a poll; a dry run shows them all.
            let known = HashSet::new();
            pipeline
                .extract(
                    &source,
                    &page.text,
                    &page.final_url,
                    Follow::Live { known: &known },
                )
                .await
                .map_err(job_error)?
        }
    };
    let ways = extracted.ways;
    let items = extracted
        .items
        .into_iter()
        .map(|item| {
            let way = ways.get(&item.url).copied();
            let incoming = pipeline.prepare(&source, item);
            TriedItem {
                item: incoming.item,
                tags: incoming.tags,
                way,
            }
        })
        .collect();
    Ok(DryRun {
        items,
        skipped: extracted.skipped,
        notices: extracted.notices,
    })
}

/// What a dry run found: the items it would take and the entries it would skip.
#[derive(Debug)]
pub struct DryRun {
    pub items: Vec<TriedItem>,
    pub skipped: Vec<Skipped>,
    /// How the source was read when it is worth saying ("markup changed — read
    /// automatically …").
    pub notices: Vec<String>,
}

/// The source's listing, fetched unconditionally (a dry run has no validators to send).
async fn fetch_listing(pipeline: &Pipeline, source: &Source) -> Result<Fetched, CommandError> {
    let request = FetchRequest {
        url: source.url.clone(),
        etag: None,
        last_modified: None,
        obey_robots: source.robots,
    };
    match pipeline.fetcher.fetch(&request).await? {
        FetchOutcome::Fetched(f) => Ok(f),
        FetchOutcome::NotModified => Err(CommandError::NotModified {
            url: source.url.to_string(),
        }),
    }
}

/// One item of a dry run.
#[derive(Debug, serde::Serialize)]
pub struct TriedItem {
    pub item: crate::model::RawItem,
    pub tags: AutoTags,
    /// Which way the entry, its text and its date were read.
    pub way: Option<ReadWay>,
}

impl std::fmt::Display for TriedItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let i = &self.item;
        writeln!(f, "title:     {}", i.title)?;
        writeln!(f, "link:      {}", i.url)?;
        let date = i
            .published
            .map(|d| {
                d.with_timezone(&chrono_tz::Europe::Berlin)
                    .format("%d.%m.%Y %H:%M %Z")
                    .to_string()
            })
            .unwrap_or_else(|| "none (first-seen time will be used)".into());
        writeln!(f, "date:      {date} [from {}]", i.date_source.as_str())?;
        if let Some(way) = self.way {
            writeln!(
                f,
                "read:      entry by {}; text by {}; date by {}",
                way.list.describe(),
                way.text.describe(),
                describe_date(i.date_source)
            )?;
        }
        let summary = crate::sanitize::html_to_text(if i.summary.is_empty() {
            &i.content
        } else {
            &i.summary
        });
        let short: String = summary.chars().take(240).collect();
        writeln!(
            f,
            "summary:   {short}{}",
            if summary.chars().count() > 240 {
                "…"
            } else {
                ""
            }
        )?;
        let t = &self.tags;
        let states: Vec<&str> = t.states.iter().map(|s| s.code()).collect();
        writeln!(
            f,
            "relevant:  {} (score {:.1}); states: {}; topics: {}",
            if t.relevant { "yes" } else { "no" },
            t.score,
            states.join(", "),
            t.topics.join(", ")
        )?;
        for reason in &t.reasons {
            writeln!(f, "  - {reason}")?;
        }
        Ok(())
    }
}
