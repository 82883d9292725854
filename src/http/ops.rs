//! Operations endpoints: `/healthz` (liveness plus a database and scheduler check) and
//! `/metrics` (Prometheus text).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{AppError, AppState};
use crate::store::{items, sources};

/// Liveness plus a database check: 200 with details — `"status": "degraded"` when more
/// than half of the enabled sources failed their last job — or 503 when the database fails
/// or the scheduler of `run` has stopped.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let db = state.store.read(sources::failing_ids).await;
    let scheduler = match (state.scheduling, state.scheduler()) {
        (false, _) => "off",
        (true, Some(s)) if s.running_loops() > 0 => "running",
        (true, _) => "stopped",
    };
    let failing_ids = match db {
        Ok(ids) => ids,
        Err(e) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "error", "database": e.to_string()})),
            )
                .into_response();
        }
    };
    let config = state.config();
    let enabled: Vec<&str> = config
        .sources
        .iter()
        .filter(|s| s.enabled)
        .map(|s| s.id.as_str())
        .collect();
    let failing = failing_ids
        .iter()
        .filter(|id| enabled.contains(&id.as_str()))
        .count();
    let (status, word) = if scheduler == "stopped" {
        (StatusCode::SERVICE_UNAVAILABLE, "error")
    } else if failing * 2 > enabled.len() {
        (StatusCode::OK, "degraded")
    } else {
        (StatusCode::OK, "ok")
    };
    let body = serde_json::json!({
        "status": word,
        "database": "ok",
        "scheduler": scheduler,
        "sources": enabled.len(),
        "failing_sources": failing,
        "version": env!("CARGO_PKG_VERSION"),
    });
    (status, Json(body)).into_response()
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
