//! The route table: every path the server answers (DESIGN.md §6) is registered here and
//! nowhere else, with the layers that apply to it. Handlers live with their resource:
//! feeds, embed, landing, ops, the desk under `admin`, the JSON API under `api`.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::map_response;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;

use super::auth::desk_headers;
use super::{AppState, admin, api, embed, feeds, landing, not_found, ops};

/// The whole site: public pages and feeds, operations, the editors' desk and its API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(landing::landing_page))
        .route("/feeds/{file}", get(feeds::curated_feed))
        .route("/feed.rss", get(feeds::faceted_rss))
        .route("/feed.atom", get(feeds::faceted_atom))
        .route("/feed.json", get(feeds::faceted_json))
        .route("/feeds.opml", get(feeds::opml))
        .route("/feed.xsl", get(feeds::stylesheet))
        .route("/vocab/state", get(feeds::vocab_states))
        .route("/vocab/topic", get(feeds::vocab_topics))
        .route("/embed/{id}", get(embed::embed_page))
        .route("/embed.js", get(embed::embed_script))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        // Editors' desk (issue 9): the web UI under /admin, the JSON API under /api.
        .nest("/admin", desk_routes())
        .nest("/api", api_routes())
        .fallback(not_found::public_page)
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The editors' web UI, nested under /admin. Every page but the login form and the
/// static assets needs a session (the `EditorSession` extractor).
fn desk_routes() -> Router<AppState> {
    use admin::{audit, item, login, queue, search, sources};
    Router::new()
        .route("/", get(queue::page))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/bulk", post(queue::bulk))
        .route("/items/{id}", get(item::page).post(item::save))
        .route("/items/{id}/status", post(queue::set_status))
        .route("/search", get(search::page))
        .route("/sources", get(sources::page))
        .route("/sources/{id}/poll", post(sources::poll))
        .route("/audit", get(audit::page))
        .route("/assets/admin.js", get(admin::script))
        .route("/assets/admin.css", get(admin::stylesheet))
        .fallback(admin::not_found)
        .layer(DefaultBodyLimit::max(admin::MAX_FORM_BYTES))
        .layer(map_response(desk_headers))
}

/// The editors' JSON API, nested under /api. Every route needs a bearer token (the
/// `ApiEditor` extractor); unknown paths answer a JSON 404 with the desk's headers.
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/items", get(api::list_items))
        .route("/items/{id}", get(api::get_item).patch(api::patch_item))
        .route("/sources", get(api::list_sources))
        .route("/sources/{id}/poll", post(api::poll_source))
        .fallback(api::no_such_route)
        .layer(DefaultBodyLimit::max(api::MAX_BODY_BYTES))
        .layer(map_response(desk_headers))
}
