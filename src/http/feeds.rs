//! Feed routes: curated `[[feed]]`s, the ad-hoc faceted feed, health. Rendered feeds are
//! cached in memory and answered with ETag/Last-Modified, 304s, Cache-Control and CORS.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{AppError, AppState};
use crate::config::{Config, FeedDef};
use crate::publish::{self, FeedMeta, Format, SourceNames};
use crate::store::items::{self, ItemFilter};
use crate::store::sources;
use crate::vocab::{self, State as FedState};

/// A rendered feed, as served.
#[derive(Clone)]
pub struct Rendered {
    pub body: bytes::Bytes,
    pub etag: String,
    pub last_modified: DateTime<Utc>,
    pub content_type: &'static str,
    /// The body compressed once at render time, so a cached feed costs no compression
    /// per request; each encoding is its own representation with its own strong ETag.
    /// `None` for responses assembled elsewhere (the compression layer handles those).
    pub compressed: Option<Arc<Compressed>>,
    generation: i64,
}

pub struct Compressed {
    pub gzip: bytes::Bytes,
    pub brotli: bytes::Bytes,
}

impl Compressed {
    fn of(body: &[u8]) -> Compressed {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 4),
            flate2::Compression::default(),
        );
        let gzip = gz
            .write_all(body)
            .and_then(|_| gz.finish())
            .unwrap_or_default();
        let mut brotli = Vec::with_capacity(body.len() / 4);
        {
            // Quality 6: on a 76 KB feed of 50 entries 0.5 % larger than quality 9, five times
            // faster (2 ms against 10) and 4 MB of encoder memory instead of 22 MB, which every
            // render of a feed held at once (the peak of `run` at a million items).
            let mut w = brotli::CompressorWriter::new(&mut brotli, 4096, 6, 22);
            let _ = w.write_all(body);
        }
        Compressed {
            gzip: bytes::Bytes::from(gzip),
            brotli: bytes::Bytes::from(brotli),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// The best encoding the client accepts (q > 0): brotli, then gzip, else none.
fn negotiate(request: &HeaderMap) -> Encoding {
    let Some(accept) = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            coding.eq_ignore_ascii_case(name) && q > 0.0
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Rendered feeds by request key, valid while the database's change generation holds.
///
/// The generation is read from the database at most once a second, so a burst of
/// requests costs no database work, and a write by another process (`presseradar poll`)
/// is seen within that second.
#[derive(Default)]
pub struct FeedCache {
    entries: Mutex<HashMap<String, Rendered>>,
    generation: Mutex<Option<(Generation, Instant)>>,
}

/// The database's change counter and the time of that change.
#[derive(Debug, Clone, Copy)]
struct Generation {
    number: i64,
    changed_at: DateTime<Utc>,
}

const GENERATION_TTL: Duration = Duration::from_secs(1);

impl FeedCache {
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    async fn current_generation(&self, state: &AppState) -> Result<Generation, AppError> {
        if let Some((g, at)) = *self.generation.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < GENERATION_TTL
        {
            return Ok(g);
        }
        let (number, changed_at) = state.store.generation().await?;
        let g = Generation {
            number,
            changed_at: crate::store::parse_ts(&changed_at),
        };
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = Some((g, Instant::now()));
        Ok(g)
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

/// Render (or take from the cache) one feed.
pub async fn rendered(
    state: &AppState,
    spec: FeedSpec,
    format: Format,
) -> Result<Rendered, AppError> {
    let generation = state.feed_cache.current_generation(state).await?;
    if let Some(hit) = state
        .feed_cache
        .entries
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&spec.key)
        .filter(|r| r.generation == generation.number)
    {
        return Ok(hit.clone());
    }
    let config = state.config();
    let filter = spec.filter.clone();
    let list = state.store.read(move |c| items::list(c, &filter)).await?;
    let rendered = render_now(&config, &spec, format, &list, generation)?;
    let mut entries = state
        .feed_cache
        .entries
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if entries.len() > 512 {
        // Ad-hoc facets can make many keys; start over rather than grow without bound.
        entries.clear();
    }
    entries.insert(spec.key.clone(), rendered.clone());
    Ok(rendered)
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
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!("\"{}\"", crate::hex::encode(&digest[..16]));
    Ok(Rendered {
        compressed: Some(Arc::new(Compressed::of(body.as_bytes()))),
        body: bytes::Bytes::from(body),
        etag,
        // Any change can add or remove entries of any feed (a prune, a retag), so the
        // database's last change is the honest Last-Modified: never a false 304.
        last_modified: generation.changed_at,
        content_type: format.content_type(),
        generation: generation.number,
    })
}

/// Render a feed without any server, for `export` (exactly the bytes the server sends).
pub async fn render_for_export(
    state: &AppState,
    feed: &FeedDef,
    format: Format,
) -> Result<bytes::Bytes, AppError> {
    Ok(rendered(state, FeedSpec::curated(feed, format), format)
        .await?
        .body)
}

fn split_file(file: &str) -> Option<(&str, Format)> {
    let (id, ext) = file.rsplit_once('.')?;
    Some((id, Format::from_extension(ext)?))
}

pub async fn curated_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (id, format) = split_file(&file).ok_or_else(|| {
        AppError::NotFound(format!(
            "no feed {file:?}; feeds end in .rss, .atom or .json"
        ))
    })?;
    let config = state.config();
    let feed = config
        .feed(id)
        .ok_or_else(|| AppError::NotFound(format!("no feed with id {id:?}")))?;
    let r = rendered(&state, FeedSpec::curated(feed, format), format).await?;
    let response = respond(&config, &r, &headers);
    state.metrics.record_feed_request(
        format.extension(),
        response.status() == StatusCode::NOT_MODIFIED,
    );
    Ok(response)
}

pub async fn faceted_rss(
    s: State<AppState>,
    q: Query<HashMap<String, String>>,
    h: HeaderMap,
) -> Result<Response, AppError> {
    faceted(s, q, h, Format::Rss).await
}
pub async fn faceted_atom(
    s: State<AppState>,
    q: Query<HashMap<String, String>>,
    h: HeaderMap,
) -> Result<Response, AppError> {
    faceted(s, q, h, Format::Atom).await
}
pub async fn faceted_json(
    s: State<AppState>,
    q: Query<HashMap<String, String>>,
    h: HeaderMap,
) -> Result<Response, AppError> {
    faceted(s, q, h, Format::Json).await
}

/// Parse the facets of `/feed.{rss,atom,json}`; unknown values answer 400 with the valid ones.
pub fn parse_facets(query: &HashMap<String, String>) -> Result<ItemFilter, AppError> {
    let mut filter = ItemFilter {
        published_only: true,
        limit: 50,
        ..Default::default()
    };
    for (key, value) in query {
        let values = || value.split(',').map(str::trim).filter(|v| !v.is_empty());
        match key.as_str() {
            "state" => {
                for v in values() {
                    let s = FedState::parse(v).ok_or_else(|| {
                        AppError::BadRequest(format!(
                            "unknown state {v:?}; valid values: {}",
                            FedState::valid_values()
                        ))
                    })?;
                    if !filter.states.contains(&s) {
                        filter.states.push(s);
                    }
                }
            }
            "topic" => {
                for v in values() {
                    if !vocab::is_topic(v) {
                        return Err(AppError::BadRequest(format!(
                            "unknown topic {v:?}; valid values: {}",
                            vocab::valid_topics()
                        )));
                    }
                    filter.topics.push(v.to_string());
                }
            }
            "source" => filter.sources.extend(values().map(str::to_string)),
            "q" => filter.query = Some(value.chars().take(200).collect()),
            "limit" => {
                filter.limit = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!(
                            "limit must be a whole number from 1 to 200, not {value:?}"
                        ))
                    })?;
            }
            other => {
                return Err(AppError::BadRequest(format!(
                    "unknown parameter {other:?}; known: state, topic, q, source, limit"
                )));
            }
        }
    }
    filter.states.sort();
    filter.topics.sort();
    filter.topics.dedup();
    filter.sources.sort();
    filter.sources.dedup();
    Ok(filter)
}

