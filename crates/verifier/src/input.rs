//! What was handed to the verifier: recognised from its shape, never trusted.
//!
//! Size and nesting are limited before anything is parsed, so a hostile input costs a
//! scan of at most [`MAX_INPUT`] bytes.

use serde_json::Value;

use microcred_core::format::Format;
use microcred_core::json::{self, JsonError};
use microcred_core::{jose, qrpack, sdjwt};

use crate::report::Reason;

/// Largest input accepted: a micro-credential is a few kilobytes, a presentation of
/// several a few tens.
pub const MAX_INPUT: usize = microcred_core::limits::DOCUMENT;
pub use microcred_core::json::MAX_DEPTH;

/// A recognised input.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A JSON-LD credential (Data Integrity proof expected).
    DiCredential(Value),
    /// A JSON-LD `VerifiablePresentation`.
    DiPresentation(Value),
    /// A compact JWS carrying a credential (`vc+jwt`, or a VC 1.1 JWT with a `vc` claim).
    JwtCredential(String),
    /// A compact JWS carrying a presentation (`vp+jwt`, or a VC 1.1 JWT with a `vp` claim).
    JwtPresentation(String),
    /// An SD-JWT, with or without a key-binding JWT.
    SdJwt(String),
}

/// Media types of enveloped credentials (`data:` URLs in presentations).
const ENVELOPES: [(&str, Format); 4] = [
    ("data:application/vc+jwt,", Format::Jwt),
    ("data:application/vc+ld+jwt,", Format::Jwt),
    ("data:application/dc+sd-jwt,", Format::SdJwt),
    ("data:application/vc+sd-jwt,", Format::SdJwt),
];

/// Recognises `bytes` as one of the inputs the verifier reads.
pub fn detect(bytes: &[u8]) -> Result<Input, Reason> {
    if bytes.len() > MAX_INPUT {
        return Err(Reason::TooLarge { limit: MAX_INPUT });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Reason::Malformed {
        detail: "not UTF-8 text".into(),
    })?;
    detect_text(text.trim_start_matches('\u{feff}').trim(), 0)
}

/// Recognises a credential or presentation handed over inside JSON (a VC-API request, a
/// presentation's `verifiableCredential`): an object is a JSON-LD document (or an
/// enveloped one), a string must be a compact JWS or SD-JWT. A JSON-LD document written
/// *as a string* is refused: a secured document that is not a map is a parsing error
/// (VC Data Model 2.0 §4.1), never a credential to check.
pub fn detect_value(v: &Value, presentation: bool) -> Result<Input, Reason> {
    match v {
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('{') || t.starts_with('"') || t.starts_with('[') {
                return Err(not_a_map());
            }
            match detect(t.as_bytes())? {
                Input::DiCredential(_) | Input::DiPresentation(_) => Err(not_a_map()),
                other => Ok(other),
            }
        }
        Value::Object(_)
            if has_type(v, "EnvelopedVerifiableCredential")
                || has_type(v, "EnvelopedVerifiablePresentation") =>
        {
            let id = v["id"].as_str().unwrap_or_default();
            let data = id.split_once(',').map(|(_, d)| d).unwrap_or_default();
            detect(data.as_bytes())
        }
        Value::Object(_) if presentation || has_type(v, "VerifiablePresentation") => {
            Ok(Input::DiPresentation(v.clone()))
        }
        Value::Object(_) => Ok(Input::DiCredential(v.clone())),
        _ => Err(not_a_map()),
    }
}

fn not_a_map() -> Reason {
    Reason::Malformed {
        detail: "a secured document must be a JSON object (or a compact JWS / SD-JWT string), \
                 not JSON text inside a string, an array or a number"
            .into(),
    }
}

