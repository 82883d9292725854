//! OPML 2.0 list of every curated feed, for readers that import subscriptions in bulk.

use crate::config::Config;
use crate::sanitize::escape_html;

pub fn render(config: &Config) -> String {
    let base = &config.settings.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>presseradar – Fachkräftesicherung</title>\n  </head>\n  <body>\n",
    );
    for feed in &config.feeds {
        let xml_url = base
            .join(&format!("feeds/{}.rss", feed.id))
            .map(|u| u.to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{x}\" htmlUrl=\"{h}\"/>\n",
            t = escape_html(&feed.title),
            x = escape_html(&xml_url),
            h = escape_html(base.as_str()),
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}
