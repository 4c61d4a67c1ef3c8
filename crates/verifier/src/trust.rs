//! The trust list: which issuers the verifier's user recognises, and who they are.
//!
//! A JSON file kept by whoever runs the verifier (an employer, a national registry):
//!
//! ```json
//! { "name": "Opetushallitus: hyväksytyt koulutuksen järjestäjät",
//!   "issuers": [ { "did": "did:web:esimerkkiopisto.fi", "legalName": "Esimerkkiopisto Oy",
//!                  "country": "FI", "legalIdentifier": "1234567-1",
//!                  "accreditation": "Opetus- ja kulttuuriministeriön järjestämislupa" } ] }
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::input::{parse_json, MAX_INPUT};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustedIssuer {
    pub did: String,
    pub legal_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    #[serde(default)]
    pub legal_identifier: Option<String>,
    #[serde(default)]
    pub accreditation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    name: Option<String>,
    issuers: Vec<TrustedIssuer>,
}

#[derive(Debug, thiserror::Error)]
pub enum TrustListError {
    #[error("cannot read the trust list {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the trust list is not valid: {0}")]
    Invalid(String),
    #[error("the trust list entry {index} is not valid: {reason}")]
    Entry { index: usize, reason: String },
}

#[derive(Debug, Clone, Default)]
pub struct TrustList {
    pub name: Option<String>,
    by_did: HashMap<String, TrustedIssuer>,
}

impl TrustList {
    /// An empty list: every issuer is "not recognised".
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn load(path: &Path) -> Result<Self, TrustListError> {
        let io = |source| TrustListError::Io {
            path: path.display().to_string(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.len() > MAX_INPUT as u64 {
            return Err(TrustListError::Invalid("larger than 1 MiB".into()));
        }
        Self::from_json(&std::fs::read(path).map_err(io)?)
    }

    pub fn from_json(bytes: &[u8]) -> Result<Self, TrustListError> {
        let v = parse_json(bytes)
            .map_err(|r| TrustListError::Invalid(r.message(microcred_model::Lang::En)))?;
        let file: File =
            serde_json::from_value(v).map_err(|e| TrustListError::Invalid(e.to_string()))?;
        let mut by_did = HashMap::new();
        for (index, entry) in file.issuers.into_iter().enumerate() {
            let bad = |reason: &str| TrustListError::Entry {
                index,
                reason: reason.to_string(),
            };
            if microcred_core::did::method(&entry.did).is_err() || entry.did.contains('#') {
                return Err(bad("did is not a DID"));
            }
            if entry.legal_name.trim().is_empty() {
                return Err(bad("legalName is empty"));
            }
            if !microcred_model::countries::is_country_code(&entry.country) {
                return Err(bad("country is not an ISO 3166-1 alpha-2 code"));
            }
            let did = entry.did.clone();
            if by_did.insert(did, entry).is_some() {
                return Err(bad("the DID is listed twice"));
            }
        }
        Ok(TrustList {
            name: file.name,
            by_did,
        })
    }

    /// Adds an issuer (replacing an entry for the same DID): a server trusts its own
    /// issuer from the first run, whatever key it has and whatever list it was given.
    pub fn add(&mut self, issuer: TrustedIssuer) {
        self.by_did.insert(issuer.did.clone(), issuer);
    }

    /// Every issuer on the list, ordered by legal name.
    pub fn issuers(&self) -> Vec<&TrustedIssuer> {
        let mut v: Vec<&TrustedIssuer> = self.by_did.values().collect();
        v.sort_by(|a, b| a.legal_name.cmp(&b.legal_name).then(a.did.cmp(&b.did)));
        v
    }

    pub fn lookup(&self, did: &str) -> Option<&TrustedIssuer> {
        self.by_did.get(did)
    }

    pub fn len(&self) -> usize {
        self.by_did.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_did.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_list_reads() {
        let list = TrustList::from_json(include_bytes!("../../../examples/trust-lists/demo.json"))
            .unwrap();
        assert_eq!(list.len(), 1);
        assert!(list
            .lookup("did:key:z6MksgDi9u5QJE94F6NMKjRU3VEwvW4h6YTQ2ZZq4oJyAa2d")
            .is_some());
    }

    #[test]
    fn reads_and_refuses() {
        let ok = br#"{"issuers":[{"did":"did:web:a.fi","legalName":"A Oy","country":"FI"}]}"#;
        let list = TrustList::from_json(ok).unwrap();
        assert_eq!(list.lookup("did:web:a.fi").unwrap().legal_name, "A Oy");
        assert!(list.lookup("did:web:b.fi").is_none());
        for (bad, want) in [
            (&br#"{"issuers":[{"did":"web:a.fi","legalName":"A","country":"FI"}]}"#[..], "entry 0"),
            (br#"{"issuers":[{"did":"did:web:a.fi","legalName":"A","country":"XX"}]}"#, "ISO"),
            (br#"{"issuers":[{"did":"did:web:a.fi","legalName":"A","country":"FI","x":1}]}"#, "unknown field"),
            (br#"{"issuers":[{"did":"did:web:a.fi","legalName":"A","country":"FI"},{"did":"did:web:a.fi","legalName":"B","country":"FI"}]}"#, "twice"),
            (br#"[]"#, "not valid"),
            (b"\xff", "not valid"),
        ] {
            let e = TrustList::from_json(bad).unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
        }
    }
}
