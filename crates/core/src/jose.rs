//! JWS compact serialisation (josekit) with Ed25519 keys: the envelope of VC-JOSE
//! (`vc+jwt`, `vp+jwt`), SD-JWT and key-binding JWTs.
//!
//! The key always comes from the caller (resolved from the issuer's DID); header
//! parameters that carry or point to keys (`jwk`, `jku`, `x5c`, `x5u`) are refused. The
//! algorithms verified are `EdDSA`, `ES256`, `ES384` and `ES256K`, each only with a key of
//! its own curve, so `alg: none`, HMAC with a public key as secret, algorithm confusion
//! and embedded-key tricks fail. Other asymmetric algorithms (RSA, `ES512`) are real but
//! not implemented: [`JwsError::UnsupportedAlgorithm`], which a verifier reports as
//! "could not check".

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use josekit::jws::{self, EdDSA, JwsAlgorithm, JwsHeader, JwsSigner};
use josekit::JoseError;
use serde_json::{Map, Value};

use crate::keys::{PublicKey, SecretKey};
use crate::pubkey::{Curve, VerifyingKey};

/// Largest compact JWS we parse; a micro-credential is a few kilobytes.
pub const MAX_JWS_BYTES: usize = crate::limits::DOCUMENT;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JwsError {
    #[error("not a compact JWS: {0}")]
    Malformed(String),
    #[error("algorithm '{0}' is not accepted for a signature by a public key")]
    AlgorithmNotAllowed(String),
    #[error("algorithm '{0}' is not supported (EdDSA, ES256, ES384 and ES256K are)")]
    UnsupportedAlgorithm(String),
    #[error("the header carries its own key ('{0}'); keys must come from the issuer's DID")]
    EmbeddedKey(String),
    #[error("the signature does not verify")]
    BadSignature,
    #[error("JOSE error: {0}")]
    Jose(String),
}

/// A josekit signer backed by our Ed25519 key.
#[derive(Clone)]
pub struct Ed25519Signer {
    key: Arc<SecretKey>,
    kid: Option<String>,
}

impl Ed25519Signer {
    pub fn new(key: Arc<SecretKey>, kid: Option<String>) -> Self {
        Ed25519Signer { key, kid }
    }
}

impl fmt::Debug for Ed25519Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ed25519Signer({:?})", self.kid)
    }
}

impl JwsSigner for Ed25519Signer {
    fn algorithm(&self) -> &dyn JwsAlgorithm {
        &EdDSA
    }
    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    fn signature_len(&self) -> usize {
        64
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, JoseError> {
        Ok(self.key.sign(message).to_vec())
    }
    fn box_clone(&self) -> Box<dyn JwsSigner> {
        Box::new(self.clone())
    }
}

/// Signs `payload` as a compact JWS with header `{alg: EdDSA, typ, kid}`.
pub fn sign(payload: &[u8], typ: &str, signer: &dyn JwsSigner) -> Result<String, JwsError> {
    let mut header = JwsHeader::new();
    header.set_token_type(typ);
    if let Some(kid) = signer.key_id() {
        header.set_key_id(kid);
    }
    jws::serialize_compact(payload, &header, signer).map_err(|e| JwsError::Jose(e.to_string()))
}

/// [`sign`] with the signer's certificate chain in the protected header (`x5c`: leaf
/// first, standard base64 DER, RFC 7515 section 4.1.6) and no `kid`: HAIP 1.0 (section
/// 6.1.1) has verifiers take an SD-JWT VC issuer's key, and its status list tokens' key,
/// from the certificate, so a `kid` naming another mechanism would only invite a
/// verifier to try that instead.
pub fn sign_with_x5c(
    payload: &[u8],
    typ: &str,
    signer: &dyn JwsSigner,
    chain: &[Vec<u8>],
) -> Result<String, JwsError> {
    let mut header = JwsHeader::new();
    header.set_token_type(typ);
    header.set_x509_certificate_chain(&chain.to_vec());
    jws::serialize_compact(payload, &header, signer).map_err(|e| JwsError::Jose(e.to_string()))
}

/// The decoded, **unverified** parts of a compact JWS: used only to find out who claims
/// to have signed it (issuer, `kid`) before the key is resolved.
#[derive(Debug, Clone)]
pub struct Unverified {
    pub header: Map<String, Value>,
    pub payload: Value,
}

pub fn peek(compact: &str) -> Result<Unverified, JwsError> {
    if compact.len() > MAX_JWS_BYTES {
        return Err(JwsError::Malformed("larger than 1 MiB".into()));
    }
    let mut parts = compact.split('.');
    let (Some(h), Some(p), Some(_s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed(
            "expected three dot-separated parts".into(),
        ));
    };
    let header: Map<String, Value> = decode_json(h, "header")?;
    let payload: Value = decode_json(p, "payload")?;
    Ok(Unverified { header, payload })
}

/// The decoded, **unverified** header of a compact JWS (cheap: the payload is not read).
pub fn peek_header(compact: &str) -> Result<Map<String, Value>, JwsError> {
    let h = compact.split('.').next().unwrap_or_default();
    if compact.len() > MAX_JWS_BYTES || compact.split('.').count() != 3 {
        return Err(JwsError::Malformed(
            "expected three dot-separated parts".into(),
        ));
    }
    decode_json(h, "header")
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str, what: &str) -> Result<T, JwsError> {
    let bytes = B64
        .decode(part)
        .map_err(|_| JwsError::Malformed(format!("{what} is not base64url")))?;
    serde_json::from_slice(&bytes).map_err(|e| JwsError::Malformed(format!("{what}: {e}")))
}

/// Verifies a compact JWS with `key`; returns the header and the payload bytes.
///
/// Written directly on the key rather than through josekit: the signature segment must
/// decode canonically (so no two encodings of one signature verify) to the fixed size of
/// the algorithm, and the payload is decoded once, after the signature checks.
pub fn verify(
    compact: &str,
    key: impl Into<VerifyingKey>,
) -> Result<(Map<String, Value>, Vec<u8>), JwsError> {
    let header = peek_header(compact)?;
    let payload = verify_with_header(compact, &header, key)?;
    Ok((header, payload))
}

/// [`verify`] for a caller that already decoded `header` from this `compact` JWS with
/// [`peek_header`] (to learn the `kid`): the header is checked, not decoded again.
pub fn verify_with_header(
    compact: &str,
    header: &Map<String, Value>,
    key: impl Into<VerifyingKey>,
) -> Result<Vec<u8>, JwsError> {
    if compact.len() > MAX_JWS_BYTES {
        return Err(JwsError::Malformed("larger than 1 MiB".into()));
    }
    let mut parts = compact.splitn(4, '.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed(
            "expected three dot-separated parts".into(),
        ));
    };
    check_header(header)?;
    verify_parts(compact, h, p, s, header, &key.into())
}

