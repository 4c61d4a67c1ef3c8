//! What the running server holds: the issuer, the verifier, hosted wallets and their
//! sessions, and the short-lived secrets of the protocols (challenges, access tokens,
//! nonces), each with an expiry and a bound on how many are kept.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use serde::Serialize;

use microcred_issuer::Issuer;
use microcred_verifier::Verifier;
use microcred_wallet::accounts::{AccountError, Accounts};
use microcred_wallet::Wallet;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};

/// The verifier's side of OpenID4VP: who it is to wallets and the requests awaiting
/// answers.
pub struct Oid4vp {
    pub identity: microcred_verifier::oid4vp::VerifierIdentity,
    pub pending: Arc<dyn microcred_verifier::oid4vp::PendingStore>,
    /// What hosted wallets trust when a verifier's request names its certificate: this
    /// server's own verifier CA.
    pub anchors: Vec<Vec<u8>>,
    /// For hosted wallets fetching other verifiers' requests.
    pub fetch: microcred_verifier::HttpFetch,
}

pub struct AppState {
    pub config: Config,
    pub issuer: Option<Arc<Issuer>>,
    pub verifier: Arc<Verifier>,
    /// OpenID4VP requests (verifier role).
    pub oid4vp: Option<Oid4vp>,
    pub wallets: Option<Wallets>,
    /// Presentation requests: challenge → when it stops being accepted.
    pub challenges: Expiring<()>,
    /// OID4VCI access tokens → the redeemed offer's code.
    pub access_tokens: Expiring<String>,
    /// OID4VCI `c_nonce`s.
    pub nonces: Expiring<()>,
    pub limiter: RateLimiter,
    /// Nonces and presentation challenges asked for, per address.
    pub protocol_limiter: RateLimiter,
    /// Sign-in and registration attempts per address.
    pub auth_limiter: RateLimiter,
    /// Password hashing (Argon2id, 46 MiB each) at most this many at once, so a burst of
    /// sign-ins costs waiting, not memory.
    pub kdf_permits: tokio::sync::Semaphore,
    /// Signed-in provider staff: session id → (user name, CSRF token, expiry).
    pub staff_sessions: Mutex<HashMap<String, (String, String, Instant)>>,
    /// Cohort runs started from the provider's page, by id.
    pub jobs: Mutex<HashMap<String, Arc<Mutex<Job>>>>,
}

impl AppState {
    /// A turn at password hashing; held for as long as the hashing lasts.
    pub async fn kdf_permit(&self) -> ApiResult<tokio::sync::SemaphorePermit<'_>> {
        self.kdf_permits.acquire().await.map_err(ApiError::internal)
    }
}

/// A cohort of offers being made: progress for the page, results for the download.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Job {
    pub owner: String,
    pub total: usize,
    pub done: usize,
    pub finished: bool,
    pub error: Option<String>,
    /// (line, learner, offer URI)
    pub offers: Vec<(usize, String, String)>,
    /// (line, reason)
    pub problems: Vec<(usize, String)>,
    /// Rows offered before (the same list uploaded again): (line, learner, date offered).
    pub already: Vec<(usize, String, String)>,
}

pub type Shared = Arc<AppState>;

pub fn random_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    B64.encode(b)
}

/// A bounded map of secrets that expire, each usable until taken.
pub struct Expiring<T> {
    max: usize,
    map: Mutex<HashMap<String, (Instant, T)>>,
}

