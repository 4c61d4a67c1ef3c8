//! Requests sent to wallets and not yet answered, behind a small trait: kept in memory
//! now, in PostgreSQL when several servers share one address.
//!
//! A request moves Waiting → Checking → Answered (or Refused). Only one answer is ever
//! checked: the move to Checking is the store's atomic step, so a replayed response
//! finds the request answered and is refused as a replay.

use std::collections::HashMap;
use std::sync::Mutex;

use microcred_model::Lang;

use super::Refusal;
use crate::Report;

/// How the wallet is to answer (OpenID4VP 1.0 section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    /// `direct_post.jwt`: the response encrypted to this request's own key (HAIP).
    DirectPostJwt,
    /// `direct_post`: plain form fields, for wallets that cannot encrypt.
    DirectPost,
}

impl ResponseMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseMode::DirectPostJwt => "direct_post.jwt",
            ResponseMode::DirectPost => "direct_post",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "direct_post.jwt" => Some(ResponseMode::DirectPostJwt),
            "direct_post" => Some(ResponseMode::DirectPost),
            _ => None,
        }
    }
}

/// What became of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Waiting,
    /// An answer is being checked now.
    Checking,
    /// The wallet answered; each presentation's report, by DCQL credential query id.
    Answered(Vec<(String, Report)>),
    /// The answer was refused, or the wallet declined.
    Refused(Refusal),
}

impl Outcome {
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Waiting => "waiting",
            Outcome::Checking => "checking",
            Outcome::Answered(_) => "answered",
            Outcome::Refused(_) => "refused",
        }
    }

    /// A refusal's message in `lang`, if refused.
    pub fn refusal(&self, lang: Lang) -> Option<String> {
        match self {
            Outcome::Refused(r) => Some(r.message(lang)),
            _ => None,
        }
    }
}

/// One request, as the verifier keeps it.
#[derive(Clone)]
pub struct PendingRequest {
    /// Random; names the request in its `request_uri` and `response_uri`.
    pub id: String,
    pub state: String,
    pub nonce: String,
    pub client_id: String,
    /// The DCQL query, as sent.
    pub query: serde_json::Value,
    pub response_mode: ResponseMode,
    /// The ephemeral private key the response is encrypted to (`direct_post.jwt`).
    pub encryption_key: Option<zeroize::Zeroizing<String>>,
    /// Unix seconds.
    pub created: i64,
    pub expires: i64,
    pub outcome: Outcome,
}

impl std::fmt::Debug for PendingRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingRequest")
            .field("id", &self.id)
            .field("outcome", &self.outcome.code())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    #[error("too many requests are open; try again shortly")]
    Full,
    #[error("the request store failed: {0}")]
    Failed(String),
}

/// Where pending requests live.
pub trait PendingStore: Send + Sync {
    /// Keeps a new request (refused when the store is full of live ones).
    fn insert(&self, req: PendingRequest, now: i64) -> Result<(), StoreError>;
    fn get(&self, id: &str) -> Result<Option<PendingRequest>, StoreError>;
    /// Moves a waiting, unexpired request to Checking and returns it; otherwise says why
    /// it cannot take an answer (unknown, expired, answered already).
    fn begin_answer(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Result<PendingRequest, Refusal>, StoreError>;
    /// Puts a request that was being checked back to Waiting (the answer could not even
    /// be read, so it did not use the request up).
    fn release(&self, id: &str) -> Result<(), StoreError>;
    fn finish(&self, id: &str, outcome: Outcome) -> Result<(), StoreError>;
}

/// The embedded store: a map under a lock, swept of requests an hour past their expiry.
pub struct MemoryPending {
    map: Mutex<HashMap<String, PendingRequest>>,
    capacity: usize,
}

impl MemoryPending {
    pub fn new(capacity: usize) -> Self {
        MemoryPending {
            map: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    fn lock(
        &self,
    ) -> Result<std::sync::MutexGuard<'_, HashMap<String, PendingRequest>>, StoreError> {
        self.map
            .lock()
            .map_err(|_| StoreError::Failed("lock poisoned".into()))
    }
}

/// How long an answered or expired request stays readable (the employer's page shows the
/// verdict; the wallet's replay is told it was answered).
const KEEP_AFTER_EXPIRY: i64 = 3600;

impl PendingStore for MemoryPending {
    fn insert(&self, req: PendingRequest, now: i64) -> Result<(), StoreError> {
        let mut m = self.lock()?;
        if m.len() >= self.capacity {
            m.retain(|_, r| r.expires + KEEP_AFTER_EXPIRY > now);
        }
        if m.len() >= self.capacity {
            return Err(StoreError::Full);
        }
        m.insert(req.id.clone(), req);
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<PendingRequest>, StoreError> {
        Ok(self.lock()?.get(id).cloned())
    }

    fn begin_answer(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Result<PendingRequest, Refusal>, StoreError> {
        let mut m = self.lock()?;
        let Some(r) = m.get_mut(id) else {
            return Ok(Err(Refusal::UnknownRequest));
        };
        Ok(match r.outcome {
            Outcome::Waiting if now > r.expires => Err(Refusal::Expired),
            Outcome::Waiting => {
                r.outcome = Outcome::Checking;
                Ok(r.clone())
            }
            _ => Err(Refusal::Replayed),
        })
    }

    fn release(&self, id: &str) -> Result<(), StoreError> {
        if let Some(r) = self.lock()?.get_mut(id) {
            if r.outcome == Outcome::Checking {
                r.outcome = Outcome::Waiting;
            }
        }
        Ok(())
    }

    fn finish(&self, id: &str, outcome: Outcome) -> Result<(), StoreError> {
        if let Some(r) = self.lock()?.get_mut(id) {
            r.outcome = outcome;
        }
        Ok(())
    }
}
