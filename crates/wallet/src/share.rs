//! Share links: a learner picks credentials (and, for SD-JWT, which claims), and gets an
//! unguessable link an employer can open until it expires or the learner ends it.
//!
//! What a link shows is prepared when it is made and stored sealed with a key derived
//! from the token itself: whoever serves links (the server) can open a share only when
//! asked with its token, and never needs the learner's passphrase. The store keeps only a
//! hash of each token; the learner's own list of their links is sealed with the wallet key.

use crate::error::store;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sled::Transactional;

use crate::crypto;
use crate::error::{Result, WalletError};
use crate::present::{select_disclosures, Disclose};
use crate::wallet::Wallet;
use microcred_core::format::Format;

/// Random bytes in a token: 128 bits, as the URL-safe 22 characters after `/s/`.
pub const TOKEN_BYTES: usize = 16;
pub const MAX_ACTIVE_SHARES: usize = 100;
/// Credentials one link may show: a CV's worth, and a bound on what a viewer verifies.
pub const MAX_SHARED_CREDENTIALS: usize = 20;
pub const DEFAULT_MONTHS: u32 = 6;
pub const MAX_MONTHS: u32 = 12;

/// The learner's record of a link (sealed with the wallet key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub token: String,
    pub credentials: Vec<String>,
    pub titles: Vec<String>,
    /// What was disclosed of SD-JWT credentials (empty: everything).
    pub disclosed: Vec<String>,
    pub created: i64,
    pub expires: i64,
    #[serde(default)]
    pub ended: Option<i64>,
    /// The server a link was published to, when this wallet does not serve it itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The secret that ends a published link on its server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_key: Option<String>,
}

impl Share {
    pub fn active(&self, now: i64) -> bool {
        self.ended.is_none() && self.expires > now
    }
}

/// One credential as a link shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    /// `di`, `jwt` or `sd-jwt`.
    pub format: String,
    pub credential: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedContent {
    pub created: i64,
    pub expires: i64,
    pub credentials: Vec<Shared>,
}

/// What the store holds for serving a link (under the token's hash).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Public {
    expires: i64,
    ended: bool,
    /// The [`SharedContent`], sealed with the token's key; removed when the link ends.
    content: Option<String>,
}

/// What a link lookup finds. Callers answering the public should treat `Gone` and
/// `NotFound` alike, so nobody learns which tokens once existed.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found(SharedContent),
    Gone,
    NotFound,
}

/// The key a link is stored under: SHA-256 of its token, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn token_key(token: &str) -> crypto::Key {
    let mut k = crypto::new_key();
    let d = Sha256::new()
        .chain_update(b"microcred-share-key\0")
        .chain_update(token.as_bytes())
        .finalize();
    k.copy_from_slice(&d);
    k
}

/// Whether `token` looks like one of ours (22 base64url characters).
pub fn token_well_formed(token: &str) -> bool {
    token.len() == 22
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads `--expires`: `30d`, `8w`, `6m`, `1y`, or a date `2027-05-31`; at most a year.
pub fn parse_expiry(text: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let max = now
        .checked_add_months(Months::new(MAX_MONTHS))
        .ok_or_else(|| WalletError::Refused("date out of range".into()))?;
    let bad = || {
        WalletError::Refused(format!(
            "'{}' is not a lifetime: use 30d, 8w, 6m, 1y or a date such as 2027-05-31",
            text.unwrap_or_default()
        ))
    };
    let at = match text.map(str::trim) {
        None => now
            .checked_add_months(Months::new(DEFAULT_MONTHS))
            .ok_or_else(bad)?,
        Some(t) => {
            if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
                d.and_hms_opt(23, 59, 59).ok_or_else(bad)?.and_utc()
            } else {
                let unit = t.chars().last().ok_or_else(bad)?;
                let n: u32 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
                // Anything over a year is refused below; capping here keeps the arithmetic
                // in range whatever number is typed.
                if n == 0 || n > 1000 {
                    return Err(if n == 0 {
                        bad()
                    } else {
                        WalletError::Refused("a link lasts at most one year".into())
                    });
                }
                let n64 = i64::from(n);
                match unit {
                    'd' => now.checked_add_signed(chrono::Duration::days(n64)),
                    'w' => now.checked_add_signed(chrono::Duration::weeks(n64)),
                    'm' => now.checked_add_months(Months::new(n)),
                    'y' => now.checked_add_months(Months::new(n * 12)),
                    _ => return Err(bad()),
                }
                .ok_or_else(bad)?
            }
        }
    };
    if at > max {
        return Err(WalletError::Refused("a link lasts at most one year".into()));
    }
    if at <= now {
        return Err(WalletError::Refused("that date has passed".into()));
    }
    Ok(at)
}

