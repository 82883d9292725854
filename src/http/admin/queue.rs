//! The review queue at /admin: stories waiting for an editor, newest first, with one-click
//! and bulk approve/prune.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::{Chrome, DeskError, FormFields, ItemRow, parse_item_id, render};
use crate::http::AppState;
use crate::http::auth::{EditorSession, safe_next};
use crate::http::item_query::{decode_cursor, encode_cursor, first_param, query_pairs};
use crate::model::Status;
use crate::store::desk;
use crate::store::editorial::{self, Edit};

const PAGE_SIZE: u32 = 50;

#[derive(Template)]
#[template(path = "admin/queue.html")]
struct QueuePage {
    chrome: Option<Chrome>,
    csrf: String,
    back: String,
    irrelevant: bool,
    rows: Vec<ItemRow>,
    more: String,
}

/// `GET /admin?irrelevant=1&cursor=…`
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let pairs = query_pairs(raw.as_deref());
    let irrelevant = first_param(&pairs, "irrelevant").is_some_and(|v| v != "0");
    let before = match first_param(&pairs, "cursor") {
        Some(c) => {
            let (_, published, id) = decode_cursor(c).map_err(DeskError::bad_request)?;
            Some((published, id))
        }
        None => None,
    };
    let mut items = state
        .store
        .read(move |c| desk::review_queue(c, !irrelevant, before, PAGE_SIZE + 1))
        .await?;
    let more = if items.len() > PAGE_SIZE as usize {
        items.truncate(PAGE_SIZE as usize);
        let cursor = items.last().map(encode_cursor).unwrap_or_default();
        format!(
            "/admin?{}cursor={cursor}",
            if irrelevant { "irrelevant=1&" } else { "" }
        )
    } else {
        String::new()
    };
    let back = if irrelevant {
        "/admin?irrelevant=1"
    } else {
        "/admin"
    };
    let page = QueuePage {
        chrome: Some(Chrome::from(&session)),
        csrf: session.csrf.clone(),
        back: back.to_string(),
        irrelevant,
        rows: items.iter().map(ItemRow::from).collect(),
        more,
    };
    Ok(render(&page)?.into_response())
}

fn status_edit(form: &FormFields) -> Result<Edit, DeskError> {
    let status = form.one("status").unwrap_or("");
    let status = status.parse::<Status>().map_err(|_| {
        DeskError::bad_request(format!(
            "Unbekannter Status {status:?}; erlaubt: {}",
            Status::valid_values()
        ))
    })?;
    Ok(Edit {
        status: Some(status),
        ..Default::default()
    })
}

/// `POST /admin/items/{id}/status` — one click on a row's approve or prune button.
pub async fn set_status(
    session: EditorSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    let form = FormFields::parse(body)?;
    form.require_csrf(&session)?;
    let id = parse_item_id(&id)?;
    let edit = status_edit(&form)?;
    let actor = session.editor.name.clone();
    state
        .store
        .write(move |c| editorial::apply(c, id, &actor, &edit, chrono::Utc::now()))
        .await?;
    Ok(Redirect::to(&safe_next(form.one("back"))).into_response())
}

/// `POST /admin/bulk` — the same status for every checked row.
pub async fn bulk(
    session: EditorSession,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    let form = FormFields::parse(body)?;
    form.require_csrf(&session)?;
    let edit = status_edit(&form)?;
    let ids = form
        .all("ids")
        .into_iter()
        .map(parse_item_id)
        .collect::<Result<Vec<_>, _>>()?;
    if ids.len() > 500 {
        return Err(DeskError::bad_request(
            "Höchstens 500 Meldungen auf einmal.",
        ));
    }
    let actor = session.editor.name.clone();
    state
        .store
        .write(move |c| {
            for id in ids {
                editorial::apply(c, id, &actor, &edit, chrono::Utc::now())?;
            }
            Ok(())
        })
        .await?;
    Ok(Redirect::to(&safe_next(form.one("back"))).into_response())
}
