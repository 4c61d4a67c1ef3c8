//! A learner's wallet: the holder key and DIDs, and the credentials it keeps.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use microcred_core::did;
use microcred_core::keys::{PublicKey, SecretKey};
use microcred_core::{qrpack, sdjwt};
use microcred_verifier::{Content, CredentialReport, Outcome, Presented, Report, Verifier};

use crate::crypto::{self, KdfParams};
use crate::entry::{Entry, Status, Target, Texts, Towards};
use crate::error::{io, Result, WalletError};
use crate::store::{Database, Store, MAX_CREDENTIAL};
use microcred_core::format::Format;

pub const WALLET_FILE: &str = "wallet.json";
pub const MIN_PASSPHRASE: usize = 8;
/// Where share links point unless the wallet is told otherwise: the local server.
pub const DEFAULT_SHARE_BASE: &str = "http://127.0.0.1:8080";

/// `wallet.json`: public facts, and the keys sealed under the passphrase.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletFile {
    pub format: String,
    pub version: u32,
    pub created: String,
    /// The holder's `did:key`, used to sign presentations.
    pub did: String,
    /// The same key as `did:jwk`, for SD-JWT binding where a JWK is expected.
    pub did_jwk: String,
    pub kdf: KdfParams,
    /// The data key, sealed with the passphrase key.
    pub data_key: String,
    /// The holder's Ed25519 seed, sealed with the data key.
    pub holder_key: String,
    pub share_base_url: String,
}

#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    pub share_base_url: Option<String>,
    /// Argon2id settings; the default suits an interactive unlock.
    pub kdf: Option<KdfParams>,
    /// The holder key to keep (a restore); a new one otherwise.
    pub seed: Option<Zeroizing<[u8; 32]>>,
    /// The data key to keep (a restore, so credential IDs stay the same).
    pub data_key: Option<crypto::Key>,
    /// The wallet's database, when the caller already opened it.
    pub db: Option<Database>,
}

pub struct Wallet {
    dir: PathBuf,
    file: WalletFile,
    pub(crate) store: Store,
    pub(crate) holder: Arc<SecretKey>,
}

/// What importing a credential found.
#[derive(Debug)]
pub struct Imported {
    pub entry: Entry,
    pub report: Report,
    /// Whether the credential names this wallet's key as its holder.
    pub bound_here: bool,
}

