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

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use microcred_core::did::{self, DidDocument};
use microcred_core::keys::SecretKey;
use microcred_core::signing::{KeyType, SigningKey};
use microcred_core::status::StatusPurpose;
use microcred_model::credential;
use microcred_model::validate::{self, Options as ValidationOptions};
use microcred_model::{Award, IssuerProfile, Specification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{io, IssuerError, Result};
use crate::format::{self, Format};
use crate::registry::{Filter, Record, Registry, SledRegistry, Standing};
use crate::status::StatusLists;

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

/// What `issuer init` needs besides the profile.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// `example.fi` (or `example.fi:issuers:tredu`) for a did:web issuer.
    pub did_web: Option<String>,
    pub base_url: Option<String>,
    /// Use this key instead of generating one (the demo key).
    pub seed: Option<[u8; 32]>,
    /// Ed25519 (the default) or P-256 (ES256, for EUDI wallets: HAIP).
    pub key_type: KeyType,
    /// The key to sign with instead of a new one: a P-256 key the provider holds, for
    /// which its certificate authority issued [`InitOptions::certificate`].
    pub key: Option<ProvidedKey>,
    /// The signing key's certificate chain (PEM: the leaf, then intermediates; a root at
    /// the end is left out of credentials): SD-JWT VCs then carry it as `x5c`.
    pub certificate: Option<String>,
}

/// A P-256 signing key the provider brings (PKCS#8 PEM, as CAs and OpenSSL write them).
/// Never printed: its `Debug` says only what it is.
#[derive(Clone)]
pub struct ProvidedKey(Arc<microcred_core::es256::P256Secret>);

impl std::fmt::Debug for ProvidedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProvidedKey(P-256, secret)")
    }
}

impl ProvidedKey {
    /// Reads a PKCS#8 PEM P-256 private key from `path`; refuses a file others may read
    /// (the same rule as the issuer's own key files) and anything larger than a key.
    pub fn read(path: &Path) -> Result<ProvidedKey> {
        let bad = |reason: String| IssuerError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        let meta = fs::metadata(path).map_err(|e| bad(e.to_string()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(bad(format!(
                    "permissions {mode:o} let others read the secret key; run chmod 600"
                )));
            }
        }
        if meta.len() > 16 * 1024 {
            return Err(bad("too large to be a key".into()));
        }
        let text =
            zeroize::Zeroizing::new(fs::read_to_string(path).map_err(|e| bad(e.to_string()))?);
        microcred_core::es256::P256Secret::from_pkcs8_pem(&text)
            .map(|k| ProvidedKey(Arc::new(k)))
            .map_err(|e| bad(e.to_string()))
    }

    /// The key of PKCS#8 PEM text (tests, and callers holding the text already).
    pub fn from_pem(pem: &str) -> Result<ProvidedKey> {
        microcred_core::es256::P256Secret::from_pkcs8_pem(pem)
            .map(|k| ProvidedKey(Arc::new(k)))
            .map_err(|e| IssuerError::KeyFile {
                path: "-".into(),
                reason: e.to_string(),
            })
    }
}

/// What a certificate put in place says, for the provider to read back.
#[derive(Debug, Clone)]
pub struct CertificateInUse {
    pub info: microcred_core::x509::CertInfo,
    /// Certificates that go into each SD-JWT VC's `x5c` (leaf and intermediates).
    pub in_x5c: usize,
    /// Whether a root at the end of the file was left out of the `x5c`.
    pub root_left_out: bool,
}

/// Where the certificate chain of key `key_name` is kept.
fn certificate_path(dir: &Path, key_name: &str) -> PathBuf {
    dir.join("keys").join(format!("{key_name}.cert.pem"))
}

