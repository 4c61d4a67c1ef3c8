//! A presentation checked: its shape, the holder's signature, the challenge and
//! audience it answers, then each credential it carries.

use chrono::{DateTime, Utc};
use serde_json::Value;

use microcred_core::did::{self, Purpose};

use crate::input::has_type;
use crate::report::{Check, CheckKind, CredentialReport, Outcome, Presented, Reason, Report};
use crate::signature::id_of;
use crate::validity;

use super::shape::{as_list, format_check, well_formed_presentation};
use super::{stops, Expectation, Holder, Verifier, MAX_CREDENTIALS};

impl Verifier {
    pub(super) async fn di_presentation(
        &self,
        vp: &Value,
        expect: &Expectation,
        now: DateTime<Utc>,
    ) -> Report {
        let p = Presented::DiPresentation;
        let mut checks = Vec::new();
        if let Err(reason) = well_formed_presentation(vp) {
            checks.push(format_check(reason));
            return self.finish(p, checks, Vec::new());
        }
        checks.push(Check::passed(
            CheckKind::Format,
            Reason::WellFormed { format: p },
        ));
        if vp.get("proof").is_none() {
            // Unsigned: fine when nobody asked the holder to answer a challenge (VCDM
            // 2.0 §4.13 lets a presentation go unsecured); then its credentials are
            // checked on their own, and nothing binds them to whoever presented them.
            if expect.asked() {
                checks.push(Check::failed(CheckKind::Signature, Reason::NoProof));
                return self.finish(p, checks, Vec::new());
            }
            checks.push(Check::passed(CheckKind::Signature, Reason::Unsigned));
            let credentials = self.carried(vp, None, now).await;
            return self.finish(p, checks, credentials);
        }
        let method = vp["proof"]["verificationMethod"]
            .as_str()
            .or_else(|| vp["proof"][0]["verificationMethod"].as_str())
            .unwrap_or_default();
        let holder_did = id_of(&vp["holder"])
            .map(str::to_string)
            .unwrap_or_else(|| did::split_fragment(method).0.to_string());
        let (sig, key) = self
            .di_signature(vp, &holder_did, Purpose::Authentication)
            .await;
        let sig = holder_signed(sig);
        if stops(&mut checks, sig) {
            return self.finish(p, checks, Vec::new());
        }
        let proof = microcred_core::di::suites::proofs(vp)
            .ok()
            .and_then(|p| p.first().copied());
        let domains = proof.and_then(|p| one_or_many(p.get("domain")));
        checks.push(challenge_check(
            expect,
            proof
                .and_then(|p| p.get("challenge"))
                .and_then(Value::as_str),
            domains,
            &holder_did,
        ));
        let holder = key.map(|key| Holder {
            did: holder_did,
            key,
            may_differ: expect.holder_may_differ,
        });
        let credentials = self.carried(vp, holder.as_ref(), now).await;
        self.finish(p, checks, credentials)
    }

    pub(super) async fn jwt_presentation(
        &self,
        compact: &str,
        expect: &Expectation,
        now: DateTime<Utc>,
    ) -> Report {
        let p = Presented::JwtPresentation;
        let mut checks = Vec::new();
        let holder_of = |p: &Value| {
            p.get("vp")
                .and_then(|vp| id_of(&vp["holder"]))
                .or_else(|| id_of(&p["holder"]))
                .or_else(|| p["iss"].as_str())
                .map(str::to_string)
        };
        let signed = self
            .signed_jwt(compact, Purpose::Authentication, holder_of)
            .await
            .and_then(|(sig, header, payload, key)| {
                // VC 1.1 JWTs carry the presentation in `vp`; VC-JOSE 2.0 is the payload.
                let vp = payload
                    .get("vp")
                    .cloned()
                    .unwrap_or_else(|| payload.clone());
                if !has_type(&vp, "VerifiablePresentation") {
                    return Err(Reason::Malformed {
                        detail: "not a VerifiablePresentation".into(),
                    });
                }
                let n = as_list(&vp["verifiableCredential"]).len();
                if n == 0 || n > MAX_CREDENTIALS {
                    return Err(Reason::Malformed {
                        detail: format!(
                            "a presentation holds 1 to {MAX_CREDENTIALS} credentials, not {n}"
                        ),
                    });
                }
                Ok((sig, header, payload, vp, key))
            });
        let (sig, header, payload, vp, key) = match signed {
            Ok(x) => x,
            Err(reason) => {
                checks.push(Check::failed(CheckKind::Format, reason));
                return self.finish(p, checks, Vec::new());
            }
        };
        checks.push(Check::passed(
            CheckKind::Format,
            Reason::WellFormed { format: p },
        ));
        let kid = header
            .get("kid")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let holder_did =
            holder_of(&payload).unwrap_or_else(|| did::split_fragment(kid).0.to_string());
        let sig = holder_signed(sig);
        if stops(&mut checks, sig) {
            return self.finish(p, checks, Vec::new());
        }
        let claims = payload.as_object().cloned().unwrap_or_default();
        let aud = one_or_many(claims.get("aud"));
        checks.push(challenge_check(
            expect,
            claims.get("nonce").and_then(Value::as_str),
            aud,
            &holder_did,
        ));
        if claims.contains_key("exp") || claims.contains_key("nbf") {
            let v = validity::check(&Value::Null, Some(&claims), now, self.opts.skew);
            if v.outcome != Outcome::Passed {
                checks.push(v);
            }
        }
        let holder = key.map(|key| Holder {
            did: holder_did,
            key,
            may_differ: expect.holder_may_differ,
        });
        let credentials = self.carried(&vp, holder.as_ref(), now).await;
        self.finish(p, checks, credentials)
    }

    /// Each credential a presentation carries, checked against its presenter.
    async fn carried(
        &self,
        vp: &Value,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) -> Vec<CredentialReport> {
        let mut credentials = Vec::new();
        for item in as_list(&vp["verifiableCredential"]) {
            credentials.push(self.embedded(item, holder, now).await);
        }
        credentials
    }
}

/// A domain or audience, given as one string or as several.
fn one_or_many(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        Some(Value::String(s)) => Some(vec![s.clone()]),
        Some(Value::Array(a)) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        _ => None,
    }
}

/// A presentation's signature is the holder's, and says so.
pub(super) fn holder_signed(sig: Check) -> Check {
    match sig.reason {
        Reason::SignedBy { method } => {
            Check::passed(CheckKind::Signature, Reason::SignedByHolder { method })
        }
        _ => sig,
    }
}

pub(super) fn challenge_check(
    expect: &Expectation,
    challenge: Option<&str>,
    domains: Option<Vec<String>>,
    holder: &str,
) -> Check {
    const HB: CheckKind = CheckKind::HolderBinding;
    match &expect.challenge {
        None => return Check::unknown(HB, Reason::ChallengeNotRequested),
        Some(c) if Some(c.as_str()) != challenge => {
            return Check::failed(HB, Reason::ChallengeMismatch)
        }
        Some(_) => {}
    }
    if let Some(d) = &expect.domain {
        if !domains.is_some_and(|ds| ds.contains(d)) {
            return Check::failed(HB, Reason::DomainMismatch);
        }
    }
    Check::passed(
        HB,
        Reason::HolderBound {
            holder: holder.to_string(),
        },
    )
}
