//! SD-JWT against RFC 9901's own examples, and our EdDSA issue → present → verify path
//! with every way a presentation can be wrong.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::sync::Arc;

use josekit::jwk::Jwk;
use josekit::jws::ES256;
use microcred_core::jose::Ed25519Signer;
use microcred_core::keys::SecretKey;
use microcred_core::sdjwt::{self, Disclosure, KbExpectation, SdJwtError};
use serde_json::{json, Map, Value};

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/rfc9901.json")).unwrap()
}

#[test]
fn rfc_disclosures_decode_and_digest_as_published() {
    let v = vectors();
    let list = v["disclosures"].as_array().unwrap();
    assert!(list.len() >= 15);
    for d in list {
        let enc = d["disclosure"].as_str().unwrap();
        let dec = Disclosure::decode(enc).unwrap();
        assert_eq!(dec.digest(), d["sha256_digest"].as_str().unwrap(), "{enc}");
        let contents = d["contents"].as_array().unwrap();
        assert_eq!(dec.salt, contents[0].as_str().unwrap());
        match contents.len() {
            3 => {
                assert_eq!(dec.name.as_deref(), contents[1].as_str());
                assert_eq!(dec.value, contents[2]);
            }
            _ => {
                assert_eq!(dec.name, None);
                assert_eq!(dec.value, contents[1]);
            }
        }
    }
}

/// The RFC's issuer signs with ES256; we check that signature with josekit here and
/// then run our disclosure processing and `sd_hash` over the published strings.
fn rfc_payload(jwt: &str) -> Map<String, Value> {
    let v = vectors();
    let jwk = Jwk::from_map(v["issuer_public_jwk"].as_object().unwrap().clone()).unwrap();
    let verifier = ES256.verifier_from_jwk(&jwk).unwrap();
    let (payload, _) = josekit::jws::deserialize_compact(jwt, &verifier).unwrap();
    serde_json::from_slice(&payload).unwrap()
}

#[test]
fn rfc_section5_presentation_processes_to_the_published_claims() {
    let v = vectors();
    let s5 = &v["section5"];
    let presented = s5["presentation_sd_jwt_kb"].as_str().unwrap();
    let parts = sdjwt::split(presented).unwrap();
    assert_eq!(parts.disclosures.len(), 4);
    assert_eq!(
        parts.sd_part,
        s5["presentation_sd_jwt_without_kb"].as_str().unwrap()
    );
    let payload = rfc_payload(parts.jwt);
    let d = sdjwt::disclose(payload, &parts.disclosures).unwrap();
    let (claims, paths) = (d.claims, d.disclosed);
    assert_eq!(Value::Object(claims), s5["expected_processed_payload"]);
    assert_eq!(paths.len(), 4);
    // sd_hash in the published KB-JWT is over exactly the part before it.
    let kb_payload = microcred_core::jose::peek(parts.kb_jwt.unwrap())
        .unwrap()
        .payload;
    assert_eq!(kb_payload, s5["kb_jwt_payload"]);
    use base64::Engine;
    use sha2::Digest;
    let sd_hash = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(parts.sd_part.as_bytes()));
    assert_eq!(kb_payload["sd_hash"], sd_hash);

    // The full issuance: every disclosure is referenced.
    let issued = s5["sd_jwt_issuance"].as_str().unwrap();
    let parts = sdjwt::split(issued).unwrap();
    assert!(parts.kb_jwt.is_none());
    let d = sdjwt::disclose(rfc_payload(parts.jwt), &parts.disclosures).unwrap();
    let (claims, paths) = (d.claims, d.disclosed);
    assert_eq!(paths.len(), parts.disclosures.len());
    assert_eq!(claims["address"]["locality"], "Anytown");
    assert_eq!(claims["nationalities"], json!(["US", "DE"]));
    assert!(!claims.contains_key("_sd") && !claims.contains_key("_sd_alg"));
}