fn day(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// Checks a certificate chain (PEM) for `key` and the issuer at `base_url`, and returns
/// what goes into an `x5c`. Refused, each with its own error: no certificate, a key that
/// is not P-256, a leaf for another key, a self-signed leaf, a leaf outside its dates, a
/// chain that does not lead to the root the file ends with, and a leaf that does not
/// name `base_url` (the `iss` of the issuer's SD-JWT VCs).
fn check_certificate(
    pem: &str,
    key: &SigningKey,
    base_url: &str,
    now: i64,
) -> Result<(Vec<Vec<u8>>, CertificateInUse)> {
    use microcred_core::x509;
    let chain_err = |e: x509::X509Error| IssuerError::CertificateChain(e.to_string());
    if key.key_type() != KeyType::P256 {
        return Err(IssuerError::CertificateKeyType(format!(
            "{:?}",
            key.key_type()
        )));
    }
    let all = x509::pem_certificates(pem).map_err(chain_err)?;
    let (x5c, root) = x509::split_root(all).map_err(chain_err)?;
    let leaf = x5c
        .first()
        .ok_or_else(|| IssuerError::CertificateChain("no certificate".into()))?;
    let info = x509::info(leaf).map_err(chain_err)?;
    if info.self_signed {
        return Err(IssuerError::CertificateSelfSigned(info.subject));
    }
    if x509::p256_key(leaf).ok() != Some(key.public()) {
        return Err(IssuerError::CertificateKeyMismatch {
            subject: info.subject,
        });
    }
    if now > info.not_after {
        return Err(IssuerError::CertificateExpired(day(info.not_after)));
    }
    if now < info.not_before {
        return Err(IssuerError::CertificateNotYetValid(day(info.not_before)));
    }
    if let Some(r) = &root {
        // The file ends with the CA's root: the chain must lead to it.
        x509::verify_chain(&x5c, std::slice::from_ref(r), now).map_err(chain_err)?;
    }
    if !x509::names_url(leaf, base_url) {
        let names: Vec<String> = info
            .dns_names
            .iter()
            .chain(info.uris.iter())
            .cloned()
            .collect();
        return Err(IssuerError::CertificateDoesNotName {
            url: base_url.to_string(),
            names: if names.is_empty() {
                "-".into()
            } else {
                names.join(", ")
            },
        });
    }
    let in_use = CertificateInUse {
        info,
        in_x5c: x5c.len(),
        root_left_out: root.is_some(),
    };
    Ok((x5c, in_use))
}

/// The chain kept for `key` in `path`, if any. A file whose leaf is not the key's is
/// refused: the issuer would otherwise sign credentials every verifier finds invalid.
fn load_certificate(
    path: &Path,
    key: &SigningKey,
    base_url: &str,
) -> Result<Option<Arc<format::Certified>>> {
    use microcred_core::x509;
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    let chain = x509::pem_certificates(&text)
        .map_err(|e| IssuerError::CertificateChain(format!("{}: {e}", path.display())))?;
    let leaf = chain
        .first()
        .ok_or_else(|| IssuerError::CertificateChain("no certificate".into()))?;
    let info = x509::info(leaf)
        .map_err(|e| IssuerError::CertificateChain(format!("{}: {e}", path.display())))?;
    if x509::p256_key(leaf).ok() != Some(key.public()) {
        return Err(IssuerError::CertificateKeyMismatch {
            subject: info.subject,
        });
    }
    Ok(Some(Arc::new(format::Certified {
        chain,
        iss: base_url.to_string(),
        not_after: info.not_after,
    })))
}

pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";

/// One credential, signed and recorded.
#[derive(Debug, Clone)]
pub struct Issued {
    pub record: Record,
    /// The credential as issued: JSON for Data Integrity, compact text for JWT and SD-JWT.
    pub credential: String,
    /// Whether this call created it (false: an earlier run had, same idempotency key).
    pub new: bool,
}

/// Called on the signing threads with each credential as soon as it is signed, before
/// it is recorded (a cohort writes its file under a temporary name there).
pub type Signed<'a> = &'a (dyn Fn(&Record, &str) -> Result<()> + Sync);

/// What to issue.
#[derive(Debug, Clone)]
pub struct Request {
    pub award: Award,
    pub format: Format,
    /// Issuing twice with the same key yields the first credential again.
    pub idempotency_key: Option<String>,
}

/// How to issue, beyond what each request says.
#[derive(Debug, Clone, Default)]
pub struct IssueOptions {
    /// Issue even what would be expired on the day it is issued (a back-dated licence):
    /// without this, [`IssuerError::AlreadyExpired`].
    pub confirm_expired: bool,
    /// The credential this one renews.
    pub renews: Option<String>,
}

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
    status: Mutex<StatusLists>,
}

/// Splits `--did-web` into host and path: `example.fi:issuers:tredu` is a host with a
/// path; a first segment of digits is a port (`127.0.0.1:8080`, or as the DID writes it,
/// `127.0.0.1%3A8080`), since a path segment of digits alone would be a strange name.
fn did_web_parts(domain: &str) -> (String, Vec<&str>) {
    let mut parts: Vec<&str> = domain.split(':').collect();
    let mut host = parts.remove(0).replace("%3A", ":").replace("%3a", ":");
    if parts
        .first()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        host = format!("{host}:{}", parts.remove(0));
    }
    (host, parts)
}

/// The Data Integrity context, bundled; added to VC 1.1 documents signed with a proof.
const DATA_INTEGRITY_V2_CONTEXT: &str = "https://w3id.org/security/data-integrity/v2";

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

/// A signing error that is the document's fault (a context that is not bundled, JSON-LD
/// that does not process) as a problem of the document; anything else as it is.
fn json_ld_problem(e: IssuerError) -> IssuerError {
    use microcred_core::di::DiError;
    use microcred_model::validate::{one_problem, ProblemKind};
    match e {
        IssuerError::Di(DiError::Context(c)) => IssuerError::Nonconforming(one_problem(
            "$[\"@context\"]",
            ProblemKind::JsonLd {
                detail: c.to_string(),
            },
        )),
        IssuerError::Di(DiError::JsonLd(d) | DiError::Document(d) | DiError::Unsupported(d)) => {
            IssuerError::Nonconforming(one_problem("$", ProblemKind::JsonLd { detail: d }))
        }
        other => other,
    }
}

