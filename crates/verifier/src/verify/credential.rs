//! A credential checked: its signature (Data Integrity or JWS), then everything that
//! counts only once the signature holds: trust, validity, status, holder binding and
//! the EU elements.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use microcred_core::did::{self, Purpose};
use microcred_core::pubkey::VerifyingKey;
use microcred_core::{jose, sdjwt};
use microcred_model::credential::{self as mc};
use microcred_model::Element;

use crate::input::{self};
use crate::report::{Check, CheckKind, CredentialReport, Presented, Reason};
use crate::signature::id_of;
use crate::trust::TrustList;
use crate::validity;

use super::shape::{as_list, format_check, jwt_vc, well_formed};
use super::{stops, Holder, Verifier};

impl Verifier {
    pub(super) async fn di_credential(
        &self,
        doc: Value,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) -> CredentialReport {
        let mut r = CredentialReport::new(Presented::DiCredential);
        if let Err(reason) = well_formed(&doc, true) {
            r.checks.push(format_check(reason));
            return r;
        }
        r.checks.push(Check::passed(
            CheckKind::Format,
            Reason::WellFormed {
                format: Presented::DiCredential,
            },
        ));
        let issuer = id_of(&doc["issuer"]).unwrap_or_default().to_string();
        let (sig, _) = self
            .di_signature(&doc, &issuer, Purpose::AssertionMethod)
            .await;
        if sig.kind == CheckKind::Format {
            r.checks.pop();
        }
        if stops(&mut r.checks, sig) {
            return r;
        }
        self.judge(&mut r, doc, &issuer, None, holder, now).await;
        r
    }

    pub(super) async fn jwt_credential(
        &self,
        compact: &str,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) -> CredentialReport {
        let mut r = CredentialReport::new(Presented::JwtCredential);
        let signed = self
            .signed_jwt(compact, Purpose::AssertionMethod, |p| {
                p.get("vc")
                    .and_then(|vc| id_of(&vc["issuer"]))
                    .or_else(|| id_of(&p["issuer"]))
                    .or_else(|| p["iss"].as_str())
                    .map(str::to_string)
            })
            .await;
        let parsed = signed.and_then(|(sig, _, payload, _)| {
            let (vc, jwt) = jwt_vc(payload)?;
            well_formed(&vc, false)?;
            Ok((sig, vc, jwt))
        });
        let (sig, vc, jwt) = match parsed {
            Ok(p) => p,
            Err(reason) => {
                r.checks.push(Check::failed(CheckKind::Format, reason));
                return r;
            }
        };
        r.checks.push(Check::passed(
            CheckKind::Format,
            Reason::WellFormed {
                format: Presented::JwtCredential,
            },
        ));
        if stops(&mut r.checks, sig) {
            return r;
        }
        let issuer = id_of(&vc["issuer"]).unwrap_or_default().to_string();
        self.judge(&mut r, vc, &issuer, Some(&jwt), holder, now)
            .await;
        r
    }

    /// Checks a JWS signed by the party that `signer_of` names in its payload, parsing
    /// the payload once. When the `kid` is a DID URL the signature is checked first and
    /// the payload read from the verified bytes; the payload must then name the same
    /// signer. Returns the signature check, header and payload, or why the JWS is
    /// malformed.
    pub(super) async fn signed_jwt(
        &self,
        compact: &str,
        purpose: Purpose,
        signer_of: impl Fn(&Value) -> Option<String>,
    ) -> Result<(Check, Map<String, Value>, Value, Option<VerifyingKey>), Reason> {
        let malformed = |e: jose::JwsError| Reason::Malformed {
            detail: e.to_string(),
        };
        let header = jose::peek_header(compact).map_err(malformed)?;
        let kid = header
            .get("kid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let kid_did = did::split_fragment(&kid).0;
        let (sig, payload, key) = if kid_did.starts_with("did:") {
            // Whose key the `kid` names is compared with the signer the payload names
            // before anything is resolved: a `kid` naming someone else's `did:web` must
            // not make the verifier fetch that document.
            let peeked = input::check_depth_of(jose::peek(compact).map_err(malformed)?.payload)?;
            let named = signer_of(&peeked).unwrap_or_default();
            if named != kid_did {
                let wrong = Check::failed(
                    CheckKind::Signature,
                    Reason::KeyNotIssuers {
                        method: kid.clone(),
                        detail: format!("it belongs to {kid_did}, not to {named}"),
                    },
                );
                (wrong, peeked, None)
            } else {
                let (sig, ok) = self.jws_signature(compact, &header, kid_did, purpose).await;
                match ok {
                    // The payload as verified (the same bytes peeked, now proven).
                    Some((bytes, key)) => (sig, input::parse_json(&bytes)?, Some(key)),
                    None => (sig, peeked, None),
                }
            }
        } else {
            let payload = input::check_depth_of(jose::peek(compact).map_err(malformed)?.payload)?;
            let signer = signer_of(&payload).unwrap_or_default();
            let (sig, ok) = self.jws_signature(compact, &header, &signer, purpose).await;
            (sig, payload, ok.map(|(_, k)| k))
        };
        Ok((sig, header, payload, key))
    }

    /// The checks that follow a good (or uncheckable) signature: trust, validity,
    /// status, holder binding inside a presentation, EU completeness.
    pub(super) async fn judge(
        &self,
        r: &mut CredentialReport,
        claims: Value,
        issuer: &str,
        jwt: Option<&Map<String, Value>>,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) {
        self.judge_with(r, claims, issuer, jwt, holder, now, None)
            .await
    }

    /// [`Verifier::judge`] with the issuer check made already (by a certificate chain)
    /// instead of looked up by DID.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn judge_with(
        &self,
        r: &mut CredentialReport,
        claims: Value,
        issuer: &str,
        jwt: Option<&Map<String, Value>>,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
        issuer_check: Option<Check>,
    ) {
        r.issuer = Some(issuer.to_string());
        let trust = self.trust_list();
        r.checks.push(match issuer_check {
            Some(c) => c,
            None => self.issuer_check(&trust, issuer, now),
        });
        r.checks
            .push(validity::check(&claims, jwt, now, self.opts.skew));
        self.judge_rest(r, claims, issuer, jwt, holder, now).await;
    }

