//! The provider's staff accounts for the web pages: user names and Argon2id password
//! hashes in `ISSUER_DIR/staff.json` (mode 0600), made with `microcred issuer user add`.
//! Nobody can create one over HTTP.

use std::path::Path;

use serde::{Deserialize, Serialize};

use microcred_core::accounts;
use microcred_core::kdf::{KdfError, KdfParams};

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("the user name is 3–64 characters: a–z, digits, and . _ - @")]
    BadName,
    #[error("the password must be at least 12 characters")]
    WeakPassword,
    #[error("{0} already has an account")]
    Exists(String),
    #[error("no account {0}")]
    Unknown(String),
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    #[error("{0}")]
    Kdf(#[from] KdfError),
}

impl StaffError {
    /// The message in `lang` (the English is the error's `Display`).
    pub fn message(&self, lang: microcred_model::Lang) -> String {
        use microcred_text::t;
        match self {
            StaffError::BadName => t!(lang, "err_user_name").to_string(),
            StaffError::WeakPassword => t!(lang, "err_password_min", min = MIN_PASSWORD),
            StaffError::Exists(name) => t!(lang, "err_account_exists", name = name),
            StaffError::Unknown(name) => t!(lang, "err_no_account", name = name),
            other => microcred_text::translate_known(lang, &other.to_string()),
        }
    }
}

pub const MIN_PASSWORD: usize = 12;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffAccount {
    pub username: String,
    /// Present only for a hash kept before PHC strings: its Argon2id parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<KdfParams>,
    /// The password's hash: a PHC string (or, with `kdf`, the bare hash in base64).
    pub hash: String,
    pub created: String,
}

fn file(issuer_dir: &Path) -> std::path::PathBuf {
    issuer_dir.join("staff.json")
}

pub fn load(issuer_dir: &Path) -> Result<Vec<StaffAccount>, StaffError> {
    let path = file(issuer_dir);
    match std::fs::read(&path) {
        Ok(b) => serde_json::from_slice(&b).map_err(|e| StaffError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(StaffError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Holds the lock on `staff.json` while it is read, changed and written: an account
/// added and another removed at once both take effect.
fn lock(issuer_dir: &Path) -> Result<microcred_core::files::Lock, StaffError> {
    let path = file(issuer_dir);
    microcred_core::files::lock(&path).map_err(|e| StaffError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn save(issuer_dir: &Path, accounts: &[StaffAccount]) -> Result<(), StaffError> {
    let path = file(issuer_dir);
    let text = serde_json::to_vec_pretty(accounts).map_err(|e| StaffError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    microcred_core::files::write_atomic(&path, &text, true).map_err(|e| StaffError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

pub fn add(issuer_dir: &Path, username: &str, password: &str) -> Result<(), StaffError> {
    let username = username.trim().to_lowercase();
    if !accounts::valid_username(&username) {
        return Err(StaffError::BadName);
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(StaffError::WeakPassword);
    }
    if load(issuer_dir)?.iter().any(|a| a.username == username) {
        return Err(StaffError::Exists(username));
    }
    // Hashed before the lock is taken: it takes a while, and others may wait for it.
    let hash = accounts::hash_password(password)?;
    let _lock = lock(issuer_dir)?;
    let mut accounts = load(issuer_dir)?;
    if accounts.iter().any(|a| a.username == username) {
        return Err(StaffError::Exists(username));
    }
    accounts.push(StaffAccount {
        username,
        kdf: None,
        hash,
        created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    });
    save(issuer_dir, &accounts)
}

pub fn remove(issuer_dir: &Path, username: &str) -> Result<(), StaffError> {
    let _lock = lock(issuer_dir)?;
    let mut accounts = load(issuer_dir)?;
    let before = accounts.len();
    accounts.retain(|a| a.username != username);
    if accounts.len() == before {
        return Err(StaffError::Unknown(username.to_string()));
    }
    save(issuer_dir, &accounts)
}

/// Whether `password` is `username`'s. An unknown name costs the same work.
pub fn check(issuer_dir: &Path, username: &str, password: &str) -> Result<bool, StaffError> {
    let username = username.trim().to_lowercase();
    let account = load(issuer_dir)?
        .into_iter()
        .find(|a| a.username == username);
    Ok(accounts::password_matches(
        account.as_ref().map(|a| accounts::Stored {
            legacy: a.kdf.as_ref(),
            hash: &a.hash,
        }),
        password,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_hashed_private_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        add(dir.path(), "Opettaja", "a long staff password").unwrap();
        assert!(matches!(
            add(dir.path(), "opettaja", "another long one!"),
            Err(StaffError::Exists(_))
        ));
        assert!(matches!(
            add(dir.path(), "x", "a long staff password"),
            Err(StaffError::BadName)
        ));
        assert!(matches!(
            add(dir.path(), "someone", "short"),
            Err(StaffError::WeakPassword)
        ));
        let text = std::fs::read_to_string(dir.path().join("staff.json")).unwrap();
        assert!(!text.contains("a long staff password"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("staff.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(check(dir.path(), "opettaja", "a long staff password").unwrap());
        assert!(!check(dir.path(), "opettaja", "a long staff passwore").unwrap());
        assert!(!check(dir.path(), "nobody", "a long staff password").unwrap());
        remove(dir.path(), "opettaja").unwrap();
        assert!(!check(dir.path(), "opettaja", "a long staff password").unwrap());
    }
}
