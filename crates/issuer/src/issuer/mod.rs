//! An issuer: its data directory, keys, DID, registry and status lists.
//!
//! ```text
//! DIR/issuer.json        the issuer profile (its `id` is the DID)
//! DIR/config.json        base URL, DID method, active key, status list size
//! DIR/keys/key-N.jwk     signing keys (Ed25519 or P-256), mode 0600, never printed or logged
//! DIR/keys/key-N.cert.pem  the certificate chain of key N, when a CA certified it (mode 0600)
//! DIR/did.json           the DID document (did:web issuers; publish it at /.well-known/did.json)
//! DIR/registry/          every credential issued (sled)
//! DIR/status/            the signed status list credentials, e.g. revocation-1.json
//! ```
//!
//! Opening the directory and reading it back live here; creating it in `init`, keys and
//! the DID in `keys`, a CA's certificate in `certificate`, issuing from the catalogue in
//! `issue`, signing a caller's document in `document`, status lists in `status_lists`,
//! and changes of standing in [`crate::standing`].

mod certificate;
mod document;
mod init;
mod issue;
mod keys;
mod status_lists;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use microcred_core::did::DidDocument;
use microcred_core::signing::SigningKey;
use microcred_model::validate;
use microcred_model::IssuerProfile;
use serde::{Deserialize, Serialize};

use crate::error::{io, IssuerError, Result};
use crate::format;
use crate::registry::{Filter, Record, Registry, SledRegistry};

use certificate::{certificate_path, load_certificate};
use keys::vm_id;

pub use certificate::CertificateInUse;
pub use init::InitOptions;
pub use issue::{IssueOptions, Issued, Request, Signed};
pub use keys::ProvidedKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Where the issuer's public pages live: catalogue (`/specs/{id}`), status lists.
    pub base_url: String,
    /// The domain of a did:web issuer; `None` for did:key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did_web: Option<String>,
    /// The key that signs new credentials (`key-1`, `key-2`, …).
    pub active_key: String,
    /// Entries per status list (at least 131,072).
    pub status_list_size: usize,
}

pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";

pub struct Issuer {
    dir: PathBuf,
    config: Config,
    profile: IssuerProfile,
    key: Arc<SigningKey>,
    /// The active key's certificate chain, when it has one.
    certificate: Option<Arc<format::Certified>>,
    did: String,
    vm: String,
    /// Opened on first use: the catalogue, API tokens and offers live in plain files, so
    /// `microcred issuer token|offer|publish` work while a server holds the registry.
    store: OnceLock<Store>,
    opening: Mutex<()>,
    /// Whether the status lists marked in the registry were published since it opened.
    reconciled: std::sync::atomic::AtomicBool,
    /// One status list publication at a time: two writers must not leave the older one's
    /// list in place.
    publishing: Mutex<()>,
}

struct Store {
    registry: Arc<dyn Registry>,
}

/// Stops the process here when a test asks (`MICROCRED_FAILPOINT`): the crash tests kill
/// an issuer between two durable steps. Compiled into unit tests only.
#[cfg(test)]
pub(crate) fn failpoint(name: &str) {
    if std::env::var("MICROCRED_FAILPOINT").is_ok_and(|f| f == name) {
        std::process::abort();
    }
}

#[cfg(not(test))]
pub(crate) fn failpoint(_: &str) {}

/// A moment as the registry and the issuer's documents write it (RFC 3339, seconds, UTC).
pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Writes a file atomically: a temporary file in the same directory, synced, then renamed
/// over the target, so a reader never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    microcred_core::files::write_atomic(path, bytes, false).map_err(io(path))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| IssuerError::BadFile {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn pretty(v: &impl Serialize) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(v).unwrap_or_default();
    s.push(b'\n');
    s
}

