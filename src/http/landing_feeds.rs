//! What the landing page shows of each curated feed beyond its configuration: how many
//! items it holds, when it last changed, and its latest five headlines (read from the
//! store with the feed's own filter, so the page shows what subscribers get).

use super::cache::FeedSpec;
use crate::config::Config;
use crate::publish::Format;
use crate::sanitize::escape_html;
use crate::store::{StoreError, items};
use rusqlite::Connection;

/// Headlines shown per feed.
const LATEST: u32 = 5;

/// One feed's contents as the landing page shows them.
#[derive(Debug, Clone, Default)]
pub struct FeedStats {
    pub count: u64,
    /// Berlin time of the newest entry's last change, `None` for an empty feed.
    pub updated: Option<String>,
    /// (title, original's address) of the newest entries, pinned first as in the feed.
    pub latest: Vec<(String, String)>,
}

/// The stats of every configured feed, in configuration order.
pub fn read_all(conn: &Connection, config: &Config) -> Result<Vec<FeedStats>, StoreError> {
    config
        .feeds
        .iter()
        .map(|feed| {
            let mut filter = FeedSpec::curated(feed, Format::Rss).filter;
            let count = items::count_matching(conn, &filter)?.min(u64::from(feed.limit));
            filter.limit = LATEST.min(feed.limit);
            let latest = items::list(conn, &filter)?;
            Ok(FeedStats {
                count,
                updated: items::newest_update(&latest).map(|t| {
                    t.with_timezone(&chrono_tz::Europe::Berlin)
                        .format("%d.%m.%Y, %H:%M Uhr")
                        .to_string()
                }),
                latest: latest.into_iter().map(|i| (i.title, i.url)).collect(),
            })
        })
        .collect()
}

/// The feed's count, last change and headlines as HTML (everything escaped; only web
/// addresses become links).
pub fn stats_html(stats: &FeedStats) -> String {
    let mut out = match &stats.updated {
        Some(when) => format!(
            "<p class=\"stats\">{} · zuletzt aktualisiert: {}</p>\n",
            items_label(stats.count),
            escape_html(when)
        ),
        None => "<p class=\"stats\">Noch keine Meldungen.</p>\n".to_string(),
    };
    if !stats.latest.is_empty() {
        out.push_str("<ol class=\"latest\">\n");
        for (title, url) in &stats.latest {
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") {
                out.push_str(&format!(
                    "<li><a href=\"{}\" rel=\"noopener\">{}</a></li>\n",
                    escape_html(url),
                    escape_html(title)
                ));
            } else {
                out.push_str(&format!("<li>{}</li>\n", escape_html(title)));
            }
        }
        out.push_str("</ol>\n");
    }
    out
}

fn items_label(count: u64) -> String {
    match count {
        1 => "1 Meldung".to_string(),
        n => format!("{n} Meldungen"),
    }
}
