//! The issuance registry: every credential the issuer signs, recorded durably before it
//! leaves the process.
//!
//! Behind the [`Registry`] trait, with two stores: the embedded default
//! ([`SledRegistry`], a directory of files, one process at a time) and
//! [`pg::PgRegistry`], a PostgreSQL database several instances share.
//! Both pass the same behavioural tests (`tests/registry.rs`).

pub mod pg;

use crate::error::store;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::RegistryError;
use crate::format::Format;
use crate::status::StatusLists;

/// Where a credential stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Standing {
    Active,
    Suspended {
        at: String,
        reason: Option<String>,
        /// Who suspended it (a staff account, `api:<token>`, `cli:<user>`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    Revoked {
        at: String,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
}

/// One change of a credential's standing, kept for good: the registry's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// RFC 3339.
    pub at: String,
    /// Who: a staff account, `api:<token id>`, `cli:<user>`.
    pub by: String,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Revoked,
    Suspended,
    /// A suspension lifted.
    Reinstated,
    /// A renewal was issued or offered (its id, when issued, is in `reason`).
    Renewed,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Revoked => "revoked",
            Action::Suspended => "suspended",
            Action::Reinstated => "reinstated",
            Action::Renewed => "renewed",
        }
    }
}

impl Standing {
    pub fn label(&self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Suspended { .. } => "suspended",
            Standing::Revoked { .. } => "revoked",
        }
    }
}

/// One issued credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// `urn:uuid:…`
    pub id: String,
    pub specification: String,
    /// Who it was issued to, as the provider knows them (name, and e-mail or date of birth).
    pub learner: String,
    pub format: Format,
    /// Number of the status lists (revocation, suspension and message lists share
    /// numbering); 0 when the credential carries a status the caller gave, not ours.
    pub status_list: u32,
    pub status_index: u32,
    /// RFC 3339.
    pub issued_at: String,
    /// SHA-256 (hex) of the credential exactly as issued.
    pub content_hash: String,
    /// Set for cohort rows: issuing the same row again finds this record instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    pub standing: Standing,
    /// The version of the specification it was issued under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_version: Option<String>,
    /// End of validity (RFC 3339 or a date), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The credential this one renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    /// The award as issued, so that it can be renewed (the credential itself keeps only
    /// a hash of the e-mail and national identifier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award: Option<microcred_model::Award>,
    /// Every change of standing, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

impl Record {
    /// Whether its validity ended before `now`.
    pub fn expired_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.valid_until
            .as_deref()
            .and_then(microcred_model::dates::DocDate::parse)
            .is_some_and(|d| d.latest_instant() < now)
    }
}

/// Filter for listings.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub specification: Option<String>,
    /// RFC 3339 or a date; records issued at or after it.
    pub since: Option<String>,
    pub text: Option<String>,
    pub limit: Option<usize>,
}

impl Filter {
    /// Whether a record matches the search text `lowered` (the filter's text, lower-cased
    /// once by the caller): the learner's name in any case, the id or the specification
    /// as written. One rule for every store.
    pub(crate) fn text_matches(lowered: &str, r: &Record) -> bool {
        r.learner.to_lowercase().contains(lowered)
            || r.id.contains(lowered)
            || r.specification.contains(lowered)
    }

    /// Keeps the newest `limit` of `records`, which are in issue order.
    pub(crate) fn keep_newest(&self, records: &mut Vec<Record>) {
        if let Some(n) = self.limit {
            let skip = records.len().saturating_sub(n);
            records.drain(..skip);
        }
    }
}

/// Places taken on the status lists by [`Registry::allocate`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allocation {
    /// `(list, index)`, one per place asked for.
    pub slots: Vec<(u32, u32)>,
    /// The lists this allocation opened: their status list credentials must be published
    /// before any credential points to them.
    pub opened: Vec<u32>,
}

