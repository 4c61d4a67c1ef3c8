//! `ssi`'s own Data Integrity implementation, and the `json-ld` crate it is built on,
//! kept as references for tests. Production code uses neither: ssi's canonicalisation
//! departs from RDFC-1.0 for graphs that need n-degree hashing (see the module above),
//! and JSON-LD processing is our own ([`crate::jsonld`]).

use std::collections::HashMap;

use serde_json::Value;
use ssi::claims::data_integrity::suites::EdDsaRdfc2022;
use ssi::claims::data_integrity::{CryptographicSuite, DataIntegrity, ProofOptions};
use ssi::claims::vc::v2::syntax::JsonPresentation;
use ssi::claims::vc::v2::JsonCredential;
use ssi::claims::{SignatureEnvironment, VerificationParameters};
use ssi::json_ld::IriBuf;
use ssi::jwk::{Base64urlUInt, OctetParams, Params};
use ssi::verification_methods::{Multikey, ProofPurpose, SingleSecretSigner};
use ssi::JWK;

use super::{is_presentation, DiError, ProofConfig};
use crate::contexts;
use crate::keys::{PublicKey, SecretKey};

/// An ssi loader that knows exactly the bundled contexts (ssi's own static set left out).
fn ssi_loader() -> Result<ssi::json_ld::ContextLoader, DiError> {
    let map: HashMap<String, String> = contexts::bundled()?
        .values()
        .map(|b| (b.url.clone(), String::from_utf8_lossy(b.bytes).into_owned()))
        .collect();
    ssi::json_ld::ContextLoader::empty()
        .with_context_map_from(map)
        .map_err(|e| DiError::JsonLd(e.to_string()))
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

/// Adds an `eddsa-rdfc-2022` proof to a credential or presentation. The document keeps
/// its own key order; only `proof` is added.
/// Signs with ssi; returns the proof object.
pub fn sign_proof(unsigned: &Value, key: &SecretKey, cfg: &ProofConfig) -> Result<Value, DiError> {
    let loader = ssi_loader()?;
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
    Ok(match proof {
        Value::Array(mut a) if a.len() == 1 => a.remove(0),
        other => other,
    })
}

/// Checks the signature of a document's single `eddsa-rdfc-2022` proof with `key` (the
/// key of the proof's verification method). Validity dates are not judged here.
pub fn verify(signed: &Value, key: &PublicKey, cfg: &ProofConfig) -> Result<(), DiError> {
    let loader = ssi_loader()?;
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

/// Canonical N-Quads lines of a proof-less document, as `ssi` computes them.
pub fn canonical(doc: &Value) -> Result<Vec<String>, DiError> {
    use ssi::json_ld::Expandable;
    use ssi::rdf::AnyLdEnvironment;
    let loader = ssi_loader()?;
    let vc: JsonCredential =
        serde_json::from_value(doc.clone()).map_err(|e| DiError::Document(e.to_string()))?;
    let mut ld = ssi::rdf::LdEnvironment::default();
    let expanded = futures_executor::block_on(vc.expand_with(&mut ld, &loader))
        .map_err(|e| DiError::JsonLd(e.to_string()))?;
    ld.canonical_form_of(&expanded)
        .map_err(|e| DiError::JsonLd(e.to_string()))
}

/// The `json-ld` crate's loader of exactly the bundled contexts.
fn json_ld_loader() -> Result<HashMap<IriBuf, ssi::json_ld::RemoteDocument>, DiError> {
    use ssi::json_ld::syntax::Parse;
    let mut map = HashMap::new();
    for b in contexts::bundled()?.values() {
        let bad = |_| DiError::Context(contexts::ContextError::Altered(b.url.clone()));
        let iri = IriBuf::new(b.url.clone()).map_err(|_| bad(()))?;
        let text = std::str::from_utf8(b.bytes).map_err(|_| bad(()))?;
        let json = ssi::json_ld::syntax::Value::parse_str(text)
            .map_err(|_| bad(()))?
            .0;
        map.insert(
            iri.clone(),
            ssi::json_ld::RemoteDocument::new(Some(iri), None, json),
        );
    }
    Ok(map)
}

/// Quads of a document by the `json-ld` crate's full expansion and RDF conversion, with
/// `ssi`'s strict policy (invalid input and undefined terms are errors) and jsonld.js's
/// unwrapping of embedded context documents, as production used before its JSON-LD
/// processing became our own. The differential tests compare the two.
pub fn json_ld_quads(doc: &Value) -> Result<Vec<super::rdfc::Quad>, DiError> {
    use super::rdfc::{Quad, T};
    use ssi::json_ld::expansion::{Action, Options, Policy};
    use ssi::json_ld::rdf::RdfQuads;
    use ssi::json_ld::rdf_types::{self, Id, Term};
    use ssi::json_ld::syntax::Parse;
    use ssi::json_ld::Expand;
    let loader = json_ld_loader()?;
    let mut doc = doc.clone();
    let unwrap = |c: &Value| match c {
        Value::Object(m) if m.len() == 1 => m.get("@context").cloned(),
        _ => None,
    };
    if let Some(ctx) = doc.get("@context").cloned() {
        doc["@context"] = match ctx {
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|c| unwrap(c).unwrap_or_else(|| c.clone()))
                    .collect(),
            ),
            one => unwrap(&one).unwrap_or(one),
        };
    }
    let json = ssi::json_ld::syntax::Value::parse_str(&doc.to_string())
        .map_err(|e| DiError::Document(e.to_string()))?
        .0;
    let options = Options {
        policy: Policy {
            invalid: Action::Reject,
            allow_undefined: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut expanded = futures_executor::block_on(json.expand_full(
        &mut (),
        ssi::json_ld::Context::default(),
        None,
        &loader,
        options,
        (),
    ))
    .map_err(|e| DiError::JsonLd(e.to_string()))?;
    let mut generator = rdf_types::generator::Blank::new();
    expanded.identify_all(&mut generator);
    let mut blanks: HashMap<String, u32> = HashMap::new();
    let mut id = |s: String| -> T {
        if let Some(label) = s.strip_prefix("_:") {
            let n = blanks.len() as u32;
            T::Blank(*blanks.entry(label.to_string()).or_insert(n))
        } else {
            T::Iri(s.into())
        }
    };
    let mut out = Vec::new();
    for rdf_types::Quad(s, p, o, g) in expanded.rdf_quads(&mut generator, None) {
        let subject = match s.as_ref() {
            Id::Iri(i) => T::Iri(i.as_str().into()),
            Id::Blank(b) => id(b.to_string()),
        };
        let predicate = match p.as_ref() {
            Id::Iri(i) => i.to_string(),
            Id::Blank(_) => return Err(DiError::JsonLd("blank node predicate".into())),
        };
        let object = match &o {
            Term::Id(Id::Iri(i)) => T::Iri(i.as_str().into()),
            Term::Id(Id::Blank(b)) => id(b.to_string()),
            Term::Literal(l) => T::Lit(l.to_string().into()),
        };
        let graph = match &g {
            None => None,
            Some(Id::Iri(i)) => Some(T::Iri(i.as_str().into())),
            Some(Id::Blank(b)) => Some(id(b.to_string())),
        };
        out.push(Quad {
            s: subject,
            p: predicate.into(),
            o: object,
            g: graph,
        });
    }
    Ok(out)
}
