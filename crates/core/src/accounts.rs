//! The rules every account on a server keeps, staff and hosted wallets alike: what a
//! user name may be, and how a password is hashed and checked. A hash is a PHC string
//! (`$argon2id$v=19$m=…`) with the wallet's Argon2id parameters; a hash kept before
//! that, the parameters beside a bare base64 hash, is still checked. An unknown account
//! costs the same work as a known one, so the time taken does not tell which names
//! exist.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rand::RngCore;

use crate::kdf::{self, KdfError, KdfParams};

/// 3–64 characters: a–z, digits, `.` `_` `-` `@` (wallet and staff accounts alike).
pub fn valid_username(u: &str) -> bool {
    (3..=64).contains(&u.len())
        && u.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'@')
        })
}

/// The hasher with the wallet's parameters (see [`KdfParams::new`]).
fn hasher() -> Result<Argon2<'static>, KdfError> {
    let p = KdfParams::new();
    let params = Params::new(p.memory_kib, p.iterations, p.parallelism, None)
        .map_err(|e| KdfError::Params(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A new hash of `password`, as a PHC string with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, KdfError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| KdfError::Params(e.to_string()))?;
    Ok(hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| KdfError::Derive(e.to_string()))?
        .to_string())
}

/// A stored hash: the PHC string, or (a hash kept before PHC strings) the Argon2id
/// parameters and the bare hash in base64.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    pub legacy: Option<&'a KdfParams>,
    pub hash: &'a str,
}

/// Whether `password` matches `stored`; `None` (no such account) costs the same and
/// never matches.
pub fn password_matches(stored: Option<Stored<'_>>, password: &str) -> Result<bool, KdfError> {
    let Some(stored) = stored else {
        hash_password(password)?;
        return Ok(false);
    };
    if let Some(kdf) = stored.legacy {
        let derived = B64.encode(kdf.derive(password)?.as_ref());
        return Ok(crate::ct::ct_eq(derived.as_bytes(), stored.hash.as_bytes()));
    }
    let parsed = PasswordHash::new(stored.hash).map_err(|e| KdfError::Params(e.to_string()))?;
    if parsed.algorithm != argon2::ARGON2ID_IDENT {
        return Err(KdfError::UnknownAlgorithm(parsed.algorithm.to_string()));
    }
    let params = Params::try_from(&parsed).map_err(|e| KdfError::Params(e.to_string()))?;
    if !kdf::within_bounds(params.m_cost(), params.t_cost(), params.p_cost()) {
        return Err(KdfError::OutOfRange);
    }
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(KdfError::Derive(e.to_string())),
    }
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
        let hash = hash_password("a long password").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=47104,t=1,p=1$"));
        let stored = Stored {
            legacy: None,
            hash: &hash,
        };
        assert!(password_matches(Some(stored), "a long password").unwrap());
        assert!(!password_matches(Some(stored), "a long passwore").unwrap());
        assert!(!password_matches(None, "a long password").unwrap());
    }

    #[test]
    fn hashes_kept_before_phc_strings_still_match() {
        let kdf = KdfParams::new();
        let hash = B64.encode(kdf.derive("a long password").unwrap().as_ref());
        let stored = Stored {
            legacy: Some(&kdf),
            hash: &hash,
        };
        assert!(password_matches(Some(stored), "a long password").unwrap());
        assert!(!password_matches(Some(stored), "a long passwore").unwrap());
    }

    #[test]
    fn a_hostile_hash_demands_no_more_than_the_bounds() {
        let greedy = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
        let stored = Stored {
            legacy: None,
            hash: greedy,
        };
        assert!(matches!(
            password_matches(Some(stored), "x"),
            Err(KdfError::OutOfRange)
        ));
    }
}
