//! Credentials other issuers sign (the reference implementation's vectors in
//! `crates/core/tests/vectors/foreign/`): each suite verifies through the verifier's
//! public entry point; an unknown suite, algorithm, context or key type is "could not
//! check", never "invalid"; VC 1.1 dates count; and the report reads the Open Badges
//! fields of a badge that is not microcred's.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use microcred_model::{Element, Lang};
use microcred_testkit::vectors::foreign as vector;
use microcred_verifier::{
    CheckKind, Expectation, MapFetch, Options, Outcome, Reason, Report, TrustList, Verdict,
    Verifier,
};
use serde_json::{json, Value};

fn verifier(now: Option<&str>) -> Verifier {
    let opts = Options {
        now: now.map(|n| n.parse().unwrap()),
        ..Options::default()
    };
    Verifier::new(Arc::new(MapFetch::new()), TrustList::empty(), opts)
}

fn verify(v: &Verifier, doc: &Value) -> Report {
    futures_executor::block_on(v.verify(doc.to_string().as_bytes(), &Expectation::default()))
}

fn check(r: &Report, kind: CheckKind) -> (Outcome, Reason) {
    let c = r
        .check(kind)
        .unwrap_or_else(|| panic!("{}", r.to_text(Lang::En)));
    (c.outcome, c.reason.clone())
}

#[test]
fn every_suite_of_other_issuers_verifies() {
    let v = verifier(None);
    for name in [
        "Ed25519Signature2020",
        "Ed25519Signature2018",
        "eddsa-jcs-2022",
        "ecdsa-rdfc-2019",
        "ecdsa-rdfc-2019-p384",
        "ecdsa-jcs-2019",
        "ecdsa-sd-2023",
        "ecdsa-sd-2023-derived-reveal",
    ] {
        let r = verify(&v, &vector(name));
        assert_eq!(
            r.verdict,
            Verdict::ValidIssuerNotRecognised,
            "{name}\n{}",
            r.to_text(Lang::En)
        );
        assert!(matches!(
            check(&r, CheckKind::Signature),
            (Outcome::Passed, Reason::SignedBy { .. })
        ));
    }
}

#[test]
fn a_derived_credential_without_a_subject_is_malformed() {
    // Only the issuer revealed: a credential needs its subject (VCDM 2.0 §4.8).
    let r = verify(&verifier(None), &vector("ecdsa-sd-2023-derived"));
    assert_eq!(r.verdict, Verdict::Invalid);
}

#[test]
fn vc_1_1_dates_are_judged() {
    let doc = vector("Ed25519Signature2020");
    assert_eq!(doc["issuanceDate"], "2023-05-01T00:00:00Z");
    let early = verify(&verifier(Some("2023-04-01T00:00:00Z")), &doc);
    assert_eq!(early.verdict, Verdict::Invalid);
    assert!(matches!(
        check(&early, CheckKind::Validity),
        (Outcome::Failed, Reason::NotYetValid { .. })
    ));
    // A VC 1.1 credential without issuanceDate is malformed.
    let mut no_date = doc.clone();
    no_date
        .as_object_mut()
        .unwrap()
        .shift_remove("issuanceDate");
    let r = verify(&verifier(None), &no_date);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", r.to_text(Lang::En));
}

#[test]
fn what_cannot_be_checked_is_not_called_invalid() {
    let v = verifier(None);
    // A registered cryptosuite that is not implemented here.
    let mut bbs = vector("ecdsa-rdfc-2019");
    bbs["proof"]["cryptosuite"] = json!("bbs-2023");
    let r = verify(&v, &bbs);
    assert_eq!(r.verdict, Verdict::CouldNotCheck, "{}", r.to_text(Lang::En));
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::CouldNotCheck, Reason::UnsupportedProof { .. })
    ));
    // A context that is not bundled, named in the report.
    let mut ctx = vector("ecdsa-rdfc-2019");
    ctx["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://example.org/unknown-context/v1"));
    let r = verify(&v, &ctx);
    assert_eq!(r.verdict, Verdict::CouldNotCheck);
    assert!(r
        .to_text(Lang::En)
        .contains("https://example.org/unknown-context/v1"));
    // A JWT signed with RS256: a real algorithm this verifier does not implement.
    let header = B64.encode(r#"{"alg":"RS256","typ":"vc+jwt","kid":"did:web:example.org#k"}"#);
    let payload = B64.encode(
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"], "issuer": "did:web:example.org",
            "credentialSubject": {"id": "did:example:1"}})
        .to_string(),
    );
    let jwt = format!("{header}.{payload}.c2lnbmF0dXJl");
    let r = futures_executor::block_on(v.verify(jwt.as_bytes(), &Expectation::default()));
    assert_eq!(r.verdict, Verdict::CouldNotCheck, "{}", r.to_text(Lang::En));
    // A wrong signature on a supported suite stays invalid.
    let mut forged = vector("eddsa-jcs-2022");
    forged["name"] = json!("Teamwork!");
    assert_eq!(verify(&v, &forged).verdict, Verdict::Invalid);
}

