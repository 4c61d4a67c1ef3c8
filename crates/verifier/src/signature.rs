//! Whose key signed it: the signer's DID is resolved, the verification method must be
//! the signer's and authorised for the purpose, then the proof or JWS is checked.

use std::sync::Arc;

use serde_json::{Map, Value};

use microcred_core::di::{self, DiError, ProofConfig};
use microcred_core::did::{self, Purpose};
use microcred_core::jose::{self, JwsError};
use microcred_core::pubkey::VerifyingKey;

use crate::report::{Check, CheckKind, Reason};
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
        DiError::Context(c) => Check::failed(
            CheckKind::Format,
            Reason::UnknownContext {
                detail: c.to_string(),
            },
        ),
        DiError::Unsupported(d) => Check::unknown(SIG, Reason::UnsupportedProof { detail: d }),
        other => Check::failed(
            SIG,
            Reason::Malformed {
                detail: other.to_string(),
            },
        ),
    }
}

/// Proof suites registered with the W3C that this verifier does not implement: a proof
/// in one of them is "could not check". Any other unknown name is not a proof at all.
const KNOWN_SUITES: [&str; 5] = [
    "ecdsa-rdfc-2019",
    "ecdsa-jcs-2019",
    "ecdsa-sd-2023",
    "eddsa-jcs-2022",
    "bbs-2023",
];
const KNOWN_LEGACY_TYPES: [&str; 6] = [
    "Ed25519Signature2020",
    "Ed25519Signature2018",
    "JsonWebSignature2020",
    "EcdsaSecp256k1Signature2019",
    "EcdsaSecp256r1Signature2019",
    "BbsBlsSignature2020",
];

fn unsupported_suite(doc: &Value) -> Option<Check> {
    let proof = match &doc["proof"] {
        Value::Array(a) if a.len() == 1 => &a[0],
        other => other,
    };
    let kind = proof["type"].as_str().unwrap_or_default();
    let suite = proof["cryptosuite"].as_str().unwrap_or_default();
    let unsupported =
        |detail: String| Some(Check::unknown(SIG, Reason::UnsupportedProof { detail }));
    let unknown = |detail: String| Some(Check::failed(SIG, Reason::Malformed { detail }));
    match kind {
        "DataIntegrityProof" if suite == di::CRYPTOSUITE => None,
        "DataIntegrityProof" if KNOWN_SUITES.contains(&suite) => {
            unsupported(format!("cryptosuite {suite}"))
        }
        "DataIntegrityProof" => unknown(format!("unknown cryptosuite '{suite}'")),
        k if KNOWN_LEGACY_TYPES.contains(&k) => unsupported(format!("proof type {k}")),
        // Several proofs, or none: ProofConfig::of says which.
        _ if proof.is_array() || proof.is_null() => None,
        k => unknown(format!("unknown proof type '{k}'")),
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
            if m.starts_with('#') {
                format!("{signer}{m}")
            } else {
                m.to_string()
            }
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
                    _ => Check::unknown(SIG, reason),
                });
            }
        };
        match method {
            Some(m) => doc
                .key_for(&m, purpose)
                .map(|k| vec![(m.clone(), k)])
                .map_err(|e| {
                    Check::failed(
                        SIG,
                        Reason::KeyNotIssuers {
                            method: m,
                            detail: e.to_string(),
                        },
                    )
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

    /// Checks the Data Integrity proof of `doc` as made by `signer` for `purpose`.
    /// Returns the signature check and, when it passed, the key that made it.
    pub(crate) async fn di_signature(
        &self,
        doc: &Value,
        signer: &str,
        purpose: Purpose,
    ) -> (Check, Option<VerifyingKey>) {
        if doc.get("proof").is_none() {
            return (Check::failed(SIG, Reason::NoProof), None);
        }
        if let Some(c) = unsupported_suite(doc) {
            return (c, None);
        }
        let cfg = match ProofConfig::of(doc) {
            Ok(c) => c,
            Err(e) => return (di_failure(e), None),
        };
        if cfg.proof_purpose != purpose_name(purpose) {
            return (
                Check::failed(
                    SIG,
                    Reason::WrongProofPurpose {
                        purpose: cfg.proof_purpose,
                    },
                ),
                None,
            );
        }
        if !signer.starts_with("did:") {
            // The proof can still be checked when its method is self-describing; who
            // holds that key cannot be, so the result is at best "could not check".
            let Some(pk) = self_describing_key(&cfg.verification_method) else {
                return (
                    Check::unknown(
                        SIG,
                        Reason::IssuerNotDid {
                            issuer: signer.into(),
                        },
                    ),
                    None,
                );
            };
            return match di::verify(doc, &pk) {
                Ok(()) => (
                    Check::unknown(
                        SIG,
                        Reason::IssuerNotDid {
                            issuer: signer.into(),
                        },
                    ),
                    None,
                ),
                Err(e) => (di_failure(e), None),
            };
        }
        let keys = match self
            .keys(signer, Some(&cfg.verification_method), purpose)
            .await
        {
            Ok(k) => k,
            Err(c) => return (c, None),
        };
        let (method, key) = &keys[0];
        match di::verify(doc, key) {
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
        if let Err(e) = jose::check_header(header) {
            return (
                Check::failed(
                    SIG,
                    Reason::AlgorithmRefused {
                        detail: e.to_string(),
                    },
                ),
                None,
            );
        }
        if !signer.starts_with("did:") {
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
        let kid = header.get("kid").and_then(Value::as_str);
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
