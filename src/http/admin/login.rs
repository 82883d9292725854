//! Logging in and out: argon2 password check (outside any database connection),
//! throttling per account and per address, a fresh session on every login, and the
//! session cookie. The login form carries its own CSRF token (double submit: the same
//! random value in a cookie and in the form), as there is no session to hold one yet.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::{DeskError, FormFields, render};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::auth::{
    self, EditorSession, SESSION_COOKIE, SESSION_HOURS, cleared_cookie, cookie_value,
    session_cookie,
};
use crate::http::item_query::query_pairs;
use crate::password::{self, Verdict};
use crate::store::editors::{self, Editor};
use crate::store::{login_throttle, sessions};

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    chrome: Option<super::Chrome>,
    csrf: String,
    next: String,
    name: String,
    error: String,
}

/// The cookie holding the login form's CSRF token.
const LOGIN_COOKIE: &str = "presseradar_login";

/// `GET /admin/login?next=…`
pub async fn form(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DeskError> {
    let pairs = query_pairs(raw.as_deref());
    let next = pairs
        .iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.as_str());
    let csrf = crate::store::secrets::random_hex(16)?;
    let secure = state.config().settings.base_url.scheme() == "https";
    let cookie = format!(
        "{LOGIN_COOKIE}={csrf}; Path=/admin/login; HttpOnly; SameSite=Strict; Max-Age=86400{}",
        if secure { "; Secure" } else { "" }
    );
    let page = LoginPage {
        chrome: None,
        csrf,
        next: auth::safe_next(next),
        name: String::new(),
        error: String::new(),
    };
    Ok(with_cookie(render(&page)?.into_response(), &cookie))
}

/// The form's token must be the one its cookie holds: a form posted from another site
/// (login CSRF) has neither.
fn require_login_token(headers: &HeaderMap, form: &FormFields) -> Result<String, DeskError> {
    match (cookie_value(headers, LOGIN_COOKIE), form.one("csrf")) {
        (Some(expected), Some(given)) if auth::csrf_matches(&expected, given) => {
            Ok(given.to_string())
        }
        _ => Err(DeskError::new(
            StatusCode::FORBIDDEN,
            "Das Anmeldeformular ist abgelaufen oder stammt nicht von dieser Seite. Bitte die \
             Anmeldeseite neu laden und erneut anmelden.",
        )),
    }
}

/// `POST /admin/login` with `name`, `password` and `next`.
pub async fn submit(
    State(state): State<AppState>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    refuse_foreign_origin(&parts.headers, &state.config().settings.base_url)?;
    let form = FormFields::parse(body)?;
    let csrf = require_login_token(&parts.headers, &form)?;
    let name = form.one("name").unwrap_or("").trim().to_string();
    let password = form.one("password").unwrap_or("").to_string();
    let next = auth::safe_next(form.one("next"));
    let keys = [
        format!("name:{}", name.to_lowercase()),
        format!("ip:{}", auth::client_address(&parts)),
    ];

    if let Some(refusal) = throttled(&state, &keys).await? {
        return Ok(refusal);
    }

    let Some((editor, rehash)) = verify_login(&state, &name, password).await? else {
        let failed_keys = keys.clone();
        state
            .store
            .write(move |c| {
                for key in &failed_keys {
                    login_throttle::record_login_failure(c, key, chrono::Utc::now())?;
                }
                Ok(())
            })
            .await?;
        let page = LoginPage {
            chrome: None,
            csrf,
            next,
            name,
            error: "Name oder Passwort ist falsch.".into(),
        };
        return Ok((StatusCode::UNAUTHORIZED, render(&page)?).into_response());
    };

    // A session id the browser brought along is never promoted (session fixation):
    // the old one ends, a new one is made.
    let previous = cookie_value(&parts.headers, SESSION_COOKIE);
    let (cookie, _csrf) = state
        .store
        .write(move |c| {
            for key in &keys {
                login_throttle::clear_login_failures(c, key)?;
            }
            if let Some(old) = previous {
                sessions::end_session(c, &old)?;
            }
            if let Some(hash) = &rehash {
                editors::replace_password_hash(c, editor.id, hash)?;
            }
            sessions::create_session(
                c,
                editor.id,
                chrono::Utc::now(),
                chrono::Duration::hours(SESSION_HOURS),
            )
        })
        .await?;
    let secure = state.config().settings.base_url.scheme() == "https";
    Ok(with_cookie(
        Redirect::to(&next).into_response(),
        &session_cookie(&cookie, secure),
    ))
}

