//! Full-text search: the FTS5 index over items' folded text, and query building.

use rusqlite::{Connection, params};

use super::StoreError;
use crate::classify::Folded;
use crate::model::body_text;

fn fold(text: &str) -> String {
    Folded::new(text).spaced()
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
    let mut text = title.spaced();
    for part in [body.spaced(), fold(rest)] {
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
    let indexed: i64 = conn.query_row("SELECT COUNT(*) FROM items_fts", [], |r| r.get(0))?;
    if indexed > 0 {
        return Ok(());
    }
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM items")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for id in ids {
        index_item(conn, id)?;
    }
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
    let folded = fold(query);
    let terms: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
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
}