pub trait Registry: Send + Sync {
    /// Records credentials with their text (JSON for Data Integrity, compact for JWT and
    /// SD-JWT), all or none, and returns only when they are durable. Refuses an id or
    /// status index already taken; a record whose idempotency key is already taken is a
    /// duplicate too.
    fn record(&self, entries: &[(Record, String)]) -> Result<(), RegistryError>;
    fn get(&self, id: &str) -> Result<Option<Record>, RegistryError>;
    /// The credential exactly as issued.
    fn credential(&self, id: &str) -> Result<Option<String>, RegistryError>;
    fn by_idempotency_key(&self, key: &str) -> Result<Option<Record>, RegistryError>;
    fn list(&self, filter: &Filter) -> Result<Vec<Record>, RegistryError>;
    /// Changes a credential's standing, appends `event` to its audit trail and marks its
    /// status list as to be published again, in one durable write: a crash before the list
    /// is published leaves the mark, and the list is published when the registry is next
    /// opened.
    fn set_standing(&self, id: &str, standing: Standing, event: Event)
        -> Result<(), RegistryError>;
    /// Appends `event` to a credential's audit trail without changing its standing.
    fn add_event(&self, id: &str, event: Event) -> Result<(), RegistryError>;
    /// Lists marked as to be published, each with the mark's generation.
    fn pending_lists(&self) -> Result<Vec<(u32, u64)>, RegistryError>;
    /// Clears list `list`'s mark if it is still `generation` (a standing changed since
    /// keeps it marked), durably.
    fn published(&self, list: u32, generation: u64) -> Result<(), RegistryError>;
    /// Takes `n` free places on the status lists, for lists of `size` entries (see
    /// [`crate::status`]: random indexes from the upper half, a quarter of a list each).
    /// A place handed out is never handed out again, nor taken by a credential recorded
    /// since, by this process or, with a shared store, any other.
    fn allocate(&self, n: usize, size: usize) -> Result<Allocation, RegistryError>;
    /// The status indexes already taken in one list.
    fn taken_indexes(&self, list: u32) -> Result<Vec<u32>, RegistryError>;
    /// The highest list number in use (0 when there is none).
    fn last_list(&self) -> Result<u32, RegistryError>;
    fn count(&self) -> Result<usize, RegistryError>;
}

/// The embedded sled registry: one tree, keys prefixed by kind, so that recording a batch
/// is one atomic `apply_batch` (far cheaper than a transaction over several trees).
///
/// ```text
/// c/<id>            the record (JSON)
/// b/<id>            the credential text, deflate-compressed
/// i/<key>           idempotency key → id
/// x/<list><index>   status index (big-endian u32 pair) → id
/// p/<list>          the list's status credential is to be published again: a
///                   generation (big-endian u64), bumped by every change of standing
/// ```
pub struct SledRegistry {
    db: sled::Db,
    tree: sled::Tree,
    /// Serialises writers: uniqueness is checked and the batch applied under it.
    write: std::sync::Mutex<()>,
    /// Which indexes of the newest list are taken: loaded from the tree on the first
    /// allocation, then kept here (the database is this process's alone).
    status: std::sync::Mutex<Option<StatusLists>>,
}

const RECORD: &[u8] = b"c/";
const BODY: &[u8] = b"b/";
const IDEMPOTENCY: &[u8] = b"i/";
const INDEX: &[u8] = b"x/";
const PENDING: &[u8] = b"p/";

fn key(prefix: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(prefix.len() + rest.len());
    k.extend_from_slice(prefix);
    k.extend_from_slice(rest);
    k
}

fn index_key(list: u32, index: u32) -> Vec<u8> {
    let mut k = INDEX.to_vec();
    k.extend_from_slice(&list.to_be_bytes());
    k.extend_from_slice(&index.to_be_bytes());
    k
}

impl SledRegistry {
    pub fn open(path: &Path) -> Result<Self, RegistryError> {
        // Writes are flushed explicitly after each batch; the periodic background flush
        // would only compete with signing for the cores.
        // Learners' names and dates of birth: the directory and its files are the
        // owner's alone (0700 and 0600), whatever the process's umask.
        microcred_core::files::create_private_dir(path)
            .map_err(|e| RegistryError::Storage(format!("{}: {e}", path.display())))?;
        // sled reports its lock only in words: another process holding it is seen here.
        if microcred_core::files::locked_elsewhere(&path.join("db")) {
            return Err(RegistryError::InUse);
        }
        let db = sled::Config::new()
            .path(path)
            .flush_every_ms(None)
            .open()
            .map_err(store)?;
        microcred_core::files::make_private_tree(path)
            .map_err(|e| RegistryError::Storage(format!("{}: {e}", path.display())))?;
        Ok(SledRegistry {
            tree: db.open_tree("registry").map_err(store)?,
            db,
            write: std::sync::Mutex::new(()),
            status: std::sync::Mutex::new(None),
        })
    }

    fn decode(bytes: &[u8]) -> Result<Record, RegistryError> {
        serde_json::from_slice(bytes).map_err(|e| RegistryError::Corrupt(e.to_string()))
    }

