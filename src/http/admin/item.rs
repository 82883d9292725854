//! One item at /admin/items/{id}: its facts, its story's other members, its audit history,
//! and the form that edits states, topics, title override, note, pin and status.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

pub use super::history::HistoryLine;
use super::{
    Chrome, DeskError, FormFields, MemberLink, berlin_time, member_links, parse_item_id, render,
    status_label, web_href,
};
use crate::config::Config;
use crate::http::AppState;
use crate::http::auth::EditorSession;
use crate::model::{ItemView, Status};
use crate::store::editorial::{self, AuditEntry, Edit};
use crate::store::items;
use crate::vocab::{self, State as FedState};

/// One checkbox or option of the form.
struct Choice {
    value: String,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/item.html")]
struct ItemPage {
    chrome: Option<Chrome>,
    csrf: String,
    id: i64,
    title: String,
    original_title: String,
    url: String,
    href: String,
    source: String,
    published: String,
    first_seen: String,
    date_source: String,
    status_label: &'static str,
    relevance: String,
    /// "1", "0" (an editor's verdict) or "auto" (the classifier's).
    verdict: &'static str,
    /// What the classifier's verdict is, for the "automatisch" choice.
    auto_label: &'static str,
    reasons: Vec<String>,
    summary: String,
    title_override: String,
    note: String,
    pinned: bool,
    states: Vec<Choice>,
    topics: Vec<Choice>,
    statuses: Vec<Choice>,
    members: Vec<MemberLink>,
    history: Vec<HistoryLine>,
    /// The confirmation after the form was saved.
    saved: &'static str,
}

fn item_page(
    session: &EditorSession,
    item: &ItemView,
    history: &[AuditEntry],
    config: &Config,
) -> ItemPage {
    ItemPage {
        chrome: Some(Chrome::from(session)),
        csrf: session.csrf.clone(),
        id: item.id,
        title: item.title.clone(),
        original_title: item.original_title.clone(),
        url: item.url.clone(),
        href: web_href(&item.url),
        source: super::rows::source_name(config, &item.source),
        published: super::berlin_published(&item.published),
        first_seen: berlin_time(&item.first_seen),
        date_source: date_source_label(&item.date_source).to_string(),
        status_label: status_label(item.status),
        relevance: format!(
            "{} (Wert {:.2})",
            if item.relevant {
                "relevant"
            } else {
                "nicht relevant"
            },
            item.score
        ),
        verdict: match item.relevant_by_editor {
            Some(true) => "1",
            Some(false) => "0",
            None => "auto",
        },
        auto_label: match (item.relevant_by_editor, item.relevant) {
            (Some(_), _) => "automatisch (wie der Klassifikator entscheidet)",
            (None, true) => "automatisch (zurzeit relevant)",
            (None, false) => "automatisch (zurzeit nicht relevant)",
        },
        reasons: item
            .reasons
            .iter()
            .map(|r| super::reasons::german(r))
            .collect(),
        summary: crate::sanitize::html_to_text(&item.summary),
        title_override: item.title_override.clone().unwrap_or_default(),
        note: item.note.clone().unwrap_or_default(),
        pinned: item.pinned,
        states: FedState::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_string(),
                label: s.name().to_string(),
                checked: item.states.contains(s),
            })
            .collect(),
        topics: vocab::TOPICS
            .iter()
            .map(|t| Choice {
                value: t.to_string(),
                label: vocab::topic_name(t).to_string(),
                checked: item.topics.iter().any(|x| x == t),
            })
            .collect(),
        statuses: Status::ALL
            .iter()
            .map(|s| Choice {
                value: s.to_string(),
                label: status_label(*s).to_string(),
                checked: item.status == *s,
            })
            .collect(),
        members: member_links(item, config),
        history: history.iter().map(HistoryLine::from).collect(),
        saved: "",
    }
}

