//! robots.txt (RFC 9309): parsing the rules that apply to our `presseradar` token and
//! remembering them per origin.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Our product token as matched against `User-agent:` lines.
pub const ROBOTS_TOKEN: &str = "presseradar";

/// The rules of one robots.txt that apply to us.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RobotsRules {
    rules: Vec<Rule>,
    /// Crawl-delay of the group that applies to us, if it set one.
    pub crawl_delay: Option<Duration>,
    /// Why robots.txt could not be read, when these rules stand in for it.
    pub unreadable: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl RobotsRules {
    /// Everything allowed: no robots.txt (4xx), or an empty one.
    pub fn allow_all() -> RobotsRules {
        RobotsRules::default()
    }

    /// Everything disallowed: robots.txt could not be read (5xx, network error), so by
    /// convention we assume the site does not want to be crawled for now.
    pub fn disallow_all() -> RobotsRules {
        RobotsRules {
            rules: vec![Rule {
                allow: false,
                pattern: "/".to_string(),
            }],
            crawl_delay: None,
            unreadable: None,
        }
    }

    /// [`RobotsRules::disallow_all`] standing in for a robots.txt that could not be read,
    /// for `reason`, so the error says so rather than that the site forbids us.
    pub fn unreadable(reason: String) -> RobotsRules {
        RobotsRules {
            unreadable: Some(reason),
            ..RobotsRules::disallow_all()
        }
    }

    /// Parses robots.txt, keeping the groups for `presseradar` if there are any, else the
    /// groups for `*`. Unknown lines are ignored, as the RFC asks.
    pub fn parse(text: &str) -> RobotsRules {
        let mut ours = GroupRules::default();
        let mut anyone = GroupRules::default();
        let mut current_agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            if key == "user-agent" {
                if in_rules {
                    current_agents.clear();
                    in_rules = false;
                }
                current_agents.push(value.to_ascii_lowercase());
                continue;
            }
            if current_agents.is_empty() {
                continue;
            }
            in_rules = true;
            let for_us = current_agents.iter().any(|a| agent_is_us(a));
            let for_anyone = current_agents.iter().any(|a| a == "*");
            for target in [(for_us, &mut ours), (for_anyone, &mut anyone)] {
                if let (true, group) = target {
                    group.seen = true;
                    group.apply(&key, value);
                }
            }
        }
        let chosen = if ours.seen { ours } else { anyone };
        RobotsRules {
            rules: chosen.rules,
            crawl_delay: chosen.crawl_delay,
            unreadable: None,
        }
    }

    /// Whether `path_and_query` (as in a URL, starting with "/") may be fetched: the longest
    /// matching rule decides, and Allow wins a tie.
    pub fn allows(&self, path_and_query: &str) -> bool {
        if path_and_query == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if !pattern_matches(&rule.pattern, path_and_query) {
                continue;
            }
            let length = rule.pattern.len();
            best = match best {
                Some((best_len, best_allow))
                    if best_len > length || (best_len == length && best_allow) =>
                {
                    Some((best_len, best_allow))
                }
                _ => Some((length, rule.allow)),
            };
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

#[derive(Default)]
struct GroupRules {
    seen: bool,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl GroupRules {
    fn apply(&mut self, key: &str, value: &str) {
        match key {
            // An empty Disallow allows everything: it adds no rule.
            "allow" | "disallow" if !value.is_empty() => self.rules.push(Rule {
                allow: key == "allow",
                pattern: value.to_string(),
            }),
            "crawl-delay" => {
                if let Ok(seconds) = value.parse::<f64>()
                    && seconds.is_finite()
                    && seconds >= 0.0
                {
                    self.crawl_delay = Some(Duration::from_secs_f64(seconds.min(86_400.0)));
                }
            }
            _ => {}
        }
    }
}

/// `User-agent: presseradar` and `User-agent: presseradar/0.1` both address us.
fn agent_is_us(agent: &str) -> bool {
    agent == ROBOTS_TOKEN
        || agent
            .strip_prefix(ROBOTS_TOKEN)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Prefix match with `*` (any run of characters) and a trailing `$` (end of the path).
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (index, piece) in pieces.iter().enumerate() {
        let is_last = index + 1 == pieces.len();
        if is_last && anchored {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty()
}

/// robots.txt rules per origin ("https://example.org:443"), each with its expiry. The
/// per-origin async lock makes concurrent fetches to a new site wait for one robots.txt
/// download instead of each starting its own.
#[derive(Default)]
pub struct RobotsCache {
    origins: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<CachedRobots>>>>>,
}

#[derive(Debug, Clone)]
pub struct CachedRobots {
    pub rules: Arc<RobotsRules>,
    pub expires: Instant,
}

impl RobotsCache {
    /// The slot for `origin`; lock it, and refill it if empty or expired.
    pub fn slot(&self, origin: &str) -> Arc<tokio::sync::Mutex<Option<CachedRobots>>> {
        let mut origins = self
            .origins
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        origins.entry(origin.to_string()).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# robots.txt eines Landesportals
User-agent: *
Disallow: /suche/
Disallow: /intern
Allow: /intern/presse/
Crawl-delay: 2

User-agent: BadBot
Disallow: /
";

    #[test]
    fn star_group_applies_when_we_are_not_named() {
        let rules = RobotsRules::parse(SAMPLE);
        assert!(rules.allows("/presse/2024/fachkraefte.html"));
        assert!(!rules.allows("/suche/?q=fachkr%C3%A4fte"));
        assert!(!rules.allows("/intern/bericht"));
        assert!(rules.allows("/intern/presse/meldung-1"));
        assert_eq!(rules.crawl_delay, Some(Duration::from_secs(2)));
    }

    #[test]
    fn our_own_group_replaces_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nUser-agent: presseradar\nDisallow: /privat\n";
        let rules = RobotsRules::parse(text);
        assert!(rules.allows("/presse"));
        assert!(!rules.allows("/privat/x"));
        assert_eq!(rules.crawl_delay, None);
    }

    #[test]
    fn wildcards_and_end_anchor() {
        let rules =
            RobotsRules::parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?sessionid=\n");
        assert!(!rules.allows("/downloads/bericht.pdf"));
        assert!(rules.allows("/downloads/bericht.pdf.html"));
        assert!(!rules.allows("/seite?sessionid=42"));
        assert!(rules.allows("/seite?id=42"));
    }

    #[test]
    fn empty_disallow_and_missing_groups_allow_everything() {
        assert!(RobotsRules::parse("User-agent: *\nDisallow:\n").allows("/a"));
        assert!(RobotsRules::parse("").allows("/a"));
        assert!(RobotsRules::parse("Disallow: /\n").allows("/a"));
        assert!(!RobotsRules::disallow_all().allows("/a"));
        assert!(RobotsRules::disallow_all().allows("/robots.txt"));
    }

    #[test]
    fn allow_wins_a_tie_and_longest_match_wins() {
        let rules = RobotsRules::parse(
            "User-agent: *\nDisallow: /a\nAllow: /a\nDisallow: /b/c\nAllow: /b\n",
        );
        assert!(rules.allows("/a"));
        assert!(!rules.allows("/b/c/d"));
        assert!(rules.allows("/b/x"));
    }

    #[test]
    fn garbage_crawl_delay_is_ignored() {
        let rules = RobotsRules::parse("User-agent: *\nCrawl-delay: bald\nCrawl-delay: -1\n");
        assert_eq!(rules.crawl_delay, None);
        let rules = RobotsRules::parse("User-agent: presseradar/0.1\nCrawl-delay: 0.5\n");
        assert_eq!(rules.crawl_delay, Some(Duration::from_millis(500)));
    }
}
