//! German text folding shared by rules, gazetteer and documents: NFC, lower case,
//! umlauts and ß spelled out, hyphenated compounds joined, whitespace collapsed.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A document field after folding. Hyphens between letters are removed so that
/// "Fachkräfte-Sicherung" reads like "Fachkräftesicherung"; where one was removed the
/// position is remembered as a soft break, which still counts as a word boundary, so
/// "Magdeburg-Stadtfeld" also mentions Magdeburg.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    soft_breaks: Vec<usize>,
}

impl Folded {
    pub fn new(input: &str) -> Folded {
        // Most text arrives in NFC already; the quick check (no allocation, no
        // decomposition) spares the full normalisation pass for it.
        if is_nfc_quick(input.chars()) == IsNormalized::Yes {
            Folded::from_nfc(input)
        } else {
            Folded::from_nfc(&input.nfc().collect::<String>())
        }
    }

    fn from_nfc(input: &str) -> Folded {
        let mut out = Folded {
            text: String::with_capacity(input.len() + 16),
            soft_breaks: Vec::new(),
        };
        let mut pending_space: Option<char> = None;
        for (i, c) in input.char_indices() {
            if c.is_ascii_alphanumeric() {
                // The common case first: a plain letter or digit in the middle of a word.
                if let Some(space) = pending_space.take()
                    && !out.text.is_empty()
                {
                    out.text.push(space);
                }
                out.text.push(c.to_ascii_lowercase());
                continue;
            }
            if c == '\u{00AD}' || c == '\u{200B}' {
                continue; // soft hyphen, zero-width space: invisible, never a boundary
            }
            if c.is_whitespace() {
                let kind = if c == '\n' || c == '\r' { '\n' } else { ' ' };
                pending_space = Some(match pending_space {
                    Some('\n') => '\n',
                    _ => kind,
                });
                continue;
            }
            if let Some(space) = pending_space.take()
                && !out.text.is_empty()
            {
                out.text.push(space);
            }
            if is_dash(c) {
                let joins_letters = out
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && next_visible(&input[i + c.len_utf8()..]).is_some_and(char::is_alphanumeric);
                if joins_letters {
                    out.soft_breaks.push(out.text.len());
                } else {
                    out.text.push('-');
                }
                continue;
            }
            push_folded(&mut out.text, c);
        }
        out
    }

    /// True when `pos` (a byte offset) starts or ends a word.
    pub fn is_boundary(&self, pos: usize) -> bool {
        let before = self.text[..pos].chars().next_back();
        let after = self.text[pos..].chars().next();
        let outside_word =
            !before.is_some_and(char::is_alphanumeric) || !after.is_some_and(char::is_alphanumeric);
        outside_word || self.soft_breaks.binary_search(&pos).is_ok()
    }

    /// Every position where `is_boundary` holds and a character follows, in order.
    pub fn word_starts(&self) -> impl Iterator<Item = usize> + '_ {
        let mut before_alnum = false;
        let mut soft = self.soft_breaks.iter().copied().peekable();
        self.text.char_indices().filter_map(move |(pos, c)| {
            let alnum = c.is_alphanumeric();
            while soft.next_if(|&b| b < pos).is_some() {}
            let boundary = !before_alnum || !alnum || soft.peek() == Some(&pos);
            before_alnum = alnum;
            boundary.then_some(pos)
        })
    }

    /// End of the word containing `pos`, ignoring soft breaks (a compound is one word).
    pub fn word_end(&self, pos: usize) -> usize {
        self.text[pos..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(self.text.len(), |(i, _)| pos + i)
    }

    /// Start of the word containing `pos`.
    pub fn word_start(&self, pos: usize) -> usize {
        self.text[..pos]
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// The folded text with a space at every soft break: "welcome-center" → "welcome center".
    pub fn spaced(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.soft_breaks.len());
        let mut last = 0;
        for &b in &self.soft_breaks {
            out.push_str(&self.text[last..b]);
            out.push(' ');
            last = b;
        }
        out.push_str(&self.text[last..]);
        out
    }
}

