//! The rules every account on a server keeps, staff and hosted wallets alike: what a
//! user name may be, and how a password is hashed and checked (Argon2id with the
//! wallet's parameters, compared in constant time). An unknown account is checked
//! against a throwaway hash at the same cost, so the time taken does not tell which
//! names exist.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use crate::kdf::{KdfError, KdfParams};

/// 3–64 characters: a–z, digits, `.` `_` `-` `@` (wallet and staff accounts alike).
pub fn valid_username(u: &str) -> bool {
    (3..=64).contains(&u.len())
        && u.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'@')
        })
}

/// A new hash of `password`: its parameters (with a fresh salt) and the hash, base64.
pub fn hash_password(password: &str) -> Result<(KdfParams, String), KdfError> {
    let kdf = KdfParams::new();
    let h = B64.encode(kdf.derive(password)?.as_ref());
    Ok((kdf, h))
}

/// Whether `password` matches `stored` (parameters and hash); `None` (no such account)
/// costs the same and never matches.
pub fn password_matches(
    stored: Option<(&KdfParams, &str)>,
    password: &str,
) -> Result<bool, KdfError> {
    let throwaway = KdfParams::new();
    let (kdf, expected) = stored.unwrap_or((&throwaway, ""));
    let derived = B64.encode(kdf.derive(password)?.as_ref());
    Ok(stored.is_some() && crate::ct::ct_eq(derived.as_bytes(), expected.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_short_lower_case_and_plain() {
        assert!(valid_username("opettaja"));
        assert!(valid_username("a.b_c-d@e"));
        assert!(!valid_username("ab"));
        assert!(!valid_username("Opettaja"));
        assert!(!valid_username("with space"));
        assert!(!valid_username(&"a".repeat(65)));
    }

    #[test]
    fn a_password_matches_its_hash_only() {
        let (kdf, hash) = hash_password("a long password").unwrap();
        assert!(password_matches(Some((&kdf, &hash)), "a long password").unwrap());
        assert!(!password_matches(Some((&kdf, &hash)), "a long passwore").unwrap());
        assert!(!password_matches(None, "a long password").unwrap());
    }
}
