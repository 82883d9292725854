//! Wires the pieces for the commands: opening config and store, the scheduler and the
//! HTTP server under one shutdown token.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::classify::Classifier;
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::http::{self, AppState};
use crate::pipeline::{Pipeline, PollReport};
use crate::scheduler::{Clock, Scheduler};
use crate::store::Store;

/// Paths and address every command shares (flags or environment).
#[derive(Debug, Clone)]
pub struct Paths {
    pub sources: PathBuf,
    pub db: PathBuf,
    pub listen: SocketAddr,
}

pub fn load_config(path: &Path) -> anyhow::Result<Arc<Config>> {
    Ok(Arc::new(Config::load(path)?))
}

pub fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening database {}", path.display()))
}

pub fn pipeline(config: Arc<Config>, store: Store) -> anyhow::Result<Pipeline> {
    let fetcher = Arc::new(Fetcher::new(&config.settings)?);
    let classifier = classifier(&config)?;
    Ok(Pipeline {
        config,
        store,
        fetcher,
        classifier,
        clusters: Arc::new(crate::store::clusters::NearDuplicates::new()),
        metrics: Arc::new(crate::metrics::Metrics::default()),
        cpu: crate::pipeline::cpu_permits(),
    })
}

/// A pipeline for a reloaded configuration that keeps the old one's near-duplicate
/// index and counters (the fetcher and classifier follow the new settings).
fn reloaded_pipeline(config: Arc<Config>, old: &Pipeline) -> anyhow::Result<Pipeline> {
    Ok(Pipeline {
        clusters: old.clusters.clone(),
        metrics: old.metrics.clone(),
        ..pipeline(config, old.store.clone())?
    })
}

pub fn scheduler(pipeline: Pipeline) -> Arc<Scheduler<Pipeline>> {
    let tz = pipeline.config.settings.timezone;
    Scheduler::new(pipeline, tz, Clock::new())
}

/// The classifier for a configuration: the embedded rules (built once per process and
/// shared), or the file named by `settings.topics_file`, relative to sources.toml.
pub fn classifier(config: &Config) -> anyhow::Result<Arc<Classifier>> {
    static EMBEDDED: std::sync::OnceLock<Arc<Classifier>> = std::sync::OnceLock::new();
    match &config.settings.topics_file {
        Some(file) => {
            let path = topics_path(config, file);
            Ok(Arc::new(Classifier::from_topics_file(&path)?))
        }
        None => Ok(EMBEDDED
            .get_or_init(|| Arc::new(Classifier::embedded()))
            .clone()),
    }
}

fn topics_path(config: &Config, file: &Path) -> PathBuf {
    match config.path.parent() {
        Some(dir) if file.is_relative() => dir.join(file),
        _ => file.to_path_buf(),
    }
}

/// Poll the named sources (all enabled ones when none are named), all at once, through
/// the scheduler's single-flight path; the fetcher's per-host politeness keeps it civil.
pub async fn poll(pipeline: &Pipeline, ids: &[String]) -> anyhow::Result<Vec<PollReport>> {
    let config = pipeline.config.clone();
    let selected: Vec<_> = if ids.is_empty() {
        config
            .sources
            .iter()
            .filter(|s| s.enabled)
            .cloned()
            .collect()
    } else {
        ids.iter()
            .map(|id| {
                config.source(id).cloned().with_context(|| {
                    format!("no source with id {id:?} in {}", config.path.display())
                })
            })
            .collect::<anyhow::Result<_>>()?
    };
    let scheduler = scheduler(pipeline.clone());
    let mut tasks = tokio::task::JoinSet::new();
    for (index, source) in selected.into_iter().enumerate() {
        let s = scheduler.clone();
        tasks.spawn(async move { (index, s.poll_now(&source).await) });
    }
    let mut reports = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        reports.push(joined?);
    }
    reports.sort_by_key(|(i, _)| *i);
    Ok(reports.into_iter().map(|(_, r)| r).collect())
}