/// A 429 with Retry-After while any of the login's throttle keys (account, address) must
/// still wait after failed attempts; `None` when the login may go ahead.
async fn throttled(state: &AppState, keys: &[String; 2]) -> Result<Option<Response>, DeskError> {
    let now = chrono::Utc::now();
    let throttle_keys = keys.clone();
    let wait = state
        .store
        .read(move |c| {
            let mut longest = chrono::Duration::zero();
            for key in &throttle_keys {
                longest = longest.max(login_throttle::login_delay(c, key, now)?);
            }
            Ok(longest)
        })
        .await?;
    if wait <= chrono::Duration::zero() {
        return Ok(None);
    }
    let seconds = wait.num_seconds().max(1);
    let mut response = DeskError::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {seconds} Sekunden erneut versuchen."
        ),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(Some(response))
}

/// `POST /admin/logout`: ends the session and clears the cookie.
pub async fn logout(
    State(state): State<AppState>,
    session: EditorSession,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, DeskError> {
    FormFields::parse(body)?.require_csrf(&session)?;
    let cookie = session.cookie.clone();
    state
        .store
        .write(move |c| sessions::end_session(c, &cookie))
        .await?;
    let secure = state.config().settings.base_url.scheme() == "https";
    Ok(with_cookie(
        Redirect::to("/admin/login").into_response(),
        &cleared_cookie(secure),
    ))
}

/// The editor whose password this is, and a fresh hash of it when the stored one is
/// outdated. The stored hash is read in a short read; argon2 (tens of milliseconds of CPU)
/// runs after it on the blocking pool, so logins hold no database connection while it
/// works and do not stall the runtime.
async fn verify_login(
    state: &AppState,
    name: &str,
    password: String,
) -> Result<Option<(Editor, Option<String>)>, DeskError> {
    let lookup = name.to_string();
    let account = state
        .store
        .read(move |c| editors::password_hash(c, &lookup))
        .await?;
    let stored = account.as_ref().map(|(_, hash)| hash.clone());
    let verdict =
        tokio::task::spawn_blocking(move || password::verify(stored.as_deref(), &password))
            .await
            .map_err(|e| AppError::Internal(format!("password check: {e}")))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(match (account, verdict) {
        (Some((editor, _)), Verdict::Right { rehash }) => Some((editor, rehash)),
        _ => None,
    })
}

/// The login form has no session to carry a CSRF token yet; a browser's Origin header
/// naming another site means a forged login (into the attacker's account), so refuse it.
/// This site is the request's Host (a proxy may drop the port) or the public base_url.
fn refuse_foreign_origin(headers: &HeaderMap, base_url: &url::Url) -> Result<(), DeskError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    if origin.eq_ignore_ascii_case(&base_url.origin().ascii_serialization()) {
        return Ok(());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = url::Url::parse(origin)
        .ok()
        .map(|u| match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => String::new(),
        })
        .unwrap_or_default();
    if origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
        return Err(DeskError::new(
            StatusCode::FORBIDDEN,
            "Anmeldung von einer fremden Seite abgelehnt.",
        ));
    }
    Ok(())
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    let headers: &mut HeaderMap = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(cookie) {
        headers.insert(header::SET_COOKIE, v);
    }
    response
}
