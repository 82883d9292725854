//! The public landing page `/`: what presseradar is, every curated feed with its
//! subscribe links and embed code, and how to build a faceted feed. Server-rendered,
//! every configured string escaped.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use url::Url;

use super::AppState;
use super::cache::conditional::with_etag;
use super::landing_feeds::{FeedStats, stats_html};
use super::links::public_url;
use crate::config::{Config, FeedDef};
use crate::sanitize::escape_html;
use crate::vocab::{State as FedState, TOPICS};

/// Nothing loads or runs on the landing page; only its inline style applies.
pub const LANDING_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// What each topic slug means, for readers building a faceted feed.
pub fn topic_description(slug: &str) -> Option<&'static str> {
    Some(match slug {
        "zuwanderung" => {
            "Anwerbung aus dem Ausland und aus anderen Ländern, Einwanderungsrecht, Visa"
        }
        "anerkennung" => "Anerkennung ausländischer Berufsabschlüsse",
        "weiterbildung" => "berufliche Weiterbildung, Weiterbildungsagenturen",
        "ausbildung" => "Berufsausbildung, Ausbildungsplätze, Berufsorientierung",
        "arbeitgeberattraktivitaet" => "attraktive Arbeitgeber, Fachkräftebindung",
        "willkommenskultur" => "Welcome-Center, Integration, Willkommenskultur",
        "laendlicher-raum" => "Fachkräfte für ländliche Räume",
        "rueckkehr-pendler" => "Rückkehrer und Pendler",
        "kooperation" => {
            "Netzwerke und Zusammenarbeit von Ländern, Initiativen, Kammern und Agenturen"
        }
        _ => return None,
    })
}