/// `serve` and `run`: the HTTP server, plus (for `run`) the scheduler and retention, all
/// under one shutdown token. `reload` (SIGHUP) re-reads sources.toml; an invalid file
/// keeps the configuration in force and logs why.
pub async fn run(
    paths: &Paths,
    with_scheduler: bool,
    shutdown: CancellationToken,
    mut reload: tokio::sync::mpsc::Receiver<()>,
) -> anyhow::Result<()> {
    let config = load_config(&paths.sources)?;
    let store = open_store(&paths.db)?;
    let listener = TcpListener::bind(paths.listen)
        .await
        .with_context(|| format!("cannot listen on {}", paths.listen))?;
    tracing::info!(address = %listener.local_addr()?, sources = config.sources.len(), "serving");
    let mut pipeline = pipeline(config.clone(), store.clone())?;
    let mut state = AppState::new(config.clone(), store.clone());
    state.metrics = pipeline.metrics.clone();
    state.scheduling = with_scheduler;
    let state = state.with_scheduler(scheduler(pipeline.clone()));
    let tracker = TaskTracker::new();
    let mut jobs = shutdown.child_token();
    if with_scheduler {
        start_schedule(&state, &tracker, &jobs);
        let (store, token, days) = (
            store.clone(),
            shutdown.clone(),
            config.settings.retention_days,
        );
        tracker.spawn(async move { retention_loop(store, days, token).await });
    }
    let server = {
        let (state, token) = (state.clone(), shutdown.clone());
        tokio::spawn(async move { http::serve(listener, state, token).await })
    };
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            Some(()) = reload.recv() => {
                match load_config(&paths.sources).and_then(|c| Ok((reloaded_pipeline(c.clone(), &pipeline)?, c))) {
                    Err(e) => tracing::error!(error = %format!("{e:#}"), "reload failed; the configuration in force stays"),
                    Ok((new_pipeline, new_config)) => {
                        jobs.cancel();
                        jobs = shutdown.child_token();
                        pipeline = new_pipeline;
                        state.replace_config(new_config.clone());
                        state.set_scheduler(scheduler(pipeline.clone()));
                        if with_scheduler {
                            start_schedule(&state, &tracker, &jobs);
                        }
                        tracing::info!(sources = new_config.sources.len(), feeds = new_config.feeds.len(), "configuration reloaded");
                    }
                }
            }
        }
    }
    // Stop taking jobs; running polls get `scheduler::SHUTDOWN_GRACE` to finish, and
    // writes the database writer has accepted are completed before it closes.
    tracker.close();
    tracker.wait().await;
    server.await.context("HTTP server task")??;
    store.close();
    tracing::info!("stopped");
    Ok(())
}

fn start_schedule(state: &AppState, tracker: &TaskTracker, jobs: &CancellationToken) {
    if let Some(scheduler) = state.scheduler() {
        let config = state.config();
        scheduler.spawn_all(&config.sources, tracker, jobs);
    }
}

/// Remove old unpinned items at start and every six hours.
async fn retention_loop(store: Store, days: u32, shutdown: CancellationToken) {
    loop {
        let cutoff = Utc::now() - chrono::Duration::days(i64::from(days));
        match store
            .write(move |c| crate::store::retention::remove_older_than(c, cutoff))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, days, "retention removed old items"),
            Err(e) => tracing::warn!(error = %e, "retention failed"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(std::time::Duration::from_secs(6 * 3600)) => {}
        }
    }
}

/// `export DIR`: every curated feed in every format plus feeds.opml, byte for byte what
/// the server sends, for static hosting or a CDN. Returns the files written.
pub async fn export(config: Arc<Config>, store: Store, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let state = AppState::new(config.clone(), store);
    let mut written = Vec::new();
    for feed in &config.feeds {
        for format in crate::publish::Format::ALL {
            let bytes = http::feeds::render_for_export(&state, feed, format)
                .await
                .map_err(|e| anyhow::anyhow!("feed {}: {e}", feed.id))?;
            // Feed ids are validated as [a-z0-9-]+, so the name cannot leave `dir`.
            let path = dir.join(format!("{}.{}", feed.id, format.extension()));
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            written.push(path);
        }
    }
    let opml = dir.join("feeds.opml");
    std::fs::write(&opml, crate::publish::opml::render(&config))
        .with_context(|| format!("cannot write {}", opml.display()))?;
    written.push(opml);
    Ok(written)
}

/// `try SOURCE_ID [--file PAGE]`: what one source would yield, with classification and
/// reasons; writes nothing. With a file nothing is fetched (no pagination, no follow).
pub async fn try_source(
    pipeline: &Pipeline,
    id: &str,
    file: Option<&Path>,
) -> anyhow::Result<Vec<TriedItem>> {
    let source = pipeline
        .config
        .source(id)
        .with_context(|| {
            format!(
                "no source with id {id:?} in {}",
                pipeline.config.path.display()
            )
        })?
        .clone();
    let (text, url, follow) = match file {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            (
                crate::fetch::decode_text(&bytes, None),
                source.url.clone(),
                crate::pipeline::Follow::Offline,
            )
        }
        None => {
            let request = crate::fetch::FetchRequest {
                url: source.url.clone(),
                etag: None,
                last_modified: None,
                obey_robots: source.robots,
            };
            match pipeline.fetcher.fetch(&request).await? {
                crate::fetch::FetchOutcome::Fetched(f) => {
                    (f.text, f.final_url, crate::pipeline::Follow::Live)
                }
                crate::fetch::FetchOutcome::NotModified => {
                    anyhow::bail!("{}: unexpected 304", source.url)
                }
            }
        }
    };
    let items = pipeline
        .extract(&source, &text, &url, follow)
        .await
        .map_err(|e| anyhow::anyhow!("source {id:?}: {e}"))?;
    Ok(items
        .into_iter()
        .map(|item| {
            let incoming = pipeline.prepare(&source, item);
            TriedItem {
                item: incoming.item,
                tags: incoming.tags,
            }
        })
        .collect())
}

/// One item of a dry run.
#[derive(Debug, serde::Serialize)]
pub struct TriedItem {
    pub item: crate::model::RawItem,
    pub tags: crate::model::AutoTags,
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
