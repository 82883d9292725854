//! Search at /admin/search: full text (through `ItemFilter.query`) plus state, topic,
//! status and source, paginated with the API's cursor.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};

use super::{Chrome, DeskError, ItemRow, render, status_label};
use crate::http::AppState;
use crate::http::auth::EditorSession;
use crate::http::item_query::{encode_cursor, first_param, item_filter, query_pairs};
use crate::model::Status;
use crate::store::items;
use crate::vocab::{self, State as FedState};

const PAGE_SIZE: u32 = 50;

/// One option of a filter's drop-down.
struct FilterOption {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/search.html")]
struct SearchPage {
    chrome: Option<Chrome>,
    csrf: String,
    back: String,
    q: String,
    states: Vec<FilterOption>,
    topics: Vec<FilterOption>,
    statuses: Vec<FilterOption>,
    sources: Vec<FilterOption>,
    searched: bool,
    rows: Vec<ItemRow>,
    more: String,
}

fn options<'a>(values: impl Iterator<Item = (&'a str, String)>, chosen: &str) -> Vec<FilterOption> {
    values
        .map(|(value, label)| FilterOption {
            selected: value == chosen,
            value: value.to_string(),
            label,
        })
        .collect()
}

/// `GET /admin/search?q=…&state=…&topic=…&status=…&source=…&cursor=…`
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let pairs = query_pairs(raw.as_deref());
    let param = |name: &str| first_param(&pairs, name).unwrap_or_default().to_string();
    let mut filter = item_filter(&pairs).map_err(DeskError::bad_request)?;
    filter.limit = PAGE_SIZE + 1;
    let searched = pairs.iter().any(|(k, v)| k != "cursor" && !v.is_empty());
    let mut found = state.store.read(move |c| items::list(c, &filter)).await?;
    let more = if found.len() > PAGE_SIZE as usize {
        found.truncate(PAGE_SIZE as usize);
        let cursor = found.last().map(encode_cursor).unwrap_or_default();
        let kept: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().filter(|(k, _)| k != "cursor"))
            .append_pair("cursor", &cursor)
            .finish();
        format!("/admin/search?{kept}")
    } else {
        String::new()
    };
    let config = state.config();
    let (chosen_state, chosen_topic) = (param("state"), param("topic"));
    let chosen_state = FedState::parse(&chosen_state)
        .map(|s| s.code().to_string())
        .unwrap_or_default();
    let page = SearchPage {
        chrome: Some(Chrome::from(&session)),
        csrf: session.csrf.clone(),
        back: format!("/admin/search?{}", raw.as_deref().unwrap_or("")),
        q: param("q"),
        states: options(
            FedState::ALL
                .iter()
                .map(|s| (s.code(), s.name().to_string())),
            &chosen_state,
        ),
        topics: options(
            vocab::TOPICS.iter().map(|t| (*t, t.to_string())),
            &chosen_topic,
        ),
        statuses: options(
            Status::ALL
                .iter()
                .map(|s| (s.as_str(), status_label(*s).to_string())),
            &param("status"),
        ),
        sources: options(
            config
                .sources
                .iter()
                .map(|s| (s.id.as_str(), s.name.clone())),
            &param("source"),
        ),
        searched,
        rows: found.iter().map(|i| ItemRow::new(i, &config)).collect(),
        more,
    };
    Ok(render(&page)?.into_response())
}
