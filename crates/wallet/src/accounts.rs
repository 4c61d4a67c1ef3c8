//! Hosted wallets: the accounts of a server that keeps wallets for learners, each a user
//! name, a password hash and the directory of its wallet. A hosted wallet's passphrase
//! is its owner's password, so the server stores neither; each wallet's database stays
//! open so its share links work whoever is signed in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use microcred_core::accounts;
use microcred_core::kdf::{KdfError, KdfParams};
use microcred_model::Lang;

use crate::crypto;
use crate::error::WalletError;
use crate::share::{self, Lookup};
use crate::store::Database;
use crate::wallet::{InitOptions, Wallet, MIN_PASSPHRASE};

/// What keeps an account from being made or used.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the user name is 3–64 characters: a–z, digits, and . _ - @")]
    BadName,
    #[error("the password must be at least {0} characters")]
    WeakPassword(usize),
    #[error("that user name is taken")]
    Taken,
    #[error("this server holds as many wallets as it may; ask its administrator")]
    Full,
    #[error("{0}")]
    Wallet(#[from] WalletError),
    #[error("{0}")]
    Kdf(#[from] KdfError),
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    #[error("the account list is in use elsewhere")]
    Poisoned,
}

impl AccountError {
    /// The message in `lang` (the English is the error's `Display`).
    pub fn message(&self, lang: Lang) -> String {
        use microcred_text::t;
        match self {
            AccountError::BadName => t!(lang, "err_user_name").to_string(),
            AccountError::WeakPassword(n) => t!(lang, "err_password_min", min = n),
            AccountError::Taken => t!(lang, "err_user_name_taken").to_string(),
            AccountError::Full => t!(lang, "err_wallets_full").to_string(),
            AccountError::Wallet(e) => e.message(lang),
            AccountError::Poisoned => t!(lang, "err_account_list_in_use").to_string(),
            other => microcred_text::translate_known(lang, &other.to_string()),
        }
    }
}

/// One hosted wallet's account, as `accounts.json` keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub username: String,
    /// The wallet's directory name under `wallets/`.
    pub wallet: String,
    /// Present only for a hash kept before PHC strings: its Argon2id parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<KdfParams>,
    /// The password's hash: a PHC string (or, with `kdf`, the bare Argon2id hash in
    /// base64).
    pub hash: String,
    pub created: String,
}

/// The accounts of a directory of hosted wallets, each wallet's database, and which
/// wallet holds each share link.
pub struct Accounts {
    dir: PathBuf,
    accounts: Mutex<Vec<Account>>,
    dbs: Mutex<Vec<(String, Database)>>,
    /// Which wallet holds each share link, by the link's token hash: a link (or a guess)
    /// is looked up once, not in every wallet.
    share_index: Mutex<HashMap<String, String>>,
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> AccountError {
    AccountError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

impl Accounts {
    /// The accounts under `dir` (made if missing), with every wallet's database opened
    /// and its links indexed.
    pub fn load(dir: &Path) -> Result<Accounts, AccountError> {
        std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
        let list = dir.join("accounts.json");
        let accounts: Vec<Account> = match std::fs::read(&list) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| file_error(&list, e))?,
            Err(_) => Vec::new(),
        };
        let mut dbs = Vec::new();
        let mut share_index = HashMap::new();
        for e in std::fs::read_dir(dir)
            .map_err(|e| file_error(dir, e))?
            .flatten()
        {
            let p = e.path();
            if p.join("wallet.json").exists() {
                let name = e.file_name().to_string_lossy().to_string();
                let db = Wallet::open_db(&p)?;
                let shares = db.0.open_tree("shares").map_err(crate::error::store)?;
                for key in shares.iter().keys() {
                    let key = key.map_err(crate::error::store)?;
                    share_index.insert(String::from_utf8_lossy(&key).into_owned(), name.clone());
                }
                dbs.push((name, db));
            }
        }
        Ok(Accounts {
            dir: dir.to_path_buf(),
            accounts: Mutex::new(accounts),
            dbs: Mutex::new(dbs),
            share_index: Mutex::new(share_index),
        })
    }

    fn save(&self, accounts: &[Account]) -> Result<(), AccountError> {
        let path = self.dir.join("accounts.json");
        let text = serde_json::to_vec_pretty(accounts).map_err(|e| file_error(&path, e))?;
        microcred_core::files::write_atomic(&path, &text, true).map_err(|e| file_error(&path, e))
    }

    /// The account named `username` (already lower-cased).
    pub fn account(&self, username: &str) -> Result<Option<Account>, AccountError> {
        Ok(self
            .accounts
            .lock()
            .map_err(|_| AccountError::Poisoned)?
            .iter()
            .find(|a| a.username == username)
            .cloned())
    }

    /// Whether an account named `username` with `password` may be made while at most
    /// `max_accounts` are kept; the name as it would be kept (trimmed, lower case).
    pub fn check_new(
        &self,
        username: &str,
        password: &str,
        max_accounts: usize,
    ) -> Result<String, AccountError> {
        let username = username.trim().to_lowercase();
        if !accounts::valid_username(&username) {
            return Err(AccountError::BadName);
        }
        if password.chars().count() < MIN_PASSPHRASE {
            return Err(AccountError::WeakPassword(MIN_PASSPHRASE));
        }
        let list = self.accounts.lock().map_err(|_| AccountError::Poisoned)?;
        if list.len() >= max_accounts {
            return Err(AccountError::Full);
        }
        if list.iter().any(|a| a.username == username) {
            return Err(AccountError::Taken);
        }
        Ok(username)
    }

