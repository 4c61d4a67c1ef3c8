//! Public keys of every curve a verifier meets: Ed25519, NIST P-256 and P-384, and
//! secp256k1, read from Multikey (`publicKeyMultibase`, `did:key`), JWK (`did:jwk`,
//! `JsonWebKey`, `cnf.jwk`) and the older `publicKeyBase58`, and checked against raw
//! signatures (Data Integrity) or JWS algorithms (JOSE).
//!
//! The elliptic-curve arithmetic is RustCrypto's (`p256`, `p384`, `k256`); this module only
//! decodes the encodings and matches each algorithm to its one curve, so that a key of one
//! kind can never verify a signature made for another (no algorithm confusion).
//!
//! A key type that is well formed but not one of these (BLS12-381, X25519, RSA, …) is
//! [`KeyError::Unsupported`]: a verifier says it "could not check", never "invalid".

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};

use crate::keys::{KeyError, PublicKey};

/// The curve (and so the signature scheme) of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    Ed25519,
    P256,
    P384,
    Secp256k1,
}

impl Curve {
    /// The JWK `crv` name.
    pub fn jwk_crv(self) -> &'static str {
        match self {
            Curve::Ed25519 => "Ed25519",
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::Secp256k1 => "secp256k1",
        }
    }

    /// The JWS `alg` that signs with this curve (RFC 7518, RFC 8037, RFC 8812).
    pub fn jws_alg(self) -> &'static str {
        match self {
            Curve::Ed25519 => "EdDSA",
            Curve::P256 => "ES256",
            Curve::P384 => "ES384",
            Curve::Secp256k1 => "ES256K",
        }
    }

    /// The curve a JWS `alg` requires; `None` for an algorithm this module does not
    /// verify. `Ed25519` is the fully specified name of RFC 9864 for what `EdDSA` means
    /// with an Ed25519 key.
    pub fn for_jws_alg(alg: &str) -> Option<Curve> {
        match alg {
            "EdDSA" | "Ed25519" => Some(Curve::Ed25519),
            "ES256" => Some(Curve::P256),
            "ES384" => Some(Curve::P384),
            "ES256K" => Some(Curve::Secp256k1),
            _ => None,
        }
    }

    /// Multicodec prefix (unsigned varint) of the public key in a Multikey.
    fn multicodec(self) -> &'static [u8] {
        match self {
            Curve::Ed25519 => &MC_ED25519,
            Curve::P256 => &MC_P256,
            Curve::P384 => &MC_P384,
            Curve::Secp256k1 => &MC_SECP256K1,
        }
    }
}

/// Multicodec `ed25519-pub` (0xed).
const MC_ED25519: [u8; 2] = [0xed, 0x01];
/// Multicodec `p256-pub` (0x1200).
const MC_P256: [u8; 2] = [0x80, 0x24];
/// Multicodec `p384-pub` (0x1201).
const MC_P384: [u8; 2] = [0x81, 0x24];
/// Multicodec `secp256k1-pub` (0xe7).
const MC_SECP256K1: [u8; 2] = [0xe7, 0x01];
/// Public-key multicodecs that are real but not implemented here, by name, so that a
/// verifier can say which key type was missing.
const MC_UNSUPPORTED: [([u8; 2], &str); 6] = [
    ([0xec, 0x01], "X25519"),
    ([0xea, 0x01], "BLS12-381 G1"),
    ([0xeb, 0x01], "BLS12-381 G2"),
    ([0x82, 0x24], "P-521"),
    ([0x85, 0x24], "RSA"),
    ([0x86, 0x24], "Ed448"),
];

/// A public key that verifies signatures.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VerifyingKey {
    Ed25519(PublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Secp256k1(k256::ecdsa::VerifyingKey),
}

impl From<PublicKey> for VerifyingKey {
    fn from(k: PublicKey) -> Self {
        VerifyingKey::Ed25519(k)
    }
}

impl From<&PublicKey> for VerifyingKey {
    fn from(k: &PublicKey) -> Self {
        VerifyingKey::Ed25519(*k)
    }
}

impl From<&VerifyingKey> for VerifyingKey {
    fn from(k: &VerifyingKey) -> Self {
        *k
    }
}

impl PartialEq<PublicKey> for VerifyingKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.ed25519() == Some(other)
    }
}

fn invalid(curve: Curve) -> KeyError {
    KeyError::InvalidKey(curve.jwk_crv())
}

impl VerifyingKey {
    pub fn curve(&self) -> Curve {
        match self {
            VerifyingKey::Ed25519(_) => Curve::Ed25519,
            VerifyingKey::P256(_) => Curve::P256,
            VerifyingKey::P384(_) => Curve::P384,
            VerifyingKey::Secp256k1(_) => Curve::Secp256k1,
        }
    }