impl<T: Clone> Expiring<T> {
    pub fn new(max: usize) -> Self {
        Expiring {
            max,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Stores `value` under a fresh random key and returns the key; `None` when the map
    /// is full of live entries (a key that was not kept is never handed out).
    pub fn issue(&self, ttl: Duration, value: T) -> Option<String> {
        let key = random_token(16);
        let mut m = self.map.lock().ok()?;
        let now = Instant::now();
        if m.len() >= self.max {
            m.retain(|_, (until, _)| *until > now);
        }
        if m.len() >= self.max {
            return None;
        }
        m.insert(key.clone(), (now + ttl, value));
        Some(key)
    }

    /// Removes and returns the value, if the key exists and has not expired.
    pub fn take(&self, key: &str) -> Option<T> {
        let mut m = self.map.lock().ok()?;
        let (until, v) = m.remove(key)?;
        (Instant::now() < until).then_some(v)
    }

    /// The value, left in place.
    pub fn peek(&self, key: &str) -> Option<T> {
        let m = self.map.lock().ok()?;
        let (until, v) = m.get(key)?;
        (Instant::now() < *until).then(|| v.clone())
    }
}

/// Token buckets per client address.
/// What a limiter asks the time of.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

pub struct RateLimiter {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
    clock: std::sync::RwLock<Clock>,
}

impl RateLimiter {
    pub fn new(per_sec: u32) -> Self {
        RateLimiter {
            per_sec: per_sec as f64,
            burst: (per_sec as f64 * 2.0).max(1.0),
            buckets: Mutex::new(HashMap::new()),
            clock: std::sync::RwLock::new(Arc::new(Instant::now)),
        }
    }

    /// Makes the limiter tell time by `clock` instead of the system's: tests drive it, so
    /// what they see does not depend on how fast the machine answers.
    pub fn set_clock(&self, clock: Clock) {
        if let Ok(mut c) = self.clock.write() {
            *c = clock;
        }
    }

    fn now(&self) -> Instant {
        self.clock
            .read()
            .map(|c| c())
            .unwrap_or_else(|_| Instant::now())
    }

    /// Whether `ip` may make one more request now. IPv6 addresses count by their /64
    /// (one host usually has the whole prefix).
    pub fn allow(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
            v4 => v4,
        };
        let now = self.now();
        let Ok(mut b) = self.buckets.lock() else {
            return true;
        };
        if b.len() > 100_000 {
            b.retain(|_, (_, t)| now.saturating_duration_since(*t) < Duration::from_secs(60));
            if b.len() > 100_000 {
                // Still full of addresses seen within the minute: start afresh rather than
                // scan a growing map on every request.
                b.clear();
            }
        }
        let (tokens, last) = b.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.saturating_duration_since(*last).as_secs_f64() * self.per_sec)
            .min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

// ------------------------------------------------------------------- wallet accounts

pub struct Session {
    pub username: String,
    pub csrf: String,
    pub wallet: Arc<Wallet>,
    pub expires: Instant,
}

/// Hosted wallets: their accounts and databases (the wallet crate's), the wallets of
/// signed-in users, and their sessions.
pub struct Wallets {
    pub accounts: Accounts,
    pub open: Mutex<HashMap<String, Arc<Wallet>>>,
    pub sessions: Mutex<HashMap<String, Session>>,
}

pub const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);

impl Wallets {
    pub fn load(dir: &Path) -> Result<Wallets, AccountError> {
        Ok(Wallets {
            accounts: Accounts::load(dir)?,
            open: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
        })
    }

    /// Ends a session; when it was its owner's last, the decrypted wallet is let go too.
    pub fn end_session(&self, id: &str) {
        let Ok(mut sessions) = self.sessions.lock() else {
            return;
        };
        let Some(ended) = sessions.remove(id) else {
            return;
        };
        let now = Instant::now();
        let still = sessions
            .values()
            .any(|s| s.username == ended.username && s.expires > now);
        drop(sessions);
        if !still {
            if let Ok(mut open) = self.open.lock() {
                open.remove(&ended.username);
            }
        }
    }

    /// The session for a cookie value, if live.
    pub fn session(&self, id: &str) -> Option<(String, String, Arc<Wallet>)> {
        let mut s = self.sessions.lock().ok()?;
        let now = Instant::now();
        match s.get(id) {
            Some(sess) if sess.expires > now => Some((
                sess.username.clone(),
                sess.csrf.clone(),
                sess.wallet.clone(),
            )),
            Some(_) => {
                s.remove(id);
                None
            }
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_map_hands_out_no_key_it_did_not_keep() {
        let m: Expiring<()> = Expiring::new(2);
        let a = m.issue(Duration::from_secs(60), ()).unwrap();
        assert!(m.issue(Duration::from_secs(60), ()).is_some());
        assert!(m.issue(Duration::from_secs(60), ()).is_none());
        assert!(m.take(&a).is_some());
        assert!(m.take(&a).is_none(), "taken once");
        assert!(m.issue(Duration::from_secs(60), ()).is_some(), "room again");
        let short: Expiring<()> = Expiring::new(1);
        short.issue(Duration::from_millis(1), ()).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            short.issue(Duration::from_secs(1), ()).is_some(),
            "expired ones make room"
        );
    }

    #[test]
    fn ipv6_addresses_share_their_prefix_bucket() {
        let l = RateLimiter::new(1);
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(l.allow(a));
        assert!(l.allow(b));
        assert!(!l.allow(a), "burst of two used by the /64");
        assert!(l.allow(other));
    }
}
