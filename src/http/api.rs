//! The editors' JSON API under /api (DESIGN.md §6): list, read and edit items, see
//! sources' health, poll a source now. Every route needs a bearer token; edits go through
//! `editorial::apply`, so they are audited exactly like the shell's and the UI's.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::ApiEditor;
use super::item_query::{encode_cursor, item_filter, parse_limit, query_pairs};
use super::{AppError, AppState};
use crate::config::{Relevance, Source, SourceKind};
use crate::model::ItemView;
use crate::store::editorial::{self, Edit};
use crate::store::items;
use crate::store::sources;

/// Request bodies above this are refused with 413 before they are read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

/// Any path under /api that names no route.
pub async fn no_such_route() -> AppError {
    AppError::NotFound("no such API route".into())
}

/// `GET /api/items` → `{"items": [...], "next": CURSOR|null}`.
pub async fn list_items(
    _editor: ApiEditor,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, AppError> {
    let pairs = query_pairs(raw.as_deref());
    const KNOWN: [&str; 7] = ["status", "state", "topic", "source", "q", "limit", "cursor"];
    if let Some((unknown, _)) = pairs.iter().find(|(k, _)| !KNOWN.contains(&k.as_str())) {
        return Err(AppError::BadRequest(format!(
            "unknown parameter {unknown:?}; valid parameters: {}",
            KNOWN.join(", ")
        )));
    }
    let mut filter = item_filter(&pairs).map_err(AppError::BadRequest)?;
    let limit = match pairs.iter().rev().find(|(k, _)| k == "limit") {
        Some((_, v)) => parse_limit(v, MAX_LIMIT).ok_or_else(|| {
            AppError::BadRequest(format!("limit: a number from 1 to {MAX_LIMIT}"))
        })?,
        None => DEFAULT_LIMIT,
    };
    filter.limit = limit + 1;
    let mut found = state.store.read(move |c| items::list(c, &filter)).await?;
    let next = if found.len() > limit as usize {
        found.truncate(limit as usize);
        found.last().map(encode_cursor)
    } else {
        None
    };
    Ok(Json(json!({ "items": found, "next": next })))
}

fn parse_id(text: &str) -> Result<i64, AppError> {
    text.parse::<i64>()
        .map_err(|_| AppError::NotFound(format!("no item with id {text:?}")))
}

/// `GET /api/items/{id}`.
pub async fn get_item(
    _editor: ApiEditor,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ItemView>, AppError> {
    let id = parse_id(&id)?;
    Ok(Json(state.store.read(move |c| items::get(c, id)).await?))
}

/// `PATCH /api/items/{id}`: a partial `Edit`, applied as the token's editor.
pub async fn patch_item(
    ApiEditor(editor): ApiEditor,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ItemView>, AppError> {
    let id = parse_id(&id)?;
    let body = body.map_err(|rejection| {
        // A body is refused for its size (413) or for breaking off (400).
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge(format!("request body larger than {MAX_BODY_BYTES} bytes"))
        } else {
            AppError::BadRequest(format!("cannot read the request body: {rejection}"))
        }
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media_type != "application/json" && media_type != "application/merge-patch+json" {
        return Err(AppError::UnsupportedMediaType(format!(
            "Content-Type must be application/json, not {content_type:?}"
        )));
    }
    let edit: Edit = serde_json::from_slice(&body).map_err(|e| {
        AppError::BadRequest(format!(
            "body: {e}; fields: status, states, topics, pinned, title_override, note"
        ))
    })?;
    if edit.is_empty() {
        return Err(AppError::BadRequest(
            "body: names no field to change; fields: status, states, topics, pinned, title_override, note".into(),
        ));
    }
    edit.validate()?;
    let actor = editor.name;
    let item = state
        .store
        .write(move |c| editorial::apply(c, id, &actor, &edit, chrono::Utc::now()))
        .await?;
    Ok(Json(item))
}

/// A configured source as the API shows it: its settings and its health.
pub fn source_json(source: &Source, health: &sources::SourceHealth) -> Value {
    json!({
        "id": source.id,
        "name": source.name,
        "kind": match source.kind { SourceKind::Feed => "feed", SourceKind::Html => "html", SourceKind::Sitemap => "sitemap" },
        "url": source.url.as_str(),
        "state": source.state,
        "schedule": source.schedule.text,
        "relevance": match source.relevance { Relevance::Filter => "filter", Relevance::All => "all" },
        "authority": source.authority.as_str(),
        "enabled": source.enabled,
        "health": health,
    })
}

/// `GET /api/sources`.
pub async fn list_sources(
    _editor: ApiEditor,
    State(state): State<AppState>,
) -> Result<Json<Value>, AppError> {
    let config = state.config();
    let ids: Vec<String> = config.sources.iter().map(|s| s.id.clone()).collect();
    let health = state
        .store
        .read(move |c| {
            ids.iter()
                .map(|id| sources::health(c, id))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    let list: Vec<Value> = config
        .sources
        .iter()
        .zip(&health)
        .map(|(s, h)| source_json(s, h))
        .collect();
    Ok(Json(json!({ "sources": list })))
}

/// `POST /api/sources/{id}/poll` → the poll's report.
pub async fn poll_source(
    _editor: ApiEditor,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let report = state.poll_now(&id).await?;
    Ok(Json(report).into_response())
}
