//! Why a check came out as it did: one [`Reason`] per finding, with the details its
//! message needs and a stable code that the HTTP API and stored reports carry.

use serde::Serialize;

use microcred_model::Element;

use super::Presented;

/// Why a check came out as it did, with what the message needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Reason {
    // format
    WellFormed {
        format: Presented,
    },
    TooLarge {
        limit: usize,
    },
    TooDeep {
        limit: usize,
    },
    NotRecognised,
    /// Not a credential, and what it looked like.
    NotACredential {
        seen: crate::recognise::Seen,
    },
    /// An offer to receive a credential, not a credential.
    CredentialOffer {
        issuer: Option<String>,
    },
    ShareLinkGone {
        url: String,
    },
    ShareLinkNotAllowed {
        origin: String,
    },
    ShareLinkUnreachable {
        url: String,
        detail: String,
    },
    Malformed {
        detail: String,
    },
    UnknownContext {
        detail: String,
    },
    NoProof,
    // signature
    /// A presentation sent without a proof when none was asked for.
    Unsigned,
    SignedBy {
        method: String,
    },
    SignedByHolder {
        method: String,
    },
    BadSignature,
    KeyNotIssuers {
        method: String,
        detail: String,
    },
    IssuerNotDid {
        issuer: String,
    },
    DidUnresolved {
        did: String,
        detail: String,
    },
    AlgorithmRefused {
        detail: String,
    },
    WrongProofPurpose {
        purpose: String,
    },
    UnsupportedProof {
        detail: String,
    },
    /// Signed by the key of the leaf certificate of the JWS's `x5c`.
    SignedByCertificate {
        subject: String,
    },
    /// The `x5c` chain leads to no anchor on the trust list: whose key signed is unknown.
    CertificateUntrusted {
        subject: String,
        issuer: String,
    },
    CertificateExpired {
        subject: String,
        until: String,
    },
    CertificateNotYetValid {
        subject: String,
        from: String,
    },
    /// HAIP 1.0: "The X.509 certificate signing the request MUST NOT be self-signed."
    CertificateSelfSigned {
        subject: String,
    },
    // issuer
    Trusted {
        legal_name: String,
        country: String,
        legal_id: Option<String>,
        accreditation: Option<String>,
        /// How old the trust list is, when it was fetched from a URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        list_age_minutes: Option<i64>,
    },
    IssuerNotListed {
        issuer: String,
    },
    /// The issuer's `x5c` chain leads to this anchor of the trust list.
    TrustedAnchor {
        anchor: String,
        subject: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        list_age_minutes: Option<i64>,
    },
    // validity
    Current {
        from: Option<String>,
        until: Option<String>,
    },
    NotYetValid {
        from: String,
    },
    Expired {
        until: String,
    },
    BadDate {
        detail: String,
    },
    // status
    NotRevoked {
        checked: usize,
    },
    NoStatus,
    Revoked,
    Suspended,
    StatusUnreachable {
        url: String,
        detail: String,
    },
    StatusInvalid {
        url: String,
        detail: String,
    },
    StatusUnsupported {
        detail: String,
    },
    /// The credential's own status entry breaks Bitstring Status List §2.1.
    StatusMalformed {
        detail: String,
    },
    /// A `message` status whose meaning this verifier does not know.
    StatusMessage {
        status: String,
        message: String,
    },
    // holder binding
    HolderBound {
        holder: String,
    },
    ChallengeMismatch,
    ChallengeNotRequested,
    NotAPresentation,
    DomainMismatch,
    HolderNotSubject {
        holder: String,
    },
    KeyBinding {
        detail: String,
    },
    NoHolderKey,
    // selective disclosure
    DisclosuresValid {
        disclosed: usize,
    },
    DisclosureRejected {
        detail: String,
    },
    // EU completeness
    AllElements,
    MissingElements {
        missing: Vec<Element>,
    },
}

