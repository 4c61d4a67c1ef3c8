//! The claims of a credential read **without** verifying it: for showing what a wallet
//! already verified on import. Nothing here may decide whether anything is genuine.

use serde_json::{Map, Value};

use microcred_core::{jose, sdjwt};

use crate::input::{self, Input};
use crate::report::{Presented, Reason};

/// What a credential says, with every disclosure of an SD-JWT applied.
pub fn unverified_claims(text: &str) -> Result<(Presented, Value), Reason> {
    let malformed = |e: &dyn std::fmt::Display| Reason::Malformed {
        detail: e.to_string(),
    };
    match input::detect(text.as_bytes())? {
        Input::DiCredential(v) => Ok((Presented::DiCredential, v)),
        Input::JwtCredential(t) => {
            let payload = jose::peek(&t).map_err(|e| malformed(&e))?.payload;
            let (vc, _) = crate::verify::jwt_vc(payload)?;
            Ok((Presented::JwtCredential, vc))
        }
        Input::SdJwt(t) => {
            let parts = sdjwt::split(&t).map_err(|e| malformed(&e))?;
            let payload = jose::peek(parts.jwt).map_err(|e| malformed(&e))?.payload;
            let Value::Object(payload) = payload else {
                return Err(Reason::Malformed {
                    detail: "the payload is not a JSON object".into(),
                });
            };
            let claims: Map<String, Value> = sdjwt::disclose(payload, &parts.disclosures)
                .map_err(|e| malformed(&e))?
                .claims;
            let presented = if parts.kb_jwt.is_some() {
                Presented::SdJwtKeyBinding
            } else {
                Presented::SdJwt
            };
            Ok((presented, Value::Object(claims)))
        }
        Input::DiPresentation(_) => Ok((Presented::DiPresentation, Value::Null)),
        Input::JwtPresentation(_) => Ok((Presented::JwtPresentation, Value::Null)),
    }
}
