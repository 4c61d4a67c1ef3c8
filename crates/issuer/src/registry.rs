//! The issuance registry: every credential the issuer signs, recorded durably before it
//! leaves the process.
//!
//! Behind the [`Registry`] trait so that the embedded default (sled, a directory of files)
//! can later be joined by a shared database for providers running several instances.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::error::RegistryError;
use crate::format::Format;

/// Where a credential stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Standing {
    Active,
    Suspended { at: String, reason: Option<String> },
    Revoked { at: String, reason: String },
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
    /// Number of the status lists (revocation and suspension share numbering).
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
    /// The credential as issued: JSON for Data Integrity, compact text for JWT/SD-JWT.
    pub credential: String,
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

pub trait Registry: Send + Sync {
    /// Records credentials, all or none, and returns only when they are durable.
    /// Refuses an id or status index already taken; a record whose idempotency key is
    /// already taken is a duplicate too.
    fn record(&self, records: &[Record]) -> Result<(), RegistryError>;
    fn get(&self, id: &str) -> Result<Option<Record>, RegistryError>;
    fn by_idempotency_key(&self, key: &str) -> Result<Option<Record>, RegistryError>;
    fn list(&self, filter: &Filter) -> Result<Vec<Record>, RegistryError>;
    /// Changes a credential's standing, durably.
    fn set_standing(&self, id: &str, standing: Standing) -> Result<(), RegistryError>;
    /// The status indexes already taken in one list.
    fn taken_indexes(&self, list: u32) -> Result<Vec<u32>, RegistryError>;
    /// The highest list number in use (0 when there is none).
    fn last_list(&self) -> Result<u32, RegistryError>;
    fn count(&self) -> Result<usize, RegistryError>;
}

/// The embedded sled registry.
pub struct SledRegistry {
    db: sled::Db,
    credentials: sled::Tree,
    idempotency: sled::Tree,
    indexes: sled::Tree,
}

fn index_key(list: u32, index: u32) -> [u8; 8] {
    let mut k = [0u8; 8];
    k[..4].copy_from_slice(&list.to_be_bytes());
    k[4..].copy_from_slice(&index.to_be_bytes());
    k
}

impl SledRegistry {
    pub fn open(path: &Path) -> Result<Self, RegistryError> {
        let db = sled::Config::new().path(path).open()?;
        Ok(SledRegistry {
            credentials: db.open_tree("credentials")?,
            idempotency: db.open_tree("idempotency")?,
            indexes: db.open_tree("status-indexes")?,
            db,
        })
    }

    fn decode(bytes: &[u8]) -> Result<Record, RegistryError> {
        serde_json::from_slice(bytes).map_err(|e| RegistryError::Corrupt(e.to_string()))
    }
}

impl Registry for SledRegistry {
    fn record(&self, records: &[Record]) -> Result<(), RegistryError> {
        let encoded: Vec<Vec<u8>> = records
            .iter()
            .map(|r| serde_json::to_vec(r).map_err(|e| RegistryError::Corrupt(e.to_string())))
            .collect::<Result<_, _>>()?;
        let result = (&self.credentials, &self.idempotency, &self.indexes).transaction(
            |(creds, idem, idx)| {
                for (r, bytes) in records.iter().zip(&encoded) {
                    if creds.get(r.id.as_bytes())?.is_some() {
                        return Err(ConflictableTransactionError::Abort(
                            RegistryError::DuplicateId(r.id.clone()),
                        ));
                    }
                    let ik = index_key(r.status_list, r.status_index);
                    if idx.get(ik)?.is_some() {
                        return Err(ConflictableTransactionError::Abort(
                            RegistryError::IndexTaken {
                                list: r.status_list,
                                index: r.status_index,
                            },
                        ));
                    }
                    if let Some(key) = &r.idempotency_key {
                        if idem.get(key.as_bytes())?.is_some() {
                            return Err(ConflictableTransactionError::Abort(
                                RegistryError::DuplicateId(format!("idempotency key {key}")),
                            ));
                        }
                        idem.insert(key.as_bytes(), r.id.as_bytes())?;
                    }
                    idx.insert(&ik, r.id.as_bytes())?;
                    creds.insert(r.id.as_bytes(), bytes.as_slice())?;
                }
                Ok(())
            },
        );
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(e.into()),
        }
        self.db.flush()?;
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<Record>, RegistryError> {
        self.credentials
            .get(id.as_bytes())?
            .map(|b| Self::decode(&b))
            .transpose()
    }

    fn by_idempotency_key(&self, key: &str) -> Result<Option<Record>, RegistryError> {
        match self.idempotency.get(key.as_bytes())? {
            Some(id) => self.get(&String::from_utf8_lossy(&id)),
            None => Ok(None),
        }
    }

    fn list(&self, filter: &Filter) -> Result<Vec<Record>, RegistryError> {
        let since = filter.since.as_deref();
        let text = filter.text.as_ref().map(|t| t.to_lowercase());
        let mut out = Vec::new();
        for item in self.credentials.iter() {
            let (_, v) = item?;
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
            if text.as_ref().is_some_and(|t| {
                !r.learner.to_lowercase().contains(t)
                    && !r.id.contains(t.as_str())
                    && !r.specification.contains(t.as_str())
            }) {
                continue;
            }
            out.push(r);
        }
        out.sort_by(|a, b| a.issued_at.cmp(&b.issued_at).then(a.id.cmp(&b.id)));
        if let Some(n) = filter.limit {
            let skip = out.len().saturating_sub(n);
            out.drain(..skip);
        }
        Ok(out)
    }

    fn set_standing(&self, id: &str, standing: Standing) -> Result<(), RegistryError> {
        let result = self.credentials.transaction(|creds| {
            let Some(bytes) = creds.get(id.as_bytes())? else {
                return Err(ConflictableTransactionError::Abort(RegistryError::Corrupt(
                    format!("no record {id}"),
                )));
            };
            let mut r = Self::decode(&bytes).map_err(ConflictableTransactionError::Abort)?;
            r.standing = standing.clone();
            let bytes = serde_json::to_vec(&r).map_err(|e| {
                ConflictableTransactionError::Abort(RegistryError::Corrupt(e.to_string()))
            })?;
            creds.insert(id.as_bytes(), bytes)?;
            Ok(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(e.into()),
        }
        self.db.flush()?;
        Ok(())
    }

    fn taken_indexes(&self, list: u32) -> Result<Vec<u32>, RegistryError> {
        let mut out = Vec::new();
        for item in self.indexes.scan_prefix(list.to_be_bytes()) {
            let (k, _) = item?;
            let idx: [u8; 4] = k[4..8]
                .try_into()
                .map_err(|_| RegistryError::Corrupt("status index key".into()))?;
            out.push(u32::from_be_bytes(idx));
        }
        Ok(out)
    }

    fn last_list(&self) -> Result<u32, RegistryError> {
        match self.indexes.last()? {
            Some((k, _)) => {
                let list: [u8; 4] = k[..4]
                    .try_into()
                    .map_err(|_| RegistryError::Corrupt("status index key".into()))?;
                Ok(u32::from_be_bytes(list))
            }
            None => Ok(0),
        }
    }

    fn count(&self) -> Result<usize, RegistryError> {
        Ok(self.credentials.len())
    }
}
