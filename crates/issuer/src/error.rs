//! What can go wrong when issuing.

use microcred_core::{
    di::DiError, did::DidError, jose::JwsError, keys::KeyError, sdjwt::SdJwtError,
    status::StatusError,
};
use microcred_model::credential::BuildError;

#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("{0}")]
    Did(#[from] DidError),
    #[error("issuer data directory {0} is already initialised")]
    AlreadyInitialised(String),
    #[error("{0} is not an issuer data directory (run `microcred issuer init --data {0}` first)")]
    NotInitialised(String),
    #[error("{path} is invalid: {reason}")]
    BadFile { path: String, reason: String },
    #[error("the issuer profile is invalid: {0}")]
    BadProfile(String),
    #[error("the award is invalid: {0}")]
    BadAward(String),
    #[error("a did:key issuer cannot rotate keys: the DID is the key. Use a did:web issuer (`issuer init --did-web DOMAIN`) to rotate keys under one identity")]
    CannotRotateDidKey,
    #[error("the registry: {0}")]
    Registry(#[from] RegistryError),
    #[error("no credential with id {0}")]
    UnknownCredential(String),
    #[error("credential {0} is revoked; a revoked credential cannot be reinstated")]
    Revoked(String),
    #[error("credential {0} is not suspended")]
    NotSuspended(String),
    #[error("building the credential: {0}")]
    Build(#[from] BuildError),
    #[error("signing (Data Integrity): {0}")]
    Di(#[from] DiError),
    #[error("signing (JWS): {0}")]
    Jws(#[from] JwsError),
    #[error("signing (SD-JWT): {0}")]
    SdJwt(#[from] SdJwtError),
    #[error("status list: {0}")]
    Status(#[from] StatusError),
    #[error("token status list: {0}")]
    TokenStatus(#[from] microcred_core::tsl::TslError),
    #[error("the learner's DID {0} cannot hold an SD-JWT key binding (use did:key or did:jwk with Ed25519)")]
    UnbindableHolder(String),
    #[error("learner list: {0}")]
    Cohort(String),
    #[error("the specification is invalid: {0}")]
    BadSpecification(String),
    #[error("no specification {0} in the catalogue")]
    UnknownSpecification(String),
    #[error("the credential offer is unknown, used, expired or void")]
    OfferUnusable,
    #[error("the transaction code is wrong")]
    WrongTxCode,
    #[error("no API token {0}")]
    UnknownToken(String),
    /// The credential handed in does not conform to the data model, or cannot be
    /// signed as it is: every problem, each with its path.
    #[error("the credential is not conforming: {}", .0.errors().map(|p| format!("{}: {}", p.path, p.message(microcred_model::Lang::En))).collect::<Vec<_>>().join("; "))]
    Nonconforming(microcred_model::validate::Report),
    #[error(
        "credential {0} carries a status its requester gave; this issuer keeps no status for it"
    )]
    NoStatusHere(String),
}

/// Errors of the credential registry, whatever stores it.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("storage: {0}")]
    Storage(String),
    #[error(
        "in use by another process (a running `microcred serve`?): stop it, or use its HTTP API"
    )]
    InUse,
    #[error("credential id {0} already exists")]
    DuplicateId(String),
    #[error("status index {list}/{index} is already taken")]
    IndexTaken { list: u32, index: u32 },
    #[error("corrupt record {0}")]
    Corrupt(String),
}

impl From<sled::Error> for RegistryError {
    fn from(e: sled::Error) -> Self {
        // sled reports its file lock as an untyped I/O error; only its text tells.
        if let sled::Error::Io(io) = &e {
            if io.kind() == std::io::ErrorKind::WouldBlock
                || io.to_string().contains("could not acquire lock")
            {
                return RegistryError::InUse;
            }
        }
        RegistryError::Storage(e.to_string())
    }
}

pub type Result<T, E = IssuerError> = std::result::Result<T, E>;

pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> IssuerError + '_ {
    move |source| IssuerError::Io {
        path: path.display().to_string(),
        source,
    }
}
