//! `presseradar discover URL`: from any page of a site, the feeds it offers — announced by
//! `<link rel="alternate">` on the page, or at the usual paths of the CMS families German
//! ministries and outlets run (WordPress `/feed/`, Drupal and TYPO3 `rss.xml`, …) — each
//! checked by reading it, and a ready `[[source]]` block for the best one.

mod page;
mod pin;
mod sitemaps;
pub use pin::{pin as pin_list, pin_content_on};

use std::fmt;

use url::Url;

use crate::extract::feed::extract_feed;
use crate::fetch::{FetchError, FetchOutcome, FetchRequest, Fetcher};
use crate::model::RawItem;

/// Paths tried below the site's root when the page announces no feed, most common first;
/// a few only, to stay polite.
const USUAL_FEED_PATHS: [&str; 6] = [
    "/feed/",
    "/rss.xml",
    "/feed.xml",
    "/index.rss",
    "/atom.xml",
    "/rss/",
];

/// A feed that was found and read.
#[derive(Debug, Clone)]
pub struct FoundFeed {
    pub url: Url,
    /// How it was found: "announced by the page" or "at the usual path /feed/".
    pub how: String,
    /// The feed's own title, if it has one.
    pub title: Option<String>,
    pub items: Vec<RawItem>,
}

/// What `discover` found about a page.
#[derive(Debug, Clone)]
pub struct Discovery {
    pub page: Url,
    /// The page's `<title>`, for the source's name when the feed has none.
    pub page_title: Option<String>,
    pub feeds: Vec<FoundFeed>,
    /// Candidates that were announced or tried but could not be read, with why.
    pub refused: Vec<(Url, String)>,
    /// Without a feed: the list read from the page itself without selectors, if one is
    /// there — the page can then be a `kind = "html"` source.
    pub html_list: Vec<RawItem>,
    /// For that list: selectors that read exactly the same items, or why none were
    /// derived.
    pub pinned: Option<Result<crate::extract::auto::PinnedRules, String>>,
    /// Without a feed: a news sitemap of the site, preferred to the page's list.
    pub sitemap: Option<sitemaps::FoundSitemap>,
    /// Why the pinned selectors have no `content` rule for the article text, if so.
    pub content_note: Option<String>,
}

/// Reads the page, then every feed it announces, then (if none) the usual feed paths.
pub async fn discover(fetcher: &Fetcher, url: &Url) -> Result<Discovery, FetchError> {
    let page = fetch(fetcher, url).await?;
    let announced = page::announced_feeds(&page.text, &page.final_url);
    let mut discovery = Discovery {
        page: page.final_url.clone(),
        page_title: page::title(&page.text),
        feeds: Vec::new(),
        refused: Vec::new(),
        html_list: Vec::new(),
        pinned: None,
        sitemap: None,
        content_note: None,
    };
    // The page may itself be a feed.
    if let Ok(found) = extract_feed(&page.text, &page.final_url) {
        discovery.feeds.push(FoundFeed {
            url: page.final_url.clone(),
            how: "the address itself is a feed".to_string(),
            title: page::feed_title(&page.text),
            items: found.items,
        });
        return Ok(discovery);
    }
    // Or a sitemap.
    if crate::extract::sitemap::parse_sitemap(&page.text, &page.final_url, chrono::Utc::now())
        .is_ok()
    {
        let how = "the address itself is a sitemap";
        discovery.sitemap = sitemaps::examine(
            fetcher,
            &page.final_url,
            Some(&page.text),
            how,
            &mut discovery.refused,
        )
        .await;
        return Ok(discovery);
    }
    for candidate in &announced {
        try_candidate(fetcher, candidate, "announced by the page", &mut discovery).await;
    }
    if discovery.feeds.is_empty() {
        for path in USUAL_FEED_PATHS {
            if let Ok(candidate) = page.final_url.join(path) {
                let how = format!("at the usual path {path}");
                try_candidate(fetcher, &candidate, &how, &mut discovery).await;
            }
        }
    }
    // Feeds with items first, the most items first.
    discovery
        .feeds
        .sort_by_key(|f| std::cmp::Reverse(f.items.len()));
    if discovery.feeds.is_empty() {
        discovery.sitemap =
            sitemaps::find_news_sitemap(fetcher, &page.final_url, &mut discovery.refused).await;
    }
    let now = chrono::Utc::now();
    if discovery.feeds.is_empty()
        && discovery.sitemap.is_none()
        && let Ok(list) = crate::extract::auto::extract_list_auto(&page.text, &page.final_url, now)
    {
        let mut pinned = pin::pin(&page.text, &page.final_url, &list.items, now);
        if let Ok(rules) = pinned.as_mut() {
            discovery.content_note =
                pin::pin_content(fetcher, &page.final_url, &list.items, rules).await;
        }
        discovery.pinned = Some(pinned);
        discovery.html_list = list.items;
    }
    Ok(discovery)
}

async fn try_candidate(fetcher: &Fetcher, url: &Url, how: &str, discovery: &mut Discovery) {
    if discovery.feeds.iter().any(|f| &f.url == url) {
        return;
    }
    match fetch(fetcher, url).await {
        Ok(fetched) => match extract_feed(&fetched.text, &fetched.final_url) {
            Ok(found) => discovery.feeds.push(FoundFeed {
                url: fetched.final_url.clone(),
                how: how.to_string(),
                title: page::feed_title(&fetched.text),
                items: found.items,
            }),
            Err(e) => discovery.refused.push((url.clone(), e.to_string())),
        },
        Err(e) => discovery.refused.push((url.clone(), e.to_string())),
    }
}