fn verify_parts(
    compact: &str,
    h: &str,
    p: &str,
    s: &str,
    header: &Map<String, Value>,
    key: &VerifyingKey,
) -> Result<Vec<u8>, JwsError> {
    if let Some(crit) = header.get("crit") {
        return Err(JwsError::Malformed(format!(
            "unsupported critical header parameters {crit}"
        )));
    }
    let signature = B64
        .decode(s)
        .map_err(|_| JwsError::Malformed("signature is not base64url".into()))?;
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let signing_input = &compact[..h.len() + 1 + p.len()];
    if !key.verify_jws(alg, signing_input.as_bytes(), &signature) {
        return Err(JwsError::BadSignature);
    }
    B64.decode(p)
        .map_err(|_| JwsError::Malformed("payload is not base64url".into()))
}

/// Verifies a JWT signed by a key it names itself: a proof of possession (an OID4VCI key
/// proof), where the point is that the signer holds *this* key, not who it is. The key
/// comes from the header's `jwk` (Ed25519, public) or a `kid` that is a `did:key` or
/// `did:jwk` URL; nothing is fetched.
pub fn verify_self_signed(compact: &str) -> Result<SelfSigned, JwsError> {
    if compact.len() > MAX_JWS_BYTES {
        return Err(JwsError::Malformed("larger than 1 MiB".into()));
    }
    let mut parts = compact.splitn(4, '.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed(
            "expected three dot-separated parts".into(),
        ));
    };
    let header: Map<String, Value> = decode_json(h, "header")?;
    match header.get("alg").and_then(Value::as_str) {
        Some("EdDSA") => {}
        Some(other) => return Err(JwsError::AlgorithmNotAllowed(other.to_string())),
        None => return Err(JwsError::Malformed("no alg".into())),
    }
    for k in ["jku", "x5c", "x5u"] {
        if header.contains_key(k) {
            return Err(JwsError::EmbeddedKey(k.to_string()));
        }
    }
    let key = match (header.get("jwk"), header.get("kid").and_then(Value::as_str)) {
        (Some(jwk), None) => {
            if jwk.get("d").is_some() {
                return Err(JwsError::Malformed("the jwk is a private key".into()));
            }
            PublicKey::from_jwk(jwk).map_err(|e| JwsError::Malformed(e.to_string()))?
        }
        (None, Some(kid)) => {
            let (did, _) = crate::did::split_fragment(kid);
            let r = if did.starts_with("did:jwk:") {
                crate::did::parse_did_jwk(did)
            } else {
                crate::did::parse_did_key(did)
            };
            r.map_err(|e| JwsError::Malformed(e.to_string()))?
        }
        _ => {
            return Err(JwsError::Malformed(
                "name the key by jwk or by a did:key/did:jwk kid, not both".into(),
            ))
        }
    };
    let payload = verify_parts(compact, h, p, s, &header, &key.into())?;
    Ok(SelfSigned {
        header,
        payload,
        key,
    })
}

