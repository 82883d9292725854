//! Who is asking: the editor session behind the admin cookie, the editor behind an API
//! bearer token, the CSRF check for forms, and the headers every desk response carries.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use crate::store::editors::Editor;
use crate::store::{sessions, tokens};

pub const SESSION_COOKIE: &str = "presseradar_session";
pub const SESSION_HOURS: i64 = 8;

/// A logged-in editor on an /admin page.
#[derive(Debug, Clone)]
pub struct EditorSession {
    pub editor: Editor,
    /// The session's CSRF token, to embed in every form and compare on every POST.
    pub csrf: String,
    /// The cookie value, needed to end the session.
    pub cookie: String,
}

impl FromRequestParts<AppState> for EditorSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let uri = parts
                .extensions
                .get::<OriginalUri>()
                .map(|o| o.0.clone())
                .unwrap_or_else(|| parts.uri.clone());
            // After login the browser GETs `next`; a form's POST target is no page.
            let here = match parts.method {
                axum::http::Method::GET => uri.path_and_query().map(|p| p.as_str()),
                _ => None,
            }
            .unwrap_or("/admin");
            let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
            Redirect::to(&format!("/admin/login?next={next}")).into_response()
        };
        let Some(cookie) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let lookup = cookie.clone();
        let found = state
            .store
            .read(move |c| sessions::session(c, &lookup, chrono::Utc::now()))
            .await
            .map_err(|e| super::AppError::from(e).into_response())?;
        match found {
            Some((editor, csrf)) => Ok(EditorSession {
                editor,
                csrf,
                cookie,
            }),
            None => Err(to_login()),
        }
    }
}

/// The editor behind `Authorization: Bearer TOKEN` on an /api route.
#[derive(Debug, Clone)]
pub struct ApiEditor(pub Editor);

impl FromRequestParts<AppState> for ApiEditor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let unauthorized = |message: &str| {
            (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"presseradar\"")],
                Json(serde_json::json!({ "error": message })),
            )
                .into_response()
        };
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let Some(token) = token else {
            return Err(unauthorized(
                "authentication required: send Authorization: Bearer TOKEN",
            ));
        };
        let found = state
            .store
            .read(move |c| tokens::by_token(c, &token))
            .await
            .map_err(|e| super::AppError::from(e).into_response())?;
        found
            .map(ApiEditor)
            .ok_or_else(|| unauthorized("invalid API token"))
    }
}

/// One cookie's value from the request's Cookie headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The Set-Cookie value of a fresh session.
pub fn session_cookie(value: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// The Set-Cookie value that makes the browser forget the session.
pub fn cleared_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Compare a submitted CSRF token with the session's without leaking, through timing,
/// how many leading characters were right.
pub fn csrf_matches(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where to go after login: only a path on this site, never another host (`//host`,
/// `/\host` and absolute URLs would be open redirects).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(|c| c.is_control()) =>
        {
            n.to_string()
        }
        _ => "/admin".to_string(),
    }
}

/// The client's address for login throttling. Behind the shipped nginx site every peer
/// is the loopback proxy, so there (and only there) the proxy's X-Real-IP counts.
pub fn client_address(parts: &Parts) -> String {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match peer {
        Some(ip) if ip.is_loopback() => parts
            .headers
            .get("x-real-ip")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| ip.to_string()),
        Some(ip) => ip.to_string(),
        None => "unknown".to_string(),
    }
}

/// Headers for every /admin and /api response: never cached, never framed, no inline
/// script, no referrer to other sites.
pub async fn desk_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        ),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/admin/items/3")), "/admin/items/3");
        assert_eq!(safe_next(Some("/admin/search?q=a")), "/admin/search?q=a");
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil.example",
            "",
            "/\nLocation: x",
        ] {
            assert_eq!(safe_next(Some(evil)), "/admin", "{evil:?}");
        }
        assert_eq!(safe_next(None), "/admin");
    }

    #[test]
    fn csrf_needs_the_exact_token() {
        assert!(csrf_matches("abc123", "abc123"));
        assert!(!csrf_matches("abc123", "abc124"));
        assert!(!csrf_matches("abc123", "abc12"));
        assert!(!csrf_matches("", ""));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; presseradar_session=xyz; b=2"),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie_value(&h, "c"), None);
    }
}
