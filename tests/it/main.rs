//! All integration tests in one binary (one link instead of one per file, as ripgrep does):
//! a module per area, sharing the loopback servers and test environment of `common`.

mod common;

mod admin_api;
mod admin_ui;
mod auto_extract;
mod auto_unseen;
mod browser_admin;
mod browser_desk;
mod browser_embed;
mod classify_eval;
mod cli;
mod crash_safety;
mod daemon;
mod dedup_pairs;
mod demo;
mod desk_pages;
mod discover;
mod discover_pinned;
mod discover_sitemaps;
mod editorial_relevance;
mod embed;
mod feed_validity;
mod feeds;
mod fetch_hostile;
mod fetch_politeness_arrival;
mod json_sources;
mod labels;
mod listing_order;
mod malformed;
mod module_shape;
mod ops;
mod scrape_e2e;
mod scrape_golden;
mod search;
mod security;
mod shipped_sources;
mod sitemap_sources;
mod stories;
mod try_ways;
mod walking_skeleton;
