//! Data Integrity `eddsa-rdfc-2022`: the W3C test vectors, and our own credentials.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use microcred_core::di::{self, DiError, ProofConfig};
use microcred_core::did;
use microcred_core::keys::{PublicKey, SecretKey};
use microcred_testkit::vectors::eddsa_rdfc_2022 as vector;
use serde_json::{json, Value};

fn vector_key() -> SecretKey {
    let kp: Value = serde_json::from_str(&vector("keyPair.json")).unwrap();
    let sk = kp["privateKeyMultibase"].as_str().unwrap();
    let bytes = bs58::decode(&sk[1..]).into_vec().unwrap();
    assert_eq!(&bytes[..2], &[0x80, 0x26]);
    SecretKey::from_seed(bytes[2..].try_into().unwrap())
}

#[test]
fn w3c_vector_verifies_and_is_reproduced_exactly() {
    let key = vector_key();
    let signed: Value = serde_json::from_str(&vector("signedDataInt.json")).unwrap();
    let cfg = ProofConfig::of(&signed).unwrap();
    assert_eq!(cfg.verification_method, did::did_key_vm(key.public()));
    di::verify(&signed, key.public()).unwrap();

    let unsigned: Value = serde_json::from_str(&vector("unsigned.json")).unwrap();
    let ours = di::sign(
        unsigned.clone(),
        &key,
        &ProofConfig::assertion(&cfg.verification_method, "2023-02-24T23:36:38Z"),
    )
    .unwrap();
    assert_eq!(
        ours["proof"]["proofValue"],
        vector("sigBTC58DataInt.txt").trim()
    );
    assert_eq!(ours["proof"], signed["proof"]);
}

fn credential(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://microcred.eu/contexts/v1"
        ],
        "id": "urn:uuid:6a2b7f1e-5b1c-4f0e-9d7a-2c3b4a5d6e7f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Tapahtumatekniikan osaajaksi",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Esimerkkiopisto", "legalName": "Esimerkkiopisto Oy",
                   "address": {"type": ["Address"], "addressCountryCode": "FI"}},
        "validFrom": "2026-05-29T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "fullName": "Maija Meikäläinen",
            "achievement": {
                "id": "https://example.org/specs/tapahtumatekniikan-osaajaksi",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Tapahtumatekniikan osaajaksi",
                "description": "Valaistus, ääni ja lava.",
                "criteria": {"narrative": "Näyttö"},
                "title": {"fi": "Tapahtumatekniikan osaajaksi", "en": "Event technology"},
                "creditPoint": [{"type": "CreditPoint", "framework": "https://microcred.eu/vocab#osaamispiste", "point": "45"}],
                "eqfLevel": "http://data.europa.eu/snb/eqf/4"
            }
        }
    })
}

#[test]
fn our_credential_signs_verifies_and_rejects_tampering_and_other_keys() {
    let key = SecretKey::generate();
    let issuer = did::did_key(key.public());
    let vm = did::did_key_vm(key.public());
    let signed = di::sign(
        credential(&issuer),
        &key,
        &ProofConfig::assertion(&vm, "2026-05-29T10:00:00Z"),
    )
    .unwrap();
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    di::verify(&signed, key.public()).unwrap();

    let mut tampered = signed.clone();
    tampered["credentialSubject"]["fullName"] = json!("Matti Meikäläinen");
    assert_eq!(
        di::verify(&tampered, key.public()),
        Err(DiError::BadSignature)
    );
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["achievement"]["eqfLevel"] =
        json!("http://data.europa.eu/snb/eqf/6");
    assert_eq!(
        di::verify(&tampered, key.public()),
        Err(DiError::BadSignature)
    );
    let other: PublicKey = SecretKey::generate().public();
    assert_eq!(di::verify(&signed, other), Err(DiError::BadSignature));
}

#[test]
fn unknown_contexts_and_undefined_terms_are_refused() {
    let key = SecretKey::generate();
    let vm = did::did_key_vm(key.public());
    let cfg = ProofConfig::assertion(&vm, "2026-05-29T10:00:00Z");
    let mut unknown = credential(&did::did_key(key.public()));
    unknown["@context"][2] = json!("https://evil.example/context");
    assert!(matches!(
        di::sign(unknown.clone(), &key, &cfg),
        Err(DiError::Context(_))
    ));

    // A term no bundled context defines must not be signed silently as nothing.
    let mut undefined = credential(&did::did_key(key.public()));
    undefined["credentialSubject"]["shoeSize"] = json!(43);
    let e = di::sign(undefined.clone(), &key, &cfg).unwrap_err();
    assert!(matches!(e, DiError::JsonLd(_)), "{e:?}");
}

/// Our signatures on our credentials verify in ssi, and ssi's verify in ours.
#[test]
fn signatures_carry_both_ways_between_our_pipeline_and_ssi() {
    let key = SecretKey::generate();
    let vm = did::did_key_vm(key.public());
    let cfg = ProofConfig::assertion(&vm, "2026-05-29T10:00:00Z");
    for vc in common::our_credentials() {
        let ours = di::sign(vc.clone(), &key, &cfg).unwrap();
        di::reference::verify(&ours, &key.public(), &cfg).unwrap();
        let proof = di::reference::sign_proof(&vc, &key, &cfg).unwrap();
        let mut theirs = vc.clone();
        theirs["proof"] = proof;
        assert_eq!(theirs["proof"]["proofValue"], ours["proof"]["proofValue"]);
        di::verify(&theirs, key.public()).unwrap();
    }
}
