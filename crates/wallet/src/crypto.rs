//! Encryption at rest: a key derived from the learner's passphrase (Argon2id) protects a
//! random data key; the data key encrypts everything else with XChaCha20-Poly1305.
//!
//! Two levels, so the passphrase is stretched once per unlock (not per record) and a
//! backup or a passphrase change re-wraps one key. Every sealed value is bound (AEAD
//! associated data) to what it is, so a record cannot be swapped for another.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::WalletError;

pub use microcred_core::kdf::{KdfParams, KEY_LEN};

const NONCE_LEN: usize = 24;

/// A 256-bit key, wiped from memory when dropped.
pub type Key = Zeroizing<[u8; KEY_LEN]>;

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
}
