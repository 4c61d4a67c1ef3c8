//! Each [`Reason`] in words: the catalogue message that says it (`reason_…` in
//! crates/text/src/catalogue/verdict.rs), with the reason's details filled in.

use microcred_model::Lang;
use microcred_text::t;

use super::Reason;

impl Reason {
    /// The reason in `lang`, with the details that lower layers (fetching, parsing) give
    /// in English said in `lang` too where the catalogue knows them.
    pub fn message(&self, lang: Lang) -> String {
        microcred_text::translate_known(lang, &self.own_message(lang))
    }

    fn own_message(&self, lang: Lang) -> String {
        use Reason::*;
        let l = lang;
        match self {
            WellFormed { format } => format.label(l).to_string(),
            TooLarge { limit } => t!(l, "reason_too_large", kib = limit / 1024),
            TooDeep { limit } => t!(l, "reason_too_deep", limit = limit),
            NotRecognised => t!(l, "reason_not_recognised").to_string(),
            NotACredential { seen } => seen.message(l),
            CredentialOffer { issuer } => {
                let from = issuer
                    .as_deref()
                    .map(|i| format!(" ({i})"))
                    .unwrap_or_default();
                t!(l, "reason_credential_offer", from = from)
            }
            ShareLinkGone { url } => t!(l, "reason_share_link_gone", url = url),
            ShareLinkNotAllowed { origin } => {
                t!(l, "reason_share_link_not_allowed", origin = origin)
            }
            ShareLinkUnreachable { url, detail } => t!(
                l,
                "reason_share_link_unreachable",
                url = url,
                detail = detail
            ),
            Malformed { detail } => t!(l, "reason_malformed", detail = detail),
            UnknownContext { detail } => t!(l, "reason_unknown_context", detail = detail),
            NoProof => t!(l, "reason_no_proof").to_string(),
            SignedBy { method } => t!(l, "reason_signed_by", method = method),
            SignedByHolder { method } => t!(l, "reason_signed_by_holder", method = method),
            BadSignature => t!(l, "reason_bad_signature").to_string(),
            KeyNotIssuers { method, detail } => t!(
                l,
                "reason_key_not_issuers",
                method = method,
                detail = detail
            ),
            IssuerNotDid { issuer } => t!(l, "reason_issuer_not_did", issuer = issuer),
            DidUnresolved { did, detail } => {
                t!(l, "reason_did_unresolved", did = did, detail = detail)
            }
            AlgorithmRefused { detail } => t!(l, "reason_algorithm_refused", detail = detail),
            WrongProofPurpose { purpose } => t!(l, "reason_wrong_proof_purpose", purpose = purpose),
            UnsupportedProof { detail } => t!(l, "reason_unsupported_proof", detail = detail),
            SignedByCertificate { subject } => {
                t!(l, "reason_signed_by_certificate", subject = subject)
            }
            CertificateUntrusted { subject, issuer } => t!(
                l,
                "reason_certificate_untrusted",
                subject = subject,
                issuer = issuer
            ),
            CertificateExpired { subject, until } => t!(
                l,
                "reason_certificate_expired",
                subject = subject,
                until = until
            ),
            CertificateNotYetValid { subject, from } => t!(
                l,
                "reason_certificate_not_yet_valid",
                subject = subject,
                from = from
            ),
            CertificateSelfSigned { subject } => {
                t!(l, "reason_certificate_self_signed", subject = subject)
            }
            TrustedAnchor {
                anchor,
                subject,
                list_age_minutes,
            } => {
                let age = list_age_minutes.map(|m| list_age(m, l)).unwrap_or_default();
                t!(
                    l,
                    "reason_trusted_anchor",
                    subject = subject,
                    anchor = anchor,
                    age = age
                )
            }
            Trusted {
                legal_name,
                country,
                legal_id,
                accreditation,
                list_age_minutes,
            } => {
                let mut s = format!("{legal_name} ({country}");
                if let Some(id) = legal_id {
                    s.push_str(&format!(", {id}"));
                }
                s.push(')');
                if let Some(a) = accreditation {
                    s.push_str(&format!(" — {a}"));
                }
                if let Some(m) = list_age_minutes {
                    s.push_str(&list_age(*m, l));
                }
                t!(l, "reason_trusted", entry = s)
            }
            IssuerNotListed { issuer } => t!(l, "reason_issuer_not_listed", issuer = issuer),
            Current { from, until } => {
                let mut s = String::new();
                if let Some(f) = from {
                    s.push_str(&t!(l, "reason_valid_from", from = f));
                }
                if let Some(u) = until {
                    if !s.is_empty() {
                        s.push_str(", ");
                    }
                    s.push_str(&t!(l, "reason_valid_until", until = u));
                }
                if s.is_empty() {
                    s = t!(l, "reason_no_validity_period").to_string();
                }
                s
            }
            NotYetValid { from } => t!(l, "reason_not_yet_valid", from = from),
            Expired { until } => t!(l, "reason_expired", until = until),
            BadDate { detail } => t!(l, "reason_bad_date", detail = detail),
            NotRevoked { checked } => t!(l, "reason_not_revoked", checked = checked),
            NoStatus => t!(l, "reason_no_status").to_string(),
            Revoked => t!(l, "reason_revoked").to_string(),
            Suspended => t!(l, "reason_suspended").to_string(),
            StatusUnreachable { url, detail } => {
                t!(l, "reason_status_unreachable", url = url, detail = detail)
            }
            StatusInvalid { url, detail } => {
                t!(l, "reason_status_invalid", url = url, detail = detail)
            }
            Unsigned => t!(l, "reason_unsigned").to_string(),
            StatusMalformed { detail } => t!(l, "reason_status_malformed", detail = detail),
            StatusMessage { status, message } => t!(
                l,
                "reason_status_message",
                status = status,
                message = message
            ),
            StatusUnsupported { detail } => t!(l, "reason_status_unsupported", detail = detail),
            HolderBound { holder } => t!(l, "reason_holder_bound", holder = holder),
            ChallengeMismatch => t!(l, "reason_challenge_mismatch").to_string(),
            ChallengeNotRequested => t!(l, "reason_challenge_not_requested").to_string(),
            NotAPresentation => t!(l, "reason_not_a_presentation").to_string(),
            DomainMismatch => t!(l, "reason_domain_mismatch").to_string(),
            HolderNotSubject { holder } => t!(l, "reason_holder_not_subject", holder = holder),
            KeyBinding { detail } => t!(l, "reason_key_binding", detail = detail),
            NoHolderKey => t!(l, "reason_no_holder_key").to_string(),
            DisclosuresValid { disclosed } => {
                t!(l, "reason_disclosures_valid", disclosed = disclosed)
            }
            DisclosureRejected { detail } => t!(l, "reason_disclosure_rejected", detail = detail),
            AllElements => t!(l, "reason_all_elements").to_string(),
            MissingElements { missing } => {
                let names: Vec<String> = missing.iter().map(|e| e.numbered_label(l)).collect();
                t!(l, "reason_missing_elements", elements = names.join("; "))
            }
        }
    }
}

/// " (list fetched N min ago)", for a trust list from a URL.
fn list_age(m: i64, l: Lang) -> String {
    let (n, unit) = if m < 120 { (m, "min") } else { (m / 60, "h") };
    t!(l, "reason_list_age", n = n, unit = unit)
}
