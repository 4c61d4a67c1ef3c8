//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.
//!
//! The pipeline: JSON-LD → RDF quads → RDFC-1.0 canonical N-Quads → SHA-256 of proof
//! configuration and document → Ed25519. Quads come from a fast walker ([`expand`]) that
//! covers the JSON-LD credentials use and keeps processed contexts between calls, or,
//! for anything else, from full JSON-LD expansion and RDF conversion ([`general`]), both
//! our own ([`crate::jsonld`]) and both loading only the bundled contexts.
//!
//! Canonicalisation is our own ([`rdfc`]), not `ssi`'s: ssi-rdf 0.1's URDNA2015 departs
//! from RDFC-1.0 in Hash N-Degree Quads step 5.4.4.1 (a related blank node that already
//! has a canonical identifier is recursed into instead of appended to the path), so any
//! graph that needs n-degree hashing canonicalises differently from the reference
//! implementation and signatures would not carry between implementations. (`ssi`'s
//! JSON-LD-to-RDF step also leaves out the literal items of `@list` values; the `json-ld`
//! crate it is built on does not, and neither do we.) Ours follows
//! the specification, has a work limit against hostile graphs, and is checked against the
//! W3C vectors and jsonld.js. `ssi`'s own signing and verification ([`reference`]) remain
//! the reference in tests for documents that do not reach that step.
//!
//! The verification method's key is supplied by the caller, who has resolved it from the
//! issuer's DID and checked that the issuer controls it: `ssi` resolves keys without
//! regard to the issuer, so that check cannot be left to it.

pub mod expand;
mod general;
pub mod rdfc;
#[cfg(feature = "ssi-reference")]
pub mod reference;
pub mod suites;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::contexts::{self, ContextError};
use crate::keys::SecretKey;
use crate::pubkey::VerifyingKey;

pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DiError {
    #[error("{0}")]
    Context(#[from] ContextError),
    #[error("not a valid document for a Data Integrity proof: {0}")]
    Document(String),
    #[error("the proof is missing or malformed: {0}")]
    Proof(String),
    #[error("unsupported proof: {0}")]
    Unsupported(String),
    #[error("the signature does not match the document (tampered, or signed by another key)")]
    BadSignature,
    #[error("JSON-LD processing failed: {0}")]
    JsonLd(String),
    #[error("the document's graph is too complex to canonicalise safely")]
    TooComplex,
}

/// What the proof says about itself, besides the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofConfig {
    /// `xsd:dateTime`, e.g. `2026-05-29T10:00:00Z`.
    pub created: String,
    pub verification_method: String,
    /// `assertionMethod` for credentials, `authentication` for presentations.
    pub proof_purpose: String,
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

impl ProofConfig {
    pub fn assertion(verification_method: &str, created: &str) -> Self {
        ProofConfig {
            created: created.to_string(),
            verification_method: verification_method.to_string(),
            proof_purpose: "assertionMethod".into(),
            challenge: None,
            domain: None,
        }
    }

    /// Reads the single `eddsa-rdfc-2022` proof of a signed document.
    pub fn of(signed: &Value) -> Result<ProofConfig, DiError> {
        let proof = single_proof(signed)?;
        let s = |k: &str| proof.get(k).and_then(Value::as_str).map(str::to_string);
        if s("type").as_deref() != Some("DataIntegrityProof") {
            return Err(DiError::Unsupported(format!(
                "proof type {}",
                s("type").unwrap_or_else(|| "(none)".into())
            )));
        }
        if s("cryptosuite").as_deref() != Some(CRYPTOSUITE) {
            return Err(DiError::Unsupported(format!(
                "cryptosuite {}",
                s("cryptosuite").unwrap_or_else(|| "(none)".into())
            )));
        }
        let domain = match proof.get("domain") {
            Some(Value::String(d)) => Some(d.clone()),
            Some(Value::Array(a)) if a.len() == 1 => a[0].as_str().map(str::to_string),
            Some(_) => return Err(DiError::Proof("domain must be a string".into())),
            None => None,
        };
        Ok(ProofConfig {
            created: s("created").unwrap_or_default(),
            verification_method: s("verificationMethod")
                .ok_or_else(|| DiError::Proof("no verificationMethod".into()))?,
            proof_purpose: s("proofPurpose")
                .ok_or_else(|| DiError::Proof("no proofPurpose".into()))?,
            challenge: s("challenge"),
            domain,
        })
    }
}

fn single_proof(signed: &Value) -> Result<&Map<String, Value>, DiError> {
    match signed.get("proof") {
        Some(Value::Object(p)) => Ok(p),
        Some(Value::Array(a)) if a.len() == 1 => a[0]
            .as_object()
            .ok_or_else(|| DiError::Proof("proof is not an object".into())),
        Some(Value::Array(_)) => Err(DiError::Unsupported("more than one proof".into())),
        Some(_) => Err(DiError::Proof("proof is not an object".into())),
        None => Err(DiError::Proof("the document has no proof".into())),
    }
}

#[cfg(feature = "ssi-reference")]
pub(crate) fn is_presentation(doc: &Value) -> bool {
    match &doc["type"] {
        Value::String(t) => t == "VerifiablePresentation",
        Value::Array(a) => a.iter().any(|t| t == "VerifiablePresentation"),
        _ => false,
    }
}

/// Documents naming blank nodes (`"id": "_:b0"`) can form the cyclic, symmetric graphs
/// that make canonicalisation exponential; credentials have no need for them, so they are
/// never signed. (Verifying canonicalises them under the work limit.)
fn refuse_named_blank_nodes(v: &Value) -> Result<(), DiError> {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if (k == "id" || k == "@id") && x.as_str().is_some_and(|s| s.starts_with("_:")) {
                    return Err(DiError::Unsupported("blank node identifiers".into()));
                }
                refuse_named_blank_nodes(x)?;
            }
            Ok(())
        }
        Value::Array(a) => a.iter().try_for_each(refuse_named_blank_nodes),
        _ => Ok(()),
    }
}

fn without_proof(doc: &Value) -> Value {
    let mut d = doc.clone();
    if let Value::Object(m) = &mut d {
        m.remove("proof");
    }
    d
}

/// Why the fast path did not produce a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FastPathError {
    Fallback(expand::Fallback),
    TooComplex,
}

/// Quads of a document (without its proof) by the fast walker only.
pub fn quads_fast(doc: &Value) -> Result<Vec<rdfc::Quad>, expand::Fallback> {
    expand::with_expander(|e| e.to_quads(doc))?
}

/// Quads of a document by full JSON-LD expansion.
pub fn quads_general(doc: &Value) -> Result<Vec<rdfc::Quad>, DiError> {
    general::to_quads(doc)
}

/// Quads of a document without its proof.
fn quads(doc: &Value) -> Result<Vec<rdfc::Quad>, DiError> {
    match quads_fast(doc) {
        Ok(q) => Ok(q),
        Err(_) if doc.get("proof").is_some() => quads_general(&without_proof(doc)),
        Err(_) => quads_general(doc),
    }
}

fn canonicalize(quads: &[rdfc::Quad]) -> Result<Vec<String>, DiError> {
    rdfc::canonicalize(quads).map_err(|_| DiError::TooComplex)
}

fn document_hash(doc: &Value) -> Result<[u8; 32], DiError> {
    rdfc::canonical_hash(&quads(doc)?).map_err(|_| DiError::TooComplex)
}

/// Canonical N-Quads of a document without its proof (fast walker only; for tests and
/// measurements).
pub fn canonical_fast(doc: &Value) -> Result<Vec<String>, FastPathError> {
    let quads = quads_fast(doc).map_err(FastPathError::Fallback)?;
    rdfc::canonicalize(&quads).map_err(|_| FastPathError::TooComplex)
}

