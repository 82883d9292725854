//! Scraping HTML press-release listings with the CSS rules of a source (DESIGN.md §4).
