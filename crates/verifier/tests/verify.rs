//! The verifier through its library API: every verdict and every reason, per format.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};

use common::*;
use microcred_core::di::{self, ProofConfig};
use microcred_core::did;
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::keys::SecretKey;
use microcred_core::sdjwt;
use microcred_core::status::StatusPurpose;
use microcred_issuer::Format;
use microcred_model::Lang;
use microcred_verifier::{
    CheckKind, Content, Options, Outcome, Reason, Report, TrustList, Verdict, Verifier,
};

fn full() -> microcred_model::Specification {
    spec("tapahtumatekniikan-osaajaksi")
}

/// The check of `kind` in the report (the first, presentation's before credentials').
fn check(r: &Report, kind: CheckKind) -> (Outcome, Reason) {
    let c = r
        .check(kind)
        .unwrap_or_else(|| panic!("no {kind:?} check in\n{}", r.to_text(Lang::En)));
    (c.outcome, c.reason.clone())
}

fn assert_verdict(r: &Report, v: Verdict) {
    assert_eq!(r.verdict, v, "\n{}", r.to_text(Lang::En));
}

fn attacker() -> SecretKey {
    SecretKey::from_seed(&[66; 32])
}

fn b64json(v: &Value) -> String {
    B64.encode(v.to_string())
}

fn jwt_parts(jwt: &str) -> (Value, Value) {
    let mut p = jwt.split('.');
    let h = serde_json::from_slice(&B64.decode(p.next().unwrap()).unwrap()).unwrap();
    let b = serde_json::from_slice(&B64.decode(p.next().unwrap()).unwrap()).unwrap();
    (h, b)
}

fn sign_jwt(payload: &Value, typ: &str, key: &SecretKey, kid: &str) -> String {
    let signer = Ed25519Signer::new(
        Arc::new(SecretKey::from_seed(&key.seed())),
        Some(kid.into()),
    );
    jose::sign(payload.to_string().as_bytes(), typ, &signer).unwrap()
}

fn resign_di(mut vc: Value, key: &SecretKey, vm: &str) -> String {
    vc.as_object_mut().unwrap().remove("proof");
    di::sign(vc, key, &ProofConfig::assertion(vm, "2026-05-29T10:00:00Z"))
        .unwrap()
        .to_string()
}

// ------------------------------------------------------------------- genuine ones

#[test]
fn a_credential_in_each_format_verifies_with_what_it_says() {
    for world in [World::new(), World::web()] {
        let v = world.verifier();
        for format in Format::ALL {
            let issued = world.issue(&full(), format);
            let r = verify(&v, &issued.credential);
            assert_verdict(&r, Verdict::Valid);
            assert_eq!(r.verdict.exit_code(), 0);
            for kind in [
                CheckKind::Format,
                CheckKind::Signature,
                CheckKind::Issuer,
                CheckKind::Validity,
                CheckKind::Status,
                CheckKind::EuCompleteness,
            ] {
                assert_eq!(check(&r, kind).0, Outcome::Passed, "{format} {kind:?}");
            }
            assert!(
                matches!(check(&r, CheckKind::Issuer).1, Reason::Trusted { legal_name, .. } if legal_name == "Esimerkkiopisto Oy")
            );
            // One list holds both statuses: the Bitstring message list, or the Token
            // Status List of an SD-JWT VC.
            assert_eq!(
                check(&r, CheckKind::Status).1,
                Reason::NotRevoked { checked: 1 }
            );
            if format == Format::SdJwt {
                assert!(matches!(
                    check(&r, CheckKind::Disclosure),
                    (Outcome::Passed, Reason::DisclosuresValid { disclosed }) if disclosed > 0
                ));
            }
            let cred = &r.credentials[0];
            assert_eq!(cred.issuer.as_deref(), Some(world.issuer.did()));
            assert_eq!(cred.subject.as_deref(), Some(holder_did().as_str()));
            let Some(Content::Microcred(read)) = cred.content() else {
                panic!("{format}: not read as a microcred credential");
            };
            assert_eq!(
                read.spec.title.text(Lang::Fi),
                "Tapahtumatekniikan osaajaksi"
            );
            assert_eq!(read.award.learner.name, "Maija Meikäläinen");
            let text = r.to_text(Lang::Fi);
            assert!(text.starts_with("✔ AITO JA VOIMASSA"), "{text}");
            assert!(text.contains("Osaamistavoitteet"), "{text}");
            let json = r.to_json(Lang::Sv);
            assert_eq!(json["verdict"], "valid");
            assert_eq!(json["valid"], true);
            assert_eq!(json["verdictText"], "ÄKTA OCH GILTIGT");
        }
    }
}

#[test]
fn an_issuer_not_on_the_trust_list_is_said_so() {
    let world = World::new();
    let issued = world.issue(&full(), Format::Jwt);
    let v = Verifier::new(world.fetch.clone(), TrustList::empty(), Options::default());
    let r = verify(&v, &issued.credential);
    assert_verdict(&r, Verdict::ValidIssuerNotRecognised);
    assert_eq!(r.verdict.exit_code(), 0);
    assert_eq!(
        check(&r, CheckKind::Issuer),
        (
            Outcome::CouldNotCheck,
            Reason::IssuerNotListed {
                issuer: world.issuer.did().into()
            }
        )
    );
    assert!(r.to_text(Lang::En).contains("issuer not recognised"));
    let strict = Verifier::new(
        world.fetch.clone(),
        TrustList::empty(),
        Options {
            require_trusted: true,
            ..Options::default()
        },
    );
    let r = verify(&strict, &issued.credential);
    assert_verdict(&r, Verdict::Invalid);
    assert_eq!(r.verdict.exit_code(), 1);
}

