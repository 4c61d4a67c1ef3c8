//! Encrypted OpenID4VP responses (`direct_post.jwt`): JWE compact serialisation with
//! `ECDH-ES` key agreement on P-256 and `A128GCM` or `A256GCM` content encryption, as HAIP
//! 1.0 requires of verifiers and wallets.
//!
//! Decision (the project's JOSE library): this module does its JOSE work with `josekit`
//! (OpenSSL underneath) rather than by hand. ECDH-ES needs Concat KDF, AES-GCM, the
//! ephemeral-key header and its validation; josekit implements RFC 7518 section 4.6 and
//! OpenSSL refuses a point that is not on the curve (the invalid-curve attack). JWS stays
//! hand-written on RustCrypto keys in [`crate::jose`], where the exact checks on
//! signature encodings are ours to make (see its module comment).

use josekit::jwe::{self, JweHeader, ECDH_ES};
use josekit::jwk::alg::ec::{EcCurve, EcKeyPair};
use josekit::jwk::Jwk;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// The JWE `alg` HAIP requires.
pub const ALG: &str = "ECDH-ES";
/// Content encryption algorithms a verifier must accept (HAIP 1.0 section 5).
pub const ENC_VALUES: [&str; 2] = ["A128GCM", "A256GCM"];
/// Largest encrypted response accepted.
pub const MAX_JWE_BYTES: usize = crate::limits::DOCUMENT;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JweError {
    #[error("not a usable encryption key: {0}")]
    BadKey(String),
    #[error("content encryption '{0}' is not accepted (A128GCM or A256GCM)")]
    Enc(String),
    #[error("key agreement '{0}' is not accepted (ECDH-ES)")]
    Alg(String),
    #[error("the response cannot be decrypted (not encrypted to this request's key, or altered)")]
    Decrypt,
    #[error("not a compact JWE: {0}")]
    Malformed(String),
}

/// A verifier's ephemeral key pair for one request: the public JWK goes into the
/// request's `client_metadata.jwks`, the private one stays with the pending request.
pub struct EphemeralKey {
    private: Zeroizing<String>,
    public: Value,
}

impl EphemeralKey {
    /// A fresh P-256 key with `kid`, `use: enc` and `alg: ECDH-ES`.
    pub fn generate(kid: &str) -> Result<Self, JweError> {
        let pair: EcKeyPair = ECDH_ES
            .generate_ec_key_pair(EcCurve::P256)
            .map_err(|e| JweError::BadKey(e.to_string()))?;
        let mut private = pair.to_jwk_key_pair();
        private.set_key_id(kid);
        private.set_key_use("enc");
        private.set_algorithm(ALG);
        let mut public = pair.to_jwk_public_key();
        public.set_key_id(kid);
        public.set_key_use("enc");
        public.set_algorithm(ALG);
        Ok(EphemeralKey {
            private: Zeroizing::new(private.to_string()),
            public: Value::Object(public.as_ref().clone()),
        })
    }

    /// Restores a key kept as [`EphemeralKey::private_jwk`].
    pub fn from_private_jwk(text: &str) -> Result<Self, JweError> {
        let jwk = Jwk::from_bytes(text.as_bytes()).map_err(|e| JweError::BadKey(e.to_string()))?;
        let mut public: Map<String, Value> = jwk.as_ref().clone();
        public.remove("d");
        Ok(EphemeralKey {
            private: Zeroizing::new(text.to_string()),
            public: Value::Object(public),
        })
    }

    pub fn public_jwk(&self) -> &Value {
        &self.public
    }

    pub fn private_jwk(&self) -> &str {
        &self.private
    }

    /// Decrypts a response; returns the plaintext and the protected header. `alg` must be
    /// ECDH-ES and `enc` one of [`ENC_VALUES`] whatever the header claims.
    pub fn decrypt(&self, compact: &str) -> Result<(Vec<u8>, Map<String, Value>), JweError> {
        if compact.len() > MAX_JWE_BYTES {
            return Err(JweError::Malformed("larger than 1 MiB".into()));
        }
        if compact.split('.').count() != 5 {
            return Err(JweError::Malformed(
                "expected five dot-separated parts".into(),
            ));
        }
        let header = peek_header(compact)?;
        match header.get("alg").and_then(Value::as_str) {
            Some(ALG) => {}
            other => return Err(JweError::Alg(other.unwrap_or("(none)").into())),
        }
        match header.get("enc").and_then(Value::as_str) {
            Some(e) if ENC_VALUES.contains(&e) => {}
            other => return Err(JweError::Enc(other.unwrap_or("(none)").into())),
        }
        let jwk = Jwk::from_bytes(self.private.as_bytes())
            .map_err(|e| JweError::BadKey(e.to_string()))?;
        let decrypter = ECDH_ES
            .decrypter_from_jwk(&jwk)
            .map_err(|e| JweError::BadKey(e.to_string()))?;
        let (plain, header) =
            jwe::deserialize_compact(compact, &decrypter).map_err(|_| JweError::Decrypt)?;
        Ok((plain, header.as_ref().clone()))
    }
}

fn peek_header(compact: &str) -> Result<Map<String, Value>, JweError> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine;
    let h = compact.split('.').next().unwrap_or_default();
    let bytes = B64
        .decode(h)
        .map_err(|_| JweError::Malformed("the header is not base64url".into()))?;
    serde_json::from_slice(&bytes).map_err(|_| JweError::Malformed("the header is not JSON".into()))
}

