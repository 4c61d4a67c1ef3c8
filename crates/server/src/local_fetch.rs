//! The server's own status lists and DID document, read from disk instead of over HTTP:
//! a revocation shows at once, and the server never waits on itself. Anything else goes
//! out over HTTPS only.

use std::path::PathBuf;

use microcred_verifier::fetch::{Fetch, FetchError, FetchFuture};

pub struct LocalFetch {
    pub base_url: String,
    pub issuer_dir: Option<PathBuf>,
    pub fallback: Box<dyn Fetch>,
}

impl LocalFetch {
    fn local_path(&self, url: &str) -> Option<PathBuf> {
        let dir = self.issuer_dir.as_ref()?;
        let rest = url.strip_prefix(&self.base_url)?;
        if rest == "/.well-known/did.json" {
            return Some(dir.join("did.json"));
        }
        let tail = rest.strip_prefix("/status/")?;
        let (purpose, n) = tail.split_once('/')?;
        if !matches!(purpose, "message" | "revocation" | "suspension")
            || n.is_empty()
            || !n.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(dir.join("status").join(format!("{purpose}-{n}.json")))
    }
}

impl Fetch for LocalFetch {
    fn get<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        match self.local_path(url) {
            Some(path) => {
                Box::pin(async move { std::fs::read(&path).map_err(|_| FetchError::Status(404)) })
            }
            // Plain HTTP reaches only this machine; from a server that would let anyone
            // probe its neighbours on loopback. Only this server's own address is allowed.
            None if url.starts_with("http://")
                && !url.starts_with(&format!("{}/", self.base_url)) =>
            {
                let refused = url.to_string();
                Box::pin(async move { Err(FetchError::NotAllowed(refused)) })
            }
            None => self.fallback.get(url),
        }
    }
}
