//! The provider's catalogue: the specifications it offers, published so employers and
//! learners can find them (`/specs`), and issued against by ID.
//!
//! A specification is a **draft** until it is published; a published **version** never
//! changes, so every credential issued under it keeps meaning what it meant. Publishing
//! the same id and version again with the same content does nothing; with other content
//! it is refused (make a new version instead). The catalogue shows the latest version.
//!
//! ```text
//! DIR/specs/<id>.json                     the current version (what the catalogue shows)
//! DIR/specs/versions/<id>/<version>.json  every version ever published, never rewritten
//! DIR/specs/drafts/<id>.json              a draft: neither public nor issuable
//! ```

use std::fs;
use std::path::PathBuf;

use microcred_model::validate::{self, Options};
use microcred_model::Specification;
use serde_json::Value;

use crate::error::{io, IssuerError, Result};
use crate::issuer::{write_atomic, Issuer};

/// The version a specification without one is published as.
pub const FIRST_VERSION: &str = "1";

/// A name usable as a file name: letters, digits, `-`, `_`, `.`, not starting with a dot.
pub(crate) fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !id.starts_with('.')
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// A new version is in the catalogue.
    New,
    /// This very version, with this very content, was published already: nothing changed.
    Unchanged,
}

/// A draft as the catalogue lists it.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    /// The draft as saved: possibly incomplete, so JSON rather than a [`Specification`].
    pub document: Value,
}

fn to_file(v: &impl serde::Serialize) -> Result<Vec<u8>> {
    let mut text =
        serde_json::to_vec_pretty(v).map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
    text.push(b'\n');
    Ok(text)
}

impl Issuer {
    fn specs_dir(&self) -> PathBuf {
        self.dir().join("specs")
    }

    fn version_path(&self, id: &str, version: &str) -> PathBuf {
        self.specs_dir()
            .join("versions")
            .join(id)
            .join(format!("{version}.json"))
    }

    fn draft_path(&self, id: &str) -> PathBuf {
        self.specs_dir().join("drafts").join(format!("{id}.json"))
    }

    fn check_names(id: &str, version: &str) -> Result<()> {
        if !safe_id(id) {
            return Err(IssuerError::BadSpecification(format!(
                "the id '{id}' cannot name a catalogue entry (letters, digits, - _ . only)"
            )));
        }
        if !safe_id(version) {
            return Err(IssuerError::BadSpecification(format!(
                "the version '{version}' cannot name a catalogue entry (letters, digits, - _ . only)"
            )));
        }
        Ok(())
    }

    /// Publishes a version of a specification (validated first). A specification without
    /// a version is published as version [`FIRST_VERSION`]. Publishing a version that is
    /// already published with other content is refused: [`IssuerError::VersionPublished`].
    pub fn publish_spec(&self, spec: &Specification) -> Result<Published> {
        let mut spec = spec.clone();
        spec.json_schema = None;
        let version = spec
            .version
            .get_or_insert_with(|| FIRST_VERSION.to_string())
            .clone();
        Self::check_names(&spec.id, &version)?;
        let value = serde_json::to_value(&spec)
            .map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
        let report = validate::validate_specification(&value, &Options::default());
        if !report.is_valid() {
            return Err(IssuerError::InvalidSpecification(report));
        }
        // The version as published before: its own file, or (for a catalogue from before
        // versions were kept) the current file when it carries the same version.
        let earlier = match fs::read(self.version_path(&spec.id, &version)) {
            Ok(bytes) => Some(bytes),
            Err(_) => fs::read(self.specs_dir().join(format!("{}.json", spec.id)))
                .ok()
                .filter(|b| {
                    serde_json::from_slice::<Value>(b)
                        .ok()
                        .is_some_and(|v| v["version"].as_str() == Some(version.as_str()))
                }),
        };
        if let Some(bytes) = earlier {
            let before: Value =
                serde_json::from_slice(&bytes).map_err(|e| IssuerError::BadFile {
                    path: self.version_path(&spec.id, &version).display().to_string(),
                    reason: e.to_string(),
                })?;
            if before == value {
                return Ok(Published::Unchanged);
            }
            return Err(IssuerError::VersionPublished {
                id: spec.id.clone(),
                version,
            });
        }
        let text = to_file(&value)?;
        let vdir = self.specs_dir().join("versions").join(&spec.id);
        fs::create_dir_all(&vdir).map_err(io(&vdir))?;
        // The version file first: once it exists the version is fixed, and the current
        // file below is only ever a copy of some published version.
        write_atomic(&self.version_path(&spec.id, &version), &text)?;
        write_atomic(&self.specs_dir().join(format!("{}.json", spec.id)), &text)?;
        Ok(Published::New)
    }

    /// Saves a draft: any JSON object with an `id`, complete or not.
    pub fn save_draft(&self, draft: &Value) -> Result<String> {
        let id = draft["id"].as_str().unwrap_or_default().trim().to_string();
        if !safe_id(&id) {
            return Err(IssuerError::BadSpecification(format!(
                "the id '{id}' cannot name a catalogue entry (letters, digits, - _ . only)"
            )));
        }
        let dir = self.specs_dir().join("drafts");
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        write_atomic(&self.draft_path(&id), &to_file(draft)?)?;
        Ok(id)
    }

    pub fn draft(&self, id: &str) -> Result<Option<Value>> {
        if !safe_id(id) {
            return Ok(None);
        }
        match fs::read(self.draft_path(id)) {
            Ok(b) => serde_json::from_slice(&b)
                .map(Some)
                .map_err(|e| IssuerError::BadFile {
                    path: self.draft_path(id).display().to_string(),
                    reason: e.to_string(),
                }),
            Err(_) => Ok(None),
        }
    }