// ------------------------------------------------------------------------- status

/// Credentials issued before the one-entry form carry two entries, one for revocation
/// and one for suspension; the issuer still publishes those lists and the verifier
/// still reads them.
#[test]
fn the_two_entry_status_form_of_earlier_credentials_is_still_read() {
    let world = World::new();
    let v = world.verifier();
    let issued = world.issue(&compact_spec(), Format::DataIntegrity);
    let (list, index) = (issued.record.status_list, issued.record.status_index);
    let mut vc: Value = serde_json::from_str(&issued.credential).unwrap();
    vc["credentialStatus"] = json!([StatusPurpose::Revocation, StatusPurpose::Suspension]
        .iter()
        .map(|p| {
            let url = world.issuer.status_list_url(*p, list);
            json!({
                "id": format!("{url}#{index}"),
                "type": "BitstringStatusListEntry",
                "statusPurpose": p.as_str(),
                "statusListIndex": index.to_string(),
                "statusListCredential": url,
            })
        })
        .collect::<Vec<_>>());
    let key = SecretKey::read(&world.tmp.path().join("issuer/keys/key-1.jwk")).unwrap();
    let old = resign_di(vc, &key, world.issuer.verification_method());
    let r = verify(&v, &old);
    assert_verdict(&r, Verdict::Valid);
    assert_eq!(
        check(&r, CheckKind::Status).1,
        Reason::NotRevoked { checked: 2 }
    );
    world.issuer.suspend(&issued.record.id, None).unwrap();
    world.publish();
    v.forget_cached();
    assert_eq!(
        check(&verify(&v, &old), CheckKind::Status),
        (Outcome::Failed, Reason::Suspended)
    );
    world
        .issuer
        .revoke(&issued.record.id, "issued in error")
        .unwrap();
    world.publish();
    v.forget_cached();
    assert_eq!(
        check(&verify(&v, &old), CheckKind::Status),
        (Outcome::Failed, Reason::Revoked)
    );
}

#[test]
fn revoked_and_suspended_are_different_outcomes() {
    let world = World::new();
    let v = world.verifier();
    for format in Format::ALL {
        let issued = world.issue(&compact_spec(), format);
        let id = issued.record.id.clone();
        assert_verdict(&verify(&v, &issued.credential), Verdict::Valid);

        world.issuer.suspend(&id, Some("under review")).unwrap();
        world.publish();
        let cached = verify(&v, &issued.credential);
        assert_verdict(&cached, Verdict::Valid);
        v.forget_cached();
        let r = verify(&v, &issued.credential);
        assert_verdict(&r, Verdict::Invalid);
        assert_eq!(
            check(&r, CheckKind::Status),
            (Outcome::Failed, Reason::Suspended)
        );

        world.issuer.unsuspend(&id).unwrap();
        world.publish();
        v.forget_cached();
        assert_verdict(&verify(&v, &issued.credential), Verdict::Valid);

        world.issuer.revoke(&id, "issued in error").unwrap();
        world.publish();
        v.forget_cached();
        let r = verify(&v, &issued.credential);
        assert_verdict(&r, Verdict::Invalid);
        assert_eq!(
            check(&r, CheckKind::Status),
            (Outcome::Failed, Reason::Revoked)
        );
        assert!(r.to_text(Lang::Sv).contains("ÅTERKALLAT"));
    }
}

#[test]
fn an_unreachable_status_list_is_could_not_check() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::DataIntegrity);
    let url = world.issuer.status_list_url(StatusPurpose::Message, 1);
    world.fetch.remove(&url);
    let r = verify(&world.verifier(), &issued.credential);
    assert_verdict(&r, Verdict::CouldNotCheck);
    assert_eq!(r.verdict.exit_code(), 3);
    assert!(matches!(
        check(&r, CheckKind::Status),
        (Outcome::CouldNotCheck, Reason::StatusUnreachable { url: u, .. }) if u == url
    ));
}

