//! The audit log at /admin/audit: every editor change, newest first, paged backwards.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};

use super::item::HistoryLine;
use super::{Chrome, DeskError, render};
use crate::http::AppState;
use crate::http::auth::EditorSession;
use crate::http::item_query::query_pairs;
use crate::store::editorial;

const PAGE_SIZE: u32 = 100;

/// A history line with the item it concerns.
struct AuditRow {
    line: HistoryLine,
    item_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    chrome: Option<Chrome>,
    rows: Vec<AuditRow>,
    more: String,
}

/// `GET /admin/audit?before=ID`
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let before = match query_pairs(raw.as_deref())
        .into_iter()
        .find(|(k, _)| k == "before")
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
    {
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            DeskError::bad_request(format!("before: {v:?} ist keine Eintragsnummer"))
        })?),
        None => None,
    };
    let mut entries = state
        .store
        .read(move |c| editorial::audit_log(c, None, before, PAGE_SIZE + 1))
        .await?;
    let more = if entries.len() > PAGE_SIZE as usize {
        entries.truncate(PAGE_SIZE as usize);
        entries
            .last()
            .map(|e| format!("/admin/audit?before={}", e.id))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let page = AuditPage {
        chrome: Some(Chrome::from(&session)),
        rows: entries
            .iter()
            .map(|e| AuditRow {
                line: HistoryLine::from(e),
                item_id: e.item_id,
            })
            .collect(),
        more,
    };
    Ok(render(&page)?.into_response())
}
