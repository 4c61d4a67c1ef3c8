//! The provider's electronic seal on Europass exports: a JAdES baseline-B signature
//! (ETSI TS 119 182-1) over the ELM document, enveloping — the document is the JWS
//! payload — in JWS JSON flattened serialization, as the Commission's DSS library reads
//! JAdES.
//!
//! Only the provider can seal: Europass expects a qualified electronic seal, whose
//! certificate a trust service issues to the organisation. When `DATA/seal/cert.pem` (the
//! certificate, then its chain) and `DATA/seal/key.pem` (its private key: P-256, P-384
//! or RSA) are there, exports are sealed; otherwise they are written unsigned.
//!
//! The protected header carries what baseline B asks for: the algorithm, the signing
//! certificate (`x5c`, and its digest `x5t#S256`), the claimed signing time (`sigT`,
//! marked critical) and the payload's type; the unprotected header holds the empty
//! `etsiU` list DSS looks for.

use std::path::{Path, PathBuf};

use josekit::jws::{self, JwsHeaderSet};
use openssl::pkey::{Id, PKey};
use openssl::x509::X509;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Why sealing could not be done.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("{path}: {detail}")]
    File { path: String, detail: String },
    #[error("the seal key is neither P-256, P-384 nor RSA")]
    KeyType,
    #[error("the seal's private key does not belong to its certificate")]
    Mismatch,
    #[error("signing: {0}")]
    Sign(String),
}

/// A provider's seal: its key and certificate chain (signing certificate first).
pub struct Seal {
    key_pem: Vec<u8>,
    chain: Vec<Vec<u8>>,
    alg: &'static str,
}

/// Where an issuer's seal is kept.
pub fn seal_dir(issuer_dir: &Path) -> PathBuf {
    issuer_dir.join("seal")
}

fn file_error(path: &Path, detail: impl ToString) -> SealError {
    SealError::File {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}

impl Seal {
    /// The seal configured for the issuer in `issuer_dir`, if any.
    pub fn load(issuer_dir: &Path) -> Result<Option<Seal>, SealError> {
        let dir = seal_dir(issuer_dir);
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        if !cert.exists() && !key.exists() {
            return Ok(None);
        }
        let cert_pem = std::fs::read(&cert).map_err(|e| file_error(&cert, e))?;
        let key_pem = std::fs::read(&key).map_err(|e| file_error(&key, e))?;
        Seal::from_pem(&cert_pem, &key_pem)
            .map(Some)
            .map_err(|e| match e {
                SealError::File { detail, .. } => file_error(&dir, detail),
                other => other,
            })
    }

    pub fn from_pem(cert_pem: &[u8], key_pem: &[u8]) -> Result<Seal, SealError> {
        let bad = |d: openssl::error::ErrorStack| SealError::File {
            path: String::new(),
            detail: d.to_string(),
        };
        let certs = X509::stack_from_pem(cert_pem).map_err(bad)?;
        let first = certs.first().ok_or_else(|| SealError::File {
            path: String::new(),
            detail: "no certificate".into(),
        })?;
        let key = PKey::private_key_from_pem(key_pem).map_err(bad)?;
        let public = first.public_key().map_err(bad)?;
        if !key.public_eq(&public) {
            return Err(SealError::Mismatch);
        }
        let alg = match key.id() {
            Id::EC => match key.bits() {
                256 => "ES256",
                384 => "ES384",
                _ => return Err(SealError::KeyType),
            },
            Id::RSA => "RS256",
            _ => return Err(SealError::KeyType),
        };
        let chain = certs
            .iter()
            .map(|c| c.to_der().map_err(bad))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Seal {
            key_pem: key_pem.to_vec(),
            chain,
            alg,
        })
    }

    /// Seals `payload` (a JSON-LD document): the JAdES signature as JWS JSON.
    pub fn seal(&self, payload: &[u8], signing_time: &str) -> Result<Value, SealError> {
        let sign = |e: josekit::JoseError| SealError::Sign(e.to_string());
        let mut h = JwsHeaderSet::new();
        h.set_algorithm(self.alg, true);
        h.set_content_type("application/ld+json", true);
        h.set_x509_certificate_chain(&self.chain, true);
        h.set_x509_certificate_sha256_thumbprint(Sha256::digest(&self.chain[0]), true);
        h.set_claim("sigT", Some(Value::from(signing_time)), true)
            .map_err(sign)?;
        h.set_critical(&vec!["sigT"]);
        h.set_claim("etsiU", Some(Value::Array(Vec::new())), false)
            .map_err(sign)?;
        let text = match self.alg {
            "ES256" => jws::serialize_flattened_json(
                payload,
                &h,
                &jws::ES256.signer_from_pem(&self.key_pem).map_err(sign)?,
            ),
            "ES384" => jws::serialize_flattened_json(
                payload,
                &h,
                &jws::ES384.signer_from_pem(&self.key_pem).map_err(sign)?,
            ),
            _ => jws::serialize_flattened_json(
                payload,
                &h,
                &jws::RS256.signer_from_pem(&self.key_pem).map_err(sign)?,
            ),
        }
        .map_err(sign)?;
        serde_json::from_str(&text).map_err(|e| SealError::Sign(e.to_string()))
    }
}
