//! The demo's world: a ministry's press pages and two outlets' feeds, written for the demo
//! (`data/demo/`), served from loopback with dates relative to now. One outlet publishes a
//! further release a while after the start, so a running demo shows a poll bringing news.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;

/// How long after the start the later release appears in the outlet's feed.
pub const LATER_RELEASE_AFTER: Duration = Duration::from_secs(45);

const LIST: &str = include_str!("../../data/demo/ministerium-liste.html");
const ELBE_KURIER: &str = include_str!("../../data/demo/elbe-kurier.rss");
const LANDESBOTE: &str = include_str!("../../data/demo/landesbote.atom");
const ARTICLES: [(&str, &str); 3] = [
    (
        "welcome-center-magdeburg.html",
        include_str!("../../data/demo/welcome-center-magdeburg.html"),
    ),
    (
        "weiterbildungsbonus.html",
        include_str!("../../data/demo/weiterbildungsbonus.html"),
    ),
    (
        "sprechstunde.html",
        include_str!("../../data/demo/sprechstunde.html"),
    ),
];

#[derive(Clone)]
struct World {
    base: String,
    started: Instant,
    today: DateTime<Utc>,
}

/// Serves the world on 127.0.0.1 (a free port); returns its address. The server runs until
/// the process ends.
pub async fn serve() -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let world = World {
        base: format!("http://{addr}"),
        started: Instant::now(),
        today: Utc::now(),
    };
    let app = Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route("/ministerium/presse/", get(list_page))
        .route("/ministerium/presse/{page}", get(article_page))
        .route("/elbe-kurier/feed.rss", get(elbe_kurier))
        .route("/landesbote/feed.atom", get(landesbote))
        .with_state(world);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the demo world stopped");
        }
    });
    Ok(addr)
}

async fn list_page(State(world): State<World>) -> Response {
    document(&world, LIST, "text/html; charset=utf-8")
}

async fn article_page(State(world): State<World>, Path(page): Path<String>) -> Response {
    match ARTICLES.iter().find(|(name, _)| *name == page) {
        Some((_, text)) => document(&world, text, "text/html; charset=utf-8"),
        None => (StatusCode::NOT_FOUND, "Seite nicht gefunden").into_response(),
    }
}

async fn elbe_kurier(State(world): State<World>) -> Response {
    document(&world, ELBE_KURIER, "application/rss+xml; charset=utf-8")
}

async fn landesbote(State(world): State<World>) -> Response {
    document(&world, LANDESBOTE, "application/atom+xml; charset=utf-8")
}

fn document(world: &World, template: &str, content_type: &'static str) -> Response {
    let later = world.started.elapsed() >= LATER_RELEASE_AFTER;
    let body = fill(template, &world.base, world.today, later);
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Fills a document's placeholders: `{{base}}` (the world's address), `{{date:N}}`,
/// `{{iso:N}}` and `{{rfc:N}}` (09:30 in Berlin N days before `today`, as a German date,
/// RFC 3339 or RFC 2822; never later than an hour before `today`), and `{{later:…}}`, a part shown only once `later` holds.
pub fn fill(template: &str, base: &str, today: DateTime<Utc>, later: bool) -> String {
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        if let Some(block) = after.strip_prefix("later:") {
            let end = block.find("}}\n").map_or(block.len(), |i| i + 3);
            if later {
                text.push_str(&fill(&block[..end.saturating_sub(3)], base, today, later));
                text.push('\n');
            }
            rest = &block[end.min(block.len())..];
            continue;
        }
        let Some(end) = after.find("}}") else {
            text.push_str(&rest[start..]);
            return text;
        };
        text.push_str(&placeholder(&after[..end], base, today));
        rest = &after[end + 2..];
    }
    text.push_str(rest);
    text
}

fn placeholder(name: &str, base: &str, today: DateTime<Utc>) -> String {
    if name == "base" {
        return base.to_string();
    }
    let Some((kind, days)) = name.split_once(':') else {
        return String::new();
    };
    let days: i64 = days.parse().unwrap_or(0);
    let day = (today - chrono::Duration::days(days))
        .with_timezone(&Berlin)
        .date_naive();
    let at = day
        .and_hms_opt(9, 30, 0)
        .and_then(|t| t.and_local_timezone(Berlin).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(today)
        // Before 09:30 today's releases are an hour old: a feed never dates the future.
        .min(today - chrono::Duration::hours(1));
    match kind {
        "date" => at.with_timezone(&Berlin).format("%d.%m.%Y").to_string(),
        "iso" => at.to_rfc3339(),
        "rfc" => at.to_rfc2822(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_the_later_part_waits() {
        let today = DateTime::parse_from_rfc3339("2026-12-07T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let template = "a {{base}}/x {{date:1}} {{iso:0}}\n{{later:<i>{{base}}</i>}}\nz";
        assert_eq!(
            fill(template, "http://w", today, false),
            "a http://w/x 06.12.2026 2026-12-07T08:30:00+00:00\nz"
        );
        assert_eq!(
            fill(template, "http://w", today, true),
            "a http://w/x 06.12.2026 2026-12-07T08:30:00+00:00\n<i>http://w</i>\nz"
        );
        // At 07:00 in Berlin, today's 09:30 would lie ahead: an hour ago instead.
        let early = DateTime::parse_from_rfc3339("2026-12-07T06:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            fill("{{iso:0}}", "", early, false),
            "2026-12-07T05:00:00+00:00"
        );
    }

    #[test]
    fn every_document_is_filled_completely() {
        let today = Utc::now();
        for template in [LIST, ELBE_KURIER, LANDESBOTE]
            .into_iter()
            .chain(ARTICLES.iter().map(|(_, t)| *t))
        {
            let text = fill(template, "http://w", today, true);
            assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
        }
    }
}