fn vm_id(did_value: &str, key_name: &str, key: &SigningKey, is_web: bool) -> String {
    if is_web {
        format!("{did_value}#{key_name}")
    } else {
        did::did_key_vm(key.public())
    }
}

impl Issuer {
    /// Creates an issuer in `dir`: a new signing key, the DID, the profile (validated) and
    /// an empty registry. Refuses a directory that already holds an issuer.
    pub fn init(dir: &Path, mut profile: IssuerProfile, opts: InitOptions) -> Result<Issuer> {
        if dir.join("issuer.json").exists() {
            return Err(IssuerError::AlreadyInitialised(dir.display().to_string()));
        }
        // Everything that can be refused is checked before anything is written, so a
        // refused init leaves nothing behind and the next try starts clean.
        let key = match (opts.seed, &opts.key) {
            (Some(seed), _) => SigningKey::Ed25519(Arc::new(SecretKey::from_seed(&seed))),
            (None, Some(k)) => SigningKey::P256(k.0.clone()),
            (None, None) if opts.certificate.is_some() => {
                return Err(IssuerError::CertificateNeedsKey)
            }
            (None, None) => SigningKey::generate(opts.key_type),
        };
        let key_name = "key-1".to_string();
        let did_value = match &opts.did_web {
            Some(domain) => {
                let (host, path) = did_web_parts(domain);
                did::did_web(&host, &path)?
            }
            None => did::did_key(key.public()),
        };
        profile.id = Some(did_value.clone());
        let report = validate::validate_issuer_profile(
            &serde_json::to_value(&profile).map_err(|e| IssuerError::BadProfile(e.to_string()))?,
        );
        if !report.is_valid() {
            return Err(IssuerError::InvalidProfile(report));
        }
        let base_url = opts
            .base_url
            .clone()
            .unwrap_or_else(|| match &opts.did_web {
                Some(d) => format!("https://{}", did_web_parts(d).0),
                None => DEFAULT_BASE_URL.to_string(),
            });
        let config = Config {
            base_url: base_url.trim_end_matches('/').to_string(),
            did_web: opts.did_web.clone(),
            active_key: key_name.clone(),
            status_list_size: microcred_core::status::MIN_ENTRIES,
        };
        let certificate = match &opts.certificate {
            Some(pem) => Some(check_certificate(
                pem,
                &key,
                &config.base_url,
                Utc::now().timestamp(),
            )?),
            None => None,
        };
        let key_path = dir.join("keys").join(format!("{key_name}.jwk"));
        let cert_path = certificate_path(dir, &key_name);
        let written = [
            key_path.clone(),
            cert_path.clone(),
            dir.join("did.json"),
            dir.join("config.json"),
            dir.join("issuer.json"),
        ];
        let keys_existed = dir.join("keys").exists();
        let write = || -> Result<()> {
            // The issuer's directory holds its registry, tokens and staff accounts: the
            // owner's alone. What it publishes (did.json, status lists) the server serves.
            microcred_core::files::create_private_dir(dir).map_err(io(dir))?;
            fs::create_dir_all(dir.join("keys")).map_err(io(dir))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let keys = dir.join("keys");
                fs::set_permissions(&keys, fs::Permissions::from_mode(0o700)).map_err(io(&keys))?;
            }
            key.write_new(&key_path)?;
            if let Some((x5c, _)) = &certificate {
                let pem: String = x5c
                    .iter()
                    .map(|c| microcred_core::x509::to_pem(c))
                    .collect();
                microcred_core::files::write_atomic(&cert_path, pem.as_bytes(), true)
                    .map_err(io(&cert_path))?;
            }
            if opts.did_web.is_some() {
                let mut doc = DidDocument::new(did_value.clone());
                doc.add_key(format!("{did_value}#{key_name}"), key.public());
                write_atomic(&dir.join("did.json"), &pretty(&doc))?;
            }
            write_atomic(&dir.join("config.json"), &pretty(&config))?;
            // The profile last: its presence is what makes the directory an issuer.
            write_atomic(&dir.join("issuer.json"), &pretty(&profile))?;
            Ok(())
        };
        if let Err(e) = write() {
            for f in &written {
                let _ = fs::remove_file(f);
            }
            if !keys_existed {
                let _ = fs::remove_dir(dir.join("keys"));
            }
            return Err(e);
        }
        Issuer::open(dir)
    }

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
        let status = StatusLists::load(registry.as_ref(), self.config.status_list_size)?;
        let _ = self.store.set(Store {
            registry,
            status: Mutex::new(status),
        });
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

    /// Where the catalogue publishes a specification: its IRI in credentials.
    pub fn achievement_id(&self, spec: &Specification) -> String {
        // Each version has its own address, so a credential keeps pointing to the version
        // it was issued under when the catalogue moves on.
        match spec.version.as_deref() {
            _ if validate::is_absolute_uri(&spec.id) => spec.id.clone(),
            Some(v) if crate::catalogue::safe_id(v) => {
                format!("{}/specs/{}/versions/{v}", self.config.base_url, spec.id)
            }
            _ => format!("{}/specs/{}", self.config.base_url, spec.id),
        }
    }

    pub fn status_list_url(&self, purpose: StatusPurpose, list: u32) -> String {
        format!(
            "{}/status/{}/{list}",
            self.config.base_url,
            purpose.as_str()
        )
    }

    /// Where list `list`'s IETF Token Status List token is served: one list for both
    /// revocation (status 1) and suspension (status 2), for SD-JWT VCs.
    pub fn status_token_url(&self, list: u32) -> String {
        format!("{}/status/token/{list}", self.config.base_url)
    }

    pub fn status_token_path(&self, list: u32) -> PathBuf {
        self.dir.join("status").join(format!("token-{list}.jwt"))
    }

    /// The SD-JWT VC extras of a credential at `(list, index)`.
    fn sd_jwt_extras(&self, list: u32, index: u32) -> format::SdJwtExtras {
        let vct = crate::type_metadata::vct(&self.config.base_url);
        format::SdJwtExtras {
            vct_integrity: Some(crate::type_metadata::integrity(&vct)),
            vct: Some(vct),
            status: Some(json!({
                "status_list": { "idx": index, "uri": self.status_token_url(list) }
            })),
            certificate: self.certificate.clone(),
        }
    }

    pub fn status_list_path(&self, purpose: StatusPurpose, list: u32) -> PathBuf {
        self.dir
            .join("status")
            .join(format!("{}-{list}.json", purpose.as_str()))
    }

    /// Checks an award against its specification and this issuer, as a provider would
    /// want before anything is signed.
    pub fn check_award(&self, spec: &Specification, award: &Award) -> Result<()> {
        let report = validate::check_award(
            award,
            Some(spec),
            Some(&self.profile),
            &ValidationOptions::default(),
        );
        if report.is_valid() {
            Ok(())
        } else {
            Err(IssuerError::InvalidAward(report))
        }
    }

    /// The award as it will be issued: without its own `validUntil`, the end of validity
    /// follows from the date of issue and the specification's validity period.
    pub fn complete_award(spec: &Specification, award: &Award) -> Award {
        let mut a = award.clone();
        a.json_schema = None;
        if a.valid_until.is_none() {
            a.valid_until = spec.valid_until(&a.issued);
        }
        a
    }

    /// The end of validity of `award` when it has already passed at `now`.
    pub fn expired_on(award: &Award, now: DateTime<Utc>) -> Option<String> {
        let until = award.valid_until.as_deref()?;
        microcred_model::dates::DocDate::parse(until)
            .filter(|d| d.latest_instant() < now)
            .map(|_| until.to_string())
    }

    /// Builds and signs one credential (not yet recorded).
    fn prepare(
        &self,
        spec: &Specification,
        template: &mut credential::Template,
        req: &Request,
        slot: (u32, u32),
        now: DateTime<Utc>,
    ) -> Result<(Record, String)> {
        let id = format!("urn:uuid:{}", uuid::Uuid::new_v4());
        let (list, index) = slot;
        let status = vec![self.status_entry(list, index)];
        let mut salt = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let salt = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, salt);
        let extras = self.sd_jwt_extras(list, index);
        let text = template.with_document(&req.award, &id, &status, &salt, |doc| {
            // Open Badges credentials carry their proof as a set of one (OB 3.0's JSON
            // Schema).
            format::sign_document_with(
                req.format,
                doc,
                &self.key,
                &self.vm,
                now,
                format::ProofForm::Set,
                &extras,
            )
        })??;
        let l = &req.award.learner;
        let contact = l
            .email
            .clone()
            .or_else(|| l.date_of_birth.clone())
            .or_else(|| l.did.clone())
            .unwrap_or_default();
        let record = Record {
            spec_version: spec.version.clone(),
            valid_until: req.award.valid_until.clone(),
            renews: None,
            award: Some(req.award.clone()),
            events: Vec::new(),
            id,
            specification: spec.id.clone(),
            learner: if contact.is_empty() {
                l.name.clone()
            } else {
                format!("{} <{contact}>", l.name)
            },
            format: req.format,
            status_list: list,
            status_index: index,
            issued_at: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            content_hash: hex::encode(Sha256::digest(text.as_bytes())),
            idempotency_key: req.idempotency_key.clone(),
            standing: Standing::Active,
        };
        Ok((record, text))
    }

    /// Issues one credential: validated, signed, recorded durably, then returned.
    pub fn issue(&self, spec: &Specification, req: Request) -> Result<Issued> {
        self.issue_with(spec, req, &IssueOptions::default())
    }

    /// [`Issuer::issue`] with options: a back-dated credential confirmed, a renewal.
    pub fn issue_with(
        &self,
        spec: &Specification,
        req: Request,
        opts: &IssueOptions,
    ) -> Result<Issued> {
        self.check_award(spec, &req.award)?;
        let mut out = self.issue_checked(spec, vec![req], 1, &|_| {}, &|_, _| Ok(()), opts)?;
        out.pop()
            .ok_or_else(|| IssuerError::Cohort("nothing was issued".into()))
    }

    /// Issues many credentials. Requests whose idempotency key was issued before are
    /// returned as they were; the rest are signed on `threads` threads and recorded in one
    /// durable write before any is returned. `progress` is called with the number done.
    pub fn issue_batch(
        &self,
        spec: &Specification,
        reqs: Vec<Request>,
        threads: usize,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<Issued>> {
        for r in &reqs {
            self.check_award(spec, &r.award)?;
        }
        self.issue_checked(
            spec,
            reqs,
            threads,
            progress,
            &|_, _| Ok(()),
            &IssueOptions::default(),
        )
    }

    /// [`Issuer::issue_batch`] for awards already checked against the specification (a
    /// cohort's rows are, when the list is read).
    pub(crate) fn issue_checked(
        &self,
        spec: &Specification,
        reqs: Vec<Request>,
        threads: usize,
        progress: &(dyn Fn(usize) + Sync),
        signed: Signed<'_>,
        opts: &IssueOptions,
    ) -> Result<Vec<Issued>> {
        let now = Utc::now();
        let mut reqs = reqs;
        for r in &mut reqs {
            r.award = Self::complete_award(spec, &r.award);
            if !opts.confirm_expired {
                if let Some(until) = Self::expired_on(&r.award, now) {
                    return Err(IssuerError::AlreadyExpired(until));
                }
            }
        }
        let mut results: Vec<Option<Issued>> = vec![None; reqs.len()];
        let mut todo = Vec::new();
        for (i, r) in reqs.iter().enumerate() {
            if let Some(key) = &r.idempotency_key {
                if let Some(existing) = self.store()?.registry.by_idempotency_key(key)? {
                    let credential = self.credential(&existing.id)?;
                    results[i] = Some(Issued {
                        record: existing,
                        credential,
                        new: false,
                    });
                    continue;
                }
            }
            todo.push(i);
        }
        let new_lists = {
            let mut status = self
                .store()?
                .status
                .lock()
                .map_err(|_| IssuerError::Cohort("status allocation lock poisoned".into()))?;
            status.allocate(todo.len())
        };
        let (slots, opened) = new_lists;
        for list in opened {
            self.publish_status(list)?;
        }
        let template =
            credential::Template::new(spec, &self.profile, &self.did, &self.achievement_id(spec));
        let template = &template;
        let threads = threads.max(1).min(todo.len().max(1));
        let done = std::sync::atomic::AtomicUsize::new(0);
        let prepared: Vec<Result<(usize, Record, String)>> = std::thread::scope(|scope| {
            let chunk = todo.len().div_ceil(threads).max(1);
            let handles: Vec<_> = todo
                .chunks(chunk)
                .zip(slots.chunks(chunk))
                .map(|(idx, sl)| {
                    let reqs = &reqs;
                    let done = &done;
                    scope.spawn(move || {
                        // Each thread its own template, to lend its parts to documents.
                        let mut template = template.clone();
                        idx.iter()
                            .zip(sl)
                            .map(|(i, slot)| {
                                let r = self
                                    .prepare(spec, &mut template, &reqs[*i], *slot, now)
                                    .and_then(|(rec, text)| {
                                        signed(&rec, &text)?;
                                        Ok((*i, rec, text))
                                    });
                                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                                progress(n);
                                r
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(v) => v,
                    Err(_) => vec![Err(IssuerError::Cohort("a signing thread panicked".into()))],
                })
                .collect()
        });
        let mut entries = Vec::with_capacity(prepared.len());
        let mut positions = Vec::with_capacity(prepared.len());
        for p in prepared {
            let (i, mut rec, text) = p?;
            rec.renews = opts.renews.clone();
            positions.push(i);
            entries.push((rec, text));
        }
        self.store()?.registry.record(&entries)?;
        for (i, (record, credential)) in positions.into_iter().zip(entries) {
            results[i] = Some(Issued {
                record,
                credential,
                new: true,
            });
        }
        Ok(results.into_iter().flatten().collect())
    }

    /// The one status entry of a credential at `index` of list `list`.
    pub fn status_entry(&self, list: u32, index: u32) -> Value {
        crate::status::message_entry(
            &self.status_list_url(StatusPurpose::Message, list),
            index,
            &self.status_reference_url(),
        )
    }

    /// Where the status messages of this issuer's entries are explained.
    pub fn status_reference_url(&self) -> String {
        format!("{}/status/messages", self.config.base_url)
    }

    /// Signs a credential the caller wrote (the W3C VC-API way), as given: VC 2.0, or
    /// VC 1.1 as Data Integrity. It must conform to the data model and name this issuer
    /// (or no issuer); otherwise it is refused with every problem found, never
    /// rewritten. Only what is missing is added: this issuer, an `id`, `validFrom`
    /// (`issuanceDate` for 1.1) and, when the caller gave no `credentialStatus`, this
    /// issuer's status entry (VC 2.0 only). A caller's own `credentialStatus` is kept as
    /// it is, and this issuer then keeps no status for the credential.
    pub fn issue_document(&self, unsigned: Value, format: Format) -> Result<Issued> {
        use microcred_model::validate::{vcdm, Problem, ProblemKind, Report, Severity};
        let mut doc = unsigned;
        // Fill in the issuer where the caller left it out (not where it is null).
        match doc.get_mut("issuer") {
            Some(Value::Object(o)) if !o.contains_key("id") => {
                o.insert("id".into(), json!(self.did));
            }
            Some(_) => {}
            None => {
                if let Value::Object(m) = &mut doc {
                    m.insert("issuer".into(), json!(self.did));
                }
            }
        }
        let mut report = validate::validate_vc_document(&doc);
        let mut problem = |path: &str, kind: ProblemKind| {
            report.problems.push(Problem {
                path: path.into(),
                severity: Severity::Error,
                kind,
            })
        };
        let version = vcdm::version(&doc);
        if let Some(given) = doc.get("issuer").and_then(|i| i.get("id").or(Some(i))) {
            if let Some(g) = given.as_str().filter(|g| *g != self.did) {
                let path = if doc["issuer"].is_object() {
                    "$.issuer.id"
                } else {
                    "$.issuer"
                };
                problem(
                    path,
                    ProblemKind::ForeignIssuer {
                        given: g.to_string(),
                        ours: self.did.clone(),
                    },
                );
            }
        }
        if doc.get("proof").is_some() {
            problem("$.proof", ProblemKind::AlreadySigned);
        }
        if version == Some(vcdm::Version::V1_1) && format != Format::DataIntegrity {
            // VC-JOSE and SD-JWT VC secure VC 2.0 documents only.
            problem(
                "$[\"@context\"][0]",
                ProblemKind::ContextNotFirst {
                    expected: vcdm::VC_V2.into(),
                },
            );
        }
        let given_id = doc.get("id").and_then(Value::as_str).map(str::to_string);
        if let Some(id) = &given_id {
            if self.store()?.registry.get(id)?.is_some() {
                problem("$.id", ProblemKind::AlreadyIssued { id: id.clone() });
            }
        }
        if !report.is_valid() {
            return Err(IssuerError::Nonconforming(report));
        }
        let Value::Object(mut m) = doc else {
            return Err(IssuerError::Nonconforming(Report::default()));
        };
        let id = given_id.unwrap_or_else(|| format!("urn:uuid:{}", uuid::Uuid::new_v4()));
        m.entry("id").or_insert_with(|| json!(id));
        let now = Utc::now();
        let date = match version {
            Some(vcdm::Version::V1_1) => "issuanceDate",
            _ => "validFrom",
        };
        m.entry(date)
            .or_insert_with(|| json!(now.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
        // A VC 1.1 document gets no entry of ours: BitstringStatusListEntry is a term of
        // the VC 2.0 context, which cannot be added beside 1.1's, and the caller's
        // `@context` is not ours to change.
        let v1 = version == Some(vcdm::Version::V1_1);
        let (list, index) = if m.contains_key("credentialStatus") || v1 {
            (0, 0)
        } else {
            let ((list, index), opened) = {
                let mut status =
                    self.store()?.status.lock().map_err(|_| {
                        IssuerError::Cohort("status allocation lock poisoned".into())
                    })?;
                let (slots, opened) = status.allocate(1);
                (
                    slots
                        .first()
                        .copied()
                        .ok_or_else(|| IssuerError::Cohort("no status slot".into()))?,
                    opened,
                )
            };
            for l in opened {
                self.publish_status(l)?;
            }
            m.insert("credentialStatus".into(), self.status_entry(list, index));
            (list, index)
        };
        let name = m
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| m.get("type").map(|t| t.to_string()).unwrap_or_default());
        let subject = m
            .get("credentialSubject")
            .and_then(|s| s.get("id").or_else(|| s.get("name")))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        // The caller's own status entry (or none, for VC 1.1) stays; ours is made the
        // SD-JWT VC way for an SD-JWT VC.
        let extras = if list == 0 {
            format::SdJwtExtras {
                status: None,
                ..self.sd_jwt_extras(list, index)
            }
        } else {
            self.sd_jwt_extras(list, index)
        };
        // A VC 1.1 context does not define DataIntegrityProof: its terms come from the
        // Data Integrity context, added (as the reference implementation's suites do)
        // when the document does not name it, so the proof's terms map to URLs.
        if v1 && format == Format::DataIntegrity {
            if let Some(Value::Array(ctx)) = m.get_mut("@context") {
                let named = ctx.iter().any(|c| {
                    c.as_str()
                        .is_some_and(|u| u.starts_with("https://w3id.org/security/data-integrity/"))
                });
                if !named {
                    ctx.push(json!(DATA_INTEGRITY_V2_CONTEXT));
                }
            }
        }
        let mut doc = Value::Object(m);
        let text = format::sign_document_with(
            format,
            &mut doc,
            &self.key,
            &self.vm,
            now,
            format::ProofForm::Object,
            &extras,
        )
        .map_err(json_ld_problem)?;
        let record = Record {
            id,
            specification: format!("(credential) {name}"),
            learner: subject,
            format,
            status_list: list,
            status_index: index,
            issued_at: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            content_hash: hex::encode(Sha256::digest(text.as_bytes())),
            idempotency_key: None,
            standing: Standing::Active,
            spec_version: None,
            valid_until: None,
            renews: None,
            award: None,
            events: Vec::new(),
        };
        self.store()?
            .registry
            .record(&[(record.clone(), text.clone())])?;
        Ok(Issued {
            record,
            credential: text,
            new: true,
        })
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

    /// A record whose status this issuer keeps (not one whose requester gave its own).
    pub(crate) fn get_with_status(&self, id: &str) -> Result<Record> {
        let rec = self.get(id)?;
        if rec.status_list == 0 {
            return Err(IssuerError::NoStatusHere(id.to_string()));
        }
        Ok(rec)
    }

    pub(crate) fn now_s() -> String {
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// Revokes a credential for good (see [`Issuer::revoke_by`]), by an unnamed operator.
    pub fn revoke(&self, id: &str, reason: &str) -> Result<Record> {
        self.revoke_by(id, reason, crate::standing::UNNAMED)
    }

    /// Suspends a credential (see [`Issuer::suspend_by`]), by an unnamed operator.
    pub fn suspend(&self, id: &str, reason: Option<&str>) -> Result<Record> {
        self.suspend_by(id, reason, crate::standing::UNNAMED)
    }

    /// Lifts a suspension (see [`Issuer::reinstate_by`]), by an unnamed operator.
    pub fn unsuspend(&self, id: &str) -> Result<Record> {
        self.reinstate_by(id, crate::standing::UNNAMED)
    }

    pub(crate) fn registry_store(&self) -> Result<&dyn Registry> {
        Ok(self.store()?.registry.as_ref())
    }

    /// Re-signs and writes the status lists of list number `list` from the registry
    /// (the `message` list every credential now points to, two bits each, and the
    /// revocation and suspension lists that credentials issued before it point to),
    /// then clears the registry's mark that the list is to be published (unless a
    /// standing changed meanwhile).
    pub fn publish_status(&self, list: u32) -> Result<()> {
        if list == 0 {
            return Ok(());
        }
        let _one = self
            .publishing
            .lock()
            .map_err(|_| IssuerError::Cohort("status publication lock poisoned".into()))?;
        let registry = &self.opened()?.registry;
        let generation = registry
            .pending_lists()?
            .into_iter()
            .find_map(|(l, g)| (l == list).then_some(g));
        fs::create_dir_all(self.dir.join("status")).map_err(io(&self.dir))?;
        let records = registry.list(&Filter::default())?;
        let on_list: Vec<&Record> = records.iter().filter(|r| r.status_list == list).collect();
        for purpose in [
            StatusPurpose::Message,
            StatusPurpose::Revocation,
            StatusPurpose::Suspension,
        ] {
            let bits = if purpose == StatusPurpose::Message {
                crate::status::message_list(
                    self.config.status_list_size,
                    on_list
                        .iter()
                        .map(|r| (r.status_index, crate::status::value_of(&r.standing))),
                )
            } else {
                let mut bits = microcred_core::status::Bitstring::new(self.config.status_list_size);
                for r in &on_list {
                    let set = matches!(
                        (purpose, &r.standing),
                        (StatusPurpose::Revocation, Standing::Revoked { .. })
                            | (StatusPurpose::Suspension, Standing::Suspended { .. })
                    );
                    if set {
                        bits.set(r.status_index as usize, true)?;
                    }
                }
                bits
            };
            let url = self.status_list_url(purpose, list);
            // The size and messages of a `message` list are stated by each entry
            // (`statusSize`, `statusMessage`): the credentials context defines them for
            // BitstringStatusListEntry only, and its protected BitstringStatusList
            // context does not expand them on the list.
            let subject = json!({
                "id": format!("{url}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": purpose.as_str(),
                "encodedList": bits.encode(),
            });
            let unsigned = json!({
                "@context": [credential::VC_V2_CONTEXT],
                "id": url,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "issuer": self.did,
                "validFrom": Self::now_s(),
                "credentialSubject": subject,
            });
            // A P-256 issuer cannot make eddsa-rdfc-2022 proofs: its lists are VC-JOSE.
            let list_format = match self.key.key_type() {
                KeyType::Ed25519 => Format::DataIntegrity,
                KeyType::P256 => Format::Jwt,
            };
            let mut unsigned = unsigned;
            let signed = format::sign_document_with(
                list_format,
                &mut unsigned,
                &self.key,
                &self.vm,
                Utc::now(),
                format::ProofForm::Object,
                &format::SdJwtExtras::default(),
            )?;
            write_atomic(&self.status_list_path(purpose, list), signed.as_bytes())?;
        }
        self.publish_status_token(list, &records)?;
        if let Some(g) = generation {
            registry.published(list, g)?;
        }
        Ok(())
    }

    /// The IETF Token Status List token of list `list` (draft section 5.1): two bits per
    /// credential, 1 revoked, 2 suspended; signed like the issuer's credentials.
    fn publish_status_token(&self, list: u32, records: &[Record]) -> Result<()> {
        use microcred_core::tsl::{self, StatusList};
        let mut sl = StatusList::new(self.config.status_list_size, 2)?;
        for r in records.iter().filter(|r| r.status_list == list) {
            let v = match r.standing {
                Standing::Revoked { .. } => tsl::INVALID,
                Standing::Suspended { .. } => tsl::SUSPENDED,
                Standing::Active => continue,
            };
            sl.set(r.status_index as u64, v)?;
        }
        // With a certificate the token is signed as the credentials are (HAIP 1.0 section
        // 6.1.1 asks for the `x5c` on status list tokens too), so its `iss` is theirs.
        let iss = match &self.certificate {
            Some(c) => c.iss.clone(),
            None => self.did.clone(),
        };
        let payload = json!({
            "iss": iss,
            "sub": self.status_token_url(list),
            "iat": Utc::now().timestamp(),
            "ttl": 300,
            "status_list": sl.to_claim(),
        });
        let bytes = payload.to_string();
        let jwt = match &self.certificate {
            Some(c) => {
                let signer = self.key.jws_signer(None);
                microcred_core::jose::sign_with_x5c(
                    bytes.as_bytes(),
                    tsl::TYP,
                    signer.as_ref(),
                    &c.chain,
                )?
            }
            None => {
                let signer = self.key.jws_signer(Some(self.vm.clone()));
                microcred_core::jose::sign(bytes.as_bytes(), tsl::TYP, signer.as_ref())?
            }
        };
        write_atomic(&self.status_token_path(list), jwt.as_bytes())
    }

    /// Puts a certificate chain (PEM) in place for the active signing key, replacing any
    /// earlier one (a renewed certificate), after the checks of `issuer init
    /// --certificate`; the status list tokens are signed again so they carry it too.
    /// Like [`Issuer::rotate_key`] it needs the registry, so not while a server holds it.
    pub fn set_certificate(self, pem: &str) -> Result<(Issuer, CertificateInUse)> {
        let (x5c, in_use) = check_certificate(
            pem,
            &self.key,
            &self.config.base_url,
            Utc::now().timestamp(),
        )?;
        let last = self.store()?.registry.last_list()?;
        let path = certificate_path(&self.dir, &self.config.active_key);
        let text: String = x5c
            .iter()
            .map(|c| microcred_core::x509::to_pem(c))
            .collect();
        microcred_core::files::write_atomic(&path, text.as_bytes(), true).map_err(io(&path))?;
        let dir = self.dir.clone();
        drop(self);
        let issuer = Issuer::open(&dir)?;
        for list in 1..=last {
            issuer.publish_status(list)?;
        }
        Ok((issuer, in_use))
    }

    /// What the active key's certificate says, when it has one.
    pub fn certificate_info(&self) -> Option<microcred_core::x509::CertInfo> {
        self.certificate
            .as_ref()
            .and_then(|c| c.chain.first())
            .and_then(|leaf| microcred_core::x509::info(leaf).ok())
    }

    /// Adds a new signing key to a did:web issuer. Earlier keys stay in the DID document
    /// (so earlier credentials still verify); new credentials and status lists are signed
    /// with the new key.
    pub fn rotate_key(self) -> Result<Issuer> {
        let kind = self.key.key_type();
        self.rotate_key_to(kind)
    }

    /// [`Issuer::rotate_key`] to a key of `kind` (an Ed25519 issuer may move to P-256 for
    /// EUDI wallets; its old Ed25519 credentials keep verifying).
    pub fn rotate_key_to(self, kind: KeyType) -> Result<Issuer> {
        if self.config.did_web.is_none() {
            return Err(IssuerError::CannotRotateDidKey);
        }
        // The registry first: when a running server holds it, this fails here, before
        // any key or document is written.
        let last = self.store()?.registry.last_list()?;
        let mut doc = self.did_document()?;
        let n = doc.verification_method.len() + 1;
        let name = format!("key-{n}");
        let key = SigningKey::generate(kind);
        key.write_new(&self.dir.join("keys").join(format!("{name}.jwk")))?;
        doc.add_key(format!("{}#{name}", self.did), key.public());
        write_atomic(&self.dir.join("did.json"), &pretty(&doc))?;
        let mut config = self.config.clone();
        config.active_key = name;
        write_atomic(&self.dir.join("config.json"), &pretty(&config))?;
        let dir = self.dir.clone();
        drop(self);
        let issuer = Issuer::open(&dir)?;
        for list in 1..=last {
            issuer.publish_status(list)?;
        }
        Ok(issuer)
    }
}
