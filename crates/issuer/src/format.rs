//! The three signed forms of a credential.

use std::sync::Arc;

use microcred_core::di::{self, ProofConfig};
use microcred_core::jose;
use microcred_core::keys::{PublicKey, SecretKey};
use microcred_core::signing::SigningKey;
use microcred_core::{did, sdjwt};
use microcred_model::credential;
use serde_json::{json, Value};

use crate::error::{IssuerError, Result};

/// microcred's general SD-JWT VC type; each issuer's own `vct` names it in `aka_vcts`.
pub const VCT: &str = microcred_model::credential::SD_JWT_VCT;
/// Media type of a VC-JOSE credential.
pub const TYP_VC_JWT: &str = "vc+jwt";
/// Random digests added to an SD-JWT so the number of hidden claims is not revealed.
const DECOYS: usize = 3;

pub use microcred_core::format::{Format, UnknownFormat};

/// The Ed25519 key of a holder DID, for SD-JWT key binding (`cnf`).
pub fn holder_key(did_value: &str) -> Result<PublicKey> {
    match did::method(did_value).ok() {
        Some("key") => Ok(did::parse_did_key(did_value)?),
        Some("jwk") => Ok(did::parse_did_jwk(did_value)?),
        _ => Err(IssuerError::UnbindableHolder(did_value.to_string())),
    }
}

/// Signs an unsigned credential in `format`; returns the text as it is handed out.
pub fn sign(
    format: Format,
    unsigned: Value,
    key: &Arc<SecretKey>,
    verification_method: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String> {
    let mut doc = unsigned;
    sign_document(format, &mut doc, key, verification_method, now)
}

/// What an SD-JWT VC carries besides the credential: its type (served as type metadata
/// at that URL, with the document's integrity), and its IETF Token Status List entry.
#[derive(Debug, Clone, Default)]
pub struct SdJwtExtras {
    /// `vct`; the general [`VCT`] when `None`.
    pub vct: Option<String>,
    pub vct_integrity: Option<String>,
    /// `status`: `{"status_list": {"idx": …, "uri": …}}`, in place of `credentialStatus`.
    pub status: Option<Value>,
    /// The issuer's certificate: its chain goes into the header as `x5c` and `iss` is
    /// the address it names (HAIP 1.0 section 6.1.1).
    pub certificate: Option<Arc<Certified>>,
}

/// An issuer's certificate chain as its SD-JWT VCs and status list tokens carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certified {
    /// DER certificates, leaf first, without the trust anchor (HAIP keeps it out).
    pub chain: Vec<Vec<u8>>,
    /// The `iss` of what is signed with it: the issuer's https address, which the leaf
    /// names, so that verifiers of every SD-JWT VC draft read the issuer alike.
    pub iss: String,
    /// The leaf's `notAfter` (Unix seconds): no credential is signed with it after that,
    /// since every verifier would then answer "could not check".
    pub not_after: i64,
}

/// How a Data Integrity proof is written into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofForm {
    /// `"proof": {…}`, as VC Data Integrity writes a single proof.
    Object,
    /// `"proof": [{…}]`, a set of one: Open Badges 3.0's JSON Schema takes `proof` as
    /// an array only.
    Set,
}

