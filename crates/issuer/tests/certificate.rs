//! Issuers whose signing key a certificate authority certified: `issuer init
//! --certificate` and `issuer certificate`, and the `x5c` their SD-JWT VCs and status list
//! tokens carry (HAIP 1.0 section 6.1.1). The CA is made here, at test time, with rcgen.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::Path;

use microcred_core::{es256, jose, sdjwt, x509};
use microcred_issuer::{Format, InitOptions, Issuer, IssuerError, ProvidedKey, Request};
use microcred_model::{Award, Learner, Specification};
use microcred_testkit::examples::{self, profile};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, PKCS_ECDSA_P256_SHA256};
use serde_json::Value;

fn spec() -> Specification {
    examples::spec("datan-visualisointi-5op")
}

fn award(spec: &Specification) -> Award {
    Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: Learner {
            name: "Ella Esimerkki".into(),
            did: Some("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
            ..Learner::default()
        },
        issued: "2026-05-29".into(),
        place: None,
        grade: spec
            .grading_scheme
            .as_ref()
            .and_then(|g| g.grades.last())
            .map(|g| g.value.clone()),
        evidence: vec![],
        valid_until: None,
        chosen_units: Vec::new(),
    }
}

/// A test CA: its root and key.
struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name.push(DnType::CommonName, name);
        let cert = p.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    /// A leaf for `key` naming `dns`, valid from `from` to `until` (years).
    fn leaf(&self, key: &KeyPair, dns: &str, from: i32, until: i32) -> String {
        let mut p = CertificateParams::new(vec![dns.to_string()]).unwrap();
        p.distinguished_name
            .push(DnType::CommonName, "Esimerkkiopisto Oy");
        p.not_before = rcgen::date_time_ymd(from, 1, 1);
        p.not_after = rcgen::date_time_ymd(until, 1, 1);
        p.signed_by(key, &self.cert, &self.key).unwrap().pem()
    }

    fn root(&self) -> String {
        self.cert.pem()
    }
}

fn p256() -> (KeyPair, ProvidedKey) {
    let kp = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let provided = ProvidedKey::from_pem(&kp.serialize_pem()).unwrap();
    (kp, provided)
}

fn with_certificate(key: Option<ProvidedKey>, pem: &str) -> InitOptions {
    InitOptions {
        did_web: Some("opisto.example".into()),
        key,
        certificate: Some(pem.to_string()),
        ..InitOptions::default()
    }
}

fn issue_sd_jwt(i: &Issuer) -> String {
    let s = spec();
    i.issue(
        &s,
        Request {
            award: award(&s),
            format: Format::SdJwt,
            idempotency_key: None,
        },
    )
    .unwrap()
    .credential
}