#[test]
fn a_status_list_not_signed_by_the_issuer_is_could_not_check() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::Jwt);
    let url = world.issuer.status_list_url(StatusPurpose::Message, 1);
    let ours: Value = serde_json::from_slice(
        &std::fs::read(world.issuer.status_list_path(StatusPurpose::Message, 1)).unwrap(),
    )
    .unwrap();
    let status_detail = |body: String| {
        world.fetch.insert(&url, body);
        let v = world.verifier();
        let r = verify(&v, &issued.credential);
        assert_verdict(&r, Verdict::CouldNotCheck);
        match check(&r, CheckKind::Status) {
            (Outcome::CouldNotCheck, Reason::StatusInvalid { detail, .. }) => detail,
            other => panic!("{other:?}"),
        }
    };

    // Signed, correctly, by another issuer.
    let other = attacker();
    let other_did = did::did_key(other.public());
    let mut theirs = ours.clone();
    theirs["issuer"] = json!(other_did);
    let d = status_detail(resign_di(theirs, &other, &did::did_key_vm(other.public())));
    assert!(d.contains(&format!("issued by {other_did}")), "{d}");

    // Claiming to be ours, signed by another key.
    let d = status_detail(resign_di(
        ours.clone(),
        &other,
        world.issuer.verification_method(),
    ));
    assert!(d.contains("signature does not match"), "{d}");

    // Ours, with the bits changed after signing.
    let mut altered = ours.clone();
    let empty = microcred_core::status::Bitstring::new(131_072);
    let mut bits = empty.clone();
    bits.set(1, true).unwrap();
    altered["credentialSubject"]["encodedList"] = json!(bits.encode());
    let d = status_detail(altered.to_string());
    assert!(d.contains("signature does not match"), "{d}");

    // Ours, but the suspension list served for the message list.
    let suspension =
        std::fs::read_to_string(world.issuer.status_list_path(StatusPurpose::Suspension, 1))
            .unwrap();
    let d = status_detail(suspension);
    assert!(d.contains("the list is for suspension"), "{d}");

    // Not a status list at all.
    let d = status_detail("<html>maintenance</html>".into());
    assert!(!d.is_empty());
}

// ----------------------------------------------------------------------- validity

#[test]
fn expired_and_not_yet_valid_credentials_fail() {
    let world = World::new();
    let at = |s: &str| Options {
        now: microcred_verifier::validity::parse_datetime(s),
        ..Options::default()
    };
    for format in Format::ALL {
        let issued = world.issue(&compact_spec(), format);
        let r = verify(
            &world.verifier_with(at("2031-06-01T00:00:00Z")),
            &issued.credential,
        );
        assert_verdict(&r, Verdict::Invalid);
        assert_eq!(
            check(&r, CheckKind::Validity),
            (
                Outcome::Failed,
                Reason::Expired {
                    until: "2031-05-29T00:00:00Z".into()
                }
            ),
            "{format}"
        );
        let r = verify(
            &world.verifier_with(at("2026-05-28T00:00:00Z")),
            &issued.credential,
        );
        assert_verdict(&r, Verdict::Invalid);
        assert!(
            matches!(
                check(&r, CheckKind::Validity),
                (Outcome::Failed, Reason::NotYetValid { .. })
            ),
            "{format}"
        );
        // Five minutes of clock skew are forgiven.
        let r = verify(
            &world.verifier_with(at("2031-05-29T00:04:00Z")),
            &issued.credential,
        );
        assert_eq!(
            check(&r, CheckKind::Validity).0,
            Outcome::Passed,
            "{format}"
        );
    }
}

// ---------------------------------------------------------------------- signature

#[test]
fn a_key_not_in_the_issuers_did_document_fails() {
    let world = World::web();
    let v = world.verifier();
    let vm = world.issuer.verification_method().to_string();
    assert!(vm.starts_with("did:web:"));
    let evil = attacker();

    let vc: Value = serde_json::from_str(
        &world
            .issue(&compact_spec(), Format::DataIntegrity)
            .credential,
    )
    .unwrap();
    // The issuer's method id, the attacker's key.
    let r = verify(&v, &resign_di(vc.clone(), &evil, &vm));
    assert_verdict(&r, Verdict::Invalid);
    assert_eq!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::BadSignature)
    );
    // A method the DID document does not list.
    let r = verify(
        &v,
        &resign_di(vc.clone(), &evil, &format!("{}#key-9", world.issuer.did())),
    );
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::KeyNotIssuers { detail, .. }) if detail.contains("not authorised")
    ));

    let jwt = world.issue(&compact_spec(), Format::Jwt).credential;
    let (_, payload) = jwt_parts(&jwt);
    let r = verify(&v, &sign_jwt(&payload, "vc+jwt", &evil, &vm));
    assert_eq!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::BadSignature)
    );

    let sd = world.issue(&compact_spec(), Format::SdJwt).credential;
    let (first, rest) = sd.split_once('~').unwrap();
    let (_, payload) = jwt_parts(first);
    let forged = format!("{}~{rest}", sign_jwt(&payload, "dc+sd-jwt", &evil, &vm));
    let r = verify(&v, &forged);
    assert_eq!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::BadSignature)
    );
}

