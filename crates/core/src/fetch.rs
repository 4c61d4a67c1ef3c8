//! The one fetch policy: every URL that comes from input — a status list, a `did:web`
//! document, a credential offer, an issuer's metadata — is fetched only through here.
//!
//! The decision is made on the *parsed* URL, never on its text: `HTTP://`, `http:/x`,
//! `http:\\x` and a leading space all parse to the same `http` URL, and `127.1`,
//! `2130706433`, `0x7f.1` and `0177.0.0.1` all parse to `127.0.0.1`. Then:
//!
//! * HTTPS only, without user name or password in the URL;
//! * an address written into the URL must be a public one ([`is_public`]): no loopback,
//!   private, link-local, unique-local, shared (CGNAT), unspecified, multicast,
//!   broadcast, documentation or reserved address, nor an IPv6 address that embeds one
//!   (IPv4-mapped, IPv4-compatible, NAT64, 6to4);
//! * a host name is resolved by the fetcher's own resolver ([`PublicResolver`]), which
//!   hands the connector only the public addresses among the answers: the connection can
//!   only ever go to an address that was checked, so a name that resolves somewhere else
//!   the second time (DNS rebinding) gains nothing;
//! * no proxy (a proxy would resolve names itself), no redirects, a size limit and time
//!   limits.
//!
//! Two exceptions, both an exact origin (scheme, host and port): the server's own base URL
//! ([`FetchPolicy::with_own_origin`]; a server on `http://127.0.0.1:8080` talks to itself),
//! and one loopback origin named by a test ([`FetchPolicy::test_only_loopback_origin`]),
//! which nothing reads from input or configuration.
//!
//! Failures are told to callers in one fixed sentence ([`FetchError::Unreachable`]): the
//! HTTP status, the operating system's error and whether a name resolved are logged at
//! debug level only, so a verifier cannot be used as a port scanner.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use reqwest::Url;

/// Largest document fetched. A list of 2^26 status entries is at worst 8 MiB, so lists
/// that large are refused unread.
pub const MAX_FETCH: usize = crate::limits::DOCUMENT;
/// Longest wait for a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest a whole fetch may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a document could not be had. What a caller may show: none carries a network
/// detail (see the module documentation).
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    /// Refused from the URL alone, before any network use.
    #[error("not an allowed address (HTTPS to a public address only)")]
    NotAllowed(String),
    /// Nothing usable came back: no public address, no connection, a timeout, an HTTP
    /// status other than 200, a body over the limit. Which of these is logged at debug
    /// level and never told.
    #[error("no usable answer")]
    Unreachable,
    /// The server answered with this HTTP status. Kept for callers that must tell
    /// "gone" (404, 410) from the rest; shown as [`FetchError::Unreachable`] is.
    #[error("no usable answer")]
    Status(u16),
    /// The content was not what was asked for; the text says why in terms of content,
    /// never of the network.
    #[error("{0}")]
    Content(String),
    /// Not among the documents an offline fetcher holds.
    #[error("not available offline: {0}")]
    Offline(String),
}

pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, FetchError>> + Send + 'a>>;

/// Where documents come from. A trait so the server can answer its own URLs from disk
/// and tests can run without a network.
pub trait Fetch: Send + Sync {
    fn get<'a>(&'a self, url: &'a str) -> FetchFuture<'a>;
}

/// Whether an address may be contacted on input's say-so: false for every address that
/// reaches this machine, its networks, or nothing in particular.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network", 0.0.0.0 included
        || a == 10 // private
        || a == 127 // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254) // link-local, cloud metadata services
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168) // private
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let seg = ip.segments();
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, deprecated but still
    // routed by some stacks to the IPv4 address): judged as the IPv4 address.
    if seg[..5] == [0; 5] && (seg[5] == 0xffff || seg[5] == 0) {
        if seg[5] == 0 && seg[6] == 0 {
            return false; // ::, ::1 and the rest of ::/96 below 0.1.0.0
        }
        return is_public_v4(embedded(seg[6], seg[7]));
    }
    // NAT64 (64:ff9b::/96): a gateway turns it into the IPv4 address it embeds.
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded(seg[6], seg[7]));
    }
    // 6to4 (2002::/16): the IPv4 address of the relay is in the next 32 bits.
    if seg[0] == 0x2002 {
        return is_public_v4(embedded(seg[1], seg[2]));
    }
    // Global unicast is 2000::/3; everything else (link-local fe80::/10, unique-local
    // fc00::/7, multicast ff00::/8, site-local, discard, local-use NAT64 64:ff9b:1::/48 …)
    // is not public.
    if seg[0] & 0xe000 != 0x2000 {
        return false;
    }
    let special = match seg[0] {
        // IETF protocol assignments (Teredo included) and documentation (2001:db8::/32).
        0x2001 => seg[1] < 0x0200 || seg[1] == 0x0db8,
        // Documentation (3fff::/20).
        s => s & 0xfff0 == 0x3ff0,
    };
    !special
}

