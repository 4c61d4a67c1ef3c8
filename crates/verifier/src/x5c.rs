//! Issuers identified by an X.509 chain in the JWS header (`x5c`): HAIP 1.0 section 6.1.1
//! for SD-JWT VCs and their status list tokens, SD-JWT VC's "X.509 Certificates" issuer
//! signature mechanism.
//!
//! The signature is checked with the leaf certificate's key, and the chain against the
//! trust list's `x509Anchors` (by `rustls-webpki`, through `microcred_core::x509`). A bad
//! signature is a failure. A good signature whose chain leads to no trusted anchor, or
//! that was outside its dates or self-signed, proves only that *someone* holding that key
//! signed: the issuer is then "could not check", never "invalid".
//!
//! Who the issuer is: the `iss` when the leaf certificate names it (a URI SAN, or the
//! host of an https `iss` as a DNS SAN), as SD-JWT VC asked up to draft -09 and
//! microcred's issuer does; otherwise the leaf's subject, which later drafts make the
//! issuer ("the Issuer … is the subject of the end-entity certificate"). An `iss` the
//! certificate does not name is never reported as the issuer.

use serde_json::{Map, Value};

use microcred_core::jose::{self, JwsError};
use microcred_core::x509::{self, X509Error};

use crate::report::{Check, CheckKind, Reason};
use crate::Verifier;

const SIG: CheckKind = CheckKind::Signature;

/// What a JWS signed under an `x5c` proved.
pub(crate) struct Certified {
    /// The payload bytes, verified with the leaf's key.
    pub payload: Vec<u8>,
    pub leaf: Vec<u8>,
    pub subject: String,
    /// The anchor of the trust list the chain leads to, when it leads to one.
    pub anchor: Option<String>,
}

impl Certified {
    /// Who signed: `iss` when the leaf names it, else the leaf's subject.
    pub fn identity(&self, iss: Option<&str>) -> String {
        match iss {
            Some(i) if x509::names_url(&self.leaf, i) => i.to_string(),
            _ => self.subject.clone(),
        }
    }
}

/// Whether a JWS header carries an `x5c`.
pub(crate) fn has_x5c(header: &Map<String, Value>) -> bool {
    header.contains_key("x5c")
}

fn malformed(detail: String) -> Check {
    Check::failed(SIG, Reason::Malformed { detail })
}

impl Verifier {
    /// Checks a compact JWS whose `header` (decoded by the caller) carries an `x5c`, at
    /// `now` (Unix seconds). Returns the signature check and, when the signature itself
    /// verified, what it proved.
    pub(crate) fn x5c_signature(
        &self,
        compact: &str,
        header: &Map<String, Value>,
        now: i64,
    ) -> (Check, Option<Certified>) {
        let chain = match x509::parse_x5c(header.get("x5c").unwrap_or(&Value::Null)) {
            Ok(c) => c,
            Err(e) => return (malformed(e.to_string()), None),
        };
        let Some(leaf) = chain.first() else {
            return (malformed("x5c is empty".into()), None);
        };
        let info = match x509::info(leaf) {
            Ok(i) => i,
            Err(e) => return (malformed(format!("x5c: {e}")), None),
        };
        // Every other header rule holds as for any JWS: the `x5c` is what is allowed here.
        let mut rest = header.clone();
        rest.remove("x5c");
        if let Err(check) = crate::signature::header_check(&rest) {
            return (check, None);
        }
        // HAIP's issuers sign with ES256; a certificate for another kind of key is one
        // this verifier does not read.
        let key = match x509::p256_key(leaf) {
            Ok(k) => k,
            Err(e) => {
                return (
                    Check::unknown(
                        SIG,
                        Reason::UnsupportedProof {
                            detail: e.to_string(),
                        },
                    ),
                    None,
                )
            }
        };
        let payload = match jose::verify_with_header(compact, &rest, key) {
            Ok(p) => p,
            Err(JwsError::BadSignature) => return (Check::failed(SIG, Reason::BadSignature), None),
            Err(e) => return (malformed(e.to_string()), None),
        };
        let trust = self.trust_list();
        let subject = info.subject.clone();
        let (check, anchor) =
            match x509::verify_chain_or_pinned(&chain, trust.anchor_certificates(), now) {
                Ok(i) => (
                    Check::passed(
                        SIG,
                        Reason::SignedByCertificate {
                            subject: subject.clone(),
                        },
                    ),
                    trust.anchors().get(i).map(|a| a.name.clone()),
                ),
                Err(e) => (
                    Check::unknown(
                        SIG,
                        match e {
                            X509Error::Expired(until) => Reason::CertificateExpired {
                                subject: subject.clone(),
                                until,
                            },
                            X509Error::NotYetValid(from) => Reason::CertificateNotYetValid {
                                subject: subject.clone(),
                                from,
                            },
                            X509Error::SelfSigned => Reason::CertificateSelfSigned {
                                subject: subject.clone(),
                            },
                            _ => Reason::CertificateUntrusted {
                                subject: subject.clone(),
                                issuer: info.issuer.clone(),
                            },
                        },
                    ),
                    None,
                ),
            };
        (
            check,
            Some(Certified {
                payload,
                leaf: leaf.clone(),
                subject,
                anchor,
            }),
        )
    }
}
