//! RSS 2.0 output (rss crate), with atom:link rel=self as feed validators ask.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::{CategoryBuilder, ChannelBuilder, GuidBuilder, ItemBuilder, SourceBuilder};

use super::{FeedMeta, SourceNames, entry_html, full_html, xml_safe};
use crate::model::ItemView;

pub fn render(meta: &FeedMeta, items: &[ItemView], names: &SourceNames) -> String {
    let mut links = vec![Link {
        href: meta.self_url.to_string(),
        rel: "self".into(),
        mime_type: Some("application/rss+xml".into()),
        ..Default::default()
    }];
    if let Some(hub) = &meta.hub {
        links.push(Link {
            href: hub.to_string(),
            rel: "hub".into(),
            ..Default::default()
        });
    }
    let mut atom = AtomExtension::default();
    atom.set_links(links);
    let entries: Vec<rss::Item> = items.iter().map(|i| entry(i, names)).collect();
    let channel = ChannelBuilder::default()
        .title(xml_safe(&meta.title))
        .link(meta.home_url.to_string())
        .description(xml_safe(&meta.description))
        .language(Some("de".to_string()))
        .last_build_date(Some(meta.updated.to_rfc2822()))
        .generator(Some(format!("presseradar {}", env!("CARGO_PKG_VERSION"))))
        .ttl(Some("30".to_string()))
        .atom_ext(Some(atom))
        .namespaces(BTreeMap::from([
            (
                "atom".to_string(),
                "http://www.w3.org/2005/Atom".to_string(),
            ),
            (
                "content".to_string(),
                "http://purl.org/rss/1.0/modules/content/".to_string(),
            ),
        ]))
        .items(entries)
        .build();
    channel.to_string()
}

fn entry(item: &ItemView, names: &SourceNames) -> rss::Item {
    let mut categories: Vec<rss::Category> = item
        .states
        .iter()
        .map(|s| {
            CategoryBuilder::default()
                .name(s.code())
                .domain(Some("state".into()))
                .build()
        })
        .collect();
    categories.extend(item.topics.iter().map(|t| {
        CategoryBuilder::default()
            .name(t.clone())
            .domain(Some("topic".into()))
            .build()
    }));
    let source = names.url(&item.source).map(|url| {
        SourceBuilder::default()
            .url(url.to_string())
            .title(Some(xml_safe(names.name(&item.source))))
            .build()
    });
    ItemBuilder::default()
        .title(Some(xml_safe(&item.title)))
        .link(Some(item.url.clone()))
        .description(Some(xml_safe(&entry_html(item, names))))
        .content(full_html(item, names).map(|html| xml_safe(&html)))
        .guid(Some(
            GuidBuilder::default()
                .value(item.guid.clone())
                .permalink(false)
                .build(),
        ))
        .pub_date(Some(item.published_at().to_rfc2822()))
        .categories(categories)
        .source(source)
        .build()
}
