//! Getting DID documents and status lists: over HTTPS with limits, or from memory.
//!
//! The verifier only ever fetches two kinds of documents, both small: a `did:web` DID
//! document and a Bitstring Status List credential. JSON-LD contexts are never fetched.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::RwLock;
use std::time::Duration;

use microcred_core::did::is_loopback_host;

/// Largest document fetched. A status list of 131,072 entries is about 300 bytes
/// compressed; a list of 2^26 at worst 8 MiB, so lists beyond this are refused unread.
pub const MAX_FETCH: usize = 1024 * 1024;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("not an allowed address (HTTPS only, plain HTTP only to this machine): {0}")]
    NotAllowed(String),
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("the response is larger than {0} bytes")]
    TooLarge(usize),
    #[error("timed out")]
    Timeout,
    #[error("network error: {0}")]
    Network(String),
    #[error("not available offline: {0}")]
    Offline(String),
}

pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, FetchError>> + Send + 'a>>;

/// Where the verifier gets documents from. A trait so the server can answer its own
/// URLs from memory and tests can run without a network.
pub trait Fetch: Send + Sync {
    fn get<'a>(&'a self, url: &'a str) -> FetchFuture<'a>;
}

/// Checks the address policy: `https:`, or `http:` to a loopback host.
pub fn check_url(url: &str) -> Result<reqwest::Url, FetchError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| FetchError::NotAllowed(url.to_string()))?;
    let host = parsed.host_str().unwrap_or_default();
    let ok = match parsed.scheme() {
        "https" => !host.is_empty(),
        "http" => is_loopback_host(host),
        _ => false,
    };
    if ok && parsed.username().is_empty() && parsed.password().is_none() {
        Ok(parsed)
    } else {
        Err(FetchError::NotAllowed(url.to_string()))
    }
}

/// Fetches over HTTP(S): no redirects (a redirect could lead to a forbidden address),
/// a 5 s connect and 10 s overall timeout, and at most [`MAX_FETCH`] bytes.
#[derive(Debug, Clone)]
pub struct HttpFetch {
    client: reqwest::Client,
}

impl HttpFetch {
    pub fn new() -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("microcred-verifier/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        Ok(HttpFetch { client })
    }

    async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let url = check_url(url)?;
        let net = |e: reqwest::Error| {
            if e.is_timeout() {
                FetchError::Timeout
            } else {
                FetchError::Network(without_url(&e))
            }
        };
        let mut resp = self.client.get(url).send().await.map_err(net)?;
        if resp.status().as_u16() != 200 {
            return Err(FetchError::Status(resp.status().as_u16()));
        }
        if resp.content_length().is_some_and(|n| n > MAX_FETCH as u64) {
            return Err(FetchError::TooLarge(MAX_FETCH));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(net)? {
            if body.len() + chunk.len() > MAX_FETCH {
                return Err(FetchError::TooLarge(MAX_FETCH));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// reqwest's messages repeat the URL, which the report already shows.
fn without_url(e: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    let mut last = e.to_string();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

impl Fetch for HttpFetch {
    fn get<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        Box::pin(self.fetch(url))
    }
}

/// Documents held in memory, by URL: the offline verifier, tests, and a server
/// answering for its own status lists. Unknown URLs are passed to `fallback` if any.
#[derive(Default)]
pub struct MapFetch {
    docs: RwLock<HashMap<String, Vec<u8>>>,
    fallback: Option<Box<dyn Fetch>>,
}

impl MapFetch {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_fallback(fallback: Box<dyn Fetch>) -> Self {
        MapFetch {
            docs: RwLock::default(),
            fallback: Some(fallback),
        }
    }

    pub fn insert(&self, url: &str, body: impl Into<Vec<u8>>) {
        if let Ok(mut d) = self.docs.write() {
            d.insert(url.to_string(), body.into());
        }
    }

    pub fn remove(&self, url: &str) {
        if let Ok(mut d) = self.docs.write() {
            d.remove(url);
        }
    }
}

impl Fetch for MapFetch {
    fn get<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        let found = self.docs.read().ok().and_then(|d| d.get(url).cloned());
        match (found, &self.fallback) {
            (Some(body), _) => Box::pin(std::future::ready(Ok(body))),
            (None, Some(f)) => f.get(url),
            (None, None) => Box::pin(std::future::ready(Err(FetchError::Offline(
                url.to_string(),
            )))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_policy() {
        assert!(check_url("https://example.fi/.well-known/did.json").is_ok());
        assert!(check_url("http://127.0.0.1:8080/status/1").is_ok());
        assert!(check_url("http://localhost/x").is_ok());
        for bad in [
            "http://example.fi/x",
            "ftp://example.fi/x",
            "file:///etc/passwd",
            "https://user:pw@example.fi/",
            "not a url",
            "http://127.0.0.1.evil.example/",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
