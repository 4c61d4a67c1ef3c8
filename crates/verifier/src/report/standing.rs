//! The overall verdict of a report, and the one word that says why: which checks
//! decide, and in what order of precedence their findings count.

use serde::Serialize;

use super::{Check, CheckKind, CredentialReport, Outcome, Reason, Report, Verdict};

/// Derives the verdict from the checks: any deciding failure → invalid; otherwise any
/// deciding "could not check" → could not check; otherwise valid, noting an issuer that is
/// not on the trust list (or invalid, when a trusted issuer is required).
///
/// A failure outranks "could not check": what was proven wrong stays wrong whatever
/// else could not be looked at.
pub fn verdict(all: &[&Check], require_trusted: bool) -> Verdict {
    if all.iter().any(|c| {
        c.kind == CheckKind::Format
            && c.outcome == Outcome::Failed
            && matches!(
                c.reason,
                Reason::NotRecognised
                    | Reason::NotACredential { .. }
                    | Reason::CredentialOffer { .. }
            )
    }) {
        return Verdict::NotACredential;
    }
    let deciding = || all.iter().filter(|c| c.kind.decides());
    if deciding().any(|c| c.outcome == Outcome::Failed) {
        return Verdict::Invalid;
    }
    if deciding().any(|c| c.outcome == Outcome::CouldNotCheck) {
        return Verdict::CouldNotCheck;
    }
    let untrusted = all
        .iter()
        .any(|c| c.kind == CheckKind::Issuer && c.outcome != Outcome::Passed);
    match (untrusted, require_trusted) {
        (false, _) => Verdict::Valid,
        (true, false) => Verdict::ValidIssuerNotRecognised,
        (true, true) => Verdict::Invalid,
    }
}

impl Verdict {
    /// The worst of several verdicts (of the presentations in one answer), `None` of
    /// none. A failure is worst, then something that is no credential at all (nothing
    /// proven wrong, but nothing to accept either), then "could not check", then an
    /// issuer off the trust list: a good one never hides a bad one.
    pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Option<Verdict> {
        let severity = |v: &Verdict| match v {
            Verdict::Valid => 0,
            Verdict::ValidIssuerNotRecognised => 1,
            Verdict::CouldNotCheck => 2,
            Verdict::NotACredential => 3,
            Verdict::Invalid => 4,
        };
        verdicts.into_iter().max_by_key(severity)
    }
}

/// Where a credential stands, in the one word a reader needs: the verdict, made precise
/// by the finding that decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Genuine, current, issuer on the trust list.
    Valid,
    /// Genuine and current; the issuer is not on the trust list.
    ValidUntrusted,
    /// An offer to receive a credential, not a credential.
    Offer,
    /// Not a credential at all.
    NotCredential,
    /// A share link that has ended: nothing could be checked.
    LinkGone,
    /// Nothing failed, but something could not be checked.
    CouldNotCheck,
    /// Its format, signature or disclosures failed: forged, altered or broken.
    NotGenuine,
    Revoked,
    Suspended,
    Expired,
    NotYetValid,
    /// Failed for another reason (holder binding, a required trusted issuer, …).
    Invalid,
}

impl Standing {
    /// The standing of a verdict reached over `checks`.
    ///
    /// Of an invalid credential's findings, the one that proves the most decides, in
    /// this order: a failed format, signature or disclosure proves the credential is not
    /// what its issuer signed, and nothing else said about it (revoked, expired) can be
    /// believed, so it comes first; then revoked and suspended, which the issuer decided
    /// after issuing and which hold whatever the dates say; then expired and not yet
    /// valid; then any other failure. "Could not check" is a verdict of its own and never
    /// outranks a failure: [`verdict`] settles that before any of this.
    pub fn of(verdict: Verdict, checks: &[&Check]) -> Standing {
        let failed = |kind: CheckKind| {
            checks
                .iter()
                .find(|c| c.kind == kind && c.outcome == Outcome::Failed)
                .map(|c| &c.reason)
        };
        let any = |pred: fn(&Reason) -> bool| checks.iter().any(|c| pred(&c.reason));
        match verdict {
            Verdict::Valid => Standing::Valid,
            Verdict::ValidIssuerNotRecognised => Standing::ValidUntrusted,
            Verdict::NotACredential if any(|r| matches!(r, Reason::CredentialOffer { .. })) => {
                Standing::Offer
            }
            Verdict::NotACredential => Standing::NotCredential,
            Verdict::CouldNotCheck if any(|r| matches!(r, Reason::ShareLinkGone { .. })) => {
                Standing::LinkGone
            }
            Verdict::CouldNotCheck => Standing::CouldNotCheck,
            Verdict::Invalid => {
                if checks
                    .iter()
                    .any(|c| c.kind.proves_authenticity() && c.outcome == Outcome::Failed)
                {
                    return Standing::NotGenuine;
                }
                match (failed(CheckKind::Status), failed(CheckKind::Validity)) {
                    (Some(Reason::Revoked), _) => Standing::Revoked,
                    (Some(Reason::Suspended), _) => Standing::Suspended,
                    (_, Some(Reason::Expired { .. })) => Standing::Expired,
                    (_, Some(Reason::NotYetValid { .. })) => Standing::NotYetValid,
                    _ => Standing::Invalid,
                }
            }
        }
    }