/// An exact origin: scheme, host (lower case, without a trailing dot) and port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    fn of(url: &Url) -> Option<Origin> {
        Some(Origin {
            scheme: url.scheme().to_string(),
            host: host_key(url)?,
            port: url.port_or_known_default()?,
        })
    }
}

/// A URL's host as compared: lower case, IPv6 in brackets, without a trailing dot.
fn host_key(url: &Url) -> Option<String> {
    Some(url.host_str()?.trim_end_matches('.').to_ascii_lowercase())
}

/// Which URLs may be fetched. The default allows HTTPS to public addresses only.
#[derive(Debug, Clone, Default)]
pub struct FetchPolicy {
    /// Origins allowed whatever their scheme and address: the server's own base URL, or
    /// the loopback origin a test names.
    exact: Vec<Origin>,
}

impl FetchPolicy {
    /// HTTPS to public addresses only: what a verifier, a wallet or the CLI uses.
    pub fn public() -> FetchPolicy {
        FetchPolicy::default()
    }

    /// Also allows this server's own base URL, whatever its scheme or address: the one
    /// place plain HTTP may go (a server on `http://127.0.0.1:8080` fetching from itself).
    /// Only that exact origin: another port on the same host stays refused.
    pub fn with_own_origin(mut self, base_url: &str) -> Result<FetchPolicy, FetchError> {
        let url = parse(base_url)?;
        let origin = Origin::of(&url).ok_or_else(|| FetchError::NotAllowed(base_url.into()))?;
        self.exact.push(origin);
        Ok(self)
    }

    /// For tests only: also allows one loopback origin (`http://127.0.0.1:PORT`) where a
    /// test serves documents. Refuses any origin that is not on loopback, so it cannot
    /// open a way to other machines. Nothing in microcred builds such a policy from input
    /// or configuration; see docs/security.md.
    pub fn test_only_loopback_origin(origin: &str) -> Result<FetchPolicy, FetchError> {
        let refused = || FetchError::NotAllowed(origin.to_string());
        let url = parse(origin)?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
            None => false,
        };
        if !loopback || url.path() != "/" || url.query().is_some() {
            return Err(refused());
        }
        Ok(FetchPolicy {
            exact: vec![Origin::of(&url).ok_or_else(refused)?],
        })
    }

    /// The parsed URL if it may be fetched, decided on the URL alone; a host name is
    /// checked again, address by address, when it is resolved.
    pub fn check(&self, url: &str) -> Result<Url, FetchError> {
        let refused = || FetchError::NotAllowed(url.trim().to_string());
        let parsed = parse(url)?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(refused());
        }
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(refused());
        }
        let origin = Origin::of(&parsed).ok_or_else(refused)?;
        if self.exact.contains(&origin) {
            return Ok(parsed);
        }
        // The host of an allowed origin is allowed only at that origin: its other ports
        // are whatever else runs on that machine.
        if self.exact.iter().any(|o| o.host == origin.host) {
            return Err(refused());
        }
        if parsed.scheme() != "https" {
            return Err(refused());
        }
        let public = match parsed.host() {
            Some(url::Host::Ipv4(ip)) => is_public_v4(ip),
            Some(url::Host::Ipv6(ip)) => is_public_v6(ip),
            Some(url::Host::Domain(d)) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                // RFC 6761: localhost and its subdomains are this machine, whatever a
                // resolver says.
                !d.is_empty() && d != "localhost" && !d.ends_with(".localhost")
            }
            None => false,
        };
        if public {
            Ok(parsed)
        } else {
            Err(refused())
        }
    }

    /// Host names whose resolved addresses are not filtered: those of the exact origins,
    /// whose ports [`FetchPolicy::check`] has pinned.
    fn trusted_hosts(&self) -> Vec<String> {
        self.exact.iter().map(|o| o.host.clone()).collect()
    }

    /// An HTTP client that can only connect where this policy allows: its resolver drops
    /// every address that is not public, it uses no proxy, follows no redirect and gives
    /// up after [`CONNECT_TIMEOUT`] / `timeout`. Every URL must still pass
    /// [`FetchPolicy::check`] before it is requested.
    pub fn client(
        &self,
        user_agent: &str,
        timeout: Duration,
    ) -> Result<reqwest::Client, FetchError> {
        self.client_with_lookup(user_agent, timeout, Arc::new(SystemLookup))
    }

    /// [`FetchPolicy::client`] resolving names with `lookup` (tests give a name the
    /// addresses they choose; the answers are filtered all the same).
    pub fn client_with_lookup(
        &self,
        user_agent: &str,
        timeout: Duration,
        lookup: Arc<dyn Lookup>,
    ) -> Result<reqwest::Client, FetchError> {
        use_ring_for_tls();
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(PublicResolver::new(self, lookup)))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(timeout)
            .user_agent(user_agent)
            .build()
            .map_err(|e| {
                tracing::debug!(error = %e, "cannot build the HTTP client");
                FetchError::Unreachable
            })
    }
}

