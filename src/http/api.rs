//! The editors' JSON API under /api (DESIGN.md §6): list, read and edit items, see
//! sources' health, poll a source now. Every route needs a bearer token; edits go through
//! `editorial::apply`, so they are audited exactly like the shell's and the UI's.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::auth::ApiEditor;
use super::{AppError, AppState};
use crate::config::{Relevance, Source, SourceKind};
use crate::model::{ItemView, Status};
use crate::store::editorial::{self, Edit};
use crate::store::items::{self, ItemFilter};
use crate::store::sources;
use crate::vocab::{self, State as FedState};

/// Request bodies above this are refused with 413 before they are read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/items", get(list_items))
        .route("/items/{id}", get(get_item).patch(patch_item))
        .route("/sources", get(list_sources))
        .route("/sources/{id}/poll", post(poll_source))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(super::auth::desk_headers))
}

/// An API failure: a status and `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        let message = e.to_string();
        // AppError knows its status; its JSON body has the same shape as ours.
        let status = e.into_response().status();
        ApiError::new(status, message)
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> ApiError {
        AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// The opaque list cursor: hex of `pinned|published|id`, the position of the last item
/// of the page before.
pub fn encode_cursor(item: &ItemView) -> String {
    crate::hex::encode(
        format!("{}|{}|{}", u8::from(item.pinned), item.published, item.id).as_bytes(),
    )
}

pub fn decode_cursor(text: &str) -> Result<(bool, String, i64), String> {
    let invalid = || format!("cursor {text:?} is not one this server handed out");
    if !text.len().is_multiple_of(2) || text.len() > 200 {
        return Err(invalid());
    }
    let bytes = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| invalid())?;
    let plain = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = plain.splitn(3, '|');
    let (Some(pinned), Some(published), Some(id)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let pinned = match pinned {
        "0" => false,
        "1" => true,
        _ => return Err(invalid()),
    };
    chrono::DateTime::parse_from_rfc3339(published).map_err(|_| invalid())?;
    let id = id.parse::<i64>().map_err(|_| invalid())?;
    Ok((pinned, published.to_string(), id))
}

/// Query parameters as pairs, in order (repeated names allowed).
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The first value of a query parameter, if it is given and not empty.
pub fn first_param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// The item filter named by list parameters (`status`, `state`, `topic`, `source`, `q`,
/// `cursor`); lists may be comma-separated or repeated, empty values mean "any".
/// Errors name the parameter and the valid values.
pub fn item_filter(pairs: &[(String, String)]) -> Result<ItemFilter, String> {
    let mut filter = ItemFilter::default();
    let values = |v: &str| -> Vec<String> {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    for (key, value) in pairs {
        match key.as_str() {
            "status" if !value.is_empty() => {
                filter.status = Some(
                    value
                        .parse::<Status>()
                        .map_err(|e| format!("status: {e}"))?,
                );
            }
            "state" => {
                for v in values(value) {
                    let state = v.parse::<FedState>().map_err(|e| format!("state: {e}"))?;
                    filter.states.push(state);
                }
            }
            "topic" => {
                for v in values(value) {
                    if !vocab::is_topic(&v) {
                        return Err(format!(
                            "topic: unknown topic {v:?}; valid values: {}",
                            vocab::valid_topics()
                        ));
                    }
                    filter.topics.push(v);
                }
            }
            "source" => filter.sources.extend(values(value)),
            "q" if !value.trim().is_empty() => {
                if value.chars().count() > 200 {
                    return Err("q: at most 200 characters".into());
                }
                filter.query = Some(value.clone());
            }
            "cursor" if !value.is_empty() => {
                filter.before = Some(decode_cursor(value).map_err(|e| format!("cursor: {e}"))?);
            }
            _ => {}
        }
    }
    Ok(filter)
}

/// `GET /api/items` → `{"items": [...], "next": CURSOR|null}`.
async fn list_items(
    _editor: ApiEditor,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    const KNOWN: [&str; 7] = ["status", "state", "topic", "source", "q", "limit", "cursor"];
    if let Some((unknown, _)) = pairs.iter().find(|(k, _)| !KNOWN.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "unknown parameter {unknown:?}; valid parameters: {}",
            KNOWN.join(", ")
        )));
    }
    let mut filter = item_filter(&pairs).map_err(ApiError::bad_request)?;
    let limit = match pairs.iter().rev().find(|(k, _)| k == "limit") {
        Some((_, v)) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!("limit: a number from 1 to {MAX_LIMIT}"))
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

fn parse_id(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>()
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, format!("no item with id {text:?}")))
}

/// `GET /api/items/{id}`.
async fn get_item(
    _editor: ApiEditor,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ItemView>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(state.store.read(move |c| items::get(c, id)).await?))
}

/// `PATCH /api/items/{id}`: a partial `Edit`, applied as the token's editor.
async fn patch_item(
    ApiEditor(editor): ApiEditor,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ItemView>, ApiError> {
    let id = parse_id(&id)?;
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                format!("request body larger than {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::new(status, format!("cannot read the request body: {rejection}"))
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
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type must be application/json, not {content_type:?}"),
        ));
    }
    let edit: Edit = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "body: {e}; fields: status, states, topics, pinned, title_override, note"
        ))
    })?;
    if edit.is_empty() {
        return Err(ApiError::bad_request(
            "body: names no field to change; fields: status, states, topics, pinned, title_override, note",
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
        "kind": match source.kind { SourceKind::Feed => "feed", SourceKind::Html => "html" },
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
async fn list_sources(
    _editor: ApiEditor,
    State(state): State<AppState>,
) -> Result<Json<Value>, ApiError> {
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
async fn poll_source(
    _editor: ApiEditor,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let report = state.poll_now(&id).await?;
    Ok(Json(report).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        query_pairs(Some(q))
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let text = crate::hex::encode(b"1|2025-03-04T05:06:07Z|42");
        assert_eq!(
            decode_cursor(&text).unwrap(),
            (true, "2025-03-04T05:06:07Z".to_string(), 42)
        );
        for bad in ["", "zz", "abc", "7c7c7c", "317c787c34"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filter_errors_name_the_parameter() {
        let f = item_filter(&pairs(
            "state=ST,thueringen&topic=ausbildung&status=new&q=Pflege",
        ))
        .unwrap();
        assert_eq!(f.states, vec![FedState::ST, FedState::TH]);
        assert_eq!(f.topics, vec!["ausbildung"]);
        assert_eq!(f.status, Some(Status::New));
        assert_eq!(f.query.as_deref(), Some("Pflege"));
        let e = item_filter(&pairs("state=XX")).unwrap_err();
        assert!(
            e.starts_with("state:") && e.contains("TH (thueringen)"),
            "{e}"
        );
        let e = item_filter(&pairs("topic=kochen")).unwrap_err();
        assert!(e.starts_with("topic:") && e.contains("kooperation"), "{e}");
        let e = item_filter(&pairs("status=gelöscht")).unwrap_err();
        assert!(e.starts_with("status:") && e.contains("pruned"), "{e}");
        assert!(item_filter(&pairs("cursor=xyz")).is_err());
    }
}