const LANDING_CSS: &str = "\
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1f2328;\
background:#fff;max-width:52rem;margin:0 auto;padding:1rem 1.25rem 3rem;line-height:1.5}
h1{margin-bottom:.25rem}
.lead{font-size:1.05rem}
section.feed{border-top:1px solid #d8dee4;padding-top:.5rem;margin-top:1.5rem}
.stats{color:#59636e;font-size:.9rem;margin:.2rem 0}
ol.latest{margin:.3rem 0 .5rem;padding-left:1.4rem}
ol.latest li{margin:.15rem 0}
section.embed{border-top:1px solid #d8dee4;margin-top:2rem}
.subscribe a{margin-right:.75rem;font-weight:600}
.filters{color:#59636e;font-size:.9rem}
pre{background:#f6f8fa;border:1px solid #d8dee4;border-radius:.4rem;padding:.6rem;\
overflow-x:auto;font-size:.85rem;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;font-size:.9rem}
th,td{text-align:left;padding:.2rem .8rem .2rem 0;border-bottom:1px solid #d8dee4;vertical-align:top}
code{font-size:.9em}
";

/// The landing page for a configuration, with each feed's contents (`stats`, in feed
/// order) and the embed code of the feed `embed` (else the first).
pub fn render_landing(config: &Config, stats: &[FeedStats], embed: Option<&str>) -> String {
    let base = &config.settings.base_url;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>presseradar – Fachkräftesicherung in den Nachrichten</title>\n\
<link rel=\"alternate\" type=\"text/x-opml\" title=\"Alle Feeds (OPML)\" href=\"{opml}\">\n\
<style>\n{LANDING_CSS}</style>\n</head>\n<body>\n<header>\n<h1>presseradar</h1>\n\
<p class=\"lead\">presseradar beobachtet regionale Zeitungen und die Pressestellen der \
Landesministerien und sammelt Meldungen über Initiativen zur Fachkräftesicherung: \
Anwerbung und Anerkennung, Aus- und Weiterbildung, Willkommenskultur, Rückkehrer und \
Pendler, Zusammenarbeit von Ländern, Kammern und Agenturen. Doppelte Meldungen \
verschiedener Medien werden zusammengeführt, jede Meldung wird nach Bundesland und Thema \
verschlagwortet, und die Redaktion stellt daraus die folgenden Feeds zusammen – zum \
Abonnieren im Feedreader oder zum Einbinden in die eigene Website.</p>\n</header>\n\
<main>\n<h2>Feeds</h2>\n<p>Alle Feeds auf einmal abonnieren: \
<a href=\"{opml}\">feeds.opml</a> (OPML für Feedreader).</p>\n",
        opml = escape_html(&public_url(base, "feeds.opml")),
    );
    if config.feeds.is_empty() {
        out.push_str("<p>Zurzeit sind keine Feeds eingerichtet.</p>\n");
    }
    for (n, feed) in config.feeds.iter().enumerate() {
        out.push_str(&feed_section(base, feed, stats.get(n)));
    }
    out.push_str(&embed_section(base, config, embed));
    out.push_str(&facets_section(base));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn feed_section(base: &Url, feed: &FeedDef, stats: Option<&FeedStats>) -> String {
    let id = escape_html(&feed.id);
    let url = |ext: &str| escape_html(&public_url(base, &format!("feeds/{}.{ext}", feed.id)));
    let mut out = format!(
        "<section class=\"feed\" id=\"feed-{id}\">\n<h3>{}</h3>\n",
        escape_html(&feed.title)
    );
    if !feed.description.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape_html(&feed.description)));
    }
    out.push_str(&format!(
        "<p class=\"filters\">{}</p>\n",
        escape_html(&filter_summary(feed))
    ));
    out.push_str(&format!(
        "<p class=\"subscribe\">Abonnieren: <a href=\"{rss}\" type=\"application/rss+xml\">RSS</a> \
<a href=\"{atom}\" type=\"application/atom+xml\">Atom</a> \
<a href=\"{json}\" type=\"application/feed+json\">JSON Feed</a> \
<a href=\"{preview}\">Vorschau</a></p>\n",
        rss = url("rss"),
        atom = url("atom"),
        json = url("json"),
        preview = escape_html(&public_url(base, &format!("embed/{}", feed.id))),
    ));
    if let Some(stats) = stats {
        out.push_str(&stats_html(stats));
    }
    out.push_str("</section>\n");
    out
}

/// One embed snippet, for the feed picked in the selector (a GET form: the page runs no
/// script).
fn embed_section(base: &Url, config: &Config, embed: Option<&str>) -> String {
    let Some(feed) = embed
        .and_then(|id| config.feeds.iter().find(|f| f.id == id))
        .or(config.feeds.first())
    else {
        return String::new();
    };
    let mut options = String::new();
    for f in &config.feeds {
        options.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>",
            escape_html(&f.id),
            if f.id == feed.id { " selected" } else { "" },
            escape_html(&f.title)
        ));
    }
    format!(
        "<section class=\"embed\" id=\"einbinden\">\n<h2>Auf der eigenen Website einbinden</h2>\n\
<form method=\"get\" action=\"/#einbinden\"><label>Feed <select name=\"einbinden\">{options}</select></label> \
<button type=\"submit\">Code zeigen</button></form>\n\
<p>Einbinden per Skript (passt sich der Seite an, Farben über die CSS-Variablen \
<code>--pr-font</code>, <code>--pr-color</code>, <code>--pr-link</code>, <code>--pr-bg</code>, \
<code>--pr-muted</code>, <code>--pr-border</code>):</p>\n<pre><code>{}</code></pre>\n\
<p>oder als iframe (<code>?limit=1</code> bis <code>50</code>, <code>?theme=dark</code>):</p>\n\
<pre><code>{}</code></pre>\n</section>\n",
        escape_html(&script_snippet(base, feed)),
        escape_html(&iframe_snippet(base, feed)),
    )
}

