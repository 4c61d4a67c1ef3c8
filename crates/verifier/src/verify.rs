//! The verifier: each input format taken apart, each check run in turn.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use microcred_core::did::{self, Purpose};
use microcred_core::pubkey::VerifyingKey;
use microcred_core::{contexts, jose, sdjwt};
use microcred_model::credential::{self as mc, VC_V2_CONTEXT};
use microcred_model::Element;

use crate::cache::Cache;
use crate::fetch::Fetch;
use crate::input::{self, has_type, Input};
use crate::report::{self, Check, CheckKind, CredentialReport, Outcome, Presented, Reason, Report};
use crate::resolve::Resolver;
use crate::signature::id_of;
use crate::status::VerifiedList;
use crate::trust::TrustList;
use crate::validity;

const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// Bytes of resolved keys kept between verifications.
const KEY_CACHE_BYTES: usize = 4 * 1024 * 1024;
/// Most credentials accepted in one presentation.
pub const MAX_CREDENTIALS: usize = 50;

#[derive(Debug, Clone)]
pub struct Options {
    /// The moment to judge validity at; `None` for now.
    pub now: Option<DateTime<Utc>>,
    /// How far clocks may disagree.
    pub skew: chrono::Duration,
    /// Whether an issuer not on the trust list makes a credential invalid.
    pub require_trusted: bool,
    /// How long a verified status list is trusted before it is fetched again.
    pub status_ttl: Duration,
    /// How long a `did:web` document is kept.
    pub did_ttl: Duration,
    /// How old a key-binding JWT may be, in seconds.
    pub kb_max_age: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: None,
            skew: chrono::Duration::minutes(5),
            require_trusted: false,
            status_ttl: Duration::from_secs(300),
            did_ttl: Duration::from_secs(3600),
            kb_max_age: 600,
        }
    }
}

/// What the verifier asked a holder to bind a presentation to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectation {
    /// The challenge (`challenge` in Data Integrity, `nonce` in JWTs).
    pub challenge: Option<String>,
    /// The domain (`domain` in Data Integrity, `aud` in JWTs).
    pub domain: Option<String>,
    /// The relying party accepts credentials about someone other than the presenter
    /// (VC Data Model 2.0 leaves who may present a credential to the verifier's own
    /// rules). By default each credential's subject must be the presenter, as the
    /// server's own presentation requests ask; a VC-API caller decides for itself.
    pub holder_may_differ: bool,
}

impl Expectation {
    fn asked(&self) -> bool {
        self.challenge.is_some() || self.domain.is_some()
    }
}

pub struct Verifier {
    pub(crate) fetch: Arc<dyn Fetch>,
    /// Replaced whole when a trust list fetched from a URL is refreshed.
    pub(crate) trust: std::sync::RwLock<Arc<TrustList>>,
    pub(crate) opts: Options,
    pub(crate) resolver: Resolver,
    pub(crate) lists: Cache<VerifiedList>,
    /// Verified IETF Token Status Lists, by `uri`.
    pub(crate) token_lists: Cache<crate::token_status::TokenList>,
    /// Keys by signer, method and purpose.
    pub(crate) keys: Cache<Vec<(String, VerifyingKey)>>,
    /// Unix seconds of the last [`Verifier::forget_cached`]: a status changed then, so
    /// results from before it are stale (a wallet re-checks what it checked earlier).
    forgotten_at: std::sync::atomic::AtomicI64,
}

/// The presenter of a presentation, against whom each credential's subject is checked.
struct Holder {
    did: String,
    key: VerifyingKey,
    /// See [`Expectation::holder_may_differ`].
    may_differ: bool,
}

impl Verifier {
    pub fn new(fetch: Arc<dyn Fetch>, trust: TrustList, opts: Options) -> Self {
        Verifier {
            resolver: Resolver::new(opts.did_ttl),
            lists: Cache::new(crate::status::STATUS_CACHE_BYTES),
            token_lists: Cache::new(crate::status::STATUS_CACHE_BYTES),
            keys: Cache::new(KEY_CACHE_BYTES),
            forgotten_at: std::sync::atomic::AtomicI64::new(0),
            fetch,
            trust: std::sync::RwLock::new(Arc::new(trust)),
            opts,
        }
    }

    /// Puts a new trust list in place (a refreshed one from its URL).
    pub fn set_trust_list(&self, list: TrustList) {
        if let Ok(mut t) = self.trust.write() {
            *t = Arc::new(list);
        }
    }

