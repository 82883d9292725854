//! Query parameters that select items, parsed in one place for the API, the desk's queue
//! and search pages and the faceted feeds: `status`, `state`, `topic`, `source`, `q`,
//! the list cursor and the page size, into the store's [`ItemFilter`].

use crate::model::{ItemView, Status};
use crate::store::items::ItemFilter;
use crate::vocab::{self, State as FedState};

/// Query parameters as pairs, in order (repeated names allowed).
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The first value of a query parameter, if it is given and not empty.
pub fn first_param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// The values of a comma-separated list parameter; empty pieces mean nothing.
pub fn list_values(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// The states of a `state=` list (codes or slugs); an unknown one names the valid values.
pub fn parse_states(value: &str) -> Result<Vec<FedState>, String> {
    list_values(value).map(str::parse::<FedState>).collect()
}

/// The topics of a `topic=` list; an unknown one names the valid values.
pub fn parse_topics(value: &str) -> Result<Vec<String>, String> {
    list_values(value)
        .map(|v| {
            if vocab::is_topic(v) {
                Ok(v.to_string())
            } else {
                Err(format!(
                    "unknown topic {v:?}; valid values: {}",
                    vocab::valid_topics()
                ))
            }
        })
        .collect()
}

/// A page size from 1 to `max`, or `None` for anything else.
pub fn parse_limit(value: &str, max: u32) -> Option<u32> {
    value.parse::<u32>().ok().filter(|n| (1..=max).contains(n))
}

/// The opaque list cursor: hex of `pinned|published|id`, the position of the last item
/// of the page before.
pub fn encode_cursor(item: &ItemView) -> String {
    crate::hex::encode(
        format!("{}|{}|{}", u8::from(item.pinned), item.published, item.id).as_bytes(),
    )
}

pub fn decode_cursor(text: &str) -> Result<(bool, String, i64), String> {
    let invalid = || format!("cursor {text:?} is not one this server handed out");
    if !text.len().is_multiple_of(2) || text.len() > 200 {
        return Err(invalid());
    }
    let bytes = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| invalid())?;
    let plain = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = plain.splitn(3, '|');
    let (Some(pinned), Some(published), Some(id)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let pinned = match pinned {
        "0" => false,
        "1" => true,
        _ => return Err(invalid()),
    };
    chrono::DateTime::parse_from_rfc3339(published).map_err(|_| invalid())?;
    let id = id.parse::<i64>().map_err(|_| invalid())?;
    Ok((pinned, published.to_string(), id))
}

/// The item filter named by list parameters (`status`, `state`, `topic`, `source`, `q`,
/// `cursor`); lists may be comma-separated or repeated, empty values mean "any".
/// Errors name the parameter and the valid values.
pub fn item_filter(pairs: &[(String, String)]) -> Result<ItemFilter, String> {
    let mut filter = ItemFilter::default();
    for (key, value) in pairs {
        match key.as_str() {
            "status" if !value.is_empty() => {
                filter.status = Some(
                    value
                        .parse::<Status>()
                        .map_err(|e| format!("status: {e}"))?,
                );
            }
            "state" => filter
                .states
                .extend(parse_states(value).map_err(|e| format!("state: {e}"))?),
            "topic" => filter
                .topics
                .extend(parse_topics(value).map_err(|e| format!("topic: {e}"))?),
            "source" => filter
                .sources
                .extend(list_values(value).map(str::to_string)),
            "q" if !value.trim().is_empty() => {
                if value.chars().count() > 200 {
                    return Err("q: at most 200 characters".into());
                }
                filter.query = Some(value.clone());
            }
            "cursor" if !value.is_empty() => {
                filter.before = Some(decode_cursor(value).map_err(|e| format!("cursor: {e}"))?);
            }
            _ => {}
        }
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        query_pairs(Some(q))
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let text = crate::hex::encode(b"1|2025-03-04T05:06:07Z|42");
        assert_eq!(
            decode_cursor(&text).unwrap(),
            (true, "2025-03-04T05:06:07Z".to_string(), 42)
        );
        for bad in ["", "zz", "abc", "7c7c7c", "317c787c34"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filter_errors_name_the_parameter() {
        let f = item_filter(&pairs(
            "state=ST,thueringen&topic=ausbildung&status=new&q=Pflege",
        ))
        .unwrap();
        assert_eq!(f.states, vec![FedState::ST, FedState::TH]);
        assert_eq!(f.topics, vec!["ausbildung"]);
        assert_eq!(f.status, Some(Status::New));
        assert_eq!(f.query.as_deref(), Some("Pflege"));
        let e = item_filter(&pairs("state=XX")).unwrap_err();
        assert!(
            e.starts_with("state:") && e.contains("TH (thueringen)"),
            "{e}"
        );
        let e = item_filter(&pairs("topic=kochen")).unwrap_err();
        assert!(e.starts_with("topic:") && e.contains("kooperation"), "{e}");
        let e = item_filter(&pairs("status=gelöscht")).unwrap_err();
        assert!(e.starts_with("status:") && e.contains("pruned"), "{e}");
        assert!(item_filter(&pairs("cursor=xyz")).is_err());
    }
}