impl Wallet {
    /// Makes a share link for `ids`; SD-JWT credentials show only `disclose`.
    pub fn share(
        &self,
        ids: &[String],
        expires: DateTime<Utc>,
        disclose: &Disclose,
    ) -> Result<Share> {
        if ids.is_empty() {
            return Err(WalletError::Refused("name at least one credential".into()));
        }
        if ids.len() > MAX_SHARED_CREDENTIALS {
            return Err(WalletError::Refused(format!(
                "a link shows at most {MAX_SHARED_CREDENTIALS} credentials"
            )));
        }
        let now = Utc::now().timestamp();
        let active = self.shares()?.iter().filter(|s| s.active(now)).count();
        if active >= MAX_ACTIVE_SHARES {
            return Err(WalletError::Refused(format!(
                "{MAX_ACTIVE_SHARES} links are active already; end one first (microcred wallet unshare)"
            )));
        }
        let mut shared = Vec::new();
        let mut titles = Vec::new();
        let mut disclosed = Vec::new();
        let mut ids_full = Vec::new();
        for id in ids {
            let (e, content, claims) = self.content(id)?;
            // The same credential named twice (by two prefixes, say) is shown once.
            if ids_full.contains(&e.id) {
                continue;
            }
            let text = String::from_utf8(self.store.credential(&e.id)?.to_vec())
                .map_err(|_| WalletError::Corrupt("a credential is not text".into()))?;
            let text = match e.kind {
                Format::SdJwt => {
                    let (t, names) = select_disclosures(&text, &claims, disclose)?;
                    if !disclose.is_all() {
                        disclosed.extend(names);
                    }
                    t
                }
                _ if !disclose.is_all() => {
                    return Err(WalletError::Refused(format!(
                        "{} is not an SD-JWT credential: it can only be shared whole",
                        e.id
                    )))
                }
                _ => text,
            };
            shared.push(Shared {
                format: e.kind.code().into(),
                credential: text,
            });
            titles.push(content.title().text(microcred_model::Lang::En).to_string());
            ids_full.push(e.id);
        }
        let token = B64URL.encode(crypto::random::<TOKEN_BYTES>());
        let content = SharedContent {
            created: now,
            expires: expires.timestamp(),
            credentials: shared,
        };
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(&content).map_err(|e| WalletError::Store(e.to_string()))?,
        );
        let hash = token_hash(&token);
        let public = Public {
            expires: content.expires,
            ended: false,
            content: Some(crypto::b64(&crypto::seal(
                &token_key(&token),
                &format!("share:{hash}"),
                &plain,
            ))),
        };
        let share = Share {
            token,
            credentials: ids_full,
            titles,
            disclosed,
            created: now,
            expires: content.expires,
            ended: None,
            server: None,
            end_key: None,
        };
        self.put_share(&hash, &share, &public)?;
        Ok(share)
    }

    /// Puts back a link from a backup, still serving it if it is active.
    pub(crate) fn restore_share(&self, share: Share, content: Option<SharedContent>) -> Result<()> {
        let hash = token_hash(&share.token);
        let active = share.active(Utc::now().timestamp());
        let sealed = match (&content, active) {
            (Some(c), true) => {
                let plain = zeroize::Zeroizing::new(
                    serde_json::to_vec(c).map_err(|e| WalletError::Store(e.to_string()))?,
                );
                Some(crypto::b64(&crypto::seal(
                    &token_key(&share.token),
                    &format!("share:{hash}"),
                    &plain,
                )))
            }
            _ => None,
        };
        let public = Public {
            expires: share.expires,
            ended: share.ended.is_some() || sealed.is_none(),
            content: sealed,
        };
        self.put_share(&hash, &share, &public)
    }

    fn put_share(&self, hash: &str, share: &Share, public: &Public) -> Result<()> {
        let mine = serde_json::to_vec(share).map_err(|e| WalletError::Store(e.to_string()))?;
        let sealed = crypto::seal(self.store.key(), &format!("my-share:{hash}"), &mine);
        let public = serde_json::to_vec(public).map_err(|e| WalletError::Store(e.to_string()))?;
        (&self.store.shares, &self.store.my_shares)
            .transaction(|(shares, my)| {
                shares.insert(hash.as_bytes(), public.as_slice())?;
                my.insert(hash.as_bytes(), sealed.as_slice())?;
                Ok(())
            })
            .map_err(|e: sled::transaction::TransactionError| WalletError::Store(e.to_string()))?;
        self.store.flush()
    }

    /// The learner's links, newest first.
    pub fn shares(&self) -> Result<Vec<Share>> {
        let mut out = Vec::new();
        for kv in self.store.my_shares.iter() {
            let (k, v) = kv.map_err(store)?;
            let hash = String::from_utf8_lossy(&k).to_string();
            let plain = crypto::open(self.store.key(), &format!("my-share:{hash}"), &v)?;
            out.push(
                serde_json::from_slice::<Share>(&plain)
                    .map_err(|e| WalletError::Corrupt(format!("a share record: {e}")))?,
            );
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.created));
        Ok(out)
    }

    /// Ends a link at once: its content is erased from the store.
    pub fn unshare(&self, token: &str) -> Result<Share> {
        let hash = token_hash(token.trim());
        let Some(sealed) = self.store.my_shares.get(hash.as_bytes()).map_err(store)? else {
            return Err(WalletError::UnknownShare(token.to_string()));
        };
        let plain = crypto::open(self.store.key(), &format!("my-share:{hash}"), &sealed)?;
        let mut share: Share = serde_json::from_slice(&plain)
            .map_err(|e| WalletError::Corrupt(format!("a share record: {e}")))?;
        if share.ended.is_none() {
            share.ended = Some(Utc::now().timestamp());
        }
        let public = Public {
            expires: share.expires,
            ended: true,
            content: None,
        };
        self.put_share(&hash, &share, &public)?;
        Ok(share)
    }

    /// Ends every link that shows credential `id`; returns how many.
    pub(crate) fn end_shares_of(&self, id: &str) -> Result<usize> {
        let mut n = 0;
        for s in self.shares()? {
            if s.ended.is_none() && s.credentials.iter().any(|c| c == id) {
                self.unshare(&s.token)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The address of a link served by this wallet's server.
    pub fn share_url(&self, token: &str) -> String {
        format!("{}/s/{token}", self.info().share_base_url)
    }

    /// The address of a link: on the server it was published to, else this wallet's.
    pub fn link_of(&self, share: &Share) -> String {
        match &share.server {
            Some(base) => format!("{base}/s/{}", share.token),
            None => self.share_url(&share.token),
        }
    }

    /// A link's record and what the store keeps for serving it (JSON).
    pub(crate) fn share_and_public(&self, token: &str) -> Result<(Share, Vec<u8>)> {
        let hash = token_hash(token.trim());
        let sealed = self
            .store
            .my_shares
            .get(hash.as_bytes())
            .map_err(store)?
            .ok_or_else(|| WalletError::UnknownShare(token.to_string()))?;
        let plain = crypto::open(self.store.key(), &format!("my-share:{hash}"), &sealed)?;
        let share: Share = serde_json::from_slice(&plain)
            .map_err(|e| WalletError::Corrupt(format!("a share record: {e}")))?;
        let public = self
            .store
            .shares
            .get(hash.as_bytes())
            .map_err(store)?
            .ok_or_else(|| WalletError::UnknownShare(token.to_string()))?;
        Ok((share, public.to_vec()))
    }

    /// Rewrites a link's record, keeping what is served for it.
    pub(crate) fn update_share(&self, share: &Share) -> Result<()> {
        let hash = token_hash(&share.token);
        let (_, public) = self.share_and_public(&share.token)?;
        let public: Public = serde_json::from_slice(&public)
            .map_err(|e| WalletError::Corrupt(format!("a share: {e}")))?;
        self.put_share(&hash, share, &public)
    }

    /// What a link shows, as the server looks it up: by token, no passphrase.
    pub fn lookup_share(&self, token: &str) -> Result<Lookup> {
        self.lookup_share_at(token, Utc::now().timestamp())
    }

    /// [`Wallet::lookup_share`] as at the Unix time `now`.
    pub fn lookup_share_at(&self, token: &str, now: i64) -> Result<Lookup> {
        lookup(&self.store.shares, token, now)
    }
}

/// Looks a token up in a share tree. Expired and ended links are `Gone`; malformed
/// tokens are `NotFound` without touching the store.
pub(crate) fn lookup(shares: &sled::Tree, token: &str, now: i64) -> Result<Lookup> {
    if !token_well_formed(token) {
        return Ok(Lookup::NotFound);
    }
    let Some(bytes) = shares.get(token_hash(token).as_bytes()).map_err(store)? else {
        return Ok(Lookup::NotFound);
    };
    open_public(token, &bytes, now)
}

/// Whether `bytes` are a link record as a store keeps it; returns its expiry. A server
/// takes a published link only in this shape (it cannot look inside the content).
pub fn public_expiry(bytes: &[u8]) -> Result<i64> {
    let public: Public = serde_json::from_slice(bytes)
        .map_err(|e| WalletError::Refused(format!("not a share record: {e}")))?;
    if public.ended || public.content.is_none() {
        return Err(WalletError::Refused("the link has ended".into()));
    }
    Ok(public.expires)
}

/// Opens what a store keeps for a link (its JSON record) with the link's token: how a
/// server serves a link published to it.
pub fn open_public(token: &str, bytes: &[u8], now: i64) -> Result<Lookup> {
    if !token_well_formed(token) {
        return Ok(Lookup::NotFound);
    }
    let hash = token_hash(token);
    let public: Public =
        serde_json::from_slice(bytes).map_err(|e| WalletError::Corrupt(format!("a share: {e}")))?;
    if public.ended || public.expires <= now {
        return Ok(Lookup::Gone);
    }
    let Some(content) = public.content else {
        return Ok(Lookup::Gone);
    };
    let sealed = crypto::unb64(&content, "share content")?;
    let plain = crypto::open(&token_key(token), &format!("share:{hash}"), &sealed)?;
    let content: SharedContent = serde_json::from_slice(&plain)
        .map_err(|e| WalletError::Corrupt(format!("a share: {e}")))?;
    Ok(Lookup::Found(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_tree_lookup_refuses_malformed_records() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let t = db.open_tree("shares").unwrap();
        let token = "AAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(lookup(&t, token, 0).unwrap(), Lookup::NotFound);
        for garbage in [
            &b"not json"[..],
            br#"{"expires": 9999999999, "ended": false, "content": "AAAA"}"#,
        ] {
            t.insert(token_hash(token).as_bytes(), garbage).unwrap();
            assert!(
                lookup(&t, token, 0).is_err(),
                "a damaged record is an error, not content"
            );
        }
    }

    #[test]
    fn lifetimes() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc();
        let d = |t: Option<&str>| parse_expiry(t, now).map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(d(None).unwrap(), "2027-05-22");
        assert_eq!(d(Some("30d")).unwrap(), "2026-12-22");
        assert_eq!(d(Some("2w")).unwrap(), "2026-12-06");
        assert_eq!(d(Some("12m")).unwrap(), "2027-11-22");
        assert_eq!(d(Some("1y")).unwrap(), "2027-11-22");
        assert_eq!(d(Some("2027-01-31")).unwrap(), "2027-01-31");
        for bad in [
            "13m",
            "2y",
            "400d",
            "0d",
            "x",
            "",
            "5",
            "2026-01-01",
            "-3d",
            "99999999999y",
            "5é",
            "é",
            "4000000000d",
            "4000000000w",
            "4294967295m",
        ] {
            assert!(d(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens() {
        let t = B64URL.encode(crypto::random::<TOKEN_BYTES>());
        assert!(token_well_formed(&t));
        assert!(!token_well_formed("short"));
        assert!(!token_well_formed("../../../../etc/passwd0"));
        assert_ne!(token_hash(&t), t);
    }
}
