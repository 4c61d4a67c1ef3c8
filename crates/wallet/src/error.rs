use microcred_model::Lang;

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
    format!(
        "{path}: {} ({source})",
        lang.pick("tiedostovirhe", "filfel", "file error")
    )
}

impl WalletError {
    /// The message in the learner's language for the errors a learner meets most.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WalletError::WrongPassphrase => lang
                .pick(
                    "tunnuslause on väärä (mitään ei muutettu)",
                    "lösenfrasen är fel (inget ändrades)",
                    "the passphrase is wrong (nothing was changed)",
                )
                .to_string(),
            WalletError::Duplicate(id) => lang.pick(
                format!("lompakossa on jo tämä todistus ({id})"),
                format!("plånboken har redan detta intyg ({id})"),
                format!("the wallet already holds this credential ({id})"),
            ),
            WalletError::UnknownCredential(id) => lang.pick(
                format!("lompakossa ei ole todistusta {id}"),
                format!("plånboken har inget intyg {id}"),
                format!("no credential {id} in the wallet"),
            ),
            WalletError::InUse => lang
                .pick(
                    "lompakko on toisen ohjelman käytössä; sulje se ensin",
                    "plånboken används av ett annat program; stäng det först",
                    "the wallet is open in another process (a running server?); close it first",
                )
                .to_string(),
            WalletError::QrTooLarge { len, limit } => lang.pick(
                format!("todistus ei mahdu sellaisenaan QR-koodiin ({len} merkkiä, enintään {limit}); tarvitaan linkki: julkaise se palvelimelle valitsimella --server URL"),
                format!("intyget ryms inte i en fristående QR-kod ({len} tecken, högst {limit}); en länk behövs: publicera den på en server med --server URL"),
                format!("the credential does not fit in a self-contained QR code ({len} characters, at most {limit}); a link is needed: publish one to a server with --server URL"),
            ),
            WalletError::WeakPassphrase(n) => lang.pick(
                format!("tunnuslauseessa on oltava vähintään {n} merkkiä"),
                format!("lösenfrasen måste ha minst {n} tecken"),
                format!("the passphrase must be at least {n} characters"),
            ),
            WalletError::Exists(dir) => lang.pick(
                format!("hakemistossa {dir} on jo lompakko; mitään ei muutettu"),
                format!("{dir} har redan en plånbok; inget ändrades"),
                format!("{dir} already holds a wallet; nothing was changed"),
            ),
            WalletError::NoWallet(dir) => lang.pick(
                format!("hakemistossa {dir} ei ole lompakkoa (luo se komennolla `microcred wallet init`)"),
                format!("{dir} har ingen plånbok (skapa en med `microcred wallet init`)"),
                format!("{dir} holds no wallet (create one with `microcred wallet init`)"),
            ),
            WalletError::Ambiguous(id) => lang.pick(
                format!("'{id}' sopii useaan todistukseen; anna tunnisteesta enemmän"),
                format!("'{id}' passar flera intyg; ange mer av identifieraren"),
                format!("'{id}' matches several credentials; give more of the ID"),
            ),
            WalletError::UnknownShare(id) => lang.pick(
                format!("jakolinkkiä {id} ei ole"),
                format!("delningslänken {id} finns inte"),
                format!("no share {id}"),
            ),
            WalletError::Io { path, source } => {
                let what = match source.kind() {
                    std::io::ErrorKind::NotFound => {
                        lang.pick("tiedostoa ei löydy", "filen finns inte", "no such file")
                    }
                    std::io::ErrorKind::PermissionDenied => {
                        lang.pick("ei käyttöoikeutta", "åtkomst nekad", "permission denied")
                    }
                    _ => return other_io(path, source, lang),
                };
                format!("{path}: {what}")
            }
            other => microcred_text::translate_known(lang, &other.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, WalletError>;
