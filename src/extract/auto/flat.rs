//! Flat lists: entries that are no element of their own, only a run of siblings —
//! `<h3><a>…</a></h3><p>07.12.2025</p><p>…</p><h3>…`, or a definition list's
//! `<dt>date</dt><dd><a>…</a></dd>`. The block of such an entry is its bare heading;
//! its date and summary stand in the siblings beside it, up to the next entry.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use scraper::ElementRef;

use super::blocks::Entry;
use super::item::{block_date, text_of};

/// At most this many siblings belong to one entry.
const MAX_SIBLINGS: usize = 4;

/// Give each bare, undated entry of a flat list the siblings that belong to it: those
/// after it, or — when the list puts the date first — those before it.
pub(super) fn attach_siblings(entries: &mut [Entry<'_>], now: DateTime<Utc>) {
    if entries.len() < 2 {
        return;
    }
    let blocks: HashSet<_> = entries.iter().map(|e| e.block.id()).collect();
    let date_first = entries[0]
        .block
        .prev_siblings()
        .find_map(ElementRef::wrap)
        .is_some_and(|prev| !blocks.contains(&prev.id()) && block_date(prev, now).is_some());
    for entry in entries.iter_mut() {
        let block = entry.block;
        let bare = text_of(block).chars().count() <= text_of(entry.link).chars().count() + 3;
        if !bare || block_date(block, now).is_some() {
            continue;
        }
        let siblings: Vec<ElementRef<'_>> = if date_first {
            block.prev_siblings().filter_map(ElementRef::wrap).collect()
        } else {
            block.next_siblings().filter_map(ElementRef::wrap).collect()
        };
        let mut extra: Vec<ElementRef<'_>> = siblings
            .into_iter()
            .take_while(|s| !blocks.contains(&s.id()))
            .take(MAX_SIBLINGS)
            .collect();
        if date_first {
            extra.reverse();
        }
        entry.extra = extra;
    }
}