fn detect_text(text: &str, unwrapped: u8) -> Result<Input, Reason> {
    if text.starts_with('{') {
        let v = parse_json(text.as_bytes())?;
        return from_json(v, unwrapped);
    }
    if text.starts_with('"') && unwrapped == 0 {
        // A token quoted as a JSON string, as APIs often return it.
        let v = parse_json(text.as_bytes())?;
        if let Value::String(s) = v {
            return detect_text(s.trim(), 1);
        }
        return Err(Reason::NotRecognised);
    }
    if text.starts_with(qrpack::PREFIX) && unwrapped == 0 {
        // A self-contained QR code's text.
        let unpacked = qrpack::unpack(text).map_err(|e| match e {
            qrpack::PackError::TooLarge => Reason::TooLarge { limit: MAX_INPUT },
            other => Reason::Malformed {
                detail: other.to_string(),
            },
        })?;
        return detect_text(unpacked.trim(), 1);
    }
    for (prefix, kind) in ENVELOPES {
        if let Some(rest) = text.strip_prefix(prefix) {
            return compact(rest, Some(kind));
        }
    }
    compact(text, None)
}

fn from_json(v: Value, unwrapped: u8) -> Result<Input, Reason> {
    let Value::Object(m) = &v else {
        return Err(Reason::NotRecognised);
    };
    if has_type(&v, "EnvelopedVerifiableCredential") && unwrapped == 0 {
        let id = m.get("id").and_then(Value::as_str).unwrap_or_default();
        return detect_text(id, 1);
    }
    if has_type(&v, "VerifiablePresentation") {
        return Ok(Input::DiPresentation(v));
    }
    if m.contains_key("@context") || has_type(&v, "VerifiableCredential") {
        return Ok(Input::DiCredential(v));
    }
    Err(Reason::NotRecognised)
}

fn compact(text: &str, kind: Option<Format>) -> Result<Input, Reason> {
    // The header must be base64url; the rest is checked when it is decoded.
    let head = text.split(['.', '~']).next().unwrap_or_default();
    let base64url = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    };
    if !base64url(head) || head.len() == text.len() {
        return Err(Reason::NotRecognised);
    }
    if text.contains('~') || kind == Some(Format::SdJwt) {
        return Ok(Input::SdJwt(text.to_string()));
    }
    if text.split('.').count() != 3 {
        return Err(Reason::NotRecognised);
    }
    let header = jose::peek_header(text).map_err(|e| Reason::Malformed {
        detail: e.to_string(),
    })?;
    let typ = header
        .get("typ")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let typ = typ.strip_prefix("application/").unwrap_or(&typ);
    let presentation = match typ {
        "vp+jwt" | "vp+ld+jwt" => true,
        "vc+jwt" | "vc+ld+jwt" => false,
        t if sdjwt::is_vc_typ(t) => return Ok(Input::SdJwt(text.to_string())),
        // No telling type: the payload says (a VC 1.1 JWT has a `vc` or `vp` claim).
        _ => {
            let payload = jose::peek(text)
                .map_err(|e| Reason::Malformed {
                    detail: e.to_string(),
                })?
                .payload;
            payload.get("vp").is_some() || has_type(&payload, "VerifiablePresentation")
        }
    };
    Ok(if presentation {
        Input::JwtPresentation(text.to_string())
    } else {
        Input::JwtCredential(text.to_string())
    })
}

/// Whether `doc.type` is or contains `t`.
pub fn has_type(doc: &Value, t: &str) -> bool {
    match doc.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x == t),
        _ => false,
    }
}

/// Parses JSON after checking its size and nesting depth (as core's [`json`] module
/// limits them), the refusal said as the verifier reports it.
pub fn parse_json(bytes: &[u8]) -> Result<Value, Reason> {
    json::parse_limited(bytes).map_err(reason)
}

/// The depth limit for JSON parsed elsewhere (a JWT payload).
pub fn check_depth_of(v: Value) -> Result<Value, Reason> {
    json::check_depth(v).map_err(reason)
}