#[test]
fn rfc_appendix_a3_sd_jwt_vc_discloses_the_published_subset() {
    let v = vectors();
    let a3 = &v["appendix_a3"];
    let parts = sdjwt::split(a3["presentation_sd_jwt_kb"].as_str().unwrap()).unwrap();
    let claims = sdjwt::disclose(rfc_payload(parts.jwt), &parts.disclosures)
        .unwrap()
        .claims;
    for (k, want) in a3["expected_disclosed_claims_subset"].as_object().unwrap() {
        assert_eq!(claims.get(k), Some(want), "{k}");
    }
}

#[test]
fn forged_duplicated_and_reserved_disclosures_are_rejected() {
    let v = vectors();
    let issued = v["section5"]["sd_jwt_issuance"].as_str().unwrap();
    let parts = sdjwt::split(issued).unwrap();
    let payload = rfc_payload(parts.jwt);

    // A disclosure the issuer never signed (a new salt for given_name "Jane").
    let forged = Disclosure::new(Some("given_name"), json!("Jane"));
    let mut ds = parts.disclosures.clone();
    ds.push(&forged.encoded);
    assert_eq!(
        sdjwt::disclose(payload.clone(), &ds).unwrap_err(),
        SdJwtError::UnreferencedDisclosure
    );
    // The same disclosure twice.
    let mut ds = parts.disclosures.clone();
    ds.push(parts.disclosures[0]);
    assert_eq!(
        sdjwt::disclose(payload.clone(), &ds).unwrap_err(),
        SdJwtError::DuplicateDigest
    );
    // A disclosure naming a reserved claim.
    use base64::Engine;
    let reserved = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"["salt","_sd","x"]"#);
    assert_eq!(
        sdjwt::disclose(payload.clone(), &[&reserved]).unwrap_err(),
        SdJwtError::ReservedName("_sd".into())
    );
    // Garbage.
    assert!(matches!(
        sdjwt::disclose(payload, &["!!!"]).unwrap_err(),
        SdJwtError::BadDisclosure(_)
    ));
    for bad in ["", "abc", "a.b.c", "a.b~x~y", "a.b.c~~", "a.b.c~d~e.f"] {
        assert!(sdjwt::split(bad).is_err(), "{bad}");
    }
}

struct Fixture {
    issuer: SecretKey,
    holder: Arc<SecretKey>,
    issued: String,
}

fn issue() -> Fixture {
    let issuer = SecretKey::generate();
    let holder = Arc::new(SecretKey::generate());
    let claims = json!({
        "iss": "did:example:issuer",
        "vct": "https://example.org/micro-credential",
        "cnf": {"jwk": holder.public().to_jwk()},
        "credentialSubject": {
            "fullName": "Maija Meikäläinen",
            "birthDate": "2003-04-17",
            "identifier": [{"identityType": "emailAddress", "identityHash": "m@example.org"}, {"identityType": "name", "identityHash": "Maija"}],
            "achievement": {"name": "Tapahtumatekniikan osaajaksi", "entryRequirement": {"noteLiteral": {"fi": "ei"}}},
            "result": [{"value": "4"}]
        }
    });
    let pointers: Vec<String> = [
        "/credentialSubject/fullName",
        "/credentialSubject/birthDate",
        "/credentialSubject/identifier/0",
        "/credentialSubject/identifier/1",
        "/credentialSubject/result",
        "/credentialSubject/achievement/entryRequirement",
        "/credentialSubject/achievement/entryRequirement/noteLiteral",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let signer = Ed25519Signer::new(
        Arc::new(SecretKey::from_seed(&issuer.seed())),
        Some("did:example:issuer#k1".into()),
    );
    let issued = sdjwt::issue(&claims, &pointers, 3, sdjwt::TYP_SD_JWT_VC, &signer).unwrap();
    Fixture {
        issuer,
        holder,
        issued,
    }
}

fn expect(nonce: &str) -> KbExpectation<'_> {
    KbExpectation {
        audience: "https://employer.example",
        nonce,
        now: 1_800_000_000,
        max_age: 300,
        skew: 60,
    }
}

