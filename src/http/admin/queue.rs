//! The review queue at /admin: stories waiting for an editor, newest first, narrowed by
//! filters with counts; one-click and bulk approve/prune, each answered by a German
//! confirmation on the page it returns to, with "Rückgängig" for approve and prune.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::queue_filters::{self, FilterGroup};
use super::{Chrome, DeskError, FormFields, ItemRow, parse_item_id, render};
use crate::http::AppState;
use crate::http::auth::{EditorSession, safe_next};
use crate::http::item_query::{decode_cursor, encode_cursor, first_param, query_pairs};
use crate::model::Status;
use crate::store::desk;
use crate::store::editorial::{self, Edit};
use crate::store::items;

const PAGE_SIZE: u32 = 50;

/// What the last action did, in words, and how to take it back.
struct Confirmation {
    text: String,
    undo: Option<Undo>,
}

/// The bulk form that restores the stories' status (and relevance) before the action.
struct Undo {
    status: String,
    relevant: String,
    ids: Vec<i64>,
}

#[derive(Template)]
#[template(path = "admin/queue.html")]
struct QueuePage {
    chrome: Option<Chrome>,
    csrf: String,
    back: String,
    heading: String,
    filters: Vec<FilterGroup>,
    total: u32,
    confirmation: Option<Confirmation>,
    rows: Vec<ItemRow>,
    more: String,
}

/// `GET /admin?irrelevant=1&status=…&state=…&topic=…&source=…&cursor=…`, after an
/// action also `erledigt=…&ids=…` (the confirmation).
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let pairs = query_pairs(raw.as_deref());
    let filter = queue_filters::parse(&pairs).map_err(DeskError::bad_request)?;
    let before = match first_param(&pairs, "cursor") {
        Some(c) => {
            let (_, published, id) = decode_cursor(c).map_err(DeskError::bad_request)?;
            Some((published, id))
        }
        None => None,
    };
    let query = filter.clone();
    let (mut items, counts) = state
        .store
        .read(move |c| {
            let items = desk::review_queue(c, &query, before, PAGE_SIZE + 1)?;
            Ok((items, desk::queue_counts(c, &query)?))
        })
        .await?;
    let back = queue_filters::address(&filter);
    let more = if items.len() > PAGE_SIZE as usize {
        items.truncate(PAGE_SIZE as usize);
        let cursor = items.last().map(encode_cursor).unwrap_or_default();
        let sep = if back.contains('?') { '&' } else { '?' };
        format!("{back}{sep}cursor={cursor}")
    } else {
        String::new()
    };
    let config = state.config();
    let total = counts
        .status
        .iter()
        .find(|(s, _)| *s == filter.status)
        .map_or(0, |(_, n)| *n);
    let page = QueuePage {
        chrome: Some(Chrome::from(&session)),
        csrf: session.csrf.clone(),
        heading: heading(&filter),
        filters: queue_filters::groups(&filter, &counts, &config),
        total,
        confirmation: confirmation(&state, &pairs).await?,
        rows: items.iter().map(|i| ItemRow::new(i, &config)).collect(),
        back,
        more,
    };
    Ok(render(&page)?.into_response())
}

fn heading(filter: &desk::QueueFilter) -> String {
    let what = match filter.status {
        Status::New => "Warteschlange",
        Status::Approved => "Freigegebene Meldungen",
        Status::Pruned => "Verworfene Meldungen",
    };
    if filter.relevant {
        what.to_string()
    } else {
        format!("{what}: nicht relevant")
    }
}

