//! The server's own status lists and DID document, read from disk instead of over HTTP:
//! a revocation shows at once, and the server never waits on itself. Anything else goes
//! to the fetcher, under the one fetch policy (HTTPS to public addresses, and this
//! server's own origin).
//!
//! Whether a URL is one of ours is decided on the parsed URL, as the fetch policy
//! decides: `HTTP://127.1:8080/status/revocation/1` is this server's list when the base
//! URL is `http://127.0.0.1:8080`, and `http://127.0.0.1:8080/x/../status/…` is too.

use std::path::PathBuf;

use microcred_core::fetch::Url;
use microcred_verifier::fetch::{Fetch, FetchError, FetchFuture};

pub struct LocalFetch {
    base: Option<Url>,
    issuer_dir: Option<PathBuf>,
    fallback: Box<dyn Fetch>,
}

impl LocalFetch {
    pub fn new(base_url: &str, issuer_dir: Option<PathBuf>, fallback: Box<dyn Fetch>) -> Self {
        LocalFetch {
            base: Url::parse(base_url).ok(),
            issuer_dir,
            fallback,
        }
    }

    fn local_path(&self, url: &str) -> Option<PathBuf> {
        let dir = self.issuer_dir.as_ref()?;
        let base = self.base.as_ref()?;
        let url = Url::parse(url).ok()?;
        let same_origin = url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default();
        if !same_origin || url.query().is_some() || !url.username().is_empty() {
            return None;
        }
        let rest = url.path().strip_prefix(base.path().trim_end_matches('/'))?;
        if rest == "/.well-known/did.json" {
            return Some(dir.join("did.json"));
        }
        let tail = rest.strip_prefix("/status/")?;
        let (purpose, n) = tail.split_once('/')?;
        if !matches!(purpose, "message" | "revocation" | "suspension" | "token")
            || n.is_empty()
            || n.len() > 9
            || !n.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(dir.join("status").join(if purpose == "token" {
            format!("token-{n}.jwt")
        } else {
            format!("{purpose}-{n}.json")
        }))
    }
}

impl Fetch for LocalFetch {
    fn get<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        match self.local_path(url) {
            Some(path) => Box::pin(async move {
                std::fs::read(&path).map_err(|e| {
                    tracing::debug!(path = %path.display(), error = %e, "own document not readable");
                    FetchError::Status(404)
                })
            }),
            None => self.fallback.get(url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use microcred_verifier::fetch::MapFetch;

    #[test]
    fn own_urls_are_recognised_parsed() {
        let dir = PathBuf::from("/srv/issuer");
        let f = LocalFetch::new(
            "http://127.0.0.1:8080",
            Some(dir.clone()),
            Box::new(MapFetch::new()),
        );
        let list = Some(dir.join("status").join("revocation-1.json"));
        for same in [
            "http://127.0.0.1:8080/status/revocation/1",
            "HTTP://127.0.0.1:8080/status/revocation/1",
            "http://127.1:8080/status/revocation/1",
            " http:/127.0.0.1:8080/status/revocation/1",
            "http://127.0.0.1:8080/x/../status/revocation/1",
            "http://127.0.0.1:8080/status/revocation/1#list",
        ] {
            assert_eq!(f.local_path(same), list, "{same}");
        }
        for other in [
            "http://127.0.0.1:8081/status/revocation/1",
            "https://127.0.0.1:8080/status/revocation/1",
            "http://127.0.0.1:8080/status/revocation/1?x",
            "http://127.0.0.1:8080/status/other/1",
            "http://127.0.0.1:8080/status/revocation/..%2f..%2fkeys",
            "http://127.0.0.1:8080/status/revocation/1/2",
        ] {
            assert_eq!(f.local_path(other), None, "{other}");
        }
        assert_eq!(
            f.local_path("http://127.0.0.1:8080/.well-known/did.json"),
            Some(dir.join("did.json"))
        );
        let sub = LocalFetch::new(
            "https://x.example.fi/opisto/",
            Some(dir.clone()),
            Box::new(MapFetch::new()),
        );
        assert_eq!(
            sub.local_path("https://x.example.fi/opisto/status/suspension/2"),
            Some(dir.join("status").join("suspension-2.json"))
        );
    }
}
