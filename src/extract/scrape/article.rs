//! A followed article page: its full text and, in a fixed order of trust, its date.

use std::sync::LazyLock;

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Europe::Berlin;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use url::Url;

use super::ads::strip_ad_markers;
use super::{date_value, field_html};
use crate::config::ScrapeRules;
use crate::extract::date::{FoundDate, find_date_in_text_detail, parse_german_date_detail};
use crate::extract::selector::FieldSelector;
use crate::model::{DateSource, RawItem};
use crate::sanitize::collapse_whitespace;

static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script[type]").expect("script selector is valid"));
static META_PUBLISHED: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(r#"meta[property="article:published_time"][content]"#)
        .expect("meta selector is valid")
});
static META_DATE: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(r#"meta[name="date" i][content]"#).expect("meta selector is valid")
});
static TIME_DATETIME: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("time[datetime]").expect("time selector is valid"));
/// Where an article's text is when no `content` selector says so, most specific first.
static MAIN_TEXT: LazyLock<[Selector; 4]> = LazyLock::new(|| {
    ["main", "article", "[role=main]", "body"]
        .map(|css| Selector::parse(css).expect("main-text selector is valid"))
});

/// JSON-LD nests (`@graph`, arrays of nodes); real pages stay shallow, so a bound keeps a
/// hostile document from walking forever.
const MAX_JSON_LD_DEPTH: usize = 8;

/// Fill `item` from its article page: the `content` selector's sanitized HTML (ad markers
/// removed), and the article's date when it is better than the list's (see
/// [`article_date_wins`]). Never fails: a page without the expected parts leaves the
/// item as the list page made it.
pub fn extract_article(
    html: &str,
    article_url: &Url,
    rules: &ScrapeRules,
    item: &mut RawItem,
    now: DateTime<Utc>,
) {
    let doc = Html::parse_document(html);
    let content_el = rules.content.as_ref().and_then(|sel| {
        doc.root_element()
            .select(&sel.css)
            .next()
            .map(|el| (sel, el))
    });
    if let Some((sel, el)) = content_el {
        let content = field_html(sel, el);
        if !content.is_empty() {
            item.content = content;
        }
    }
    let text_scope = content_el.map(|(_, el)| el).or_else(|| {
        MAIN_TEXT
            .iter()
            .find_map(|sel| doc.root_element().select(sel).next())
    });
    let found = article_date(&doc, text_scope, rules.article_date.as_ref(), now);
    tracing::trace!(url = %article_url, ?found, "article date");
    if let Some((date, source)) = found
        && article_date_wins(item, date)
    {
        item.published = Some(date.at);
        item.date_source = source;
    }
}

/// The article's date, trying in order: the configured `article_date` selector (if any),
/// JSON-LD `datePublished`, `article:published_time`, `meta name=date`,
/// `<time datetime>`, and finally a date in the text of `text_scope`.
pub(crate) fn article_date(
    doc: &Html,
    text_scope: Option<ElementRef<'_>>,
    article_date: Option<&FieldSelector>,
    now: DateTime<Utc>,
) -> Option<(FoundDate, DateSource)> {
    let root = doc.root_element();
    let parse = |value: Option<String>| value.and_then(|v| parse_german_date_detail(&v, now));
    let attr_of = |sel: &Selector, attr: &str| {
        root.select(sel)
            .find_map(|el| el.value().attr(attr).map(str::to_string))
    };
    if let Some(found) = parse(article_date.and_then(|s| date_value(s, root))) {
        return Some((found, DateSource::ArticleSelector));
    }
    if let Some(found) = json_ld_published(doc).and_then(|v| parse_german_date_detail(&v, now)) {
        return Some((found, DateSource::JsonLd));
    }
    if let Some(found) = parse(attr_of(&META_PUBLISHED, "content")) {
        return Some((found, DateSource::MetaArticlePublished));
    }
    if let Some(found) = parse(attr_of(&META_DATE, "content")) {
        return Some((found, DateSource::MetaDate));
    }
    if let Some(found) = parse(attr_of(&TIME_DATETIME, "datetime")) {
        return Some((found, DateSource::TimeElement));
    }
    let text = strip_ad_markers(&collapse_whitespace(
        &text_scope?.text().collect::<Vec<_>>().join(" "),
    ));
    find_date_in_text_detail(&text, now).map(|found| (found, DateSource::Text))
}

/// The rule for two dates of one article: the list page's date stands unless
/// - the list gave none (or only the first-seen fallback is left), or
/// - the list's date is date-only (exactly Berlin midnight) and the article's has a time
///   on the same Berlin calendar day — the same date, only more precise.
///
/// An article date on a *different* day does not override the list: portals list the
/// publication date, while article pages often show an update or event date.
pub fn article_date_wins(item: &RawItem, article: FoundDate) -> bool {
    let Some(listed) = item.published else {
        return true;
    };
    if item.date_source == DateSource::Undated {
        return true;
    }
    let listed_local = listed.with_timezone(&Berlin);
    let list_is_date_only =
        listed_local.hour() == 0 && listed_local.minute() == 0 && listed_local.second() == 0;
    let same_day = article.at.with_timezone(&Berlin).date_naive() == listed_local.date_naive();
    list_is_date_only && article.has_time && same_day
}

/// The first `datePublished` in the page's JSON-LD scripts, also inside `@graph` and arrays.
fn json_ld_published(doc: &Html) -> Option<String> {
    doc.root_element()
        .select(&JSON_LD)
        .filter(|script| {
            script
                .value()
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|script| serde_json::from_str::<Value>(&script.text().collect::<String>()).ok())
        .find_map(|value| date_published_in(&value, 0))
}

fn date_published_in(value: &Value, depth: usize) -> Option<String> {
    if depth > MAX_JSON_LD_DEPTH {
        return None;
    }
    match value {
        Value::Array(nodes) => nodes.iter().find_map(|n| date_published_in(n, depth + 1)),
        Value::Object(node) => {
            if let Some(Value::String(date)) = node.get("datePublished") {
                return Some(date.clone());
            }
            node.get("@graph")
                .and_then(|graph| date_published_in(graph, depth + 1))
                .or_else(|| {
                    // A WebPage node may carry the article as `mainEntity`.
                    node.get("mainEntity")
                        .and_then(|main| date_published_in(main, depth + 1))
                })
        }
        _ => None,
    }
}
