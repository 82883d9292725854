//! The band index: candidates, crowded bands, removal and compaction, memory per item.

use super::*;

#[test]
fn zero_band_test_agrees_with_looking_at_each_band() {
    // Every combination of lane values around the borrow boundaries.
    let lanes = [0u64, 1, 2, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff];
    let mut zero = 0;
    for a in lanes {
        for b in lanes {
            for c in lanes {
                for d in lanes {
                    let x = a | b << 16 | c << 32 | d << 48;
                    let expected = (0..BANDS).any(|t| band(x, t) == 0);
                    assert_eq!(has_zero_band(x), expected, "{x:016x}");
                    zero += usize::from(expected);
                }
            }
        }
    }
    assert_eq!(zero, 4096 - 7 * 7 * 7 * 7);
}

#[test]
fn crowded_bands_give_their_newest_items_and_other_bands_still_find() {
    let mut index = NearDuplicateIndex::new();
    // 200 items share band 0 (boilerplate); one of them also shares band 2 with the query.
    for id in 0..200u64 {
        index.insert(
            id as i64,
            0x0000_0000_0000_0007 | ((id + 1) << 16) | ((id + 1000) << 32) | ((id + 5000) << 48),
        );
    }
    let query = 0x0000_0000_0000_0007 | (0xfffe << 16) | ((42 + 1000) << 32) | (0xfffd << 48);
    let newest: Vec<i64> = (200 - CROWDED_BAND as i64..200).collect();
    assert_eq!(index.candidates(query), [vec![42], newest].concat());
}

#[test]
fn a_recent_item_is_found_when_all_its_bands_are_crowded() {
    let mut index = NearDuplicateIndex::new();
    let crowded = 0x0007_0006_0005_0004_u64;
    // A year of boilerplate in all four bands, then the original of a release.
    for id in 0..5000 {
        index.insert(id, crowded);
    }
    index.insert(5000, crowded);
    for id in 5001..5010 {
        index.insert(id, 0x1111_2222_3333_4444);
    }
    let found = index.candidates(crowded);
    assert_eq!(found.len(), CROWDED_BAND);
    assert!(found.contains(&5000), "{found:?}");
    assert!(!found.contains(&0), "{found:?}");
}

/// A key that differs from `key` in every band except those listed in `keep`.
fn sharing(key: u64, keep: &[usize]) -> u64 {
    (0..BANDS).fold(0, |out, t| {
        let value = if keep.contains(&t) {
            band(key, t)
        } else {
            band(key, t) ^ 0x5A5A
        };
        out | (value as u64) << (t as u32 * BAND_BITS)
    })
}

fn filled(n: i64) -> NearDuplicateIndex {
    let mut index = NearDuplicateIndex::new();
    let mut state = 0x1234_5678_9abc_def0_u64;
    for id in 0..n {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        index.insert(1000 + id, state ^ state >> 29);
    }
    index
}

#[test]
fn one_shared_band_is_enough_and_none_is_not_found() {
    let key = 0xA5A5_0F0F_3C3C_9999_u64;
    // Both with the item in the unsorted tail and after it was merged into the tables.
    for background in [0, 10_000] {
        let mut index = filled(background);
        index.insert(7, key);
        assert_eq!(index.len(), background as usize + 1);
        for shared in [&[0, 1, 2, 3][..], &[0], &[1], &[2], &[3], &[1, 3]] {
            assert!(
                index.candidates(sharing(key, shared)).contains(&7),
                "bands {shared:?}, background {background}"
            );
        }
        assert!(!index.candidates(sharing(key, &[])).contains(&7));
    }
}

#[test]
fn random_background_yields_few_candidates() {
    let index = filled(100_000);
    let hits = index.candidates(0x0123_4567_89AB_CDEF).len();
    // Four bands × 100 000 / 65 536 ≈ 6 expected by chance.
    assert!(hits < 30, "{hits} chance candidates");
}

#[test]
fn remove_takes_out_exactly_that_entry() {
    let mut index = filled(6000);
    index.insert(1, 0xFFFF_0000_FFFF_0000);
    index.insert(2, 0xFFFF_0000_FFFF_0001);
    assert!(index.candidates(0xFFFF_0000_FFFF_0000).ends_with(&[1, 2]));
    index.remove(1, 0xFFFF_0000_FFFF_0001); // wrong key: nothing happens
    assert!(index.candidates(0xFFFF_0000_FFFF_0000).ends_with(&[1, 2]));
    index.remove(1, 0xFFFF_0000_FFFF_0000);
    let left = index.candidates(0xFFFF_0000_FFFF_0000);
    assert!(!left.contains(&1) && left.contains(&2));
    assert_eq!(index.len(), 6001);
    index.remove(1, 0xFFFF_0000_FFFF_0000); // already gone
    assert_eq!(index.len(), 6001);
}

#[test]
fn removing_many_compacts_and_keeps_the_rest_findable() {
    let mut index = NearDuplicateIndex::new();
    let keys: Vec<u64> = (0..20_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    for (id, &k) in keys.iter().enumerate() {
        index.insert(id as i64, k);
    }
    for (id, &k) in keys.iter().enumerate().filter(|(id, _)| id % 3 != 0) {
        index.remove(id as i64, k);
    }
    assert_eq!(index.len(), 20_000_usize.div_ceil(3));
    assert!(index.keys.len() < 20_000, "compaction dropped dead slots");
    for (id, &k) in keys.iter().enumerate() {
        assert_eq!(
            index.candidates(k).contains(&(id as i64)),
            id % 3 == 0,
            "id {id}"
        );
    }
}

#[test]
fn bulk_load_equals_inserting_one_by_one() {
    let items: Vec<(i64, u64)> = (0..9000i64)
        .map(|i| (i, (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)))
        .collect();
    let bulk: NearDuplicateIndex = items.iter().copied().collect();
    let mut single = NearDuplicateIndex::new();
    items.iter().for_each(|&(id, k)| single.insert(id, k));
    for &(_, k) in items.iter().step_by(97) {
        assert_eq!(
            bulk.candidates(sharing(k, &[2])),
            single.candidates(sharing(k, &[2]))
        );
    }
    assert_eq!(bulk.len(), single.len());
}

#[test]
fn memory_stays_small_per_item() {
    let index = filled(200_000);
    let per_item = index.memory_bytes() as f64 / index.len() as f64;
    assert!(per_item < 40.0, "{per_item:.1} bytes per item");
    assert!(!index.is_empty() && NearDuplicateIndex::new().is_empty());
}