/// `GET /admin/items/{id}`
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let saved = match crate::http::item_query::query_pairs(raw.as_deref())
        .iter()
        .find(|(k, _)| k == "gespeichert")
        .map(|(_, v)| v.as_str())
    {
        Some("1") => "Änderungen gespeichert.",
        Some(_) => "Nichts geändert: Das Formular entsprach schon der Meldung.",
        None => "",
    };
    let id = parse_item_id(&id)?;
    let (item, history) = state
        .store
        .read(move |c| {
            let item = items::get(c, id)?;
            let history = editorial::audit_log(c, Some(id), None, 100)?;
            Ok((item, history))
        })
        .await?;
    let mut page = item_page(&session, &item, &history, &state.config());
    page.saved = saved;
    Ok(render(&page)?.into_response())
}

/// Where the publication date came from, as editors read it.
fn date_source_label(source: &str) -> &str {
    match source {
        "feed" => "Eintrag im Feed",
        "list-selector" => "Listenseite",
        "article-selector" => "Artikelseite",
        "json-ld" => "Artikelseite, JSON-LD",
        "meta-article-published" | "meta-date" => "Artikelseite, Metadaten",
        "time-element" => "Artikelseite, time-Element",
        "text" => "Text der Meldung",
        "sitemap" => "Eintrag in der Sitemap",
        "undated" => "kein Datum, Zeitpunkt der Erfassung",
        other => other,
    }
}

/// The fields of the form that differ from the item, so the audit log names only what
/// the editor changed.
fn changes(form: &FormFields, item: &ItemView) -> Result<Edit, DeskError> {
    let mut states = form
        .all("states")
        .into_iter()
        .map(|s| {
            s.parse::<FedState>()
                .map_err(|e| DeskError::bad_request(format!("Länder: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    states.sort();
    states.dedup();
    let mut topics: Vec<String> = form.all("topics").into_iter().map(str::to_string).collect();
    topics.sort();
    topics.dedup();
    let (mut old_states, mut old_topics) = (item.states.clone(), item.topics.clone());
    old_states.sort();
    old_topics.sort();

    let text = |name: &str| {
        form.one(name)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let title_override = text("title_override");
    let note = text("note");
    let pinned = form.one("pinned").is_some();
    // The editor's relevance: only when the form carries it and it differs; "auto" gives
    // the story back to the classifier.
    let relevant = match form.one("relevant") {
        None => None,
        Some("1") => Some(Some(true)),
        Some("0") => Some(Some(false)),
        Some("auto") => Some(None),
        Some(other) => {
            return Err(DeskError::bad_request(format!(
                "Unbekannte Einstufung {other:?}; erlaubt: 1 (relevant), 0 (nicht relevant), auto"
            )));
        }
    };
    let status = match form.one("status") {
        None => item.status,
        Some(s) => s.parse::<Status>().map_err(|_| {
            DeskError::bad_request(format!(
                "Unbekannter Status {s:?}; erlaubt: {}",
                Status::valid_values()
            ))
        })?,
    };

    let edit = Edit {
        status: (status != item.status).then_some(status),
        states: (states != old_states).then_some(states),
        topics: (topics != old_topics).then_some(topics),
        pinned: (pinned != item.pinned).then_some(pinned),
        relevant: relevant.filter(|r| *r != item.relevant_by_editor),
        title_override: (title_override != item.title_override).then_some(title_override),
        note: (note != item.note).then_some(note),
    };
    edit.validate()?;
    Ok(edit)
}

/// `POST /admin/items/{id}` — save the edit form.
pub async fn save(
    session: EditorSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    let form = FormFields::parse(body)?;
    form.require_csrf(&session)?;
    let id = parse_item_id(&id)?;
    let item = state.store.read(move |c| items::get(c, id)).await?;
    let edit = changes(&form, &item)?;
    let edit_was_empty = edit.is_empty();
    if !edit_was_empty {
        let actor = session.editor.name.clone();
        state
            .store
            .write(move |c| editorial::apply(c, id, &actor, &edit, chrono::Utc::now()))
            .await?;
    }
    let done = if edit_was_empty { "unveraendert" } else { "1" };
    Ok(Redirect::to(&format!("/admin/items/{id}?gespeichert={done}")).into_response())
}
