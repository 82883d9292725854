//! Source health at /admin/sources, and "poll now" through the pipeline the scheduler uses.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::{Chrome, DeskError, FormFields, berlin_time, render};
use crate::http::AppState;
use crate::http::auth::EditorSession;
use crate::store::sources;

/// One configured source and how its last jobs went.
struct SourceRow {
    id: String,
    name: String,
    url: String,
    enabled: bool,
    last_success: String,
    failures: u32,
    last_error: String,
    last_item_count: String,
    item_count: u32,
    next_attempt: String,
}

#[derive(Template)]
#[template(path = "admin/sources.html")]
struct SourcesPage {
    chrome: Option<Chrome>,
    csrf: String,
    rows: Vec<SourceRow>,
    report: String,
    report_failed: bool,
}

async fn source_rows(state: &AppState) -> Result<Vec<SourceRow>, DeskError> {
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
    let time = |t: &Option<String>| t.as_deref().map(berlin_time).unwrap_or_else(|| "–".into());
    Ok(config
        .sources
        .iter()
        .zip(health)
        .map(|(s, h)| SourceRow {
            id: s.id.clone(),
            name: s.name.clone(),
            url: s.url.to_string(),
            enabled: s.enabled,
            last_success: time(&h.last_success),
            failures: h.consecutive_failures,
            last_error: h.last_error.clone().unwrap_or_default(),
            last_item_count: h
                .last_item_count
                .map(|n| n.to_string())
                .unwrap_or_else(|| "–".into()),
            item_count: h.item_count,
            next_attempt: h
                .next_attempt_after
                .as_deref()
                .map(berlin_time)
                .unwrap_or_else(|| "nach Zeitplan".into()),
        })
        .collect())
}

async fn sources_page(
    session: &EditorSession,
    state: &AppState,
    report: String,
    report_failed: bool,
) -> Result<Response, DeskError> {
    let page = SourcesPage {
        chrome: Some(Chrome::from(session)),
        csrf: session.csrf.clone(),
        rows: source_rows(state).await?,
        report,
        report_failed,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /admin/sources`
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
) -> Result<Response, DeskError> {
    sources_page(&session, &state, String::new(), false).await
}

/// `POST /admin/sources/{id}/poll` — poll now and show the report line.
pub async fn poll(
    session: EditorSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    FormFields::parse(body)?.require_csrf(&session)?;
    let report = state.poll_now(&id).await?;
    sources_page(&session, &state, report.to_string(), report.failed()).await
}
