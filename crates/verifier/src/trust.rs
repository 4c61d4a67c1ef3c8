//! The trust list: which issuers the verifier's user recognises, and who they are.
//!
//! A JSON file kept by whoever runs the verifier (an employer, a national registry):
//!
//! ```json
//! { "name": "Opetushallitus: hyväksytyt koulutuksen järjestäjät",
//!   "issuers": [ { "did": "did:web:esimerkkiopisto.fi", "legalName": "Esimerkkiopisto Oy",
//!                  "country": "FI", "legalIdentifier": "1234567-1",
//!                  "accreditation": "Opetus- ja kulttuuriministeriön järjestämislupa" } ],
//!   "x509Anchors": [ { "name": "Testi-CA",
//!                      "certificate": "-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n" } ] }
//! ```
//!
//! `x509Anchors` are the certificate authorities whose certificates vouch for issuers
//! that sign with an `x5c` chain (HAIP 1.0 SD-JWT VCs): a chain leading to one is the
//! issuer's; the report names the anchor. An anchor may also be one issuer's own
//! certificate, trusted as exactly that certificate. `certificate` is PEM or base64 DER.

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

/// A trust anchor for issuers that sign with an X.509 chain (`x5c`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct X509Anchor {
    /// What the report calls it: the list's `name`, or the certificate's subject.
    pub name: String,
    pub subject: String,
    /// The DER certificate.
    pub der: Vec<u8>,
}

