//! The fast Data Integrity path gives exactly `ssi`'s bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use microcred_core::di::{self, FastPathError};
use microcred_testkit::vectors::eddsa_rdfc_2022 as vector;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

fn canonical(quads: &[di::rdfc::Quad]) -> Vec<String> {
    di::rdfc::canonicalize(quads).unwrap()
}

#[test]
fn w3c_vector_canonical_forms_are_the_published_ones() {
    let unsigned: Value = serde_json::from_str(&vector("unsigned.json")).unwrap();
    let fast = di::canonical_fast(&unsigned).unwrap().concat();
    assert_eq!(fast, vector("canonDocDataInt.txt"));
    assert_eq!(
        canonical(&di::quads_general(&unsigned).unwrap()).concat(),
        fast
    );
    assert_eq!(di::reference::canonical(&unsigned).unwrap().concat(), fast);

    let signed: Value = serde_json::from_str(&vector("signedDataInt.json")).unwrap();
    let cfg = di::ProofConfig::of(&signed).unwrap();
    let published = vector("proofCanonDataInt.txt");
    assert_eq!(
        di::canonical_proof_config(&unsigned, &cfg)
            .unwrap()
            .concat(),
        published
    );
    assert_eq!(
        di::canonical_proof_config_generic(&unsigned, &cfg)
            .unwrap()
            .concat(),
        published
    );
}

#[test]
fn the_proof_configuration_template_equals_the_generic_form() {
    let vc = our_credentials().remove(0);
    for purpose in ["assertionMethod", "authentication"] {
        let cfg = di::ProofConfig {
            created: "2026-05-29T10:11:12Z".into(),
            verification_method: "did:web:opisto.example#key-2".into(),
            proof_purpose: purpose.into(),
            challenge: None,
            domain: None,
        };
        assert_eq!(
            di::canonical_proof_config(&vc, &cfg).unwrap(),
            di::canonical_proof_config_generic(&vc, &cfg).unwrap()
        );
    }
}

/// Panics with only the lines that differ.
fn assert_same(fast: &[String], reference: &[String], what: &str) {
    if fast != reference {
        let only_fast: Vec<&String> = fast.iter().filter(|l| !reference.contains(l)).collect();
        let only_ref: Vec<&String> = reference.iter().filter(|l| !fast.contains(l)).collect();
        panic!("{what}: fast path differs\nonly fast: {only_fast:#?}\nonly ssi: {only_ref:#?}");
    }
}

mod common;
use common::our_credentials;

#[test]
fn every_example_credential_takes_the_fast_path_and_matches_json_ld_and_ssi() {
    for vc in our_credentials() {
        let name = vc["name"].as_str().unwrap_or_default().to_string();
        let collisions = di::rdfc::colliding_blank_nodes(&di::quads_fast(&vc).unwrap());
        assert!(
            collisions.is_empty(),
            "{name}: identical blank nodes {collisions:#?}"
        );
        let fast = di::canonical_fast(&vc).unwrap_or_else(|e| panic!("fell back: {e:?}\n{vc}"));
        let general = canonical(&di::quads_general(&vc).unwrap());
        assert_same(&fast, &general, &format!("{name} (json-ld)"));
        // Our credentials never need n-degree hashing, so ssi's canonical form agrees too.
        let ssi = di::reference::canonical(&vc).unwrap();
        assert_same(&fast, &ssi, &format!("{name} (ssi)"));
        assert!(fast.len() > 60, "a full credential: {} quads", fast.len());
    }
}