#[test]
fn issue_present_verify_discloses_only_what_was_chosen() {
    let f = issue();
    let pointers = sdjwt::disclosure_pointers(&f.issued).unwrap();
    assert_eq!(pointers.len(), 7);
    let holder = Ed25519Signer::new(f.holder.clone(), None);
    let keep = |p: &str| p == "/credentialSubject/fullName" || p.ends_with("/noteLiteral");
    let presented = sdjwt::present(
        &f.issued,
        &keep,
        "https://employer.example",
        "n-1",
        1_800_000_000,
        &holder,
    )
    .unwrap();

    let parts = sdjwt::split(&presented).unwrap();
    // fullName, plus entryRequirement (needed to reach noteLiteral) and noteLiteral.
    assert_eq!(parts.disclosures.len(), 3);
    let (header, payload) = sdjwt::verify_issuer_signed(&parts, f.issuer.public()).unwrap();
    assert_eq!(header["typ"], "dc+sd-jwt");
    let claims = sdjwt::disclose(payload, &parts.disclosures).unwrap().claims;
    let cs = &claims["credentialSubject"];
    assert_eq!(cs["fullName"], "Maija Meikäläinen");
    assert!(cs.get("birthDate").is_none(), "birth date stays hidden");
    assert!(cs.get("result").is_none(), "grade stays hidden");
    assert_eq!(
        cs["identifier"],
        json!([]),
        "undisclosed array elements are removed"
    );
    assert_eq!(
        cs["achievement"]["entryRequirement"]["noteLiteral"]["fi"],
        "ei"
    );
    let holder_key = sdjwt::holder_key(&claims).unwrap();
    assert_eq!(holder_key, f.holder.public());
    sdjwt::verify_key_binding(&parts, holder_key, &expect("n-1")).unwrap();
}

#[test]
fn key_binding_rejects_replay_wrong_audience_wrong_key_and_age() {
    let f = issue();
    let holder = Ed25519Signer::new(f.holder.clone(), None);
    let all = |_: &str| true;
    let presented = sdjwt::present(
        &f.issued,
        &all,
        "https://employer.example",
        "n-1",
        1_800_000_000,
        &holder,
    )
    .unwrap();
    let parts = sdjwt::split(&presented).unwrap();
    let hk = f.holder.public();
    let reason = |e: SdJwtError| e.to_string();

    let e = sdjwt::verify_key_binding(&parts, hk, &expect("n-2")).unwrap_err();
    assert_eq!(e, SdJwtError::KeyBindingNonce);
    assert!(reason(e).contains("nonce"));
    let mut ex = expect("n-1");
    ex.audience = "https://other.example";
    let e = sdjwt::verify_key_binding(&parts, hk, &ex).unwrap_err();
    assert_eq!(e, SdJwtError::KeyBindingAudience);
    assert!(reason(e).contains("audience"));
    let mut ex = expect("n-1");
    ex.now += 3600;
    assert!(reason(sdjwt::verify_key_binding(&parts, hk, &ex).unwrap_err()).contains("too old"));
    let other = SecretKey::generate().public();
    assert!(
        reason(sdjwt::verify_key_binding(&parts, other, &expect("n-1")).unwrap_err())
            .contains("other than the credential's holder key")
    );

    // Signed by another key altogether.
    let thief = Ed25519Signer::new(Arc::new(SecretKey::generate()), None);
    let stolen = sdjwt::present(
        &f.issued,
        &all,
        "https://employer.example",
        "n-1",
        1_800_000_000,
        &thief,
    )
    .unwrap();
    let p2 = sdjwt::split(&stolen).unwrap();
    assert!(sdjwt::verify_key_binding(&p2, hk, &expect("n-1")).is_err());

    // A disclosure dropped after the KB-JWT was made: sd_hash no longer matches.
    let without_first: String = {
        let mut pieces: Vec<&str> = presented.split('~').collect();
        pieces.remove(1);
        pieces.join("~")
    };
    let p3 = sdjwt::split(&without_first).unwrap();
    assert!(
        reason(sdjwt::verify_key_binding(&p3, hk, &expect("n-1")).unwrap_err()).contains("sd_hash")
    );

    // No KB-JWT at all.
    let p4 = sdjwt::split(&f.issued).unwrap();
    assert!(
        reason(sdjwt::verify_key_binding(&p4, hk, &expect("n-1")).unwrap_err()).contains("missing")
    );
}

