//! Generated German press items for the scale benchmark: seeded, varied enough that
//! word 3-shingles rarely repeat across items (as in real reports), with a few
//! near-duplicate republications for dedup to find.

use crate::words::*;

/// A small, fast, seedable generator (SplitMix64); the benchmark needs repeatability,
/// not cryptographic quality.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A generated article before it becomes a feed item.
pub struct Article {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub land: usize,
    pub skilled: bool,
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn org(r: &mut Rng, skilled: bool) -> String {
    r.pick(if skilled { ORGS } else { LOCAL_ORGS }).to_string()
}

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

/// Who a sentence counts: skilled workers in a trade, or (other reports) something else.
fn counted(r: &mut Rng, skilled: bool) -> String {
    if skilled {
        format!("{}{}", r.pick(TRADES), r.pick(WORKER_NOUNS))
    } else {
        format!("{}{}", r.pick(PLACES), r.pick(THINGS))
    }
}

fn sentence(r: &mut Rng, land: &Land, skilled: bool) -> String {
    let city = r.pick(&land.cities);
    let (noun, action) = if skilled && r.chance(70) {
        (r.pick(SKILL_NOUNS), r.pick(SKILL_ACTIONS))
    } else {
        (r.pick(OTHER_NOUNS), r.pick(OTHER_ACTIONS))
    };
    let n = 2 + r.below(480);
    let year = 2019 + r.below(9);
    match r.below(12) {
        0 => format!(
            "{} {} {}, {} wolle {action}.",
            r.pick(ROLES),
            person(r),
            r.pick(VERBS),
            org(r, skilled)
        ),
        1 => format!(
            "In {city} nahm {} {} am {} zur {noun} Stellung.",
            r.pick(ROLES),
            person(r),
            r.pick(WEEKDAYS)
        ),
        2 => format!(
            "Nach Angaben {} fehlen im Landkreis rund {n} {} – {} {} mehr als {year}.",
            r.pick(&[
                "der Kammer",
                "des Ministeriums",
                "der Arbeitsagentur",
                "des Verbands"
            ]),
            counted(r, skilled),
            3 + r.below(40),
            r.pick(&["Prozent", "Stellen", "Bewerber"])
        ),
        3 => format!(
            "„Wir müssen {action}“, {} {} {} aus {city}.",
            r.pick(VERBS),
            r.pick(ROLES),
            person(r)
        ),
        4 => format!(
            "Für die {} {noun} stehen {} Millionen Euro aus dem Landeshaushalt {land} bereit.",
            r.pick(ADJ),
            1 + r.below(90),
            land = land.name
        ),
        5 => format!(
            "Bis {year} sollen {n} {} in {city} und Umgebung {}.",
            counted(r, skilled),
            r.pick(&[
                "entstehen",
                "gesichert werden",
                "besetzt werden",
                "hinzukommen"
            ])
        ),
        6 => format!(
            "{} {} hatte {} {} {} den Auftakt gemacht.",
            r.pick(&["Bereits am", "Schon am", "Zuletzt am"]),
            r.pick(WEEKDAYS),
            org(r, skilled),
            r.pick(&["mit", "zusammen mit", "gemeinsam mit"]),
            person(r)
        ),
        7 => format!(
            "Die {} {noun} gilt als Antwort auf {} {} im {}.",
            r.pick(ADJ),
            r.pick(&["den Mangel an", "die Nachfrage nach", "fehlende"]),
            counted(r, skilled),
            r.pick(&[
                "Norden",
                "Süden",
                "Umland",
                "Landkreis",
                "Stadtgebiet",
                "Kreis"
            ])
        ),
        8 => format!(
            "Interessierte können sich bis zum {}. {} {year} bei {} in {city} melden.",
            1 + r.below(28),
            r.pick(MONTHS),
            org(r, skilled)
        ),
        9 => format!(
            "{} Teilnehmende aus {} Orten {} über {noun} und {}.",
            n,
            2 + r.below(60),
            r.pick(&["diskutierten", "informierten sich", "berieten"]),
            r.pick(if skilled { SKILL_NOUNS } else { OTHER_NOUNS })
        ),
        10 => format!(
            "Laut {} {} ist {} {noun} {} {}.",
            r.pick(ROLES),
            person(r),
            r.pick(&["die", "eine"]),
            r.pick(&[
                "ein wichtiger Schritt",
                "längst überfällig",
                "gut angenommen worden",
                "noch nicht abgeschlossen"
            ]),
            r.pick(&[
                "für die Region",
                "für Familien",
                "für kleine Betriebe",
                "für die Kommune",
                "im ganzen Land"
            ])
        ),
        _ => format!(
            "{} {} am {}. {} in {city} {} {action}.",
            capitalized(&org(r, skilled)),
            r.pick(&["will", "möchte", "wird"]),
            1 + r.below(28),
            r.pick(MONTHS),
            r.pick(&["erneut", "erstmals", "gemeinsam"])
        ),
    }
}

/// The article of item `index`: deterministic for a seed.
pub fn article(seed: u64, index: u64) -> Article {
    let mut r = Rng::new(seed ^ index.wrapping_mul(0xd6e8_feb8_6659_fd93));
    let land_index = r.below(LANDS.len());
    let land = &LANDS[land_index];
    let skilled = r.chance(40);
    let city = r.pick(&land.cities);
    let title = if skilled {
        format!(
            "{}: {} {} für {}",
            city,
            r.pick(ADJ),
            r.pick(SKILL_NOUNS),
            counted(&mut r, skilled)
        )
    } else {
        format!(
            "{}: {} {} {}",
            city,
            r.pick(ADJ),
            r.pick(OTHER_NOUNS),
            r.pick(&[
                "geplant",
                "beschlossen",
                "vorgestellt",
                "verschoben",
                "eröffnet"
            ])
        )
    };
    let target_words = 200 + r.below(401);
    let mut paragraphs = Vec::new();
    let mut words = 0;
    while words < target_words {
        let mut para = String::new();
        for _ in 0..3 + r.below(3) {
            let s = sentence(&mut r, land, skilled);
            words += s.split_whitespace().count();
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(&s);
            if words >= target_words {
                break;
            }
        }
        paragraphs.push(para);
    }
    if let Some(first) = paragraphs.first_mut() {
        *first = format!("{city} ({}). {first}", &land.code.to_lowercase());
    }
    Article {
        title,
        paragraphs,
        land: land_index,
        skilled,
    }
}

/// Another outlet's republication: a new lead sentence, sometimes a cut ending, another title.
pub fn republish(original: Article, r: &mut Rng) -> Article {
    let land = &LANDS[original.land];
    let mut paragraphs = original.paragraphs;
    if paragraphs.len() > 3 && r.chance(50) {
        paragraphs.pop();
    }
    let lead = sentence(r, land, original.skilled);
    paragraphs.insert(0, lead);
    let title = format!(
        "{} ({})",
        original.title,
        r.pick(&["Update", "mit Video", "Hintergrund", "dpa"])
    );
    Article {
        title,
        paragraphs,
        ..original
    }
}

impl Article {
    pub fn html(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect()
    }

    pub fn summary(&self) -> String {
        let first = self.paragraphs.first().map(String::as_str).unwrap_or("");
        let cut: String = first.chars().take(280).collect();
        escape(&cut)
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
