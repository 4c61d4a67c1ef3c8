//! Credentials signed by the JavaScript reference implementation (Digital Bazaar's
//! cryptosuites, through `tests/interop/suite-sign.mjs`), kept as vectors: each verifies
//! with the key of its did:key, and a change of one character in what was signed, or
//! another key, fails.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use microcred_core::di::suites::{self, Suite};
use microcred_core::did;
use microcred_core::pubkey::VerifyingKey;
use microcred_testkit::vectors::foreign as vector;
use serde_json::Value;

const VECTORS: [(&str, Suite); 10] = [
    ("Ed25519Signature2020", Suite::Ed25519Signature2020),
    ("Ed25519Signature2018", Suite::Ed25519Signature2018),
    ("eddsa-jcs-2022", Suite::EddsaJcs2022),
    ("ecdsa-rdfc-2019", Suite::EcdsaRdfc2019),
    ("ecdsa-rdfc-2019-p384", Suite::EcdsaRdfc2019),
    ("ecdsa-jcs-2019", Suite::EcdsaJcs2019),
    ("ecdsa-sd-2023", Suite::EcdsaSd2023),
    ("ecdsa-sd-2023-derived", Suite::EcdsaSd2023),
    ("ecdsa-sd-2023-derived-reveal", Suite::EcdsaSd2023),
    ("ecdsa-sd-2023-derived-reveal", Suite::EcdsaSd2023),
];

fn check(doc: &Value) -> Result<(), microcred_core::di::DiError> {
    let proofs = suites::proofs(doc)?;
    let method = proofs[0]["verificationMethod"].as_str().unwrap();
    let key = did::public_key_of(method).unwrap();
    suites::verify(doc, proofs[0], &key)
}

#[test]
fn reference_implementation_credentials_verify() {
    for (name, suite) in VECTORS {
        let doc = vector(name);
        let proofs = suites::proofs(&doc).unwrap();
        assert_eq!(Suite::of(proofs[0]).unwrap(), suite, "{name}");
        check(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_changed_character_or_another_key_fails() {
    for (name, _) in VECTORS {
        let doc = vector(name);
        let mut tampered = doc.clone();
        let n = tampered["issuer"]["name"]
            .as_str()
            .unwrap()
            .replacen('E', "F", 1);
        tampered["issuer"]["name"] = Value::String(n);
        assert!(
            check(&tampered).is_err(),
            "{name}: tampered credential accepted"
        );
        let other = VerifyingKey::from_multibase(match doc["proof"]["cryptosuite"].as_str() {
            Some(s) if s.starts_with("ecdsa") => {
                "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
            }
            _ => "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        })
        .unwrap();
        let proofs = suites::proofs(&doc).unwrap();
        if proofs[0]["verificationMethod"]
            .as_str()
            .unwrap()
            .contains("z82")
        {
            continue; // a P-384 key; no other P-384 key at hand
        }
        assert!(
            suites::verify(&doc, proofs[0], &other).is_err(),
            "{name}: another key accepted"
        );
    }
}
