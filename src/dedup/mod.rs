//! Deduplication: canonical URLs, near-duplicate fingerprints and the lookup index.
//!
//! The same ministry release reaches subscribers through several outlets, each with its
//! own edits: a new lead sentence, an ad marker ("Werbung", "Anzeige") in the middle, a
//! shortened ending, another title, tracking parameters on the link. This module decides
//! which of those are one story, in three pure steps the store wires together:
//!
//! 1. [`canonical_url`] catches the cheap case: the same page behind different links.
//! 2. [`fingerprint`] turns title and body into a [`Fingerprint`]: a 64-bit SimHash for
//!    candidate lookup plus a MinHash signature and shingle count for confirmation. It is
//!    stored as a blob ([`Fingerprint::to_bytes`], 141 bytes).
//! 3. [`NearDuplicateIndex`] holds only the SimHashes of all stored items (about 33 bytes
//!    per item) and answers "which ids lie within Hamming distance [`MAX_HAMMING`]";
//!    the caller loads those candidates' blobs and asks [`is_near_duplicate`].
//!
//! # Thresholds and why
//!
//! Tuned on `tests/fixtures/dedup/pairs.jsonl` (labelled republications and hard
//! non-duplicates; `tests/dedup_pairs.rs` prints the figures):
//!
//! - [`MAX_HAMMING`] = 7 bits. SimHash over distinct content words (not shingles), so that
//!   reordered paragraphs and fixed typos barely move it. Republications with a new
//!   lead, an outlet intro and a cut ending land at 0–7 bits; unrelated releases sit near
//!   32. Seven is also the largest radius the index answers quickly: four 16-bit blocks
//!   probed at radius 1 guarantee every match within 4·1 + 3 = 7 bits (pigeonhole).
//! - Confirmation ([`is_near_duplicate`]) estimates, from 64 MinHash values over word
//!   3-shingles, the Jaccard similarity J and from it the containment of the shorter text
//!   in the longer one. A pair is a duplicate when containment ≥ [`MIN_CONTAINMENT`]
//!   (0.5: a shortened republication keeps most of its shingles inside the original) and
//!   J ≥ [`MIN_JACCARD`] (0.25: a short teaser cannot claim a long article by sharing
//!   one paragraph). Shared press-office boilerplate (contact block, "Hintergrund: …"
//!   paragraph) is dropped before shingling when it stands on its own line, and is what
//!   the containment floor guards against when it does not.

mod fingerprint;
mod index;
mod normalize;
mod url;

pub use fingerprint::{
    Fingerprint, MIN_CONTAINMENT, MIN_JACCARD, MINHASH_LEN, fingerprint, is_near_duplicate,
};
pub use index::{MAX_HAMMING, NearDuplicateIndex};
pub use url::canonical_url;

/// What can go wrong when canonicalising a link or reading a stored fingerprint.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DedupError {
    #[error("url {url:?}: not a valid absolute URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("url {url:?}: scheme {scheme:?} is not http or https")]
    UnsupportedScheme { url: String, scheme: String },
    #[error("fingerprint blob: {0}")]
    BadFingerprint(String),
}
