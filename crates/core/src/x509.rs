//! X.509 certificate chains in JOSE `x5c` headers: an issuer's SD-JWT VC (HAIP 1.0
//! section 6.1.1) and a verifier's signed OpenID4VP request (`x509_hash`,
//! `x509_san_dns`).
//!
//! Nothing about X.509 is written here that a maintained crate does: `x509-parser` reads
//! certificates (names, SANs, the public key), `rustls-webpki` builds and checks the path
//! to a trust anchor (signatures, validity, basic constraints, name constraints).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rustls_pki_types::{CertificateDer, UnixTime};
use serde_json::Value;
use sha2::{Digest, Sha256};
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeIdIter};
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::pubkey::VerifyingKey;

/// Most certificates accepted in one `x5c` (leaf, intermediates).
pub const MAX_CHAIN: usize = 8;
const MAX_CERT_BYTES: usize = 16 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum X509Error {
    #[error("x5c is malformed: {0}")]
    Malformed(String),
    #[error("the certificate is not usable: {0}")]
    BadCertificate(String),
    #[error("the certificate chain does not lead to a trusted anchor: {0}")]
    Untrusted(String),
    #[error("the leaf certificate is self-signed (HAIP requires one issued by a CA)")]
    SelfSigned,
    #[error("the leaf certificate's key is not P-256")]
    NotP256,
    /// A certificate of the chain had expired at the time checked (its `notAfter`, as
    /// YYYY-MM-DD).
    #[error("a certificate of the chain expired on {0}")]
    Expired(String),
    /// A certificate of the chain was not yet valid at the time checked (`notBefore`).
    #[error("a certificate of the chain is valid only from {0}")]
    NotYetValid(String),
}

/// The DER certificates of a JOSE `x5c` header (standard base64, leaf first).
pub fn parse_x5c(x5c: &Value) -> Result<Vec<Vec<u8>>, X509Error> {
    let arr = x5c
        .as_array()
        .ok_or_else(|| X509Error::Malformed("not an array".into()))?;
    if arr.is_empty() || arr.len() > MAX_CHAIN {
        return Err(X509Error::Malformed(format!(
            "must hold 1 to {MAX_CHAIN} certificates"
        )));
    }
    arr.iter()
        .map(|c| {
            let s = c
                .as_str()
                .ok_or_else(|| X509Error::Malformed("an entry is not a string".into()))?;
            if s.len() > MAX_CERT_BYTES * 2 {
                return Err(X509Error::Malformed("a certificate is too large".into()));
            }
            STANDARD
                .decode(s)
                .map_err(|_| X509Error::Malformed("an entry is not base64".into()))
        })
        .collect()
}

/// `x5c` for a chain of DER certificates.
pub fn to_x5c(chain: &[Vec<u8>]) -> Value {
    Value::Array(
        chain
            .iter()
            .map(|c| Value::String(STANDARD.encode(c)))
            .collect(),
    )
}

/// Reads PEM text holding one or more certificates, in order.
pub fn pem_certificates(pem: &str) -> Result<Vec<Vec<u8>>, X509Error> {
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let body_start = start + "-----BEGIN CERTIFICATE-----".len();
        let end = rest[body_start..]
            .find("-----END CERTIFICATE-----")
            .ok_or_else(|| X509Error::Malformed("a PEM certificate has no end line".into()))?;
        let body: String = rest[body_start..body_start + end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        out.push(
            STANDARD
                .decode(body)
                .map_err(|_| X509Error::Malformed("a PEM certificate is not base64".into()))?,
        );
        rest = &rest[body_start + end..];
        if out.len() > MAX_CHAIN {
            return Err(X509Error::Malformed("too many certificates".into()));
        }
    }
    if out.is_empty() {
        return Err(X509Error::Malformed("no PEM certificate found".into()));
    }
    Ok(out)
}

/// PEM text for a DER certificate.
pub fn to_pem(der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut s = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push('\n');
    }
    s.push_str("-----END CERTIFICATE-----\n");
    s
}

fn parse(der: &[u8]) -> Result<X509Certificate<'_>, X509Error> {
    X509Certificate::from_der(der)
        .map(|(_, c)| c)
        .map_err(|e| X509Error::BadCertificate(e.to_string()))
}

/// The `x509_hash` of a certificate: base64url(SHA-256(DER)).
pub fn hash(der: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(der))
}

