//! Password hashes for wallet and staff accounts: Argon2id with the wallet's parameters,
//! compared in constant time. An unknown account is checked against a throwaway hash at
//! the same cost, so the time taken does not tell which names exist.

use microcred_wallet::crypto::{self, KdfParams};
use microcred_wallet::WalletError;

/// A new hash of `password`: its parameters (with a fresh salt) and the hash, base64.
pub fn hash(password: &str) -> Result<(KdfParams, String), WalletError> {
    let kdf = KdfParams::new();
    let h = crypto::b64(kdf.derive(password)?.as_ref());
    Ok((kdf, h))
}

/// Whether `password` matches `stored` (parameters and hash); `None` (no such account)
/// costs the same and never matches.
pub fn matches(stored: Option<(&KdfParams, &str)>, password: &str) -> Result<bool, WalletError> {
    let throwaway = KdfParams::new();
    let (kdf, expected) = stored.unwrap_or((&throwaway, ""));
    let derived = crypto::b64(kdf.derive(password)?.as_ref());
    Ok(stored.is_some() && microcred_core::ct::ct_eq(derived.as_bytes(), expected.as_bytes()))
}