/// Encrypts `payload` to a verifier's public JWK (a wallet answering with
/// `direct_post.jwt`); the JWK's `kid` is repeated in the header, as OpenID4VP 1.0
/// section 8.3 asks.
pub fn encrypt(payload: &[u8], jwk: &Value, enc: &str) -> Result<String, JweError> {
    if !ENC_VALUES.contains(&enc) {
        return Err(JweError::Enc(enc.to_string()));
    }
    match jwk.get("alg").and_then(Value::as_str) {
        None | Some(ALG) => {}
        Some(other) => return Err(JweError::Alg(other.to_string())),
    }
    if jwk.get("crv").and_then(Value::as_str) != Some("P-256") || jwk.get("d").is_some() {
        return Err(JweError::BadKey("a public P-256 key is needed".into()));
    }
    let map = jwk
        .as_object()
        .cloned()
        .ok_or_else(|| JweError::BadKey("not a JWK".into()))?;
    let jwk = Jwk::from_map(map).map_err(|e| JweError::BadKey(e.to_string()))?;
    let encrypter = ECDH_ES
        .encrypter_from_jwk(&jwk)
        .map_err(|e| JweError::BadKey(e.to_string()))?;
    let mut header = JweHeader::new();
    header.set_content_encryption(enc);
    if let Some(kid) = jwk.key_id() {
        header.set_key_id(kid);
    }
    jwe::serialize_compact(payload, &header, &encrypter)
        .map_err(|e| JweError::BadKey(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_both_encodings_and_the_kid() {
        let key = EphemeralKey::generate("k1").unwrap();
        assert_eq!(key.public_jwk()["kid"], "k1");
        assert!(key.public_jwk().get("d").is_none());
        for enc in ENC_VALUES {
            let jwe = encrypt(br#"{"vp_token":{}}"#, key.public_jwk(), enc).unwrap();
            let (plain, header) = key.decrypt(&jwe).unwrap();
            assert_eq!(plain, br#"{"vp_token":{}}"#);
            assert_eq!(header["enc"], enc);
            assert_eq!(header["kid"], "k1");
            assert_eq!(header["alg"], "ECDH-ES");
        }
        let again = EphemeralKey::from_private_jwk(key.private_jwk()).unwrap();
        let jwe = encrypt(b"x", key.public_jwk(), "A128GCM").unwrap();
        assert_eq!(again.decrypt(&jwe).unwrap().0, b"x");
    }

    #[test]
    fn the_openid4vp_specification_example_decrypts() {
        // OpenID4VP 1.0 section 8.3: the private key and the response it gives.
        let key = EphemeralKey::from_private_jwk(r#"{"kty":"EC","kid":"ac","use":"enc","crv":"P-256","alg":"ECDH-ES","x":"YO4epjifD-KWeq1sL2tNmm36BhXnkJ0He-WqMYrp9Fk","y":"Hekpm0zfK7C-YccH5iBjcIXgf6YdUvNUac_0At55Okk","d":"Et-3ce0omz8_TuZ96Df9lp0GAaaDoUnDe6X-CRO7Aww"}"#).unwrap();
        let response = "eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTEyOEdDTSIsImtpZCI6ImFjIiwiZXBrIjp7Imt0eSI6IkVDIiwieCI6Im5ubVZwbTNWM2piaGNhZlFhUkJrU1ZOSGx3Wkh3dC05ck9wSnVmeVlJdWsiLCJ5IjoicjRmakRxd0p5czlxVU9QLV9iM21SNVNaRy0tQ3dPMm1pYzVWU05UWU45ZyIsImNydiI6IlAtMjU2In19..uAYcHRUSSn2X0WPX.yVzlGSYG4qbg0bq18JcUiDRw56yVnbKR8E7S7YlEtzT00RqE3Pw5oTpUG3hdLN4taHZ9gC1kwak8JOnJgQ.1wR024_3-qtAlx1oFIUpQQ";
        let (plain, _) = key.decrypt(response).unwrap();
        let v: Value = serde_json::from_slice(&plain).unwrap();
        assert!(v["vp_token"].is_object(), "{v}");
    }

    #[test]
    fn tampered_foreign_and_downgraded_responses_are_refused() {
        let key = EphemeralKey::generate("k").unwrap();
        let other = EphemeralKey::generate("k").unwrap();
        let jwe = encrypt(b"secret", key.public_jwk(), "A256GCM").unwrap();
        assert_eq!(other.decrypt(&jwe), Err(JweError::Decrypt));
        let mut parts: Vec<String> = jwe.split('.').map(str::to_string).collect();
        let first = if parts[3].starts_with('A') { "B" } else { "A" };
        parts[3].replace_range(0..1, first);
        assert_eq!(key.decrypt(&parts.join(".")), Err(JweError::Decrypt));
        assert!(matches!(key.decrypt("a.b.c"), Err(JweError::Malformed(_))));
        assert!(encrypt(b"x", key.public_jwk(), "A128CBC-HS256").is_err());
        assert!(encrypt(
            b"x",
            &serde_json::json!({"kty":"OKP","crv":"X25519","x":"AA"}),
            "A128GCM"
        )
        .is_err());
        // A header that names another algorithm is refused before any decryption.
        use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
        use base64::Engine;
        let h = B64.encode(r#"{"alg":"dir","enc":"A128GCM"}"#);
        assert!(matches!(
            key.decrypt(&format!("{h}....")),
            Err(JweError::Alg(_))
        ));
    }
}
