//! SD-JWT VCs whose issuer is identified by an X.509 chain in the header (`x5c`, HAIP 1.0
//! section 6.1.1): the chain is checked against the trust list's `x509Anchors` and the
//! report names the anchor; a chain to no trusted anchor is "could not check", a bad
//! signature "invalid". The certificate authority is made here, at test time (rcgen).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use std::sync::Arc;

use chrono::{Datelike, Utc};
use common::*;
use microcred_core::es256::{Es256Signer, P256Secret};
use microcred_core::{sdjwt, x509};
use microcred_issuer::{Format, InitOptions, Issuer, ProvidedKey};
use microcred_model::Lang;
use microcred_verifier::{
    CheckKind, MapFetch, Options, Outcome, Reason, Report, TrustList, Verdict, Verifier,
};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, PKCS_ECDSA_P256_SHA256};
use serde_json::{json, Value};

struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
}

impl Ca {
    fn root(name: &str) -> Ca {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name.push(DnType::CommonName, name);
        let cert = p.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    /// An intermediate CA under this one.
    fn intermediate(&self, name: &str) -> Ca {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name.push(DnType::CommonName, name);
        let cert = p.signed_by(&key, &self.cert, &self.key).unwrap();
        Ca { cert, key }
    }

    /// A leaf for `key` naming `dns`, valid until `until` (a date after today).
    fn leaf(&self, key: &KeyPair, dns: &str, until: chrono::NaiveDate) -> String {
        let mut p = CertificateParams::new(vec![dns.to_string()]).unwrap();
        p.distinguished_name
            .push(DnType::CommonName, "Esimerkkiopisto Oy");
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after = rcgen::date_time_ymd(until.year(), until.month() as u8, until.day() as u8);
        p.signed_by(key, &self.cert, &self.key).unwrap().pem()
    }

    fn pem(&self) -> String {
        self.cert.pem()
    }
}

fn in_days(days: i64) -> chrono::NaiveDate {
    (Utc::now() + chrono::Duration::days(days)).date_naive()
}

/// A world whose issuer's key a CA certified (through `intermediate` when given): its
/// SD-JWT VCs carry `x5c`.
fn certified_world(ca: &Ca, intermediate: Option<&Ca>, until: chrono::NaiveDate) -> World {
    let tmp = tempfile::tempdir().unwrap();
    let kp = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let pem = match intermediate {
        Some(i) => format!("{}{}", i.leaf(&kp, WEB_DOMAIN, until), i.pem()),
        None => ca.leaf(&kp, WEB_DOMAIN, until),
    };
    let issuer = Issuer::init(
        &tmp.path().join("issuer"),
        profile(),
        InitOptions {
            did_web: Some(WEB_DOMAIN.into()),
            base_url: Some(BASE.into()),
            key: Some(ProvidedKey::from_pem(&kp.serialize_pem()).unwrap()),
            certificate: Some(pem),
            ..InitOptions::default()
        },
    )
    .unwrap();
    let w = World {
        tmp,
        issuer,
        fetch: Arc::new(MapFetch::new()),
    };
    w.publish();
    w
}

fn anchors(list: &[(&str, &str)]) -> TrustList {
    let entries: Vec<Value> = list
        .iter()
        .map(|(name, pem)| json!({"name": name, "certificate": pem}))
        .collect();
    TrustList::from_json(json!({"x509Anchors": entries}).to_string().as_bytes()).unwrap()
}

fn verifier(world: &World, trust: TrustList, opts: Options) -> Verifier {
    Verifier::new(world.fetch.clone(), trust, opts)
}

fn check(r: &Report, kind: CheckKind) -> (Outcome, Reason) {
    let c = r.check(kind).unwrap_or_else(|| panic!("no {kind:?} check"));
    (c.outcome, c.reason.clone())
}

#[test]
fn a_chain_to_a_trusted_anchor_is_valid_and_the_report_names_the_anchor() {
    let ca = Ca::root("Testi-CA");
    for intermediate in [None, Some(ca.intermediate("Testi-välivarmentaja"))] {
        let world = certified_world(&ca, intermediate.as_ref(), in_days(365));
        let v = verifier(
            &world,
            anchors(&[("Opetushallituksen testivarmentaja", &ca.pem())]),
            Options::default(),
        );
        let issued = world.issue(&compact_spec(), Format::SdJwt);
        let r = verify(&v, &issued.credential);
        assert_eq!(r.verdict, Verdict::Valid, "{}", r.to_text(Lang::En));
        assert!(matches!(
            check(&r, CheckKind::Signature),
            (Outcome::Passed, Reason::SignedByCertificate { subject }) if subject.contains("Esimerkkiopisto")
        ));
        assert!(matches!(
            check(&r, CheckKind::Issuer),
            (Outcome::Passed, Reason::TrustedAnchor { anchor, .. }) if anchor == "Opetushallituksen testivarmentaja"
        ));
        // The issuer is the https address its certificate names.
        assert_eq!(r.credentials[0].issuer.as_deref(), Some(BASE));
        // The status list token is signed under the same chain and read.
        assert!(matches!(
            check(&r, CheckKind::Status),
            (Outcome::Passed, Reason::NotRevoked { .. })
        ));
        let fi = r.to_text(Lang::Fi);
        assert!(
            fi.contains("listan varmentajaan: Opetushallituksen testivarmentaja"),
            "{fi}"
        );
        let json = r.to_json(Lang::Sv);
        let issuer_check = &json["credentials"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "issuer")
            .unwrap()
            .clone();
        assert_eq!(issuer_check["code"], "trusted-anchor");
        assert_eq!(issuer_check["anchor"], "Opetushallituksen testivarmentaja");
        // Revoked: the token (x5c) says so.
        world.issuer.revoke(&issued.record.id, "test").unwrap();
        world.publish();
        v.forget_cached();
        let r = verify(&v, &issued.credential);
        assert_eq!(r.verdict, Verdict::Invalid);
        assert_eq!(check(&r, CheckKind::Status).1, Reason::Revoked);
    }
}

#[test]
fn a_chain_to_no_trusted_anchor_could_not_be_checked() {
    let ca = Ca::root("Testi-CA");
    let world = certified_world(&ca, None, in_days(365));
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    let other = Ca::root("Muu CA");
    for trust in [anchors(&[("Muu", &other.pem())]), TrustList::empty()] {
        let v = verifier(&world, trust, Options::default());
        let r = verify(&v, &issued.credential);
        assert_eq!(r.verdict, Verdict::CouldNotCheck, "{}", r.to_text(Lang::En));
        assert!(matches!(
            check(&r, CheckKind::Signature),
            (Outcome::CouldNotCheck, Reason::CertificateUntrusted { issuer, .. }) if issuer.contains("Testi-CA")
        ));
        assert_eq!(check(&r, CheckKind::Issuer).0, Outcome::CouldNotCheck);
        // Its status list token is not taken either: its chain is as unknown.
        assert_eq!(check(&r, CheckKind::Status).0, Outcome::CouldNotCheck);
    }
    // A DID on the trust list does not vouch for a certificate chain.
    let v = world.verifier();
    assert_eq!(
        verify(&v, &issued.credential).verdict,
        Verdict::CouldNotCheck
    );
}

#[test]
fn a_tampered_credential_or_another_certificate_is_invalid() {
    let ca = Ca::root("Testi-CA");
    let world = certified_world(&ca, None, in_days(365));
    let v = verifier(
        &world,
        anchors(&[("Testi-CA", &ca.pem())]),
        Options::default(),
    );
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    let (jwt, rest) = issued.credential.split_once('~').unwrap();
    let mut parts: Vec<String> = jwt.split('.').map(str::to_string).collect();
    let mut payload: Value = serde_json::from_slice(&b64d(&parts[1])).unwrap();
    payload["vct"] = json!("https://evil.example/vct");
    parts[1] = b64e(payload.to_string().as_bytes());
    let forged = format!("{}~{rest}", parts.join("."));
    let r = verify(&v, &forged);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(check(&r, CheckKind::Signature).1, Reason::BadSignature);
    assert!(r.credentials[0].claims.is_none(), "nothing forged is shown");

    // Another issuer's certificate from the same trusted CA put in the header.
    let other = certified_world(&ca, None, in_days(365));
    let theirs = other.issue(&compact_spec(), Format::SdJwt);
    let their_header = theirs.credential.split('.').next().unwrap().to_string();
    let mut parts: Vec<&str> = jwt.split('.').collect();
    parts[0] = &their_header;
    let swapped = format!("{}~{rest}", parts.join("."));
    let r = verify(&v, &swapped);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(check(&r, CheckKind::Signature).1, Reason::BadSignature);

    // A malformed x5c is malformed.
    let mut header: Value = serde_json::from_slice(&b64d(jwt.split('.').next().unwrap())).unwrap();
    header["x5c"] = json!(["not base64!"]);
    let mut parts: Vec<String> = jwt.split('.').map(str::to_string).collect();
    parts[0] = b64e(header.to_string().as_bytes());
    let r = verify(&v, &format!("{}~{rest}", parts.join(".")));
    assert_eq!(r.verdict, Verdict::Invalid);
}

#[test]
fn an_expired_certificate_could_not_be_checked() {
    let ca = Ca::root("Testi-CA");
    let world = certified_world(&ca, None, in_days(30));
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    let trust = || anchors(&[("Testi-CA", &ca.pem())]);
    // Today: valid.
    let v = verifier(&world, trust(), Options::default());
    assert_eq!(verify(&v, &issued.credential).verdict, Verdict::Valid);
    // Checked after the certificate expired (the credential itself runs to 2031).
    let later = Options {
        now: Some(Utc::now() + chrono::Duration::days(60)),
        ..Options::default()
    };
    let v = verifier(&world, trust(), later);
    let r = verify(&v, &issued.credential);
    assert_eq!(r.verdict, Verdict::CouldNotCheck, "{}", r.to_text(Lang::En));
    let expected_until = in_days(30).format("%Y-%m-%d").to_string();
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::CouldNotCheck, Reason::CertificateExpired { until, .. }) if until == expected_until
    ));
    assert!(r.to_text(Lang::Sv).contains("gick ut"));
    // And the issuer refuses to sign with it then.
    let err = microcred_issuer::format::sign_document_with(
        Format::SdJwt,
        &mut json!({"issuer": {"id": world.issuer.did()}, "credentialSubject": {}}),
        &microcred_core::signing::SigningKey::generate(microcred_core::signing::KeyType::P256),
        "vm",
        Utc::now() + chrono::Duration::days(60),
        microcred_issuer::format::ProofForm::Object,
        &microcred_issuer::format::SdJwtExtras {
            certificate: Some(Arc::new(microcred_issuer::format::Certified {
                chain: world.issuer.certificate_chain().unwrap().to_vec(),
                iss: BASE.into(),
                not_after: (Utc::now() + chrono::Duration::days(30)).timestamp(),
            })),
            ..Default::default()
        },
    )
    .err()
    .unwrap();
    assert!(matches!(
        err,
        microcred_issuer::IssuerError::CertificateExpired(_)
    ));
}