impl Issuer {
    /// Opens an existing issuer directory.
    pub fn open(dir: &Path) -> Result<Issuer> {
        if !dir.join("issuer.json").exists() {
            return Err(IssuerError::NotInitialised(dir.display().to_string()));
        }
        let config: Config = read_json(&dir.join("config.json"))?;
        let profile_bytes =
            fs::read(dir.join("issuer.json")).map_err(io(&dir.join("issuer.json")))?;
        let (profile, _) = validate::load_issuer_profile(&profile_bytes)
            .map_err(|e| IssuerError::BadProfile(e.to_string()))?;
        let key = SigningKey::read(&dir.join("keys").join(format!("{}.jwk", config.active_key)))?;
        let certificate = load_certificate(
            &certificate_path(dir, &config.active_key),
            &key,
            &config.base_url,
        )?;
        let did_value = profile
            .id
            .clone()
            .ok_or_else(|| IssuerError::BadProfile("the profile has no id (DID)".into()))?;
        let vm = vm_id(
            &did_value,
            &config.active_key,
            &key,
            config.did_web.is_some(),
        );
        Ok(Issuer {
            dir: dir.to_path_buf(),
            config,
            profile,
            key: Arc::new(key),
            certificate,
            did: did_value,
            vm,
            store: OnceLock::new(),
            opening: Mutex::new(()),
            reconciled: std::sync::atomic::AtomicBool::new(false),
            publishing: Mutex::new(()),
        })
    }

    /// The registry and status allocation, opened on first use; on first use also every
    /// status list the registry marks as changed but unpublished is published (a crash
    /// between a revocation and its list leaves such a mark), and again on each use
    /// until that succeeded.
    /// This issuer read again from its directory (after a new key or certificate), keeping
    /// the registry it holds open. Closing and reopening the registry in one process could
    /// find it still locked: sled lets go of its lock only when its background threads
    /// have, which a loaded machine may delay.
    pub(crate) fn reread(self) -> Result<Issuer> {
        let mut issuer = Issuer::open(&self.dir)?;
        issuer.store = self.store;
        issuer.reconciled = self.reconciled;
        Ok(issuer)
    }

    fn store(&self) -> Result<&Store> {
        let store = self.opened()?;
        if !self.reconciled.load(std::sync::atomic::Ordering::Acquire) {
            self.reconcile()?;
        }
        Ok(store)
    }

    /// Publishes every status list the registry marks as changed since it was last
    /// published; returns their numbers. Runs when the registry is opened and whenever a
    /// change of standing is asked for again, so a retry mends what a crash left.
    pub fn reconcile(&self) -> Result<Vec<u32>> {
        let pending = self.opened()?.registry.pending_lists()?;
        let mut done = Vec::with_capacity(pending.len());
        for (list, _) in pending {
            self.publish_status(list)?;
            done.push(list);
        }
        self.reconciled
            .store(true, std::sync::atomic::Ordering::Release);
        Ok(done)
    }

    fn opened(&self) -> Result<&Store> {
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let _guard = self
            .opening
            .lock()
            .map_err(|_| IssuerError::Cohort("registry lock poisoned".into()))?;
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let registry: Arc<dyn Registry> = Arc::new(SledRegistry::open(&self.dir.join("registry"))?);
        let _ = self.store.set(Store { registry });
        self.store
            .get()
            .ok_or_else(|| IssuerError::Cohort("registry not opened".into()))
    }

    pub fn did(&self) -> &str {
        &self.did
    }

    pub fn verification_method(&self) -> &str {
        &self.vm
    }

    pub fn profile(&self) -> &IssuerProfile {
        &self.profile
    }

    /// The active key's certificate chain (leaf first, without the root), when a CA
    /// certified it: what the issuer's SD-JWT VCs carry as `x5c`.
    pub fn certificate_chain(&self) -> Option<&[Vec<u8>]> {
        self.certificate.as_ref().map(|c| c.chain.as_slice())
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn registry(&self) -> Result<&dyn Registry> {
        Ok(self.store()?.registry.as_ref())
    }

    /// The DID document: did.json for did:web issuers, derived for did:key.
    pub fn did_document(&self) -> Result<DidDocument> {
        if self.config.did_web.is_some() {
            read_json(&self.dir.join("did.json"))
        } else {
            Ok(DidDocument::for_self_describing(&self.did)?)
        }
    }

    pub fn get(&self, id: &str) -> Result<Record> {
        self.registry()?
            .get(id)?
            .ok_or_else(|| IssuerError::UnknownCredential(id.to_string()))
    }

    /// A credential exactly as it was issued.
    pub fn credential(&self, id: &str) -> Result<String> {
        self.registry()?
            .credential(id)?
            .ok_or_else(|| IssuerError::UnknownCredential(id.to_string()))
    }

    pub fn list(&self, filter: &Filter) -> Result<Vec<Record>> {
        Ok(self.store()?.registry.list(filter)?)
    }

    pub(crate) fn now_s() -> String {
        timestamp(Utc::now())
    }

    pub(crate) fn registry_store(&self) -> Result<&dyn Registry> {
        Ok(self.store()?.registry.as_ref())
    }
}