/// What a self-signed JWT proved: its header, its payload bytes and the key that signed it.
#[derive(Debug)]
pub struct SelfSigned {
    pub header: Map<String, Value>,
    pub payload: Vec<u8>,
    pub key: PublicKey,
}

/// Asymmetric JWS algorithms that are registered but not verified here.
const UNSUPPORTED_ALGS: [&str; 8] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES512", "Ed448",
];

/// `alg` must be one this module verifies; headers that smuggle keys are refused.
pub fn check_header(header: &Map<String, Value>) -> Result<(), JwsError> {
    match header.get("alg").and_then(Value::as_str) {
        Some(alg) if Curve::for_jws_alg(alg).is_some() => {}
        Some(alg) if UNSUPPORTED_ALGS.contains(&alg) => {
            return Err(JwsError::UnsupportedAlgorithm(alg.to_string()))
        }
        Some(other) => return Err(JwsError::AlgorithmNotAllowed(other.to_string())),
        None => return Err(JwsError::Malformed("no alg".into())),
    }
    for k in ["jwk", "jku", "x5c", "x5u"] {
        if header.contains_key(k) {
            return Err(JwsError::EmbeddedKey(k.to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed() -> (String, PublicKey) {
        let key = Arc::new(SecretKey::from_seed(&[7; 32]));
        let pk = key.public();
        let jws = sign(br#"{"a":1}"#, "vc+jwt", &Ed25519Signer::new(key, None)).unwrap();
        (jws, pk)
    }

    #[test]
    fn verifies_and_returns_the_payload() {
        let (jws, pk) = signed();
        let (header, payload) = verify(&jws, pk).unwrap();
        assert_eq!(header["typ"], "vc+jwt");
        assert_eq!(payload, br#"{"a":1}"#);
    }

    #[test]
    fn a_non_canonical_signature_encoding_is_refused() {
        let (jws, pk) = signed();
        // 64 bytes encode to 86 characters whose last carries 4 unused bits; setting one
        // of them keeps the decoded bytes if the decoder is lax.
        let last = jws.chars().last().unwrap();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let i = alphabet.find(last).unwrap();
        let twin = alphabet.as_bytes()[i ^ 1] as char;
        let forged = format!("{}{twin}", &jws[..jws.len() - 1]);
        assert!(verify(&forged, pk).is_err());
    }

    #[test]
    fn refuses_none_hmac_embedded_keys_and_crit() {
        let (jws, pk) = signed();
        let rest = jws.split_once('.').unwrap().1;
        for (header, want) in [
            (r#"{"alg":"none"}"#, "algorithm 'none'"),
            (r#"{"alg":"HS256"}"#, "algorithm 'HS256'"),
            (r#"{"alg":"EdDSA","jwk":{}}"#, "carries its own key ('jwk')"),
            (r#"{"alg":"EdDSA","crit":["b64"],"b64":false}"#, "critical"),
        ] {
            let forged = format!("{}.{rest}", B64.encode(header));
            let err = verify(&forged, pk).unwrap_err().to_string();
            assert!(err.contains(want), "{header}: {err}");
        }
    }

    #[test]
    fn self_signed_proofs_name_their_key() {
        let key = Arc::new(SecretKey::from_seed(&[9; 32]));
        let pk = key.public();
        let kid = format!("{}#0", crate::did::did_jwk(pk));
        let jws = sign(
            br#"{"nonce":"n"}"#,
            "openid4vci-proof+jwt",
            &Ed25519Signer::new(key.clone(), Some(kid)),
        )
        .unwrap();
        let SelfSigned {
            payload, key: k, ..
        } = verify_self_signed(&jws).unwrap();
        assert_eq!(k, pk);
        assert_eq!(payload, br#"{"nonce":"n"}"#);
        // Another key's signature under this kid fails.
        let other = Arc::new(SecretKey::from_seed(&[10; 32]));
        let forged = sign(
            b"{}",
            "x",
            &Ed25519Signer::new(other, Some(crate::did::did_key_vm(pk))),
        )
        .unwrap();
        assert_eq!(
            verify_self_signed(&forged).unwrap_err(),
            JwsError::BadSignature
        );
        let rest = jws.split_once('.').unwrap().1;
        for h in [
            r#"{"alg":"EdDSA"}"#,
            r#"{"alg":"none","kid":"did:key:x"}"#,
            r#"{"alg":"EdDSA","x5c":[]}"#,
            r#"{"alg":"EdDSA","kid":"https://x"}"#,
        ] {
            assert!(
                verify_self_signed(&format!("{}.{rest}", B64.encode(h))).is_err(),
                "{h}"
            );
        }
    }

    #[test]
    fn another_key_fails() {
        let (jws, _) = signed();
        let other = SecretKey::from_seed(&[8; 32]).public();
        assert_eq!(verify(&jws, other), Err(JwsError::BadSignature));
    }
}
