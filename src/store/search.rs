//! Full-text search: the FTS5 index over items' folded text, and query building.

use rusqlite::{Connection, params};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::StoreError;
use crate::classify::Folded;
use crate::model::body_text;

fn fold(text: &str) -> String {
    index_words(&Folded::new(text).spaced())
}

/// The words of folded text as the index stores them: runs of letters and digits, each
/// letter without its accents ("université" → "universite"), separated by single spaces.
/// The index's tokenizer (`ascii`) splits on ASCII characters other than letters and
/// digits and keeps every other character in its token, so with only spaces between the
/// words it sees exactly these words, and a query word ([`match_expression`]) is always one
/// token: a phrase of several would be an error under `detail = none`, and a tokenizer with
/// its own Unicode tables (`unicode61`) disagrees with Rust's on about a thousand letters.
fn index_words(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            let before = out.len();
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    out.push(part);
                }
            });
            if out.len() == before {
                out.push(c); // a letter that is a mark itself (a vowel sign) stays
            }
        } else if is_combining_mark(c) {
            // An accent NFC could not compose with its letter: dropped, as composed ones are.
        } else {
            space = true;
        }
    }
    out
}

/// The folded text the index holds for an item: title override, title and body text
/// ([`crate::model::body_text`]).
pub fn search_text(title_override: Option<&str>, title: &str, body: &str) -> String {
    fold(&format!(
        "{} {title} {body}",
        title_override.unwrap_or_default()
    ))
}

/// [`search_text`] of an item without a title override, from its title and body folded
/// already (the classifier folds them anyway); `rest` is the body past the folded part.
/// The same words as folding the joined fields (folding never joins across the space
/// between them; a line break at a join may become a space), except that a body longer
/// than the classified part is folded in two pieces, which may split the word at the cut.
pub fn search_text_folded(title: &Folded, body: &Folded, rest: &str) -> String {
    let mut text = index_words(&title.spaced());
    for part in [index_words(&body.spaced()), fold(rest)] {
        if !part.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&part);
        }
    }
    text
}

/// (Re)index one item from its current title, title override, summary and content.
pub fn index_item(conn: &Connection, id: i64) -> Result<(), StoreError> {
    let (title, title_override, summary, content): (String, Option<String>, String, String) = conn
        .prepare_cached("SELECT title, title_override, summary, content FROM items WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let text = search_text(
        title_override.as_deref(),
        &title,
        &body_text(&summary, &content),
    );
    conn.prepare_cached("DELETE FROM items_fts WHERE rowid = ?1")?
        .execute([id])?;
    index_new(conn, id, &text)
}

/// Index an item not indexed before, with its [`search_text`].
pub fn index_new(conn: &Connection, id: i64, text: &str) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT INTO items_fts (rowid, text) VALUES (?1, ?2)")?
        .execute(params![id, text])?;
    Ok(())
}