impl Wallet {
    /// The public part of a wallet, readable without the passphrase.
    pub fn read_file(dir: &Path) -> Result<WalletFile> {
        let path = dir.join(WALLET_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                WalletError::NoWallet(dir.display().to_string())
            } else {
                io(&path)(e)
            }
        })?;
        let file: WalletFile = serde_json::from_slice(&bytes)
            .map_err(|e| WalletError::Corrupt(format!("{WALLET_FILE}: {e}")))?;
        if file.format != "microcred-wallet" || file.version != 1 {
            return Err(WalletError::Corrupt(format!(
                "{WALLET_FILE}: not a microcred wallet (version 1)"
            )));
        }
        Ok(file)
    }

    /// Creates a wallet in `dir` (which must not hold one): a new holder key and data key.
    pub fn init(dir: &Path, passphrase: &str, opts: InitOptions) -> Result<Wallet> {
        if passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(WalletError::WeakPassphrase(MIN_PASSPHRASE));
        }
        // A store opened by the caller (`opts.db`) is expected; any other is a wallet's.
        if dir.join(WALLET_FILE).exists() || (opts.db.is_none() && dir.join("store").exists()) {
            return Err(WalletError::Exists(dir.display().to_string()));
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(io(dir))?;
        }
        let kdf = opts.kdf.unwrap_or_default();
        let kek = kdf.derive(passphrase)?;
        let dek = opts.data_key.clone().unwrap_or_else(crypto::new_key);
        let holder = match &opts.seed {
            Some(seed) => SecretKey::from_seed(seed),
            None => SecretKey::generate(),
        };
        let pk = holder.public();
        let file = WalletFile {
            format: "microcred-wallet".into(),
            version: 1,
            created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            did: did::did_key(pk),
            did_jwk: did::did_jwk(pk),
            data_key: crypto::b64(&crypto::seal(&kek, "data-key", dek.as_ref())),
            holder_key: crypto::b64(&crypto::seal(&dek, "holder-key", holder.seed().as_ref())),
            kdf,
            share_base_url: opts
                .share_base_url
                .unwrap_or_else(|| DEFAULT_SHARE_BASE.into())
                .trim_end_matches('/')
                .to_string(),
        };
        let store = Store::open(dir, dek, opts.db.clone())?;
        let path = dir.join(WALLET_FILE);
        let mut text =
            serde_json::to_vec_pretty(&file).map_err(|e| WalletError::Store(e.to_string()))?;
        text.push(b'\n');
        microcred_core::files::write_atomic(&path, &text, true).map_err(io(&path))?;
        Ok(Wallet {
            dir: dir.to_path_buf(),
            file,
            store,
            holder: Arc::new(holder),
        })
    }

    /// Opens a wallet with its passphrase. A wrong passphrase changes nothing.
    pub fn open(dir: &Path, passphrase: &str) -> Result<Wallet> {
        Self::open_with(dir, passphrase, None)
    }

    /// [`Wallet::open`] with its database already open (see [`Wallet::open_db`]).
    pub fn open_with(dir: &Path, passphrase: &str, db: Option<Database>) -> Result<Wallet> {
        let file = Self::read_file(dir)?;
        let kek = file.kdf.derive(passphrase)?;
        let sealed_dek = crypto::unb64(&file.data_key, "dataKey")?;
        let dek_bytes = crypto::open(&kek, "data-key", &sealed_dek)
            .map_err(|_| WalletError::WrongPassphrase)?;
        let mut dek = crypto::new_key();
        if dek_bytes.len() != dek.len() {
            return Err(WalletError::Corrupt(
                "the data key has the wrong length".into(),
            ));
        }
        dek.copy_from_slice(&dek_bytes);
        let sealed_seed = crypto::unb64(&file.holder_key, "holderKey")?;
        let seed_bytes = crypto::open(&dek, "holder-key", &sealed_seed)?;
        let seed: [u8; 32] = seed_bytes
            .as_slice()
            .try_into()
            .map_err(|_| WalletError::Corrupt("the holder key has the wrong length".into()))?;
        let holder = SecretKey::from_seed(&seed);
        if did::did_key(holder.public()) != file.did {
            return Err(WalletError::Corrupt(
                "the holder key does not match the wallet's DID".into(),
            ));
        }
        let store = Store::open(dir, dek, db)?;
        Ok(Wallet {
            dir: dir.to_path_buf(),
            file,
            store,
            holder: Arc::new(holder),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Opens a wallet's database without its passphrase: enough to serve share links.
    pub fn open_db(dir: &Path) -> Result<Database> {
        Store::open_db(dir)
    }

    pub fn info(&self) -> &WalletFile {
        &self.file
    }

    pub fn did(&self) -> &str {
        &self.file.did
    }

    pub fn holder_public(&self) -> PublicKey {
        self.holder.public()
    }

    pub(crate) fn holder_seed(&self) -> Zeroizing<[u8; 32]> {
        self.holder.seed()
    }

    /// Every credential's entry, newest first.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        Ok(newest_first(self.store.entries()?))
    }

    /// Entries whose title, in any language, contains `text` (case-insensitively).
    pub fn search(&self, text: &str) -> Result<Vec<Entry>> {
        let needle = text.to_lowercase();
        // Titles are shared by every credential of a specification: test each once.
        let mut seen: std::collections::HashMap<*const u8, bool> = Default::default();
        let mut all = self.store.entries()?;
        all.retain(|e| {
            *seen
                .entry(e.title.as_ptr())
                .or_insert_with(|| e.title_matches(&needle))
        });
        Ok(newest_first(all))
    }

    /// The entry whose ID is `id` or starts with it (at least four characters).
    pub fn find(&self, id: &str) -> Result<Entry> {
        let id = id.trim().to_ascii_lowercase();
        if id.len() < 4 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(WalletError::UnknownCredential(id));
        }
        let mut found: Vec<Entry> = self
            .store
            .entries()?
            .into_iter()
            .filter(|e| e.id.starts_with(&id))
            .collect();
        match found.len() {
            0 => Err(WalletError::UnknownCredential(id)),
            1 => Ok(found.remove(0)),
            _ => Err(WalletError::Ambiguous(id)),
        }
    }

    /// The credential exactly as it was imported.
    pub fn credential(&self, id: &str) -> Result<Zeroizing<Vec<u8>>> {
        let e = self.find(id)?;
        self.store.credential(&e.id)
    }

    /// What a credential says (read from the stored credential; it was verified on import).
    pub fn content(&self, id: &str) -> Result<(Entry, Content, Value)> {
        let e = self.find(id)?;
        let bytes = self.store.credential(&e.id)?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| WalletError::Corrupt("credential is not text".into()))?;
        let (_, claims) = microcred_verifier::claims::unverified_claims(text)
            .map_err(|r| WalletError::Corrupt(r.message(microcred_model::Lang::En)))?;
        Ok((e, Content::of(&claims), claims))
    }

    fn id_for(&self, stored: &[u8]) -> String {
        let k = crypto::subkey(self.store.key(), "credential-id");
        hex::encode(&crypto::mac(k.as_ref(), stored)[..8])
    }

    /// Imports a credential in any format the verifier reads (or a QR's `MC1:` text),
    /// verifying it first. Refuses what is not genuine and exact duplicates; keeps the
    /// credential's bytes as issued (JSON exactly as given; a compact JWT or SD-JWT
    /// without surrounding whitespace, which is not part of it).
    pub async fn import(&self, bytes: &[u8], verifier: &Verifier) -> Result<Imported> {
        let stored = normalise(bytes)?;
        let report = verifier.verify(&stored, &Default::default()).await;
        if matches!(
            report.presented,
            Presented::DiPresentation | Presented::JwtPresentation
        ) {
            return Err(WalletError::Refused(
                "this is a presentation; import the credentials it was made from".into(),
            ));
        }
        if report.presented == Presented::SdJwtKeyBinding {
            return Err(WalletError::Refused(
                "this SD-JWT was presented to someone (it ends with a key-binding JWT); import the credential as issued".into(),
            ));
        }
        let cred = report
            .credentials
            .first()
            .ok_or_else(|| WalletError::NotGenuine("not a credential".into()))?;
        if let Some(failed) = cred
            .checks
            .iter()
            .find(|c| c.outcome == Outcome::Failed && c.kind.proves_authenticity())
        {
            return Err(WalletError::NotGenuine(
                failed.reason.message(microcred_model::Lang::En),
            ));
        }
        let id = self.id_for(&stored);
        if self.store.has_credential(&id) {
            return Err(WalletError::Duplicate(id));
        }
        let entry = entry_for(&id, &report, cred)?;
        let bound_here = bound_to(cred, &self.holder.public());
        self.store.put_credential(&id, &stored)?;
        self.store.upsert(vec![entry.clone()])?;
        Ok(Imported {
            entry,
            report,
            bound_here,
        })
    }

    /// Stores credentials already verified elsewhere, with their entries (a restore, or
    /// a benchmark filling a wallet): one sync for all.
    pub fn put_verified(&self, items: Vec<(Vec<u8>, Entry)>) -> Result<Vec<String>> {
        let mut files = Vec::with_capacity(items.len());
        let mut entries = Vec::with_capacity(items.len());
        for (bytes, mut entry) in items {
            let id = self.id_for(&bytes);
            if self.store.has_credential(&id) {
                continue;
            }
            entry.id = id.clone();
            files.push((id, bytes));
            entries.push(entry);
        }
        let ids = entries.iter().map(|e| e.id.clone()).collect();
        self.store.put_credentials(&files)?;
        self.store.upsert(entries)?;
        Ok(ids)
    }

    /// Deletes a credential, ending every share that includes it. Returns its entry and
    /// the number of shares ended.
    pub fn delete(&self, id: &str) -> Result<(Entry, usize)> {
        let e = self.find(id)?;
        let ended = self.end_shares_of(&e.id)?;
        self.store.remove_entry(&e.id)?;
        self.store.remove_credential(&e.id)?;
        Ok((e, ended))
    }

    /// Verifies every credential again (status lists fetched afresh) and records what
    /// was found. `progress` is called with (done, total).
    pub async fn check(
        &self,
        verifier: &Verifier,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Vec<(Entry, Report)>> {
        let entries = self.entries()?;
        let total = entries.len();
        let mut out = Vec::with_capacity(total);
        let now = chrono::Utc::now().timestamp();
        for (i, mut e) in entries.into_iter().enumerate() {
            let bytes = self.store.credential(&e.id)?;
            let report = verifier.verify(&bytes, &Default::default()).await;
            (e.status, e.checked) = crate::freshness::next_standing(&e, &report, now);
            out.push((e, report));
            progress(i + 1, total);
        }
        self.store
            .upsert(out.iter().map(|(e, _)| e.clone()).collect())?;
        Ok(out)
    }
}

