//! The shapes a document must have before its claims are read: a W3C credential's
//! contexts, types, issuer and subject, a presentation's structure, and the credential
//! inside a JWT's payload.

use serde_json::{Map, Value};

use microcred_core::contexts;
use microcred_model::credential::VC_V2_CONTEXT;

use crate::input::has_type;
use crate::report::{Check, CheckKind, Reason};
use crate::signature::id_of;

use super::MAX_CREDENTIALS;

const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";

pub(super) fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// JWT claims with a meaning of their own (RFC 7519, RFC 7800).
pub(super) const REGISTERED: [&str; 8] = ["iss", "sub", "aud", "nbf", "exp", "iat", "jti", "cnf"];

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
pub(super) fn well_formed(vc: &Value, json_ld: bool) -> Result<(), Reason> {
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
pub(super) fn context_reason(e: contexts::ContextError) -> Reason {
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
pub(super) fn format_check(reason: Reason) -> Check {
    match reason {
        r @ Reason::UnknownContext { .. } => Check::unknown(CheckKind::Format, r),
        r => Check::failed(CheckKind::Format, r),
    }
}

/// A presentation's structure (VCDM 2.0 §4.13, checked by the model's rules), its
/// contexts, and at most [`MAX_CREDENTIALS`] credentials. A presentation may hold none:
/// signed, it still proves who presents.
pub(super) fn well_formed_presentation(vp: &Value) -> Result<(), Reason> {
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
