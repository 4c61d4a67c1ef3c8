//! Whose key signed it: the signer's DID is resolved, the verification method must be
//! the signer's and authorised for the purpose, then the proof or JWS is checked.

use std::sync::Arc;

use serde_json::{Map, Value};

use microcred_core::contexts::ContextError;
use microcred_core::di::suites::{self, Suite};
use microcred_core::di::{self, DiError};
use microcred_core::did::KeyRefusal;
use microcred_core::did::{self, Purpose};
use microcred_core::jose::{self, JwsError};
use microcred_core::keys::KeyError;
use microcred_core::pubkey::VerifyingKey;

use crate::report::{Check, CheckKind, Outcome, Reason};
use crate::resolve::ResolveError;
use crate::Verifier;

const SIG: CheckKind = CheckKind::Signature;

fn purpose_name(p: Purpose) -> &'static str {
    match p {
        Purpose::AssertionMethod => "assertionMethod",
        Purpose::Authentication => "authentication",
    }
}

/// The key of a `did:key` or `did:jwk` verification method, needing no resolution.
fn self_describing_key(method: &str) -> Option<VerifyingKey> {
    did::public_key_of(method).ok()
}

/// A signer given as a string or as an object with an `id`.
pub fn id_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(m) => m.get("id").and_then(Value::as_str),
        _ => None,
    }
}

fn di_failure(e: DiError) -> Check {
    match e {
        DiError::BadSignature => Check::failed(SIG, Reason::BadSignature),
        // A context we do not bundle: what it says is unknown, not wrong.
        DiError::Context(c @ ContextError::Unknown(_)) => Check::unknown(
            CheckKind::Format,
            Reason::UnknownContext {
                detail: c.to_string(),
            },
        ),
        DiError::Context(c) => Check::failed(
            CheckKind::Format,
            Reason::Malformed {
                detail: c.to_string(),
            },
        ),
        DiError::Unsupported(d) => Check::unknown(SIG, Reason::UnsupportedProof { detail: d }),
        // Beyond the canonicalisation work limit: nothing was proven either way.
        DiError::TooComplex => Check::unknown(
            SIG,
            Reason::UnsupportedProof {
                detail: DiError::TooComplex.to_string(),
            },
        ),
        // Invalid JSON-LD (a protected term redefined, say) is a malformed document.
        DiError::JsonLd(d) => Check::failed(
            CheckKind::Format,
            Reason::Malformed {
                detail: format!("JSON-LD: {d}"),
            },
        ),
        other => Check::failed(
            SIG,
            Reason::Malformed {
                detail: other.to_string(),
            },
        ),
    }
}

/// A verification method named without a fragment: a `did:jwk` names its one key `#0`,
/// a `did:key` its one key `#<multibase>`.
/// A JWS header's rules (`jose::check_header`) as a signature check: an algorithm this
/// verifier does not know is "could not check", one it refuses (`none`, a mismatched
/// `crit`…) is a failure.
pub(crate) fn header_check(header: &Map<String, Value>) -> Result<(), Check> {
    match jose::check_header(header) {
        Ok(()) => Ok(()),
        Err(e @ JwsError::UnsupportedAlgorithm(_)) => Err(Check::unknown(
            SIG,
            Reason::UnsupportedProof {
                detail: e.to_string(),
            },
        )),
        Err(e) => Err(Check::failed(
            SIG,
            Reason::AlgorithmRefused {
                detail: e.to_string(),
            },
        )),
    }
}

fn with_fragment(method: String) -> String {
    if method.contains('#') {
        return method;
    }
    if method.starts_with("did:jwk:") {
        format!("{method}#0")
    } else if let Some(mb) = method.strip_prefix("did:key:") {
        format!("{method}#{mb}")
    } else {
        method
    }
}

impl Verifier {
    /// The keys `signer` authorises for `purpose`: the one behind `method` when given
    /// (which must be the signer's), else all of them.
    pub(crate) async fn keys(
        &self,
        signer: &str,
        method: Option<&str>,
        purpose: Purpose,
    ) -> Result<Arc<Vec<(String, VerifyingKey)>>, Check> {
        // Resolved keys are kept as long as DID documents are: decoding a key costs as
        // much as a third of checking a signature.
        let cache_key = format!(
            "{}|{signer}|{}",
            purpose_name(purpose),
            method.unwrap_or("")
        );
        if let Some(k) = self.keys.get(&cache_key) {
            return Ok(k);
        }
        let keys = Arc::new(self.resolve_keys(signer, method, purpose).await?);
        self.keys.put(&cache_key, keys.clone(), self.opts.did_ttl);
        Ok(keys)
    }

