//! The catalogue: one table per area, each row `(id, fi, sv, en)`.
//!
//! Ids are lower-case words joined by `_`, starting with their area (`verdict_…`,
//! `cli_…`), unique across all tables. Terms follow docs/glossary.md.

pub mod cli;
mod common;
pub mod errors;
mod issuer;
mod model;
pub mod pages;
mod verdict;
mod wallet;

use crate::Entry;

/// Every table; [`crate::locate`] searches them in this order.
pub const TABLES: &[&[Entry]] = &[
    common::TEXTS,
    issuer::TEXTS,
    pages::TEXTS,
    wallet::TEXTS,
    cli::TEXTS,
    errors::TEXTS,
    model::TEXTS,
    verdict::TEXTS,
];

/// Every message, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static Entry> {
    TABLES.iter().flat_map(|t| t.iter())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::all;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            match after.find('}') {
                Some(end) => {
                    // Only a name is a placeholder; other braces are text (a JSON example).
                    let name = &after[..end];
                    if !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                    {
                        out.insert(name);
                    }
                    rest = &after[end + 1..];
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn every_id_is_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for (id, ..) in all() {
            assert!(seen.insert(*id), "{id} is in the catalogue twice");
            assert!(
                !id.is_empty()
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{id}: ids are lower-case words joined by _"
            );
        }
    }

    #[test]
    fn every_message_has_three_texts_with_the_same_placeholders() {
        for (id, fi, sv, en) in all() {
            for (lang, text) in [("fi", fi), ("sv", sv), ("en", en)] {
                assert!(!text.trim().is_empty(), "{id} has no {lang} text");
            }
            let want = placeholders(en);
            assert_eq!(
                placeholders(fi),
                want,
                "{id}: fi placeholders differ from en"
            );
            assert_eq!(
                placeholders(sv),
                want,
                "{id}: sv placeholders differ from en"
            );
            let plural = en.contains('|');
            assert_eq!(
                fi.contains('|'),
                plural,
                "{id}: fi plural forms differ from en"
            );
            assert_eq!(
                sv.contains('|'),
                plural,
                "{id}: sv plural forms differ from en"
            );
            if plural {
                assert!(
                    want.contains("count"),
                    "{id}: a plural message needs {{count}}"
                );
            }
        }
    }
}
