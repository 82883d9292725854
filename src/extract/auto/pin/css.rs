//! The pieces pinned selectors are made of: stable class names, `tag.class` names
//! shared by several elements, and paths from an entry down to one of its parts.

use scraper::ElementRef;

use super::{MAX_LEVELS, STATE_WORDS};
use crate::extract::selector::FieldSelector;

/// Whether a class name is worth pinning: a plain identifier that names a part, not a
/// state, a position or a generated hash.
pub(super) fn stable_class(class: &str) -> bool {
    let valid = class
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let digits = class.chars().filter(char::is_ascii_digit).count();
    let lower = class.to_ascii_lowercase();
    valid
        && class.len() >= 2
        && digits <= 2
        && !STATE_WORDS.contains(&lower.as_str())
        && !["is-", "has-", "js-", "ng-", "jsx-", "css-", "sc-"]
            .iter()
            .any(|p| lower.starts_with(p))
}

fn stable_classes(el: ElementRef<'_>) -> Vec<String> {
    el.value()
        .attr("class")
        .unwrap_or_default()
        .split_whitespace()
        .filter(|c| stable_class(c))
        .map(str::to_string)
        .collect()
}

/// `tag.class1.class2` with the classes all `els` share (the tag alone without any);
/// `None` when the elements are of different kinds.
pub(super) fn shared_simple(els: &[ElementRef<'_>], with_classes: bool) -> Option<String> {
    let tag = els.first()?.value().name();
    if els.iter().any(|e| e.value().name() != tag) || tag.contains(':') {
        return None;
    }
    let mut out = tag.to_string();
    if with_classes {
        let mut shared = stable_classes(els[0]);
        shared.retain(|c| els.iter().all(|e| e.value().classes().any(|k| k == c)));
        for class in shared.iter().take(2) {
            out.push('.');
            out.push_str(class);
        }
        if shared.is_empty()
            && let Some(id) = els[0].value().id()
            && els.iter().all(|e| e.value().id() == Some(id))
            && stable_class(id)
        {
            out.push('#');
            out.push_str(id);
        }
    }
    Some(out)
}

/// The `level`-th ancestor of each element (1 = parent).
pub(super) fn ancestors_at<'a>(
    els: &[ElementRef<'a>],
    level: usize,
) -> Option<Vec<ElementRef<'a>>> {
    els.iter()
        .map(|e| e.ancestors().filter_map(ElementRef::wrap).nth(level - 1))
        .collect()
}

/// Candidate selectors for `target` as seen from `scope` (its ancestor): the target's
/// own name and classes, then with up to three levels between written out.
pub(super) fn relative_candidates(scope: ElementRef<'_>, target: ElementRef<'_>) -> Vec<String> {
    let mut levels: Vec<ElementRef<'_>> = vec![target];
    levels.extend(
        target
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take_while(|a| a.id() != scope.id())
            .take(MAX_LEVELS - 1),
    );
    let mut out = Vec::new();
    for with_classes in [true, false] {
        for depth in 1..=levels.len() {
            let mut parts: Vec<String> = levels[..depth]
                .iter()
                .filter_map(|e| shared_simple(&[*e], with_classes))
                .collect();
            parts.reverse();
            out.push(parts.join(" > "));
            if parts.len() > 2 {
                out.push(format!("{} {}", parts[0], parts[parts.len() - 1]));
            }
        }
    }
    out.dedup();
    // Named parts first, then a path of two elements, then a bare element name.
    out.sort_by_key(|css| {
        if css.contains(['.', '#', '[']) {
            0
        } else if css.contains(' ') {
            1
        } else {
            2
        }
    });
    out
}

/// The first candidate (for the first entry's target) whose value `check` accepts on
/// every entry.
pub(super) fn first_fitting(
    candidates: Vec<String>,
    attr: Option<&str>,
    check: impl Fn(&FieldSelector) -> bool,
) -> Option<String> {
    candidates.into_iter().find_map(|css| {
        let rule = match attr {
            Some(a) => format!("{css}@{a}"),
            None => css,
        };
        let sel = FieldSelector::parse(&rule).ok()?;
        check(&sel).then_some(rule)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_and_state_classes_are_not_pinned() {
        for kept in [
            "teaser",
            "c-search-teaser__link",
            "views-row",
            "bb-teaser",
            "_news",
        ] {
            assert!(stable_class(kept), "{kept}");
        }
        for left in [
            "post-91834",
            "css-1x2y3z",
            "sc-bdVaJa",
            "jsx-2873",
            "is-active",
            "active",
            "first",
            "odd",
            "md:flex",
            "1col",
            "x",
        ] {
            assert!(!stable_class(left), "{left}");
        }
    }

    #[test]
    fn paths_below_an_entry_prefer_named_parts() {
        let html = scraper::Html::parse_fragment(
            r#"<div class="entry"><div><h3 class="entry__title"><a href="/a">Titel</a></h3></div></div>"#,
        );
        let sel = |css| scraper::Selector::parse(css).unwrap();
        let entry = html.select(&sel("div.entry")).next().unwrap();
        let link = html.select(&sel("a")).next().unwrap();
        let found = relative_candidates(entry, link);
        assert_eq!(found[0], "h3.entry__title > a");
        assert!(found.iter().all(|c| !c.contains("nth")), "{found:?}");
        assert_eq!(found.last().map(String::as_str), Some("a"));
    }
}
