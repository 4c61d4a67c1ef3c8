//! A signing key of either kind an issuer or holder may have: Ed25519 (EdDSA) or P-256
//! (ES256, which HAIP requires every EUDI party to support). Kept on disk as a private JWK
//! (mode 0600, never overwritten); the JWK's `kty` tells which.

use std::path::Path;
use std::sync::Arc;

use josekit::jws::JwsSigner;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::es256::{Es256Signer, P256Secret};
use crate::jose::Ed25519Signer;
use crate::keys::{KeyError, SecretKey};
use crate::pubkey::VerifyingKey;

/// Which kind of key to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyType {
    #[default]
    Ed25519,
    P256,
}

impl std::str::FromStr for KeyType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ed25519" | "eddsa" => Ok(KeyType::Ed25519),
            "p256" | "p-256" | "es256" => Ok(KeyType::P256),
            _ => Err(format!("unknown key type '{s}': use ed25519 or p256")),
        }
    }
}

pub enum SigningKey {
    Ed25519(Arc<SecretKey>),
    P256(Arc<P256Secret>),
}

impl SigningKey {
    pub fn generate(kind: KeyType) -> Self {
        match kind {
            KeyType::Ed25519 => SigningKey::Ed25519(Arc::new(SecretKey::generate())),
            KeyType::P256 => SigningKey::P256(Arc::new(P256Secret::generate())),
        }
    }

    pub fn key_type(&self) -> KeyType {
        match self {
            SigningKey::Ed25519(_) => KeyType::Ed25519,
            SigningKey::P256(_) => KeyType::P256,
        }
    }

    pub fn public(&self) -> VerifyingKey {
        match self {
            SigningKey::Ed25519(k) => VerifyingKey::Ed25519(k.public()),
            SigningKey::P256(k) => k.public(),
        }
    }

    /// The JOSE algorithm it signs with.
    pub fn alg(&self) -> &'static str {
        match self {
            SigningKey::Ed25519(_) => "EdDSA",
            SigningKey::P256(_) => crate::es256::ALG,
        }
    }

    /// A josekit signer naming `kid`.
    pub fn jws_signer(&self, kid: Option<String>) -> Box<dyn JwsSigner> {
        match self {
            SigningKey::Ed25519(k) => Box::new(Ed25519Signer::new(k.clone(), kid)),
            SigningKey::P256(k) => Box::new(Es256Signer::new(k.clone(), kid)),
        }
    }

    /// The Ed25519 key, for what only Ed25519 signs here (Data Integrity eddsa-rdfc-2022).
    pub fn ed25519(&self) -> Option<&Arc<SecretKey>> {
        match self {
            SigningKey::Ed25519(k) => Some(k),
            SigningKey::P256(_) => None,
        }
    }

    fn jwk(&self) -> Zeroizing<String> {
        match self {
            SigningKey::Ed25519(k) => k.to_jwk(),
            SigningKey::P256(k) => k.to_jwk(),
        }
    }

    /// Writes the private JWK to a new file, mode 0600; refuses to overwrite.
    pub fn write_new(&self, path: &Path) -> Result<(), KeyError> {
        let err = |reason: String| KeyError::File {
            path: path.display().to_string(),
            reason,
        };
        crate::files::create_private(path, self.jwk().as_bytes()).map_err(|e| err(e.to_string()))
    }

    /// Reads a key file written by [`SigningKey::write_new`] (or an Ed25519 one written by
    /// [`SecretKey::write_new`]); refuses one that group or others may read.
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let err = |reason: String| KeyError::File {
            path: path.display().to_string(),
            reason,
        };
        let text = crate::files::read_secret(path, 4096).map_err(|e| err(e.to_string()))?;
        let jwk: Value = serde_json::from_str(&text).map_err(|_| err("not a JWK".into()))?;
        match jwk.get("kty").and_then(Value::as_str) {
            Some("EC") => P256Secret::from_jwk(&jwk)
                .map(|k| SigningKey::P256(Arc::new(k)))
                .map_err(|e| err(e.to_string())),
            _ => SecretKey::from_jwk(&jwk).map(|k| SigningKey::Ed25519(Arc::new(k))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kinds_round_trip_through_files_and_sign_jws() {
        let dir = std::env::temp_dir().join(format!("mc-signing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for kind in [KeyType::Ed25519, KeyType::P256] {
            let path = dir.join(format!("{kind:?}.jwk"));
            let _ = std::fs::remove_file(&path);
            let k = SigningKey::generate(kind);
            k.write_new(&path).unwrap();
            assert!(k.write_new(&path).is_err(), "never overwritten");
            let back = SigningKey::read(&path).unwrap();
            assert_eq!(back.public(), k.public());
            assert_eq!(back.key_type(), kind);
            let signer = k.jws_signer(Some("kid-1".into()));
            let jws = crate::jose::sign(b"{}", "vc+jwt", signer.as_ref()).unwrap();
            let (header, payload) = crate::jose::verify(&jws, k.public()).unwrap();
            assert_eq!(header["alg"], k.alg());
            assert_eq!(header["kid"], "kid-1");
            assert_eq!(payload, b"{}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