impl Reason {
    /// The reason's stable code: the `code` of its JSON form, which the HTTP API answers
    /// with and stored reports keep, so it never changes once given.
    pub fn code(&self) -> &'static str {
        use Reason::*;
        match self {
            WellFormed { .. } => "well-formed",
            TooLarge { .. } => "too-large",
            TooDeep { .. } => "too-deep",
            NotRecognised => "not-recognised",
            NotACredential { .. } => "not-a-credential",
            CredentialOffer { .. } => "credential-offer",
            ShareLinkGone { .. } => "share-link-gone",
            ShareLinkNotAllowed { .. } => "share-link-not-allowed",
            ShareLinkUnreachable { .. } => "share-link-unreachable",
            Malformed { .. } => "malformed",
            UnknownContext { .. } => "unknown-context",
            NoProof => "no-proof",
            Unsigned => "unsigned",
            SignedBy { .. } => "signed-by",
            SignedByHolder { .. } => "signed-by-holder",
            BadSignature => "bad-signature",
            KeyNotIssuers { .. } => "key-not-issuers",
            IssuerNotDid { .. } => "issuer-not-did",
            DidUnresolved { .. } => "did-unresolved",
            AlgorithmRefused { .. } => "algorithm-refused",
            WrongProofPurpose { .. } => "wrong-proof-purpose",
            UnsupportedProof { .. } => "unsupported-proof",
            SignedByCertificate { .. } => "signed-by-certificate",
            CertificateUntrusted { .. } => "certificate-untrusted",
            CertificateExpired { .. } => "certificate-expired",
            CertificateNotYetValid { .. } => "certificate-not-yet-valid",
            CertificateSelfSigned { .. } => "certificate-self-signed",
            Trusted { .. } => "trusted",
            IssuerNotListed { .. } => "issuer-not-listed",
            TrustedAnchor { .. } => "trusted-anchor",
            Current { .. } => "current",
            NotYetValid { .. } => "not-yet-valid",
            Expired { .. } => "expired",
            BadDate { .. } => "bad-date",
            NotRevoked { .. } => "not-revoked",
            NoStatus => "no-status",
            Revoked => "revoked",
            Suspended => "suspended",
            StatusUnreachable { .. } => "status-unreachable",
            StatusInvalid { .. } => "status-invalid",
            StatusUnsupported { .. } => "status-unsupported",
            StatusMalformed { .. } => "status-malformed",
            StatusMessage { .. } => "status-message",
            HolderBound { .. } => "holder-bound",
            ChallengeMismatch => "challenge-mismatch",
            ChallengeNotRequested => "challenge-not-requested",
            NotAPresentation => "not-a-presentation",
            DomainMismatch => "domain-mismatch",
            HolderNotSubject { .. } => "holder-not-subject",
            KeyBinding { .. } => "key-binding",
            NoHolderKey => "no-holder-key",
            DisclosuresValid { .. } => "disclosures-valid",
            DisclosureRejected { .. } => "disclosure-rejected",
            AllElements => "all-elements",
            MissingElements { .. } => "missing-elements",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reason, once: the serialised code and [`Reason::code`] must agree.
    fn every_reason() -> Vec<Reason> {
        let s = || String::from("x");
        vec![
            Reason::WellFormed {
                format: Presented::SdJwt,
            },
            Reason::TooLarge { limit: 1 },
            Reason::TooDeep { limit: 1 },
            Reason::NotRecognised,
            Reason::NotACredential {
                seen: crate::recognise::Seen::Nothing,
            },
            Reason::CredentialOffer { issuer: None },
            Reason::ShareLinkGone { url: s() },
            Reason::ShareLinkNotAllowed { origin: s() },
            Reason::ShareLinkUnreachable {
                url: s(),
                detail: s(),
            },
            Reason::Malformed { detail: s() },
            Reason::UnknownContext { detail: s() },
            Reason::NoProof,
            Reason::Unsigned,
            Reason::SignedBy { method: s() },
            Reason::SignedByHolder { method: s() },
            Reason::BadSignature,
            Reason::KeyNotIssuers {
                method: s(),
                detail: s(),
            },
            Reason::IssuerNotDid { issuer: s() },
            Reason::DidUnresolved {
                did: s(),
                detail: s(),
            },
            Reason::AlgorithmRefused { detail: s() },
            Reason::WrongProofPurpose { purpose: s() },
            Reason::UnsupportedProof { detail: s() },
            Reason::SignedByCertificate { subject: s() },
            Reason::CertificateUntrusted {
                subject: s(),
                issuer: s(),
            },
            Reason::CertificateExpired {
                subject: s(),
                until: s(),
            },
            Reason::CertificateNotYetValid {
                subject: s(),
                from: s(),
            },
            Reason::CertificateSelfSigned { subject: s() },
            Reason::Trusted {
                legal_name: s(),
                country: s(),
                legal_id: None,
                accreditation: None,
                list_age_minutes: None,
            },
            Reason::IssuerNotListed { issuer: s() },
            Reason::TrustedAnchor {
                anchor: s(),
                subject: s(),
                list_age_minutes: None,
            },
            Reason::Current {
                from: None,
                until: None,
            },
            Reason::NotYetValid { from: s() },
            Reason::Expired { until: s() },
            Reason::BadDate { detail: s() },
            Reason::NotRevoked { checked: 1 },
            Reason::NoStatus,
            Reason::Revoked,
            Reason::Suspended,
            Reason::StatusUnreachable {
                url: s(),
                detail: s(),
            },
            Reason::StatusInvalid {
                url: s(),
                detail: s(),
            },
            Reason::StatusUnsupported { detail: s() },
            Reason::StatusMalformed { detail: s() },
            Reason::StatusMessage {
                status: s(),
                message: s(),
            },
            Reason::HolderBound { holder: s() },
            Reason::ChallengeMismatch,
            Reason::ChallengeNotRequested,
            Reason::NotAPresentation,
            Reason::DomainMismatch,
            Reason::HolderNotSubject { holder: s() },
            Reason::KeyBinding { detail: s() },
            Reason::NoHolderKey,
            Reason::DisclosuresValid { disclosed: 1 },
            Reason::DisclosureRejected { detail: s() },
            Reason::AllElements,
            Reason::MissingElements {
                missing: vec![Element::Title],
            },
        ]
    }

    #[test]
    fn code_is_the_serialised_code() {
        let all = every_reason();
        assert_eq!(all.len(), 55, "one of each reason");
        for r in all {
            let v = serde_json::to_value(&r).unwrap();
            assert_eq!(v["code"].as_str(), Some(r.code()), "{r:?}");
        }
    }
}
