//! Share links from any wallet: a wallet that serves no links itself (the command-line
//! wallet) publishes a link's sealed content to a server it names, which then answers
//! `/s/{token}` like a hosted wallet's link.
//!
//! The server receives exactly what a hosted wallet keeps for a link — the token's hash,
//! the expiry and the content sealed under a key derived from the token — so it cannot
//! read the content until someone opens the link. Ending the link needs a separate
//! random secret whose hash the server keeps: the link's token (which every viewer has)
//! does not suffice.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use microcred_core::fetch::FetchPolicy;

use crate::crypto;
use crate::error::{Result, WalletError};
use crate::share::{token_hash, Share};
use crate::wallet::Wallet;

/// Largest sealed share a server takes (twenty credentials of 10 KB, sealed and base64).
pub const MAX_SEALED: usize = 512 * 1024;

/// What a wallet sends to publish a link (`POST {server}/shares`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishRequest {
    /// SHA-256 of the token, hex.
    pub id: String,
    /// Unix seconds.
    pub expires: i64,
    /// The share record a server stores and serves (its content sealed with the token).
    pub public: String,
    /// SHA-256 of the secret that ends the link, hex.
    pub end_key_hash: String,
}

/// SHA-256 of a secret, hex (the end key's hash, as the server compares it).
pub fn end_key_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn refused(m: impl Into<String>) -> WalletError {
    WalletError::Refused(m.into())
}

/// A client under the one fetch policy: the share server is named by the user, yet
/// must be a public HTTPS address like anything else a wallet contacts.
fn client(policy: &FetchPolicy) -> Result<reqwest::Client> {
    policy
        .client(
            concat!("microcred-wallet/", env!("CARGO_PKG_VERSION")),
            Duration::from_secs(20),
        )
        .map_err(|e| refused(e.to_string()))
}

/// `server` without a trailing slash, checked against the fetch policy.
fn server_base(server: &str, policy: &FetchPolicy) -> Result<String> {
    let base = server.trim().trim_end_matches('/').to_string();
    policy
        .check(&format!("{base}/shares"))
        .map_err(|e| refused(format!("--server: {e}")))?;
    Ok(base)
}

async fn answer(resp: reqwest::Response, what: &str) -> Result<()> {
    let status = resp.status();
    if status.is_success() {
        return Ok(());
    }
    let body = resp.text().await.unwrap_or_default();
    let why: String = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_string))
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    Err(refused(format!("{what}: HTTP {} {why}", status.as_u16())))
}

impl Wallet {
    /// Publishes the link `token` (made with [`Wallet::share`]) to `server`, and records
    /// where it lives and the secret that ends it. Returns the updated record.
    pub async fn publish_share(
        &self,
        token: &str,
        server: &str,
        policy: &FetchPolicy,
    ) -> Result<Share> {
        let base = server_base(server, policy)?;
        let (mut share, public) = self.share_and_public(token)?;
        if !share.active(chrono::Utc::now().timestamp()) {
            return Err(refused("that link has ended or expired"));
        }
        if share.server.is_some() {
            return Err(refused("that link is published already"));
        }
        let secret = crypto::b64(&crypto::random::<32>());
        let req = PublishRequest {
            id: token_hash(token),
            expires: share.expires,
            public: String::from_utf8(public)
                .map_err(|_| WalletError::Corrupt("a share record".into()))?,
            end_key_hash: end_key_hash(&secret),
        };
        let url = format!("{base}/shares");
        let u = policy.check(&url).map_err(|e| refused(e.to_string()))?;
        let resp = client(policy)?
            .post(u)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&req).map_err(|e| refused(e.to_string()))?)
            .send()
            .await
            .map_err(|_| refused(format!("{base}: no usable answer")))?;
        answer(resp, &base).await?;
        share.server = Some(base);
        share.end_key = Some(secret);
        self.update_share(&share)?;
        Ok(share)
    }

    /// Ends a published link on its server (`DELETE {server}/shares/{id}`), then here.
    /// A link the server no longer knows counts as ended there.
    pub async fn unpublish_share(&self, token: &str, policy: &FetchPolicy) -> Result<Share> {
        let (share, _) = self.share_and_public(token)?;
        if let (Some(base), Some(secret)) = (&share.server, &share.end_key) {
            let url = format!("{base}/shares/{}", token_hash(&share.token));
            let u = policy.check(&url).map_err(|e| refused(e.to_string()))?;
            let resp = client(policy)?
                .delete(u)
                .bearer_auth(secret)
                .send()
                .await
                .map_err(|_| refused(format!("{base}: no usable answer")))?;
            if resp.status().as_u16() != 404 {
                answer(resp, base).await?;
            }
        }
        self.unshare(&share.token)
    }
}
