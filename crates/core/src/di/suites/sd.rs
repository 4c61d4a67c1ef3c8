//! `ecdsa-sd-2023` (VC Data Integrity ECDSA Cryptosuites v1.0 §3.4): selective
//! disclosure with ECDSA P-256.
//!
//! The issuer signs, with its own key, `proofHash ‖ ephemeralPublicKey ‖ mandatoryHash`,
//! and each non-mandatory N-Quad with a one-time (ephemeral) key; blank nodes get labels
//! derived by HMAC. The holder reveals some quads in a *derived* proof, which carries the
//! signatures of the revealed ones and the map from the revealed document's canonical
//! labels to the HMAC labels. A verifier checks derived proofs; a *base* proof (which
//! the holder keeps, with the HMAC key in it) is checked the way the reference
//! implementation's holder does (`createConfirmCryptosuite`): the mandatory quads are
//! those of the document selected by the proof's mandatory JSON pointers.
//!
//! Hand-written: no maintained Rust crate implements ecdsa-sd-2023. The CBOR is read
//! with `ciborium`, the curve is RustCrypto's `p256`, canonicalisation is ours.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ciborium::Value as Cbor;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use super::hashed::{proof_configuration, rdfc_lines};
use crate::di::{rdfc, DiError};
use crate::pubkey::{Curve, VerifyingKey};

const BASE_PREFIX: [u8; 3] = [0xd9, 0x5d, 0x00];
const DERIVED_PREFIX: [u8; 3] = [0xd9, 0x5d, 0x01];
/// Most signatures (non-mandatory quads) one proof may carry.
const MAX_SIGNATURES: usize = 4096;

/// What a base proof value holds.
struct Base {
    base_signature: Vec<u8>,
    public_key: Vec<u8>,
    hmac_key: Vec<u8>,
    signatures: Vec<Vec<u8>>,
    mandatory_pointers: Vec<String>,
}

/// What a derived proof value holds.
struct Derived {
    base_signature: Vec<u8>,
    public_key: Vec<u8>,
    signatures: Vec<Vec<u8>>,
    /// Canonical label number → HMAC label (`u…`).
    label_map: Vec<(usize, String)>,
    mandatory_indexes: Vec<usize>,
}

fn bad(m: &str) -> DiError {
    DiError::Proof(format!("ecdsa-sd-2023: {m}"))
}

fn bytes(v: &Cbor, what: &str) -> Result<Vec<u8>, DiError> {
    match v {
        Cbor::Bytes(b) => Ok(b.clone()),
        Cbor::Tag(_, inner) => bytes(inner, what),
        _ => Err(bad(&format!("{what} is not a byte string"))),
    }
}

fn index(v: &Cbor) -> Result<usize, DiError> {
    match v {
        Cbor::Integer(i) => usize::try_from(i128::from(*i)).map_err(|_| bad("a negative index")),
        _ => Err(bad("an index is not an integer")),
    }
}

fn signature_list(v: &Cbor) -> Result<Vec<Vec<u8>>, DiError> {
    match v {
        Cbor::Array(a) if a.len() <= MAX_SIGNATURES => {
            a.iter().map(|s| bytes(s, "a signature")).collect()
        }
        _ => Err(bad("signatures is not a (small enough) array")),
    }
}

enum Parsed {
    Base(Base),
    Derived(Derived),
}

