//! A JSON walker that records every problem with its path and keeps going.
//!
//! Validation works on the raw `serde_json::Value`, not on the typed structs, because
//! serde stops at the first wrong type and a provider fixing a file wants to see every
//! problem at once.

use serde_json::{Map, Value};

use super::problem::{Expected, Problem, ProblemKind, Severity};
use crate::elements::Element;
use crate::lang::is_language_tag;
use crate::vocab::Vocabulary;

/// Longest single text accepted; descriptions are long, but not books.
pub const MAX_TEXT: usize = 20_000;
/// Longest identifier-like string (ids, codes, URLs).
pub const MAX_SHORT: usize = 2_000;
/// Most items in any list.
pub const MAX_ITEMS: usize = 500;

#[derive(Debug, Clone)]
pub struct Path(String);

impl Path {
    pub fn root() -> Path {
        Path("$".into())
    }

    pub fn key(&self, k: &str) -> Path {
        if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !k.is_empty() {
            Path(format!("{}.{k}", self.0))
        } else {
            Path(format!(
                "{}[{}]",
                self.0,
                serde_json::Value::String(k.into())
            ))
        }
    }

    pub fn idx(&self, i: usize) -> Path {
        Path(format!("{}[{i}]", self.0))
    }
}

#[derive(Default)]
pub struct Ctx {
    pub problems: Vec<Problem>,
}

impl Ctx {
    pub fn error(&mut self, path: &Path, kind: ProblemKind) {
        self.problems.push(Problem {
            path: path.0.clone(),
            severity: Severity::Error,
            kind,
        });
    }

    pub fn warn(&mut self, path: &Path, kind: ProblemKind) {
        self.problems.push(Problem {
            path: path.0.clone(),
            severity: Severity::Warning,
            kind,
        });
    }

    /// `v` as an object whose keys are all in `known`; unknown keys are reported.
    pub fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &Path,
        known: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.error(
                path,
                ProblemKind::WrongType {
                    expected: Expected::Object,
                },
            );
            return None;
        };
        for k in map.keys() {
            if !known.contains(&k.as_str()) {
                self.error(&path.key(k), ProblemKind::UnknownField);
            }
        }
        Some(map)
    }

    /// A required member; reports it missing (naming the EU element, if any).
    pub fn required<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &Path,
        key: &str,
        element: Option<Element>,
    ) -> Option<&'v Value> {
        match map.get(key) {
            Some(Value::Null) | None => {
                self.error(&path.key(key), ProblemKind::Missing { element });
                None
            }
            Some(v) => Some(v),
        }
    }

    /// An optional member. An explicit `null` is returned, not hidden, so that the type
    /// check reports it: the JSON Schema rejects `null` too, and the two must agree.
    pub fn optional<'v>(&mut self, map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        map.get(key)
    }

    /// A non-blank string of at most `max` characters.
    pub fn string<'v>(&mut self, v: &'v Value, path: &Path, max: usize) -> Option<&'v str> {
        let Some(s) = v.as_str() else {
            self.error(
                path,
                ProblemKind::WrongType {
                    expected: Expected::String,
                },
            );
            return None;
        };
        if s.trim().is_empty() {
            self.error(path, ProblemKind::Empty);
            return None;
        }
        if s.chars().count() > max {
            self.error(path, ProblemKind::TooLong { max });
            return None;
        }
        Some(s)
    }

    pub fn number(&mut self, v: &Value, path: &Path) -> Option<f64> {
        match v.as_f64() {
            Some(n) => Some(n),
            None => {
                self.error(
                    path,
                    ProblemKind::WrongType {
                        expected: Expected::Number,
                    },
                );
                None
            }
        }
    }

    /// A number greater than zero.
    pub fn positive(&mut self, v: &Value, path: &Path) -> Option<f64> {
        let n = self.number(v, path)?;
        if n > 0.0 {
            Some(n)
        } else {
            self.error(path, ProblemKind::NotPositive);
            None
        }
    }

    pub fn integer(&mut self, v: &Value, path: &Path) -> Option<i64> {
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.error(
                    path,
                    ProblemKind::WrongType {
                        expected: Expected::Integer,
                    },
                );
                None
            }
        }
    }

    /// An array of `min..=MAX_ITEMS` items. An array shorter than `min` is reported as
    /// missing (for `min == 1`, an empty list of outcomes is as bad as none).
    pub fn array<'v>(
        &mut self,
        v: &'v Value,
        path: &Path,
        min: usize,
        element: Option<Element>,
    ) -> Option<&'v Vec<Value>> {
        let Some(items) = v.as_array() else {
            self.error(
                path,
                ProblemKind::WrongType {
                    expected: Expected::Array,
                },
            );
            return None;
        };
        if items.len() < min {
            self.error(path, ProblemKind::Missing { element });
            return None;
        }
        if items.len() > MAX_ITEMS {
            self.error(path, ProblemKind::TooMany { max: MAX_ITEMS });
            return None;
        }
        Some(items)
    }

    /// A language map with at least one non-blank text; returns `(tag, text)` pairs.
    pub fn lang_map<'v>(&mut self, v: &'v Value, path: &Path) -> Option<Vec<(&'v str, &'v str)>> {
        let Some(map) = v.as_object() else {
            self.error(
                path,
                ProblemKind::WrongType {
                    expected: Expected::LanguageMap,
                },
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (tag, text) in map {
            let p = path.key(tag);
            if !is_language_tag(tag) {
                self.error(&p, ProblemKind::InvalidLanguageTag { tag: tag.clone() });
                ok = false;
                continue;
            }
            match text.as_str() {
                None => {
                    self.error(
                        &p,
                        ProblemKind::WrongType {
                            expected: Expected::String,
                        },
                    );
                    ok = false;
                }
                Some(t) if t.chars().count() > MAX_TEXT => {
                    self.error(&p, ProblemKind::TooLong { max: MAX_TEXT });
                    ok = false;
                }
                Some(t) if !t.trim().is_empty() => out.push((tag.as_str(), t)),
                Some(_) => {}
            }
        }
        if out.is_empty() && ok {
            self.error(path, ProblemKind::Empty);
        }
        (ok && !out.is_empty()).then_some(out)
    }

    /// A value of a controlled list.
    pub fn vocab<V: Vocabulary>(&mut self, v: &Value, path: &Path) -> Option<V> {
        let s = self.string(v, path, MAX_SHORT)?;
        match V::from_code(s) {
            Some(x) => Some(x),
            None => {
                self.error(
                    path,
                    ProblemKind::UnknownValue {
                        value: s.to_string(),
                        allowed: V::codes(),
                    },
                );
                None
            }
        }
    }

    /// A list of controlled-list values, each at most once.
    pub fn vocab_list<V: Vocabulary + PartialEq>(
        &mut self,
        v: &Value,
        path: &Path,
        element: Option<Element>,
    ) -> Vec<V> {
        let mut out = Vec::new();
        if let Some(items) = self.array(v, path, 1, element) {
            for (i, item) in items.iter().enumerate() {
                if let Some(x) = self.vocab::<V>(item, &path.idx(i)) {
                    if out.contains(&x) {
                        self.error(
                            &path.idx(i),
                            ProblemKind::Duplicate {
                                value: x.code().to_string(),
                            },
                        );
                    } else {
                        out.push(x);
                    }
                }
            }
        }
        out
    }

    /// An absolute `http`/`https` URL.
    pub fn url<'v>(&mut self, v: &'v Value, path: &Path) -> Option<&'v str> {
        let s = self.string(v, path, MAX_SHORT)?;
        if is_http_url(s) {
            Some(s)
        } else {
            self.error(
                path,
                ProblemKind::InvalidUrl {
                    value: s.to_string(),
                },
            );
            None
        }
    }
}

