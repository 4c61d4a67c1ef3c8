//! Every text the pages show, in Finnish, Swedish and English, from microcred-text's
//! catalogue (`catalogue/pages.rs`). Templates read them as `t.key`; a missing key is an
//! error when rendering (strict undefined), and a test renders every page in every
//! language, so an untranslated key cannot ship.

use std::collections::BTreeMap;

use microcred_model::Lang;
use microcred_text::catalogue::pages::TEXTS;

/// The pages' texts in `lang`, by id: what templates read as `t.key`.
pub fn texts(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    TEXTS
        .iter()
        .map(|row| (row.0, microcred_text::text_of(row, lang)))
        .collect()
}

/// One text, for messages built in Rust from an id made at run time ("" when there is
/// none).
pub fn t(lang: Lang, key: &str) -> &'static str {
    TEXTS
        .iter()
        .find(|row| row.0 == key)
        .map(|row| microcred_text::text_of(row, lang))
        .unwrap_or("")
}

/// The id of a claim's label: `claim_` and the claim's name in lower case, words joined
/// by `_` (`birthDate` → `claim_birth_date`).
pub fn claim_key(name: &str) -> String {
    let mut key = String::from("claim_");
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            key.push('_');
            key.push(c.to_ascii_lowercase());
        } else {
            key.push(c);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t.key` in every template, and every key the code builds from a name
    /// (verdicts, claims, standings, outcomes), has its three texts.
    #[test]
    fn every_key_a_page_uses_exists() {
        let known: std::collections::HashSet<&str> = TEXTS.iter().map(|(k, ..)| *k).collect();
        for (name, source) in super::super::TEMPLATES {
            let mut rest = *source;
            while let Some(at) = rest.find("t.") {
                let before = rest[..at].chars().last();
                rest = &rest[at + 2..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    known.contains(key.as_str()),
                    "{name} uses t.{key}, which has no texts"
                );
            }
        }
        let kinds = [
            "valid",
            "valid_untrusted",
            "revoked",
            "suspended",
            "expired",
            "not_yet_valid",
            "not_genuine",
            "invalid",
            "could_not_check",
        ];
        for k in kinds {
            assert!(known.contains(format!("verdict_{k}").as_str()), "{k}");
            assert!(known.contains(format!("verdict_{k}_text").as_str()), "{k}");
        }
        for n in microcred_model::credential::DISCLOSABLE {
            assert!(known.contains(claim_key(n).as_str()), "{n}");
        }
        for s in ["active", "revoked", "suspended", "expired"] {
            assert!(known.contains(format!("standing_{s}").as_str()), "{s}");
        }
        for o in ["passed", "failed", "could_not_check"] {
            assert!(known.contains(format!("outcome_{o}").as_str()), "{o}");
        }
    }
}
