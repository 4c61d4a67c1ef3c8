//! Ed25519 keys: generation, encodings (multibase, JWK) and storage on disk.
//!
//! Secret keys never implement `Debug` or `Display`, are wiped from memory when dropped,
//! and are written to disk only with mode 0600 (and refused when read from a file that
//! others can read), like SSH does.

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::Signer;
use serde_json::{json, Value};
use zeroize::Zeroizing;

/// Multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 private key (`ed25519-priv`, 0x1300).
const ED25519_PRIV: [u8; 2] = [0x80, 0x26];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("not a base58btc multibase value (must start with 'z')")]
    NotMultibase,
    #[error("not an Ed25519 public key (wrong multicodec prefix or length)")]
    NotEd25519,
    #[error("the public key is not a valid Ed25519 point")]
    InvalidPoint,
    #[error("not an Ed25519 JWK: {0}")]
    BadJwk(&'static str),
    #[error("the secret key does not match its public key")]
    Mismatch,
    /// A well-formed key of a type this build does not verify: "could not check".
    #[error("unsupported key type: {0}")]
    Unsupported(String),
    #[error("not a valid {0} public key")]
    InvalidKey(&'static str),
    #[error("key file {path}: {reason}")]
    File { path: String, reason: String },
}

/// A public Ed25519 key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl PublicKey {
    /// Decodes a key, refusing small-order ("weak") points, for which one signature can
    /// verify several messages. Checked once here, so [`PublicKey::verify`] need not.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| KeyError::NotEd25519)?;
        let key =
            ed25519_dalek::VerifyingKey::from_bytes(&arr).map_err(|_| KeyError::InvalidPoint)?;
        if key.is_weak() {
            return Err(KeyError::InvalidPoint);
        }
        Ok(PublicKey(key))
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// `z6Mk…`: the multibase form used by `did:key` and Multikey documents.
    pub fn to_multibase(&self) -> String {
        let mut bytes = ED25519_PUB.to_vec();
        bytes.extend_from_slice(self.0.as_bytes());
        format!("z{}", bs58::encode(bytes).into_string())
    }

    pub fn from_multibase(s: &str) -> Result<Self, KeyError> {
        let body = s.strip_prefix('z').ok_or(KeyError::NotMultibase)?;
        if body.len() > 64 {
            return Err(KeyError::NotEd25519);
        }
        let bytes = bs58::decode(body)
            .into_vec()
            .map_err(|_| KeyError::NotMultibase)?;
        match bytes.strip_prefix(&ED25519_PUB) {
            Some(key) => Self::from_bytes(key),
            None => Err(KeyError::NotEd25519),
        }
    }

    /// The public JWK (`kty` OKP, `crv` Ed25519).
    pub fn to_jwk(&self) -> Value {
        json!({"kty": "OKP", "crv": "Ed25519", "x": B64.encode(self.0.as_bytes())})
    }

    /// Reads a public JWK; extra members (`kid`, `use`, `alg`) are allowed, a private `d`
    /// is ignored so that a verifier never handles secrets it does not need.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        if jwk.get("kty").and_then(Value::as_str) != Some("OKP") {
            return Err(KeyError::BadJwk("kty must be OKP"));
        }
        if jwk.get("crv").and_then(Value::as_str) != Some("Ed25519") {
            return Err(KeyError::BadJwk("crv must be Ed25519"));
        }
        let x = jwk
            .get("x")
            .and_then(Value::as_str)
            .ok_or(KeyError::BadJwk("x is missing"))?;
        let bytes = B64
            .decode(x)
            .map_err(|_| KeyError::BadJwk("x is not base64url"))?;
        Self::from_bytes(&bytes)
    }

    /// Verifies a detached Ed25519 signature. A non-canonical `S` is refused, `R` is
    /// compared in its canonical encoding, and weak keys never get this far (see
    /// [`PublicKey::from_bytes`]). `verify_strict` would also refuse a small-order `R`:
    /// with a key that is not weak, only its holder can make one, so that check (a point
    /// decompression per call) adds nothing against forgery.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
            return false;
        };
        ed25519_dalek::Verifier::verify(&self.0, message, &sig).is_ok()
    }
}

/// An Ed25519 signing key.
pub struct SecretKey(ed25519_dalek::SigningKey);