/// An absolute http(s) URL with a host and nothing a browser would have to guess about.
pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || "-.:[]".contains(c))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An absolute URI of any scheme (`urn:`, `did:`, `https:`); used for identifiers.
pub fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A provider's slug: `a-z`, `0-9` and inner hyphens, 2–64 characters.
pub fn is_slug(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A DID: `did:<method>:<method-specific-id>` per DID Core's syntax.
pub fn is_did(s: &str) -> bool {
    let mut parts = s.splitn(3, ':');
    parts.next() == Some("did")
        && parts.next().is_some_and(|m| {
            !m.is_empty()
                && m.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts.next().is_some_and(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-:%".contains(c))
        })
}

/// A plausible e-mail address: one `@`, a local part, and a dotted domain.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let p = Path::root().key("units").key("required").idx(2).key("name");
        assert_eq!(p.0, "$.units.required[2].name");
        assert_eq!(Path::root().key("a b").0, "$[\"a b\"]");
    }

    #[test]
    fn syntax_helpers() {
        assert!(is_http_url("https://www.tredu.fi/koulutus?x=1"));
        assert!(is_http_url("http://127.0.0.1:8080/x"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
        assert!(is_absolute_uri("urn:uuid:1234"));
        assert!(!is_absolute_uri("tapahtumatekniikka"));
        assert!(is_slug("tapahtumatekniikka") && is_slug("3d-mallinnus"));
        assert!(!is_slug("Tapahtuma") && !is_slug("-a") && !is_slug("a"));
        assert!(is_did(
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
        ));
        assert!(is_did("did:web:tredu.fi:issuers:1"));
        assert!(!is_did("did:key") && !is_did("DID:key:x") && !is_did("did:Key:x"));
        assert!(is_email("maija.meikalainen@example.fi"));
        assert!(!is_email("maija") && !is_email("a@b") && !is_email("a@@b.fi"));
    }
}