/// Index every item when the index is empty but items exist (after the migration that
/// added it, or a restore from an older backup).
pub fn reindex_if_empty(conn: &Connection) -> Result<(), StoreError> {
    // The index's own row per document (FTS5's docsize table) answers "anything indexed?"
    // from one page; `COUNT(*) FROM items_fts` walked the whole index, seconds at every
    // start of a million-item database whose pages were not cached.
    let indexed: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM items_fts_docsize) OR NOT EXISTS (SELECT 1 FROM items)",
        [],
        |r| r.get(0),
    )?;
    if indexed {
        return Ok(());
    }
    // One transaction: a million items indexed one commit each took minutes, and a start
    // cut short leaves the index empty, so the next start begins again.
    let tx = conn.unchecked_transaction()?;
    {
        let mut items =
            tx.prepare("SELECT id, title, title_override, summary, content FROM items")?;
        let mut rows = items.query([])?;
        while let Some(row) = rows.next()? {
            let (id, title, title_override, summary, content): (
                i64,
                String,
                Option<String>,
                String,
                String,
            ) = (
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            );
            let text = search_text(
                title_override.as_deref(),
                &title,
                &body_text(&summary, &content),
            );
            index_new(&tx, id, &text)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Whether the MATCH expression has more than `limit` matches; reads at most `limit + 1`.
pub fn matches_more_than(conn: &Connection, expr: &str, limit: usize) -> Result<bool, StoreError> {
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![expr, limit as i64 + 1], |r| r.get(0))?;
    Ok(count > limit as i64)
}

/// An FTS5 MATCH expression for what a person typed: every word must occur, as a word
/// or the start of one ("fachkr" finds "Fachkräftesicherung"). Operators and quotes in the
/// input are not syntax here: each word is folded, stripped to letters and digits, and
/// quoted. `None` when nothing searchable is left.
pub fn match_expression(query: &str) -> Option<String> {
    let words = fold(query);
    let terms: Vec<String> = words
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_the_fields_apart_gives_the_text_of_folding_them_joined() {
        let cases = [
            (
                "Fachkräfte-Offensive",
                "MAGDEBURG – Das Land\u{00A0}startet\n\ndie Fach\u{00AD}kräfte-Initiative.",
            ),
            ("", "Nur ein Text ohne Titel"),
            ("Titel ohne Text", ""),
            ("Titel mit Strich -", "-Text mit Strich"),
            (
                "NFD: Fachkra\u{0308}fte",
                "Stra\u{00DF}e und Zuwanderungs- und Arbeitsmarkt",
            ),
            ("  Leerraum  ", "\n  rundherum \n"),
        ];
        for (title, body) in cases {
            let (head, rest) = crate::classify::split_classified(body);
            let apart = search_text_folded(&Folded::new(title), &Folded::new(head), rest);
            let joined = search_text(None, title, body);
            assert_eq!(
                apart.replace('\n', " "),
                joined.replace('\n', " "),
                "{title:?} / {body:?}"
            );
        }
    }

    #[test]
    fn queries_are_folded_and_defused() {
        assert_eq!(
            match_expression("Fachkräfte Thüringen").as_deref(),
            Some("\"fachkraefte\"* \"thueringen\"*")
        );
        assert_eq!(
            match_expression("Fachkraefte").as_deref(),
            Some("\"fachkraefte\"*")
        );
        assert_eq!(
            match_expression("x\" OR 1=1 -- NEAR(").as_deref(),
            Some("\"x\"* \"or\"* \"1\"* \"1\"* \"near\"*")
        );
        assert_eq!(match_expression(" ;'\"* "), None);
    }

    #[test]
    fn index_words_hold_only_letters_digits_and_single_spaces() {
        // The tokenizer splits only at ASCII characters other than letters and digits: the
        // words must be the only tokens it can see, whatever character stands between them.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let words = index_words(&format!("a{c}b"));
            assert!(
                words
                    .chars()
                    .all(|w| w == ' ' || w.is_ascii_alphanumeric() || !w.is_ascii()),
                "U+{:04X}: {words:?}",
                c as u32
            );
            assert!(
                !words.starts_with(' ') && !words.ends_with(' ') && !words.contains("  "),
                "U+{:04X}: {words:?}",
                c as u32
            );
        }
        assert_eq!(
            index_words("welcome center\nin erfurt, 2026 (neu)"),
            "welcome center in erfurt 2026 neu"
        );
    }

    fn index() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.db");
        drop(crate::store::Store::open(&path).expect("store opens"));
        let conn = crate::store::open_connection(&path, false).expect("connection");
        (dir, conn)
    }

    fn found(conn: &Connection, typed: &str) -> Vec<i64> {
        let expr = match_expression(typed).expect("searchable");
        let mut stmt = conn
            .prepare("SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rowid")
            .expect("query");
        stmt.query_map([&expr], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .unwrap_or_else(|e| panic!("{typed:?} as {expr:?}: {e}"))
    }

    #[test]
    fn words_in_every_script_find_the_text_that_holds_them() {
        // Letters, digits and accents inside a word: the query is valid (one token per
        // word) and finds the text, typed the same way. All of them below U+0800 (Latin,
        // Greek, Cyrillic, Hebrew, Arabic), every 8th beyond (all scripts, 16,000 in all:
        // the whole 150,000 take 15 s in a debug build).
        let (_dir, conn) = index();
        let tx = conn.unchecked_transaction().expect("transaction");
        let chars: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_alphanumeric() || is_combining_mark(*c))
            .enumerate()
            .filter(|&(i, c)| (c as u32) < 0x800 || i % 8 == 0)
            .map(|(_, c)| c)
            .collect();
        for &c in &chars {
            let text = search_text(None, &format!("x{c}y"), "Text");
            index_new(&tx, c as i64, &text).expect("indexed");
        }
        tx.commit().expect("commit");
        let mut stmt = conn
            .prepare("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1 AND rowid = ?2")
            .expect("query");
        for &c in &chars {
            let expr = match_expression(&format!("x{c}y")).expect("searchable");
            let hits: i64 = stmt
                .query_row(params![expr, c as i64], |r| r.get(0))
                .unwrap_or_else(|e| panic!("U+{:04X} as {expr:?}: {e}", c as u32));
            assert_eq!(hits, 1, "U+{:04X} as {expr:?}", c as u32);
        }
    }

    #[test]
    fn accents_and_spellings_meet() {
        let (_dir, conn) = index();
        let texts = [
            (1, "Université de Strasbourg kooperiert mit Gdańsk"),
            (2, "Fachkra\u{0308}fte (NFD) für die Straße"),
            (3, "नमस्ते: Anwerbung in İstanbul"),
            (4, "Welcome-Center Thüringen"),
        ];
        for (id, text) in texts {
            index_new(&conn, id, &search_text(None, text, "")).expect("indexed");
        }
        assert_eq!(found(&conn, "universite"), [1]);
        assert_eq!(found(&conn, "Université GDANSK"), [1]);
        assert_eq!(found(&conn, "Fachkräfte strasse"), [2]);
        assert_eq!(found(&conn, "fachkraefte"), [2]);
        assert_eq!(found(&conn, "नमस्ते"), [3]);
        assert_eq!(found(&conn, "istanbul"), [3]);
        assert_eq!(found(&conn, "welcome center"), [4]);
        assert_eq!(found(&conn, "Welcome-Center"), [4]);
        assert_eq!(found(&conn, "thür"), [4]);
    }
}
