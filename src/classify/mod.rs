//! Classification: is an article about skilled-worker initiatives, which states, which topics.