/// What a person needs to know about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub dns_names: Vec<String>,
    pub uris: Vec<String>,
    /// base64url SHA-256 of the DER certificate.
    pub hash: String,
    pub not_before: i64,
    pub not_after: i64,
    pub self_signed: bool,
}

pub fn info(der: &[u8]) -> Result<CertInfo, X509Error> {
    let c = parse(der)?;
    let mut dns_names = Vec::new();
    let mut uris = Vec::new();
    if let Ok(Some(san)) = c.subject_alternative_name() {
        for n in &san.value.general_names {
            match n {
                GeneralName::DNSName(d) => dns_names.push(d.to_string()),
                GeneralName::URI(u) => uris.push(u.to_string()),
                _ => {}
            }
        }
    }
    Ok(CertInfo {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        self_signed: c.subject().as_raw() == c.issuer().as_raw(),
        not_before: c.validity().not_before.timestamp(),
        not_after: c.validity().not_after.timestamp(),
        dns_names,
        uris,
        hash: hash(der),
    })
}

/// The P-256 key of a certificate (the leaf of an `x5c`).
pub fn p256_key(der: &[u8]) -> Result<VerifyingKey, X509Error> {
    let c = parse(der)?;
    crate::es256::public_from_spki_der(c.public_key().raw).map_err(|_| X509Error::NotP256)
}

/// Accepts any extended key usage: what a certificate may sign here is decided by the
/// trust list that names its anchor, not by EKU values no profile fixes yet.
struct AnyUsage;

impl ExtendedKeyUsageValidator for AnyUsage {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        for id in iter {
            id?;
        }
        Ok(())
    }
}

const ALGS: &[&dyn rustls_pki_types::SignatureVerificationAlgorithm] = &[
    webpki::ring::ECDSA_P256_SHA256,
    webpki::ring::ECDSA_P256_SHA384,
    webpki::ring::ECDSA_P384_SHA256,
    webpki::ring::ECDSA_P384_SHA384,
    webpki::ring::ED25519,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256,
    webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
];

/// Checks that `chain` (leaf first) leads to one of `anchors` (DER certificates) at
/// time `now` (Unix seconds); returns the index of the anchor it leads to. The leaf must
/// not be self-signed (HAIP: "The X.509 certificate signing the request MUST NOT be
/// self-signed").
pub fn verify_chain(chain: &[Vec<u8>], anchors: &[Vec<u8>], now: i64) -> Result<usize, X509Error> {
    let leaf = chain
        .first()
        .ok_or_else(|| X509Error::Malformed("empty chain".into()))?;
    if info(leaf)?.self_signed {
        return Err(X509Error::SelfSigned);
    }
    let anchor_ders: Vec<CertificateDer<'_>> = anchors
        .iter()
        .map(|a| CertificateDer::from(a.as_slice()))
        .collect();
    let trust: Vec<_> = anchor_ders
        .iter()
        .filter_map(|a| webpki::anchor_from_trusted_cert(a).ok())
        .collect();
    if trust.is_empty() {
        return Err(X509Error::Untrusted(
            "no trust anchors are configured".into(),
        ));
    }
    let leaf_der = CertificateDer::from(leaf.as_slice());
    let ee = EndEntityCert::try_from(&leaf_der)
        .map_err(|e| X509Error::BadCertificate(format!("{e:?}")))?;
    let intermediates: Vec<CertificateDer<'_>> = chain[1..]
        .iter()
        .map(|c| CertificateDer::from(c.as_slice()))
        .collect();
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(now.max(0) as u64));
    let path = ee
        .verify_for_usage(ALGS, &trust, &intermediates, time, AnyUsage, None, None)
        .map_err(|e| match e {
            webpki::Error::CertExpired { not_after, .. } => {
                X509Error::Expired(day(not_after.as_secs()))
            }
            webpki::Error::CertNotValidYet { not_before, .. } => {
                X509Error::NotYetValid(day(not_before.as_secs()))
            }
            e => X509Error::Untrusted(format!("{e:?}")),
        })?;
    let spki = path.anchor().subject_public_key_info.as_ref();
    trust
        .iter()
        .position(|t| t.subject_public_key_info.as_ref() == spki)
        .ok_or_else(|| X509Error::Untrusted("anchor not found".into()))
}

