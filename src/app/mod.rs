//! Wires the pieces for the commands: opening config and store, the scheduler and the
//! HTTP server under one shutdown token.

mod dry_run;
mod error;
mod labels;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::classify::Classifier;
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::http::{self, AppState};
use crate::pipeline::Pipeline;
use crate::report::PollReport;
use crate::scheduler::{Clock, Scheduler};
use crate::store::Store;

pub use dry_run::{DryRun, TriedItem, try_source};
pub use error::CommandError;
pub use labels::{eval_labels, export_labels};

/// The files every command shares (flags or environment).
#[derive(Debug, Clone)]
pub struct Paths {
    pub sources: PathBuf,
    pub db: PathBuf,
}

pub fn load_config(path: &Path) -> Result<Arc<Config>, CommandError> {
    Ok(Arc::new(Config::load(path)?))
}

pub fn open_store(path: &Path) -> Result<Store, CommandError> {
    Store::open(path).map_err(|source| CommandError::OpenDatabase {
        path: path.to_path_buf(),
        source,
    })
}

pub fn pipeline(config: Arc<Config>, store: Store) -> Result<Pipeline, CommandError> {
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
fn reloaded_pipeline(config: Arc<Config>, old: &Pipeline) -> Result<Pipeline, CommandError> {
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
pub fn classifier(config: &Config) -> Result<Arc<Classifier>, CommandError> {
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
pub async fn poll(pipeline: &Pipeline, ids: &[String]) -> Result<Vec<PollReport>, CommandError> {
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
            .map(|id| source_of(&config, id).cloned())
            .collect::<Result<_, _>>()?
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

/// `serve` and `run` on a bound listener: the HTTP server, plus (for `run`) the
/// scheduler and retention, all under one shutdown token. `reload` (SIGHUP) re-reads
/// sources.toml; an invalid file keeps the configuration in force and logs why.
pub async fn run(
    listener: TcpListener,
    paths: &Paths,
    with_scheduler: bool,
    shutdown: CancellationToken,
    mut reload: tokio::sync::mpsc::Receiver<()>,
) -> Result<(), CommandError> {
    let config = load_config(&paths.sources)?;
    let store = open_store(&paths.db)?;
    let address = listener.local_addr().map_err(CommandError::Server)?;
    tracing::info!(address = %address, sources = config.sources.len(), "serving");
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
                let Some(reloaded) = reload_config(paths) else { continue };
                let new_pipeline = match reloaded_pipeline(reloaded.clone(), &pipeline) {
                    Ok(p) => p,
                    Err(e) => {
                        tracing::error!(error = %e, "reload failed; the configuration in force stays");
                        continue;
                    }
                };
                jobs.cancel();
                jobs = shutdown.child_token();
                pipeline = new_pipeline;
                state.replace_config(reloaded.clone());
                state.set_scheduler(scheduler(pipeline.clone()));
                if with_scheduler {
                    start_schedule(&state, &tracker, &jobs);
                }
                tracing::info!(sources = reloaded.sources.len(), feeds = reloaded.feeds.len(), "configuration reloaded");
            }
        }
    }
    // Stop taking jobs; running polls get `scheduler::SHUTDOWN_GRACE` to finish, and
    // writes the database writer has accepted are completed before it closes.
    tracker.close();
    tracker.wait().await;
    server.await?.map_err(CommandError::Server)?;
    store.close();
    tracing::info!("stopped");
    Ok(())
}

/// sources.toml read again for SIGHUP; `None` (logged) when it is invalid.
fn reload_config(paths: &Paths) -> Option<Arc<Config>> {
    match load_config(&paths.sources) {
        Ok(config) => Some(config),
        Err(e) => {
            tracing::error!(error = %e, "reload failed; the configuration in force stays");
            None
        }
    }
}

/// The source with this id, or an error naming the file it is missing from.
pub(crate) fn source_of<'a>(
    config: &'a Config,
    id: &str,
) -> Result<&'a crate::config::Source, CommandError> {
    config
        .source(id)
        .ok_or_else(|| CommandError::UnknownSource {
            id: id.to_string(),
            file: config.path.clone(),
        })
}

fn start_schedule(state: &AppState, tracker: &TaskTracker, jobs: &CancellationToken) {
    if let Some(scheduler) = state.scheduler() {
        let config = state.config();
        let tz = config.settings.timezone;
        let summary = crate::scheduler::start_summary(&config.sources, tz, Utc::now());
        tracing::info!("{summary}");
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
pub async fn export(
    config: Arc<Config>,
    store: Store,
    dir: &Path,
) -> Result<Vec<PathBuf>, CommandError> {
    std::fs::create_dir_all(dir).map_err(CommandError::file("create", dir))?;
    let state = AppState::new(config.clone(), store);
    let mut written = Vec::new();
    for feed in &config.feeds {
        for format in crate::publish::Format::ALL {
            let bytes = http::feeds::render_for_export(&state, feed, format)
                .await
                .map_err(|e| CommandError::Feed {
                    id: feed.id.clone(),
                    message: e.to_string(),
                })?;
            // Feed ids are validated as [a-z0-9-]+, so the name cannot leave `dir`.
            let path = dir.join(format!("{}.{}", feed.id, format.extension()));
            std::fs::write(&path, &bytes).map_err(CommandError::file("write", &path))?;
            written.push(path);
        }
    }
    let opml = dir.join("feeds.opml");
    std::fs::write(&opml, crate::publish::opml::render(&config))
        .map_err(CommandError::file("write", &opml))?;
    written.push(opml);
    // The feeds name it root-relative (/feed.xsl): it belongs at the site's root.
    let xsl = dir.join("feed.xsl");
    std::fs::write(&xsl, crate::publish::FEED_XSL).map_err(CommandError::file("write", &xsl))?;
    written.push(xsl);
    Ok(written)
}
