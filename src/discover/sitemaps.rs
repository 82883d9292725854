//! Sitemaps for `discover`: the ones robots.txt names (`Sitemap:` lines), else the
//! usual `/sitemap.xml` and `/news-sitemap.xml`; in an index, its news sitemaps. Only a
//! sitemap with Google News entries (titles, publication dates) is offered as a source:
//! a plain sitemap lists every page of a site, not its releases. Few requests: robots.txt,
//! at most three sitemaps and two children of an index.

use url::Url;

use crate::config::DEFAULT_SITEMAP_ENTRIES;
use crate::extract::sitemap::{self, Sitemap, SitemapEntry};
use crate::fetch::Fetcher;
use crate::model::RawItem;

/// Sitemaps tried below the site's root when robots.txt names none.
pub const USUAL_SITEMAP_PATHS: [&str; 2] = ["/sitemap.xml", "/news-sitemap.xml"];
/// Sitemaps read at most, and children of one index.
const MAX_SITEMAPS: usize = 3;
const MAX_CHILDREN: usize = 2;

/// A news sitemap that was found and read.
#[derive(Debug, Clone)]
pub struct FoundSitemap {
    /// The address a source polls: the news sitemap, or the index that lists it.
    pub url: Url,
    pub how: String,
    /// Its newest entries.
    pub items: Vec<RawItem>,
}

/// The `Sitemap:` lines of a robots.txt, absolute.
pub fn robots_sitemaps(robots: &str, site: &Url) -> Vec<Url> {
    robots
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case("sitemap")
                .then(|| site.join(value.trim()).ok())
                .flatten()
        })
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .take(MAX_SITEMAPS)
        .collect()
}

/// The site's news sitemap, if it has one; what was tried and not taken goes to `refused`.
pub async fn find_news_sitemap(
    fetcher: &Fetcher,
    page: &Url,
    refused: &mut Vec<(Url, String)>,
) -> Option<FoundSitemap> {
    let robots_url = page.join("/robots.txt").ok()?;
    let named = match super::fetch(fetcher, &robots_url).await {
        Ok(robots) => robots_sitemaps(&robots.text, &robots.final_url),
        Err(_) => Vec::new(),
    };
    let (candidates, how) = if named.is_empty() {
        let usual = USUAL_SITEMAP_PATHS
            .iter()
            .filter_map(|p| page.join(p).ok())
            .collect();
        (usual, "at the usual path")
    } else {
        (named, "named in robots.txt")
    };
    for candidate in candidates {
        let how = format!("{how} ({candidate})");
        if let Some(found) = examine(fetcher, &candidate, None, &how, refused).await {
            return Some(found);
        }
    }
    None
}

/// One candidate sitemap (its text, when already fetched): a news sitemap, or an index
/// with one among its news children; else the reason goes to `refused`.
pub async fn examine(
    fetcher: &Fetcher,
    candidate: &Url,
    text: Option<&str>,
    how: &str,
    refused: &mut Vec<(Url, String)>,
) -> Option<FoundSitemap> {
    let read_it = match text {
        Some(text) => {
            sitemap::parse_sitemap(text, candidate, chrono::Utc::now()).map_err(|e| e.to_string())
        }
        None => read(fetcher, candidate).await,
    };
    match read_it {
        Ok(Sitemap::Urls(entries)) => {
            if let Some(found) = news(candidate, entries, how.to_string()) {
                return Some(found);
            }
            refused.push((
                candidate.clone(),
                "a sitemap without news entries".to_string(),
            ));
        }
        Ok(Sitemap::Index(children)) => {
            let mut news_children: Vec<Url> = children
                .into_iter()
                .map(|(u, _)| u)
                .filter(|u| u.as_str().to_ascii_lowercase().contains("news"))
                .collect();
            news_children.truncate(MAX_CHILDREN);
            for child in news_children {
                if let Ok(Sitemap::Urls(entries)) = read(fetcher, &child).await {
                    let how = format!("{how}, a sitemap index whose news sitemap is {child}");
                    if let Some(found) = news(candidate, entries, how) {
                        return Some(found);
                    }
                }
            }
            refused.push((
                candidate.clone(),
                "a sitemap index without a news sitemap".to_string(),
            ));
        }
        Err(why) => refused.push((candidate.clone(), why)),
    }
    None
}

async fn read(fetcher: &Fetcher, url: &Url) -> Result<Sitemap, String> {
    let fetched = super::fetch(fetcher, url)
        .await
        .map_err(|e| e.to_string())?;
    sitemap::parse_sitemap(&fetched.text, &fetched.final_url, chrono::Utc::now())
        .map_err(|e| e.to_string())
}

/// A found news sitemap when the entries hold news.
fn news(url: &Url, entries: Vec<SitemapEntry>, how: String) -> Option<FoundSitemap> {
    if !entries.iter().any(|e| e.news) {
        return None;
    }
    let newest = sitemap::newest(entries, DEFAULT_SITEMAP_ENTRIES);
    Some(FoundSitemap {
        url: url.clone(),
        how,
        items: newest.iter().map(sitemap::raw_item).collect(),
    })
}

/// The `[[source]]` block for a news sitemap.
pub fn block(page: &Url, found: &FoundSitemap, name: &str) -> String {
    let comment = format!(
        "# Found by `presseradar discover {page}`: no feed, but a news sitemap — {}.\n\
         # Each poll reads its newest {} entries and their article pages (max_entries).\n",
        found.how, DEFAULT_SITEMAP_ENTRIES
    );
    super::source_block(&comment, "sitemap", &found.url, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_sitemap_lines_are_read_whatever_their_case() {
        let site = Url::parse("https://amt.example/robots.txt").unwrap();
        let robots = "User-agent: *\nDisallow: /intern/\nSitemap: https://amt.example/sitemap_index.xml\nsitemap:/news-sitemap.xml\n# Sitemap: nope\nSITEMAP: javascript:x\n";
        let found: Vec<String> = robots_sitemaps(robots, &site)
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(
            found,
            [
                "https://amt.example/sitemap_index.xml",
                "https://amt.example/news-sitemap.xml"
            ]
        );
    }
}
