//! Shared by the Data Integrity tests: every example specification built into a credential.
#![allow(dead_code)]

use microcred_model::credential::{self, BuildOptions};
use microcred_model::validate;
use microcred_model::{Award, Learner, Place};
use microcred_testkit::examples::specs;
use microcred_testkit::repo;
use serde_json::{json, Value};

pub fn our_credentials() -> Vec<Value> {
    let text = std::fs::read(repo().join("examples/issuers/esimerkkiopisto.json")).unwrap();
    let (issuer, _) = validate::load_issuer_profile(&text).unwrap();
    let mut out = Vec::new();
    for spec in specs() {
        let award = Award {
            json_schema: None,
            id: None,
            specification: spec.id.clone(),
            learner: Learner {
                name: "Väinö \"Väiski\" Koskinen\\".into(),
                email: Some("vaino@example.org".into()),
                national_id: Some("241200A123B".into()),
                date_of_birth: Some("2000-12-24".into()),
                did: Some("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
                ..Learner::default()
            },
            issued: "2026-05-29".into(),
            place: Some(Place {
                locality: "Seinäjoki".into(),
                country: "FI".into(),
            }),
            grade: spec
                .grading_scheme
                .as_ref()
                .and_then(|g| g.grades.first())
                .map(|g| g.value.clone()),
            evidence: vec![],
            valid_until: Some("2030-01-01".into()),
            chosen_units: Vec::new(),
        };
        let status = [
            json!({"id": "https://e.example/status/revocation/1#9", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": "9", "statusListCredential": "https://e.example/status/revocation/1"}),
        ];
        let opts = BuildOptions {
            credential_id: "urn:uuid:1f0c5b4e-9d2a-4c7e-8a51-8d0c6e2f3a10",
            achievement_id: &format!("https://e.example/specs/{}", spec.id),
            issuer_id: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            status: &status,
            identity_salt: "c2FsdA",
        };
        out.push(credential::build(&spec, &issuer, &award, &opts).unwrap());
    }
    out
}