#[test]
fn an_issuer_with_a_certificate_puts_its_chain_in_sd_jwt_vcs_and_status_tokens() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = Ca::new("Testi-CA");
    let (kp, key) = p256();
    let leaf = ca.leaf(&kp, "opisto.example", 2025, 2040);
    // As CAs hand chains out: the leaf, then the root (which stays out of the x5c).
    let pem = format!("{leaf}{}", ca.root());
    let i = Issuer::init(tmp.path(), profile(), with_certificate(Some(key), &pem)).unwrap();
    let chain = i.certificate_chain().unwrap().to_vec();
    assert_eq!(chain, x509::pem_certificates(&leaf).unwrap());
    assert_eq!(i.config().base_url, "https://opisto.example");
    // Kept like the keys: mode 0600 in the 0700 keys directory.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&tmp.path().join("keys/key-1.cert.pem")), 0o600);
        assert_eq!(mode(&tmp.path().join("keys")), 0o700);
    }

    let text = issue_sd_jwt(&i);
    let jwt = sdjwt::split(&text).unwrap().jwt;
    let header = jose::peek_header(jwt).unwrap();
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["typ"], "dc+sd-jwt");
    assert!(header.get("kid").is_none(), "the key is the certificate's");
    assert_eq!(x509::parse_x5c(&header["x5c"]).unwrap(), chain);
    // Signed by the leaf's key; `iss` is the https address the leaf names.
    let leaf_key = x509::p256_key(&chain[0]).unwrap();
    let payload: Value =
        serde_json::from_slice(&es256::verify_jws(jwt, &leaf_key).unwrap()).unwrap();
    assert_eq!(payload["iss"], "https://opisto.example");
    assert!(x509::names_url(&chain[0], payload["iss"].as_str().unwrap()));
    assert_eq!(payload["issuer"]["id"], "did:web:opisto.example");

    // The status list token is signed the same way (HAIP 6.1.1), under the same `iss`.
    let token = std::fs::read_to_string(i.status_token_path(1)).unwrap();
    let header = jose::peek_header(&token).unwrap();
    assert_eq!(x509::parse_x5c(&header["x5c"]).unwrap(), chain);
    let claims: Value =
        serde_json::from_slice(&es256::verify_jws(&token, &leaf_key).unwrap()).unwrap();
    assert_eq!(claims["iss"], "https://opisto.example");

    // VC-JOSE credentials keep the DID's kid: the x5c is the SD-JWT VC profile's.
    let s = spec();
    let jwt = i
        .issue(
            &s,
            Request {
                award: Award {
                    learner: Learner {
                        name: "Oskar".into(),
                        ..award(&s).learner
                    },
                    ..award(&s)
                },
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap()
        .credential;
    let header = jose::peek_header(&jwt).unwrap();
    assert!(header.get("x5c").is_none());
    assert_eq!(header["kid"], "did:web:opisto.example#key-1");

    // Reopened, the issuer reads its chain back.
    drop(i);
    let again = Issuer::open(tmp.path()).unwrap();
    assert_eq!(again.certificate_chain().unwrap(), chain.as_slice());
    let info = again.certificate_info().unwrap();
    assert_eq!(info.dns_names, vec!["opisto.example"]);
}

#[test]
fn a_certificate_for_another_key_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = Ca::new("Testi-CA");
    let (kp, _) = p256();
    let (_, other) = p256();
    let leaf = ca.leaf(&kp, "opisto.example", 2025, 2040);
    let err = Issuer::init(tmp.path(), profile(), with_certificate(Some(other), &leaf))
        .err()
        .unwrap();
    assert!(
        matches!(err, IssuerError::CertificateKeyMismatch { ref subject } if subject.contains("Esimerkkiopisto")),
        "{err}"
    );
    let fi = err.message(microcred_model::Lang::Fi);
    assert!(fi.contains("toiselle avaimelle"), "{fi}");
    assert!(!tmp.path().join("issuer.json").exists());
    assert!(!tmp.path().join("keys/key-1.jwk").exists());
    assert!(!tmp.path().join("keys/key-1.cert.pem").exists());
}

