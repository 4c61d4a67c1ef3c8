//! The provider's catalogue: the specifications it offers, published so employers and
//! learners can find them (`/specs`), and issued against by ID.

use std::fs;

use microcred_model::validate::{self, Options};
use microcred_model::Specification;

use crate::error::{IssuerError, Result};
use crate::issuer::{write_atomic, Issuer};

fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !id.starts_with('.')
}

impl Issuer {
    /// Adds or replaces a specification in the catalogue (validated first).
    pub fn publish_spec(&self, spec: &Specification) -> Result<()> {
        if !safe_id(&spec.id) {
            return Err(IssuerError::BadSpecification(format!(
                "the id '{}' cannot name a catalogue entry (letters, digits, - _ . only)",
                spec.id
            )));
        }
        let mut spec = spec.clone();
        spec.json_schema = None;
        let value = serde_json::to_value(&spec)
            .map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
        let report = validate::validate_specification(&value, &Options::default());
        if !report.is_valid() {
            let msgs: Vec<String> = report
                .errors()
                .map(|p| format!("{}: {}", p.path, p.message(microcred_model::Lang::En)))
                .collect();
            return Err(IssuerError::BadSpecification(msgs.join("; ")));
        }
        let dir = self.dir().join("specs");
        fs::create_dir_all(&dir).map_err(|e| IssuerError::Io {
            path: dir.display().to_string(),
            source: e,
        })?;
        let mut text = serde_json::to_vec_pretty(&value)
            .map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
        text.push(b'\n');
        write_atomic(&dir.join(format!("{}.json", spec.id)), &text)
    }

    /// The catalogue, ordered by ID.
    pub fn catalogue(&self) -> Result<Vec<Specification>> {
        let dir = self.dir().join("specs");
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok(out);
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                let bytes = fs::read(&p).map_err(|e| IssuerError::Io {
                    path: p.display().to_string(),
                    source: e,
                })?;
                let (spec, _) =
                    validate::load_specification(&bytes, &Options::default()).map_err(|e| {
                        IssuerError::BadFile {
                            path: p.display().to_string(),
                            reason: e.to_string(),
                        }
                    })?;
                out.push(spec);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// One specification of the catalogue.
    pub fn spec(&self, id: &str) -> Result<Specification> {
        if !safe_id(id) {
            return Err(IssuerError::UnknownSpecification(id.to_string()));
        }
        let p = self.dir().join("specs").join(format!("{id}.json"));
        let bytes = fs::read(&p).map_err(|_| IssuerError::UnknownSpecification(id.to_string()))?;
        validate::load_specification(&bytes, &Options::default())
            .map(|(s, _)| s)
            .map_err(|e| IssuerError::BadFile {
                path: p.display().to_string(),
                reason: e.to_string(),
            })
    }
}