#[test]
fn a_swapped_issuer_fails() {
    let world = World::new();
    let v = world.verifier();
    let evil = attacker();
    let evil_did = did::did_key(evil.public());
    let evil_vm = did::did_key_vm(evil.public());
    let victim = world.issuer.did().to_string();

    // The issuer id changed, the proof left as it was.
    let vc: Value = serde_json::from_str(
        &world
            .issue(&compact_spec(), Format::DataIntegrity)
            .credential,
    )
    .unwrap();
    let mut swapped = vc.clone();
    swapped["issuer"]["id"] = json!(evil_did);
    let r = verify(&v, &swapped.to_string());
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::KeyNotIssuers { .. })
    ));
    // Re-signed by the attacker's own key, still naming the victim as issuer.
    let r = verify(&v, &resign_di(vc.clone(), &evil, &evil_vm));
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::KeyNotIssuers { method, .. }) if method == evil_vm
    ));
    // The attacker's own credential: genuine, but theirs, and not on the list (and the
    // victim's status list does not vouch for it).
    let mut own = vc.clone();
    own["issuer"]["id"] = json!(evil_did);
    let r = verify(&v, &resign_di(own.clone(), &evil, &evil_vm));
    assert_verdict(&r, Verdict::CouldNotCheck);
    assert!(matches!(
        check(&r, CheckKind::Status),
        (Outcome::CouldNotCheck, Reason::StatusInvalid { detail, .. }) if detail.contains(&victim)
    ));
    own.as_object_mut().unwrap().remove("credentialStatus");
    let r = verify(&v, &resign_di(own, &evil, &evil_vm));
    assert_verdict(&r, Verdict::ValidIssuerNotRecognised);

    let jwt = world.issue(&compact_spec(), Format::Jwt).credential;
    let (_, payload) = jwt_parts(&jwt);
    let r = verify(&v, &sign_jwt(&payload, "vc+jwt", &evil, &evil_vm));
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::KeyNotIssuers { detail, .. }) if detail.contains(&victim)
    ));
    let sd = world.issue(&compact_spec(), Format::SdJwt).credential;
    let (first, rest) = sd.split_once('~').unwrap();
    let (_, payload) = jwt_parts(first);
    let r = verify(
        &v,
        &format!(
            "{}~{rest}",
            sign_jwt(&payload, "dc+sd-jwt", &evil, &evil_vm)
        ),
    );
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::KeyNotIssuers { .. })
    ));
}

#[test]
fn none_hmac_and_embedded_keys_are_refused() {
    let world = World::new();
    let v = world.verifier();
    let jwt = world.issue(&compact_spec(), Format::Jwt).credential;
    let (header, payload) = jwt_parts(&jwt);
    let body = b64json(&payload);
    let evil = attacker();

    let none = format!(
        "{}.{body}.",
        b64json(&json!({"alg": "none", "typ": "vc+jwt"}))
    );
    let hs = {
        // HMAC keyed with the issuer's public key: the classic algorithm confusion.
        use sha2::Sha256;
        let h = b64json(&json!({"alg": "HS256", "typ": "vc+jwt", "kid": header["kid"]}));
        let input = format!("{h}.{body}");
        let key = world.issuer.did_document().unwrap().verification_method[0]
            .public_key()
            .unwrap()
            .to_bytes();
        let mac = hmac_sha256::<Sha256>(&key, input.as_bytes());
        format!("{input}.{}", B64.encode(mac))
    };
    let embedded = {
        let h = b64json(&json!({"alg": "EdDSA", "typ": "vc+jwt", "jwk": evil.public().to_jwk()}));
        let input = format!("{h}.{body}");
        format!("{input}.{}", B64.encode(evil.sign(input.as_bytes())))
    };
    for (name, token) in [("none", none), ("HS256", hs), ("jwk", embedded)] {
        let r = verify(&v, &token);
        assert_verdict(&r, Verdict::Invalid);
        assert!(
            matches!(
                check(&r, CheckKind::Signature),
                (Outcome::Failed, Reason::AlgorithmRefused { .. })
            ),
            "{name}: {}",
            r.to_text(Lang::En)
        );
    }
}

/// HMAC-SHA-256 (RFC 2104), enough to forge an HS256 token in a test.
fn hmac_sha256<D: sha2::Digest>(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key);
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let mut inner = D::new();
    inner.update(pad(0x36));
    inner.update(msg);
    let mut outer = D::new();
    outer.update(pad(0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

// ------------------------------------------------------------------- tamper corpus

/// The byte that replaces `b`: a neighbour of the same kind (letter, digit, base64url
/// symbol), so a change stays plausible text and is not caught merely by parsing.
fn neighbour(b: u8) -> u8 {
    match b {
        b'a'..=b'y' | b'A'..=b'Y' | b'0'..=b'8' => b + 1,
        b'z' => b'a',
        b'Z' => b'A',
        b'9' => b'0',
        b'-' => b'_',
        b'_' => b'-',
        b'~' => b'.',
        b'.' => b'~',
        other => other ^ 0x01,
    }
}

/// Every single-byte change to a signed credential must make it invalid: a report
/// counting the reasons, so a regression shows which kind of change slipped through.
fn tamper_corpus(v: &Verifier, original: &str, label: &str) {
    assert_verdict(&verify(v, original), Verdict::Valid);
    let bytes = original.as_bytes();
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    let mut slipped = Vec::new();
    for i in 0..bytes.len() {
        let mut t = bytes.to_vec();
        t[i] = neighbour(t[i]);
        let r = futures_executor::block_on(v.verify(&t, &Default::default()));
        // A changed context URL names a context we do not have: "could not check",
        // never valid.
        let unknown_context = r.verdict == Verdict::CouldNotCheck
            && matches!(
                r.check(CheckKind::Format).map(|c| &c.reason),
                Some(Reason::UnknownContext { .. })
            );
        if unknown_context {
            *reasons
                .entry("unknown-context (could not check)".into())
                .or_default() += 1;
            continue;
        }
        // A change that leaves no credential shape at all (the opening brace) is "not a
        // credential": refused all the same, never valid nor "could not check".
        if !matches!(r.verdict, Verdict::Invalid | Verdict::NotACredential) {
            slipped.push(format!(
                "byte {i} ({:?}→{:?}): {:?}",
                bytes[i] as char, t[i] as char, r.verdict
            ));
        }
        let first_failed = r
            .all_checks()
            .into_iter()
            .find(|c| c.outcome == Outcome::Failed)
            .map(|c| {
                serde_json::to_value(&c.reason).unwrap()["code"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_else(|| "-".into());
        *reasons.entry(first_failed).or_default() += 1;
    }
    eprintln!(
        "{label}: {} single-byte changes, first failure: {reasons:?}",
        bytes.len()
    );
    assert!(
        slipped.is_empty(),
        "{label}: {} changes were not caught:\n{}",
        slipped.len(),
        slipped.join("\n")
    );
}

#[test]
fn tamper_corpus_data_integrity() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::DataIntegrity);
    tamper_corpus(&world.verifier(), &issued.credential, "Data Integrity");
}

#[test]
fn tamper_corpus_vc_jose() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::Jwt);
    tamper_corpus(&world.verifier(), &issued.credential, "VC-JOSE");
}

#[test]
fn tamper_corpus_sd_jwt() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    tamper_corpus(&world.verifier(), &issued.credential, "SD-JWT");
}

