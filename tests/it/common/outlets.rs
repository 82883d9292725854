//! The fixture outlets most tests poll: each a real feed served at a fixed path, and the
//! `[[source]]` entry of sources.toml that polls it.

use super::{Doc, FixtureServer, fixture};

/// One outlet. Tests that need other ids or names override fields with struct update
/// syntax (`Outlet { id: "ms", ..MINISTRY }`), so their facet queries stay as written.
#[derive(Clone, Copy, Debug)]
pub struct Outlet {
    pub path: &'static str,
    pub fixture: &'static str,
    pub content_type: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub state: &'static str,
    pub official: bool,
}

pub const MINISTRY: Outlet = Outlet {
    path: "/presse/rss.xml",
    fixture: "feeds/ms-sachsen-anhalt.rss",
    content_type: "application/rss+xml",
    id: "ms-sachsen-anhalt",
    name: "Ministerium für Arbeit, Soziales, Gesundheit und Gleichstellung Sachsen-Anhalt",
    state: "ST",
    official: true,
};

pub const VOLKSSTIMME: Outlet = Outlet {
    path: "/wirtschaft/feed.atom",
    fixture: "feeds/volksstimme.atom",
    content_type: "application/atom+xml",
    id: "volksstimme",
    name: "Volksstimme",
    state: "ST",
    official: false,
};

/// No charset in the header: the XML declaration (ISO-8859-1) must be honoured.
pub const FREIE_PRESSE: Outlet = Outlet {
    path: "/rss/wirtschaft.xml",
    fixture: "feeds/freiepresse-latin1.rss",
    content_type: "text/xml",
    id: "freie-presse",
    name: "Freie Presse",
    state: "SN",
    official: false,
};

/// Markup in its name and a script in one title: what embedding must escape.
pub const THUERINGEN_DIGITAL: Outlet = Outlet {
    path: "/wirtschaft/rss.xml",
    fixture: "embed/thueringen-digital.rss",
    content_type: "application/rss+xml; charset=utf-8",
    id: "thueringen-digital",
    name: "Thüringen digital <Wirtschaft & Bildung>",
    state: "TH",
    official: false,
};

/// Whether the relevance rules decide what is kept, or every item is (`relevance = "all"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relevance {
    Classified,
    All,
}

impl Outlet {
    pub fn doc(&self) -> Doc {
        Doc::new(fixture(self.fixture), self.content_type)
    }

    /// The `[[source]]` entry polling this outlet on `server`.
    pub fn source_entry(&self, server: &FixtureServer, relevance: Relevance) -> String {
        let mut entry = format!(
            "[[source]]\nid = \"{}\"\nname = \"{}\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"{}\"\n",
            self.id,
            self.name,
            server.url(self.path),
            self.state
        );
        if self.official {
            entry += "authority = \"official\"\n";
        }
        if relevance == Relevance::All {
            entry += "relevance = \"all\"\n";
        }
        entry
    }
}

/// One loopback server serving every outlet's feed at its path.
pub async fn serve_outlets(outlets: &[Outlet]) -> FixtureServer {
    FixtureServer::start(outlets.iter().map(|o| (o.path, o.doc())).collect()).await
}

/// A whole sources.toml: `settings`, one entry per outlet, then `feeds` (`[[feed]]` tables).
pub fn sources_toml(
    settings: &str,
    server: &FixtureServer,
    outlets: &[Outlet],
    relevance: Relevance,
    feeds: &str,
) -> String {
    let mut toml = settings.to_string();
    for outlet in outlets {
        toml += "\n";
        toml += &outlet.source_entry(server, relevance);
    }
    toml += "\n";
    toml += feeds;
    toml
}
