//! `selector@attribute` field selectors of the scrape rules (DESIGN.md §4).

use std::fmt;

use scraper::{ElementRef, Selector};

/// A CSS selector plus, optionally, the attribute to read; without one the element's text.
#[derive(Clone)]
pub struct FieldSelector {
    pub css: Selector,
    pub attr: Option<String>,
    /// The rule as written in sources.toml, for messages.
    pub raw: String,
}

impl fmt::Debug for FieldSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldSelector({:?})", self.raw)
    }
}

impl FieldSelector {
    /// Parse `"h2 a@href"` or `"h2"`. The error says what is wrong with the CSS.
    pub fn parse(rule: &str) -> Result<Self, String> {
        let rule_trim = rule.trim();
        if rule_trim.is_empty() {
            return Err("empty selector".into());
        }
        let (css_text, attr) = match rule_trim.rsplit_once('@') {
            Some((css, attr))
                if !attr.is_empty()
                    && attr
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':') =>
            {
                (css.trim(), Some(attr.to_string()))
            }
            _ => (rule_trim, None),
        };
        let css = Selector::parse(css_text)
            .map_err(|e| format!("invalid CSS selector {css_text:?}: {e}"))?;
        Ok(FieldSelector {
            css,
            attr,
            raw: rule_trim.to_string(),
        })
    }

    /// The first match below `scope`: its attribute, or its collapsed text.
    pub fn first_value(&self, scope: ElementRef<'_>) -> Option<String> {
        scope.select(&self.css).find_map(|el| self.value_of(el))
    }

    /// The value of one matched element.
    pub fn value_of(&self, el: ElementRef<'_>) -> Option<String> {
        let value = match &self.attr {
            Some(attr) => el.value().attr(attr)?.trim().to_string(),
            None => crate::sanitize::collapse_whitespace(&el.text().collect::<String>()),
        };
        (!value.is_empty()).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_attribute_form() {
        let s = FieldSelector::parse("h2 a@href").unwrap();
        assert_eq!(s.attr.as_deref(), Some("href"));
        let s = FieldSelector::parse("meta[name=date]@content").unwrap();
        assert_eq!(s.attr.as_deref(), Some("content"));
        let s = FieldSelector::parse("h2").unwrap();
        assert!(s.attr.is_none());
    }

    #[test]
    fn bad_css_is_an_error() {
        assert!(FieldSelector::parse("h2[").is_err());
        assert!(FieldSelector::parse("  ").is_err());
    }

    #[test]
    fn reads_values() {
        let html =
            scraper::Html::parse_fragment(r#"<div><h2><a href="/a">  Titel  eins </a></h2></div>"#);
        let root = html.root_element();
        assert_eq!(
            FieldSelector::parse("h2 a@href")
                .unwrap()
                .first_value(root)
                .as_deref(),
            Some("/a")
        );
        assert_eq!(
            FieldSelector::parse("h2")
                .unwrap()
                .first_value(root)
                .as_deref(),
            Some("Titel eins")
        );
    }
}
