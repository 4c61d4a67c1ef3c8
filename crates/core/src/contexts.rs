//! The JSON-LD contexts a credential may use: bundled into the binary and pinned by
//! content (`schemas/contexts/index.json`). Contexts are never fetched from the network;
//! a document naming any other context URL is refused, naming it.
//!
//! Where each file came from is recorded beside its hash in `index.json` (`source`) and
//! in `docs/contexts.md`: the W3C and 1EdTech publications, or the npm packages the
//! JavaScript reference implementations load them from
//! (`scripts/contexts-from-npm.sh` recreates those).
//!
//! A document may also carry context *objects* (VC Data Model 2.0 §4.3): they need no
//! fetching, and JSON-LD processing applies them with the rules of JSON-LD 1.1 — a
//! redefinition of a protected term is an error, and a URL inside them must be bundled.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;
use sha2::{Digest, Sha256};

pub const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";

macro_rules! bundle {
    ($file:literal) => {
        (
            $file,
            include_bytes!(concat!("../../../schemas/contexts/", $file)) as &[u8],
        )
    };
}

/// `(file name, bytes)` of every bundled context; `index.json` maps URLs to these files.
const FILES: &[(&str, &[u8])] = &[
    bundle!("credentials-examples-v1.jsonld"),
    bundle!("credentials-examples-v2.jsonld"),
    bundle!("credentials-status-v1.jsonld"),
    bundle!("credentials-undefined-terms-v2.jsonld"),
    bundle!("credentials-v1.jsonld"),
    bundle!("credentials-v2.jsonld"),
    bundle!("data-integrity-v1.jsonld"),
    bundle!("data-integrity-v2.jsonld"),
    bundle!("did-v1.jsonld"),
    bundle!("ed25519-signature-2018-v1.jsonld"),
    bundle!("ed25519-signature-2020-v1.jsonld"),
    bundle!("jws-2020-v1.json"),
    bundle!("microcred-v1.jsonld"),
    bundle!("multikey-v1.jsonld"),
    bundle!("openbadges-v3p0-context-3.0.0.json"),
    bundle!("openbadges-v3p0-context-3.0.1.json"),
    bundle!("openbadges-v3p0-context-3.0.2.json"),
    bundle!("openbadges-v3p0-context-3.0.3.json"),
    bundle!("openbadges-v3p0-extensions.json"),
    bundle!("security-v1.jsonld"),
    bundle!("security-v2.jsonld"),
    bundle!("vc-status-list-2021-v1.jsonld"),
];

const INDEX: &str = include_str!("../../../schemas/contexts/index.json");

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ContextError {
    #[error("context '{0}' is not in the bundled, content-pinned set")]
    Unknown(String),
    #[error("an @context entry must be a context URL or a context object, not {0}")]
    Malformed(String),
    #[error("the document has no @context")]
    Missing,
    #[error("the first @context must be https://www.w3.org/ns/credentials/v2 (or, for VC 1.1, https://www.w3.org/2018/credentials/v1)")]
    NotVc,
    #[error("bundled context {0} does not match its pinned SHA-256")]
    Altered(String),
}

/// One bundled context.
#[derive(Debug)]
pub struct Bundled {
    pub url: String,
    pub file: String,
    pub bytes: &'static [u8],
    pub sha256: String,
    /// Where the bytes came from.
    pub source: String,
}

/// The bundled set, checked against the pinned hashes on first use. A mismatch (a build
/// from a tampered tree) makes every context unusable rather than silently trusted.
pub fn bundled() -> Result<&'static HashMap<String, Bundled>, ContextError> {
    static SET: OnceLock<Result<HashMap<String, Bundled>, ContextError>> = OnceLock::new();
    SET.get_or_init(|| {
        let index: HashMap<String, Value> =
            serde_json::from_str(INDEX).map_err(|_| ContextError::Altered("index.json".into()))?;
        let mut out = HashMap::new();
        for (url, entry) in index {
            let field = |k: &str| entry[k].as_str().unwrap_or_default().to_string();
            let (file, pinned) = (field("file"), field("sha256"));
            let bytes = FILES
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, b)| *b)
                .ok_or_else(|| ContextError::Altered(url.clone()))?;
            let actual: String = hex::encode(Sha256::digest(bytes));
            if actual != pinned {
                return Err(ContextError::Altered(url));
            }
            out.insert(
                url.clone(),
                Bundled {
                    source: field("source"),
                    url,
                    file,
                    bytes,
                    sha256: pinned,
                },
            );
        }
        Ok(out)
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The context document for `url`, if bundled.
pub fn get(url: &str) -> Result<&'static Bundled, ContextError> {
    bundled()?
        .get(url)
        .ok_or_else(|| ContextError::Unknown(url.to_string()))
}

/// The VC Data Model version a document's first context names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VcVersion {
    /// `https://www.w3.org/2018/credentials/v1`
    V1,
    /// `https://www.w3.org/ns/credentials/v2`
    V2,
}

