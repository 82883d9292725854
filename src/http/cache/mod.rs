//! Rendered feeds cached in memory by request key, valid while the database's change
//! generation holds, and answered conditionally ([`conditional`]). Feeds, embeds and the
//! landing page all serve through here, so none of them needs another.

pub mod conditional;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use conditional::{Compressed, Rendered};

use super::error::AppError;
use crate::config::{Config, FeedDef};
use crate::publish::{self, FeedMeta, Format, SourceNames};
use crate::store::items::{self, ItemFilter};
use crate::store::{Store, StoreError};

/// Rendered feeds by request key, each with the generation it was rendered at.
///
/// The generation is read from the database at most once a second, so a burst of
/// requests costs no database work, and a write by another process (`presseradar poll`)
/// is seen within that second.
#[derive(Default)]
pub struct FeedCache {
    entries: Mutex<HashMap<String, (i64, Rendered)>>,
    generation: Mutex<Option<(Generation, Instant)>>,
}

/// The database's change counter and the time of that change.
#[derive(Debug, Clone, Copy)]
struct Generation {
    number: i64,
    changed_at: DateTime<Utc>,
}

const GENERATION_TTL: Duration = Duration::from_secs(1);

/// Ad-hoc facets can make many keys; past this many the cache starts over rather than
/// grow without bound.
const MAX_ENTRIES: usize = 512;

impl FeedCache {
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    async fn current_generation(&self, store: &Store) -> Result<Generation, StoreError> {
        if let Some((g, at)) = *self.generation.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < GENERATION_TTL
        {
            return Ok(g);
        }
        let (number, changed_at) = store.generation().await?;
        let g = Generation {
            number,
            changed_at: crate::store::parse_ts(&changed_at),
        };
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = Some((g, Instant::now()));
        Ok(g)
    }

    /// Render (or take from the cache) one feed.
    pub async fn rendered(
        &self,
        store: &Store,
        config: &Config,
        spec: FeedSpec,
        format: Format,
    ) -> Result<Rendered, AppError> {
        let generation = self.current_generation(store).await?;
        if let Some((_, hit)) = self
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&spec.key)
            .filter(|(rendered_at, _)| *rendered_at == generation.number)
        {
            return Ok(hit.clone());
        }
        let filter = spec.filter.clone();
        let list = store.read(move |c| items::list(c, &filter)).await?;
        let rendered = render_now(config, &spec, format, &list, generation)?;
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(spec.key.clone(), (generation.number, rendered.clone()));
        Ok(rendered)
    }
}

/// What to render: a filter plus the feed's titles and its path below base_url.
#[derive(Debug, Clone)]
pub struct FeedSpec {
    pub key: String,
    pub title: String,
    pub description: String,
    pub path: String,
    pub filter: ItemFilter,
}

impl FeedSpec {
    pub fn curated(feed: &FeedDef, format: Format) -> FeedSpec {
        FeedSpec {
            key: format!("feeds/{}.{}", feed.id, format.extension()),
            title: feed.title.clone(),
            description: if feed.description.is_empty() {
                feed.title.clone()
            } else {
                feed.description.clone()
            },
            path: format!("feeds/{}.{}", feed.id, format.extension()),
            filter: ItemFilter {
                states: feed.states.clone(),
                topics: feed.topics.clone(),
                query: Some(feed.query.clone()).filter(|q| !q.is_empty()),
                published_only: true,
                require_approval: feed.require_approval,
                limit: feed.limit,
                ..Default::default()
            },
        }
    }
}

fn render_now(
    config: &Config,
    spec: &FeedSpec,
    format: Format,
    list: &[crate::model::ItemView],
    generation: Generation,
) -> Result<Rendered, AppError> {
    let base = &config.settings.base_url;
    let self_url = base
        .join(&spec.path)
        .map_err(|e| AppError::Internal(format!("bad feed path {}: {e}", spec.path)))?;
    // An empty feed is "updated" at the database's last change, not "now": a date that
    // moved on every render would change the bytes and the ETag each time.
    let updated = items::newest_update(list).unwrap_or(generation.changed_at);
    let meta = FeedMeta {
        title: spec.title.clone(),
        description: spec.description.clone(),
        self_url,
        home_url: base.clone(),
        updated,
        hub: config.settings.websub_hub.clone(),
    };
    let body = publish::render(format, &meta, list, &SourceNames::from_config(config));
    Ok(Rendered {
        etag: conditional::strong_etag(body.as_bytes()),
        compressed: Some(Arc::new(Compressed::of(body.as_bytes()))),
        body: bytes::Bytes::from(body),
        // Any change can add or remove entries of any feed (a prune, a retag), so the
        // database's last change is the honest Last-Modified: never a false 304.
        last_modified: generation.changed_at,
        content_type: format.content_type(),
    })
}
