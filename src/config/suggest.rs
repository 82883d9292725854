//! "Did you mean …?" for misspelt keys and vocabulary: the closest valid word by edit
//! distance, offered only when it is close enough to be the likely intent.

/// The candidate closest to `word` (case-insensitive), if within a third of its length.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean "x"?`, or nothing when no candidate is close.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(word, candidates)
        .map(|c| format!("; did you mean {c:?}?"))
        .unwrap_or_default()
}

/// `; did you mean "x"? valid …` or `; valid …`: the suggestion, then what is valid.
pub(crate) fn then_valid<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    valid: &str,
) -> String {
    match closest(word, candidates) {
        Some(c) => format!("; did you mean {c:?}? {valid}"),
        None => format!("; {valid}"),
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_close_word_only() {
        let keys = ["schedule", "state", "scrape", "relevance"];
        assert_eq!(closest("shedule", keys), Some("schedule"));
        assert_eq!(closest("relevanz", keys), Some("relevance"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("Official", ["official", "press"]), Some("official"));
        assert_eq!(
            did_you_mean("weiterbildng", ["weiterbildung", "ausbildung"]),
            "; did you mean \"weiterbildung\"?"
        );
        assert_eq!(did_you_mean("sport", ["weiterbildung"]), "");
        assert_eq!(
            then_valid("htm", ["feed", "html"], "valid values: feed, html"),
            "; did you mean \"html\"? valid values: feed, html"
        );
        assert_eq!(
            then_valid("rss", ["feed", "html"], "valid: x"),
            "; valid: x"
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