/// Folds a rule term or place name into the spellings a folded document can contain:
/// the joined form, the form with a space where a hyphen was, and (for rule terms)
/// the form without spaces, so "Welcome Center", "Welcome-Center" and "Welcomecenter"
/// all meet.
pub fn term_variants(term: &str, join_spaces: bool) -> Vec<String> {
    let folded = Folded::new(term);
    let mut variants = vec![folded.text.clone(), folded.spaced()];
    if join_spaces {
        variants.push(folded.text.replace(' ', ""));
    }
    variants.retain(|v| !v.is_empty());
    variants.sort();
    variants.dedup();
    variants
}

fn next_visible(rest: &str) -> Option<char> {
    rest.chars().find(|&c| c != '\u{00AD}' && c != '\u{200B}')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

fn push_folded(out: &mut String, c: char) {
    match c {
        'ä' | 'Ä' => out.push_str("ae"),
        'ö' | 'Ö' => out.push_str("oe"),
        'ü' | 'Ü' => out.push_str("ue"),
        'ß' | 'ẞ' => out.push_str("ss"),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ => out.extend(c.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_starts_are_the_boundaries_a_character_follows() {
        // Soft breaks (joined hyphens), spaces, punctuation, digits, umlauts, a compound
        // joined by several hyphens, a trailing hyphen.
        for input in [
            "Magdeburg-Stadtfeld und Fachkräfte-Sicherung",
            "Ein Welcome-Center-Netzwerk, 2024-Bilanz: gut!",
            "  Ölpreis –  Nord-Süd-Verbindung (Halle/Saale) ende-",
            "",
            "x",
        ] {
            let doc = Folded::new(input);
            let expected: Vec<usize> = (doc.text.char_indices())
                .map(|(i, _)| i)
                .filter(|&i| doc.is_boundary(i))
                .collect();
            assert_eq!(doc.word_starts().collect::<Vec<_>>(), expected, "{input:?}");
        }
    }

    #[test]
    fn umlauts_and_sharp_s_fold_to_ascii_spellings() {
        assert_eq!(
            Folded::new("Fachkräfte").text,
            Folded::new("Fachkraefte").text
        );
        assert_eq!(Folded::new("Straße GROẞ").text, "strasse gross");
        assert_eq!(Folded::new("Thüringer").text, "thueringer");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        let decomposed = "Fachkra\u{0308}fte";
        assert_eq!(Folded::new(decomposed).text, "fachkraefte");
    }

    #[test]
    fn hyphen_variants_join_compounds_and_leave_soft_breaks() {
        for text in [
            "Fachkräfte-Sicherung",
            "Fachkräfte\u{2011}Sicherung",
            "Fachkräfte\u{2013}Sicherung",
            "Fach\u{00AD}kräfte\u{00AD}sicherung",
            "Fachkräftesicherung",
        ] {
            assert_eq!(Folded::new(text).text, "fachkraeftesicherung", "{text:?}");
        }
        let f = Folded::new("Magdeburg-Stadtfeld");
        assert!(f.is_boundary("magdeburg".len()));
        let soft = Folded::new("Fach\u{00AD}kräfte");
        assert!(!soft.is_boundary("fach".len()));
    }

    #[test]
    fn free_standing_dashes_and_whitespace_are_kept_apart() {
        let f = Folded::new("POTSDAM –  Das\u{00A0}Land\n\n lädt ein. Zuwanderungs- und");
        assert_eq!(f.text, "potsdam - das land\nlaedt ein. zuwanderungs- und");
    }

    #[test]
    fn term_variants_cover_space_hyphen_and_joined_forms() {
        let v = term_variants("Welcome-Center", true);
        assert!(v.contains(&"welcomecenter".to_string()));
        assert!(v.contains(&"welcome center".to_string()));
        let v = term_variants("Welcome Center", true);
        assert!(v.contains(&"welcomecenter".to_string()));
    }
}
