//! Feed extraction: RSS 0.9x/1.0/2.0, Atom and JSON Feed bytes → items (feed-rs).
