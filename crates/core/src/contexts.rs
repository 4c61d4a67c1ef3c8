//! The JSON-LD contexts a credential may use: bundled into the binary and pinned by
//! content (`schemas/contexts/index.json`). Contexts are never fetched from the network;
//! a document naming any other context is refused.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;
use sha2::{Digest, Sha256};

/// `(file name, bytes)` of every bundled context; `index.json` maps URLs to these files.
const FILES: &[(&str, &[u8])] = &[
    (
        "credentials-v2.jsonld",
        include_bytes!("../../../schemas/contexts/credentials-v2.jsonld"),
    ),
    (
        "data-integrity-v2.jsonld",
        include_bytes!("../../../schemas/contexts/data-integrity-v2.jsonld"),
    ),
    (
        "openbadges-v3p0-context-3.0.3.json",
        include_bytes!("../../../schemas/contexts/openbadges-v3p0-context-3.0.3.json"),
    ),
    (
        "credentials-undefined-terms-v2.jsonld",
        include_bytes!("../../../schemas/contexts/credentials-undefined-terms-v2.jsonld"),
    ),
    (
        "credentials-examples-v2.jsonld",
        include_bytes!("../../../schemas/contexts/credentials-examples-v2.jsonld"),
    ),
    (
        "microcred-v1.jsonld",
        include_bytes!("../../../schemas/contexts/microcred-v1.jsonld"),
    ),
];

const INDEX: &str = include_str!("../../../schemas/contexts/index.json");

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ContextError {
    #[error("context '{0}' is not in the bundled, content-pinned set")]
    Unknown(String),
    #[error("@context must list context URLs; embedded context definitions are not accepted")]
    Embedded,
    #[error("the document has no @context")]
    Missing,
    #[error("the first @context must be https://www.w3.org/ns/credentials/v2")]
    NotVc2,
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
            let file = entry["file"].as_str().unwrap_or_default().to_string();
            let pinned = entry["sha256"].as_str().unwrap_or_default().to_string();
            let bytes = FILES
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, b)| *b)
                .ok_or_else(|| ContextError::Altered(url.clone()))?;
            let actual: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            if actual != pinned {
                return Err(ContextError::Altered(url));
            }
            out.insert(
                url.clone(),
                Bundled {
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

/// The `@context` URLs of a credential or presentation, each checked against the
/// bundled set. The first must be the VC 2.0 context.
pub fn document_contexts(doc: &Value) -> Result<Vec<&str>, ContextError> {
    let ctx = doc.get("@context").ok_or(ContextError::Missing)?;
    let list: Vec<&Value> = match ctx {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut urls = Vec::with_capacity(list.len());
    for c in list {
        let url = c.as_str().ok_or(ContextError::Embedded)?;
        get(url)?;
        urls.push(url);
    }
    if urls.first() != Some(&"https://www.w3.org/ns/credentials/v2") {
        return Err(ContextError::NotVc2);
    }
    Ok(urls)
}

/// An ssi loader that knows exactly the bundled contexts and nothing else (ssi's own
/// static set is left out, so a context we have not pinned cannot slip in).
pub fn ssi_loader() -> Result<ssi::json_ld::ContextLoader, ContextError> {
    static LOADER: OnceLock<Result<ssi::json_ld::ContextLoader, ContextError>> = OnceLock::new();
    LOADER
        .get_or_init(|| {
            let map: HashMap<String, String> = bundled()?
                .values()
                .map(|b| (b.url.clone(), String::from_utf8_lossy(b.bytes).into_owned()))
                .collect();
            ssi::json_ld::ContextLoader::empty()
                .with_context_map_from(map)
                .map_err(|e| ContextError::Altered(e.to_string()))
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_context_matches_the_index() {
        let set = bundled().unwrap();
        assert_eq!(set.len(), FILES.len());
        for b in set.values() {
            let v: Value = serde_json::from_slice(b.bytes).unwrap();
            assert!(v.get("@context").is_some(), "{}", b.url);
        }
        assert!(get("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json").is_ok());
    }

    #[test]
    fn documents_may_only_name_bundled_contexts() {
        let ok = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://microcred.eu/contexts/v1"]});
        assert_eq!(document_contexts(&ok).unwrap().len(), 2);
        let unknown = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx"]});
        assert_eq!(
            document_contexts(&unknown),
            Err(ContextError::Unknown("https://evil.example/ctx".into()))
        );
        let embedded = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2", {"name": "https://evil.example/name"}]});
        assert_eq!(document_contexts(&embedded), Err(ContextError::Embedded));
        let v1 = serde_json::json!({"@context": ["https://microcred.eu/contexts/v1"]});
        assert_eq!(document_contexts(&v1), Err(ContextError::NotVc2));
        assert_eq!(
            document_contexts(&serde_json::json!({})),
            Err(ContextError::Missing)
        );
    }
}