    async fn resolve_keys(
        &self,
        signer: &str,
        method: Option<&str>,
        purpose: Purpose,
    ) -> Result<Vec<(String, VerifyingKey)>, Check> {
        let method = method.map(|m| {
            with_fragment(if m.starts_with('#') {
                format!("{signer}{m}")
            } else {
                m.to_string()
            })
        });
        if let Some(m) = &method {
            let (owner, _) = did::split_fragment(m);
            if owner != signer {
                return Err(Check::failed(
                    SIG,
                    Reason::KeyNotIssuers {
                        method: m.clone(),
                        detail: format!("it belongs to {owner}, not to {signer}"),
                    },
                ));
            }
        }
        let doc = match self.resolver.resolve(self.fetch.as_ref(), signer).await {
            Ok(d) => d,
            Err(e) => {
                let reason = Reason::DidUnresolved {
                    did: signer.to_string(),
                    detail: e.to_string(),
                };
                return Err(match e {
                    ResolveError::Invalid(_) => Check::failed(SIG, reason),
                    ResolveError::UnsupportedKey(detail) => {
                        Check::unknown(SIG, Reason::UnsupportedProof { detail })
                    }
                    _ => Check::unknown(SIG, reason),
                });
            }
        };
        match method {
            Some(m) => doc
                .key_for(&m, purpose)
                .map(|k| vec![(m.clone(), k)])
                .map_err(|e| match e {
                    KeyRefusal::BadKey(KeyError::Unsupported(detail)) => {
                        Check::unknown(SIG, Reason::UnsupportedProof { detail })
                    }
                    e => Check::failed(
                        SIG,
                        Reason::KeyNotIssuers {
                            method: m,
                            detail: e.to_string(),
                        },
                    ),
                }),
            None => {
                let keys: Vec<(String, VerifyingKey)> = doc
                    .verification_method
                    .iter()
                    .filter_map(|vm| Some((vm.id.clone(), doc.key_for(&vm.id, purpose).ok()?)))
                    .collect();
                if keys.is_empty() {
                    Err(Check::failed(
                        SIG,
                        Reason::KeyNotIssuers {
                            method: "-".into(),
                            detail: format!(
                                "{signer} authorises no key for {}",
                                purpose_name(purpose)
                            ),
                        },
                    ))
                } else {
                    Ok(keys)
                }
            }
        }
    }

    /// Checks the Data Integrity proofs of `doc` as made by `signer` for `purpose`: every
    /// proof of a set or chain must hold. Returns the signature check and, when it passed,
    /// the key that made the first proof.
    pub(crate) async fn di_signature(
        &self,
        doc: &Value,
        signer: &str,
        purpose: Purpose,
    ) -> (Check, Option<VerifyingKey>) {
        if doc.get("proof").is_none() {
            return (Check::failed(SIG, Reason::NoProof), None);
        }
        let proofs = match suites::proofs(doc) {
            Ok(p) => p,
            Err(e) => return (di_failure(e), None),
        };
        let lone = proofs.len() == 1;
        let mut first: Option<(Check, Option<VerifyingKey>)> = None;
        let mut unknown = None;
        // In a set or chain, a proof by someone else (a witness, an earlier holder of
        // the chain) must hold for its own signer; the issuer's own proof must be there.
        let mut not_issuers: Option<Check> = None;
        for proof in proofs {
            let (mut check, mut key) = self.one_proof(doc, proof, lone, signer, purpose).await;
            if !lone && matches!(check.reason, Reason::KeyNotIssuers { .. }) {
                let own = proof
                    .get("verificationMethod")
                    .and_then(id_of)
                    .map(|m| did::split_fragment(m).0.to_string())
                    .filter(|c| c.starts_with("did:"));
                if let Some(own) = own {
                    let (c, _) = self.one_proof(doc, proof, lone, &own, purpose).await;
                    if c.outcome == Outcome::Passed {
                        not_issuers.get_or_insert(check);
                        continue;
                    }
                    (check, key) = (c, None);
                }
            }
            match check.outcome {
                Outcome::Failed => return (check, None),
                Outcome::CouldNotCheck => {
                    unknown.get_or_insert(check);
                }
                Outcome::Passed => {
                    first.get_or_insert((check, key));
                }
            }
        }
        match (unknown, first, not_issuers) {
            (Some(c), _, _) => (c, None),
            (None, Some(f), _) => f,
            // Every proof held, none was the issuer's.
            (None, None, Some(c)) => (c, None),
            (None, None, None) => (Check::failed(SIG, Reason::NoProof), None),
        }
    }