/// Checks the `@context` of a credential or presentation: the first entry must be the
/// VC 2.0 (or VC 1.1) context, every URL must be bundled, and the other entries may be
/// context objects. Returns the data-model version.
pub fn document_contexts(doc: &Value) -> Result<VcVersion, ContextError> {
    let ctx = doc.get("@context").ok_or(ContextError::Missing)?;
    let list: &[Value] = match ctx {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    };
    for c in list {
        match c {
            Value::String(url) => {
                get(url)?;
            }
            Value::Object(_) => {}
            other => return Err(ContextError::Malformed(kind_of(other).into())),
        }
    }
    // Context URLs named anywhere else (inside a context object, `@import`, a scoped or
    // embedded context) must be bundled too; checked here so the error can name them.
    referenced_urls(ctx, false)?;
    for (k, v) in doc.as_object().into_iter().flatten() {
        if k != "@context" {
            referenced_urls(v, false)?;
        }
    }
    match list.first().and_then(Value::as_str) {
        Some(VC_V2) => Ok(VcVersion::V2),
        Some(VC_V1) => Ok(VcVersion::V1),
        _ => Err(ContextError::NotVc),
    }
}

/// Checks every context URL in `v`: the values of `@context` and `@import` members at
/// any depth (`in_context`: `v` itself is such a value).
fn referenced_urls(v: &Value, in_context: bool) -> Result<(), ContextError> {
    match v {
        Value::String(url) if in_context => get(url).map(|_| ()),
        Value::Array(a) => a.iter().try_for_each(|x| referenced_urls(x, in_context)),
        Value::Object(m) => m
            .iter()
            .try_for_each(|(k, x)| referenced_urls(x, k == "@context" || k == "@import")),
        _ => Ok(()),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The bundled context document at `url`, parsed (once per process). This is the only
/// source of remote contexts JSON-LD processing has (`crate::jsonld::Bundled`).
pub fn parsed(url: &str) -> Result<&'static Value, ContextError> {
    static PARSED: OnceLock<Result<HashMap<String, Value>, ContextError>> = OnceLock::new();
    let all = PARSED
        .get_or_init(|| {
            let mut map = HashMap::new();
            for b in bundled()?.values() {
                let v: Value = serde_json::from_slice(b.bytes)
                    .map_err(|_| ContextError::Altered(b.url.clone()))?;
                map.insert(b.url.clone(), v);
            }
            Ok(map)
        })
        .as_ref()
        .map_err(Clone::clone)?;
    all.get(url)
        .ok_or_else(|| ContextError::Unknown(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_bundled_context_matches_the_index() {
        let set = bundled().unwrap();
        assert_eq!(set.len(), FILES.len(), "one URL per file");
        for b in set.values() {
            let v: Value = serde_json::from_slice(b.bytes).unwrap();
            assert!(v.get("@context").is_some(), "{}", b.url);
            assert!(!b.source.is_empty(), "{} says where it came from", b.url);
        }
        for url in [
            VC_V1,
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://w3id.org/security/suites/ed25519-2020/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
            "https://w3id.org/security/data-integrity/v1",
            "https://w3id.org/security/multikey/v1",
            "https://www.w3.org/ns/credentials/status/v1",
            "https://www.w3.org/ns/did/v1",
        ] {
            assert!(get(url).is_ok(), "{url}");
        }
        for url in set.keys() {
            assert!(parsed(url).unwrap().get("@context").is_some());
        }
        assert!(parsed("https://evil.example/ctx").is_err());
    }

    #[test]
    fn documents_may_name_bundled_contexts_and_carry_context_objects() {
        let ok = json!({"@context": [VC_V2, "https://microcred.eu/contexts/v1"]});
        assert_eq!(document_contexts(&ok), Ok(VcVersion::V2));
        let v1 = json!({"@context": [VC_V1, "https://w3id.org/security/suites/ed25519-2020/v1"]});
        assert_eq!(document_contexts(&v1), Ok(VcVersion::V1));
        let unknown = json!({"@context": [VC_V2, "https://evil.example/ctx"]});
        assert_eq!(
            document_contexts(&unknown),
            Err(ContextError::Unknown("https://evil.example/ctx".into()))
        );
        let inline = json!({"@context": [VC_V2, {"name2": "https://example.org/name2"}]});
        assert_eq!(document_contexts(&inline), Ok(VcVersion::V2));
        let nested = json!({"@context": [VC_V2, {"x": {"@id": "https://example.org/x",
            "@context": "https://evil.example/scoped"}}]});
        assert_eq!(
            document_contexts(&nested),
            Err(ContextError::Unknown("https://evil.example/scoped".into()))
        );
        let import = json!({"@context": [VC_V2, {"@import": "https://evil.example/i"}]});
        assert!(document_contexts(&import).is_err());
        let embedded = json!({"@context": VC_V2, "credentialSubject":
            {"@context": "https://evil.example/e"}});
        assert!(document_contexts(&embedded).is_err());
        let number = json!({"@context": [VC_V2, 7]});
        assert_eq!(
            document_contexts(&number),
            Err(ContextError::Malformed("a number".into()))
        );
        let first = json!({"@context": ["https://microcred.eu/contexts/v1"]});
        assert_eq!(document_contexts(&first), Err(ContextError::NotVc));
        assert_eq!(document_contexts(&json!({})), Err(ContextError::Missing));
    }
}