/// Sorts by date of issuing, then by when added, newest first. Sorted by a small key
/// and then moved once: sorting the entries themselves moved each many times.
fn newest_first(all: Vec<Entry>) -> Vec<Entry> {
    let date = |s: &str| -> u32 {
        let d: String = s.chars().take(10).filter(char::is_ascii_digit).collect();
        d.parse().unwrap_or(0)
    };
    let mut keys: Vec<(u32, i64, u32)> = all
        .iter()
        .enumerate()
        .map(|(i, e)| (date(&e.issued), e.added, i as u32))
        .collect();
    keys.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    // Apply the order in place, cycle by cycle: entry i becomes the one at perm[i].
    let mut all = all;
    let mut perm: Vec<usize> = keys.iter().map(|k| k.2 as usize).collect();
    for i in 0..perm.len() {
        let mut j = i;
        while perm[j] != i {
            let k = perm[j];
            all.swap(j, k);
            perm[j] = j;
            j = k;
        }
        perm[j] = j;
    }
    all
}

/// The bytes kept for an imported credential.
fn normalise(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.len() > MAX_CREDENTIAL {
        return Err(WalletError::Refused(format!(
            "larger than {} KiB",
            MAX_CREDENTIAL / 1024
        )));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| WalletError::NotGenuine("not UTF-8 text".into()))?;
    let bare = text.trim_start_matches('\u{feff}');
    let trimmed = bare.trim();
    if trimmed.starts_with(qrpack::PREFIX) {
        let unpacked =
            qrpack::unpack(trimmed).map_err(|e| WalletError::NotGenuine(e.to_string()))?;
        return normalise(unpacked.as_bytes());
    }
    if trimmed.starts_with('{') {
        Ok(bare.as_bytes().to_vec())
    } else {
        Ok(trimmed.as_bytes().to_vec())
    }
}