    /// One proof of a document.
    async fn one_proof(
        &self,
        doc: &Value,
        proof: &Map<String, Value>,
        lone: bool,
        signer: &str,
        purpose: Purpose,
    ) -> (Check, Option<VerifyingKey>) {
        let suite = match Suite::of(proof) {
            Ok(s) => s,
            Err(e) => return (di_failure(e), None),
        };
        let stated = proof
            .get("proofPurpose")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if stated != purpose_name(purpose) {
            return (
                Check::failed(
                    SIG,
                    Reason::WrongProofPurpose {
                        purpose: stated.to_string(),
                    },
                ),
                None,
            );
        }
        let Some(method) = proof.get("verificationMethod").and_then(id_of) else {
            return (
                Check::failed(
                    SIG,
                    Reason::Malformed {
                        detail: "the proof names no verificationMethod".into(),
                    },
                ),
                None,
            );
        };
        let check_with = |key: &VerifyingKey| {
            if lone && suite == Suite::EddsaRdfc2022 {
                // The fast path for the suite microcred itself signs with.
                di::verify(doc, key)
            } else {
                suites::verify(doc, proof, key)
            }
        };
        let controlled = signer.starts_with("did:")
            || (signer.starts_with("https://") && did::split_fragment(method).0 == signer);
        if !controlled {
            // The proof can still be checked when its method is self-describing; who
            // holds that key cannot be, so the result is at best "could not check".
            let not_did = Check::unknown(
                SIG,
                Reason::IssuerNotDid {
                    issuer: signer.into(),
                },
            );
            return match self_describing_key(method) {
                Some(pk) => match check_with(&pk) {
                    Ok(()) => (not_did, None),
                    Err(e) => (di_failure(e), None),
                },
                None => (not_did, None),
            };
        }
        let keys = match self.keys(signer, Some(method), purpose).await {
            Ok(k) => k,
            Err(c) => return (c, None),
        };
        let (method, key) = &keys[0];
        match check_with(key) {
            Ok(()) => (
                Check::passed(
                    SIG,
                    Reason::SignedBy {
                        method: method.clone(),
                    },
                ),
                Some(*key),
            ),
            Err(e) => (di_failure(e), None),
        }
    }

    /// Checks a compact JWS (whose `header` the caller decoded) as signed by `signer` for
    /// `purpose`; on success also returns the payload bytes and the key.
    pub(crate) async fn jws_signature(
        &self,
        compact: &str,
        header: &Map<String, Value>,
        signer: &str,
        purpose: Purpose,
    ) -> (Check, Option<(Vec<u8>, VerifyingKey)>) {
        if let Err(check) = header_check(header) {
            return (check, None);
        }
        let kid = header.get("kid").and_then(Value::as_str);
        let controlled = signer.starts_with("did:")
            || (signer.starts_with("https://")
                && kid.is_some_and(|k| did::split_fragment(k).0 == signer));
        if !controlled {
            return (
                Check::unknown(
                    SIG,
                    Reason::IssuerNotDid {
                        issuer: signer.into(),
                    },
                ),
                None,
            );
        }
        let keys = match self.keys(signer, kid, purpose).await {
            Ok(k) => k,
            Err(c) => return (c, None),
        };
        for (method, key) in keys.iter() {
            match jose::verify_with_header(compact, header, key) {
                Ok(p) => {
                    return (
                        Check::passed(
                            SIG,
                            Reason::SignedBy {
                                method: method.clone(),
                            },
                        ),
                        Some((p, *key)),
                    )
                }
                Err(JwsError::BadSignature) => continue,
                Err(e) => {
                    return (
                        Check::failed(
                            SIG,
                            Reason::Malformed {
                                detail: e.to_string(),
                            },
                        ),
                        None,
                    )
                }
            }
        }
        (Check::failed(SIG, Reason::BadSignature), None)
    }
}