#[test]
fn unusable_certificates_are_refused_each_with_its_reason() {
    let ca = Ca::new("Testi-CA");
    let other_ca = Ca::new("Muu CA");
    let (kp, key) = p256();
    let good = ca.leaf(&kp, "opisto.example", 2025, 2040);
    let init = |opts: InitOptions| {
        let tmp = tempfile::tempdir().unwrap();
        Issuer::init(tmp.path(), profile(), opts).err().unwrap()
    };
    // A certificate without its key: a key made now cannot match.
    assert!(matches!(
        init(with_certificate(None, &good)),
        IssuerError::CertificateNeedsKey
    ));
    // An Ed25519 issuer: certificates go with P-256 (ES256).
    assert!(matches!(
        init(InitOptions {
            seed: Some([1; 32]),
            ..with_certificate(None, &good)
        }),
        IssuerError::CertificateKeyType(_)
    ));
    // Self-signed: HAIP wants a CA's.
    let mut p = CertificateParams::new(vec!["opisto.example".into()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, "Itse");
    let own = p.self_signed(&kp).unwrap().pem();
    assert!(matches!(
        init(with_certificate(Some(key.clone()), &own)),
        IssuerError::CertificateSelfSigned(_)
    ));
    // Another name than the issuer's address (the SD-JWT VC's iss).
    let e = init(with_certificate(
        Some(key.clone()),
        &ca.leaf(&kp, "other.example", 2025, 2040),
    ));
    assert!(
        matches!(e, IssuerError::CertificateDoesNotName { ref url, ref names } if url == "https://opisto.example" && names == "other.example"),
        "{e}"
    );
    // Expired, and not yet valid.
    assert!(matches!(
        init(with_certificate(
            Some(key.clone()),
            &ca.leaf(&kp, "opisto.example", 2019, 2020)
        )),
        IssuerError::CertificateExpired(ref d) if d == "2020-01-01"
    ));
    assert!(matches!(
        init(with_certificate(
            Some(key.clone()),
            &ca.leaf(&kp, "opisto.example", 2090, 2095)
        )),
        IssuerError::CertificateNotYetValid(_)
    ));
    // A root at the end that is not the chain's.
    assert!(matches!(
        init(with_certificate(
            Some(key.clone()),
            &format!("{good}{}", other_ca.root())
        )),
        IssuerError::CertificateChain(_)
    ));
    assert!(matches!(
        init(with_certificate(Some(key), "not a certificate")),
        IssuerError::CertificateChain(_)
    ));
}

#[test]
fn a_certificate_is_added_to_an_issuer_later_and_renewed() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = Ca::new("Testi-CA");
    let (kp, key) = p256();
    // The provider's own P-256 key first, without a certificate: credentials carry a kid.
    let i = Issuer::init(
        tmp.path(),
        profile(),
        InitOptions {
            did_web: Some("opisto.example".into()),
            key: Some(key),
            ..InitOptions::default()
        },
    )
    .unwrap();
    assert!(i.certificate_chain().is_none());
    let before = issue_sd_jwt(&i);
    let header = jose::peek_header(sdjwt::split(&before).unwrap().jwt).unwrap();
    assert!(header.get("x5c").is_none() && header.get("kid").is_some());
    // A certificate for another key is refused, and the issuer stays as it was.
    let (other, _) = p256();
    let wrong = ca.leaf(&other, "opisto.example", 2025, 2040);
    let i = match i.set_certificate(&wrong) {
        Err(IssuerError::CertificateKeyMismatch { .. }) => Issuer::open(tmp.path()).unwrap(),
        other => panic!("{:?}", other.map(|_| ())),
    };
    assert!(i.certificate_chain().is_none());
    // The right one: the status list tokens are signed again with it.
    let first = ca.leaf(&kp, "opisto.example", 2025, 2040);
    let (i, in_use) = i.set_certificate(&first).unwrap();
    assert_eq!(in_use.in_x5c, 1);
    assert!(!in_use.root_left_out);
    let token = std::fs::read_to_string(i.status_token_path(1)).unwrap();
    assert!(jose::peek_header(&token).unwrap().contains_key("x5c"));
    let after = issue_sd_jwt(&i);
    let jwt = sdjwt::split(&after).unwrap().jwt;
    assert_eq!(
        x509::parse_x5c(&jose::peek_header(jwt).unwrap()["x5c"]).unwrap(),
        x509::pem_certificates(&first).unwrap()
    );
    // Renewed: the new certificate replaces the old one.
    let renewed = ca.leaf(&kp, "opisto.example", 2026, 2041);
    let (i, _) = i
        .set_certificate(&format!("{renewed}{}", ca.root()))
        .unwrap();
    assert_eq!(
        i.certificate_chain().unwrap(),
        x509::pem_certificates(&renewed).unwrap().as_slice()
    );
}