/// [`sign`] on a borrowed document, which is left as it was: lets the issuer reuse the
/// parts of a credential that every learner of a cohort shares instead of copying them.
pub fn sign_document(
    format: Format,
    doc: &mut Value,
    key: &Arc<SecretKey>,
    verification_method: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String> {
    sign_document_with(
        format,
        doc,
        &SigningKey::Ed25519(key.clone()),
        verification_method,
        now,
        ProofForm::Object,
        &SdJwtExtras::default(),
    )
}

/// [`sign_document`] with the proof written as `form` says.
pub fn sign_document_as(
    format: Format,
    doc: &mut Value,
    key: &Arc<SecretKey>,
    verification_method: &str,
    now: chrono::DateTime<chrono::Utc>,
    form: ProofForm,
) -> Result<String> {
    sign_document_with(
        format,
        doc,
        &SigningKey::Ed25519(key.clone()),
        verification_method,
        now,
        form,
        &SdJwtExtras::default(),
    )
}

/// [`sign_document`] with the key of either type, the proof form and what an issuer adds
/// to its SD-JWT VCs.
#[allow(clippy::too_many_arguments)]
pub fn sign_document_with(
    format: Format,
    doc: &mut Value,
    key: &SigningKey,
    verification_method: &str,
    now: chrono::DateTime<chrono::Utc>,
    form: ProofForm,
    extras: &SdJwtExtras,
) -> Result<String> {
    match format {
        Format::DataIntegrity => {
            // eddsa-rdfc-2022 only: a P-256 issuer signs JWT and SD-JWT (ES256).
            let key = key.ed25519().ok_or_else(|| {
                IssuerError::BadAward(
                    "Data Integrity proofs are made with Ed25519 keys (eddsa-rdfc-2022); this issuer's key is P-256: issue jwt or sd-jwt".into(),
                )
            })?;
            let created = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let proof = di::proof(
                doc,
                key,
                &ProofConfig::assertion(verification_method, &created),
            )?;
            let Value::Object(m) = doc else {
                return Err(crate::error::IssuerError::Cohort(
                    "a credential is a JSON object".into(),
                ));
            };
            m.insert(
                "proof".into(),
                match form {
                    ProofForm::Object => proof,
                    ProofForm::Set => Value::Array(vec![proof]),
                },
            );
            let text = doc.to_string();
            if let Value::Object(m) = doc {
                m.remove("proof");
            }
            Ok(text)
        }
        Format::Jwt => {
            let signer = key.jws_signer(Some(verification_method.to_string()));
            Ok(jose::sign(
                doc.to_string().as_bytes(),
                TYP_VC_JWT,
                signer.as_ref(),
            )?)
        }
        Format::SdJwt => {
            let pointers: Vec<String> = credential::disclosable_claims(doc)
                .into_iter()
                .flat_map(|(_, p)| p)
                .collect();
            let mut claims = serde_json::Map::new();
            let Value::Object(m) = &*doc else {
                return Err(crate::error::IssuerError::Cohort(
                    "a credential is a JSON object".into(),
                ));
            };
            // An SD-JWT VC is plain JSON, not JSON-LD: everything but @context, plus the
            // registered claims.
            for (k, v) in m {
                // Status the SD-JWT VC way (`status`) replaces the W3C entries.
                if k != "@context" && !(k == "credentialStatus" && extras.status.is_some()) {
                    claims.insert(k.clone(), v.clone());
                }
            }
            claims.insert("iss".into(), doc["issuer"]["id"].clone());
            if let Some(c) = &extras.certificate {
                if now.timestamp() > c.not_after {
                    return Err(IssuerError::CertificateExpired(
                        chrono::DateTime::from_timestamp(c.not_after, 0)
                            .map(|d| d.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                    ));
                }
                claims.insert("iss".into(), json!(c.iss));
            }
            claims.insert("iat".into(), json!(now.timestamp()));
            match &extras.vct {
                Some(vct) => {
                    claims.insert("vct".into(), json!(vct));
                    if let Some(i) = &extras.vct_integrity {
                        claims.insert("vct#integrity".into(), json!(i));
                    }
                    if vct != VCT {
                        claims.insert("aka_vcts".into(), json!([VCT]));
                    }
                }
                None => {
                    claims.insert("vct".into(), json!(VCT));
                }
            }
            if let Some(st) = &extras.status {
                claims.insert("status".into(), st.clone());
            }
            if let Some(t) = doc["validFrom"].as_str().and_then(ts) {
                claims.insert("nbf".into(), json!(t));
            }
            if let Some(t) = doc["validUntil"].as_str().and_then(ts) {
                claims.insert("exp".into(), json!(t));
            }
            if let Some(holder) = doc["credentialSubject"]["id"].as_str() {
                let pk = holder_key(holder)?;
                claims.insert("cnf".into(), json!({ "jwk": pk.to_jwk() }));
            }
            let x5c = extras.certificate.as_ref().map(|c| c.chain.as_slice());
            // With a certificate the key is the leaf's; a `kid` would name another way.
            let kid = x5c.is_none().then(|| verification_method.to_string());
            let signer = key.jws_signer(kid);
            Ok(sdjwt::issue_owned_x5c(
                Value::Object(claims),
                &pointers,
                DECOYS,
                sdjwt::TYP_SD_JWT_VC,
                signer.as_ref(),
                x5c,
            )?)
        }
    }
}

fn ts(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.timestamp())
}