pub(crate) async fn fetch(
    fetcher: &Fetcher,
    url: &Url,
) -> Result<crate::fetch::Fetched, FetchError> {
    let request = FetchRequest {
        url: url.clone(),
        etag: None,
        last_modified: None,
        obey_robots: true,
    };
    match fetcher.fetch(&request).await? {
        FetchOutcome::Fetched(f) => Ok(f),
        FetchOutcome::NotModified => Err(FetchError::Body {
            url: url.to_string(),
            reason: "answered 304 Not Modified to a request without validators".to_string(),
        }),
    }
}

impl Discovery {
    /// Whether anything was found that a source can read.
    pub fn found(&self) -> bool {
        !self.feeds.is_empty() || self.sitemap.is_some() || !self.html_list.is_empty()
    }

    /// A `[[source]]` block for the best feed, ready to paste into sources.toml; without a
    /// feed, for the page itself read without selectors.
    pub fn source_block(&self) -> Option<String> {
        let Some(feed) = self.feeds.first() else {
            if let Some(found) = &self.sitemap {
                return Some(sitemaps::block(&self.page, found, &self.page_name()));
            }
            return self.html_block();
        };
        let name = feed
            .title
            .clone()
            .or_else(|| self.page_title.clone())
            .unwrap_or_else(|| feed.url.host_str().unwrap_or("Quelle").to_string());
        let found = format!(
            "# Found by `presseradar discover {}`: {}.\n",
            self.page, feed.how
        );
        Some(source_block(&found, "feed", &feed.url, &name))
    }
}

impl Discovery {
    fn html_block(&self) -> Option<String> {
        if self.html_list.is_empty() {
            return None;
        }
        let scrape = match &self.pinned {
            Some(Ok(rules)) => format!(
                "# The selectors below read the same items as the automatic reading; without\n\
                 # the [source.scrape] table the page is read automatically.\n{}{}",
                pin::scrape_table(rules),
                self.content_note
                    .as_ref()
                    .map(|why| format!(
                        "# No content selector: {why}; the article text is then not read.\n"
                    ))
                    .unwrap_or_default()
            ),
            Some(Err(why)) => format!("# No selectors to pin: {why}.\n"),
            None => String::new(),
        };
        let found = format!(
            "# Found by `presseradar discover {}`: no feed, but a list of {} items on the page.\n",
            self.page,
            self.html_list.len()
        );
        Some(source_block(&found, "html", &self.page, &self.page_name()) + &scrape)
    }

    /// The page's title, else its host: the name a block proposes.
    fn page_name(&self) -> String {
        self.page_title
            .clone()
            .unwrap_or_else(|| self.page.host_str().unwrap_or("Quelle").to_string())
    }
}

/// A `[[source]]` block after the comment lines saying how it was found; state and
/// authority are left for the operator, commented out.
fn source_block(found: &str, kind: &str, url: &Url, name: &str) -> String {
    format!(
        "{found}[[source]]\n\
         id = \"{id}\"\n\
         name = {name}\n\
         kind = \"{kind}\"\n\
         url = {url}\n\
         # state = \"ST\"          # the publisher's state, if it has one\n\
         # authority = \"official\" # for a ministry, agency or initiative\n",
        id = page::source_id(url),
        name = toml_string(name),
        url = toml_string(url.as_str()),
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

impl fmt::Display for Discovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source_block() {
            None => writeln!(
                f,
                "No feed found for {}: the page announces none that could be read, none of the usual paths ({}) holds one, no news sitemap was found (robots.txt, {}), and no list of articles could be read from the page.",
                self.page,
                USUAL_FEED_PATHS.join(", "),
                sitemaps::USUAL_SITEMAP_PATHS.join(", ")
            )?,
            Some(block) => writeln!(f, "{block}")?,
        }
        for feed in self.feeds.iter() {
            writeln!(
                f,
                "# {} ({}): {} items",
                feed.url,
                feed.how,
                feed.items.len()
            )?;
            first_items(f, &feed.items)?;
        }
        if let Some(found) = self.sitemap.as_ref().filter(|_| self.feeds.is_empty()) {
            writeln!(
                f,
                "# {} (news sitemap): {} newest entries",
                found.url,
                found.items.len()
            )?;
            first_items(f, &found.items)?;
        }
        if self.feeds.is_empty() && !self.html_list.is_empty() {
            writeln!(
                f,
                "# {} (read without selectors): {} items",
                self.page,
                self.html_list.len()
            )?;
            first_items(f, &self.html_list)?;
        }
        for (url, why) in &self.refused {
            writeln!(f, "# not taken: {url}: {why}")?;
        }
        Ok(())
    }
}

/// The first five items as comment lines: date (in German time), title, link.
fn first_items(f: &mut fmt::Formatter<'_>, items: &[RawItem]) -> fmt::Result {
    for item in items.iter().take(5) {
        let date = item
            .published
            .map(|d| {
                d.with_timezone(&chrono_tz::Europe::Berlin)
                    .format("%d.%m.%Y")
                    .to_string()
            })
            .unwrap_or_else(|| "ohne Datum".to_string());
        let title = if item.title.is_empty() {
            "(title on the article page)"
        } else {
            &item.title
        };
        writeln!(f, "#   {date}  {title}  <{}>", item.url)?;
    }
    Ok(())
}
