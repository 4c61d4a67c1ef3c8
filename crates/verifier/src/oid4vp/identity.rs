//! Who the verifier is to a wallet: an X.509 certificate chain and its P-256 key, from
//! which the client identifier (`x509_hash:` or `x509_san_dns:`) follows.
//!
//! HAIP 1.0 section 5: the request is signed, the leaf certificate MUST NOT be
//! self-signed and the trust anchor MUST NOT be in `x5c`. So a first run makes a small
//! CA of its own (`ca.pem`, which wallets may choose to trust) and a leaf issued by it;
//! a provider with a certificate from a real CA gives that instead.
//!
//! ```text
//! DIR/ca.pem            the anchor (public; never sent in x5c)
//! DIR/certificate.pem   the leaf, then any intermediates
//! DIR/key.jwk           the leaf's P-256 key, mode 0600
//! ```

use std::path::Path;

use microcred_core::es256::P256Secret;
use microcred_core::x509;
use serde_json::Value;

/// How the verifier names itself to wallets (OpenID4VP 1.0 section 5.9.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientIdPrefix {
    /// `x509_hash:<base64url SHA-256 of the leaf>`: the one HAIP requires.
    X509Hash,
    /// `x509_san_dns:<DNS name in the leaf's SAN>`.
    X509SanDns,
}

#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("verifier identity {path}: {reason}")]
    File { path: String, reason: String },
    #[error("verifier certificate: {0}")]
    Certificate(String),
}

/// The verifier's certificate chain (leaf first, no anchor) and signing key.
pub struct VerifierIdentity {
    chain: Vec<Vec<u8>>,
    key: P256Secret,
    client_id: String,
    /// Names the wallet shows: the leaf's DNS names and subject.
    pub dns_names: Vec<String>,
    pub subject: String,
}