#[test]
fn issuer_signature_rejects_other_keys_and_tampering() {
    let f = issue();
    let parts = sdjwt::split(&f.issued).unwrap();
    assert!(sdjwt::verify_issuer_signed(&parts, SecretKey::generate().public()).is_err());
    // Flip one character of the payload.
    let mut jwt: Vec<char> = parts.jwt.chars().collect();
    let dot = parts.jwt.find('.').unwrap();
    jwt[dot + 5] = if jwt[dot + 5] == 'A' { 'B' } else { 'A' };
    let tampered: String = jwt.into_iter().collect::<String>() + &f.issued[parts.jwt.len()..];
    let tp = sdjwt::split(&tampered).unwrap();
    assert!(sdjwt::verify_issuer_signed(&tp, f.issuer.public()).is_err());
}

#[test]
fn key_binding_times_from_anywhere_are_judged_without_overflow() {
    use base64::Engine;
    use sha2::Digest;
    let f = issue();
    let holder = Ed25519Signer::new(f.holder.clone(), None);
    let all = |_: &str| true;
    let hk = f.holder.public();
    // Through the holder's own API: the extremes of i64.
    for iat in [i64::MIN, i64::MIN + 1, -1, i64::MAX] {
        let presented = sdjwt::present(
            &f.issued,
            &all,
            "https://employer.example",
            "n-1",
            iat,
            &holder,
        )
        .unwrap();
        let parts = sdjwt::split(&presented).unwrap();
        assert!(
            sdjwt::verify_key_binding(&parts, hk, &expect("n-1")).is_err(),
            "iat {iat}"
        );
    }
    // Hand-made: numbers no i64 holds, and not numbers at all.
    let sd = sdjwt::select(&f.issued, &all).unwrap();
    let sd_hash = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(sd.as_bytes()));
    for iat in [
        json!(-1e300),
        json!(1e300),
        json!(-9.3e18),
        json!(1.8e9 + 0.5),
        json!("1800000000"),
        json!(null),
    ] {
        let kb = json!({ "iat": iat, "aud": "https://employer.example", "nonce": "n-1", "sd_hash": sd_hash });
        let jwt = microcred_core::jose::sign(kb.to_string().as_bytes(), sdjwt::TYP_KB_JWT, &holder)
            .unwrap();
        let presented = format!("{sd}{jwt}");
        let parts = sdjwt::split(&presented).unwrap();
        let r = sdjwt::verify_key_binding(&parts, hk, &expect("n-1"));
        if iat == json!(1.8e9 + 0.5) {
            assert!(r.is_ok(), "a fractional time now is fine: {r:?}");
        } else {
            assert!(r.is_err(), "iat {iat}");
        }
    }
}

#[test]
fn sd_jwt_vc_typ_is_read_in_every_accepted_spelling() {
    for typ in [
        "dc+sd-jwt",
        "vc+sd-jwt",
        "application/dc+sd-jwt",
        "application/vc+sd-jwt",
        "DC+SD-JWT",
    ] {
        assert!(sdjwt::is_vc_typ(typ), "{typ}");
    }
    for typ in ["vc+jwt", "kb+jwt", "sd-jwt", "application/json", ""] {
        assert!(!sdjwt::is_vc_typ(typ), "{typ}");
    }
}
