//! The verification report: a verdict, each check with its outcome and reason, and what
//! the credential says — in Finnish, Swedish or English, or as JSON.
//!
//! The types live here; why a check came out as it did is in [`reason`], what that
//! means in words in `messages`, the one overall standing in [`standing`], what a
//! credential says in [`content`], and the report as text or JSON in `render`.

mod content;
mod messages;
pub mod reason;
mod render;
pub mod standing;

use serde::Serialize;

use microcred_core::format::Format;
use microcred_model::Lang;
use microcred_text::t;

pub use content::Content;
pub use reason::Reason;
pub use standing::{verdict, Standing};

/// The one-line answer to "can I trust this?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Genuine, current, and issued by an organisation on the trust list.
    Valid,
    /// Genuine and current, but the issuer is not on the trust list.
    ValidIssuerNotRecognised,
    /// Something checked and failed.
    Invalid,
    /// Nothing failed, but something could not be checked: never reported as valid.
    CouldNotCheck,
    /// What was handed in is not a credential at all (text, a web page, an offer): nothing
    /// about a credential was proven wrong, so it is neither invalid nor tampered.
    NotACredential,
}

impl Verdict {
    /// Process exit status: 0 valid, 1 invalid, 3 could not check, 4 not a credential
    /// (2 is a usage error).
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Valid | Verdict::ValidIssuerNotRecognised => 0,
            Verdict::Invalid => 1,
            Verdict::CouldNotCheck => 3,
            Verdict::NotACredential => 4,
        }
    }

    /// Genuine and current, whether or not the issuer is on the trust list.
    pub fn is_valid(self) -> bool {
        matches!(self, Verdict::Valid | Verdict::ValidIssuerNotRecognised)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Valid => t!(lang, "report_verdict_valid"),
            Verdict::ValidIssuerNotRecognised => {
                t!(lang, "report_verdict_valid_issuer_not_recognised")
            }
            Verdict::Invalid => t!(lang, "report_verdict_invalid"),
            Verdict::CouldNotCheck => t!(lang, "report_verdict_could_not_check"),
            Verdict::NotACredential => {
                t!(lang, "report_verdict_not_a_credential")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Passed,
    Failed,
    CouldNotCheck,
}

impl Outcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Passed => t!(lang, "report_outcome_passed"),
            Outcome::Failed => t!(lang, "report_outcome_failed"),
            Outcome::CouldNotCheck => {
                t!(lang, "report_outcome_could_not_check")
            }
        }
    }
}

/// What was handed in, as recognised: a credential or presentation in one of the
/// [`Format`]s, or something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presented {
    DiCredential,
    JwtCredential,
    SdJwt,
    SdJwtKeyBinding,
    DiPresentation,
    JwtPresentation,
    /// An OpenID4VCI credential offer.
    CredentialOffer,
    /// A share link whose credentials could not be had.
    ShareLink,
    Unknown,
}

impl Presented {
    /// The format a credential or presentation is secured in; `None` for what is
    /// neither (an offer, a share link, anything unrecognised).
    pub fn format(self) -> Option<Format> {
        match self {
            Presented::DiCredential | Presented::DiPresentation => Some(Format::DataIntegrity),
            Presented::JwtCredential | Presented::JwtPresentation => Some(Format::Jwt),
            Presented::SdJwt | Presented::SdJwtKeyBinding => Some(Format::SdJwt),
            Presented::CredentialOffer | Presented::ShareLink | Presented::Unknown => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Presented::DiCredential => t!(lang, "report_presented_di_credential"),
            Presented::JwtCredential => t!(lang, "report_presented_jwt_credential"),
            Presented::SdJwt => t!(lang, "report_presented_sd_jwt"),
            Presented::SdJwtKeyBinding => t!(lang, "report_presented_sd_jwt_key_binding"),
            Presented::DiPresentation => t!(lang, "report_presented_di_presentation"),
            Presented::JwtPresentation => t!(lang, "report_presented_jwt_presentation"),
            Presented::CredentialOffer => t!(lang, "report_presented_credential_offer"),
            Presented::ShareLink => t!(lang, "report_presented_share_link"),
            Presented::Unknown => {
                t!(lang, "report_presented_unknown")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    Format,
    Signature,
    Issuer,
    Validity,
    Status,
    HolderBinding,
    Disclosure,
    EuCompleteness,
}

impl CheckKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CheckKind::Format => t!(lang, "report_check_format"),
            CheckKind::Signature => t!(lang, "report_check_signature"),
            CheckKind::Issuer => t!(lang, "report_check_issuer"),
            CheckKind::Validity => t!(lang, "report_check_validity"),
            CheckKind::Status => t!(lang, "report_check_status"),
            CheckKind::HolderBinding => t!(lang, "report_check_holder_binding"),
            CheckKind::Disclosure => t!(lang, "report_check_disclosure"),
            CheckKind::EuCompleteness => t!(lang, "report_check_eu_completeness"),
        }
    }

    /// Whether a failure of this check makes the credential invalid, and a "could not
    /// check" keeps it from being valid. The EU completeness check informs: an incomplete
    /// credential can still be genuine. An issuer off the trust list informs too, unless
    /// the verifier requires a trusted one (see [`verdict`]).
    pub fn decides(self) -> bool {
        !matches!(self, CheckKind::EuCompleteness | CheckKind::Issuer)
    }

    /// Whether this check is about the credential being exactly what its issuer signed
    /// (its format, signature and disclosures): its failure proves the credential forged,
    /// altered or broken, and nothing it says can be believed.
    pub fn proves_authenticity(self) -> bool {
        matches!(
            self,
            CheckKind::Format | CheckKind::Signature | CheckKind::Disclosure
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub kind: CheckKind,
    pub outcome: Outcome,
    pub reason: Reason,
}

impl Check {
    pub fn passed(kind: CheckKind, reason: Reason) -> Check {
        Check {
            kind,
            outcome: Outcome::Passed,
            reason,
        }
    }
    pub fn failed(kind: CheckKind, reason: Reason) -> Check {
        Check {
            kind,
            outcome: Outcome::Failed,
            reason,
        }
    }
    pub fn unknown(kind: CheckKind, reason: Reason) -> Check {
        Check {
            kind,
            outcome: Outcome::CouldNotCheck,
            reason,
        }
    }
}

/// One verified credential (a presentation may carry several).
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialReport {
    pub presented: Presented,
    pub checks: Vec<Check>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// The claims as verified (after selective disclosure); `None` when the signature
    /// failed, so nothing of a forged credential is ever shown.
    pub claims: Option<serde_json::Value>,
}

impl CredentialReport {
    /// What the credential says, read from its claims when asked: verification itself
    /// does not pay for it.
    pub fn content(&self) -> Option<Content> {
        self.claims.as_ref().map(Content::of)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub verdict: Verdict,
    /// What was handed in.
    pub presented: Presented,
    /// Checks of the presentation itself (format, holder binding, …) or of a lone credential.
    pub checks: Vec<Check>,
    pub credentials: Vec<CredentialReport>,
}

impl Report {
    /// Every check, the presentation's and each credential's.
    pub fn all_checks(&self) -> Vec<&Check> {
        self.checks
            .iter()
            .chain(self.credentials.iter().flat_map(|c| c.checks.iter()))
            .collect()
    }

    pub fn check(&self, kind: CheckKind) -> Option<&Check> {
        self.all_checks().into_iter().find(|c| c.kind == kind)
    }
}