// ------------------------------------------------------------------- presentations

const CHALLENGE: &str = "9f3c2a71-employer-request";
const DOMAIN: &str = "https://rekry.example.fi";

fn holder_vm() -> String {
    did::did_key_vm(holder().public())
}

fn di_presentation(
    credentials: Vec<Value>,
    key: &SecretKey,
    challenge: &str,
    domain: &str,
    purpose: &str,
) -> String {
    let holder = did::did_key(key.public());
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": credentials,
    });
    let cfg = ProofConfig {
        created: "2026-11-22T10:00:00Z".into(),
        verification_method: did::did_key_vm(key.public()),
        proof_purpose: purpose.into(),
        challenge: Some(challenge.into()),
        domain: Some(domain.into()),
    };
    di::sign(vp, key, &cfg).unwrap().to_string()
}

fn jwt_presentation(jwts: &[String], key: &SecretKey, nonce: &str, aud: &str) -> String {
    let holder = did::did_key(key.public());
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": jwts.iter().map(|j| json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": "EnvelopedVerifiableCredential",
            "id": format!("data:application/vc+jwt,{j}"),
        })).collect::<Vec<_>>(),
        "nonce": nonce,
        "aud": aud,
    });
    sign_jwt(&vp, "vp+jwt", key, &did::did_key_vm(key.public()))
}

#[test]
fn a_data_integrity_presentation_binds_holder_challenge_and_domain() {
    let world = World::new();
    let v = world.verifier();
    let vc: Value =
        serde_json::from_str(&world.issue(&full(), Format::DataIntegrity).credential).unwrap();
    let jwt = world.issue(&compact_spec(), Format::Jwt).credential;
    let enveloped = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "EnvelopedVerifiableCredential",
        "id": format!("data:application/vc+jwt,{jwt}"),
    });
    let vp = di_presentation(
        vec![vc.clone(), enveloped],
        &holder(),
        CHALLENGE,
        DOMAIN,
        "authentication",
    );

    let r = verify_expecting(&v, &vp, CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Valid);
    assert_eq!(r.credentials.len(), 2);
    assert!(matches!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Passed, Reason::HolderBound { .. })
    ));
    for c in &r.credentials {
        let hb = c
            .checks
            .iter()
            .find(|c| c.kind == CheckKind::HolderBinding)
            .unwrap();
        assert_eq!(hb.outcome, Outcome::Passed);
    }

    let r = verify_expecting(&v, &vp, "another-request", DOMAIN);
    assert_verdict(&r, Verdict::Invalid);
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::ChallengeMismatch)
    );
    let r = verify_expecting(&v, &vp, CHALLENGE, "https://other.example");
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::DomainMismatch)
    );
    let r = verify(&v, &vp);
    assert_verdict(&r, Verdict::CouldNotCheck);
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::CouldNotCheck, Reason::ChallengeNotRequested)
    );

    // Someone else presenting the learner's credential.
    let thief = attacker();
    let stolen = di_presentation(
        vec![vc.clone()],
        &thief,
        CHALLENGE,
        DOMAIN,
        "authentication",
    );
    let r = verify_expecting(&v, &stolen, CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Invalid);
    let hb = r.credentials[0]
        .checks
        .iter()
        .find(|c| c.kind == CheckKind::HolderBinding)
        .unwrap();
    assert!(
        matches!(&hb.reason, Reason::HolderNotSubject { .. }),
        "{hb:?}"
    );

    // A presentation proof must be for authentication.
    let wrong = di_presentation(
        vec![vc.clone()],
        &holder(),
        CHALLENGE,
        DOMAIN,
        "assertionMethod",
    );
    let r = verify_expecting(&v, &wrong, CHALLENGE, DOMAIN);
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::WrongProofPurpose { .. })
    ));

    // The credential inside changed after the holder signed.
    let mut inner: Value = serde_json::from_str(&vp).unwrap();
    inner["verifiableCredential"][0]["credentialSubject"]["fullName"] = json!("Matti Meikäläinen");
    let r = verify_expecting(&v, &inner.to_string(), CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Invalid);

    // A bare credential where a presentation was asked for.
    let r = verify_expecting(&v, &vc.to_string(), CHALLENGE, DOMAIN);
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::NotAPresentation)
    );
}

