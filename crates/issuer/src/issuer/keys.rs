//! The issuer's signing keys and DID: a key the provider brings, the did:web name and
//! verification method, and moving a did:web issuer to a new key.

use std::path::Path;
use std::sync::Arc;

use microcred_core::did;
use microcred_core::signing::{KeyType, SigningKey};

use super::{pretty, write_atomic, Issuer};
use crate::error::{IssuerError, Result};

/// A P-256 signing key the provider brings (PKCS#8 PEM, as CAs and OpenSSL write them).
/// Never printed: its `Debug` says only what it is.
#[derive(Clone)]
pub struct ProvidedKey(pub(super) Arc<microcred_core::es256::P256Secret>);

impl std::fmt::Debug for ProvidedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProvidedKey(P-256, secret)")
    }
}

impl ProvidedKey {
    /// Reads a PKCS#8 PEM P-256 private key from `path`; refuses a file others may read
    /// (the same rule as the issuer's own key files) and anything larger than a key.
    pub fn read(path: &Path) -> Result<ProvidedKey> {
        let bad = |reason: String| IssuerError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        let text =
            microcred_core::files::read_secret(path, 16 * 1024).map_err(|e| bad(e.to_string()))?;
        microcred_core::es256::P256Secret::from_pkcs8_pem(&text)
            .map(|k| ProvidedKey(Arc::new(k)))
            .map_err(|e| bad(e.to_string()))
    }

    /// The key of PKCS#8 PEM text (tests, and callers holding the text already).
    pub fn from_pem(pem: &str) -> Result<ProvidedKey> {
        microcred_core::es256::P256Secret::from_pkcs8_pem(pem)
            .map(|k| ProvidedKey(Arc::new(k)))
            .map_err(|e| IssuerError::KeyFile {
                path: "-".into(),
                reason: e.to_string(),
            })
    }
}

/// Splits `--did-web` into host and path: `example.fi:issuers:tredu` is a host with a
/// path; a first segment of digits is a port (`127.0.0.1:8080`, or as the DID writes it,
/// `127.0.0.1%3A8080`), since a path segment of digits alone would be a strange name.
pub(super) fn did_web_parts(domain: &str) -> (String, Vec<&str>) {
    let mut parts: Vec<&str> = domain.split(':').collect();
    let mut host = parts.remove(0).replace("%3A", ":").replace("%3a", ":");
    if parts
        .first()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        host = format!("{host}:{}", parts.remove(0));
    }
    (host, parts)
}

pub(super) fn vm_id(did_value: &str, key_name: &str, key: &SigningKey, is_web: bool) -> String {
    if is_web {
        format!("{did_value}#{key_name}")
    } else {
        did::did_key_vm(key.public())
    }
}

impl Issuer {
    /// Adds a new signing key to a did:web issuer. Earlier keys stay in the DID document
    /// (so earlier credentials still verify); new credentials and status lists are signed
    /// with the new key.
    pub fn rotate_key(self) -> Result<Issuer> {
        let kind = self.key.key_type();
        self.rotate_key_to(kind)
    }

    /// [`Issuer::rotate_key`] to a key of `kind` (an Ed25519 issuer may move to P-256 for
    /// EUDI wallets; its old Ed25519 credentials keep verifying).
    pub fn rotate_key_to(self, kind: KeyType) -> Result<Issuer> {
        if self.config.did_web.is_none() {
            return Err(IssuerError::CannotRotateDidKey);
        }
        // The registry first: when a running server holds it, this fails here, before
        // any key or document is written.
        let last = self.store()?.registry.last_list()?;
        let mut doc = self.did_document()?;
        let n = doc.verification_method.len() + 1;
        let name = format!("key-{n}");
        let key = SigningKey::generate(kind);
        key.write_new(&self.dir.join("keys").join(format!("{name}.jwk")))?;
        doc.add_key(format!("{}#{name}", self.did), key.public());
        write_atomic(&self.dir.join("did.json"), &pretty(&doc))?;
        let mut config = self.config.clone();
        config.active_key = name;
        write_atomic(&self.dir.join("config.json"), &pretty(&config))?;
        let issuer = self.reread()?;
        for list in 1..=last {
            issuer.publish_status(list)?;
        }
        Ok(issuer)
    }
}