/// The confirmation an action's redirect asks for, with its undo where there is one.
async fn confirmation(
    state: &AppState,
    pairs: &[(String, String)],
) -> Result<Option<Confirmation>, DeskError> {
    if first_param(pairs, "keine").is_some() {
        return Ok(Some(Confirmation {
            text: "Keine Meldung ausgewählt: Bitte zuerst Meldungen ankreuzen.".into(),
            undo: None,
        }));
    }
    let Some(done) = first_param(pairs, "erledigt").and_then(|s| s.parse::<Status>().ok()) else {
        return Ok(None);
    };
    let ids: Vec<i64> = first_param(pairs, "ids")
        .unwrap_or("")
        .split(',')
        .filter_map(|s| s.parse().ok())
        .take(500)
        .collect();
    let deed = match done {
        Status::Approved => "freigegeben – sie erscheint in den passenden Feeds",
        Status::Pruned => "verworfen – sie erscheint in keinem Feed und kommt nicht wieder",
        Status::New => "zurück in die Prüfung gestellt",
    };
    let text = match ids.as_slice() {
        [id] => {
            let id = *id;
            let title = state
                .store
                .read(move |c| items::get(c, id))
                .await
                .map(|i| i.title)
                .unwrap_or_else(|_| format!("Meldung {id}"));
            format!("„{title}“ {deed}.")
        }
        many => format!(
            "{} Meldungen {}.",
            many.len(),
            deed.replace("sie erscheint", "sie erscheinen")
                .replace("kommt", "kommen")
        ),
    };
    let undo = match (done, first_param(pairs, "vorher")) {
        (Status::Approved | Status::Pruned, Some(before)) if !ids.is_empty() => Some(Undo {
            status: before.to_string(),
            relevant: first_param(pairs, "vorher_relevant")
                .unwrap_or("")
                .to_string(),
            ids,
        }),
        _ => None,
    };
    Ok(Some(Confirmation { text, undo }))
}

fn status_edit(form: &FormFields) -> Result<Edit, DeskError> {
    let status = form.one("status").unwrap_or("");
    let status = status.parse::<Status>().map_err(|_| {
        DeskError::bad_request(format!(
            "Unbekannter Status {status:?}; erlaubt: {}",
            Status::valid_values()
        ))
    })?;
    // An undo also restores the relevance the stories had before: the editor's verdict,
    // or ("auto") none, so that the classifier decides again.
    let relevant = match form.one("relevant") {
        Some("1") => Some(Some(true)),
        Some("0") => Some(Some(false)),
        Some("auto") => Some(None),
        _ => None,
    };
    Ok(Edit {
        status: Some(status),
        relevant,
        ..Default::default()
    })
}

/// Apply `edit` to every id as `actor`; the address to go back to names what was done
/// and what the stories were before (the same for all, else no undo is offered).
async fn apply_all(
    state: &AppState,
    actor: String,
    ids: Vec<i64>,
    edit: Edit,
    back: &str,
) -> Result<String, DeskError> {
    let done = edit.status.unwrap_or(Status::New);
    let touched = ids.clone();
    let before = state
        .store
        .write(move |c| {
            let mut before = Vec::new();
            for id in ids {
                let item = items::get(c, id)?;
                before.push((item.status, item.relevant_by_editor));
                editorial::apply(c, id, &actor, &edit, chrono::Utc::now())?;
            }
            Ok(before)
        })
        .await?;
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("erledigt", done.as_str());
    let list: Vec<String> = touched.iter().map(i64::to_string).collect();
    query.append_pair("ids", &list.join(","));
    if let Some(&(status, relevant)) = before.first()
        && before.iter().all(|b| *b == (status, relevant))
    {
        query.append_pair("vorher", status.as_str());
        let verdict = match relevant {
            Some(true) => "1",
            Some(false) => "0",
            None => "auto",
        };
        query.append_pair("vorher_relevant", verdict);
    }
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(format!("{back}{sep}{}", query.finish()))
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
    let back = safe_next(form.one("back"));
    let to = apply_all(&state, session.editor.name.clone(), vec![id], edit, &back).await?;
    Ok(Redirect::to(&to).into_response())
}

/// `POST /admin/bulk` — the same status for every checked row (also "Rückgängig").
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
    let back = safe_next(form.one("back"));
    if ids.is_empty() {
        let sep = if back.contains('?') { '&' } else { '?' };
        return Ok(Redirect::to(&format!("{back}{sep}keine=1")).into_response());
    }
    let to = apply_all(&state, session.editor.name.clone(), ids, edit, &back).await?;
    Ok(Redirect::to(&to).into_response())
}
