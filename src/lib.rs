//! presseradar — watches German press pages for skilled-worker initiatives and
//! republishes curated feeds.
//!
//! Architecture (data flows top to bottom; DESIGN.md §1):
//! - [`config`]: sources.toml → validated [`config::Config`].
//! - [`fetch`]: polite, bounded HTTP with conditional GET and charset decoding (I/O).
//! - [`extract`]: feed and HTML bytes → [`model::RawItem`]s (pure).
//! - [`classify`]: relevance, federal states, topics, with reasons (pure).
//! - [`dedup`]: canonical URLs and near-duplicate fingerprints (pure).
//! - [`store`]: SQLite — migrations, items, sources, clusters, audit (I/O, one writer).
//! - [`password`]: argon2 hashes of editor passwords, checked outside any database
//!   connection (pure).
//! - [`pipeline`]: one source's job through all the stages, in one readable place;
//!   [`report`]: what a job did.
//! - [`scheduler`]: cron per source, jitter, single-flight, back-off, catch-up.
//! - [`publish`]: RSS 2.0, Atom 1.0, JSON Feed 1.1, embed HTML and OPML rendering (pure);
//!   [`websub`]: the hub ping after a job changed the feeds (I/O).
//! - [`http`]: the axum server: feeds, embeds, landing page, editor UI (`/admin`),
//!   JSON API (`/api`), health and metrics (I/O).
//! - [`app`]: wires config, store, pipeline, scheduler and server for the commands;
//!   [`demo`]: a built-in world on loopback for `presseradar demo`; [`discover`]: the
//!   feeds a site offers, as a ready `[[source]]` block.
//! - [`labels`]: editors' decisions as labelled articles, and scoring the rules on them.
//! - [`vocab`], [`model`], [`sanitize`], [`metrics`]: shared vocabulary, data types,
//!   HTML hygiene, counters.

pub mod app;
pub mod classify;
pub mod config;
pub mod dedup;
pub mod demo;
pub mod discover;
pub mod extract;
pub mod fetch;
pub mod hex;
pub mod http;
pub mod labels;
pub mod metrics;
pub mod model;
pub mod password;
pub mod pipeline;
pub mod publish;
pub mod report;
pub mod sanitize;
pub mod scheduler;
pub mod store;
pub mod vocab;
pub mod websub;
