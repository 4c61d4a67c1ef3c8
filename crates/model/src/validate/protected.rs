//! Protected qualification titles, which a micro-credential may not take as its name.
//!
//! Finnish guidance forbids naming a micro-credential after a qualification or a protected
//! professional title (a learner holding "Lähihoitaja" as a micro-credential would mislead
//! an employer). The list is a plain text file, one title a line, so a provider can keep
//! their own; `examples/protected-titles.txt` is shipped as the default.

/// The shipped example list.
pub const DEFAULT_LIST: &str = include_str!("../../../../examples/protected-titles.txt");

#[derive(Debug, Clone)]
pub struct ProtectedTitles {
    /// (normalised, as written) pairs.
    titles: Vec<(String, String)>,
}

impl Default for ProtectedTitles {
    fn default() -> Self {
        Self::parse(DEFAULT_LIST)
    }
}

impl ProtectedTitles {
    /// One title a line; blank lines and lines starting with `#` are skipped.
    pub fn parse(text: &str) -> Self {
        let titles = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| (normalise(l), l.to_string()))
            .collect();
        ProtectedTitles { titles }
    }

    pub fn empty() -> Self {
        ProtectedTitles { titles: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    /// The protected title that `title` equals, ignoring case and whitespace differences.
    pub fn matching(&self, title: &str) -> Option<&str> {
        let n = normalise(title);
        self.titles
            .iter()
            .find(|(p, _)| *p == n)
            .map(|(_, orig)| orig.as_str())
    }
}

/// Lower-cases and collapses every run of whitespace to one space.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ignoring_case_and_spacing() {
        let list = ProtectedTitles::parse(
            "# comment\n\nLähihoitaja\n  Sosiaali- ja terveysalan perustutkinto \n",
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list.matching("  LÄHIHOITAJA "), Some("Lähihoitaja"));
        assert_eq!(
            list.matching("sosiaali-  ja\tterveysalan PERUSTUTKINTO"),
            Some("Sosiaali- ja terveysalan perustutkinto")
        );
        assert_eq!(list.matching("Lähihoitajan työssä toimiminen"), None);
        assert!(!ProtectedTitles::default().is_empty());
    }
}