/// Makes ring the process's TLS cryptography (rustls asks for one before any client is
/// built). ring is in the build already, for certificates; the other provider, aws-lc,
/// would be the largest C build of all. Installing twice is harmless.
pub fn use_ring_for_tls() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // An error means a provider is installed already: then that one is used.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn parse(url: &str) -> Result<Url, FetchError> {
    Url::parse(url).map_err(|_| FetchError::NotAllowed(url.trim().to_string()))
}

/// Turns a host name into addresses. The system's resolver by default; tests supply
/// their own.
pub trait Lookup: Send + Sync {
    fn lookup(
        &self,
        host: String,
    ) -> Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>>;
}

/// The operating system's resolver (`getaddrinfo`, off the async threads).
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(
        &self,
        host: String,
    ) -> Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>> {
        Box::pin(async move {
            Ok(tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect())
        })
    }
}

/// The resolver of every fetching client: the addresses a name resolves to, less every
/// one that is not public. The connector connects only to what this returns, so the
/// address checked is the address connected to.
pub struct PublicResolver {
    trusted: Vec<String>,
    lookup: Arc<dyn Lookup>,
}

impl PublicResolver {
    /// The resolver `policy`'s clients use, resolving with `lookup`.
    pub fn new(policy: &FetchPolicy, lookup: Arc<dyn Lookup>) -> PublicResolver {
        PublicResolver {
            trusted: policy.trusted_hosts(),
            lookup,
        }
    }
}

impl reqwest::dns::Resolve for PublicResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        let trusted = self.trusted.contains(&host);
        let lookup = self.lookup.lookup(name.as_str().to_string());
        Box::pin(async move {
            let all = lookup.await.map_err(|e| {
                tracing::debug!(host = %host, error = %e, "name not resolved");
                Box::new(e) as Box<dyn std::error::Error + Send + Sync>
            })?;
            let usable: Vec<SocketAddr> = all
                .iter()
                .filter(|ip| trusted || is_public(**ip))
                .map(|ip| SocketAddr::new(*ip, 0))
                .collect();
            if usable.is_empty() {
                tracing::debug!(host = %host, addresses = ?all, "no public address; not connecting");
                return Err("no public address".into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(usable.into_iter());
            Ok(addrs)
        })
    }
}

/// Fetches over HTTP(S) under a [`FetchPolicy`], at most [`MAX_FETCH`] bytes.
#[derive(Debug, Clone)]
pub struct HttpFetch {
    client: reqwest::Client,
    policy: FetchPolicy,
}

impl HttpFetch {
    pub fn new(policy: FetchPolicy) -> Result<Self, FetchError> {
        Self::with_lookup(policy, Arc::new(SystemLookup))
    }

    /// [`HttpFetch::new`] resolving names with `lookup`.
    pub fn with_lookup(policy: FetchPolicy, lookup: Arc<dyn Lookup>) -> Result<Self, FetchError> {
        let client = policy.client_with_lookup(
            concat!("microcred/", env!("CARGO_PKG_VERSION")),
            FETCH_TIMEOUT,
            lookup,
        )?;
        Ok(HttpFetch { client, policy })
    }

    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let url = self.policy.check(url)?;
        let resp = self.client.get(url.clone()).send().await.map_err(|e| {
            tracing::debug!(url = %url, error = %error_chain(&e), "fetch failed");
            FetchError::Unreachable
        })?;
        let status = resp.status().as_u16();
        if status != 200 {
            tracing::debug!(url = %url, status, "fetch answered other than 200");
            return Err(FetchError::Status(status));
        }
        read_limited(resp, MAX_FETCH).await.map_err(|e| {
            tracing::debug!(url = %url, error = %e, "fetch body refused");
            FetchError::Unreachable
        })
    }
}