    /// The fetcher verification uses, under the fetch policy (for a trust list's URL).
    pub fn fetcher(&self) -> Arc<dyn Fetch> {
        self.fetch.clone()
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    pub fn trust_list(&self) -> Arc<TrustList> {
        match self.trust.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Bytes of status lists held in the cache now, by its own accounting: never more
    /// than [`crate::status::STATUS_CACHE_BYTES`]. For monitoring and tests.
    pub fn status_cache_bytes(&self) -> usize {
        self.lists.bytes()
    }

    /// Forgets cached status lists and DID documents, so the next verification sees a
    /// revocation or key change at once.
    pub fn forget_cached(&self) {
        self.forgotten_at
            .store(Utc::now().timestamp(), std::sync::atomic::Ordering::Relaxed);
        self.lists.clear();
        self.token_lists.clear();
        self.keys.clear();
        self.resolver.forget();
    }

    /// When cached results were last forgotten because a status changed (Unix seconds;
    /// 0 if never).
    pub fn forgotten_at(&self) -> i64 {
        self.forgotten_at.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Verifies a credential or presentation in any supported format.
    pub async fn verify(&self, bytes: &[u8], expect: &Expectation) -> Report {
        match input::detect(bytes) {
            Ok(input) => self.verify_input(input, expect).await,
            Err(Reason::NotRecognised) => self.finish(
                Presented::Unknown,
                vec![Check::failed(
                    CheckKind::Format,
                    crate::recognise::not_recognised(bytes),
                )],
                Vec::new(),
            ),
            Err(reason) => self.finish(
                Presented::Unknown,
                vec![Check::failed(CheckKind::Format, reason)],
                Vec::new(),
            ),
        }
    }

    /// Verifies an input already recognised (the HTTP API receives JSON).
    pub async fn verify_input(&self, input: Input, expect: &Expectation) -> Report {
        let now = self.opts.now.unwrap_or_else(Utc::now);
        match input {
            Input::DiCredential(v) => self.lone(
                Presented::DiCredential,
                self.di_credential(v, None, now).await,
                expect,
            ),
            Input::JwtCredential(t) => self.lone(
                Presented::JwtCredential,
                self.jwt_credential(&t, None, now).await,
                expect,
            ),
            Input::SdJwt(t) => {
                let presented = if t.trim().ends_with('~') {
                    Presented::SdJwt
                } else {
                    Presented::SdJwtKeyBinding
                };
                let report = self.sd_jwt(&t, None, Some(expect), now).await;
                self.finish(presented, Vec::new(), vec![report])
            }
            Input::DiPresentation(v) => self.di_presentation(&v, expect, now).await,
            Input::JwtPresentation(t) => self.jwt_presentation(&t, expect, now).await,
        }
    }

    /// A credential handed in on its own: if a presentation was asked for, that fails.
    fn lone(&self, presented: Presented, cred: CredentialReport, expect: &Expectation) -> Report {
        let mut checks = Vec::new();
        if expect.asked() {
            checks.push(Check::failed(
                CheckKind::HolderBinding,
                Reason::NotAPresentation,
            ));
        }
        self.finish(presented, checks, vec![cred])
    }

    fn finish(
        &self,
        presented: Presented,
        checks: Vec<Check>,
        credentials: Vec<CredentialReport>,
    ) -> Report {
        let mut r = Report {
            verdict: report::Verdict::Invalid,
            presented,
            checks,
            credentials,
        };
        r.verdict = report::verdict(&r.all_checks(), self.opts.require_trusted);
        r
    }

    // ---- credentials -------------------------------------------------------------

    async fn di_credential(
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
        let failed = sig.outcome == Outcome::Failed;
        r.checks.push(sig);
        if failed {
            return r;
        }
        self.judge(&mut r, doc, &issuer, None, holder, now).await;
        r
    }

    async fn jwt_credential(
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
        let failed = sig.outcome == Outcome::Failed;
        r.checks.push(sig);
        if failed {
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
    async fn signed_jwt(
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

    /// An SD-JWT VC: issuer signature, disclosures, then (when presented with one) the
    /// key-binding JWT. `expect` is `None` inside a presentation, whose own proof binds.
    async fn sd_jwt(
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
        let failed = sig.outcome == Outcome::Failed;
        r.checks.push(sig);
        if failed {
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
    fn key_binding(
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

    /// The checks that follow a good (or uncheckable) signature: trust, validity,
    /// status, holder binding inside a presentation, EU completeness.
    async fn judge(
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
    async fn judge_with(
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

    fn issuer_check(&self, trust: &TrustList, issuer: &str, now: DateTime<Utc>) -> Check {
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
    async fn judge_rest(
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

    // ---- presentations -----------------------------------------------------------

    async fn di_presentation(
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
            let mut credentials = Vec::new();
            for item in as_list(&vp["verifiableCredential"]) {
                credentials.push(self.embedded(item, None, now).await);
            }
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
        let failed = sig.outcome == Outcome::Failed;
        checks.push(sig);
        if failed {
            return self.finish(p, checks, Vec::new());
        }
        let proof = microcred_core::di::suites::proofs(vp)
            .ok()
            .and_then(|p| p.first().copied());
        let domains = proof.and_then(|p| match p.get("domain") {
            Some(Value::String(d)) => Some(vec![d.clone()]),
            Some(Value::Array(a)) => Some(
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            _ => None,
        });
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
        let mut credentials = Vec::new();
        for item in as_list(&vp["verifiableCredential"]) {
            credentials.push(self.embedded(item, holder.as_ref(), now).await);
        }
        self.finish(p, checks, credentials)
    }

    async fn jwt_presentation(
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
        let failed = sig.outcome == Outcome::Failed;
        checks.push(sig);
        if failed {
            return self.finish(p, checks, Vec::new());
        }
        let claims = payload.as_object().cloned().unwrap_or_default();
        let aud = match claims.get("aud") {
            Some(Value::String(s)) => Some(vec![s.clone()]),
            Some(Value::Array(a)) => Some(
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            _ => None,
        };
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
        let mut credentials = Vec::new();
        for item in as_list(&vp["verifiableCredential"]) {
            credentials.push(self.embedded(item, holder.as_ref(), now).await);
        }
        self.finish(p, checks, credentials)
    }

    /// A credential inside a presentation: embedded JSON-LD, a JWT string, or an
    /// `EnvelopedVerifiableCredential`.
    async fn embedded(
        &self,
        item: &Value,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) -> CredentialReport {
        let detected = input::detect_value(item, false);
        match detected {
            Ok(Input::DiCredential(v)) => Box::pin(self.di_credential(v, holder, now)).await,
            Ok(Input::JwtCredential(t)) => Box::pin(self.jwt_credential(&t, holder, now)).await,
            Ok(Input::SdJwt(t)) => Box::pin(self.sd_jwt(&t, holder, None, now)).await,
            Ok(_) => {
                let mut r = CredentialReport::new(Presented::Unknown);
                r.checks.push(Check::failed(
                    CheckKind::Format,
                    Reason::Malformed {
                        detail: "a presentation inside a presentation".into(),
                    },
                ));
                r
            }
            Err(reason) => {
                let mut r = CredentialReport::new(Presented::Unknown);
                r.checks.push(Check::failed(CheckKind::Format, reason));
                r
            }
        }
    }
}

impl CredentialReport {
    fn new(presented: Presented) -> Self {
        CredentialReport {
            presented,
            checks: Vec::new(),
            issuer: None,
            subject: None,
            claims: None,
        }
    }
}

/// A presentation's signature is the holder's, and says so.
fn holder_signed(sig: Check) -> Check {
    match sig.reason {
        Reason::SignedBy { method } => {
            Check::passed(CheckKind::Signature, Reason::SignedByHolder { method })
        }
        _ => sig,
    }
}

fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// JWT claims with a meaning of their own (RFC 7519, RFC 7800).
const REGISTERED: [&str; 8] = ["iss", "sub", "aud", "nbf", "exp", "iat", "jti", "cnf"];

/// The credential of a VC-JOSE payload (the payload itself) or of a VC 1.1 JWT (its
/// `vc` claim, with the registered claims folded in), and the registered JWT claims.
pub(crate) fn jwt_vc(payload: Value) -> Result<(Value, Map<String, Value>), Reason> {
    let Value::Object(mut claims) = payload else {
        return Err(Reason::Malformed {
            detail: "the payload is not a JSON object".into(),
        });
    };
    let (mut vc, jwt) = match claims.shift_remove("vc") {
        Some(Value::Object(vc)) => (vc, claims),
        Some(_) => {
            return Err(Reason::Malformed {
                detail: "the vc claim is not an object".into(),
            })
        }
        None => {
            let jwt = REGISTERED
                .iter()
                .filter_map(|k| claims.get(*k).map(|v| (k.to_string(), v.clone())))
                .collect();
            (claims, jwt)
        }
    };
    if let Some(iss) = jwt.get("iss").and_then(Value::as_str) {
        match vc.get("issuer").and_then(|i| id_of(i).map(str::to_string)) {
            None => {
                vc.insert("issuer".into(), Value::String(iss.to_string()));
            }
            Some(i) if i != iss => {
                return Err(Reason::Malformed {
                    detail: format!("iss {iss} is not the issuer {i}"),
                })
            }
            Some(_) => {}
        }
    }
    if let (Some(sub), Some(Value::Object(cs))) = (
        jwt.get("sub").and_then(Value::as_str),
        vc.get_mut("credentialSubject"),
    ) {
        cs.entry("id")
            .or_insert_with(|| Value::String(sub.to_string()));
    }
    Ok((Value::Object(vc), jwt))
}

/// The shape every W3C credential has; `json_ld` also requires the contexts to be
/// bundled ones (a Data Integrity proof is over the JSON-LD meaning).
fn well_formed(vc: &Value, json_ld: bool) -> Result<(), Reason> {
    if !vc.is_object() {
        return Err(Reason::Malformed {
            detail: "not a JSON object".into(),
        });
    }
    let first = match &vc["@context"] {
        Value::Array(a) => a.first().and_then(Value::as_str),
        Value::String(s) => Some(s.as_str()),
        _ => None,
    };
    if !matches!(first, Some(VC_V2_CONTEXT) | Some(VC_V1_CONTEXT)) {
        return Err(Reason::Malformed {
            detail: "@context does not start with the W3C credentials context".into(),
        });
    }
    let version = if json_ld {
        contexts::document_contexts(vc).map_err(context_reason)?
    } else if first == Some(VC_V1_CONTEXT) {
        contexts::VcVersion::V1
    } else {
        contexts::VcVersion::V2
    };
    // VC Data Model 1.1 §4.6: a 1.1 credential states when it was issued.
    if version == contexts::VcVersion::V1 && !vc["issuanceDate"].is_string() {
        return Err(Reason::Malformed {
            detail: "a VC 1.1 credential needs an issuanceDate".into(),
        });
    }
    if !has_type(vc, "VerifiableCredential") {
        return Err(Reason::Malformed {
            detail: "type does not include VerifiableCredential".into(),
        });
    }
    if id_of(&vc["issuer"]).is_none_or(str::is_empty) {
        return Err(Reason::Malformed {
            detail: "no issuer".into(),
        });
    }
    if !matches!(vc["credentialSubject"], Value::Object(_) | Value::Array(_)) {
        return Err(Reason::Malformed {
            detail: "no credentialSubject".into(),
        });
    }
    Ok(())
}

/// A context we do not bundle makes the document unreadable to us, not wrong; any
/// other problem with `@context` is a malformed document.
fn context_reason(e: contexts::ContextError) -> Reason {
    match e {
        contexts::ContextError::Unknown(_) => Reason::UnknownContext {
            detail: e.to_string(),
        },
        other => Reason::Malformed {
            detail: other.to_string(),
        },
    }
}

/// The format check for a document that is not well formed: "could not check" when only
/// an unknown context stands in the way, else failed.
fn format_check(reason: Reason) -> Check {
    match reason {
        r @ Reason::UnknownContext { .. } => Check::unknown(CheckKind::Format, r),
        r => Check::failed(CheckKind::Format, r),
    }
}

/// A presentation's structure (VCDM 2.0 §4.13, checked by the model's rules), its
/// contexts, and at most [`MAX_CREDENTIALS`] credentials. A presentation may hold none:
/// signed, it still proves who presents.
fn well_formed_presentation(vp: &Value) -> Result<(), Reason> {
    let report = microcred_model::validate::validate_vp_document(vp);
    if let Some(p) = report.errors().next() {
        return Err(Reason::Malformed {
            detail: format!("{}: {}", p.path, p.message(microcred_model::Lang::En)),
        });
    }
    contexts::document_contexts(vp).map_err(context_reason)?;
    let n = as_list(&vp["verifiableCredential"]).len();
    if n > MAX_CREDENTIALS {
        return Err(Reason::Malformed {
            detail: format!("more than {MAX_CREDENTIALS} credentials"),
        });
    }
    Ok(())
}

fn challenge_check(
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

/// `credentialSubject.id` of each subject.
fn subject_ids(claims: &Value) -> Vec<String> {
    as_list(&claims["credentialSubject"])
        .into_iter()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect()
}

/// Inside a presentation: the presenter must be the credential's subject (or, for an
/// SD-JWT, hold its `cnf` key). DIDs that name a key are compared by key, so a holder
/// may present as `did:key` a credential issued to its `did:jwk`.
fn holder_binding(h: &Holder, subjects: &[String], jwt: Option<&Map<String, Value>>) -> Check {
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
