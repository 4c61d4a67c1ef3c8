//! Creating an issuer directory: its key, DID, validated profile and configuration,
//! all checked before anything is written so a refused start leaves nothing behind.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use microcred_core::did::{self, DidDocument};
use microcred_core::keys::SecretKey;
use microcred_core::signing::{KeyType, SigningKey};
use microcred_model::validate;
use microcred_model::IssuerProfile;

use super::certificate::{certificate_path, check_certificate};
use super::keys::{did_web_parts, ProvidedKey};
use super::{pretty, write_atomic, Config, Issuer, DEFAULT_BASE_URL};
use crate::error::{io, IssuerError, Result};

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
}