async fn faceted(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    format: Format,
) -> Result<Response, AppError> {
    let filter = parse_facets(&query)?;
    let config = state.config();
    // A canonical form of the facets: the cache key and the self link.
    let mut parts = Vec::new();
    if !filter.states.is_empty() {
        parts.push(format!(
            "state={}",
            filter
                .states
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    if !filter.topics.is_empty() {
        parts.push(format!("topic={}", filter.topics.join(",")));
    }
    if let Some(q) = &filter.query {
        parts.push(format!(
            "q={}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        ));
    }
    if !filter.sources.is_empty() {
        let joined = filter.sources.join(",");
        parts.push(format!(
            "source={}",
            url::form_urlencoded::byte_serialize(joined.as_bytes()).collect::<String>()
        ));
    }
    if filter.limit != 50 {
        parts.push(format!("limit={}", filter.limit));
    }
    let mut path = format!("feed.{}", format.extension());
    if !parts.is_empty() {
        path = format!("{path}?{}", parts.join("&"));
    }
    let mut title = "presseradar: Fachkräftesicherung".to_string();
    if !filter.states.is_empty() {
        let names: Vec<&str> = filter.states.iter().map(|s| s.name()).collect();
        title = format!("{title} – {}", names.join(", "));
    }
    if !filter.topics.is_empty() {
        title = format!("{title} – {}", filter.topics.join(", "));
    }
    let spec = FeedSpec {
        key: path.clone(),
        description: title.clone(),
        title,
        path,
        filter,
    };
    let r = rendered(&state, spec, format).await?;
    let response = respond(&config, &r, &headers);
    state.metrics.record_feed_request(
        format.extension(),
        response.status() == StatusCode::NOT_MODIFIED,
    );
    Ok(response)
}

/// The response for a rendered feed: 304 when the client's validators still match.
pub(crate) fn respond(config: &Config, r: &Rendered, request: &HeaderMap) -> Response {
    let last_modified = httpdate::fmt_http_date(std::time::SystemTime::from(r.last_modified));
    let (encoding, body, etag) = match (&r.compressed, negotiate(request)) {
        (Some(c), Encoding::Brotli) => (
            Encoding::Brotli,
            c.brotli.clone(),
            variant_etag(&r.etag, "br"),
        ),
        (Some(c), Encoding::Gzip) => (Encoding::Gzip, c.gzip.clone(), variant_etag(&r.etag, "gz")),
        _ => (Encoding::Identity, r.body.clone(), r.etag.clone()),
    };
    let not_modified = match request.get(header::IF_NONE_MATCH) {
        Some(_) => super::embed::etag_matches(request, &etag),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| {
                let lm = std::time::SystemTime::from(r.last_modified);
                lm <= since
            }),
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(body))
    };
    let h = response.headers_mut();
    if !not_modified {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(r.content_type),
        );
        match encoding {
            Encoding::Brotli => {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Encoding::Gzip => {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            // The client takes neither gzip nor br, so the compression layer (which
            // knows only those two) leaves this body alone as well.
            Encoding::Identity => {}
        }
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&last_modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!(
        "public, max-age={}",
        config.settings.feed_max_age_secs
    )) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response
}

/// `"abc"` → `"abc-br"`: the strong ETag of one encoding of a representation.
fn variant_etag(etag: &str, suffix: &str) -> String {
    match etag.strip_suffix('"') {
        Some(inner) => format!("{inner}-{suffix}\""),
        None => format!("{etag}-{suffix}"),
    }
}

/// Liveness plus a database check: 200 with details, or 503 when the database fails or
/// the scheduler of `run` has stopped.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let db = state.store.read(sources::failing_count).await;
    let scheduler = match (state.scheduling, state.scheduler()) {
        (false, _) => "off",
        (true, Some(s)) if s.running_loops() > 0 => "running",
        (true, _) => "stopped",
    };
    match db {
        Ok(failing) => {
            let status = if scheduler == "stopped" {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::OK
            };
            (
                status,
                Json(serde_json::json!({
                    "status": if status == StatusCode::OK { "ok" } else { "error" },
                    "database": "ok",
                    "scheduler": scheduler,
                    "failing_sources": failing,
                    "version": env!("CARGO_PKG_VERSION"),
                })),
            )
                .into_response()
        }
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "error", "database": e.to_string()})),
        )
            .into_response(),
    }
}

pub async fn opml(State(state): State<AppState>) -> Response {
    let body = publish::opml::render(&state.config());
    (
        [
            (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response()
}

/// The category schemes of the feeds, resolvable: the valid states with their names.
pub async fn vocab_states() -> Response {
    let states: Vec<_> = FedState::ALL
        .iter()
        .map(|s| serde_json::json!({"code": s.code(), "name": s.name(), "slug": s.slug()}))
        .collect();
    ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], Json(states)).into_response()
}

/// The valid topic slugs.
pub async fn vocab_topics() -> Response {
    (
        [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
        Json(vocab::TOPICS),
    )
        .into_response()
}

/// Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> Result<Response, AppError> {
    let (failing, stored) = state
        .store
        .read(|c| Ok((sources::failing_count(c)?, items::count(c)?)))
        .await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(failing, stored),
    )
        .into_response())
}
