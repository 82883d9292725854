//! Atom 1.0 output (atom_syndication), valid against RFC 4287's schema.

use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text, TextType,
};

use super::{FeedMeta, SourceNames, entry_html, full_html, xml_safe};
use crate::model::ItemView;

pub fn render(meta: &FeedMeta, items: &[ItemView], names: &SourceNames) -> String {
    let schemes = Schemes::new(meta);
    let mut links = vec![
        Link {
            href: meta.self_url.to_string(),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Default::default()
        },
        Link {
            href: meta.home_url.to_string(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        },
    ];
    if let Some(hub) = &meta.hub {
        links.push(Link {
            href: hub.to_string(),
            rel: "hub".into(),
            ..Default::default()
        });
    }
    let feed = Feed {
        title: Text::plain(xml_safe(&meta.title)),
        id: meta.self_url.to_string(),
        updated: fixed(meta.updated),
        authors: vec![Person {
            name: "presseradar".into(),
            uri: Some(meta.home_url.to_string()),
            ..Default::default()
        }],
        links,
        subtitle: (!meta.description.is_empty()).then(|| Text::plain(xml_safe(&meta.description))),
        generator: Some(Generator {
            value: "presseradar".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            ..Default::default()
        }),
        lang: Some("de".into()),
        entries: items.iter().map(|i| entry(i, names, &schemes)).collect(),
        ..Default::default()
    };
    feed.to_string()
}

fn fixed(t: chrono::DateTime<chrono::Utc>) -> FixedDateTime {
    t.fixed_offset()
}

/// Atom requires a category scheme to be an IRI, so the `state` and `topic` schemes of
/// DESIGN.md §6 are spelled as URLs below base_url (`…/vocab/state`), which also serve
/// the valid values.
struct Schemes {
    state: String,
    topic: String,
}

impl Schemes {
    fn new(meta: &FeedMeta) -> Schemes {
        let join = |p: &str| {
            meta.home_url
                .join(p)
                .map(|u| u.to_string())
                .unwrap_or_else(|_| p.to_string())
        };
        Schemes {
            state: join("vocab/state"),
            topic: join("vocab/topic"),
        }
    }
}

fn entry(item: &ItemView, names: &SourceNames, schemes: &Schemes) -> Entry {
    let mut categories: Vec<Category> = item
        .states
        .iter()
        .map(|s| Category {
            term: s.code().into(),
            scheme: Some(schemes.state.clone()),
            label: Some(s.name().into()),
        })
        .collect();
    categories.extend(item.topics.iter().map(|t| Category {
        term: t.clone(),
        scheme: Some(schemes.topic.clone()),
        label: None,
    }));
    let mut links = vec![Link {
        href: item.url.clone(),
        rel: "alternate".into(),
        ..Default::default()
    }];
    for other in &item.also_reported_by {
        links.push(Link {
            href: other.url.clone(),
            rel: "related".into(),
            title: Some(xml_safe(names.name(&other.source))),
            ..Default::default()
        });
    }
    Entry {
        title: Text::plain(xml_safe(&item.title)),
        id: item.guid.clone(),
        updated: fixed(item.entry_updated()),
        published: Some(fixed(item.published_at())),
        authors: vec![Person {
            name: xml_safe(names.name(&item.source)),
            ..Default::default()
        }],
        links,
        categories,
        summary: Some(Text {
            value: xml_safe(&entry_html(item, names)),
            r#type: TextType::Html,
            ..Default::default()
        }),
        content: full_html(item, names).map(|html| Content {
            value: Some(xml_safe(&html)),
            content_type: Some("html".to_string()),
            ..Default::default()
        }),
        ..Default::default()
    }
}