impl X509Anchor {
    /// An anchor from a certificate (PEM text holding exactly one, or base64 DER).
    pub fn from_text(name: Option<String>, certificate: &str) -> Result<X509Anchor, String> {
        use base64::Engine;
        let text = certificate.trim();
        let der = if text.starts_with("-----BEGIN") {
            let mut certs =
                microcred_core::x509::pem_certificates(text).map_err(|e| e.to_string())?;
            if certs.len() != 1 {
                return Err("give one certificate per anchor".into());
            }
            certs.remove(0)
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| "certificate is neither PEM nor base64 DER".to_string())?
        };
        Self::from_der(name, der)
    }

    pub fn from_der(name: Option<String>, der: Vec<u8>) -> Result<X509Anchor, String> {
        let info = microcred_core::x509::info(&der).map_err(|e| e.to_string())?;
        Ok(X509Anchor {
            name: name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| info.subject.clone()),
            subject: info.subject,
            der,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchorEntry {
    #[serde(default)]
    name: Option<String>,
    certificate: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    issuers: Vec<TrustedIssuer>,
    #[serde(default, rename = "x509Anchors")]
    x509_anchors: Vec<AnchorEntry>,
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
    #[error("the trust list's x509Anchors entry {index} is not valid: {reason}")]
    Anchor { index: usize, reason: String },
    #[error("the trust list's signature does not hold: {0}")]
    Signature(String),
    #[error("the trust list could not be fetched: {0}")]
    Fetch(String),
}

#[derive(Debug, Clone, Default)]
pub struct TrustList {
    pub name: Option<String>,
    by_did: HashMap<String, TrustedIssuer>,
    anchors: Vec<X509Anchor>,
    /// The anchors' certificates, in the same order, as chain validation takes them.
    anchor_ders: Vec<Vec<u8>>,
    /// Where the list came from, when it was fetched from a URL.
    pub source: Option<Source>,
}

/// A trust list fetched from a URL: from where, and when (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub url: String,
    pub fetched_at: i64,
}

/// The largest signed trust list fetched.
pub const MAX_SIGNED_LIST: usize = microcred_core::limits::DOCUMENT;

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
        if !v.is_object() {
            return Err(TrustListError::Invalid("not a JSON object".into()));
        }
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
        let mut list = TrustList {
            name: file.name,
            by_did,
            ..TrustList::default()
        };
        for (index, entry) in file.x509_anchors.into_iter().enumerate() {
            let anchor = X509Anchor::from_text(entry.name, &entry.certificate)
                .map_err(|reason| TrustListError::Anchor { index, reason })?;
            list.add_anchor(anchor);
        }
        Ok(list)
    }

    /// A trust list published signed: a compact JWS (EdDSA) by `signer` (a `did:key`),
    /// its payload the list's JSON. A list with any other signature is refused whole.
    pub fn from_signed(jws: &[u8], signer: &str) -> Result<Self, TrustListError> {
        if jws.len() > MAX_SIGNED_LIST {
            return Err(TrustListError::Invalid("larger than 1 MiB".into()));
        }
        let key = microcred_core::did::parse_did_key(signer)
            .map_err(|e| TrustListError::Invalid(format!("the signer {signer}: {e}")))?;
        let text = std::str::from_utf8(jws)
            .map_err(|_| TrustListError::Invalid("not a signed list".into()))?
            .trim();
        let (_, payload) = microcred_core::jose::verify(text, key)
            .map_err(|e| TrustListError::Signature(e.to_string()))?;
        Self::from_json(&payload)
    }

    /// Fetches a signed list from `url` under the fetch policy of `fetch` and checks its
    /// signature; returns the list (with its source) and the bytes, to keep as a cache.
    pub async fn fetch_signed(
        fetch: &dyn crate::fetch::Fetch,
        url: &str,
        signer: &str,
        now: i64,
    ) -> Result<(Self, Vec<u8>), TrustListError> {
        let bytes = fetch
            .get(url)
            .await
            .map_err(|e| TrustListError::Fetch(e.to_string()))?;
        let mut list = Self::from_signed(&bytes, signer)?;
        list.source = Some(Source {
            url: url.to_string(),
            fetched_at: now,
        });
        Ok((list, bytes))
    }

    /// Minutes since the list was fetched, for a list from a URL.
    pub fn age_minutes(&self, now: chrono::DateTime<chrono::Utc>) -> Option<i64> {
        self.source
            .as_ref()
            .map(|s| ((now.timestamp() - s.fetched_at) / 60).max(0))
    }

    /// Adds an issuer (replacing an entry for the same DID): a server trusts its own
    /// issuer from the first run, whatever key it has and whatever list it was given.
    pub fn add(&mut self, issuer: TrustedIssuer) {
        self.by_did.insert(issuer.did.clone(), issuer);
    }

    /// Adds a trust anchor for `x5c` chains (replacing one with the same certificate).
    pub fn add_anchor(&mut self, anchor: X509Anchor) {
        if let Some(i) = self.anchor_ders.iter().position(|d| *d == anchor.der) {
            self.anchors[i] = anchor;
        } else {
            self.anchor_ders.push(anchor.der.clone());
            self.anchors.push(anchor);
        }
    }

    /// The trust anchors for `x5c` chains.
    pub fn anchors(&self) -> &[X509Anchor] {
        &self.anchors
    }

    /// The anchors' DER certificates, in the order of [`TrustList::anchors`].
    pub fn anchor_certificates(&self) -> &[Vec<u8>] {
        &self.anchor_ders
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
    fn a_signed_list_is_taken_only_with_its_signature() {
        use microcred_core::jose;
        use microcred_core::keys::SecretKey;
        let key = std::sync::Arc::new(SecretKey::generate());
        let signer = microcred_core::did::did_key(key.public());
        let list = br#"{"name":"Opetushallitus","issuers":[{"did":"did:web:a.fi","legalName":"A Oy","country":"FI"}]}"#;
        let jws = jose::sign(
            list,
            "trust-list+jwt",
            &jose::Ed25519Signer::new(key.clone(), None),
        )
        .unwrap();
        let got = TrustList::from_signed(jws.as_bytes(), &signer).unwrap();
        assert_eq!(got.lookup("did:web:a.fi").unwrap().legal_name, "A Oy");
        let other = microcred_core::did::did_key(SecretKey::generate().public());
        assert!(matches!(
            TrustList::from_signed(jws.as_bytes(), &other),
            Err(TrustListError::Signature(_))
        ));
        let mut tampered = jws.clone().into_bytes();
        let mid = tampered.len() / 2;
        tampered[mid] ^= 1;
        assert!(TrustList::from_signed(&tampered, &signer).is_err());
        assert!(
            TrustList::from_signed(list, &signer).is_err(),
            "an unsigned list is refused"
        );
        // Fetched: under the fetcher's policy, with its age.
        struct One(String);
        impl crate::fetch::Fetch for One {
            fn get<'a>(&'a self, url: &'a str) -> crate::fetch::FetchFuture<'a> {
                let body = self.0.clone();
                Box::pin(async move {
                    if url.starts_with("https://trust.example/") {
                        Ok(body.into_bytes())
                    } else {
                        Err(crate::fetch::FetchError::NotAllowed(url.to_string()))
                    }
                })
            }
        }
        let f = One(jws.clone());
        let (got, bytes) = futures_executor::block_on(TrustList::fetch_signed(
            &f,
            "https://trust.example/list.jws",
            &signer,
            1_000,
        ))
        .unwrap();
        assert_eq!(bytes, jws.as_bytes());
        let now = chrono::DateTime::from_timestamp(1_000 + 7_200, 0).unwrap();
        assert_eq!(got.age_minutes(now), Some(120));
        assert!(futures_executor::block_on(TrustList::fetch_signed(
            &f,
            "http://10.0.0.1/x",
            &signer,
            0
        ))
        .is_err());
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
