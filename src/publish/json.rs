//! JSON Feed 1.1 output with the `_presseradar` extension object (DESIGN.md §6).

use serde_json::{Value, json};

use super::{FeedMeta, SourceNames, entry_html, full_html};
use crate::model::ItemView;

pub fn render(meta: &FeedMeta, items: &[ItemView], names: &SourceNames) -> String {
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.title,
        "home_page_url": meta.home_url.as_str(),
        "feed_url": meta.self_url.as_str(),
        "language": "de",
        "authors": [{"name": "presseradar", "url": meta.home_url.as_str()}],
        "items": items.iter().map(|i| entry(i, names)).collect::<Vec<_>>(),
    });
    if !meta.description.is_empty() {
        feed["description"] = Value::from(meta.description.clone());
    }
    if let Some(hub) = &meta.hub {
        feed["hubs"] = json!([{"type": "WebSub", "url": hub.as_str()}]);
    }
    serde_json::to_string_pretty(&feed).unwrap_or_default()
}

fn entry(item: &ItemView, names: &SourceNames) -> Value {
    let mut tags: Vec<String> = item.states.iter().map(|s| s.name().to_string()).collect();
    tags.extend(item.topics.iter().cloned());
    json!({
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "content_html": full_html(item, names).unwrap_or_else(|| entry_html(item, names)),
        "summary": crate::sanitize::html_to_text(&entry_html(item, names)),
        "date_published": item.published_at().to_rfc3339(),
        "date_modified": item.entry_updated().to_rfc3339(),
        "authors": [{"name": names.name(&item.source)}],
        "tags": tags,
        "language": "de",
        "_presseradar": {
            "states": item.states,
            "topics": item.topics,
            "source": item.source,
            "status": item.status,
            "pinned": item.pinned,
            "also_reported_by": item.also_reported_by,
        },
    })
}
