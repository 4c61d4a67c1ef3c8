//! Signing with ECDSA on P-256 and SHA-256 (JOSE `ES256`, RustCrypto `p256`): the one
//! algorithm HAIP requires every issuer, wallet and verifier to support. Verifying is
//! [`crate::pubkey::VerifyingKey`]'s, for every curve.
//!
//! Signatures are the JOSE form, `r || s` in 64 bytes. Secret keys never implement
//! `Debug` and their JWK text is wiped from memory when dropped.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey};

use crate::pubkey::VerifyingKey;
use serde_json::{json, Value};
use zeroize::Zeroizing;

/// JOSE algorithm name.
pub const ALG: &str = "ES256";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Es256Error {
    #[error("not a P-256 JWK: {0}")]
    BadJwk(&'static str),
    #[error("not a P-256 key: {0}")]
    BadKey(&'static str),
    #[error("not an ES256 JWS: {0}")]
    BadJws(&'static str),
    #[error("the signature does not verify")]
    BadSignature,
}

/// A josekit signer backed by our P-256 key (ES256, `r || s`).
#[derive(Clone)]
pub struct Es256Signer {
    key: std::sync::Arc<P256Secret>,
    kid: Option<String>,
}

impl Es256Signer {
    pub fn new(key: std::sync::Arc<P256Secret>, kid: Option<String>) -> Self {
        Es256Signer { key, kid }
    }
}

impl std::fmt::Debug for Es256Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Es256Signer({:?})", self.kid)
    }
}

impl josekit::jws::JwsSigner for Es256Signer {
    fn algorithm(&self) -> &dyn josekit::jws::JwsAlgorithm {
        &josekit::jws::ES256
    }
    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    fn signature_len(&self) -> usize {
        64
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, josekit::JoseError> {
        Ok(self.key.sign(message).to_vec())
    }
    fn box_clone(&self) -> Box<dyn josekit::jws::JwsSigner> {
        Box::new(self.clone())
    }
}

/// The public key of a P-256 SubjectPublicKeyInfo (DER), as an X.509 certificate holds
/// it. Public keys are [`VerifyingKey`]s, shared with every other curve.
pub fn public_from_spki_der(der: &[u8]) -> Result<VerifyingKey, Es256Error> {
    p256::PublicKey::from_public_key_der(der)
        .map(|k| VerifyingKey::P256(p256::ecdsa::VerifyingKey::from(k)))
        .map_err(|_| Es256Error::BadKey("not a P-256 public key"))
}

/// A P-256 signing key.
pub struct P256Secret(SigningKey);

impl P256Secret {
    pub fn generate() -> Self {
        P256Secret(SigningKey::random(&mut rand::rngs::OsRng))
    }

    pub fn public(&self) -> VerifyingKey {
        VerifyingKey::P256(*self.0.verifying_key())
    }

    /// A JOSE ES256 signature (`r || s`). ECDSA nonces are derived deterministically
    /// (RFC 6979), so no randomness failure can leak the key.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let sig: Signature = self.0.sign(message);
        let mut out = [0u8; 64];
        out.copy_from_slice(&sig.to_bytes());
        out
    }

    /// The private JWK with its public coordinates.
    pub fn to_jwk(&self) -> Zeroizing<String> {
        let mut jwk = self.public().to_jwk();
        let d = Zeroizing::new(self.0.to_bytes());
        jwk["d"] = json!(B64.encode(&d[..]));
        Zeroizing::new(jwk.to_string())
    }

    pub fn from_jwk(jwk: &Value) -> Result<Self, Es256Error> {
        if jwk.get("kty").and_then(Value::as_str) != Some("EC")
            || jwk.get("crv").and_then(Value::as_str) != Some("P-256")
        {
            return Err(Es256Error::BadJwk("not an EC P-256 key"));
        }
        let public = VerifyingKey::from_jwk(jwk).map_err(|_| Es256Error::BadJwk("bad x or y"))?;
        let d = jwk
            .get("d")
            .and_then(Value::as_str)
            .ok_or(Es256Error::BadJwk("d is missing"))?;
        let d = Zeroizing::new(
            B64.decode(d)
                .map_err(|_| Es256Error::BadJwk("d is not base64url"))?,
        );
        let key =
            SigningKey::from_slice(&d).map_err(|_| Es256Error::BadKey("d is not a scalar"))?;
        let key = P256Secret(key);
        if key.public() != public {
            return Err(Es256Error::BadJwk("d does not match x and y"));
        }
        Ok(key)
    }

    /// PKCS#8 DER (for certificate tools such as rcgen).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, Es256Error> {
        self.0
            .to_pkcs8_der()
            .map(|d| Zeroizing::new(d.as_bytes().to_vec()))
            .map_err(|_| Es256Error::BadKey("cannot encode as PKCS#8"))
    }

    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Es256Error> {
        SigningKey::from_pkcs8_der(der)
            .map(P256Secret)
            .map_err(|_| Es256Error::BadKey("not a PKCS#8 P-256 private key"))
    }

    /// Reads a PEM private key (`-----BEGIN PRIVATE KEY-----`, PKCS#8), as providers get
    /// them from their certificate authority.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Es256Error> {
        SigningKey::from_pkcs8_pem(pem)
            .map(P256Secret)
            .map_err(|_| Es256Error::BadKey("not a PKCS#8 PEM P-256 private key"))
    }
}