/// An SD-JWT VC signed by `key` under `chain`, with `iss`.
fn signed(key: &KeyPair, chain: &[Vec<u8>], iss: &str) -> String {
    let secret = Arc::new(P256Secret::from_pkcs8_der(&key.serialize_der()).unwrap());
    let claims = json!({
        "iss": iss,
        "vct": "https://credentials.example/diploma",
        "iat": Utc::now().timestamp(),
        "given_name": "Maija",
    });
    sdjwt::issue_owned_x5c(
        claims,
        &["/given_name".into()],
        1,
        sdjwt::TYP_SD_JWT_VC,
        &Es256Signer::new(secret, None),
        Some(chain),
    )
    .unwrap()
}

#[test]
fn other_issuers_x5c_credentials_pinned_leaves_and_self_signed_certificates() {
    let world = World::new();
    let ca = Ca::root("Testi-CA");
    let kp = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let leaf_pem = ca.leaf(&kp, "pid.example", in_days(365));
    let chain = x509::pem_certificates(&leaf_pem).unwrap();
    // An iss the certificate names is the issuer.
    let v = verifier(
        &world,
        anchors(&[("Testi-CA", &ca.pem())]),
        Options::default(),
    );
    let r = verify(&v, &signed(&kp, &chain, "https://pid.example"));
    assert_eq!(r.verdict, Verdict::Valid, "{}", r.to_text(Lang::En));
    assert_eq!(
        r.credentials[0].issuer.as_deref(),
        Some("https://pid.example")
    );
    // One it does not name is not reported as the issuer: the certificate's subject is
    // (later SD-JWT VC drafts: the issuer is the subject of the end-entity certificate).
    let r = verify(&v, &signed(&kp, &chain, "https://someone-else.example"));
    assert_eq!(r.verdict, Verdict::Valid);
    let issuer = r.credentials[0].issuer.clone().unwrap();
    assert!(issuer.contains("CN=Esimerkkiopisto Oy"), "{issuer}");
    // The issuer's own certificate as the anchor (pinned), not its CA.
    let v = verifier(
        &world,
        anchors(&[("Opisto itse", &leaf_pem)]),
        Options::default(),
    );
    let r = verify(&v, &signed(&kp, &chain, "https://pid.example"));
    assert!(matches!(
        check(&r, CheckKind::Issuer),
        (Outcome::Passed, Reason::TrustedAnchor { anchor, .. }) if anchor == "Opisto itse"
    ));
    // Self-signed: no one vouches for it, even when listed (HAIP forbids it).
    let mut p = CertificateParams::new(vec!["pid.example".to_string()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, "Itse");
    let own = p.self_signed(&kp).unwrap();
    let v = verifier(&world, anchors(&[("Itse", &own.pem())]), Options::default());
    let r = verify(
        &v,
        &signed(&kp, &[own.der().to_vec()], "https://pid.example"),
    );
    assert_eq!(r.verdict, Verdict::CouldNotCheck);
    assert!(matches!(
        check(&r, CheckKind::Signature).1,
        Reason::CertificateSelfSigned { .. }
    ));
    // A bad anchor in a trust list is refused with its index.
    let e = TrustList::from_json(br#"{"x509Anchors":[{"certificate":"AAAA"}]}"#)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("x509Anchors entry 0"), "{e}");
}

fn b64d(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

fn b64e(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}