    /// The standing's stable name, as the server's pages and their texts know it.
    pub fn code(self) -> &'static str {
        match self {
            Standing::Valid => "valid",
            Standing::ValidUntrusted => "valid_untrusted",
            Standing::Offer => "offer",
            Standing::NotCredential => "not_credential",
            Standing::LinkGone => "link_gone",
            Standing::CouldNotCheck => "could_not_check",
            Standing::NotGenuine => "not_genuine",
            Standing::Revoked => "revoked",
            Standing::Suspended => "suspended",
            Standing::Expired => "expired",
            Standing::NotYetValid => "not_yet_valid",
            Standing::Invalid => "invalid",
        }
    }
}

impl Report {
    /// Where the report as a whole stands.
    pub fn standing(&self) -> Standing {
        Standing::of(self.verdict, &self.all_checks())
    }

    /// The presentation's own checks and those of one of its credentials.
    pub fn checks_of<'a>(&'a self, credential: &'a CredentialReport) -> Vec<&'a Check> {
        self.checks.iter().chain(credential.checks.iter()).collect()
    }

    /// Where one credential of the report stands: by the report's verdict when it is the
    /// only one, else by its own checks and the presentation's (an issuer off the trust
    /// list then informs and does not decide).
    pub fn standing_of(&self, credential: &CredentialReport) -> Standing {
        let all = self.checks_of(credential);
        let verdict = if self.credentials.len() == 1 {
            self.verdict
        } else {
            verdict(&all, false)
        };
        Standing::of(verdict, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(kind: CheckKind, reason: Reason) -> Check {
        Check::failed(kind, reason)
    }

    fn standing(checks: &[Check]) -> Standing {
        let all: Vec<&Check> = checks.iter().collect();
        Standing::of(verdict(&all, false), &all)
    }

    #[test]
    fn proof_of_forgery_outranks_revoked_and_expired() {
        let revoked = failed(CheckKind::Status, Reason::Revoked);
        let expired = failed(
            CheckKind::Validity,
            Reason::Expired {
                until: "2020-01-01".into(),
            },
        );
        let forged = failed(CheckKind::Signature, Reason::BadSignature);
        let tampered = failed(
            CheckKind::Disclosure,
            Reason::DisclosureRejected { detail: "x".into() },
        );
        assert_eq!(
            standing(&[revoked.clone(), expired.clone(), forged]),
            Standing::NotGenuine
        );
        assert_eq!(standing(&[revoked.clone(), tampered]), Standing::NotGenuine);
        assert_eq!(
            standing(&[expired.clone(), revoked.clone()]),
            Standing::Revoked
        );
        assert_eq!(standing(&[expired]), Standing::Expired);
        let unreachable = Check::unknown(
            CheckKind::Status,
            Reason::StatusUnreachable {
                url: "u".into(),
                detail: "d".into(),
            },
        );
        assert_eq!(
            standing(&[
                unreachable.clone(),
                failed(CheckKind::Signature, Reason::BadSignature)
            ]),
            Standing::NotGenuine,
            "could not check never outranks a proof of forgery"
        );
        assert_eq!(standing(&[unreachable]), Standing::CouldNotCheck);
        assert_eq!(
            standing(&[failed(CheckKind::HolderBinding, Reason::ChallengeMismatch)]),
            Standing::Invalid
        );
    }

    #[test]
    fn the_worst_verdict_counts() {
        use Verdict::*;
        assert_eq!(Verdict::worst([]), None);
        assert_eq!(
            Verdict::worst([Valid, ValidIssuerNotRecognised]),
            Some(ValidIssuerNotRecognised)
        );
        assert_eq!(
            Verdict::worst([Valid, NotACredential, CouldNotCheck]),
            Some(NotACredential)
        );
        assert_eq!(
            Verdict::worst([Invalid, NotACredential, Valid]),
            Some(Invalid)
        );
    }

    #[test]
    fn an_issuer_off_the_list_informs_unless_required() {
        let off = Check::unknown(
            CheckKind::Issuer,
            Reason::IssuerNotListed {
                issuer: "did:x".into(),
            },
        );
        assert_eq!(
            standing(std::slice::from_ref(&off)),
            Standing::ValidUntrusted
        );
        assert_eq!(verdict(&[&off], true), Verdict::Invalid);
        assert_eq!(
            Standing::of(Verdict::Invalid, &[&off]),
            Standing::Invalid,
            "invalid only because a trusted issuer was required"
        );
    }
}
