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
    /// Parse `"h2 a@href"` or `"h2"`. The error says in plain words what is wrong, naming
    /// the rule as written.
    pub fn parse(rule: &str) -> Result<Self, String> {
        let rule_trim = rule.trim();
        if rule_trim.is_empty() {
            return Err("empty selector; write a CSS selector such as \"h2 a\", or \"h2 a@href\" to read an attribute".into());
        }
        let (css_text, attr) = match rule_trim.rsplit_once('@') {
            Some((css, "")) => {
                return Err(format!(
                    "{rule_trim:?} ends with \"@\" but names no attribute; write selector@attribute, e.g. \"{}@href\"",
                    css.trim()
                ));
            }
            Some((css, attr)) if attr.chars().all(is_attr_char) => {
                (css.trim(), Some(attr.to_string()))
            }
            Some((_, attr)) => {
                return Err(format!(
                    "{rule_trim:?}: {attr:?} after \"@\" is not an attribute name (letters, digits, '-', '_', ':')"
                ));
            }
            None => (rule_trim, None),
        };
        if css_text.is_empty() {
            return Err(format!(
                "{rule_trim:?} has no CSS selector before \"@\"; write selector@attribute, e.g. \"a@href\""
            ));
        }
        let css = Selector::parse(css_text).map_err(|e| {
            format!(
                "{rule_trim:?} is not a valid CSS selector: {}",
                plain_words(&e)
            )
        })?;
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

fn is_attr_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'
}

/// What a selector parse error means. The error's inner kinds come from crates this one
/// does not depend on directly (`selectors`, `cssparser`), so they are told apart by their
/// debug names; an unknown kind still gets a plain sentence.
fn plain_words(e: &scraper::error::SelectorErrorKind<'_>) -> String {
    use scraper::error::SelectorErrorKind as K;
    let debug = format!("{e:?}");
    let token = token_text(&debug);
    let near = token.map(|t| format!(" near {t:?}")).unwrap_or_default();
    match e {
        K::UnexpectedToken(_) => format!(
            "unexpected {}",
            token.map_or("character".to_string(), |t| format!("{t:?}"))
        ),
        K::EndOfLine => {
            "it ends too early: something is missing at the end (a name after \".\", \"#\" or \":\", a value after \"=\", a closing \"]\" or \")\")"
                .to_string()
        }
        K::ExpectedColonOnPseudoElement(_) | K::ExpectedIdentityOnPseudoElement(_) => {
            format!("a pseudo-element (::name) is incomplete{near}")
        }
        _ if debug.contains("ClassNeedsIdent") => {
            format!("a \".\" must be followed by a class name{near}")
        }
        _ if debug.contains("DanglingCombinator") => {
            "it ends with a combinator (>, +, ~) that has nothing after it".to_string()
        }
        _ if debug.contains("EmptySelector") => {
            "a selector is empty (two commas in a row, or a comma at the end?)".to_string()
        }
        _ if debug.contains("UnsupportedPseudoClassOrElement")
            || debug.contains("UnexpectedIdent") =>
        {
            format!("unknown pseudo-class{near}")
        }
        _ if debug.contains("InAttr") || debug.contains("AttributeSelector") => {
            format!("an attribute test [name], [name=value] or [name=\"value\"] is malformed{near}")
        }
        _ if debug.contains("NoIdentForPseudo") => {
            format!("a \":\" must be followed by a pseudo-class name{near}")
        }
        _ => format!("it cannot be read as CSS{near}"),
    }
}

/// The offending token's text out of the error's debug form (`Delim('.')` → `.`,
/// `Ident("x")` → `x`).
fn token_text(debug: &str) -> Option<&str> {
    for (open, close) in [
        ("Delim('", "')"),
        ("Ident(\"", "\")"),
        ("QuotedString(\"", "\")"),
        ("UnsupportedPseudoClassOrElement(\"", "\")"),
    ] {
        if let Some(start) = debug.find(open) {
            let rest = &debug[start + open.len()..];
            return rest.find(close).map(|end| &rest[..end]);
        }
    }
    None
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

    fn err(rule: &str) -> String {
        FieldSelector::parse(rule).unwrap_err()
    }

    #[test]
    fn errors_are_plain_words_naming_the_rule_as_written() {
        assert_eq!(
            err("a.teaser-link@"),
            "\"a.teaser-link@\" ends with \"@\" but names no attribute; write selector@attribute, e.g. \"a.teaser-link@href\""
        );
        assert_eq!(
            err("div..teaser"),
            "\"div..teaser\" is not a valid CSS selector: a \".\" must be followed by a class name near \".\""
        );
        assert_eq!(
            err("h2 a[@href"),
            "\"h2 a[@href\" is not a valid CSS selector: it ends too early: something is missing at the end (a name after \".\", \"#\" or \":\", a value after \"=\", a closing \"]\" or \")\")"
        );
        assert_eq!(
            err("p:nosuch"),
            "\"p:nosuch\" is not a valid CSS selector: unknown pseudo-class near \"nosuch\""
        );
        for rule in ["h2 >", "div.", "p:nosuch", "a@hr ef", "h2[", "div,,p"] {
            let e = err(rule);
            assert!(e.starts_with(&format!("{rule:?}")), "{e}");
            assert!(!e.contains("report this to the developer"), "{e}");
            assert!(!e.contains("Token"), "{e}");
        }
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
