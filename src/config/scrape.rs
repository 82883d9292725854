//! Validation of `[source.scrape]` and `[source.scrape.json]`: selectors compiled, paging
//! and article rules checked, every problem recorded.

use toml::Spanned;

use super::validate::Validator;
use super::{JsonList, ScrapeRules, SourceKind, raw};

impl Validator<'_> {
    /// The `[source.scrape]` table: optional for `kind = "html"` (without it the pages are
    /// read automatically), refused for feeds. None when something is wrong (recorded);
    /// Some(None) for a feed or an HTML source read without selectors.
    pub(super) fn source_scrape(
        &self,
        table: &Spanned<raw::RawSource>,
        kind: SourceKind,
        prefix: &str,
    ) -> Option<Option<ScrapeRules>> {
        let r = table.get_ref();
        let at = |key: &str| format!("{prefix}: {key}");
        match (&r.scrape, kind) {
            (Some(s), SourceKind::Html) => self.scrape(s, prefix).map(Some),
            (None, SourceKind::Html) => Some(None),
            (Some(s), SourceKind::Feed | SourceKind::Sitemap) => {
                let message = "only sources with kind = \"html\" take scrape rules";
                self.record(self.err(s, &at("scrape"), message));
                None
            }
            (None, SourceKind::Feed | SourceKind::Sitemap) => Some(None),
        }
    }

    fn scrape(&self, table: &Spanned<raw::RawScrape>, prefix: &str) -> Option<ScrapeRules> {
        let r = table.get_ref();
        let at = |key: &str| format!("{prefix}: scrape.{key}");
        let max_pages = match &r.max_pages {
            Some(n) if !(1..=100).contains(n.get_ref()) => {
                let message = "must be between 1 and 100";
                self.record(self.err(n, &at("max_pages"), message));
                None
            }
            Some(n) => Some(*n.get_ref() as u32),
            None => Some(1),
        };
        let follow = r.follow.unwrap_or(false);
        if !follow && let Some(c) = r.content.as_ref().or(r.article_date.as_ref()) {
            let message = "content and article_date need follow = true";
            self.record(self.err(c, &at("follow"), message));
        }
        let needs = "[source.scrape] needs item, link and title";
        let rule = |value: &Option<Spanned<String>>, key: &str| {
            self.required(value, table, &at(key), needs)
                .and_then(|s| self.keep(self.selector(s, &at(key))))
        };
        let item = rule(&r.item, "item");
        let link = rule(&r.link, "link");
        let title = rule(&r.title, "title");
        let date = self.opt_selector(&r.date, &at("date"));
        let summary = self.opt_selector(&r.summary, &at("summary"));
        let next_page = self.opt_selector(&r.next_page, &at("next_page"));
        let content = self.opt_selector(&r.content, &at("content"));
        let article_date = self.opt_selector(&r.article_date, &at("article_date"));
        let json = self.json_list(r, prefix);
        Some(ScrapeRules {
            item: item?,
            link: link?,
            title: title?,
            date: date?,
            summary: summary?,
            next_page: next_page?,
            max_pages: max_pages?,
            follow,
            content: content?,
            article_date: article_date?,
            json: json?,
        })
    }

    /// `[source.scrape.json]`: JSON pointers and the paging parameter, checked here so a
    /// typo fails at start instead of as an empty list at the first poll.
    fn json_list(&self, r: &raw::RawScrape, prefix: &str) -> Option<Option<JsonList>> {
        let Some(json) = &r.json else {
            return Some(None);
        };
        let at = |key: &str| format!("{prefix}: scrape.json.{key}");
        let json = json.get_ref();
        let pointer = |p: &toml::Spanned<String>, key: &str| {
            let text = p.get_ref();
            if text.is_empty() || text.starts_with('/') {
                Some(text.clone())
            } else {
                let message = "a JSON pointer starts with \"/\" (e.g. \"/teaser\")";
                self.record(self.err(p, &at(key), message));
                None
            }
        };
        let mut ok = true;
        if let Some(next) = &r.next_page {
            let key = format!("{prefix}: scrape.next_page");
            let message = "a JSON list pages with json.page_param, not next_page";
            self.record(self.err(next, &key, message));
            ok = false;
        }
        let page_param = match &json.page_param {
            Some(p) if p.get_ref().trim().is_empty() => {
                self.record(self.err(p, &at("page_param"), "must not be empty"));
                ok = false;
                None
            }
            Some(p) => Some(p.get_ref().clone()),
            None => None,
        };
        let items = pointer(&json.items, "items");
        let last = json.last.as_ref().map(|l| pointer(l, "last"));
        let last = match last {
            Some(None) => return None,
            Some(Some(l)) => Some(l),
            None => None,
        };
        ok.then_some(Some(JsonList {
            items: items?,
            last,
            page_param,
        }))
    }
}
