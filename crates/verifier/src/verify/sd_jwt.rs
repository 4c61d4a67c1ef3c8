//! An SD-JWT VC checked: its `typ`, the issuer's signature (by DID or certificate
//! chain), its disclosures, and the key-binding JWT it was presented with.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use microcred_core::did::Purpose;
use microcred_core::{jose, sdjwt};
use microcred_model::credential::{self as mc};

use crate::input::{self};
use crate::report::{Check, CheckKind, CredentialReport, Presented, Reason};

use super::shape::REGISTERED;
use super::{stops, Expectation, Holder, Verifier};

impl Verifier {
    /// An SD-JWT VC: issuer signature, disclosures, then (when presented with one) the
    /// key-binding JWT. `expect` is `None` inside a presentation, whose own proof binds.
    pub(super) async fn sd_jwt(
        &self,
        text: &str,
        holder: Option<&Holder>,
        expect: Option<&Expectation>,
        now: DateTime<Utc>,
    ) -> CredentialReport {
        let mut r = CredentialReport::new(if text.trim().ends_with('~') {
            Presented::SdJwt
        } else {
            Presented::SdJwtKeyBinding
        });
        let parts = match sdjwt::split(text) {
            Ok(p) => p,
            Err(e) => {
                r.checks.push(Check::failed(
                    CheckKind::Format,
                    Reason::Malformed {
                        detail: e.to_string(),
                    },
                ));
                return r;
            }
        };
        let header = jose::peek_header(parts.jwt);
        let typ_ok = header.as_ref().map(|h| {
            h.get("typ")
                .and_then(Value::as_str)
                .is_none_or(sdjwt::is_vc_typ)
        });
        if typ_ok == Ok(false) {
            r.checks.push(Check::failed(
                CheckKind::Format,
                Reason::Malformed {
                    detail: "the typ header is not that of an SD-JWT VC".into(),
                },
            ));
            return r;
        }
        // An issuer identified by its certificate chain (HAIP 1.0 section 6.1.1) is
        // checked by the chain; any other by its DID (`iss`, `kid`).
        let mut by_certificate: Option<(String, Check)> = None;
        let signed = match &header {
            Ok(h) if crate::x5c::has_x5c(h) => {
                let (sig, certified) = self.x5c_signature(parts.jwt, h, now.timestamp());
                match certified {
                    Some(c) => input::parse_json(&c.payload).map(|payload| {
                        let iss = payload.get("iss").and_then(Value::as_str);
                        let identity = c.identity(iss);
                        let trust = self.trust_list();
                        let check = match &c.anchor {
                            Some(anchor) => Check::passed(
                                CheckKind::Issuer,
                                Reason::TrustedAnchor {
                                    anchor: anchor.clone(),
                                    subject: c.subject.clone(),
                                    list_age_minutes: trust.age_minutes(now),
                                },
                            ),
                            None => Check::unknown(
                                CheckKind::Issuer,
                                Reason::IssuerNotListed {
                                    issuer: identity.clone(),
                                },
                            ),
                        };
                        by_certificate = Some((identity, check));
                        (sig, h.clone(), payload, None)
                    }),
                    // Not verified: the payload is read only to say what failed.
                    None => jose::peek(parts.jwt)
                        .map_err(|e| Reason::Malformed {
                            detail: e.to_string(),
                        })
                        .and_then(|u| input::check_depth_of(u.payload))
                        .map(|payload| (sig, h.clone(), payload, None)),
                }
            }
            _ => {
                self.signed_jwt(parts.jwt, Purpose::AssertionMethod, |p| {
                    p["iss"].as_str().map(str::to_string)
                })
                .await
            }
        };
        let (sig, payload) = match signed {
            Ok((sig, _, Value::Object(payload), _)) => (sig, payload),
            Ok(_) => {
                r.checks.push(Check::failed(
                    CheckKind::Format,
                    Reason::Malformed {
                        detail: "the payload is not a JSON object".into(),
                    },
                ));
                return r;
            }
            Err(reason) => {
                r.checks.push(Check::failed(CheckKind::Format, reason));
                return r;
            }
        };
        r.checks.push(Check::passed(
            CheckKind::Format,
            Reason::WellFormed {
                format: r.presented,
            },
        ));
        let (issuer, issuer_check) = match by_certificate {
            Some((identity, check)) => (identity, Some(check)),
            None => (
                payload
                    .get("iss")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                None,
            ),
        };
        if stops(&mut r.checks, sig) {
            return r;
        }
        // Registered claims are never selectively disclosable (SD-JWT VC §3.2.2.2).
        let jwt_claims: Map<String, Value> = REGISTERED
            .iter()
            .filter_map(|k| payload.get(*k).map(|v| (k.to_string(), v.clone())))
            .collect();
        let ours = payload.get("vct").and_then(Value::as_str) == Some(mc::SD_JWT_VCT)
            || payload
                .get("aka_vcts")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(mc::SD_JWT_VCT)));
        let disclosed = sdjwt::check_nothing_concealed_within_visible(&payload)
            .and_then(|_| sdjwt::disclose(payload, &parts.disclosures))
            .and_then(|d| sdjwt::check_always_visible(&d).map(|_| d))
            .and_then(|d| {
                // microcred's issuer writes the status in the clear: missing, it was hidden
                // and left out.
                if ours
                    && !d.claims.contains_key("credentialStatus")
                    && !d.claims.contains_key("status")
                {
                    Err(sdjwt::SdJwtError::MustStayVisible(
                        "credentialStatus".into(),
                    ))
                } else {
                    Ok(d)
                }
            });
        let claims = match disclosed {
            Ok(d) => {
                r.checks.push(Check::passed(
                    CheckKind::Disclosure,
                    Reason::DisclosuresValid {
                        disclosed: d.disclosed.len(),
                    },
                ));
                d.claims
            }
            Err(e) => {
                r.checks.push(Check::failed(
                    CheckKind::Disclosure,
                    Reason::DisclosureRejected {
                        detail: e.to_string(),
                    },
                ));
                return r;
            }
        };
        if let Some(expect) = expect {
            if let Some(c) = self.key_binding(&parts, &claims, expect, now) {
                r.checks.push(c);
            }
        }
        self.judge_with(
            &mut r,
            Value::Object(claims),
            &issuer,
            Some(&jwt_claims),
            holder,
            now,
            issuer_check,
        )
        .await;
        r
    }

    /// The key-binding check of an SD-JWT presented on its own; `None` when there is
    /// nothing to bind (no key-binding JWT and none asked for).
    pub(super) fn key_binding(
        &self,
        parts: &sdjwt::Parts<'_>,
        claims: &Map<String, Value>,
        expect: &Expectation,
        now: DateTime<Utc>,
    ) -> Option<Check> {
        const HB: CheckKind = CheckKind::HolderBinding;
        let kb = |e: sdjwt::SdJwtError| {
            let detail = match e {
                sdjwt::SdJwtError::KeyBinding(d) => d,
                other => other.to_string(),
            };
            Check::failed(HB, Reason::KeyBinding { detail })
        };
        let Some(kb_jwt) = parts.kb_jwt else {
            return expect.asked().then(|| {
                kb(sdjwt::SdJwtError::KeyBinding(
                    "missing: the presentation has no key-binding JWT".into(),
                ))
            });
        };
        let holder = match sdjwt::holder_key(claims) {
            Ok(k) => k,
            Err(e) => return Some(kb(e)),
        };
        // Without an expectation, the binding is still checked against what the JWT
        // claims, so only the freshness of the request stays unknown.
        let claimed = jose::peek(kb_jwt).ok();
        let field = |k: &str| {
            claimed
                .as_ref()
                .and_then(|c| c.payload.get(k))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let (aud, nonce) = (
            expect.domain.clone().unwrap_or_else(|| field("aud")),
            expect.challenge.clone().unwrap_or_else(|| field("nonce")),
        );
        let e = sdjwt::KbExpectation {
            audience: &aud,
            nonce: &nonce,
            now: now.timestamp(),
            max_age: self.opts.kb_max_age,
            skew: self.opts.skew.num_seconds(),
        };
        if let Err(err) = sdjwt::verify_key_binding(parts, holder, &e) {
            return Some(match err {
                sdjwt::SdJwtError::KeyBindingNonce => Check::failed(HB, Reason::ChallengeMismatch),
                sdjwt::SdJwtError::KeyBindingAudience => Check::failed(HB, Reason::DomainMismatch),
                other => kb(other),
            });
        }
        Some(if expect.challenge.is_none() {
            Check::unknown(HB, Reason::ChallengeNotRequested)
        } else {
            Check::passed(
                HB,
                Reason::HolderBound {
                    holder: microcred_core::did::did_jwk(holder),
                },
            )
        })
    }
}