/// Random variations of our credentials: removing members, duplicating array items
/// (identical blank nodes), changing strings and numbers. Wherever the fast path gives an
/// answer it must equal ssi's.
#[test]
fn random_variations_match_ssi_wherever_the_fast_path_answers() {
    let base = our_credentials();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261122);
    let strings = [
        "",
        "a\"b",
        "x\\y",
        "ääkköset ÅÖ",
        "line\nbreak",
        "emoji 🎓",
        "<iri-like>",
        "1.5",
        "  ",
    ];
    let (mut compared, mut fell_back) = (0, 0);
    for round in 0..300 {
        let mut vc = base[round % base.len()].clone();
        for _ in 0..rng.gen_range(1..6) {
            mutate(&mut vc, &mut rng, &strings);
        }
        // Expansion by the json-ld crate, canonicalised by the same RDFC-1.0: equal output
        // means the fast walker produced the same graph.
        let reference = match di::quads_general(&vc) {
            Ok(q) => canonical(&q),
            Err(_) => continue, // a mutation made it invalid JSON-LD: not a comparison
        };
        match di::canonical_fast(&vc) {
            Ok(fast) => {
                assert_same(&fast, &reference, &format!("round {round}"));
                compared += 1;
            }
            Err(FastPathError::Fallback(_)) => fell_back += 1,
            Err(FastPathError::TooComplex) => {
                panic!("round {round}: a credential-shaped tree is never too complex")
            }
        }
    }
    eprintln!("compared {compared}, fell back {fell_back}");
    assert!(compared >= 200, "compared only {compared}");
}

fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k != "@context" {
                    let p = format!("{here}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push(p.clone());
                    pointers(x, p, out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{here}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

fn mutate(v: &mut Value, rng: &mut rand::rngs::StdRng, strings: &[&str]) {
    let mut all = Vec::new();
    pointers(v, String::new(), &mut all);
    let target = all[rng.gen_range(0..all.len())].clone();
    let (parent, last) = target.rsplit_once('/').unwrap();
    let last_is_key = matches!(last, "id" | "type");
    let action = rng.gen_range(0..4);
    match (action, v.pointer_mut(parent)) {
        (0, Some(Value::Object(m))) if !last_is_key => {
            m.remove(&last.replace("~1", "/").replace("~0", "~"));
        }
        (1, Some(Value::Array(a))) => {
            if let Ok(i) = last.parse::<usize>() {
                let copy = a[i].clone();
                a.push(copy);
            }
        }
        _ => match v.pointer_mut(&target) {
            Some(Value::String(s))
                if !s.starts_with("http")
                    && !s.starts_with("urn:")
                    && !s.starts_with("did:")
                    && !last_is_key =>
            {
                *s = strings[rng.gen_range(0..strings.len())].to_string();
            }
            Some(n @ Value::Number(_)) => *n = json!(rng.gen_range(0..1000)),
            _ => {}
        },
    }
}

#[test]
fn explicit_blank_node_ids_are_refused() {
    let mut vc = our_credentials().remove(0);
    vc["credentialSubject"]["id"] = json!("_:b0");
    let key = microcred_core::keys::SecretKey::generate();
    let cfg = di::ProofConfig::assertion("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "2026-05-29T10:00:00Z");
    assert!(matches!(
        di::sign(vc.clone(), &key, &cfg),
        Err(di::DiError::Unsupported(_))
    ));
}

/// JSON-LD lists become RDF collections whose items are in the signed data. (ssi 0.16's
/// own pipeline leaves literal items out; ours does not.)
#[test]
fn list_items_are_part_of_the_canonical_form() {
    let vc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://e.example/a", "type": ["Achievement"],
            "resultDescription": [{"id": "https://e.example/a#g", "type": ["ResultDescription"], "name": "G", "resultType": "Result", "allowedValue": ["pass", "fail"]}]}}
    });
    let fast = di::canonical_fast(&vc).unwrap();
    assert_eq!(fast, canonical(&di::quads_general(&vc).unwrap()));
    let text = fast.concat();
    assert!(text.contains("#first> \"pass\""), "{text}");
    assert!(text.contains("#first> \"fail\""));
    let mut changed = vc.clone();
    changed["credentialSubject"]["achievement"]["resultDescription"][0]["allowedValue"] =
        json!(["pass", "excellent"]);
    assert_ne!(
        di::canonical_fast(&changed).unwrap(),
        fast,
        "list items are covered by the signature"
    );
}