#[test]
fn a_jwt_presentation_binds_nonce_and_audience() {
    let world = World::new();
    let v = world.verifier();
    let jwt = world.issue(&compact_spec(), Format::Jwt).credential;
    let vp = jwt_presentation(std::slice::from_ref(&jwt), &holder(), CHALLENGE, DOMAIN);
    let r = verify_expecting(&v, &vp, CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Valid);
    assert_eq!(r.presented, microcred_verifier::Presented::JwtPresentation);

    let r = verify_expecting(&v, &vp, "replayed", DOMAIN);
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::ChallengeMismatch)
    );
    let r = verify_expecting(&v, &vp, CHALLENGE, "https://else.example");
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::DomainMismatch)
    );

    // The VC 1.1 shape: a `vp` claim, the holder as `iss`.
    let legacy = json!({
        "iss": holder_did(),
        "aud": DOMAIN,
        "nonce": CHALLENGE,
        "vp": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiablePresentation"],
            "verifiableCredential": [jwt],
        }
    });
    let token = sign_jwt(&legacy, "JWT", &holder(), &holder_vm());
    let r = verify_expecting(&v, &token, CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Valid);

    let thief = attacker();
    let stolen = jwt_presentation(&[jwt], &thief, CHALLENGE, DOMAIN);
    let r = verify_expecting(&v, &stolen, CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Invalid);
}

#[test]
fn an_sd_jwt_presentation_checks_disclosures_and_key_binding() {
    let world = World::new();
    let v = world.verifier();
    let issued = world.issue(&full(), Format::SdJwt).credential;
    let now = chrono::Utc::now().timestamp();
    let present = |key: &SecretKey, nonce: &str, keep: &dyn Fn(&str) -> bool| {
        let signer = Ed25519Signer::new(Arc::new(SecretKey::from_seed(&key.seed())), None);
        sdjwt::present(&issued, keep, DOMAIN, nonce, now, &signer).unwrap()
    };
    let name_only = |p: &str| p.starts_with("/credentialSubject/fullName");
    let vp = present(&holder(), CHALLENGE, &name_only);
    let r = verify_expecting(&v, &vp, CHALLENGE, DOMAIN);
    assert_verdict(&r, Verdict::Valid);
    assert_eq!(r.presented, microcred_verifier::Presented::SdJwtKeyBinding);
    let claims = r.credentials[0].claims.as_ref().unwrap();
    assert_eq!(claims["credentialSubject"]["fullName"], "Maija Meikäläinen");
    assert!(
        claims["credentialSubject"].get("result").is_none(),
        "the grade stays hidden"
    );
    assert!(claims["credentialSubject"].get("birthDate").is_none());
    assert!(matches!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Passed, _)
    ));

    let r = verify_expecting(&v, &vp, "replayed", DOMAIN);
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::ChallengeMismatch)
    );
    let r = verify_expecting(&v, &vp, CHALLENGE, "https://else.example");
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::DomainMismatch)
    );
    let r = verify(&v, &vp);
    assert_eq!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::CouldNotCheck, Reason::ChallengeNotRequested)
    );

    // The key-binding JWT signed by someone other than the holder.
    let r = verify_expecting(
        &v,
        &present(&attacker(), CHALLENGE, &name_only),
        CHALLENGE,
        DOMAIN,
    );
    assert_verdict(&r, Verdict::Invalid);
    assert!(matches!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::KeyBinding { detail }) if detail.contains("other than the credential's holder")
    ));

    // A forged disclosure: a grade the issuer never signed.
    let (sd_part, _) = issued.rsplit_once('~').unwrap();
    let forged = sdjwt::Disclosure::new(Some("result"), json!([{"value": "5"}]));
    let r = verify(&v, &format!("{sd_part}~{}~", forged.encoded));
    assert_verdict(&r, Verdict::Invalid);
    assert!(matches!(
        check(&r, CheckKind::Disclosure),
        (Outcome::Failed, Reason::DisclosureRejected { detail }) if detail.contains("not referenced")
    ));
    // A real disclosure given twice.
    let first = issued.split('~').nth(1).unwrap();
    let r = verify(&v, &format!("{issued}{first}~"));
    assert!(matches!(
        check(&r, CheckKind::Disclosure),
        (Outcome::Failed, Reason::DisclosureRejected { .. })
    ));
    // A disclosure taken from another learner's credential.
    let other = world.issue(&full(), Format::SdJwt).credential;
    let foreign = other.split('~').nth(1).unwrap();
    let r = verify(&v, &format!("{issued}{foreign}~"));
    assert!(matches!(
        check(&r, CheckKind::Disclosure),
        (Outcome::Failed, Reason::DisclosureRejected { .. })
    ));
    // An SD-JWT without key binding where a presentation was asked for.
    let r = verify_expecting(&v, &issued, CHALLENGE, DOMAIN);
    assert!(matches!(
        check(&r, CheckKind::HolderBinding),
        (Outcome::Failed, Reason::KeyBinding { detail }) if detail.contains("missing")
    ));
}

