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
//! - [`pipeline`]: one source's job through all the stages, in one readable place.
//! - [`publish`]: RSS 2.0, Atom 1.0, JSON Feed 1.1 rendering (pure).
//! - [`http`]: the axum server: feeds, health (I/O).
//! - [`vocab`], [`model`], [`sanitize`]: shared vocabulary, data types, HTML hygiene.

pub mod app;
pub mod classify;
pub mod config;
pub mod dedup;
pub mod extract;
pub mod fetch;
pub mod http;
pub mod model;
pub mod pipeline;
pub mod publish;
pub mod sanitize;
pub mod scheduler;
pub mod store;
pub mod vocab;