/// Signs a compact JWS with ES256; `header` gets `alg` (other members, such as `typ`
/// and `x5c`, are the caller's).
pub fn sign_jws(
    header: serde_json::Map<String, Value>,
    payload: &[u8],
    key: &P256Secret,
) -> String {
    let mut header = header;
    header.insert("alg".into(), json!(ALG));
    let input = format!(
        "{}.{}",
        B64.encode(Value::Object(header).to_string()),
        B64.encode(payload)
    );
    let sig = key.sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig))
}

/// Verifies an ES256 compact JWS with `key`; returns the payload bytes. The header must
/// say ES256 and carry no `crit`; the signature must be exactly 64 bytes.
pub fn verify_jws(compact: &str, key: &VerifyingKey) -> Result<Vec<u8>, Es256Error> {
    let mut parts = compact.splitn(4, '.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Es256Error::BadJws("expected three dot-separated parts"));
    };
    let header: serde_json::Map<String, Value> = B64
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(Es256Error::BadJws("the header is not base64url JSON"))?;
    if header.get("alg").and_then(Value::as_str) != Some(ALG) {
        return Err(Es256Error::BadJws("alg is not ES256"));
    }
    if header.contains_key("crit") {
        return Err(Es256Error::BadJws("unsupported critical header parameters"));
    }
    let sig = B64
        .decode(s)
        .map_err(|_| Es256Error::BadJws("the signature is not base64url"))?;
    if !key.verify_jws(ALG, &compact.as_bytes()[..h.len() + 1 + p.len()], &sig) {
        return Err(Es256Error::BadSignature);
    }
    B64.decode(p)
        .map_err(|_| Es256Error::BadJws("the payload is not base64url"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_and_round_trips() {
        let k = P256Secret::generate();
        let sig = k.sign(b"hello");
        assert!(k.public().verify(b"hello", &sig));
        assert!(!k.public().verify(b"hellO", &sig));
        assert!(!k.public().verify(b"hello", &sig[..63]));
        let jwk: Value = serde_json::from_str(&k.to_jwk()).unwrap();
        let back = P256Secret::from_jwk(&jwk).unwrap();
        assert_eq!(back.public(), k.public());
        assert_eq!(
            VerifyingKey::from_jwk(&k.public().to_jwk()).unwrap(),
            k.public()
        );
        let der = k.to_pkcs8_der().unwrap();
        assert_eq!(
            P256Secret::from_pkcs8_der(&der).unwrap().public(),
            k.public()
        );
        let mut wrong = jwk.clone();
        wrong["x"] = P256Secret::generate().public().to_jwk()["x"].clone();
        assert!(P256Secret::from_jwk(&wrong).is_err());
    }

    #[test]
    fn the_rfc_7515_es256_example_verifies() {
        // RFC 7515 appendix A.3, checked through verify_jws.
        let jwk = json!({"kty":"EC","crv":"P-256",
            "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        let key = VerifyingKey::from_jwk(&jwk).unwrap();
        let jws = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
        assert!(verify_jws(jws, &key).is_ok());
    }

    #[test]
    fn jws_round_trip_and_forgeries() {
        let k = P256Secret::generate();
        let mut h = serde_json::Map::new();
        h.insert("typ".into(), json!("oauth-authz-req+jwt"));
        let jws = sign_jws(h, b"{}", &k);
        assert_eq!(verify_jws(&jws, &k.public()).unwrap(), b"{}");
        assert_eq!(
            verify_jws(&jws, &P256Secret::generate().public()),
            Err(Es256Error::BadSignature)
        );
        let (head, rest) = jws.split_once('.').unwrap();
        let _ = head;
        let none = format!("{}.{rest}", B64.encode(r#"{"alg":"none"}"#));
        assert!(verify_jws(&none, &k.public()).is_err());
        assert!(verify_jws("a.b", &k.public()).is_err());
    }

    #[test]
    fn malformed_keys_are_refused() {
        assert!(P256Secret::from_jwk(&json!({"kty":"OKP"})).is_err());
        assert!(P256Secret::from_jwk(
            &json!({"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"})
        )
        .is_err());
        assert!(public_from_spki_der(b"not der").is_err());
        assert!(P256Secret::from_pkcs8_pem(
            "-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----"
        )
        .is_err());
    }
}