#[test]
fn tamper_corpus_sd_jwt_presentation() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::SdJwt).credential;
    let signer = Ed25519Signer::new(Arc::new(holder()), None);
    let vp = sdjwt::present(
        &issued,
        &|_| true,
        DOMAIN,
        CHALLENGE,
        chrono::Utc::now().timestamp(),
        &signer,
    )
    .unwrap();
    let v = world.verifier();
    assert_verdict(
        &verify_expecting(&v, &vp, CHALLENGE, DOMAIN),
        Verdict::Valid,
    );
    let bytes = vp.as_bytes();
    let expect = microcred_verifier::Expectation {
        challenge: Some(CHALLENGE.into()),
        domain: Some(DOMAIN.into()),
        ..Default::default()
    };
    let kb_start = vp.rfind('~').unwrap() + 1;
    for i in kb_start..bytes.len() {
        let mut t = bytes.to_vec();
        t[i] = neighbour(t[i]);
        let r = futures_executor::block_on(v.verify(&t, &expect));
        assert_eq!(
            r.verdict,
            Verdict::Invalid,
            "KB-JWT byte {i}:\n{}",
            r.to_text(Lang::En)
        );
    }
}

// --------------------------------------------------------- independent: W3C vector

#[test]
fn the_w3c_test_vector_proof_verifies_but_its_issuer_is_not_a_did() {
    let text = microcred_testkit::vectors::eddsa_rdfc_2022("signedDataInt.json");
    let v = World::new().verifier();
    let r = verify(&v, &text);
    assert_verdict(&r, Verdict::CouldNotCheck);
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::CouldNotCheck, Reason::IssuerNotDid { issuer }) if issuer == "https://vc.example/issuers/5678"
    ));
    assert!(r.to_text(Lang::En).contains("the proof itself is valid"));
    let mut altered: Value = serde_json::from_str(&text).unwrap();
    altered["credentialSubject"]["alumniOf"] = json!("The School of Forgeries");
    let r = verify(&v, &altered.to_string());
    assert_verdict(&r, Verdict::Invalid);
    assert_eq!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::BadSignature)
    );
}

// ----------------------------------------------------------------- hostile input

#[test]
fn hostile_input_gets_a_clear_reason() {
    let world = World::new();
    let v = world.verifier();
    let reason = |bytes: &[u8]| {
        let r = futures_executor::block_on(v.verify(bytes, &Default::default()));
        assert_verdict(&r, Verdict::Invalid);
        check(&r, CheckKind::Format).1
    };
    assert_eq!(
        reason(&vec![b'{'; 2 * 1024 * 1024]),
        Reason::TooLarge { limit: 1024 * 1024 }
    );
    let deep = format!("{{\"@context\":{}{}}}", "[".repeat(200), "]".repeat(200));
    assert_eq!(reason(deep.as_bytes()), Reason::TooDeep { limit: 64 });
    // Input that is no credential at all is said to be so, with what it looked like.
    let not_a_credential = |bytes: &[u8]| {
        let r = futures_executor::block_on(v.verify(bytes, &Default::default()));
        assert_verdict(&r, Verdict::NotACredential);
        check(&r, CheckKind::Format).1
    };
    assert_eq!(
        not_a_credential(b"\x00\x01\x02garbage"),
        Reason::NotACredential {
            seen: microcred_verifier::recognise::Seen::Text { chars: 10 }
        }
    );
    assert_eq!(
        not_a_credential(b""),
        Reason::NotACredential {
            seen: microcred_verifier::recognise::Seen::Nothing
        }
    );
    assert!(matches!(reason(&[0xc3, 0x28]), Reason::Malformed { .. }));
    assert!(matches!(
        reason(b"{\"@context\": [}"),
        Reason::Malformed { .. }
    ));

    // A JWT whose payload nests deeply.
    let deep_payload = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let token = format!(
        "{}.{}.AA",
        b64json(&json!({"alg":"EdDSA","typ":"vc+jwt"})),
        B64.encode(deep_payload)
    );
    assert_eq!(reason(token.as_bytes()), Reason::TooDeep { limit: 64 });

    // An unknown JSON-LD context: never fetched, a failure.
    let mut vc: Value = serde_json::from_str(
        &world
            .issue(&compact_spec(), Format::DataIntegrity)
            .credential,
    )
    .unwrap();
    vc["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://evil.example/context.jsonld"));
    // A context we do not have: what the credential says cannot be read, so it is not
    // called forged either (issue #11): could not check, naming the context.
    let r = futures_executor::block_on(v.verify(vc.to_string().as_bytes(), &Default::default()));
    assert_verdict(&r, Verdict::CouldNotCheck);
    match check(&r, CheckKind::Format) {
        (Outcome::CouldNotCheck, Reason::UnknownContext { detail }) => {
            assert!(
                detail.contains("https://evil.example/context.jsonld"),
                "{detail}"
            )
        }
        other => panic!("{other:?}"),
    }

    // Too many disclosures.
    let sd = world.issue(&compact_spec(), Format::SdJwt).credential;
    let many = format!("{sd}{}", "WyJhIiwiYiJd~".repeat(1001));
    assert!(matches!(reason(many.as_bytes()), Reason::Malformed { .. }));

    // A presentation of too many credentials.
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "VerifiablePresentation",
        "verifiableCredential": vec![json!({}); 51],
        "proof": {}
    });
    assert!(matches!(
        reason(vp.to_string().as_bytes()),
        Reason::Malformed { .. }
    ));
}

