//! The suites that sign `hash(proof configuration) ‖ hash(document)`: eddsa-rdfc-2022,
//! eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019 (VC Data Integrity EdDSA and ECDSA
//! Cryptosuites v1.0) and the Linked Data suites they grew from, Ed25519Signature2020
//! and Ed25519Signature2018 (jsonld-signatures' `createVerifyData`, the same bytes).
//!
//! The proof configuration is the proof without its signature, under the document's
//! `@context` (unless the proof brings its own), as the reference implementation builds
//! it. RDFC suites canonicalise both with our RDFC-1.0 ([`crate::di::rdfc`]); JCS suites
//! serialise both with RFC 8785 (`serde_jcs`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256, Sha384};

use super::{multibase_base58, Suite};
use crate::di::{rdfc, DiError};
use crate::pubkey::{Curve, VerifyingKey};

/// The signature members, left out of the proof configuration.
const SIGNATURE_MEMBERS: [&str; 3] = ["proofValue", "jws", "signatureValue"];

/// The proof configuration document of `proof` over `unsecured`.
pub fn proof_configuration(unsecured: &Value, proof: &Map<String, Value>) -> Value {
    let mut m = Map::new();
    if let Some(c) = unsecured.get("@context") {
        m.insert("@context".into(), c.clone());
    }
    for (k, v) in proof {
        if !SIGNATURE_MEMBERS.contains(&k.as_str()) {
            m.insert(k.clone(), v.clone());
        }
    }
    Value::Object(m)
}

/// RDFC-1.0 canonical N-Quads of a whole document (a `proof` member included, as in
/// a chain, where the previous proofs are part of what is signed).
pub fn rdfc_lines(doc: &Value) -> Result<Vec<String>, DiError> {
    rdfc_lines_with(doc, rdfc::CanonHash::Sha256)
}

/// [`rdfc_lines`] with another hash inside the canonicalisation.
pub fn rdfc_lines_with(doc: &Value, hash: rdfc::CanonHash) -> Result<Vec<String>, DiError> {
    super::super::refuse_named_blank_nodes(doc)?;
    let quads = if doc.get("proof").is_some() {
        crate::di::quads_general(doc)?
    } else {
        match crate::di::quads_fast(doc) {
            Ok(q) => q,
            Err(_) => crate::di::quads_general(doc)?,
        }
    };
    rdfc::canonicalize_with(&quads, hash).map_err(|_| DiError::TooComplex)
}

/// RFC 8785 JSON Canonicalization Scheme.
pub fn jcs(v: &Value) -> Result<Vec<u8>, DiError> {
    serde_jcs::to_vec(v).map_err(|e| DiError::Document(format!("JCS: {e}")))
}

fn digest(curve: Curve, bytes: &[u8]) -> Vec<u8> {
    match curve {
        Curve::P384 => Sha384::digest(bytes).to_vec(),
        _ => Sha256::digest(bytes).to_vec(),
    }
}

/// The bytes a suite hashes, for the configuration and the document. The reference
/// implementation canonicalises with the suite's hash (SHA-384 for P-384 keys).
fn transformed(suite: Suite, v: &Value, curve: Curve) -> Result<Vec<u8>, DiError> {
    let hash = if curve == Curve::P384 {
        rdfc::CanonHash::Sha384
    } else {
        rdfc::CanonHash::Sha256
    };
    match suite {
        Suite::EddsaJcs2022 | Suite::EcdsaJcs2019 => jcs(v),
        _ => Ok(rdfc_lines_with(v, hash)?.concat().into_bytes()),
    }
}

/// `hash(configuration) ‖ hash(document)`: what the suite signs.
pub fn hash_data(
    suite: Suite,
    unsecured: &Value,
    proof: &Map<String, Value>,
    curve: Curve,
) -> Result<Vec<u8>, DiError> {
    if suite != Suite::EddsaJcs2022 && suite != Suite::EcdsaJcs2019 {
        crate::contexts::document_contexts(unsecured)?;
    }
    // A proof with a @context of its own must extend the document's (eddsa-jcs-2022 §3.3.2).
    if let (Some(own), Some(doc)) = (proof.get("@context"), unsecured.get("@context")) {
        let list = |v: &Value| match v {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        let (own, doc) = (list(own), list(doc));
        if !doc.starts_with(&own) && !own.starts_with(&doc) {
            return Err(DiError::Proof(
                "the proof's @context does not match the document's".into(),
            ));
        }
    }
    let config = proof_configuration(unsecured, proof);
    let mut out = digest(curve, &transformed(suite, &config, curve)?);
    out.extend(digest(curve, &transformed(suite, unsecured, curve)?));
    Ok(out)
}

/// Verifies one proof of a suite of this module over `unsecured` with `key`.
pub fn verify(
    suite: Suite,
    unsecured: &Value,
    proof: &Map<String, Value>,
    key: &VerifyingKey,
) -> Result<(), DiError> {
    if suite == Suite::EcdsaSd2023 {
        return Err(DiError::Unsupported(
            "ecdsa-sd-2023 is not a hashed suite".into(),
        ));
    }
    let data = hash_data(suite, unsecured, proof, key.curve())?;
    let ok = if suite == Suite::Ed25519Signature2018 {
        detached_jws(proof, &data, key)?
    } else {
        key.verify(&data, &multibase_base58(proof.get("proofValue"))?)
    };
    if ok {
        Ok(())
    } else {
        Err(DiError::BadSignature)
    }
}

/// An RFC 7797 detached JWS with an unencoded payload (`{"alg":"EdDSA","b64":false,
/// "crit":["b64"]}`): the signing input is the encoded header, `.`, and the raw bytes.
fn detached_jws(
    proof: &Map<String, Value>,
    data: &[u8],
    key: &VerifyingKey,
) -> Result<bool, DiError> {
    let jws = proof
        .get("jws")
        .and_then(Value::as_str)
        .ok_or_else(|| DiError::Proof("no jws".into()))?;
    let (header, signature) = match jws.split('.').collect::<Vec<_>>()[..] {
        [h, "", s] => (h, s),
        _ => return Err(DiError::Proof("jws is not a detached JWS".into())),
    };
    let bad = |m: &str| DiError::Proof(format!("jws: {m}"));
    let parsed: Value = B64
        .decode(header)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| bad("the header is not base64url JSON"))?;
    if parsed["b64"] != Value::Bool(false)
        || !parsed["crit"]
            .as_array()
            .is_some_and(|c| c.iter().any(|x| x == "b64"))
    {
        return Err(bad("the payload must be unencoded (b64: false, crit b64)"));
    }
    let alg = parsed["alg"].as_str().unwrap_or_default();
    let signature = B64
        .decode(signature)
        .map_err(|_| bad("the signature is not base64url"))?;
    let mut input = header.as_bytes().to_vec();
    input.push(b'.');
    input.extend_from_slice(data);
    Ok(key.verify_jws(alg, &input, &signature))
}
