//! The certificate chain of a P-256 key a CA certified: the checks before it is put in
//! place, and reading it back, since SD-JWT VCs and status list tokens carry it as `x5c`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use microcred_core::signing::{KeyType, SigningKey};

use super::Issuer;
use crate::error::{io, IssuerError, Result};
use crate::format;

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
pub(super) fn certificate_path(dir: &Path, key_name: &str) -> PathBuf {
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
pub(super) fn check_certificate(
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
pub(super) fn load_certificate(
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

impl Issuer {
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
        let issuer = self.reread()?;
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
}