    /// Makes the account `username` (as [`Accounts::check_new`] returned it) and its
    /// wallet, restored from `backup` (sealed under `password`) or new, serving links at
    /// `share_base_url`. Links the backup held stay live here. Slow: it hashes the
    /// password and derives the wallet's key.
    pub fn create(
        &self,
        username: &str,
        password: &str,
        backup: Option<&[u8]>,
        share_base_url: String,
    ) -> Result<Wallet, AccountError> {
        let dir_name = URL_SAFE_NO_PAD
            .encode(crypto::random::<12>())
            .replace(['-', '_'], "x");
        let dir = self.dir.join(&dir_name);
        let db = Wallet::open_db(&dir)?;
        let made = match backup {
            Some(b) => {
                Wallet::restore_with(b, &dir, password, Some(share_base_url), Some(db.clone()))
            }
            None => Wallet::init(
                &dir,
                password,
                InitOptions {
                    share_base_url: Some(share_base_url),
                    db: Some(db.clone()),
                    ..InitOptions::default()
                },
            ),
        };
        let wallet = match made {
            Ok(w) => w,
            Err(e) => {
                // Nothing half-made is left behind.
                drop(db);
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e.into());
            }
        };
        let live: Vec<String> = wallet
            .shares()?
            .into_iter()
            .filter(|s| s.server.is_none() && s.active(chrono::Utc::now().timestamp()))
            .map(|s| s.token)
            .collect();
        let hash = accounts::hash_password(password)?;
        {
            let mut list = self.accounts.lock().map_err(|_| AccountError::Poisoned)?;
            if list.iter().any(|a| a.username == username) {
                return Err(AccountError::Taken);
            }
            list.push(Account {
                username: username.to_string(),
                wallet: dir_name.clone(),
                kdf: None,
                hash,
                created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            });
            self.save(&list)?;
        }
        self.dbs
            .lock()
            .map_err(|_| AccountError::Poisoned)?
            .push((dir_name.clone(), db));
        // A link another wallet here serves already (the backup's own wallet, restored
        // beside it) stays that wallet's: ending it there must end it.
        if let Ok(mut idx) = self.share_index.lock() {
            for token in live {
                idx.entry(share::token_hash(&token))
                    .or_insert_with(|| dir_name.clone());
            }
        }
        Ok(wallet)
    }

    /// Whether `password` is `account`'s. No account costs the same work and never
    /// matches, so timing does not tell which accounts exist. Slow by design.
    pub fn password_matches(
        account: Option<&Account>,
        password: &str,
    ) -> Result<bool, AccountError> {
        Ok(accounts::password_matches(
            account.map(|a| accounts::Stored {
                legacy: a.kdf.as_ref(),
                hash: &a.hash,
            }),
            password,
        )?)
    }

    /// Opens `account`'s wallet with its password. Slow: it derives the wallet's key.
    pub fn open_wallet(&self, account: &Account, password: &str) -> Result<Wallet, AccountError> {
        let dir = self.dir.join(&account.wallet);
        Ok(Wallet::open_with(
            &dir,
            password,
            self.db_of(&account.wallet),
        )?)
    }

    /// Records that `username`'s wallet holds the link `token`.
    pub fn index_share(&self, username: &str, token: &str) {
        let wallet = self.account(username).ok().flatten().map(|a| a.wallet);
        if let (Some(w), Ok(mut idx)) = (wallet, self.share_index.lock()) {
            idx.insert(share::token_hash(token), w);
        }
    }

    fn db_of(&self, wallet: &str) -> Option<Database> {
        self.dbs
            .lock()
            .ok()?
            .iter()
            .find(|(n, _)| n == wallet)
            .map(|(_, d)| d.clone())
    }

    /// What the link `token` shows at Unix time `now`, if a wallet here holds it; `None`
    /// when none does (the link may be one published here from elsewhere).
    pub fn find_share(&self, token: &str, now: i64) -> Result<Option<Lookup>, AccountError> {
        let hash = share::token_hash(token);
        let wallet = self
            .share_index
            .lock()
            .map_err(|_| AccountError::Poisoned)?
            .get(&hash)
            .cloned();
        let Some(db) = wallet.and_then(|name| self.db_of(&name)) else {
            return Ok(None);
        };
        let tree = db.0.open_tree("shares").map_err(crate::error::store)?;
        Ok(Some(share::lookup(&tree, token, now)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_accounts_are_checked_before_anything_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let a = Accounts::load(dir.path()).unwrap();
        assert_eq!(
            a.check_new(" Oppija ", "long enough", 10).unwrap(),
            "oppija"
        );
        assert!(matches!(
            a.check_new("x", "long enough", 10),
            Err(AccountError::BadName)
        ));
        assert!(matches!(
            a.check_new("oppija", "short", 10),
            Err(AccountError::WeakPassword(8))
        ));
        assert!(matches!(
            a.check_new("oppija", "long enough", 0),
            Err(AccountError::Full)
        ));
        assert!(!Accounts::password_matches(None, "long enough").unwrap());
    }
}
