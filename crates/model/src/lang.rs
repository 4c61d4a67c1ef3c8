//! Multilingual text.
//!
//! Every human-readable field of a micro-credential is a [`LangMap`]: BCP 47 language
//! tag -> text. Finnish providers write in Finnish, Swedish and English; a reader asks
//! for one language and gets the best text there is, never nothing when some text exists.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use microcred_text::{Lang, UnknownLang};

/// Text in several languages, keyed by BCP 47 tag.
///
/// Kept sorted by tag so that serialised output is stable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LangMap(pub BTreeMap<String, String>);

impl LangMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder used by tests and examples: `LangMap::new().with("fi", "..")`.
    pub fn with(mut self, tag: &str, text: impl Into<String>) -> Self {
        self.0.insert(tag.to_string(), text.into());
        self
    }

    /// One string in English (for code that has only an English text to hand).
    pub fn en(text: impl Into<String>) -> Self {
        Self::new().with("en", text)
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|t| t.trim().is_empty())
    }

    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Text in exactly this tag (case-insensitive), if any.
    pub fn exact(&self, tag: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(tag) && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The best text for a reader of `lang`.
    ///
    /// Fallback order: the language itself (also as a regional variant, `fi-FI`), then
    /// English, Finnish, Swedish — the languages Finnish providers publish in, English
    /// first because it is the one most foreign readers share — then any text at all.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.best(lang.code())
    }

    /// Like [`LangMap::get`] for any BCP 47 tag.
    pub fn best(&self, tag: &str) -> Option<&str> {
        let primary = tag.split('-').next().unwrap_or(tag);
        self.exact(tag)
            .or_else(|| self.by_primary(primary))
            .or_else(|| self.by_primary("en"))
            .or_else(|| self.by_primary("fi"))
            .or_else(|| self.by_primary("sv"))
            .or_else(|| {
                self.0
                    .values()
                    .find(|v| !v.trim().is_empty())
                    .map(String::as_str)
            })
    }

    /// [`LangMap::get`], or the empty string where there is no text at all.
    pub fn text(&self, lang: Lang) -> &str {
        self.get(lang).unwrap_or("")
    }

    fn by_primary(&self, primary: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| {
                !v.trim().is_empty()
                    && k.split('-')
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case(primary))
            })
            .map(|(_, v)| v.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<const N: usize> From<[(&str, &str); N]> for LangMap {
    fn from(items: [(&str, &str); N]) -> Self {
        LangMap(
            items
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag (syntax only: language subtag of
/// 2–3 letters, then subtags of 1–8 alphanumerics). Enough to catch typos such as `"finnish"`
/// or `"fi_FI"` without carrying the IANA registry.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    if !(2..=3).contains(&first.len()) || !first.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_order() {
        let m = LangMap::from([("fi", "Suomeksi"), ("sv", "På svenska")]);
        assert_eq!(m.get(Lang::Fi), Some("Suomeksi"));
        assert_eq!(m.get(Lang::Sv), Some("På svenska"));
        // No English: Finnish comes before Swedish.
        assert_eq!(m.get(Lang::En), Some("Suomeksi"));
        let m = LangMap::from([("fi-FI", "Alue"), ("en", "Area")]);
        assert_eq!(m.get(Lang::Fi), Some("Alue"));
        assert_eq!(m.get(Lang::Sv), Some("Area"));
        let m = LangMap::from([("de", "Nur Deutsch")]);
        assert_eq!(m.get(Lang::Fi), Some("Nur Deutsch"));
        let blank = LangMap::from([("fi", "  "), ("en", "Text")]);
        assert_eq!(blank.get(Lang::Fi), Some("Text"));
        assert!(LangMap::from([("fi", " ")]).is_empty());
    }

    #[test]
    fn language_tags() {
        for ok in ["fi", "sv", "en", "fi-FI", "sv-FI", "zh-Hant-TW", "sme"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "f", "finnish", "fi_FI", "fi-", "1a", "en-toolongsubtag"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
