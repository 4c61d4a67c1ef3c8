//! Stretching a passphrase or password into a key with Argon2id: the parameters are
//! stored beside what they protect (a wallet, a backup, an account's password hash), so
//! one definition serves the wallet's encryption and the server's accounts alike.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The length of a derived key: 256 bits.
pub const KEY_LEN: usize = 32;

/// What goes wrong deriving a key: the stored parameters are unusable.
#[derive(Debug, thiserror::Error)]
pub enum KdfError {
    #[error("unknown KDF {0}")]
    UnknownAlgorithm(String),
    #[error("KDF parameters out of range")]
    OutOfRange,
    #[error("KDF salt is not base64")]
    BadSalt,
    #[error("KDF parameters: {0}")]
    Params(String),
    #[error("KDF: {0}")]
    Derive(String),
}

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
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        KdfParams {
            algorithm: "argon2id".into(),
            memory_kib: 47_104,
            iterations: 1,
            parallelism: 1,
            salt: B64.encode(salt),
        }
    }

    pub fn derive(&self, passphrase: &str) -> Result<Zeroizing<[u8; KEY_LEN]>, KdfError> {
        if self.algorithm != "argon2id" {
            return Err(KdfError::UnknownAlgorithm(self.algorithm.clone()));
        }
        if !within_bounds(self.memory_kib, self.iterations, self.parallelism) {
            return Err(KdfError::OutOfRange);
        }
        let salt = B64.decode(&self.salt).map_err(|_| KdfError::BadSalt)?;
        let params = Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| KdfError::Params(e.to_string()))?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &salt, key.as_mut())
            .map_err(|e| KdfError::Derive(e.to_string()))?;
        Ok(key)
    }
}

/// Bounds that keep a hostile file from demanding gigabytes or hours: memory in KiB,
/// passes, and lanes.
pub fn within_bounds(memory_kib: u32, iterations: u32, parallelism: u32) -> bool {
    (8_192..=1_048_576).contains(&memory_kib)
        && (1..=16).contains(&iterations)
        && (1..=8).contains(&parallelism)
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