/// Reads a response body of at most `max` bytes.
pub async fn read_limited(mut resp: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err(format!("larger than {max} bytes"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| error_chain(&e))? {
        if body.len() + chunk.len() > max {
            return Err(format!("larger than {max} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An error and its causes, for debug logs.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
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
    docs: std::sync::RwLock<std::collections::HashMap<String, Vec<u8>>>,
    fallback: Option<Box<dyn Fetch>>,
}

impl MapFetch {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_fallback(fallback: Box<dyn Fetch>) -> Self {
        MapFetch {
            docs: std::sync::RwLock::default(),
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
    fn public_addresses() {
        for ok in [
            "93.184.215.14",
            "1.1.1.1",
            "8.8.8.8",
            "2606:4700::1111",
            "2a00:1450::1",
            "64:ff9b::808:808",
            "::ffff:8.8.8.8",
            "2002:0808:0808::1",
        ] {
            assert!(is_public(ok.parse().unwrap()), "{ok}");
        }
        for bad in [
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.0.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "::7f00:1",
            "::ffff:0:0",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "fec0::1",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "64:ff9b:1::1",
            "100::1",
            "2001::1",
            "2001:db8::1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "3fff::1",
            "4000::1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
    }

    #[test]
    fn urls_are_judged_parsed() {
        let p = FetchPolicy::public();
        assert!(p.check("https://example.fi/.well-known/did.json").is_ok());
        assert!(p.check("https://8.8.8.8/x").is_ok());
        assert!(p.check("https://[2606:4700::1111]/x").is_ok());
        for bad in [
            "http://example.fi/x",
            "HTTP://example.fi/x",
            "Http://example.fi/x",
            "http:/example.fi/x",
            "http:\\\\example.fi\\x",
            " http://example.fi/x",
            "ftp://example.fi/x",
            "file:///etc/passwd",
            "https://user:pw@example.fi/",
            "https://user@example.fi/",
            "not a url",
            "https://127.0.0.1/",
            "https://127.1/",
            "https://127.0.1/",
            "https://2130706433/",
            "https://0x7f000001/",
            "https://0x7f.0.0.1/",
            "https://0177.0.0.1/",
            "https://017700000001/",
            "https://127.0.0.1./",
            "https://0/",
            "https://0.0.0.0/",
            "https://10.0.0.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/",
            "https://192.168.1.1/",
            "https://172.16.0.1/",
            "https://224.0.0.1/",
            "https://255.255.255.255/",
            "https://[::1]/",
            "https://[::]/",
            "https://[0:0:0:0:0:0:0:1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://[::127.0.0.1]/",
            "https://[fe80::1]/",
            "https://[fc00::1]/",
            "https://[fd00::1]/",
            "https://[ff02::1]/",
            "https://[64:ff9b::7f00:1]/",
            "https://[2002:7f00:1::]/",
            "https://localhost/",
            "https://LOCALHOST/",
            "https://localhost./",
            "https://a.b.localhost/",
            "http://127.0.0.1.evil.example/",
        ] {
            assert!(p.check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_origins() {
        let own = FetchPolicy::public()
            .with_own_origin("http://127.0.0.1:8080")
            .unwrap();
        assert!(own
            .check("http://127.0.0.1:8080/status/revocation/1")
            .is_ok());
        assert!(
            own.check("HTTP://127.1:8080/x").is_ok(),
            "the same origin, however spelt"
        );
        assert!(
            own.check("http://127.0.0.1:8081/x").is_err(),
            "another port"
        );
        assert!(
            own.check("https://127.0.0.1:8080/x").is_err(),
            "another scheme"
        );
        assert!(own.check("http://127.0.0.1/x").is_err());
        assert!(own.check("https://example.fi/x").is_ok());
        let named = FetchPolicy::public()
            .with_own_origin("https://Opisto.example.fi.")
            .unwrap();
        assert!(named.check("https://opisto.example.fi/x").is_ok());
        assert!(named.check("https://opisto.example.fi:8443/x").is_err());

        let t = FetchPolicy::test_only_loopback_origin("http://127.0.0.1:4000").unwrap();
        assert!(t.check("http://127.0.0.1:4000/did.json").is_ok());
        assert!(t.check("http://127.0.0.1:4001/").is_err());
        assert!(t.check("http://[::1]:4000/").is_err());
        for not_loopback in [
            "http://10.0.0.1:80",
            "https://example.fi",
            "http://127.0.0.1:4000/path",
        ] {
            assert!(
                FetchPolicy::test_only_loopback_origin(not_loopback).is_err(),
                "{not_loopback}"
            );
        }
    }

    #[test]
    fn failures_say_nothing_of_the_network() {
        for e in [
            FetchError::Unreachable,
            FetchError::Status(404),
            FetchError::Status(500),
        ] {
            assert_eq!(e.to_string(), "no usable answer");
        }
    }
}
