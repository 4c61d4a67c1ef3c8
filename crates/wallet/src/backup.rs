//! Backups: everything in a wallet in one file sealed under the passphrase, so it can be
//! restored on another machine with the same keys, the same credential IDs and every
//! credential byte for byte.

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{self, KdfParams};
use crate::entry::Status;
use crate::error::{Result, WalletError};
use crate::share::{Share, SharedContent};
use crate::wallet::{entry_from, issuer_of, kind_of, InitOptions, Wallet};

pub const FORMAT: &str = "microcred-wallet-backup";
/// Largest backup restored, uncompressed (about 200,000 credentials).
const MAX_CONTENTS: u64 = 4 << 30;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    format: String,
    version: u32,
    created: String,
    did: String,
    kdf: KdfParams,
    /// Base64 of the sealed, compressed [`Contents`].
    sealed: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Contents {
    did: String,
    holder_seed: String,
    data_key: String,
    share_base_url: String,
    credentials: Vec<Kept>,
    shares: Vec<KeptShare>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Kept {
    id: String,
    added: i64,
    checked: i64,
    status: Status,
    /// The credential exactly as imported.
    original: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptShare {
    share: Share,
    /// What the link shows, while it is active.
    content: Option<SharedContent>,
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "valid" => Status::Valid,
            "revoked" => Status::Revoked,
            "suspended" => Status::Suspended,
            "expired" => Status::Expired,
            "not-yet-valid" => Status::NotYetValid,
            "invalid" => Status::Invalid,
            _ => Status::CouldNotCheck,
        })
    }
}

impl Wallet {
    /// Writes an encrypted backup of the whole wallet to `path` (0600), sealed with a key
    /// derived from `passphrase` (the wallet's, normally). Returns how many credentials.
    pub fn export(&self, path: &Path, passphrase: &str) -> Result<usize> {
        let mut credentials = Vec::new();
        for e in self.entries()? {
            let bytes = self.store.credential(&e.id)?;
            credentials.push(Kept {
                id: e.id.clone(),
                added: e.added,
                checked: e.checked,
                status: e.status,
                original: String::from_utf8(bytes.to_vec())
                    .map_err(|_| WalletError::Corrupt("a credential is not text".into()))?,
            });
        }
        let mut shares = Vec::new();
        for s in self.shares()? {
            let content = match self.lookup_share(&s.token)? {
                crate::share::Lookup::Found(c) => Some(c),
                _ => None,
            };
            shares.push(KeptShare { share: s, content });
        }
        let n = credentials.len();
        let contents = Contents {
            did: self.did().to_string(),
            holder_seed: crypto::b64(self.holder_seed().as_ref()),
            data_key: crypto::b64(self.store.key().as_ref()),
            share_base_url: self.info().share_base_url.clone(),
            credentials,
            shares,
        };
        let json = Zeroizing::new(
            serde_json::to_vec(&contents).map_err(|e| WalletError::Store(e.to_string()))?,
        );
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&json)
            .map_err(|e| WalletError::Store(e.to_string()))?;
        let compressed = Zeroizing::new(z.finish().map_err(|e| WalletError::Store(e.to_string()))?);
        let kdf = KdfParams::new();
        let key = kdf.derive(passphrase)?;
        let envelope = Envelope {
            format: FORMAT.into(),
            version: 1,
            created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            did: self.did().to_string(),
            sealed: crypto::b64(&crypto::seal(&key, FORMAT, &compressed)),
            kdf,
        };
        let mut text =
            serde_json::to_vec_pretty(&envelope).map_err(|e| WalletError::Store(e.to_string()))?;
        text.push(b'\n');
        microcred_core::files::write_atomic(path, &text, true).map_err(crate::error::io(path))?;
        Ok(n)
    }

    /// Restores a backup into `dir`, which must hold no wallet. The new wallet has the
    /// backup's passphrase, keys and credentials.
    pub fn restore(backup: &[u8], dir: &Path, passphrase: &str) -> Result<Wallet> {
        Wallet::restore_with(backup, dir, passphrase, None, None)
    }

    /// [`Wallet::restore`], serving links at `share_base_url` instead of the backup's
    /// address (a wallet restored onto a server serves its links there).
    pub fn restore_with(
        backup: &[u8],
        dir: &Path,
        passphrase: &str,
        share_base_url: Option<String>,
        db: Option<crate::store::Database>,
    ) -> Result<Wallet> {
        let envelope: Envelope = serde_json::from_slice(backup)
            .map_err(|e| WalletError::Refused(format!("not a wallet backup: {e}")))?;
        if envelope.format != FORMAT || envelope.version != 1 {
            return Err(WalletError::Refused(
                "not a microcred wallet backup (version 1)".into(),
            ));
        }
        let key = envelope.kdf.derive(passphrase)?;
        let sealed = crypto::unb64(&envelope.sealed, "the backup")?;
        let compressed =
            crypto::open(&key, FORMAT, &sealed).map_err(|_| WalletError::WrongPassphrase)?;
        let mut json = Zeroizing::new(Vec::new());
        flate2::read::DeflateDecoder::new(compressed.as_slice())
            .take(MAX_CONTENTS)
            .read_to_end(&mut json)
            .map_err(|_| WalletError::Corrupt("the backup does not decompress".into()))?;
        let contents: Contents = serde_json::from_slice(&json)
            .map_err(|e| WalletError::Corrupt(format!("the backup: {e}")))?;
        let seed: [u8; 32] = crypto::unb64(&contents.holder_seed, "holderSeed")?
            .try_into()
            .map_err(|_| WalletError::Corrupt("the backup's holder key".into()))?;
        let dek: [u8; 32] = crypto::unb64(&contents.data_key, "dataKey")?
            .try_into()
            .map_err(|_| WalletError::Corrupt("the backup's data key".into()))?;
        let wallet = Wallet::init(
            dir,
            passphrase,
            InitOptions {
                share_base_url: Some(share_base_url.unwrap_or(contents.share_base_url.clone())),
                kdf: None,
                seed: Some(Zeroizing::new(seed)),
                data_key: Some(Zeroizing::new(dek)),
                db,
            },
        )?;
        if wallet.did() != contents.did {
            return Err(WalletError::Corrupt(
                "the backup's key does not match its DID".into(),
            ));
        }
        let mut items = Vec::with_capacity(contents.credentials.len());
        for k in contents.credentials {
            let (presented, claims) = microcred_verifier::claims::unverified_claims(&k.original)
                .map_err(|r| {
                    WalletError::Corrupt(format!(
                        "credential {}: {}",
                        k.id,
                        r.message(microcred_model::Lang::En)
                    ))
                })?;
            let mut entry = entry_from(
                &k.id,
                kind_of(presented),
                &claims,
                issuer_of(&claims),
                k.status,
            );
            entry.added = k.added;
            entry.checked = k.checked;
            items.push((k.original.into_bytes(), entry));
        }
        let ids = wallet.put_verified(items)?;
        let _ = ids;
        for s in contents.shares {
            wallet.restore_share(s.share, s.content)?;
        }
        Ok(wallet)
    }
}
