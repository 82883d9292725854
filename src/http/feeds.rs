//! Feed routes: curated `[[feed]]`s, the ad-hoc faceted feed, OPML and the category
//! vocabularies. Feeds are rendered through the cache, which answers with
//! ETag/Last-Modified, 304s, Cache-Control and CORS.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::cache::conditional::respond;
use super::cache::{FeedSpec, Rendered};
use super::item_query::{list_values, parse_limit, parse_states, parse_topics};
use super::{AppError, AppState};
use crate::config::{Config, FeedDef};
use crate::publish::{self, Format};
use crate::store::items::ItemFilter;
use crate::vocab::{self, State as FedState};

/// Render a feed without any server, for `export` (exactly the bytes the server sends).
pub async fn render_for_export(
    state: &AppState,
    feed: &FeedDef,
    format: Format,
) -> Result<bytes::Bytes, AppError> {
    Ok(state
        .rendered_feed(FeedSpec::curated(feed, format), format)
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
    let r = state
        .rendered_feed(FeedSpec::curated(feed, format), format)
        .await?;
    Ok(answer(&state, &config, &r, format, &headers))
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
    let bad = AppError::BadRequest;
    for (key, value) in query {
        match key.as_str() {
            "state" => {
                for state in parse_states(value).map_err(bad)? {
                    if !filter.states.contains(&state) {
                        filter.states.push(state);
                    }
                }
            }
            "topic" => filter.topics.extend(parse_topics(value).map_err(bad)?),
            "source" => filter
                .sources
                .extend(list_values(value).map(str::to_string)),
            "q" => filter.query = Some(value.chars().take(200).collect()),
            "limit" => {
                filter.limit = parse_limit(value, 200).ok_or_else(|| {
                    bad(format!(
                        "limit must be a whole number from 1 to 200, not {value:?}"
                    ))
                })?;
            }
            other => {
                return Err(bad(format!(
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
    let path = canonical_path(&filter, format);
    let title = faceted_title(&filter);
    let spec = FeedSpec {
        key: path.clone(),
        description: title.clone(),
        title,
        path,
        filter,
    };
    let r = state.rendered_feed(spec, format).await?;
    Ok(answer(&state, &config, &r, format, &headers))
}

/// A canonical form of the facets: the cache key and the self link.
fn canonical_path(filter: &ItemFilter, format: Format) -> String {
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
    let path = format!("feed.{}", format.extension());
    if parts.is_empty() {
        path
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

fn faceted_title(filter: &ItemFilter) -> String {
    let mut title = "presseradar: Fachkräftesicherung".to_string();
    if !filter.states.is_empty() {
        let names: Vec<&str> = filter.states.iter().map(|s| s.name()).collect();
        title = format!("{title} – {}", names.join(", "));
    }
    if !filter.topics.is_empty() {
        title = format!("{title} – {}", filter.topics.join(", "));
    }
    title
}

/// A rendered feed answered conditionally, counted by format and by 304.
fn answer(
    state: &AppState,
    config: &Config,
    r: &Rendered,
    format: Format,
    headers: &HeaderMap,
) -> Response {
    let response = respond(r, config.settings.feed_max_age_secs, headers);
    state.metrics.record_feed_request(
        format.extension(),
        response.status() == StatusCode::NOT_MODIFIED,
    );
    response
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

/// `GET /feed.xsl`: the stylesheet that makes RSS and Atom feeds readable in a browser.
pub async fn stylesheet() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/xsl; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        crate::publish::FEED_XSL,
    )
        .into_response()
}
