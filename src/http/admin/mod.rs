//! The editors' desk under /admin: server-rendered pages (askama, auto-escaped) that work
//! without JavaScript, one module per page (their routes are in `http::routes`); the
//! shared page frame, form parsing, CSRF check and error page live here.

pub mod audit;
pub mod history;
pub mod item;
pub mod login;
pub mod queue;
pub mod queue_filters;
pub mod reasons;
pub mod rows;
pub mod search;
pub mod source_notes;
pub mod sources;

pub use rows::{ItemRow, MemberLink, member_links};

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::AppError;
use super::auth::{EditorSession, csrf_matches};
use crate::model::Status;
use crate::store::StoreError;

/// Form bodies above this are refused (413) before they are read.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../../assets/admin.js"),
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../../assets/admin.css"),
    )
        .into_response()
}

/// What every page's frame shows of the session: who is logged in, and the CSRF token
/// for the logout form.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub editor: String,
    pub csrf: String,
}

impl From<&EditorSession> for Chrome {
    fn from(s: &EditorSession) -> Chrome {
        Chrome {
            editor: s.editor.name.clone(),
            csrf: s.csrf.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/error.html")]
struct ErrorPage<'a> {
    chrome: Option<Chrome>,
    title: &'a str,
    message: &'a str,
}

/// A failed desk request, answered as a German HTML page with the fitting status.
#[derive(Debug)]
pub struct DeskError {
    pub status: StatusCode,
    pub message: String,
}

impl DeskError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> DeskError {
        DeskError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> DeskError {
        DeskError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<AppError> for DeskError {
    fn from(e: AppError) -> DeskError {
        let message = match &e {
            AppError::Internal(_) => {
                "Interner Fehler; Einzelheiten stehen im Serverprotokoll.".into()
            }
            // The store names what it missed in English, for logs and the API.
            AppError::NotFound(_) => "Das Gesuchte gibt es nicht (mehr): Eine Meldung kann \
                wegen ihres Alters entfernt worden sein, eine Quelle aus der Konfiguration."
                .into(),
            other => other.to_string(),
        };
        DeskError::new(e.status(), message)
    }
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> DeskError {
        AppError::from(e).into()
    }
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        let title = match self.status {
            StatusCode::FORBIDDEN => "Nicht erlaubt",
            StatusCode::NOT_FOUND => "Nicht gefunden",
            StatusCode::TOO_MANY_REQUESTS => "Zu viele Versuche",
            StatusCode::PAYLOAD_TOO_LARGE => "Zu groß",
            s if s.is_client_error() => "Ungültige Anfrage",
            _ => "Fehler",
        };
        let page = ErrorPage {
            chrome: None,
            title,
            message: &self.message,
        };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => (self.status, self.message).into_response(),
        }
    }
}

/// The desk's fallback: an unknown page under /admin (also `/admin/`) is a German 404
/// with the way back to the queue.
pub async fn not_found() -> DeskError {
    DeskError::new(
        StatusCode::NOT_FOUND,
        "Diese Seite gibt es auf dem Redaktionsdesk nicht. Vielleicht ist die Adresse \
         falsch geschrieben oder veraltet.",
    )
}

/// Render a page template.
pub fn render(page: &impl Template) -> Result<Html<String>, DeskError> {
    page.render().map(Html).map_err(|e| {
        tracing::error!(error = %e, "template failed");
        DeskError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Seite konnte nicht erzeugt werden.",
        )
    })
}

/// A urlencoded form body as name/value pairs: checkboxes repeat their name.
#[derive(Debug, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    pub fn parse(body: Result<Bytes, BytesRejection>) -> Result<FormFields, DeskError> {
        let body = body.map_err(|rejection| {
            let status = rejection.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                DeskError::new(status, "Das Formular ist zu groß.")
            } else {
                DeskError::new(status, format!("Formular nicht lesbar: {rejection}"))
            }
        })?;
        Ok(FormFields(
            url::form_urlencoded::parse(&body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }

    pub fn one(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Every state-changing form carries the session's token; a forged form does not.
    pub fn require_csrf(&self, session: &EditorSession) -> Result<(), DeskError> {
        match self.one("csrf") {
            Some(token) if csrf_matches(&session.csrf, token) => Ok(()),
            _ => Err(DeskError::new(
                StatusCode::FORBIDDEN,
                "Das Sicherheitstoken des Formulars fehlt oder ist ungültig. Bitte die Seite neu laden und erneut absenden.",
            )),
        }
    }
}

pub fn parse_item_id(text: &str) -> Result<i64, DeskError> {
    text.parse::<i64>().map_err(|_| {
        DeskError::new(
            StatusCode::NOT_FOUND,
            format!("Keine Meldung mit der Nummer {text:?}."),
        )
    })
}

pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::New => "neu",
        Status::Approved => "freigegeben",
        Status::Pruned => "verworfen",
    }
}

/// A publication date as editors read it: a date-only source (stored as Berlin
/// midnight) shows the date alone, without a meaningless 00:00.
pub fn berlin_published(stored: &str) -> String {
    let local = crate::store::parse_ts(stored).with_timezone(&chrono_tz::Europe::Berlin);
    if local.format("%H:%M:%S").to_string() == "00:00:00" {
        local.format("%d.%m.%Y").to_string()
    } else {
        local.format("%d.%m.%Y %H:%M").to_string()
    }
}

/// A stored timestamp as Berlin wall-clock time, the way German editors read dates.
pub fn berlin_time(stored: &str) -> String {
    crate::store::parse_ts(stored)
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// A link target only for web addresses: a `javascript:` URL from a hostile feed must
/// not become a live link on the desk.
pub fn web_href(url: &str) -> String {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        url.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(web_href("https://mdr.de/a"), "https://mdr.de/a");
        assert_eq!(web_href("HTTP://x.de"), "HTTP://x.de");
        assert_eq!(web_href("javascript:alert(1)"), "");
        assert_eq!(web_href(" data:text/html,x"), "");
    }

    #[test]
    fn berlin_time_is_local() {
        assert_eq!(berlin_time("2025-03-31T08:15:00Z"), "31.03.2025 10:15");
        assert_eq!(berlin_time("2025-01-15T08:15:00Z"), "15.01.2025 09:15");
    }

    #[test]
    fn a_date_only_publication_shows_no_midnight() {
        assert_eq!(berlin_published("2025-12-06T23:00:00Z"), "07.12.2025");
        assert_eq!(berlin_published("2025-06-30T22:00:00Z"), "01.07.2025");
        assert_eq!(berlin_published("2025-12-07T08:15:00Z"), "07.12.2025 09:15");
    }
}