/// The states, topics and query a feed selects, in words.
fn filter_summary(feed: &FeedDef) -> String {
    let states = if feed.states.is_empty() {
        "alle Bundesländer".to_string()
    } else {
        feed.states
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let topics = if feed.topics.is_empty() {
        "alle Themen".to_string()
    } else {
        feed.topics.join(", ")
    };
    let mut summary = format!("Länder: {states} · Themen: {topics}");
    if !feed.query.is_empty() {
        summary.push_str(&format!(" · Suche: „{}“", feed.query));
    }
    if feed.require_approval {
        summary.push_str(" · nur redaktionell freigegebene Meldungen");
    }
    summary
}

/// The markup a site pastes to render the feed with `/embed.js` (unescaped).
pub fn script_snippet(base: &Url, feed: &FeedDef) -> String {
    format!(
        "<div data-presseradar-feed=\"{}\" data-limit=\"5\"></div>\n<script src=\"{}\" async></script>",
        feed.id,
        public_url(base, "embed.js"),
    )
}

/// The markup a site pastes to frame `/embed/{id}` (unescaped).
pub fn iframe_snippet(base: &Url, feed: &FeedDef) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"420\" style=\"border:0\" loading=\"lazy\"></iframe>",
        public_url(base, &format!("embed/{}", feed.id)),
        escape_html(&feed.title),
    )
}

fn facets_section(base: &Url) -> String {
    let example = public_url(base, "feed.rss?state=ST,SN&topic=weiterbildung");
    let mut out = format!(
        "<h2 id=\"facetten\">Eigene Feeds nach Land und Thema</h2>\n\
<p>Neben den Feeds oben lässt sich jeder Ausschnitt selbst zusammenstellen: \
<code>/feed.rss</code>, <code>/feed.atom</code> oder <code>/feed.json</code> mit den \
Parametern <code>state</code> (Länderkürzel oder Name, mehrere durch Komma getrennt), \
<code>topic</code> (Themen, ebenso), <code>q</code> (Volltext), <code>source</code> \
(Quellen-ID) und <code>limit</code> (1 bis 200). Beispiel:</p>\n\
<pre><code>{}</code></pre>\n<h3>Bundesländer</h3>\n<table>\n\
<tr><th>Kürzel</th><th>Land</th><th>auch als</th></tr>\n",
        escape_html(&example)
    );
    for state in FedState::ALL {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td></tr>\n",
            state.code(),
            escape_html(state.name()),
            state.slug()
        ));
    }
    out.push_str(
        "</table>\n<h3>Themen</h3>\n<table>\n<tr><th>Thema</th><th>worum es geht</th></tr>\n",
    );
    for topic in TOPICS {
        out.push_str(&format!(
            "<tr><td><code>{topic}</code></td><td>{}</td></tr>\n",
            escape_html(topic_description(topic).unwrap_or(""))
        ));
    }
    out.push_str("</table>\n");
    out
}

/// `GET /?einbinden=ID`: the landing page, with an ETag so browsers and proxies
/// revalidate cheaply. A failed read of the feeds' contents leaves them out (and is
/// logged) rather than failing the page.
pub async fn landing_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let config = state.config();
    let pairs = super::item_query::query_pairs(raw.as_deref());
    let embed = super::item_query::first_param(&pairs, "einbinden");
    let read = config.clone();
    let stats = state
        .store
        .read(move |c| super::landing_feeds::read_all(c, &read))
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "landing page: feed contents not read");
            Vec::new()
        });
    let body = render_landing(&config, &stats, embed);
    let mut response = with_etag(body, "text/html; charset=utf-8", &headers);
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "public, max-age={}",
        config.settings.feed_max_age_secs
    )) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(LANDING_CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_is_explained() {
        for topic in TOPICS {
            assert!(
                topic_description(topic).is_some(),
                "no description for {topic}"
            );
        }
    }

    #[test]
    fn configured_strings_are_escaped() {
        let text = format!(
            "{}\n[[feed]]\nid = \"ost\"\ntitle = \"Ost <b>&</b> \\\"Mitte\\\"\"\ndescription = \"<script>x()</script>\"\nstates = [\"ST\"]\n",
            "[settings]\ncontact = \"https://example.org/c\"\n"
        );
        let config = Config::parse(&text, std::path::Path::new("sources.toml")).unwrap();
        let html = render_landing(&config, &[], None);
        assert!(
            html.contains("<h3>Ost &lt;b&gt;&amp;&lt;/b&gt; &quot;Mitte&quot;</h3>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;x()&lt;/script&gt;"));
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("Länder: Sachsen-Anhalt · Themen: alle Themen"));
        // The iframe title is escaped once inside the snippet and once more for the page.
        assert!(html.contains("title=&quot;Ost &amp;lt;b&amp;gt;"), "{html}");
    }
}
