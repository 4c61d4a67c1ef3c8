//! Encryption at rest: a key derived from the learner's passphrase (Argon2id) protects a
//! random data key; the data key encrypts everything else with XChaCha20-Poly1305.
//!
//! Two levels, so the passphrase is stretched once per unlock (not per record) and a
//! backup or a passphrase change re-wraps one key. Every sealed value is bound (AEAD
//! associated data) to what it is, so a record cannot be swapped for another.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::WalletError;

pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// A 256-bit key, wiped from memory when dropped.
pub type Key = Zeroizing<[u8; KEY_LEN]>;

/// Argon2id parameters, stored beside what they protect so they can be raised later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    pub algorithm: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// Base64, 16 random bytes.
    pub salt: String,
}

impl KdfParams {
    /// OWASP's first recommended Argon2id setting (46 MiB, one pass): about 70 ms here,
    /// so unlocking stays interactive while each guess costs an attacker the same.
    pub fn new() -> Self {
        KdfParams {
            algorithm: "argon2id".into(),
            memory_kib: 47_104,
            iterations: 1,
            parallelism: 1,
            salt: B64.encode(random::<16>()),
        }
    }

    pub fn derive(&self, passphrase: &str) -> Result<Key, WalletError> {
        if self.algorithm != "argon2id" {
            return Err(WalletError::Corrupt(format!(
                "unknown KDF {}",
                self.algorithm
            )));
        }
        // Bounds that keep a hostile file from demanding gigabytes or hours.
        if !(8_192..=1_048_576).contains(&self.memory_kib)
            || !(1..=16).contains(&self.iterations)
            || !(1..=8).contains(&self.parallelism)
        {
            return Err(WalletError::Corrupt("KDF parameters out of range".into()));
        }
        let salt = B64
            .decode(&self.salt)
            .map_err(|_| WalletError::Corrupt("KDF salt is not base64".into()))?;
        let params = Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| WalletError::Corrupt(format!("KDF parameters: {e}")))?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &salt, key.as_mut())
            .map_err(|e| WalletError::Corrupt(format!("KDF: {e}")))?;
        Ok(key)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::new()
    }
}

pub fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b
}

pub fn new_key() -> Key {
    Zeroizing::new(random::<KEY_LEN>())
}

/// Encrypts `plaintext` bound to `label`: a random 192-bit nonce, then the ciphertext.
pub fn seal(key: &[u8; KEY_LEN], label: &str, plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let nonce = random::<NONCE_LEN>();
    let mut out = nonce.to_vec();
    // Encryption with a valid key and nonce cannot fail.
    let ct = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad: label.as_bytes(),
            },
        )
        .unwrap_or_default();
    out.extend_from_slice(&ct);
    out
}

/// Decrypts what [`seal`] made with the same key and label.
pub fn open(
    key: &[u8; KEY_LEN],
    label: &str,
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, WalletError> {
    if sealed.len() < NONCE_LEN + 16 {
        return Err(WalletError::Corrupt(format!("{label}: too short")));
    }
    let (nonce, ct) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce
        .try_into()
        .map_err(|_| WalletError::Corrupt(format!("{label}: bad nonce")))?;
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ct,
                aad: label.as_bytes(),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| WalletError::Corrupt(format!("{label}: does not decrypt")))
}

/// A key for one purpose, derived from the data key (HMAC-SHA-256 as a PRF).
pub fn subkey(key: &[u8; KEY_LEN], purpose: &str) -> Key {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    out.copy_from_slice(&mac(key, purpose.as_bytes()));
    out
}

pub fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length (RFC 2104, §2), so this cannot fail.
    #[allow(clippy::expect_used)]
    let mut m =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length");
    m.update(data);
    m.finalize().into_bytes().into()
}

pub fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

pub fn unb64(s: &str, what: &str) -> Result<Vec<u8>, WalletError> {
    B64.decode(s)
        .map_err(|_| WalletError::Corrupt(format!("{what} is not base64")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_label() {
        let k = new_key();
        let sealed = seal(&k, "credential:1", b"secret");
        assert_eq!(&open(&k, "credential:1", &sealed).unwrap()[..], b"secret");
        assert!(open(&k, "credential:2", &sealed).is_err());
        assert!(open(&new_key(), "credential:1", &sealed).is_err());
        let mut flipped = sealed.clone();
        flipped[30] ^= 1;
        assert!(open(&k, "credential:1", &flipped).is_err());
        assert!(open(&k, "credential:1", &sealed[..10]).is_err());
        assert_ne!(seal(&k, "x", b"a"), seal(&k, "x", b"a"), "fresh nonces");
    }

    #[test]
    fn the_kdf_is_deterministic_and_bounded() {
        let mut p = KdfParams::new();
        p.memory_kib = 8_192;
        assert_eq!(
            *p.derive("correct horse").unwrap(),
            *p.derive("correct horse").unwrap()
        );
        assert_ne!(
            *p.derive("correct horse").unwrap(),
            *p.derive("correct horsf").unwrap()
        );
        p.memory_kib = 64 * 1024 * 1024;
        assert!(p.derive("x").is_err());
    }
}
