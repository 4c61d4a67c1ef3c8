//! Verifying the Data Integrity proofs other issuers make, one cryptosuite per module:
//!
//! | proof | module | transformation | hash | signature |
//! |---|---|---|---|---|
//! | `DataIntegrityProof` `eddsa-rdfc-2022` | [`super`] (fast path) / [`hashed`] | RDFC-1.0 | SHA-256 | Ed25519 |
//! | `DataIntegrityProof` `eddsa-jcs-2022` | [`hashed`] | JCS (RFC 8785) | SHA-256 | Ed25519 |
//! | `DataIntegrityProof` `ecdsa-rdfc-2019` | [`hashed`] | RDFC-1.0 | SHA-256 (P-256), SHA-384 (P-384) | ECDSA |
//! | `DataIntegrityProof` `ecdsa-jcs-2019` | [`hashed`] | JCS | SHA-256 (P-256), SHA-384 (P-384) | ECDSA |
//! | `DataIntegrityProof` `ecdsa-sd-2023` | [`sd`] | RDFC-1.0 with HMAC blank-node labels | SHA-256 | ECDSA P-256 |
//! | `Ed25519Signature2020` | [`hashed`] | RDFC-1.0 | SHA-256 | Ed25519 |
//! | `Ed25519Signature2018` | [`hashed`] | RDFC-1.0 | SHA-256 | detached JWS (`b64: false`), EdDSA |
//!
//! Every suite here only *verifies*. Which key may have made a proof (the issuer's, for
//! the purpose the proof states) is the caller's to decide; the key is handed in.
//!
//! Proof sets and chains (VC Data Integrity 1.0 §4.4–4.5): every proof of a set is
//! checked over the document without its proofs; a proof naming `previousProof` is
//! checked over the document holding exactly the proofs it names, which must be there.

pub mod hashed;
pub mod sd;

use serde_json::{Map, Value};

use super::DiError;
use crate::pubkey::{Curve, VerifyingKey};

/// A proof suite this verifier implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    EddsaRdfc2022,
    EddsaJcs2022,
    EcdsaRdfc2019,
    EcdsaJcs2019,
    EcdsaSd2023,
    Ed25519Signature2020,
    Ed25519Signature2018,
}

/// Data Integrity cryptosuites registered with the W3C that are not implemented here: a
/// proof in one of them is "could not check", any other name is not a proof at all.
const UNIMPLEMENTED_SUITES: [&str; 3] = ["bbs-2023", "ecdsa-rdfc-2019-p521", "mldsa44-rdfc-2024"];
/// Older Linked Data proof types, likewise.
const UNIMPLEMENTED_TYPES: [&str; 5] = [
    "JsonWebSignature2020",
    "EcdsaSecp256k1Signature2019",
    "EcdsaSecp256r1Signature2019",
    "BbsBlsSignature2020",
    "RsaSignature2018",
];

impl Suite {
    /// The name in reports: the cryptosuite, or the proof type for the older ones.
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
            Suite::EcdsaRdfc2019 => "ecdsa-rdfc-2019",
            Suite::EcdsaJcs2019 => "ecdsa-jcs-2019",
            Suite::EcdsaSd2023 => "ecdsa-sd-2023",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
            Suite::Ed25519Signature2018 => "Ed25519Signature2018",
        }
    }

    /// The suite of a proof object: [`DiError::Unsupported`] for a known suite that is not
    /// implemented, [`DiError::Proof`] for something that is not a proof type at all.
    pub fn of(proof: &Map<String, Value>) -> Result<Suite, DiError> {
        let s = |k: &str| proof.get(k).and_then(Value::as_str).unwrap_or_default();
        match (s("type"), s("cryptosuite")) {
            ("DataIntegrityProof", c) => match c {
                "eddsa-rdfc-2022" => Ok(Suite::EddsaRdfc2022),
                "eddsa-jcs-2022" => Ok(Suite::EddsaJcs2022),
                "ecdsa-rdfc-2019" => Ok(Suite::EcdsaRdfc2019),
                "ecdsa-jcs-2019" => Ok(Suite::EcdsaJcs2019),
                "ecdsa-sd-2023" => Ok(Suite::EcdsaSd2023),
                c if UNIMPLEMENTED_SUITES.contains(&c) => {
                    Err(DiError::Unsupported(format!("cryptosuite {c}")))
                }
                "" => Err(DiError::Proof(
                    "a DataIntegrityProof without cryptosuite".into(),
                )),
                c => Err(DiError::Proof(format!("unknown cryptosuite '{c}'"))),
            },
            ("Ed25519Signature2020", _) => Ok(Suite::Ed25519Signature2020),
            ("Ed25519Signature2018", _) => Ok(Suite::Ed25519Signature2018),
            (t, _) if UNIMPLEMENTED_TYPES.contains(&t) => {
                Err(DiError::Unsupported(format!("proof type {t}")))
            }
            ("", _) => Err(DiError::Proof("a proof without type".into())),
            (t, _) => Err(DiError::Proof(format!("unknown proof type '{t}'"))),
        }
    }

    /// Whether a key of `curve` can make this suite's signatures.
    pub fn accepts(self, curve: Curve) -> bool {
        match self {
            Suite::EddsaRdfc2022
            | Suite::EddsaJcs2022
            | Suite::Ed25519Signature2020
            | Suite::Ed25519Signature2018 => curve == Curve::Ed25519,
            Suite::EcdsaRdfc2019 | Suite::EcdsaJcs2019 => {
                matches!(curve, Curve::P256 | Curve::P384)
            }
            Suite::EcdsaSd2023 => curve == Curve::P256,
        }
    }
}