/// A Unix time as the day it falls on (UTC), for messages.
fn day(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| secs.to_string())
}

/// [`verify_chain`], where an anchor may also be the leaf certificate itself (a verifier
/// that knows one issuer's certificate, not its CA: a server trusting its own issuer).
/// A pinned leaf counts only while it is valid at `now`; it is compared byte for byte,
/// so nothing else about the chain matters.
pub fn verify_chain_or_pinned(
    chain: &[Vec<u8>],
    anchors: &[Vec<u8>],
    now: i64,
) -> Result<usize, X509Error> {
    let leaf = chain
        .first()
        .ok_or_else(|| X509Error::Malformed("empty chain".into()))?;
    if let Some(i) = anchors.iter().position(|a| a == leaf) {
        let c = parse(leaf)?;
        if c.subject().as_raw() == c.issuer().as_raw() {
            return Err(X509Error::SelfSigned);
        }
        let v = c.validity();
        if now > v.not_after.timestamp() {
            return Err(X509Error::Expired(day(
                v.not_after.timestamp().max(0) as u64
            )));
        }
        if now < v.not_before.timestamp() {
            return Err(X509Error::NotYetValid(day(
                v.not_before.timestamp().max(0) as u64
            )));
        }
        return Ok(i);
    }
    verify_chain(chain, anchors, now)
}

/// Whether the leaf certificate `leaf` names `url`: a `uniformResourceIdentifier` SAN
/// equal to it, or, for an `https` URL, its host matched by a `dNSName` SAN (matched by
/// rustls-webpki as TLS matches names, wildcards included). SD-JWT VC up to draft -09
/// and the HAIP drafts before 1.0 asked this of an `iss` beside an `x5c`; later drafts
/// make the certificate's subject the issuer and leave `iss` free, so an issuer that
/// meets the older rule is read correctly by verifiers of every draft.
pub fn names_url(leaf: &[u8], url: &str) -> bool {
    let Ok(i) = info(leaf) else {
        return false;
    };
    if i.uris.iter().any(|u| u == url) {
        return true;
    }
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    if parsed.scheme() != "https" {
        return false;
    }
    let Some(url::Host::Domain(host)) = parsed.host() else {
        return false;
    };
    let Ok(name) = rustls_pki_types::ServerName::try_from(host.to_string()) else {
        return false;
    };
    let der = CertificateDer::from(leaf);
    EndEntityCert::try_from(&der)
        .map(|ee| ee.verify_is_valid_for_subject_name(&name).is_ok())
        .unwrap_or(false)
}

/// A chain split by [`split_root`]: the `x5c` certificates, and the root if one was last.
pub type Split = (Vec<Vec<u8>>, Option<Vec<u8>>);

