//! Deduplication: canonical URLs, near-duplicate fingerprints and the lookup index.