/// The index entry for a verified credential.
pub fn entry_for(id: &str, report: &Report, cred: &CredentialReport) -> Result<Entry> {
    let claims = cred
        .claims
        .as_ref()
        .ok_or_else(|| WalletError::NotGenuine("its claims could not be read".into()))?;
    Ok(entry_from(
        id,
        kind_of(cred.presented),
        claims,
        cred.issuer.clone().unwrap_or_default(),
        Status::of(report),
    ))
}

/// The index entry for a credential's claims.
pub fn entry_from(id: &str, kind: Format, claims: &Value, issuer: String, status: Status) -> Entry {
    let content = Content::of(claims);
    let (issued, spec_id, towards) = match &content {
        Content::Microcred(r) => (
            r.award.issued.clone(),
            Some(r.spec.id.clone()),
            r.spec
                .integration
                .as_ref()
                .map(|i| {
                    i.towards
                        .iter()
                        .map(|t| Target {
                            id: t.id.clone(),
                            title: t.title.clone(),
                            parts: t
                                .parts
                                .iter()
                                .map(|p| (p.id.clone(), p.title.clone()))
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Content::Other(s) => (s.valid_from.clone().unwrap_or_default(), None, Vec::new()),
    };
    let now = chrono::Utc::now().timestamp();
    Entry {
        id: id.to_string(),
        kind,
        added: now,
        title: Texts::from_map(&content.title()),
        issuer_name: Texts::from_map(&content.issuer_name()),
        issuer,
        issued,
        valid_until: claims["validUntil"].as_str().map(str::to_string),
        spec_id,
        status,
        checked: now,
        towards: Towards::new(&towards),
    }
}

/// The issuer of a credential's claims (`issuer`, `issuer.id` or `iss`).
pub fn issuer_of(claims: &Value) -> String {
    match &claims["issuer"] {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => claims["iss"].as_str().unwrap_or_default().to_string(),
    }
}

/// The format a credential is stored as: Data Integrity for what has no other.
pub(crate) fn kind_of(p: Presented) -> Format {
    p.format().unwrap_or(Format::DataIntegrity)
}

/// Whether a credential names `key` as its holder: a subject DID of that key, or `cnf`.
fn bound_to(cred: &CredentialReport, key: &PublicKey) -> bool {
    let Some(claims) = &cred.claims else {
        return false;
    };
    if let Some(obj) = claims.as_object() {
        if obj.contains_key("cnf") {
            return sdjwt::holder_key(obj).is_ok_and(|k| k == *key);
        }
    }
    let subjects = match &claims["credentialSubject"] {
        Value::Array(a) => a.iter().collect::<Vec<_>>(),
        other => vec![other],
    };
    subjects.iter().filter_map(|s| s["id"].as_str()).any(|d| {
        let (d, _) = did::split_fragment(d);
        let k = match did::method(d).ok() {
            Some("key") => did::parse_did_key(d).ok(),
            Some("jwk") => did::parse_did_jwk(d).ok(),
            _ => None,
        };
        k == Some(*key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Texts;

    #[test]
    fn newest_first_orders_by_date_then_added() {
        let e = |id: &str, issued: &str, added: i64| Entry {
            id: id.into(),
            kind: Format::Jwt,
            added,
            title: Texts::from_map(&microcred_model::LangMap::en(id)),
            issuer_name: Texts::default(),
            issuer: String::new(),
            issued: issued.into(),
            valid_until: None,
            spec_id: None,
            status: Status::Valid,
            checked: 0,
            towards: Towards::new(&[]),
        };
        let all = vec![
            e("a", "2025-01-01", 1),
            e("b", "2026-05-29", 1),
            e("c", "2026-05-29", 5),
            e("d", "not a date", 9),
            e("f", "2024-12-31", 3),
            e("g", "2026-01-01T10:00:00Z", 2),
        ];
        let ids: Vec<String> = newest_first(all).into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["c", "b", "g", "a", "f", "d"]);
    }
}
