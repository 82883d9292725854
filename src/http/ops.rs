//! Operations endpoints: `/healthz` (liveness plus a database and scheduler check) and
//! `/metrics` (Prometheus text).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{AppError, AppState};
use crate::store::{items, sources};

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