#[test]
fn a_status_list_bomb_is_refused() {
    use std::io::Write;
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::Jwt);
    let url = world.issuer.status_list_url(StatusPurpose::Message, 1);
    // 128 MiB of zero bits compress to ~130 KB: more entries than any list may have.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..128 {
        gz.write_all(&zeros).unwrap();
    }
    let encoded = format!("u{}", B64.encode(gz.finish().unwrap()));
    let mut list: Value = serde_json::from_slice(
        &std::fs::read(world.issuer.status_list_path(StatusPurpose::Message, 1)).unwrap(),
    )
    .unwrap();
    list["credentialSubject"]["encodedList"] = json!(encoded);
    let key = SecretKey::from_seed(&[3; 32]);
    world.fetch.insert(
        &url,
        resign_di(list, &key, world.issuer.verification_method()),
    );
    let r = verify(&world.verifier(), &issued.credential);
    assert_verdict(&r, Verdict::CouldNotCheck);
    assert!(matches!(
        check(&r, CheckKind::Status),
        (Outcome::CouldNotCheck, Reason::StatusInvalid { detail, .. }) if detail.contains("more than")
    ));
}

#[test]
fn did_web_problems_are_told_apart() {
    let world = World::web();
    let issued = world.issue(&compact_spec(), Format::Jwt);
    let url = did::did_web_url(world.issuer.did()).unwrap();
    world.fetch.remove(&url);
    let r = verify(&world.verifier(), &issued.credential);
    assert_verdict(&r, Verdict::CouldNotCheck);
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::CouldNotCheck, Reason::DidUnresolved { .. })
    ));
    world
        .fetch
        .insert(&url, "{\"id\": \"did:web:evil.example\"}");
    let r = verify(&world.verifier(), &issued.credential);
    assert_verdict(&r, Verdict::Invalid);
    assert!(matches!(
        check(&r, CheckKind::Signature),
        (Outcome::Failed, Reason::DidUnresolved { detail, .. }) if detail.contains("not did:web:opisto")
    ));
}

#[test]
fn eu_completeness_names_what_is_missing_without_deciding() {
    let world = World::new();
    let evil = attacker();
    let evil_did = did::did_key(evil.public());
    let vc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": evil_did, "type": ["Profile"], "name": "Kurssitalo"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Excel-kurssi",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "urn:uuid:2b1c1d8e-0000-4000-8000-000000000001",
            "type": ["Achievement"], "name": "Excel-kurssi", "description": "Taulukkolaskennan perusteet",
            "criteria": {"narrative": "Osallistuminen"}
        }}
    });
    let signed = di::sign(
        vc,
        &evil,
        &ProofConfig::assertion(&did::did_key_vm(evil.public()), "2026-01-01T00:00:00Z"),
    )
    .unwrap();
    let r = verify(&world.verifier(), &signed.to_string());
    assert_verdict(&r, Verdict::ValidIssuerNotRecognised);
    let (outcome, reason) = check(&r, CheckKind::EuCompleteness);
    assert_eq!(outcome, Outcome::Failed);
    let Reason::MissingElements { missing } = reason else {
        panic!()
    };
    assert!(missing.len() >= 5, "{missing:?}");
    let text = r.to_text(Lang::Fi);
    assert!(text.contains("puuttuu:"), "{text}");
    assert!(text.contains("Excel-kurssi"), "{text}");
}

#[test]
fn a_credential_packed_for_a_qr_code_verifies_and_tampering_shows() {
    use microcred_core::qrpack;
    let world = World::new();
    let v = world.verifier();
    for (name, spec) in [("compact", compact_spec()), ("full", full())] {
        for format in Format::ALL {
            let text = world.issue(&spec, format).credential;
            let packed = qrpack::pack(&text).unwrap();
            eprintln!(
                "{name} {format}: {} bytes → {} QR characters",
                text.len(),
                packed.len()
            );
            assert_eq!(qrpack::unpack(&packed).unwrap(), text);
            let r = verify(&v, &packed);
            assert_verdict(&r, Verdict::Valid);
        }
    }
    let text = world.issue(&compact_spec(), Format::Jwt).credential;
    let packed = qrpack::pack(&text).unwrap();
    let mut broken = packed.clone().into_bytes();
    let i = broken.len() / 2;
    broken[i] = if broken[i] == b'A' { b'B' } else { b'A' };
    let r = futures_executor::block_on(v.verify(&broken, &Default::default()));
    assert_verdict(&r, Verdict::Invalid);
}