/// Splits a chain as a certificate authority hands it out (leaf first, perhaps ending
/// with its root) into what goes into an `x5c` and the self-signed root, if one is last:
/// HAIP 1.0 (section 6.1.1) keeps the trust anchor out of the `x5c`.
pub fn split_root(mut chain: Vec<Vec<u8>>) -> Result<Split, X509Error> {
    if chain.len() > 1 {
        if let Some(last) = chain.last() {
            if info(last)?.self_signed {
                let root = chain.pop();
                return Ok((chain, root));
            }
        }
    }
    Ok((chain, None))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair, PKCS_ECDSA_P256_SHA256};

    /// A test CA and a leaf issued by it: (ca DER, leaf DER, leaf key PKCS#8).
    pub fn ca_and_leaf(dns: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "Test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let leaf_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut leaf = CertificateParams::new(vec![dns.to_string()]).unwrap();
        leaf.distinguished_name
            .push(rcgen::DnType::CommonName, "Test leaf");
        leaf.not_before = rcgen::date_time_ymd(2025, 1, 1);
        leaf.not_after = rcgen::date_time_ymd(2040, 1, 1);
        let leaf_cert = leaf.signed_by(&leaf_key, &ca_cert, &ca_key).unwrap();
        (
            ca_cert.der().to_vec(),
            leaf_cert.der().to_vec(),
            leaf_key.serialize_der(),
        )
    }

    #[test]
    fn chains_verify_to_their_anchor_only() {
        let (ca, leaf, key) = ca_and_leaf("verifier.example");
        let (other_ca, _, _) = ca_and_leaf("x.example");
        let now = chrono::Utc::now().timestamp();
        assert_eq!(
            verify_chain(
                std::slice::from_ref(&leaf),
                &[other_ca.clone(), ca.clone()],
                now
            ),
            Ok(1)
        );
        assert!(matches!(
            verify_chain(std::slice::from_ref(&leaf), &[other_ca], now),
            Err(X509Error::Untrusted(_))
        ));
        assert_eq!(
            verify_chain(std::slice::from_ref(&ca), std::slice::from_ref(&ca), now),
            Err(X509Error::SelfSigned)
        );
        // After it expired (2041-01-01), and before it was valid.
        assert!(verify_chain(
            std::slice::from_ref(&leaf),
            std::slice::from_ref(&ca),
            2_240_611_200
        )
        .is_err());
        assert!(verify_chain(
            std::slice::from_ref(&leaf),
            std::slice::from_ref(&ca),
            1_700_000_000
        )
        .is_err());
        let i = info(&leaf).unwrap();
        assert_eq!(i.dns_names, vec!["verifier.example"]);
        assert!(i.subject.contains("Test leaf") && i.issuer.contains("Test CA"));
        assert_eq!(i.hash, hash(&leaf));
        let k = crate::es256::P256Secret::from_pkcs8_der(&key).unwrap();
        assert_eq!(p256_key(&leaf).unwrap(), k.public());
        let x5c = to_x5c(std::slice::from_ref(&leaf));
        assert_eq!(parse_x5c(&x5c).unwrap(), vec![leaf.clone()]);
        assert_eq!(
            pem_certificates(&(to_pem(&leaf) + &to_pem(&ca))).unwrap(),
            vec![leaf, ca]
        );
    }

    #[test]
    fn expiry_pins_names_and_roots() {
        let (ca, leaf, _) = ca_and_leaf("issuer.example");
        let now = chrono::Utc::now().timestamp();
        // Expired and not yet valid are told apart from an unknown anchor.
        assert_eq!(
            verify_chain(
                std::slice::from_ref(&leaf),
                std::slice::from_ref(&ca),
                2_240_611_200
            ),
            Err(X509Error::Expired("2040-01-01".into()))
        );
        assert!(matches!(
            verify_chain(
                std::slice::from_ref(&leaf),
                std::slice::from_ref(&ca),
                1_700_000_000
            ),
            Err(X509Error::NotYetValid(_))
        ));
        // A pinned leaf is trusted as itself, within its dates.
        assert_eq!(
            verify_chain_or_pinned(
                std::slice::from_ref(&leaf),
                std::slice::from_ref(&leaf),
                now
            ),
            Ok(0)
        );
        assert_eq!(
            verify_chain_or_pinned(
                std::slice::from_ref(&leaf),
                std::slice::from_ref(&leaf),
                2_240_611_200
            ),
            Err(X509Error::Expired("2040-01-01".into()))
        );
        assert_eq!(
            verify_chain_or_pinned(std::slice::from_ref(&leaf), std::slice::from_ref(&ca), now),
            Ok(0)
        );
        // Names: the host of an https URL against the DNS SANs.
        assert!(names_url(&leaf, "https://issuer.example"));
        assert!(names_url(&leaf, "https://issuer.example/path"));
        assert!(!names_url(&leaf, "http://issuer.example"));
        assert!(!names_url(&leaf, "https://other.example"));
        assert!(!names_url(&leaf, "did:web:issuer.example"));
        assert!(!names_url(b"garbage", "https://issuer.example"));
        // The root goes, the leaf stays.
        let (x5c, root) = split_root(vec![leaf.clone(), ca.clone()]).unwrap();
        assert_eq!((x5c, root), (vec![leaf.clone()], Some(ca.clone())));
        let (x5c, root) = split_root(vec![leaf.clone()]).unwrap();
        assert_eq!((x5c, root), (vec![leaf], None));
    }

    #[test]
    fn malformed_x5c_is_refused() {
        for bad in [
            serde_json::json!("MII"),
            serde_json::json!([]),
            serde_json::json!([1]),
            serde_json::json!(["!!"]),
            serde_json::json!(vec!["AA"; 9]),
        ] {
            assert!(parse_x5c(&bad).is_err(), "{bad}");
        }
        assert!(info(b"garbage").is_err());
        assert!(pem_certificates("nothing").is_err());
    }
}