    /// The Ed25519 key, if this is one.
    pub fn ed25519(&self) -> Option<&PublicKey> {
        match self {
            VerifyingKey::Ed25519(k) => Some(k),
            _ => None,
        }
    }

    /// A key from its SEC1 encoding (compressed or not) on `curve`, or its 32 raw bytes
    /// for Ed25519.
    pub fn from_bytes(curve: Curve, bytes: &[u8]) -> Result<Self, KeyError> {
        Ok(match curve {
            Curve::Ed25519 => VerifyingKey::Ed25519(PublicKey::from_bytes(bytes)?),
            Curve::P256 => VerifyingKey::P256(
                p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| invalid(curve))?,
            ),
            Curve::P384 => VerifyingKey::P384(
                p384::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| invalid(curve))?,
            ),
            Curve::Secp256k1 => VerifyingKey::Secp256k1(
                k256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| invalid(curve))?,
            ),
        })
    }

    /// The key's bytes: compressed SEC1 for the elliptic curves, raw for Ed25519.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            VerifyingKey::Ed25519(k) => k.to_bytes().to_vec(),
            VerifyingKey::P256(k) => k.to_encoded_point(true).as_bytes().to_vec(),
            VerifyingKey::P384(k) => k.to_encoded_point(true).as_bytes().to_vec(),
            VerifyingKey::Secp256k1(k) => k.to_encoded_point(true).as_bytes().to_vec(),
        }
    }

    /// The multicodec-prefixed bytes of a Multikey (`publicKeyMultibase` without its
    /// multibase prefix), as ecdsa-sd-2023 proofs carry the ephemeral key.
    pub fn from_multicodec(bytes: &[u8]) -> Result<Self, KeyError> {
        for curve in [Curve::Ed25519, Curve::P256, Curve::P384, Curve::Secp256k1] {
            if let Some(key) = bytes.strip_prefix(curve.multicodec()) {
                return Self::from_bytes(curve, key);
            }
        }
        for (prefix, name) in MC_UNSUPPORTED {
            if bytes.starts_with(&prefix) {
                return Err(KeyError::Unsupported(format!("{name} keys")));
            }
        }
        // A real key is at least 32 bytes behind its prefix; anything shorter is garbage,
        // not a key type we lack.
        if bytes.len() < 34 {
            return Err(KeyError::InvalidKey("multikey"));
        }
        Err(KeyError::Unsupported(
            "a key of an unknown multicodec type".into(),
        ))
    }

    pub fn to_multicodec(&self) -> Vec<u8> {
        let mut out = self.curve().multicodec().to_vec();
        out.extend_from_slice(&self.to_bytes());
        out
    }

    /// A Multikey `publicKeyMultibase` (base58btc, `z…`): `z6Mk…` Ed25519, `zDn…` P-256,
    /// `z82…` P-384, `zQ3s…` secp256k1.
    pub fn from_multibase(s: &str) -> Result<Self, KeyError> {
        let body = s.strip_prefix('z').ok_or(KeyError::NotMultibase)?;
        // The longest supported key (uncompressed P-384 with its prefix) is 99 bytes.
        if body.len() > 140 {
            return Err(KeyError::Unsupported(
                "a key longer than any supported".into(),
            ));
        }
        let bytes = bs58::decode(body)
            .into_vec()
            .map_err(|_| KeyError::NotMultibase)?;
        Self::from_multicodec(&bytes)
    }

    pub fn to_multibase(&self) -> String {
        format!("z{}", bs58::encode(self.to_multicodec()).into_string())
    }

    /// `publicKeyBase58` of an `Ed25519VerificationKey2018`: the 32 raw bytes in base58.
    pub fn from_base58_ed25519(s: &str) -> Result<Self, KeyError> {
        if s.len() > 64 {
            return Err(KeyError::NotEd25519);
        }
        let bytes = bs58::decode(s)
            .into_vec()
            .map_err(|_| KeyError::BadJwk("publicKeyBase58 is not base58"))?;
        Ok(VerifyingKey::Ed25519(PublicKey::from_bytes(&bytes)?))
    }

    /// A public JWK: `OKP`/`Ed25519`, or `EC` with `crv` `P-256`, `P-384` or `secp256k1`.
    /// Extra members (`kid`, `use`, `alg`, even a private `d`) are ignored: a verifier uses
    /// the public part only. An `alg` member, when present, must fit the curve.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let field = |k: &str| jwk.get(k).and_then(Value::as_str);
        let curve = match (field("kty"), field("crv")) {
            (Some("OKP"), Some("Ed25519")) => Curve::Ed25519,
            (Some("EC"), Some("P-256")) => Curve::P256,
            (Some("EC"), Some("P-384")) => Curve::P384,
            (Some("EC"), Some("secp256k1")) => Curve::Secp256k1,
            (Some(kty @ ("OKP" | "EC")), Some(crv)) => {
                return Err(KeyError::Unsupported(format!("{kty} keys on curve {crv}")))
            }
            (Some(kty @ ("OKP" | "EC")), None) => {
                return Err(KeyError::BadJwk(if kty == "EC" {
                    "an EC key needs crv"
                } else {
                    "an OKP key needs crv"
                }))
            }
            (Some("RSA"), _) => return Err(KeyError::Unsupported("RSA keys".into())),
            (Some(kty), _) => return Err(KeyError::Unsupported(format!("JWK key type {kty}"))),
            (None, _) => return Err(KeyError::BadJwk("kty is missing")),
        };
        if let Some(alg) = field("alg") {
            if Curve::for_jws_alg(alg) != Some(curve) {
                return Err(KeyError::BadJwk("alg does not fit the key's curve"));
            }
        }
        let coord = |k: &'static str, len: usize| -> Result<Vec<u8>, KeyError> {
            let s = jwk
                .get(k)
                .and_then(Value::as_str)
                .ok_or(KeyError::BadJwk(if k == "x" {
                    "x is missing"
                } else {
                    "y is missing"
                }))?;
            let b = B64
                .decode(s)
                .map_err(|_| KeyError::BadJwk("not base64url"))?;
            if b.len() != len {
                return Err(KeyError::BadJwk("a coordinate has the wrong length"));
            }
            Ok(b)
        };
        if curve == Curve::Ed25519 {
            return Ok(VerifyingKey::Ed25519(PublicKey::from_jwk(jwk)?));
        }
        let len = if curve == Curve::P384 { 48 } else { 32 };
        let mut sec1 = vec![0x04];
        sec1.extend(coord("x", len)?);
        sec1.extend(coord("y", len)?);
        Self::from_bytes(curve, &sec1)
    }

    /// The public JWK.
    pub fn to_jwk(&self) -> Value {
        let ec = |point: &[u8], crv: &str| {
            // Uncompressed SEC1: 0x04 ‖ x ‖ y.
            let n = (point.len() - 1) / 2;
            json!({
                "kty": "EC",
                "crv": crv,
                "x": B64.encode(&point[1..1 + n]),
                "y": B64.encode(&point[1 + n..]),
            })
        };
        match self {
            VerifyingKey::Ed25519(k) => k.to_jwk(),
            VerifyingKey::P256(k) => ec(k.to_encoded_point(false).as_bytes(), "P-256"),
            VerifyingKey::P384(k) => ec(k.to_encoded_point(false).as_bytes(), "P-384"),
            VerifyingKey::Secp256k1(k) => ec(k.to_encoded_point(false).as_bytes(), "secp256k1"),
        }
    }

    /// Verifies a raw signature over `message`: 64 bytes for Ed25519; for ECDSA the
    /// fixed-size `r ‖ s` (IEEE P1363, as JOSE and Data Integrity carry it) over the
    /// message hashed with the curve's own hash (SHA-256 for P-256 and secp256k1, SHA-384
    /// for P-384). A secp256k1 signature with a high `s` is accepted as its low-`s` twin:
    /// RFC 8812 does not require low `s`, and the twin proves the same thing.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        use p256::ecdsa::signature::Verifier;
        match self {
            VerifyingKey::Ed25519(k) => k.verify(message, signature),
            VerifyingKey::P256(k) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify(message, &s).is_ok()),
            VerifyingKey::P384(k) => p384::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify(message, &s).is_ok()),
            VerifyingKey::Secp256k1(k) => {
                k256::ecdsa::Signature::from_slice(signature).is_ok_and(|s| {
                    let s = s.normalize_s().unwrap_or(s);
                    k.verify(message, &s).is_ok()
                })
            }
        }
    }

    /// Verifies a JWS signature made with `alg`, which must be this key's algorithm.
    pub fn verify_jws(&self, alg: &str, signing_input: &[u8], signature: &[u8]) -> bool {
        Curve::for_jws_alg(alg) == Some(self.curve()) && self.verify(signing_input, signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SecretKey;

    #[test]
    fn multikey_prefixes_of_each_curve() {
        // did:key examples of the did:key method specification and the W3C ECDSA
        // cryptosuite test vectors.
        for (mb, curve) in [
            (
                "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
                Curve::Ed25519,
            ),
            (
                "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
                Curve::P256,
            ),
            (
                "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ",
                Curve::P384,
            ),
            (
                "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                Curve::Secp256k1,
            ),
        ] {
            let k = VerifyingKey::from_multibase(mb).unwrap();
            assert_eq!(k.curve(), curve, "{mb}");
            assert_eq!(k.to_multibase(), mb);
            assert_eq!(VerifyingKey::from_jwk(&k.to_jwk()).unwrap(), k);
        }
        // A BLS12-381 G2 key: real, but not ours to check.
        let mut bls = vec![0xeb, 0x01];
        bls.extend([0x80; 96]);
        let bls = format!("z{}", bs58::encode(bls).into_string());
        assert!(matches!(
            VerifyingKey::from_multibase(&bls),
            Err(KeyError::Unsupported(_))
        ));
        // A P-256 prefix with a point that is not on the curve.
        let mut bad = MC_P256.to_vec();
        bad.push(0x02);
        bad.extend([0xff; 32]);
        assert!(matches!(
            VerifyingKey::from_multicodec(&bad),
            Err(KeyError::InvalidKey("P-256"))
        ));
        assert!(VerifyingKey::from_multibase("6Mk").is_err());
        assert!(VerifyingKey::from_multibase(&format!("z{}", "2".repeat(400))).is_err());
    }

    #[test]
    fn jwk_of_each_curve_and_refusals() {
        // RFC 7515 A.3 (ES256) public key.
        let jwk = json!({"kty":"EC","crv":"P-256",
            "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        let k = VerifyingKey::from_jwk(&jwk).unwrap();
        assert_eq!(k.curve(), Curve::P256);
        assert_eq!(k.to_jwk(), jwk);
        for (bad, unsupported) in [
            (json!({"kty":"RSA","n":"x","e":"AQAB"}), true),
            (json!({"kty":"EC","crv":"P-521","x":"x","y":"y"}), true),
            (json!({"kty":"OKP","crv":"X25519","x":"x"}), true),
            (
                json!({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}),
                false,
            ),
            (
                json!({"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}),
                false,
            ),
            (json!({"crv":"P-256"}), false),
        ] {
            let e = VerifyingKey::from_jwk(&bad).unwrap_err();
            assert_eq!(
                matches!(e, KeyError::Unsupported(_)),
                unsupported,
                "{bad}: {e}"
            );
        }
        let mut wrong_alg = jwk.clone();
        wrong_alg["alg"] = json!("ES384");
        assert!(VerifyingKey::from_jwk(&wrong_alg).is_err());
    }

    #[test]
    fn rfc7515_es256_example_verifies_and_only_with_its_algorithm() {
        // RFC 7515 Appendix A.3.
        let jwk = json!({"kty":"EC","crv":"P-256",
            "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        let k = VerifyingKey::from_jwk(&jwk).unwrap();
        let input = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let sig = B64
            .decode("DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q")
            .unwrap();
        assert!(k.verify_jws("ES256", input.as_bytes(), &sig));
        assert!(!k.verify_jws("ES384", input.as_bytes(), &sig));
        assert!(!k.verify_jws("EdDSA", input.as_bytes(), &sig));
        let mut tampered = input.as_bytes().to_vec();
        tampered[10] ^= 1;
        assert!(!k.verify_jws("ES256", &tampered, &sig));
    }

    #[test]
    fn signatures_of_each_curve() {
        use p256::ecdsa::signature::Signer;
        let msg = b"micro-credential";
        let p256 = p256::ecdsa::SigningKey::from_slice(&[3; 32]).unwrap();
        let s: p256::ecdsa::Signature = p256.sign(msg);
        let k = VerifyingKey::P256(*p256.verifying_key());
        assert!(k.verify(msg, &s.to_bytes()));
        assert!(!k.verify(b"micro-credentiaL", &s.to_bytes()));
        assert!(
            !k.verify(msg, s.to_der().as_bytes()),
            "DER is not the JOSE form"
        );

        let p384 = p384::ecdsa::SigningKey::from_slice(&[5; 48]).unwrap();
        let s: p384::ecdsa::Signature = p384.sign(msg);
        let k = VerifyingKey::P384(*p384.verifying_key());
        assert!(k.verify(msg, &s.to_bytes()));
        assert!(k.verify_jws("ES384", msg, &s.to_bytes()));

        let k1 = k256::ecdsa::SigningKey::from_slice(&[7; 32]).unwrap();
        let s: k256::ecdsa::Signature = k1.sign(msg);
        let k = VerifyingKey::Secp256k1(*k1.verifying_key());
        assert!(k.verify_jws("ES256K", msg, &s.to_bytes()));
        // The high-s twin of the same signature.
        let (r, low_s) = s.split_scalars();
        let high = k256::ecdsa::Signature::from_scalars(r, -*low_s).unwrap();
        assert!(k.verify(msg, &high.to_bytes()));

        let ed = SecretKey::from_seed(&[9; 32]);
        let k = VerifyingKey::from(ed.public());
        assert!(k.verify_jws("EdDSA", msg, &ed.sign(msg)));
        assert!(!k.verify_jws("ES256", msg, &ed.sign(msg)));
        assert_eq!(k, ed.public());
    }
}
