use microcred_model::Lang;
use microcred_text::t;

#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    #[error("the passphrase is wrong (nothing was changed)")]
    WrongPassphrase,
    #[error("the passphrase must be at least {0} characters")]
    WeakPassphrase(usize),
    #[error("{0} already holds a wallet; nothing was changed")]
    Exists(String),
    #[error("{0} holds no wallet (create one with `microcred wallet init`)")]
    NoWallet(String),
    #[error("the wallet is open in another process (a running server?); close it first")]
    InUse,
    #[error("no credential {0} in the wallet")]
    UnknownCredential(String),
    #[error("'{0}' matches several credentials; give more of the ID")]
    Ambiguous(String),
    #[error("the wallet already holds this credential ({0})")]
    Duplicate(String),
    #[error("not imported: {0}")]
    NotGenuine(String),
    #[error("{0}")]
    Refused(String),
    #[error("the credential does not fit in a self-contained QR code ({len} characters, at most {limit}); a link is needed: publish one to a server with --server URL")]
    QrTooLarge { len: usize, limit: usize },
    #[error("no share {0}")]
    UnknownShare(String),
    #[error("the wallet's files are damaged: {0}")]
    Corrupt(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("store: {0}")]
    Store(String),
}

/// A store error of the embedded database, as the wallet's own error. A function, not a
/// `From` impl: a public `From<sled::Error>` would make sled part of the wallet's API.
pub(crate) fn store(e: sled::Error) -> WalletError {
    match e {
        // A lock held elsewhere is found before sled opens (`Store::open_db`).
        sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => WalletError::InUse,
        other => WalletError::Store(other.to_string()),
    }
}

/// A wallet's stored KDF parameters that cannot be used mean its files are damaged.
impl From<microcred_core::kdf::KdfError> for WalletError {
    fn from(e: microcred_core::kdf::KdfError) -> Self {
        WalletError::Corrupt(e.to_string())
    }
}

pub fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> WalletError + '_ {
    move |source| WalletError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// An I/O error the learner meets rarely: the path and the system's own words.
fn other_io(path: &str, source: &std::io::Error, lang: Lang) -> String {
    t!(
        lang,
        "wallet_file_error",
        path = path,
        detail = source.to_string()
    )
}

impl WalletError {
    /// The message in the learner's language for the errors a learner meets most.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WalletError::WrongPassphrase => t!(lang, "wallet_wrong_passphrase").to_string(),
            WalletError::Duplicate(id) => t!(lang, "wallet_duplicate", id = id),
            WalletError::UnknownCredential(id) => t!(lang, "wallet_unknown_credential", id = id),
            WalletError::InUse => t!(lang, "wallet_in_use").to_string(),
            WalletError::QrTooLarge { len, limit } => {
                t!(lang, "wallet_qr_too_large", len = len, limit = limit)
            }
            WalletError::WeakPassphrase(n) => t!(lang, "wallet_weak_passphrase", min = n),
            WalletError::Exists(dir) => t!(lang, "wallet_exists", dir = dir),
            WalletError::NoWallet(dir) => t!(lang, "wallet_none", dir = dir),
            WalletError::Ambiguous(id) => t!(lang, "wallet_ambiguous", id = id),
            WalletError::UnknownShare(id) => t!(lang, "wallet_unknown_share", id = id),
            WalletError::Io { path, source } => {
                let what = match source.kind() {
                    std::io::ErrorKind::NotFound => t!(lang, "wallet_no_such_file"),
                    std::io::ErrorKind::PermissionDenied => t!(lang, "wallet_permission_denied"),
                    _ => return other_io(path, source, lang),
                };
                format!("{path}: {what}")
            }
            other => microcred_text::translate_known(lang, &other.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, WalletError>;