    pub fn delete_draft(&self, id: &str) -> Result<()> {
        if safe_id(id) {
            let p = self.draft_path(id);
            if p.exists() {
                fs::remove_file(&p).map_err(io(&p))?;
            }
        }
        Ok(())
    }

    /// Every draft, ordered by id.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let dir = self.specs_dir().join("drafts");
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok(out);
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if let Some(id) = name.strip_suffix(".json").filter(|n| safe_id(n)) {
                if let Some(document) = self.draft(id)? {
                    out.push(Draft {
                        id: id.to_string(),
                        document,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// Publishes a draft: validated, published as its version, and the draft removed.
    pub fn publish_draft(&self, id: &str) -> Result<(Specification, Published)> {
        let draft = self
            .draft(id)?
            .ok_or_else(|| IssuerError::UnknownSpecification(id.to_string()))?;
        let report = validate::validate_specification(&draft, &Options::default());
        if !report.is_valid() {
            return Err(IssuerError::InvalidSpecification(report));
        }
        let spec: Specification = serde_json::from_value(draft)
            .map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
        let done = self.publish_spec(&spec)?;
        self.delete_draft(id)?;
        let mut spec = spec;
        spec.version
            .get_or_insert_with(|| FIRST_VERSION.to_string());
        Ok((spec, done))
    }

    /// Starts a new version of a published specification: a draft that copies the
    /// current version, with `version` (or the next number after the current one).
    pub fn new_version(&self, id: &str, version: Option<&str>) -> Result<Value> {
        let current = self.spec(id)?;
        let next = match version {
            Some(v) => v.trim().to_string(),
            None => next_version(current.version.as_deref().unwrap_or(FIRST_VERSION)),
        };
        Self::check_names(id, &next)?;
        if self.version_path(id, &next).exists() || current.version.as_deref() == Some(&next) {
            return Err(IssuerError::VersionPublished {
                id: id.to_string(),
                version: next,
            });
        }
        let mut draft = serde_json::to_value(&current)
            .map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
        draft["version"] = Value::String(next);
        self.save_draft(&draft)?;
        Ok(draft)
    }

    /// The published versions of a specification, oldest first (as published).
    pub fn versions(&self, id: &str) -> Result<Vec<String>> {
        let dir = self.specs_dir().join("versions").join(id);
        let mut out: Vec<(std::time::SystemTime, String)> = Vec::new();
        if safe_id(id) {
            if let Ok(entries) = fs::read_dir(&dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    if let Some(v) = name.strip_suffix(".json") {
                        let at = e
                            .metadata()
                            .and_then(|m| m.modified())
                            .unwrap_or(std::time::UNIX_EPOCH);
                        out.push((at, v.to_string()));
                    }
                }
            }
        }
        out.sort();
        Ok(out.into_iter().map(|(_, v)| v).collect())
    }

    /// One published version of a specification (the current one when it is `None`).
    pub fn spec_version(&self, id: &str, version: Option<&str>) -> Result<Specification> {
        let Some(version) = version else {
            return self.spec(id);
        };
        if Self::check_names(id, version).is_err() {
            return Err(IssuerError::UnknownSpecification(format!("{id} {version}")));
        }
        let p = self.version_path(id, version);
        match fs::read(&p) {
            Ok(bytes) => Self::load(&p, &bytes),
            // A catalogue from before versions were kept has only the current file.
            Err(_) => match self.spec(id) {
                Ok(s) if s.version.as_deref() == Some(version) => Ok(s),
                _ => Err(IssuerError::UnknownSpecification(format!("{id} {version}"))),
            },
        }
    }

    fn load(p: &std::path::Path, bytes: &[u8]) -> Result<Specification> {
        validate::load_specification(bytes, &Options::default())
            .map(|(s, _)| s)
            .map_err(|e| IssuerError::BadFile {
                path: p.display().to_string(),
                reason: e.to_string(),
            })
    }

    /// The catalogue (the current version of each), ordered by ID.
    pub fn catalogue(&self) -> Result<Vec<Specification>> {
        let dir = self.specs_dir();
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok(out);
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() && p.extension().is_some_and(|x| x == "json") {
                let bytes = fs::read(&p).map_err(io(&p))?;
                out.push(Self::load(&p, &bytes)?);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// The current version of one specification of the catalogue.
    pub fn spec(&self, id: &str) -> Result<Specification> {
        if !safe_id(id) {
            return Err(IssuerError::UnknownSpecification(id.to_string()));
        }
        let p = self.specs_dir().join(format!("{id}.json"));
        let bytes = fs::read(&p).map_err(|_| IssuerError::UnknownSpecification(id.to_string()))?;
        Self::load(&p, &bytes)
    }
}

/// "2026-1" → "2026-2", "3" → "4", "v1.2" → "v1.3"; anything without a trailing number
/// gets "-2".
pub fn next_version(v: &str) -> String {
    let digits: String = v
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    match digits.parse::<u64>() {
        Ok(n) if !digits.is_empty() => {
            format!("{}{}", &v[..v.len() - digits.len()], n.saturating_add(1))
        }
        _ => format!("{v}-2"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_versions() {
        assert_eq!(super::next_version("2026-1"), "2026-2");
        assert_eq!(super::next_version("3"), "4");
        assert_eq!(super::next_version("v1.9"), "v1.10");
        assert_eq!(super::next_version("beta"), "beta-2");
    }
}
