//! Page chrome: the parts of a page that are never an article or a list of articles —
//! navigation, banners, footers, sidebars, pagers, cookie notices, share bars.

use scraper::ElementRef;

/// Where chrome is looked for: list pages keep teasers' own parts; article pages also
/// drop related-article boxes, back links and tool bars around the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    List,
    Article,
}

/// Element names that are chrome wherever they stand.
const CHROME_TAGS: [&str; 10] = [
    "nav", "aside", "form", "select", "button", "noscript", "iframe", "template", "dialog", "menu",
];

/// Landmark roles of chrome.
const CHROME_ROLES: [&str; 5] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
];

/// Words in a class or id that mark chrome on any page.
const CHROME_WORDS: [&str; 19] = [
    "shariff",
    "gdpr",
    "onetrust",
    "usercentrics",
    "borlabs",
    "sidebar",
    "breadcrumb",
    "cookie",
    "consent",
    "pagination",
    "paginator",
    "pager",
    "navindex",
    "share",
    "social",
    "skip-link",
    "navigation",
    "menu",
    "newsletter",
];

/// Further words that mark chrome around an article's text.
const ARTICLE_CHROME_WORDS: [&str; 8] = [
    "related", "backlink", "tools", "ad-label", "advert", "banner", "comment", "print",
];

/// Suffixes of custom elements (web components) that are chrome: `pp-header`,
/// `pp-navigation`, `pp-share-bar`.
const CHROME_SUFFIXES: [&str; 7] = [
    "-header",
    "-footer",
    "-navigation",
    "-pagination",
    "-breadcrumb",
    "-share-bar",
    "-tags",
];

/// Whether this element itself is chrome.
pub(super) fn is_chrome(el: ElementRef<'_>, page: Page) -> bool {
    let name = el.value().name();
    if CHROME_TAGS.contains(&name) || CHROME_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return true;
    }
    if (name == "header" || name == "footer") && !inside_article(el) {
        return true;
    }
    if el
        .value()
        .attr("role")
        .is_some_and(|r| CHROME_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let words = class_and_id(el);
    words.split_whitespace().any(|token| {
        token == "nav"
            || token.starts_with("nav-")
            || token.ends_with("-nav")
            || CHROME_WORDS.iter().any(|w| token.contains(w))
            || (page == Page::Article
                && (ARTICLE_CHROME_WORDS.iter().any(|w| token.contains(w))
                    || token.starts_with("werbe")))
    })
}

/// Whether the element or one of its ancestors is chrome.
pub(super) fn in_chrome(el: ElementRef<'_>, page: Page) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|e| is_chrome(e, page))
}

/// A `<header>` or `<footer>` inside an article or a list entry belongs to that entry
/// (WordPress puts each post's title in `<header class="entry-header">`); so does one
/// inside a card that repeats (`div.news-card` beside `div.news-card`).
fn inside_article(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(a.value().name(), "article" | "li" | "td" | "section")
            || a.value().attr("itemscope").is_some()
            || repeats(a)
    })
}

/// Whether an element (not the page's body) has a sibling of the same tag and classes.
fn repeats(el: ElementRef<'_>) -> bool {
    let class = el.value().attr("class");
    if class.is_none_or(|c| c.trim().is_empty()) || matches!(el.value().name(), "body" | "html") {
        return false;
    }
    el.prev_siblings()
        .chain(el.next_siblings())
        .filter_map(ElementRef::wrap)
        .any(|s| s.value().name() == el.value().name() && s.value().attr("class") == class)
}

/// The element's class and id, lowercased, as one space-separated string.
pub(super) fn class_and_id(el: ElementRef<'_>) -> String {
    let class = el.value().attr("class").unwrap_or_default();
    let id = el.value().attr("id").unwrap_or_default();
    format!("{class} {id}").to_ascii_lowercase()
}