/// Canonical N-Quads of a document without its proof.
pub fn canonical_document(doc: &Value) -> Result<Vec<String>, DiError> {
    canonicalize(&quads(doc)?)
}

/// The proof configuration as a document of its own (VC Data Integrity 1.0: the proof
/// options with the document's `@context`), canonicalised.
pub fn canonical_proof_config(doc: &Value, cfg: &ProofConfig) -> Result<Vec<String>, DiError> {
    if let Some(lines) = proof_config_lines(cfg) {
        return Ok(lines);
    }
    canonicalize(&quads(&proof_config_document(
        doc,
        &proof_object(cfg, None),
    ))?)
}

fn proof_config_document(doc: &Value, proof: &Value) -> Value {
    let mut m = Map::new();
    m.insert(
        "@context".into(),
        doc.get("@context").cloned().unwrap_or(Value::Null),
    );
    if let Value::Object(p) = proof {
        for (k, v) in p {
            if k != "proofValue" && k != "@context" {
                m.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(m)
}

/// The generic proof-configuration canonical form, even where the template applies
/// (to test the template against it).
pub fn canonical_proof_config_generic(
    doc: &Value,
    cfg: &ProofConfig,
) -> Result<Vec<String>, DiError> {
    canonicalize(&quads(&proof_config_document(
        doc,
        &proof_object(cfg, None),
    ))?)
}

fn is_xsd_date_time_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || b[b.len() - 6] == b'+' || b[b.len() - 6] == b'-')
        && s.bytes()
            .all(|c| c.is_ascii_digit() || b"-:T.Z+".contains(&c))
}

fn is_plain_iri(s: &str) -> bool {
    s.contains(':')
        && s.bytes()
            .all(|b| b > 0x20 && b < 0x7f && !b"<>\"{}|^`\\".contains(&b))
}

/// The canonical proof configuration of a plain assertion proof (the five standard
/// properties, under the VC 2.0 context's `DataIntegrityProof`), written directly: it is
/// the same five quads for every credential. `None` for anything else.
fn proof_config_lines(cfg: &ProofConfig) -> Option<Vec<String>> {
    if !is_xsd_date_time_stamp(&cfg.created)
        || !is_plain_iri(&cfg.verification_method)
        || cfg.challenge.is_some()
        || cfg.domain.is_some()
    {
        return None;
    }
    let purpose = match cfg.proof_purpose.as_str() {
        "assertionMethod" => "https://w3id.org/security#assertionMethod",
        "authentication" => "https://w3id.org/security#authenticationMethod",
        _ => return None,
    };
    // In code-point order already.
    Some(vec![
        format!("_:c14n0 <http://purl.org/dc/terms/created> \"{}\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n", cfg.created),
        "_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#DataIntegrityProof> .\n".into(),
        "_:c14n0 <https://w3id.org/security#cryptosuite> \"eddsa-rdfc-2022\"^^<https://w3id.org/security#cryptosuiteString> .\n".into(),
        format!("_:c14n0 <https://w3id.org/security#proofPurpose> <{purpose}> .\n"),
        format!("_:c14n0 <https://w3id.org/security#verificationMethod> <{}> .\n", cfg.verification_method),
    ])
}

fn hash_lines(lines: &[String]) -> [u8; 32] {
    let mut h = Sha256::new();
    for l in lines {
        h.update(l.as_bytes());
    }
    h.finalize().into()
}

/// SHA-256(proof configuration) ‖ SHA-256(document): what eddsa-rdfc-2022 signs.
fn signing_input(proof: &[String], doc: [u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&hash_lines(proof));
    out[32..].copy_from_slice(&doc);
    out
}

fn proof_object(cfg: &ProofConfig, proof_value: Option<String>) -> Value {
    let mut p = Map::new();
    p.insert("type".into(), Value::String("DataIntegrityProof".into()));
    p.insert("cryptosuite".into(), Value::String(CRYPTOSUITE.into()));
    p.insert("created".into(), Value::String(cfg.created.clone()));
    p.insert(
        "verificationMethod".into(),
        Value::String(cfg.verification_method.clone()),
    );
    p.insert(
        "proofPurpose".into(),
        Value::String(cfg.proof_purpose.clone()),
    );
    if let Some(c) = &cfg.challenge {
        p.insert("challenge".into(), Value::String(c.clone()));
    }
    if let Some(d) = &cfg.domain {
        p.insert("domain".into(), Value::String(d.clone()));
    }
    if let Some(v) = proof_value {
        p.insert("proofValue".into(), Value::String(v));
    }
    Value::Object(p)
}

/// The `eddsa-rdfc-2022` proof object for a document that has none.
pub fn proof(unsigned: &Value, key: &SecretKey, cfg: &ProofConfig) -> Result<Value, DiError> {
    contexts::document_contexts(unsigned)?;
    if unsigned.get("proof").is_some() {
        return Err(DiError::Document("already has a proof".into()));
    }
    refuse_named_blank_nodes(unsigned)?;
    let doc = document_hash(unsigned)?;
    let config = canonical_proof_config(unsigned, cfg)?;
    let signature = key.sign(&signing_input(&config, doc));
    Ok(proof_object(
        cfg,
        Some(format!("z{}", bs58::encode(signature).into_string())),
    ))
}

/// Adds an `eddsa-rdfc-2022` proof to a credential or presentation. The document keeps
/// its own key order; only `proof` is added.
pub fn sign(unsigned: Value, key: &SecretKey, cfg: &ProofConfig) -> Result<Value, DiError> {
    let proof = proof(&unsigned, key, cfg)?;
    let mut out = unsigned;
    match &mut out {
        Value::Object(m) => {
            m.insert("proof".into(), proof);
        }
        _ => return Err(DiError::Document("not a JSON object".into())),
    }
    Ok(out)
}

/// Checks the signature of a document's single `eddsa-rdfc-2022` proof with `key` (the
/// key of the proof's verification method). Validity dates are not judged here.
pub fn verify(signed: &Value, key: impl Into<VerifyingKey>) -> Result<(), DiError> {
    let key = key.into();
    let Some(key) = key.ed25519() else {
        return Err(DiError::Proof(format!(
            "{CRYPTOSUITE} needs an Ed25519 key, not a {} key",
            key.curve().jwk_crv()
        )));
    };
    contexts::document_contexts(signed)?;
    let cfg = ProofConfig::of(signed)?;
    // Named blank nodes are not refused here, unlike when signing: they are canonicalised
    // under the work limit like anything else, so a credential that was given them after
    // signing is found not to match its proof ("not genuine"), and only a graph beyond
    // the limit is one that could not be checked.
    let proof = Value::Object(single_proof(signed)?.clone());
    let value = proof["proofValue"]
        .as_str()
        .ok_or_else(|| DiError::Proof("no proofValue".into()))?;
    let sig = value
        .strip_prefix('z')
        .and_then(|b| bs58::decode(b).into_vec().ok())
        .ok_or_else(|| DiError::Proof("proofValue is not base58btc multibase".into()))?;
    let standard = proof.as_object().is_some_and(|p| {
        p.len() == 6
            && [
                "type",
                "cryptosuite",
                "created",
                "verificationMethod",
                "proofPurpose",
                "proofValue",
            ]
            .iter()
            .all(|k| p.get(*k).is_some_and(Value::is_string))
    });
    let config = match (standard, proof_config_lines(&cfg)) {
        (true, Some(lines)) => lines,
        _ => canonicalize(&quads(&proof_config_document(signed, &proof))?)?,
    };
    let doc = document_hash(signed)?;
    if key.verify(&signing_input(&config, doc), &sig) {
        Ok(())
    } else {
        Err(DiError::BadSignature)
    }
}