fn file_err(path: &Path, reason: impl ToString) -> IdentityError {
    IdentityError::File {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

impl VerifierIdentity {
    /// An identity from a certificate chain (PEM, leaf first) and the leaf's key.
    pub fn new(
        chain: Vec<Vec<u8>>,
        key: P256Secret,
        prefix: ClientIdPrefix,
    ) -> Result<Self, IdentityError> {
        let leaf = chain
            .first()
            .ok_or_else(|| IdentityError::Certificate("no certificate".into()))?;
        let info = x509::info(leaf).map_err(|e| IdentityError::Certificate(e.to_string()))?;
        if info.self_signed {
            return Err(IdentityError::Certificate(
                "the certificate is self-signed; HAIP requires one issued by a CA".into(),
            ));
        }
        let cert_key =
            x509::p256_key(leaf).map_err(|e| IdentityError::Certificate(e.to_string()))?;
        if cert_key != key.public() {
            return Err(IdentityError::Certificate(
                "the key does not belong to the certificate".into(),
            ));
        }
        let client_id = match prefix {
            ClientIdPrefix::X509Hash => format!("x509_hash:{}", info.hash),
            ClientIdPrefix::X509SanDns => {
                let dns = info.dns_names.first().ok_or_else(|| {
                    IdentityError::Certificate(
                        "x509_san_dns needs a DNS name in the certificate".into(),
                    )
                })?;
                format!("x509_san_dns:{dns}")
            }
        };
        Ok(VerifierIdentity {
            chain,
            key,
            client_id,
            dns_names: info.dns_names,
            subject: info.subject,
        })
    }

    /// Opens the identity in `dir`, making one on first use: a CA of its own and a leaf
    /// for `hosts` (DNS names or IP addresses), valid for two years.
    pub fn open_or_create(
        dir: &Path,
        hosts: &[String],
        prefix: ClientIdPrefix,
    ) -> Result<Self, IdentityError> {
        let cert = dir.join("certificate.pem");
        let key = dir.join("key.jwk");
        if !cert.exists() {
            create(dir, hosts)?;
        }
        Self::from_files(&cert, &key, prefix)
    }

    /// Reads a PEM chain and a key: a P-256 JWK or a PKCS#8 PEM private key. A key file
    /// that others may read is refused.
    pub fn from_files(
        cert: &Path,
        key: &Path,
        prefix: ClientIdPrefix,
    ) -> Result<Self, IdentityError> {
        let pem = std::fs::read_to_string(cert).map_err(|e| file_err(cert, e))?;
        let chain = x509::pem_certificates(&pem).map_err(|e| file_err(cert, e))?;
        let text =
            microcred_core::files::read_secret(key, 16 * 1024).map_err(|e| file_err(key, e))?;
        let secret = if text.trim_start().starts_with('{') {
            let jwk: Value = serde_json::from_str(&text).map_err(|_| file_err(key, "not JSON"))?;
            P256Secret::from_jwk(&jwk).map_err(|e| file_err(key, e))?
        } else {
            P256Secret::from_pkcs8_pem(&text).map_err(|e| file_err(key, e))?
        };
        Self::new(chain, secret, prefix)
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The `x5c` header value: leaf and intermediates, never the anchor.
    pub fn x5c(&self) -> Value {
        x509::to_x5c(&self.chain)
    }

    pub fn key(&self) -> &P256Secret {
        &self.key
    }
}

/// Makes `DIR/ca.pem`, `DIR/certificate.pem` and `DIR/key.jwk` (0600, in a 0700 dir).
fn create(dir: &Path, hosts: &[String]) -> Result<(), IdentityError> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose,
        PKCS_ECDSA_P256_SHA256,
    };
    let cert_err = |e: rcgen::Error| IdentityError::Certificate(e.to_string());
    std::fs::create_dir_all(dir).map_err(|e| file_err(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| file_err(dir, e))?;
    }
    let now = chrono::Utc::now();
    let ymd = |d: chrono::DateTime<chrono::Utc>| {
        use chrono::Datelike;
        rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
    };
    let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(cert_err)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(cert_err)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.distinguished_name.push(
        DnType::CommonName,
        "microcred verifier CA (made on first run)",
    );
    ca.not_before = ymd(now - chrono::Duration::days(1));
    ca.not_after = ymd(now + chrono::Duration::days(3650));
    let ca_cert = ca.self_signed(&ca_key).map_err(cert_err)?;

    let leaf_key = P256Secret::generate();
    let der = leaf_key
        .to_pkcs8_der()
        .map_err(|e| IdentityError::Certificate(e.to_string()))?;
    let leaf_pair = KeyPair::try_from(der.as_slice()).map_err(cert_err)?;
    let mut leaf = CertificateParams::new(hosts.to_vec()).map_err(cert_err)?;
    leaf.distinguished_name
        .push(DnType::CommonName, "microcred verifier");
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.not_before = ymd(now - chrono::Duration::days(1));
    leaf.not_after = ymd(now + chrono::Duration::days(730));
    let leaf_cert = leaf
        .signed_by(&leaf_pair, &ca_cert, &ca_key)
        .map_err(cert_err)?;

    let write = |name: &str, bytes: &[u8], private: bool| {
        let p = dir.join(name);
        microcred_core::files::write_atomic(&p, bytes, private).map_err(|e| file_err(&p, e))
    };
    write("key.jwk", leaf_key.to_jwk().as_bytes(), true)?;
    write("ca.pem", x509::to_pem(ca_cert.der()).as_bytes(), false)?;
    write(
        "certificate.pem",
        x509::to_pem(leaf_cert.der()).as_bytes(),
        false,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_makes_a_ca_signed_identity_that_opens_again() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("verifier");
        let hosts = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let a = VerifierIdentity::open_or_create(&d, &hosts, ClientIdPrefix::X509Hash).unwrap();
        assert!(a.client_id().starts_with("x509_hash:"));
        let b = VerifierIdentity::open_or_create(&d, &hosts, ClientIdPrefix::X509SanDns).unwrap();
        assert_eq!(b.client_id(), "x509_san_dns:localhost");
        assert_eq!(a.key().public(), b.key().public());
        // The chain leads to the CA it made, which is not in x5c.
        let ca =
            x509::pem_certificates(&std::fs::read_to_string(d.join("ca.pem")).unwrap()).unwrap();
        let chain = x509::parse_x5c(&a.x5c()).unwrap();
        assert_eq!(chain.len(), 1);
        assert_eq!(
            x509::verify_chain(&chain, &ca, chrono::Utc::now().timestamp()),
            Ok(0)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(d.join("key.jwk"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(d.join("key.jwk"), std::fs::Permissions::from_mode(0o644))
                .unwrap();
            assert!(
                VerifierIdentity::open_or_create(&d, &hosts, ClientIdPrefix::X509Hash).is_err()
            );
        }
    }

    #[test]
    fn a_key_of_another_certificate_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        VerifierIdentity::open_or_create(&a, &["localhost".into()], ClientIdPrefix::X509Hash)
            .unwrap();
        let chain =
            x509::pem_certificates(&std::fs::read_to_string(a.join("certificate.pem")).unwrap())
                .unwrap();
        assert!(
            VerifierIdentity::new(chain, P256Secret::generate(), ClientIdPrefix::X509Hash).is_err()
        );
    }
}