fn reason(e: JsonError) -> Reason {
    match e {
        JsonError::TooLarge { limit } => Reason::TooLarge { limit },
        JsonError::TooDeep { limit } => Reason::TooDeep { limit },
        JsonError::Malformed(_) => Reason::Malformed {
            detail: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_json_shapes() {
        let vc = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}"#;
        assert!(matches!(detect(vc), Ok(Input::DiCredential(_))));
        let vp = br#"{"@context":[],"type":"VerifiablePresentation"}"#;
        assert!(matches!(detect(vp), Ok(Input::DiPresentation(_))));
        assert_eq!(detect(br#"{"a":1}"#), Err(Reason::NotRecognised));
        assert_eq!(detect(b"[1,2]"), Err(Reason::NotRecognised));
        assert_eq!(detect(b""), Err(Reason::NotRecognised));
    }

    #[test]
    fn refuses_deep_large_and_binary_input() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            detect(deep.as_bytes()),
            Err(Reason::NotRecognised),
            "an array is not a credential, checked before depth"
        );
        let deep = format!(r#"{{"a":{}1{}}}"#, "[".repeat(64), "]".repeat(64));
        assert_eq!(
            detect(deep.as_bytes()),
            Err(Reason::TooDeep { limit: MAX_DEPTH })
        );
        // Beyond serde_json's own limit of 128, and with a quoted bracket on the way.
        let deeper = format!(
            r#"{{"a":"[\"]",{}"c":1{}}}"#,
            "\"b\":{".repeat(200),
            "}".repeat(200)
        );
        assert_eq!(
            detect(deeper.as_bytes()),
            Err(Reason::TooDeep { limit: MAX_DEPTH })
        );
        // Brackets inside strings do not count.
        let shallow = format!(
            r#"{{"@context":"{}","type":"VerifiableCredential"}}"#,
            "[".repeat(100)
        );
        assert!(detect(shallow.as_bytes()).is_ok());
        let big = vec![b' '; MAX_INPUT + 1];
        assert_eq!(detect(&big), Err(Reason::TooLarge { limit: MAX_INPUT }));
        assert!(matches!(
            detect(&[0xff, 0xfe]),
            Err(Reason::Malformed { .. })
        ));
    }

    #[test]
    fn a_secured_document_that_is_not_a_map_is_refused() {
        let vc = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"]});
        assert!(matches!(
            detect_value(&vc, false),
            Ok(Input::DiCredential(_))
        ));
        for bad in [
            Value::String(vc.to_string()),
            Value::String(format!(" {vc}")),
            Value::String(format!("\"{}\"", "eyJhbGciOiJFZERTQSJ9.e30.c2ln")),
            serde_json::json!([vc.clone()]),
            serde_json::json!(7),
            Value::Null,
        ] {
            assert!(
                matches!(detect_value(&bad, false), Err(Reason::Malformed { .. })),
                "{bad}"
            );
        }
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = format!(
            "{}.{}.sig",
            b64(r#"{"alg":"EdDSA","typ":"vc+jwt"}"#),
            b64("{}")
        );
        assert!(matches!(
            detect_value(&Value::String(jwt), false),
            Ok(Input::JwtCredential(_))
        ));
    }

    #[test]
    fn recognises_tokens() {
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = |h: &str, p: &str| format!("{}.{}.sig", b64(h), b64(p));
        let vc = jwt(r#"{"alg":"EdDSA","typ":"vc+jwt"}"#, "{}");
        assert_eq!(detect(vc.as_bytes()), Ok(Input::JwtCredential(vc.clone())));
        let vp = jwt(r#"{"alg":"EdDSA"}"#, r#"{"vp":{}}"#);
        assert_eq!(
            detect(vp.as_bytes()),
            Ok(Input::JwtPresentation(vp.clone()))
        );
        let sd = format!("{vc}~abc~");
        assert_eq!(detect(sd.as_bytes()), Ok(Input::SdJwt(sd.clone())));
        let quoted = format!("\"{vc}\"\n");
        assert_eq!(
            detect(quoted.as_bytes()),
            Ok(Input::JwtCredential(vc.clone()))
        );
        let enveloped = format!(
            r#"{{"type":"EnvelopedVerifiableCredential","id":"data:application/vc+jwt,{vc}"}}"#
        );
        assert_eq!(
            detect(enveloped.as_bytes()),
            Ok(Input::JwtCredential(vc.clone()))
        );
        assert_eq!(detect(b"hello world"), Err(Reason::NotRecognised));
        assert!(matches!(detect(b"a.b.c"), Err(Reason::Malformed { .. })));
    }
}
