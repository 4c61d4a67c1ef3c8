//! API tokens for the issuer's HTTP API: shown once when made, stored only as a hash,
//! revocable. A token is `mct_` and 256 random bits.

use std::fs;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{IssuerError, Result};
use crate::issuer::Issuer;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    /// SHA-256 of the token, hex.
    pub hash: String,
    pub created: String,
    #[serde(default)]
    pub revoked: bool,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Issuer {
    fn tokens_path(&self) -> std::path::PathBuf {
        self.dir().join("tokens.json")
    }

    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        match fs::read(self.tokens_path()) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| IssuerError::BadFile {
                path: self.tokens_path().display().to_string(),
                reason: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(IssuerError::Io {
                path: self.tokens_path().display().to_string(),
                source: e,
            }),
        }
    }

    /// Holds the lock on `tokens.json` while it is read, changed and written.
    fn lock_tokens(&self) -> Result<microcred_core::files::Lock> {
        microcred_core::files::lock(&self.tokens_path()).map_err(|e| IssuerError::Io {
            path: self.tokens_path().display().to_string(),
            source: e,
        })
    }

    fn save_tokens(&self, all: &[TokenInfo]) -> Result<()> {
        let mut text = serde_json::to_vec_pretty(all).map_err(|e| IssuerError::BadFile {
            path: "tokens.json".into(),
            reason: e.to_string(),
        })?;
        text.push(b'\n');
        microcred_core::files::write_atomic(&self.tokens_path(), &text, true).map_err(|e| {
            IssuerError::Io {
                path: self.tokens_path().display().to_string(),
                source: e,
            }
        })
    }

    /// Makes a token; returns its record and the token, which is not stored.
    pub fn create_token(&self, name: &str) -> Result<(TokenInfo, String)> {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        let token = format!("mct_{}", B64.encode(secret));
        let mut idb = [0u8; 4];
        rand::rngs::OsRng.fill_bytes(&mut idb);
        let info = TokenInfo {
            id: hex::encode(idb),
            name: name.to_string(),
            hash: hash(&token),
            created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            revoked: false,
        };
        let _lock = self.lock_tokens()?;
        let mut all = self.tokens()?;
        all.push(info.clone());
        self.save_tokens(&all)?;
        Ok((info, token))
    }

    pub fn revoke_token(&self, id: &str) -> Result<TokenInfo> {
        let _lock = self.lock_tokens()?;
        let mut all = self.tokens()?;
        let t = all
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| IssuerError::UnknownToken(id.to_string()))?;
        t.revoked = true;
        let out = t.clone();
        self.save_tokens(&all)?;
        Ok(out)
    }

    /// The live token `presented` is, if any. Every stored hash is compared, in constant
    /// time, so timing tells nothing about which tokens exist.
    pub fn check_token(&self, presented: &str) -> Result<Option<TokenInfo>> {
        let h = hash(presented);
        let mut found = None;
        for t in self.tokens()? {
            if microcred_core::ct::ct_eq(t.hash.as_bytes(), h.as_bytes()) && !t.revoked {
                found = Some(t);
            }
        }
        Ok(found)
    }
}
