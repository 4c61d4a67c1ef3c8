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
    #[error("the issuer profile is invalid: {}", .0.describe(microcred_model::Lang::En))]
    InvalidProfile(microcred_model::Report),
    #[error("the award is invalid: {}", .0.describe(microcred_model::Lang::En))]
    InvalidAward(microcred_model::Report),
    #[error("the specification is invalid: {}", .0.describe(microcred_model::Lang::En))]
    InvalidSpecification(microcred_model::Report),
    #[error("version {version} of {id} is published already with other content: a published version never changes; make a new version")]
    VersionPublished { id: String, version: String },
    #[error("a revocation needs a reason")]
    ReasonRequired,
    #[error("the reason is longer than {0} characters")]
    ReasonTooLong(usize),
    #[error("the credential would be expired on the day it is issued (valid until {0}); confirm to issue it anyway")]
    AlreadyExpired(String),
    #[error("credential {0} cannot be renewed: the registry does not hold its award")]
    CannotRenew(String),
    #[error("an offer was made for this learner already")]
    AlreadyOffered(i64),
    /// The credential handed in does not conform to the data model, or cannot be
    /// signed as it is: every problem, each with its path.
    #[error("the credential is not conforming: {}", .0.errors().map(|p| format!("{}: {}", p.path, p.message(microcred_model::Lang::En))).collect::<Vec<_>>().join("; "))]
    Nonconforming(microcred_model::validate::Report),
    #[error(
        "credential {0} carries a status its requester gave; this issuer keeps no status for it"
    )]
    NoStatusHere(String),
    /// `--certificate` at `init` without the key it was issued for: a key made now
    /// cannot be the one a certificate authority certified before.
    #[error("a certificate needs the key it was issued for (--key FILE, PKCS#8 PEM): a key made now cannot match it")]
    CertificateNeedsKey,
    /// HAIP's SD-JWT VC profile signs with ES256: certificates go with P-256 keys.
    #[error(
        "certificates are for P-256 issuers (ES256, as HAIP requires): this issuer's key is {0}"
    )]
    CertificateKeyType(String),
    #[error("the certificate ({subject}) is for another key than the issuer's signing key")]
    CertificateKeyMismatch { subject: String },
    #[error(
        "the certificate ({0}) is self-signed; HAIP requires one issued by a certificate authority"
    )]
    CertificateSelfSigned(String),
    #[error("the certificate expired on {0}")]
    CertificateExpired(String),
    #[error("the certificate is valid only from {0}")]
    CertificateNotYetValid(String),
    #[error("the certificate chain cannot be used: {0}")]
    CertificateChain(String),
    /// The SD-JWT VC's `iss` is the issuer's address, which its certificate must name.
    #[error("the certificate names {names}, not the issuer's address {url}: give --base-url https://<a name in the certificate>")]
    CertificateDoesNotName { url: String, names: String },
    #[error("the key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
}

impl IssuerError {
    /// The message in `lang`: the errors a provider meets in their work are said in
    /// Finnish, Swedish or English; the rest (storage, signing) in English.
    pub fn message(&self, lang: microcred_model::Lang) -> String {
        use microcred_text::t;
        use IssuerError as E;
        let l = lang;
        match self {
            E::InvalidAward(r) => {
                format!("{}: {}", t!(l, "issuer_award_needs_fixing"), r.describe(l))
            }
            E::InvalidProfile(r) => format!(
                "{}: {}",
                t!(l, "issuer_profile_needs_fixing"),
                r.describe(l)
            ),
            E::InvalidSpecification(r) => {
                format!("{}: {}", t!(l, "issuer_spec_needs_fixing"), r.describe(l))
            }
            E::VersionPublished { id, version } => {
                t!(l, "issuer_version_published", id = id, version = version)
            }
            E::ReasonRequired => t!(l, "issuer_reason_required").to_string(),
            E::ReasonTooLong(n) => t!(l, "issuer_reason_too_long", max = n),
            E::AlreadyExpired(until) => t!(l, "issuer_already_expired", until = until),
            E::CannotRenew(id) => t!(l, "issuer_cannot_renew", id = id),
            E::AlreadyOffered(_) => t!(l, "issuer_already_offered").to_string(),
            E::UnknownSpecification(id) => t!(l, "issuer_unknown_spec", id = id),
            E::UnknownCredential(id) => t!(l, "issuer_unknown_credential", id = id),
            E::Revoked(id) => t!(l, "issuer_revoked_for_good", id = id),
            E::NotSuspended(id) => t!(l, "issuer_not_suspended", id = id),
            E::NotInitialised(dir) => t!(l, "issuer_not_initialised", dir = dir),
            E::AlreadyInitialised(dir) => t!(l, "issuer_already_initialised", dir = dir),
            E::Cohort(m) => format!("{}: {m}", t!(l, "issuer_learner_list")),
            E::CertificateNeedsKey => t!(l, "issuer_certificate_needs_key").to_string(),
            E::CertificateKeyType(kind) => t!(l, "issuer_certificate_key_type", kind = kind),
            E::CertificateKeyMismatch { subject } => {
                t!(l, "issuer_certificate_key_mismatch", subject = subject)
            }
            E::CertificateSelfSigned(subject) => {
                t!(l, "issuer_certificate_self_signed", subject = subject)
            }
            E::CertificateExpired(day) => t!(l, "issuer_certificate_expired", day = day),
            E::CertificateNotYetValid(day) => t!(l, "issuer_certificate_not_yet_valid", day = day),
            E::CertificateChain(d) => t!(l, "issuer_certificate_chain", detail = d),
            E::CertificateDoesNotName { url, names } => {
                t!(
                    l,
                    "issuer_certificate_does_not_name",
                    names = names,
                    url = url
                )
            }
            E::KeyFile { path, reason } => t!(l, "issuer_key_file", path = path, reason = reason),
            other => other.to_string(),
        }
    }
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

/// A store error of the embedded registry, as the registry's own error. A function, not a
/// `From` impl: a public `From<sled::Error>` would make sled part of the issuer's API.
pub(crate) fn store(e: sled::Error) -> RegistryError {
    // A lock held elsewhere is found before sled opens (`SledRegistry::open`).
    if let sled::Error::Io(io) = &e {
        if io.kind() == std::io::ErrorKind::WouldBlock {
            return RegistryError::InUse;
        }
    }
    RegistryError::Storage(e.to_string())
}

pub type Result<T, E = IssuerError> = std::result::Result<T, E>;

pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> IssuerError + '_ {
    move |source| IssuerError::Io {
        path: path.display().to_string(),
        source,
    }
}
