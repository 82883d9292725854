//! The HTTP server: shared state and graceful shutdown; the route table is [`routes`].

pub mod admin;
pub mod api;
pub mod auth;
pub mod cache;
pub mod embed;
pub mod error;
pub mod feeds;
pub mod item_query;
pub mod landing;
pub mod landing_feeds;
pub mod links;
pub mod not_found;
pub mod ops;
pub mod routes;

use std::sync::{Arc, RwLock};

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::metrics::Metrics;
use crate::pipeline::Pipeline;
use crate::publish::Format;
use crate::report::PollReport;
use crate::scheduler::Scheduler;
use crate::store::Store;

pub use error::AppError;
pub use routes::router;

/// State shared by every handler.
#[derive(Clone)]
pub struct AppState {
    config: Arc<RwLock<Arc<Config>>>,
    pub store: Store,
    pub feed_cache: Arc<cache::FeedCache>,
    /// Runs "poll now" requests and the schedule; absent in tests that serve a fixed
    /// database. Replaced as a whole when the configuration is reloaded.
    scheduler: Arc<RwLock<Option<Arc<Scheduler<Pipeline>>>>>,
    pub metrics: Arc<Metrics>,
    /// Whether this process runs the scheduler (`run`) or only serves (`serve`).
    pub scheduling: bool,
}

impl AppState {
    pub fn new(config: Arc<Config>, store: Store) -> AppState {
        AppState {
            config: Arc::new(RwLock::new(config)),
            store,
            feed_cache: Arc::new(cache::FeedCache::default()),
            scheduler: Arc::new(RwLock::new(None)),
            metrics: Arc::new(Metrics::default()),
            scheduling: false,
        }
    }

    /// Attach the scheduler that runs "poll now" requests (and, in `run`, the schedule).
    pub fn with_scheduler(self, scheduler: Arc<Scheduler<Pipeline>>) -> AppState {
        self.set_scheduler(scheduler);
        self
    }

    pub fn set_scheduler(&self, scheduler: Arc<Scheduler<Pipeline>>) {
        *self.scheduler.write().unwrap_or_else(|e| e.into_inner()) = Some(scheduler);
    }

    pub fn scheduler(&self) -> Option<Arc<Scheduler<Pipeline>>> {
        self.scheduler
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Poll one source now, through the same path as the scheduler and `presseradar poll`.
    pub async fn poll_now(&self, source_id: &str) -> Result<PollReport, AppError> {
        let scheduler = self.scheduler().ok_or_else(|| {
            AppError::Unavailable("polling is not available in this server".into())
        })?;
        let config = self.config();
        let source = config
            .source(source_id)
            .ok_or_else(|| AppError::NotFound(format!("no source with id {source_id:?}")))?;
        Ok(scheduler.poll_now(source).await)
    }

    /// The configuration in force (replaced as a whole on reload).
    pub fn config(&self) -> Arc<Config> {
        self.config
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn replace_config(&self, config: Arc<Config>) {
        *self.config.write().unwrap_or_else(|e| e.into_inner()) = config;
        self.feed_cache.clear();
    }

    /// Render (or take from the cache) one feed under the configuration in force.
    pub async fn rendered_feed(
        &self,
        spec: cache::FeedSpec,
        format: Format,
    ) -> Result<cache::Rendered, AppError> {
        self.feed_cache
            .rendered(&self.store, &self.config(), spec, format)
            .await
    }
}

/// Serve until `shutdown` is cancelled; in-flight requests finish first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let app = router(state);
    // The peer address feeds the per-address login throttle.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move { shutdown.cancelled().await })
    .await
}