#[test]
fn proof_sets_and_chains() {
    let v = verifier(None);
    let a = vector("ecdsa-rdfc-2019");
    // A proof set: the same proof twice still names the issuer's key; a set where one
    // proof is forged fails.
    let mut set = a.clone();
    set["proof"] = json!([a["proof"].clone(), a["proof"].clone()]);
    assert_eq!(verify(&v, &set).verdict, Verdict::ValidIssuerNotRecognised);
    let mut bad = a["proof"].clone();
    bad["created"] = json!("2020-01-01T00:00:00Z");
    set["proof"] = json!([a["proof"].clone(), bad]);
    assert_eq!(verify(&v, &set).verdict, Verdict::Invalid);
    // A chain whose previous proof is missing is malformed.
    let mut chained = a.clone();
    chained["proof"]["previousProof"] = json!("urn:uuid:missing");
    assert_eq!(verify(&v, &chained).verdict, Verdict::Invalid);
}

#[test]
fn a_foreign_badge_reads_in_its_own_fields() {
    let r = verify(&verifier(None), &vector("Ed25519Signature2020"));
    let text = r.to_text(Lang::En);
    for want in [
        "Welding basics",
        "Safe welding.",
        "Welds a butt joint",
        "Example College",
    ] {
        assert!(text.contains(want), "{want} missing from\n{text}");
    }
    // The badge states what was learnt in its criteria: learning outcomes are not missing.
    match check(&r, CheckKind::EuCompleteness) {
        (_, Reason::MissingElements { missing }) => {
            assert!(!missing.contains(&Element::LearningOutcomes), "{missing:?}")
        }
        other => panic!("{other:?}"),
    }
}

/// A VC-JOSE credential signed with `alg`, its `kid` the bare `did:jwk` (no `#0`).
fn jose_vc(alg: &str, sign: &dyn Fn(&[u8]) -> Vec<u8>, jwk: Value) -> (String, String) {
    let did = format!("did:jwk:{}", B64.encode(jwk.to_string()));
    let header = B64.encode(json!({"alg": alg, "typ": "vc+jwt", "kid": did}).to_string());
    let payload = B64.encode(
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"], "issuer": did, "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner"}})
        .to_string(),
    );
    let input = format!("{header}.{payload}");
    let sig = B64.encode(sign(input.as_bytes()));
    (format!("{input}.{sig}"), did)
}

#[test]
fn vc_jose_with_each_algorithm_and_a_bare_did_jwk_kid() {
    use microcred_core::pubkey::VerifyingKey;
    use p256::ecdsa::signature::Signer;
    let v = verifier(None);
    let p256k = p256::ecdsa::SigningKey::from_slice(&[3; 32]).unwrap();
    let p384k = p384::ecdsa::SigningKey::from_slice(&[4; 48]).unwrap();
    let k1 = k256::ecdsa::SigningKey::from_slice(&[5; 32]).unwrap();
    let ed = microcred_core::keys::SecretKey::from_seed(&[6; 32]);
    type Signs<'a> = Box<dyn Fn(&[u8]) -> Vec<u8> + 'a>;
    let cases: Vec<(&str, Signs, Value)> = vec![
        (
            "ES256",
            Box::new(|m| {
                let s: p256::ecdsa::Signature = p256k.sign(m);
                s.to_bytes().to_vec()
            }),
            VerifyingKey::P256(*p256k.verifying_key()).to_jwk(),
        ),
        (
            "ES384",
            Box::new(|m| {
                let s: p384::ecdsa::Signature = p384k.sign(m);
                s.to_bytes().to_vec()
            }),
            VerifyingKey::P384(*p384k.verifying_key()).to_jwk(),
        ),
        (
            "ES256K",
            Box::new(|m| {
                let s: k256::ecdsa::Signature = k1.sign(m);
                s.to_bytes().to_vec()
            }),
            VerifyingKey::Secp256k1(*k1.verifying_key()).to_jwk(),
        ),
        (
            "EdDSA",
            Box::new(|m| ed.sign(m).to_vec()),
            ed.public().to_jwk(),
        ),
    ];
    for (alg, sign, jwk) in cases {
        let (jwt, _) = jose_vc(alg, &*sign, jwk.clone());
        let r = futures_executor::block_on(v.verify(jwt.as_bytes(), &Expectation::default()));
        assert_eq!(
            r.verdict,
            Verdict::ValidIssuerNotRecognised,
            "{alg}\n{}",
            r.to_text(Lang::En)
        );
        // The signature changed by one character fails.
        let mut t = jwt.clone().into_bytes();
        let i = t.len() - 3;
        t[i] = if t[i] == b'A' { b'B' } else { b'A' };
        let r = futures_executor::block_on(v.verify(&t, &Expectation::default()));
        assert_eq!(r.verdict, Verdict::Invalid, "{alg} tampered");
        // The same key named under another algorithm fails (no algorithm confusion).
        let other = if alg == "ES256" { "ES384" } else { "ES256" };
        let (confused, _) = jose_vc(other, &*sign, jwk);
        let r = futures_executor::block_on(v.verify(confused.as_bytes(), &Expectation::default()));
        assert_eq!(r.verdict, Verdict::Invalid, "{alg} as {other}");
    }
}
