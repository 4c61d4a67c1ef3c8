//! The verifier: each input format taken apart, each check run in turn.
//!
//! What a verifier holds and is configured with lives here; what was handed in is
//! sent on by `dispatch`, credentials are checked in `credential` (SD-JWT VCs in
//! `sd_jwt`), presentations in `presentation`, and the shapes every document must
//! have before anything is believed in `shape`.

mod credential;
mod dispatch;
mod presentation;
mod sd_jwt;
mod shape;

pub(crate) use shape::jwt_vc;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use microcred_core::pubkey::VerifyingKey;

use crate::cache::Cache;
use crate::fetch::Fetch;
use crate::report::{Check, CredentialReport, Outcome, Presented};
use crate::resolve::Resolver;
use crate::status::VerifiedList;
use crate::trust::TrustList;

/// Bytes of resolved keys kept between verifications.
const KEY_CACHE_BYTES: usize = 4 * 1024 * 1024;
/// Most credentials accepted in one presentation.
pub const MAX_CREDENTIALS: usize = 50;

#[derive(Debug, Clone)]
pub struct Options {
    /// The moment to judge validity at; `None` for now.
    pub now: Option<DateTime<Utc>>,
    /// How far clocks may disagree.
    pub skew: chrono::Duration,
    /// Whether an issuer not on the trust list makes a credential invalid.
    pub require_trusted: bool,
    /// How long a verified status list is trusted before it is fetched again.
    pub status_ttl: Duration,
    /// How long a `did:web` document is kept.
    pub did_ttl: Duration,
    /// How old a key-binding JWT may be, in seconds.
    pub kb_max_age: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: None,
            skew: chrono::Duration::minutes(5),
            require_trusted: false,
            status_ttl: Duration::from_secs(300),
            did_ttl: Duration::from_secs(3600),
            kb_max_age: 600,
        }
    }
}

/// What the verifier asked a holder to bind a presentation to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectation {
    /// The challenge (`challenge` in Data Integrity, `nonce` in JWTs).
    pub challenge: Option<String>,
    /// The domain (`domain` in Data Integrity, `aud` in JWTs).
    pub domain: Option<String>,
    /// The relying party accepts credentials about someone other than the presenter
    /// (VC Data Model 2.0 leaves who may present a credential to the verifier's own
    /// rules). By default each credential's subject must be the presenter, as the
    /// server's own presentation requests ask; a VC-API caller decides for itself.
    pub holder_may_differ: bool,
}

impl Expectation {
    fn asked(&self) -> bool {
        self.challenge.is_some() || self.domain.is_some()
    }
}

pub struct Verifier {
    pub(crate) fetch: Arc<dyn Fetch>,
    /// Replaced whole when a trust list fetched from a URL is refreshed.
    pub(crate) trust: std::sync::RwLock<Arc<TrustList>>,
    pub(crate) opts: Options,
    pub(crate) resolver: Resolver,
    pub(crate) lists: Cache<VerifiedList>,
    /// Verified IETF Token Status Lists, by `uri`.
    pub(crate) token_lists: Cache<crate::token_status::TokenList>,
    /// Keys by signer, method and purpose.
    pub(crate) keys: Cache<Vec<(String, VerifyingKey)>>,
    /// Unix seconds of the last [`Verifier::forget_cached`]: a status changed then, so
    /// results from before it are stale (a wallet re-checks what it checked earlier).
    forgotten_at: std::sync::atomic::AtomicI64,
}

/// The presenter of a presentation, against whom each credential's subject is checked.
struct Holder {
    did: String,
    key: VerifyingKey,
    /// See [`Expectation::holder_may_differ`].
    may_differ: bool,
}

impl Verifier {
    pub fn new(fetch: Arc<dyn Fetch>, trust: TrustList, opts: Options) -> Self {
        Verifier {
            resolver: Resolver::new(opts.did_ttl),
            lists: Cache::new(crate::status::STATUS_CACHE_BYTES),
            token_lists: Cache::new(crate::status::STATUS_CACHE_BYTES),
            keys: Cache::new(KEY_CACHE_BYTES),
            forgotten_at: std::sync::atomic::AtomicI64::new(0),
            fetch,
            trust: std::sync::RwLock::new(Arc::new(trust)),
            opts,
        }
    }

    /// Puts a new trust list in place (a refreshed one from its URL).
    pub fn set_trust_list(&self, list: TrustList) {
        if let Ok(mut t) = self.trust.write() {
            *t = Arc::new(list);
        }
    }

    /// The fetcher verification uses, under the fetch policy (for a trust list's URL).
    pub fn fetcher(&self) -> Arc<dyn Fetch> {
        self.fetch.clone()
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    pub fn trust_list(&self) -> Arc<TrustList> {
        match self.trust.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Bytes of status lists held in the cache now, by its own accounting: never more
    /// than [`crate::status::STATUS_CACHE_BYTES`]. For monitoring and tests.
    pub fn status_cache_bytes(&self) -> usize {
        self.lists.bytes()
    }

    /// Forgets cached status lists and DID documents, so the next verification sees a
    /// revocation or key change at once.
    pub fn forget_cached(&self) {
        self.forgotten_at
            .store(Utc::now().timestamp(), std::sync::atomic::Ordering::Relaxed);
        self.lists.clear();
        self.token_lists.clear();
        self.keys.clear();
        self.resolver.forget();
    }

    /// When cached results were last forgotten because a status changed (Unix seconds;
    /// 0 if never).
    pub fn forgotten_at(&self) -> i64 {
        self.forgotten_at.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Records the check that decides whether to go on (a signature) and says whether
/// verification stops there: after a failed signature nothing the document says is
/// believed, so nothing more is checked.
fn stops(checks: &mut Vec<Check>, check: Check) -> bool {
    let failed = check.outcome == Outcome::Failed;
    checks.push(check);
    failed
}

impl CredentialReport {
    fn new(presented: Presented) -> Self {
        CredentialReport {
            presented,
            checks: Vec::new(),
            issuer: None,
            subject: None,
            claims: None,
        }
    }
}