    /// Changes one record under the write lock, durably.
    fn update(&self, id: &str, change: impl FnOnce(&mut Record)) -> Result<(), RegistryError> {
        let _guard = self.lock()?;
        let k = key(RECORD, id.as_bytes());
        let bytes = self
            .tree
            .get(&k)
            .map_err(store)?
            .ok_or_else(|| RegistryError::Corrupt(format!("no record {id}")))?;
        let mut r = Self::decode(&bytes)?;
        change(&mut r);
        let bytes = serde_json::to_vec(&r).map_err(|e| RegistryError::Corrupt(e.to_string()))?;
        self.tree.insert(k, bytes).map_err(store)?;
        self.db.flush().map_err(store)?;
        Ok(())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, ()>, RegistryError> {
        self.write
            .lock()
            .map_err(|_| RegistryError::Storage("registry lock poisoned".into()))
    }
}

/// Compresses the texts on all cores: at thousands of credentials a batch this is a
/// noticeable share of recording.
fn compress_all(entries: &[(Record, String)]) -> Vec<Vec<u8>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let chunk = entries.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|c| {
                scope.spawn(move || {
                    c.iter()
                        .map(|(_, t)| compress(t.as_bytes()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

impl Registry for SledRegistry {
    fn record(&self, entries: &[(Record, String)]) -> Result<(), RegistryError> {
        let bodies = compress_all(entries);
        if bodies.len() != entries.len() {
            return Err(RegistryError::Storage(
                "compressing credentials failed".into(),
            ));
        }
        let _guard = self.lock()?;
        let mut batch = sled::Batch::default();
        let mut seen_ids = std::collections::HashSet::new();
        let mut seen_slots = std::collections::HashSet::new();
        let mut seen_keys = std::collections::HashSet::new();
        for ((r, _), body) in entries.iter().zip(bodies) {
            let id = r.id.as_bytes();
            if !seen_ids.insert(id) || self.tree.contains_key(key(RECORD, id)).map_err(store)? {
                return Err(RegistryError::DuplicateId(r.id.clone()));
            }
            // List 0 is no list: the credential carries a status of the caller's own.
            let ik = (r.status_list != 0).then(|| index_key(r.status_list, r.status_index));
            if let Some(ik) = &ik {
                if !seen_slots.insert(ik.clone()) || self.tree.contains_key(ik).map_err(store)? {
                    return Err(RegistryError::IndexTaken {
                        list: r.status_list,
                        index: r.status_index,
                    });
                }
            }
            if let Some(k) = &r.idempotency_key {
                let kk = key(IDEMPOTENCY, k.as_bytes());
                if !seen_keys.insert(kk.clone()) || self.tree.contains_key(&kk).map_err(store)? {
                    return Err(RegistryError::DuplicateId(format!("idempotency key {k}")));
                }
                batch.insert(kk, id);
            }
            let meta = serde_json::to_vec(r).map_err(|e| RegistryError::Corrupt(e.to_string()))?;
            if let Some(ik) = ik {
                batch.insert(ik, id);
            }
            batch.insert(key(BODY, id), body);
            batch.insert(key(RECORD, id), meta);
        }
        self.tree.apply_batch(batch).map_err(store)?;
        self.db.flush().map_err(store)?;
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<Record>, RegistryError> {
        self.tree
            .get(key(RECORD, id.as_bytes()))
            .map_err(store)?
            .map(|b| Self::decode(&b))
            .transpose()
    }

    fn credential(&self, id: &str) -> Result<Option<String>, RegistryError> {
        match self.tree.get(key(BODY, id.as_bytes())).map_err(store)? {
            Some(b) => decompress(&b).map(Some),
            None => Ok(None),
        }
    }

    fn by_idempotency_key(&self, k: &str) -> Result<Option<Record>, RegistryError> {
        match self
            .tree
            .get(key(IDEMPOTENCY, k.as_bytes()))
            .map_err(store)?
        {
            Some(id) => self.get(&String::from_utf8_lossy(&id)),
            None => Ok(None),
        }
    }

    fn list(&self, filter: &Filter) -> Result<Vec<Record>, RegistryError> {
        let since = filter.since.as_deref();
        let text = filter.text.as_ref().map(|t| t.to_lowercase());
        let mut out = Vec::new();
        for item in self.tree.scan_prefix(RECORD) {
            let (_, v) = item.map_err(store)?;
            let r = Self::decode(&v)?;
            if filter
                .specification
                .as_ref()
                .is_some_and(|s| *s != r.specification)
            {
                continue;
            }
            // RFC 3339 timestamps in UTC compare correctly as text; a bare date is the
            // start of that day.
            if since.is_some_and(|s| r.issued_at.as_str() < s) {
                continue;
            }
            if text.as_ref().is_some_and(|t| !Filter::text_matches(t, &r)) {
                continue;
            }
            out.push(r);
        }
        out.sort_by(|a, b| a.issued_at.cmp(&b.issued_at).then(a.id.cmp(&b.id)));
        filter.keep_newest(&mut out);
        Ok(out)
    }

    fn set_standing(
        &self,
        id: &str,
        standing: Standing,
        event: Event,
    ) -> Result<(), RegistryError> {
        let _guard = self.lock()?;
        let k = key(RECORD, id.as_bytes());
        let bytes = self
            .tree
            .get(&k)
            .map_err(store)?
            .ok_or_else(|| RegistryError::Corrupt(format!("no record {id}")))?;
        let mut r = Self::decode(&bytes)?;
        r.standing = standing;
        r.events.push(event);
        let bytes = serde_json::to_vec(&r).map_err(|e| RegistryError::Corrupt(e.to_string()))?;
        let pk = key(PENDING, &r.status_list.to_be_bytes());
        let generation = match self.tree.get(&pk).map_err(store)? {
            Some(g) => generation_of(&g)?.wrapping_add(1),
            None => 1,
        };
        let mut batch = sled::Batch::default();
        batch.insert(k, bytes);
        batch.insert(pk, &generation.to_be_bytes());
        self.tree.apply_batch(batch).map_err(store)?;
        self.db.flush().map_err(store)?;
        Ok(())
    }

    fn pending_lists(&self) -> Result<Vec<(u32, u64)>, RegistryError> {
        let mut out = Vec::new();
        for item in self.tree.scan_prefix(PENDING) {
            let (k, v) = item.map_err(store)?;
            let list: [u8; 4] = k
                .get(PENDING.len()..)
                .and_then(|s| s.try_into().ok())
                .ok_or_else(|| RegistryError::Corrupt("pending list key".into()))?;
            out.push((u32::from_be_bytes(list), generation_of(&v)?));
        }
        Ok(out)
    }

    fn published(&self, list: u32, generation: u64) -> Result<(), RegistryError> {
        let _guard = self.lock()?;
        let pk = key(PENDING, &list.to_be_bytes());
        let still = match self.tree.get(&pk).map_err(store)? {
            Some(g) => generation_of(&g)? == generation,
            None => false,
        };
        if still {
            self.tree.remove(pk).map_err(store)?;
            self.db.flush().map_err(store)?;
        }
        Ok(())
    }

    fn add_event(&self, id: &str, event: Event) -> Result<(), RegistryError> {
        self.update(id, |r| r.events.push(event))
    }
    fn allocate(&self, n: usize, size: usize) -> Result<Allocation, RegistryError> {
        let mut status = self
            .status
            .lock()
            .map_err(|_| RegistryError::Storage("status allocation lock poisoned".into()))?;
        let lists = match status.take() {
            Some(lists) if lists.size() == size => lists,
            _ => StatusLists::load(self, size)?,
        };
        let lists = status.insert(lists);
        let (slots, opened) = lists.allocate(n);
        Ok(Allocation { slots, opened })
    }

    fn taken_indexes(&self, list: u32) -> Result<Vec<u32>, RegistryError> {
        let mut out = Vec::new();
        for item in self.tree.scan_prefix(key(INDEX, &list.to_be_bytes())) {
            let (k, _) = item.map_err(store)?;
            let idx: [u8; 4] = k
                .get(INDEX.len() + 4..INDEX.len() + 8)
                .and_then(|s| s.try_into().ok())
                .ok_or_else(|| RegistryError::Corrupt("status index key".into()))?;
            out.push(u32::from_be_bytes(idx));
        }
        Ok(out)
    }

    fn last_list(&self) -> Result<u32, RegistryError> {
        match self.tree.scan_prefix(INDEX).next_back() {
            Some(item) => {
                let (k, _) = item.map_err(store)?;
                let list: [u8; 4] = k
                    .get(INDEX.len()..INDEX.len() + 4)
                    .and_then(|s| s.try_into().ok())
                    .ok_or_else(|| RegistryError::Corrupt("status index key".into()))?;
                Ok(u32::from_be_bytes(list))
            }
            None => Ok(0),
        }
    }

    fn count(&self) -> Result<usize, RegistryError> {
        Ok(self.tree.scan_prefix(RECORD).keys().count())
    }
}

fn generation_of(bytes: &[u8]) -> Result<u64, RegistryError> {
    let b: [u8; 8] = bytes
        .try_into()
        .map_err(|_| RegistryError::Corrupt("pending list generation".into()))?;
    Ok(u64::from_be_bytes(b))
}

fn compress(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = z.write_all(bytes);
    z.finish().unwrap_or_default()
}

fn decompress(bytes: &[u8]) -> Result<String, RegistryError> {
    use std::io::Read;
    let mut out = String::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_string(&mut out)
        .map_err(|e| RegistryError::Corrupt(format!("credential text: {e}")))?;
    Ok(out)
}
