//! A Data Integrity credential tampered with by naming blank nodes (`"id": "_:b0"`) is
//! "not genuine", not "could not check": its canonical form is computed under the work
//! limit like any other, and the signature does not match it. Naming a node that was
//! blank already changes nothing the proof covers, and stays genuine.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use common::*;
use microcred_issuer::Format;
use microcred_model::Lang;
use microcred_verifier::{CheckKind, Outcome, Reason, Verdict};
use serde_json::{json, Value};

#[test]
fn added_blank_node_ids_are_tampering() {
    let world = World::new();
    let v = world.verifier();
    let issued = world
        .issue(&compact_spec(), Format::DataIntegrity)
        .credential;
    assert_eq!(verify(&v, &issued).verdict, Verdict::Valid);
    let original: Value = serde_json::from_str(&issued).unwrap();
    type Tamper = Box<dyn Fn(&mut Value)>;
    let tamperings: Vec<(&str, Tamper)> = vec![
        (
            "the achievement named _:b0",
            Box::new(|c: &mut Value| c["credentialSubject"]["achievement"]["id"] = json!("_:b0")),
        ),
        (
            "the subject named _:s",
            Box::new(|c: &mut Value| c["credentialSubject"]["id"] = json!("_:s")),
        ),
    ];
    for (what, tamper) in tamperings {
        let mut c = original.clone();
        tamper(&mut c);
        let r = verify(&v, &c.to_string());
        assert_eq!(
            r.verdict,
            Verdict::Invalid,
            "{what}\n{}",
            r.to_text(Lang::En)
        );
        let sig = r.check(CheckKind::Signature).unwrap();
        assert_eq!(sig.outcome, Outcome::Failed, "{what}");
        assert!(
            matches!(sig.reason, Reason::BadSignature),
            "{what}: {:?}",
            sig.reason
        );
    }
    // A node that was a blank node already, now with a label: the same graph (labels of
    // blank nodes carry no meaning), so the same credential, and genuine.
    let mut c = original.clone();
    c["credentialSubject"]["achievement"]["criteria"]["@id"] = json!("_:c1");
    let r = verify(&v, &c.to_string());
    assert_eq!(r.verdict, Verdict::Valid, "{}", r.to_text(Lang::En));
}
