//! Source health at /admin/sources, and "poll now" through the pipeline the scheduler uses.
//! "Jetzt abrufen" answers with a redirect (POST-redirect-GET: a reload does not poll
//! again) whose query carries only the source id and counts; the page words them.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::source_notes::in_german;
use super::{Chrome, DeskError, FormFields, berlin_time, render};
use crate::http::AppState;
use crate::http::auth::EditorSession;
use crate::http::item_query::query_pairs;
use crate::report::PollReport;
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
    /// Entries the last job skipped, and why (the first few), in German.
    skipped: u32,
    skip_reasons: Vec<String>,
    /// What the last job had to work around, in German.
    notices: Vec<String>,
    /// "3 von 40 (8 %)": published items editors later pruned; "–" before any.
    pruned_share: String,
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
    let (health, shares) = state
        .store
        .read(move |c| {
            let health = ids
                .iter()
                .map(|id| sources::health(c, id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((health, sources::prune_shares(c)?))
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
            last_error: h.last_error.as_deref().map(in_german).unwrap_or_default(),
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
            skipped: h.last_skipped,
            skip_reasons: h.last_skip_reasons.iter().map(|r| in_german(r)).collect(),
            notices: h.last_notices.iter().map(|n| in_german(n)).collect(),
            pruned_share: pruned_share(shares.get(&s.id).copied()),
        })
        .collect())
}

/// Published items that editors later pruned, as "3 von 40 (8 %)".
fn pruned_share(counts: Option<(u32, u32)>) -> String {
    match counts {
        Some((published, pruned)) if published > 0 => {
            let percent = (f64::from(pruned) * 100.0 / f64::from(published)).round();
            format!("{pruned} von {published} ({percent} %)")
        }
        _ => "–".to_string(),
    }
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

/// `GET /admin/sources`, after "Jetzt abrufen" with `?abgerufen=ID&…` (the outcome).
pub async fn page(
    session: EditorSession,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let pairs = query_pairs(raw.as_deref());
    let (report, failed) = match param(&pairs, "abgerufen") {
        Some(id) => poll_outcome(&state, id, &pairs).await?,
        None => (String::new(), false),
    };
    sources_page(&session, &state, report, failed).await
}

/// The outcome of a poll in words, from the redirect's counts; a failure's reason is the
/// source's last error as its health records it.
async fn poll_outcome(
    state: &AppState,
    id: &str,
    pairs: &[(String, String)],
) -> Result<(String, bool), DeskError> {
    let param = |key: &str| param(pairs, key);
    let config = state.config();
    let Some(source) = config.sources.iter().find(|s| s.id == id) else {
        return Ok((String::new(), false));
    };
    let n = |key: &str| param(key).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
    if param("ergebnis") == Some("fehler") {
        let sid = id.to_string();
        let health = state.store.read(move |c| sources::health(c, &sid)).await?;
        let why = health
            .last_error
            .as_deref()
            .map(in_german)
            .unwrap_or_else(|| "unbekannter Fehler".into());
        return Ok((
            format!("Der Abruf von „{}“ ist fehlgeschlagen: {why}", source.name),
            true,
        ));
    }
    if param("ergebnis") == Some("unveraendert") {
        return Ok((
            format!(
                "„{}“ abgerufen: Die Seite hat sich seit dem letzten Abruf nicht geändert.",
                source.name
            ),
            false,
        ));
    }
    let mut text = format!(
        "„{}“ abgerufen: {} neu, {} aktualisiert, {} unverändert, {} als Dublette zugeordnet, {} nicht relevant, {} verworfen",
        source.name,
        n("neu"),
        n("aktualisiert"),
        n("unveraendert"),
        n("doppelt"),
        n("nicht_relevant"),
        n("verworfen")
    );
    match n("uebersprungen") {
        0 => text.push('.'),
        k => text.push_str(&format!(
            "; {k} Einträge übersprungen (die Gründe stehen im Serverprotokoll)."
        )),
    }
    Ok((text, false))
}

fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `POST /admin/sources/{id}/poll` — poll now, then back to the page with the outcome.
pub async fn poll(
    session: EditorSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    FormFields::parse(body)?.require_csrf(&session)?;
    let report = state.poll_now(&id).await?;
    Ok(Redirect::to(&outcome_address(&report)).into_response())
}

fn outcome_address(report: &PollReport) -> String {
    let result = match (report.failed(), report.not_modified) {
        (true, _) => "fehler",
        (false, true) => "unveraendert",
        (false, false) => "ok",
    };
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("abgerufen", &report.source)
        .append_pair("ergebnis", result)
        .append_pair("neu", &report.new.to_string())
        .append_pair("aktualisiert", &report.updated.to_string())
        .append_pair("unveraendert", &report.unchanged.to_string())
        .append_pair("doppelt", &report.duplicate.to_string())
        .append_pair("nicht_relevant", &report.irrelevant.to_string())
        .append_pair("verworfen", &report.pruned.to_string())
        .append_pair("uebersprungen", &report.skipped.to_string())
        .finish();
    let anchor = url::form_urlencoded::byte_serialize(report.source.as_bytes()).collect::<String>();
    format!("/admin/sources?{query}#source-{anchor}")
}