impl SecretKey {
    pub fn generate() -> Self {
        SecretKey(ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng))
    }

    pub fn from_seed(seed: &[u8; 32]) -> Self {
        SecretKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    /// The 32-byte seed, in memory that is wiped when dropped.
    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The private JWK, with the public `x` so the file is self-describing.
    pub fn to_jwk(&self) -> Zeroizing<String> {
        let seed = self.seed();
        Zeroizing::new(
            json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": B64.encode(self.public().to_bytes()),
                "d": B64.encode(&seed[..]),
            })
            .to_string(),
        )
    }

    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let public = PublicKey::from_jwk(jwk)?;
        let d = jwk
            .get("d")
            .and_then(Value::as_str)
            .ok_or(KeyError::BadJwk("d is missing"))?;
        let seed = Zeroizing::new(
            B64.decode(d)
                .map_err(|_| KeyError::BadJwk("d is not base64url"))?,
        );
        let seed: &[u8; 32] = seed
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::BadJwk("d must be 32 bytes"))?;
        let key = SecretKey::from_seed(seed);
        if key.public() != public {
            return Err(KeyError::Mismatch);
        }
        Ok(key)
    }

    /// `secretKeyMultibase` of a Multikey (`z3u2…`).
    pub fn to_multibase(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new(ED25519_PRIV.to_vec());
        bytes.extend_from_slice(&self.seed()[..]);
        Zeroizing::new(format!("z{}", bs58::encode(&bytes[..]).into_string()))
    }

    /// Writes the key as a JWK to a new file with mode 0600. Refuses to overwrite: losing
    /// a signing key silently would orphan every credential signed with it.
    pub fn write_new(&self, path: &Path) -> Result<(), KeyError> {
        let err = |reason: String| KeyError::File {
            path: path.display().to_string(),
            reason,
        };
        crate::files::create_private(path, self.to_jwk().as_bytes()).map_err(|e| err(e.to_string()))
    }

    /// Reads a key file written by [`SecretKey::write_new`]; refuses one that group or
    /// others may read.
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let err = |reason: String| KeyError::File {
            path: path.display().to_string(),
            reason,
        };
        let text = crate::files::read_secret(path, 4096).map_err(|e| err(e.to_string()))?;
        let jwk: Value = serde_json::from_str(&text).map_err(|_| err("not a JWK".into()))?;
        SecretKey::from_jwk(&jwk)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn weak_keys_and_non_canonical_signatures_are_refused() {
        // The identity point: every signature with R = identity and S = 0 verifies.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(PublicKey::from_bytes(&identity).is_err());
        let key = SecretKey::from_seed(&[4; 32]);
        let mut sig = key.sign(b"m");
        assert!(key.public().verify(b"m", &sig));
        // S + L: the same scalar, a second encoding.
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for i in 0..32 {
            let v = sig[32 + i] as u16 + L[i] as u16 + carry;
            sig[32 + i] = v as u8;
            carry = v >> 8;
        }
        assert!(!key.public().verify(b"m", &sig));
    }

    #[test]
    fn multibase_round_trip_and_w3c_vector_key() {
        // The key pair of the W3C eddsa-rdfc-2022 test vectors.
        let pk =
            PublicKey::from_multibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").unwrap();
        assert_eq!(
            pk.to_multibase(),
            "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
        );
        assert_eq!(PublicKey::from_jwk(&pk.to_jwk()).unwrap(), pk);
        assert_eq!(
            PublicKey::from_multibase("6MkrJV"),
            Err(KeyError::NotMultibase)
        );
        assert_eq!(
            PublicKey::from_multibase("zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"),
            Err(KeyError::NotEd25519)
        );
        assert!(PublicKey::from_multibase(&format!("z{}", "1".repeat(500))).is_err());
    }

    #[test]
    fn sign_verify_and_jwk_round_trip() {
        let key = SecretKey::generate();
        let sig = key.sign(b"hello");
        assert!(key.public().verify(b"hello", &sig));
        assert!(!key.public().verify(b"hellO", &sig));
        assert!(!key.public().verify(b"hello", &sig[..63]));
        let jwk: Value = serde_json::from_str(&key.to_jwk()).unwrap();
        let back = SecretKey::from_jwk(&jwk).unwrap();
        assert_eq!(back.public(), key.public());
        let mut wrong = jwk.clone();
        wrong["x"] = SecretKey::generate().public().to_jwk()["x"].clone();
        assert!(matches!(
            SecretKey::from_jwk(&wrong),
            Err(KeyError::Mismatch)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn key_files_are_private_and_never_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("mc-keys-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("k.jwk");
        let _ = fs::remove_file(&path);
        let key = SecretKey::generate();
        key.write_new(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(key.write_new(&path).is_err(), "must not overwrite");
        assert_eq!(SecretKey::read(&path).unwrap().public(), key.public());
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let e = SecretKey::read(&path).err().unwrap().to_string();
        assert!(e.contains("chmod 600"), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