fn parse(proof_value: &str) -> Result<Parsed, DiError> {
    let raw = proof_value
        .strip_prefix('u')
        .and_then(|b| B64.decode(b).ok())
        .ok_or_else(|| bad("proofValue is not base64url multibase"))?;
    let (derived, body) = if let Some(b) = raw.strip_prefix(&DERIVED_PREFIX) {
        (true, b)
    } else if let Some(b) = raw.strip_prefix(&BASE_PREFIX) {
        (false, b)
    } else {
        return Err(bad("proofValue is neither a base nor a derived proof"));
    };
    let value: Cbor = ciborium::from_reader(body).map_err(|_| bad("proofValue is not CBOR"))?;
    let Cbor::Array(parts) = value else {
        return Err(bad("proofValue is not a CBOR array"));
    };
    if !derived {
        let [base_signature, public_key, hmac_key, signatures, pointers] = &parts[..] else {
            return Err(bad("a base proof has five parts"));
        };
        let mandatory_pointers = match pointers {
            Cbor::Array(a) if a.len() <= MAX_SIGNATURES => a
                .iter()
                .map(|p| match p {
                    Cbor::Text(t) => Ok(t.clone()),
                    _ => Err(bad("a mandatory pointer is not text")),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(bad("mandatoryPointers is not a (small enough) array")),
        };
        return Ok(Parsed::Base(Base {
            base_signature: bytes(base_signature, "baseSignature")?,
            public_key: bytes(public_key, "publicKey")?,
            hmac_key: bytes(hmac_key, "hmacKey")?,
            signatures: signature_list(signatures)?,
            mandatory_pointers,
        }));
    }
    let [base_signature, public_key, signatures, label_map, mandatory] = &parts[..] else {
        return Err(bad("a derived proof has five parts"));
    };
    let signatures = signature_list(signatures)?;
    let label_map = match label_map {
        Cbor::Map(m) if m.len() <= MAX_SIGNATURES * 4 => m
            .iter()
            .map(|(k, v)| Ok((index(k)?, format!("u{}", B64.encode(bytes(v, "a label")?)))))
            .collect::<Result<Vec<_>, DiError>>()?,
        _ => return Err(bad("the label map is not a (small enough) map")),
    };
    let mandatory_indexes = match mandatory {
        Cbor::Array(a) if a.len() <= MAX_SIGNATURES * 4 => {
            a.iter().map(index).collect::<Result<_, _>>()?
        }
        _ => return Err(bad("mandatoryIndexes is not a (small enough) array")),
    };
    Ok(Parsed::Derived(Derived {
        base_signature: bytes(base_signature, "baseSignature")?,
        public_key: bytes(public_key, "publicKey")?,
        signatures,
        label_map,
        mandatory_indexes,
    }))
}

/// Quads of a document (without proof), by the fast walker when it can.
fn quads(doc: &Value) -> Result<Vec<rdfc::Quad>, DiError> {
    super::super::refuse_named_blank_nodes(doc)?;
    match crate::di::quads_fast(doc) {
        Ok(q) => Ok(q),
        Err(_) => crate::di::quads_general(doc),
    }
}

/// Canonical N-Quads with each label `c14nN` replaced by `label(N)` (`None`: the proof
/// has no label for it, so it cannot be this document's).
fn relabelled(
    doc: &Value,
    label: &dyn Fn(usize) -> Option<String>,
) -> Result<Vec<String>, DiError> {
    let missing = std::cell::Cell::new(false);
    let lines = rdfc::canonicalize_relabelled(&quads(doc)?, &|n| match label(n) {
        Some(l) => format!("_:{l}"),
        None => {
            missing.set(true);
            String::new()
        }
    })
    .map_err(|_| DiError::TooComplex)?;
    if missing.get() {
        return Err(DiError::BadSignature);
    }
    Ok(lines)
}

/// Verifies an `ecdsa-sd-2023` proof (derived, or the holder's base proof) of
/// `unsecured` with the issuer's P-256 `key`.
pub fn verify(
    unsecured: &Value,
    proof: &Map<String, Value>,
    key: &VerifyingKey,
) -> Result<(), DiError> {
    crate::contexts::document_contexts(unsecured)?;
    let value = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or_else(|| DiError::Proof("no proofValue".into()))?;
    let proof_hash = Sha256::digest(rdfc_lines(&proof_configuration(unsecured, proof))?.concat());
    let (base_signature, public_key, signatures, mandatory, optional) = match parse(value)? {
        Parsed::Derived(d) => {
            let labels: HashMap<usize, String> = d.label_map.into_iter().collect();
            let lines = relabelled(unsecured, &|n| labels.get(&n).cloned())?;
            let (mut mandatory, mut optional) = (Vec::new(), Vec::new());
            for (i, line) in lines.into_iter().enumerate() {
                if d.mandatory_indexes.contains(&i) {
                    mandatory.push(line);
                } else {
                    optional.push(line);
                }
            }
            if mandatory.len() != d.mandatory_indexes.len() {
                return Err(DiError::BadSignature);
            }
            (
                d.base_signature,
                d.public_key,
                d.signatures,
                mandatory,
                optional,
            )
        }
        Parsed::Base(b) => {
            let hmac = |n: usize| {
                let mut mac = Hmac::<Sha256>::new_from_slice(&b.hmac_key).ok()?;
                mac.update(format!("c14n{n}").as_bytes());
                Some(format!("u{}", B64.encode(mac.finalize().into_bytes())))
            };
            let all = relabelled(unsecured, &hmac)?;
            let mandatory = if b.mandatory_pointers.is_empty() {
                Vec::new()
            } else {
                relabelled(&select(unsecured, &b.mandatory_pointers)?, &hmac)?
            };
            let optional = all.into_iter().filter(|l| !mandatory.contains(l)).collect();
            (
                b.base_signature,
                b.public_key,
                b.signatures,
                mandatory,
                optional,
            )
        }
    };
    let ephemeral = VerifyingKey::from_multicodec(&public_key)
        .map_err(|e| bad(&format!("the ephemeral key: {e}")))?;
    if ephemeral.curve() != Curve::P256 || optional.len() != signatures.len() {
        return Err(DiError::BadSignature);
    }
    let mut to_verify = proof_hash.to_vec();
    to_verify.extend_from_slice(&public_key);
    to_verify.extend_from_slice(&Sha256::digest(mandatory.concat()));
    if !key.verify(&to_verify, &base_signature) {
        return Err(DiError::BadSignature);
    }
    for (line, sig) in optional.iter().zip(&signatures) {
        if !ephemeral.verify(line.as_bytes(), sig) {
            return Err(DiError::BadSignature);
        }
    }
    Ok(())
}

/// The part of `doc` that JSON pointers select, with the `@context`, and the non-blank
/// `id` and the `type` of every object on the way (`selectJsonLd` of the reference
/// implementation's di-sd-primitives).
pub fn select(doc: &Value, pointers: &[String]) -> Result<Value, DiError> {
    let init = |source: &Value| {
        let mut m = Map::new();
        if let Some(id) = source.get("id").and_then(Value::as_str) {
            if !id.starts_with("_:") {
                m.insert("id".into(), Value::String(id.into()));
            }
        }
        if let Some(t) = source.get("type") {
            m.insert("type".into(), t.clone());
        }
        Value::Object(m)
    };
    let mut selection = init(doc);
    if let (Value::Object(m), Some(c)) = (&mut selection, doc.get("@context")) {
        m.insert("@context".into(), c.clone());
    }
    // Arrays are built sparse (a hole is this marker) and made dense at the end.
    const HOLE: &str = "\u{0}selection-hole";
    for pointer in pointers {
        let paths = parse_pointer(pointer)?;
        if paths.is_empty() {
            return Ok(doc.clone());
        }
        let no_match = || {
            bad(&format!(
                "the JSON pointer {pointer} does not match the document"
            ))
        };
        let mut value = doc;
        let mut selected = &mut selection;
        for (i, path) in paths.iter().enumerate() {
            let next = match (value, path) {
                (Value::Object(m), p) => m.get(p.as_str()),
                (Value::Array(a), p) => p.parse::<usize>().ok().and_then(|n| a.get(n)),
                _ => None,
            }
            .ok_or_else(no_match)?;
            let last = i + 1 == paths.len();
            let fresh = if last {
                match next {
                    Value::Object(_) => init(next),
                    other => other.clone(),
                }
            } else if next.is_array() {
                Value::Array(Vec::new())
            } else {
                init(next)
            };
            let slot: &mut Value = match selected {
                Value::Object(m) => m.entry(path.clone()).or_insert(fresh),
                Value::Array(a) => {
                    let n: usize = path.parse().map_err(|_| no_match())?;
                    if n > 10_000 {
                        return Err(no_match());
                    }
                    while a.len() <= n {
                        a.push(Value::String(HOLE.into()));
                    }
                    if a[n] == Value::String(HOLE.into()) {
                        a[n] = fresh;
                    }
                    &mut a[n]
                }
                _ => return Err(no_match()),
            };
            if last {
                match (slot, next) {
                    (Value::Object(sel), Value::Object(src)) => {
                        for (k, v) in src {
                            sel.insert(k.clone(), v.clone());
                        }
                    }
                    (slot, next) => *slot = next.clone(),
                }
                break;
            }
            selected = slot;
            value = next;
        }
    }
    fn dense(v: &mut Value, hole: &Value) {
        match v {
            Value::Array(a) => {
                a.retain(|x| x != hole);
                a.iter_mut().for_each(|x| dense(x, hole));
            }
            Value::Object(m) => m.values_mut().for_each(|x| dense(x, hole)),
            _ => {}
        }
    }
    dense(&mut selection, &Value::String(HOLE.into()));
    Ok(selection)
}

/// RFC 6901 reference tokens.
fn parse_pointer(pointer: &str) -> Result<Vec<String>, DiError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer
        .strip_prefix('/')
        .ok_or_else(|| bad(&format!("{pointer} is not a JSON pointer")))?;
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}