    pub(super) fn issuer_check(
        &self,
        trust: &TrustList,
        issuer: &str,
        now: DateTime<Utc>,
    ) -> Check {
        match trust.lookup(issuer) {
            Some(t) => Check::passed(
                CheckKind::Issuer,
                Reason::Trusted {
                    legal_name: t.legal_name.clone(),
                    country: t.country.clone(),
                    legal_id: t.legal_identifier.clone(),
                    accreditation: t.accreditation.clone(),
                    list_age_minutes: trust.age_minutes(now),
                },
            ),
            None => Check::unknown(
                CheckKind::Issuer,
                Reason::IssuerNotListed {
                    issuer: issuer.to_string(),
                },
            ),
        }
    }

    /// Status, holder binding and EU completeness, after the issuer and validity checks.
    pub(super) async fn judge_rest(
        &self,
        r: &mut CredentialReport,
        claims: Value,
        issuer: &str,
        jwt: Option<&Map<String, Value>>,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) {
        r.checks.push(self.status(&claims, issuer, now).await);
        let subjects = subject_ids(&claims);
        r.subject = subjects.first().cloned();
        if let Some(h) = holder {
            let c = holder_binding(h, &subjects, jwt);
            let other_subject = matches!(c.reason, Reason::HolderNotSubject { .. });
            if !(other_subject && h.may_differ) {
                r.checks.push(c);
            }
        }
        let missing: Vec<Element> = mc::eu_elements(&claims)
            .into_iter()
            .filter(|(_, present)| !present)
            .map(|(e, _)| e)
            .collect();
        r.checks.push(if missing.is_empty() {
            Check::passed(CheckKind::EuCompleteness, Reason::AllElements)
        } else {
            Check::failed(
                CheckKind::EuCompleteness,
                Reason::MissingElements { missing },
            )
        });
        r.claims = Some(claims);
    }
}

/// `credentialSubject.id` of each subject.
pub(super) fn subject_ids(claims: &Value) -> Vec<String> {
    as_list(&claims["credentialSubject"])
        .into_iter()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect()
}

/// Inside a presentation: the presenter must be the credential's subject (or, for an
/// SD-JWT, hold its `cnf` key). DIDs that name a key are compared by key, so a holder
/// may present as `did:key` a credential issued to its `did:jwk`.
pub(super) fn holder_binding(
    h: &Holder,
    subjects: &[String],
    jwt: Option<&Map<String, Value>>,
) -> Check {
    const HB: CheckKind = CheckKind::HolderBinding;
    let bound = Check::passed(
        HB,
        Reason::HolderBound {
            holder: h.did.clone(),
        },
    );
    if let Some(claims) = jwt.filter(|c| c.contains_key("cnf")) {
        return match sdjwt::holder_key(claims) {
            Ok(k) if k == h.key => bound,
            Ok(_) => Check::failed(
                HB,
                Reason::HolderNotSubject {
                    holder: h.did.clone(),
                },
            ),
            Err(e) => Check::failed(
                HB,
                Reason::KeyBinding {
                    detail: e.to_string(),
                },
            ),
        };
    }
    if subjects.is_empty() {
        return Check::unknown(HB, Reason::NoHolderKey);
    }
    let key_of = |d: &str| did::public_key_of(d).ok();
    let matches = subjects
        .iter()
        .any(|s| *s == h.did || key_of(s).is_some_and(|k| k == h.key));
    if matches {
        bound
    } else {
        Check::failed(
            HB,
            Reason::HolderNotSubject {
                holder: h.did.clone(),
            },
        )
    }
}