/// Most proofs accepted on one document.
pub const MAX_PROOFS: usize = 8;

/// The proofs of a secured document, in order (a single proof object is a set of one).
pub fn proofs(doc: &Value) -> Result<Vec<&Map<String, Value>>, DiError> {
    let list: Vec<&Value> = match doc.get("proof") {
        None => return Err(DiError::Proof("the document has no proof".into())),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
    };
    if list.is_empty() {
        return Err(DiError::Proof("the proof list is empty".into()));
    }
    if list.len() > MAX_PROOFS {
        return Err(DiError::Proof(format!("more than {MAX_PROOFS} proofs")));
    }
    list.into_iter()
        .map(|p| {
            p.as_object()
                .ok_or_else(|| DiError::Proof("a proof is not an object".into()))
        })
        .collect()
}

/// The document a proof was made over: without its proofs, or, for a proof in a chain,
/// with exactly the proofs its `previousProof` names (each must be present).
pub fn unsecured_for(doc: &Value, proof: &Map<String, Value>) -> Result<Value, DiError> {
    let mut out = doc.clone();
    let Value::Object(m) = &mut out else {
        return Err(DiError::Document("not a JSON object".into()));
    };
    m.shift_remove("proof");
    let wanted: Vec<&str> = match proof.get("previousProof") {
        None => return Ok(out),
        Some(Value::String(id)) => vec![id.as_str()],
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| DiError::Proof("previousProof must name proof ids".into()))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(DiError::Proof("previousProof must name proof ids".into())),
    };
    let all = proofs(doc)?;
    let mut matching = Vec::new();
    for id in wanted {
        let found = all
            .iter()
            .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
            .ok_or_else(|| {
                DiError::Proof(format!("the previous proof {id} is not in the document"))
            })?;
        matching.push(Value::Object((*found).clone()));
    }
    m.insert("proof".into(), Value::Array(matching));
    Ok(out)
}

/// Verifies proof `proof` of `doc` (one of [`proofs`]) with `key`, the key of its
/// verification method. Dates and purposes are the caller's to judge.
pub fn verify(doc: &Value, proof: &Map<String, Value>, key: &VerifyingKey) -> Result<(), DiError> {
    let suite = Suite::of(proof)?;
    if !suite.accepts(key.curve()) {
        return Err(DiError::Proof(format!(
            "{} does not sign with {} keys",
            suite.name(),
            key.curve().jwk_crv()
        )));
    }
    let unsecured = unsecured_for(doc, proof)?;
    match suite {
        Suite::EcdsaSd2023 => sd::verify(&unsecured, proof, key),
        _ => hashed::verify(suite, &unsecured, proof, key),
    }
}

/// `z`-prefixed base58btc, as Data Integrity and Ed25519Signature2020 encode signatures.
pub(crate) fn multibase_base58(value: Option<&Value>) -> Result<Vec<u8>, DiError> {
    let s = value
        .and_then(Value::as_str)
        .ok_or_else(|| DiError::Proof("no proofValue".into()))?;
    s.strip_prefix('z')
        .filter(|b| b.len() <= 512)
        .and_then(|b| bs58::decode(b).into_vec().ok())
        .ok_or_else(|| DiError::Proof("proofValue is not base58btc multibase".into()))
}
