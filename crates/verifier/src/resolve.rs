//! DID resolution: `did:key` and `did:jwk` from the identifier itself, `did:web` over
//! HTTPS (cached).

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use microcred_core::did::{self, DidDocument};
use microcred_core::keys::KeyError;

use crate::cache::Cache;
use crate::fetch::{Fetch, FetchError};
use crate::input::parse_json;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ResolveError {
    /// The DID is syntactically wrong or its document is unusable: a failure.
    #[error("{0}")]
    Invalid(String),
    /// The method is not one this verifier resolves: could not check.
    #[error("DID method '{0}' is not supported (did:key, did:jwk and did:web are)")]
    Unsupported(String),
    /// The DID names a key of a type this verifier does not check: could not check.
    #[error("{0}")]
    UnsupportedKey(String),
    /// The document could not be fetched: could not check.
    #[error("{0}")]
    Fetch(#[from] FetchError),
}

pub struct Resolver {
    cache: Cache<DidDocument>,
    ttl: Duration,
}

impl Resolver {
    pub fn new(ttl: Duration) -> Self {
        Resolver {
            cache: Cache::new(4 * 1024 * 1024),
            ttl,
        }
    }

    pub fn forget(&self) {
        self.cache.clear();
    }

    pub async fn resolve(
        &self,
        fetch: &dyn Fetch,
        id: &str,
    ) -> Result<Arc<DidDocument>, ResolveError> {
        let (id, _) = did::split_fragment(id);
        if id.starts_with("https://") {
            return self.controller_document(fetch, id).await;
        }
        let method = did::method(id).map_err(|e| ResolveError::Invalid(e.to_string()))?;
        match method {
            "key" | "jwk" => {
                DidDocument::for_self_describing(id)
                    .map(Arc::new)
                    .map_err(|e| match e {
                        did::DidError::Key(k @ KeyError::Unsupported(_)) => {
                            ResolveError::UnsupportedKey(k.to_string())
                        }
                        e => ResolveError::Invalid(e.to_string()),
                    })
            }
            "web" => {
                if let Some(doc) = self.cache.get(id) {
                    return Ok(doc);
                }
                let url = did::did_web_url(id).map_err(|e| ResolveError::Invalid(e.to_string()))?;
                let body = fetch.get(&url).await?;
                let doc = Arc::new(parse_document(&body, id)?);
                self.cache.put(id, doc.clone(), self.ttl);
                Ok(doc)
            }
            other => Err(ResolveError::Unsupported(other.to_string())),
        }
    }
}

impl Resolver {
    /// The controller document (W3C Controlled Identifiers 1.0) of an issuer identified by
    /// an https URL: fetched from that URL under the same rules (and cache) as `did:web`.
    async fn controller_document(
        &self,
        fetch: &dyn Fetch,
        url: &str,
    ) -> Result<Arc<DidDocument>, ResolveError> {
        if let Some(doc) = self.cache.get(url) {
            return Ok(doc);
        }
        let body = fetch.get(url).await?;
        let doc = Arc::new(parse_document(&body, url)?);
        self.cache.put(url, doc.clone(), self.ttl);
        Ok(doc)
    }
}

/// Reads a DID document, whatever its `@context` holds, and checks it is the one asked for.
fn parse_document(body: &[u8], id: &str) -> Result<DidDocument, ResolveError> {
    let mut v = parse_json(body)
        .map_err(|_| ResolveError::Invalid("the DID document is not valid JSON".into()))?;
    if let Value::Object(m) = &mut v {
        m.remove("@context");
    }
    let doc: DidDocument = serde_json::from_value(v)
        .map_err(|e| ResolveError::Invalid(format!("the DID document is malformed: {e}")))?;
    if doc.id != id {
        return Err(ResolveError::Invalid(format!(
            "the DID document at that address is for {}, not {id}",
            doc.id
        )));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::MapFetch;
    use microcred_core::keys::SecretKey;

    fn run<F: std::future::Future>(f: F) -> F::Output {
        futures_executor::block_on(f)
    }

    #[test]
    fn resolves_each_method() {
        let pk = SecretKey::from_seed(&[1; 32]).public();
        let r = Resolver::new(Duration::from_secs(60));
        let fetch = MapFetch::new();
        let key = did::did_key(pk);
        assert_eq!(run(r.resolve(&fetch, &key)).unwrap().id, key);
        let jwk = did::did_jwk(pk);
        assert_eq!(run(r.resolve(&fetch, &format!("{jwk}#0"))).unwrap().id, jwk);

        let web = "did:web:example.fi";
        assert!(matches!(
            run(r.resolve(&fetch, web)),
            Err(ResolveError::Fetch(_))
        ));
        let mut doc = DidDocument::new(web.into());
        doc.add_key(format!("{web}#key-1"), pk);
        fetch.insert(
            "https://example.fi/.well-known/did.json",
            serde_json::to_vec(&doc).unwrap(),
        );
        assert_eq!(
            run(r.resolve(&fetch, web)).unwrap().verification_method,
            doc.verification_method
        );
        // Cached: still resolves after the document disappears.
        fetch.remove("https://example.fi/.well-known/did.json");
        assert!(run(r.resolve(&fetch, web)).is_ok());

        let other = "did:web:other.example";
        let mut wrong = DidDocument::new("did:web:evil.example".into());
        wrong.add_key("did:web:evil.example#k".into(), pk);
        fetch.insert(
            "https://other.example/.well-known/did.json",
            serde_json::to_vec(&wrong).unwrap(),
        );
        assert!(matches!(
            run(r.resolve(&fetch, other)),
            Err(ResolveError::Invalid(_))
        ));
        fetch.insert("https://other.example/.well-known/did.json", "<html>");
        assert!(matches!(
            run(r.resolve(&fetch, other)),
            Err(ResolveError::Invalid(_))
        ));

        assert!(matches!(
            run(r.resolve(&fetch, "did:ion:abc")),
            Err(ResolveError::Unsupported(_))
        ));
        // An issuer identified by an https URL: its controller document, fetched like a
        // did:web document, must be about that URL.
        assert!(matches!(
            run(r.resolve(&fetch, "https://x.example/issuer")),
            Err(ResolveError::Fetch(_))
        ));
        let url = "https://x.example/issuer";
        let mut cid = DidDocument::new(url.into());
        cid.add_key(format!("{url}#key-1"), pk);
        fetch.insert(url, serde_json::to_vec(&cid).unwrap());
        assert_eq!(
            run(r.resolve(&fetch, &format!("{url}#key-1"))).unwrap().id,
            url
        );
        fetch.insert(
            "https://y.example/issuer",
            serde_json::to_vec(&cid).unwrap(),
        );
        assert!(matches!(
            run(r.resolve(&fetch, "https://y.example/issuer")),
            Err(ResolveError::Invalid(_))
        ));
        assert!(matches!(
            run(r.resolve(&fetch, "ftp://x")),
            Err(ResolveError::Invalid(_))
        ));
        assert!(matches!(
            run(r.resolve(&fetch, "did:key:zzz")),
            Err(ResolveError::Invalid(_))
        ));
    }
}
