//! "Seite nicht gefunden" for people: every path no route answers gets a German page with
//! status 404 and a way back — the landing page for public paths, the queue for the desk
//! (`admin::not_found`). The API keeps its JSON 404 (`api::no_such_route`).

use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

use super::landing::LANDING_CSP;
use crate::sanitize::escape_html;

/// The public fallback: a small German page linking to the landing page and its feeds.
/// `/admin/…` paths the nested desk router never sees (`/admin/` itself) get the desk's.
pub async fn public_page(uri: Uri) -> Response {
    if uri.path().starts_with("/admin/") {
        return super::auth::desk_headers(super::admin::not_found().await.into_response()).await;
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Seite nicht gefunden · presseradar</title>\n<style>\
body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}}\
code{{word-break:break-all}}</style>\n</head>\n<body>\n<main>\n<h1>Seite nicht gefunden</h1>\n\
<p>Unter <code>{path}</code> gibt es bei presseradar keine Seite. Vielleicht hat sich die \
Adresse geändert, oder ein Feed wurde umbenannt.</p>\n\
<p><a href=\"/\">Zur Startseite mit allen Feeds</a></p>\n</main>\n</body>\n</html>\n",
        path = escape_html(uri.path()),
    );
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_SECURITY_POLICY, LANDING_CSP)],
        Html(html),
    )
        .into_response()
}
