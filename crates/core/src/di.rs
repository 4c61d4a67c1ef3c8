//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.
//!
//! Signing and verification go through `ssi` (SpruceID's engine behind DIDKit), with a
//! JSON-LD loader that holds only the bundled contexts. The verification method's key is
//! supplied by the caller, who has resolved it from the issuer's DID and checked that the
//! issuer controls it: `ssi` resolves keys without regard to the issuer, so that check
//! cannot be left to it.

use std::collections::HashMap;

use iref::IriBuf;
use serde_json::{Map, Value};
use ssi::claims::data_integrity::suites::EdDsaRdfc2022;
use ssi::claims::data_integrity::{CryptographicSuite, DataIntegrity, ProofOptions};
use ssi::claims::vc::v2::syntax::JsonPresentation;
use ssi::claims::vc::v2::JsonCredential;
use ssi::claims::{SignatureEnvironment, VerificationParameters};
use ssi::jwk::{Base64urlUInt, OctetParams, Params};
use ssi::verification_methods::{Multikey, ProofPurpose, SingleSecretSigner};
use ssi::JWK;

use crate::contexts::{self, ContextError};
use crate::keys::{PublicKey, SecretKey};

pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DiError {
    #[error("{0}")]
    Context(#[from] ContextError),
    #[error("not a valid document for a Data Integrity proof: {0}")]
    Document(String),
    #[error("the proof is missing or malformed: {0}")]
    Proof(String),
    #[error("unsupported proof: {0}")]
    Unsupported(String),
    #[error("the signature does not match the document (tampered, or signed by another key)")]
    BadSignature,
    #[error("JSON-LD processing failed: {0}")]
    JsonLd(String),
}

/// What the proof says about itself, besides the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofConfig {
    /// `xsd:dateTime`, e.g. `2026-05-29T10:00:00Z`.
    pub created: String,
    pub verification_method: String,
    /// `assertionMethod` for credentials, `authentication` for presentations.
    pub proof_purpose: String,
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

impl ProofConfig {
    pub fn assertion(verification_method: &str, created: &str) -> Self {
        ProofConfig {
            created: created.to_string(),
            verification_method: verification_method.to_string(),
            proof_purpose: "assertionMethod".into(),
            challenge: None,
            domain: None,
        }
    }

    /// Reads the single `eddsa-rdfc-2022` proof of a signed document.
    pub fn of(signed: &Value) -> Result<ProofConfig, DiError> {
        let proof = single_proof(signed)?;
        let s = |k: &str| proof.get(k).and_then(Value::as_str).map(str::to_string);
        if s("type").as_deref() != Some("DataIntegrityProof") {
            return Err(DiError::Unsupported(format!(
                "proof type {}",
                s("type").unwrap_or_else(|| "(none)".into())
            )));
        }
        if s("cryptosuite").as_deref() != Some(CRYPTOSUITE) {
            return Err(DiError::Unsupported(format!(
                "cryptosuite {}",
                s("cryptosuite").unwrap_or_else(|| "(none)".into())
            )));
        }
        let domain = match proof.get("domain") {
            Some(Value::String(d)) => Some(d.clone()),
            Some(Value::Array(a)) if a.len() == 1 => a[0].as_str().map(str::to_string),
            Some(_) => return Err(DiError::Proof("domain must be a string".into())),
            None => None,
        };
        Ok(ProofConfig {
            created: s("created").unwrap_or_default(),
            verification_method: s("verificationMethod")
                .ok_or_else(|| DiError::Proof("no verificationMethod".into()))?,
            proof_purpose: s("proofPurpose")
                .ok_or_else(|| DiError::Proof("no proofPurpose".into()))?,
            challenge: s("challenge"),
            domain,
        })
    }
}

fn single_proof(signed: &Value) -> Result<&Map<String, Value>, DiError> {
    match signed.get("proof") {
        Some(Value::Object(p)) => Ok(p),
        Some(Value::Array(a)) if a.len() == 1 => a[0]
            .as_object()
            .ok_or_else(|| DiError::Proof("proof is not an object".into())),
        Some(Value::Array(_)) => Err(DiError::Unsupported("more than one proof".into())),
        Some(_) => Err(DiError::Proof("proof is not an object".into())),
        None => Err(DiError::Proof("the document has no proof".into())),
    }
}

fn jwk(key: &SecretKey) -> JWK {
    let seed = key.seed();
    JWK::from(Params::OKP(OctetParams {
        curve: "Ed25519".to_owned(),
        public_key: Base64urlUInt(key.public().to_bytes().to_vec()),
        private_key: Some(Base64urlUInt(seed.to_vec())),
    }))
}

/// A resolver that knows exactly one verification method: the one the caller resolved.
fn resolver(vm: &str, key: &PublicKey) -> Result<HashMap<IriBuf, Multikey>, DiError> {
    let controller = crate::did::split_fragment(vm).0;
    let method: Multikey = serde_json::from_value(serde_json::json!({
        "id": vm,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": key.to_multibase(),
    }))
    .map_err(|e| DiError::Proof(format!("verification method: {e}")))?;
    let iri = IriBuf::new(vm.to_string())
        .map_err(|_| DiError::Proof(format!("verification method '{vm}' is not an IRI")))?;
    Ok(HashMap::from([(iri, method)]))
}

fn options(cfg: &ProofConfig) -> Result<ProofOptions<Multikey, ()>, DiError> {
    let iri = IriBuf::new(cfg.verification_method.clone())
        .map_err(|_| DiError::Proof("verification method is not an IRI".into()))?;
    let mut o = ProofOptions::from_method(iri.into());
    o.created = Some(cfg.created.parse().map_err(|_| {
        DiError::Proof(format!("created '{}' is not an xsd:dateTime", cfg.created))
    })?);
    o.proof_purpose = match cfg.proof_purpose.as_str() {
        "assertionMethod" => ProofPurpose::Assertion,
        "authentication" => ProofPurpose::Authentication,
        other => return Err(DiError::Unsupported(format!("proof purpose {other}"))),
    };
    o.challenge = cfg.challenge.clone();
    if let Some(d) = &cfg.domain {
        o.domains = vec![d.clone()];
    }
    Ok(o)
}

fn is_presentation(doc: &Value) -> bool {
    match &doc["type"] {
        Value::String(t) => t == "VerifiablePresentation",
        Value::Array(a) => a.iter().any(|t| t == "VerifiablePresentation"),
        _ => false,
    }
}

/// Adds an `eddsa-rdfc-2022` proof to a credential or presentation. The document keeps
/// its own key order; only `proof` is added.
pub fn sign(unsigned: &Value, key: &SecretKey, cfg: &ProofConfig) -> Result<Value, DiError> {
    contexts::document_contexts(unsigned)?;
    if unsigned.get("proof").is_some() {
        return Err(DiError::Document("already has a proof".into()));
    }
    let loader = contexts::ssi_loader()?;
    let env = SignatureEnvironment {
        json_ld_loader: loader,
        eip712_loader: (),
    };
    let resolver = resolver(&cfg.verification_method, &key.public())?;
    let signer = SingleSecretSigner::new(jwk(key));
    let proof = if is_presentation(unsigned) {
        let vp: JsonPresentation = serde_json::from_value(unsigned.clone())
            .map_err(|e| DiError::Document(e.to_string()))?;
        let signed = futures_executor::block_on(EdDsaRdfc2022.sign_with(
            &env,
            vp,
            &resolver,
            &signer,
            options(cfg)?,
            (),
        ))
        .map_err(|e| DiError::JsonLd(e.to_string()))?;
        serde_json::to_value(&signed.proofs).map_err(|e| DiError::Proof(e.to_string()))?
    } else {
        let vc: JsonCredential = serde_json::from_value(unsigned.clone())
            .map_err(|e| DiError::Document(e.to_string()))?;
        let signed = futures_executor::block_on(EdDsaRdfc2022.sign_with(
            &env,
            vc,
            &resolver,
            &signer,
            options(cfg)?,
            (),
        ))
        .map_err(|e| DiError::JsonLd(e.to_string()))?;
        serde_json::to_value(&signed.proofs).map_err(|e| DiError::Proof(e.to_string()))?
    };
    let proof = match proof {
        Value::Array(mut a) if a.len() == 1 => a.remove(0),
        other => other,
    };
    let mut out = unsigned.clone();
    if let Value::Object(m) = &mut out {
        m.insert("proof".into(), proof);
    }
    Ok(out)
}

/// Checks the signature of a document's single `eddsa-rdfc-2022` proof with `key` (the
/// key of the proof's verification method). Validity dates are not judged here.
pub fn verify(signed: &Value, key: &PublicKey) -> Result<(), DiError> {
    contexts::document_contexts(signed)?;
    let cfg = ProofConfig::of(signed)?;
    let loader = contexts::ssi_loader()?;
    let resolver = resolver(&cfg.verification_method, key)?;
    // ssi also judges validFrom/validUntil; pin "now" inside the validity period so that
    // only the proof decides here (validity is the verifier's separate check).
    let at = signed
        .get("validFrom")
        .and_then(Value::as_str)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_else(chrono::Utc::now);
    let params = VerificationParameters::from_resolver(&resolver)
        .with_json_ld_loader(&loader)
        .with_date_time(at);
    let outcome = if is_presentation(signed) {
        let vp: DataIntegrity<JsonPresentation, EdDsaRdfc2022> =
            serde_json::from_value(signed.clone()).map_err(|e| DiError::Document(e.to_string()))?;
        futures_executor::block_on(vp.verify(&params))
    } else {
        let vc: DataIntegrity<JsonCredential, EdDsaRdfc2022> =
            serde_json::from_value(signed.clone()).map_err(|e| DiError::Document(e.to_string()))?;
        futures_executor::block_on(vc.verify(&params))
    };
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(invalid)) => {
            let text = invalid.to_string();
            if text.to_lowercase().contains("signature") {
                Err(DiError::BadSignature)
            } else {
                Err(DiError::Proof(text))
            }
        }
        Err(e) => Err(DiError::JsonLd(e.to_string())),
    }
}
