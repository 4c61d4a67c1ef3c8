//! Specification + issuer + award → credential → back, for every example.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use microcred_model::credential::{self, BuildOptions};
use microcred_model::{Award, IssuerProfile, Learner, Place, Specification};
use serde_json::{json, Value};

fn specs() -> Vec<Specification> {
    let out = microcred_testkit::examples::specs();
    assert_eq!(out.len(), 6);
    out
}

/// The example issuer with a did:key, as an issuer made from it has.
fn issuer() -> IssuerProfile {
    let mut i = microcred_testkit::examples::profile();
    i.id = Some("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".into());
    i
}

fn award(spec: &Specification) -> Award {
    Award {
        json_schema: None,
        id: Some("urn:uuid:0b1c8f4e-1d2a-4a7e-9a51-8d0c6e2f3a10".into()),
        specification: spec.id.clone(),
        learner: Learner {
            name: "Maija Meikäläinen".into(),
            given_name: Some("Maija".into()),
            family_name: Some("Meikäläinen".into()),
            date_of_birth: Some("2003-04-17".into()),
            national_id: Some("170403A123B".into()),
            email: Some("Maija@Example.org".into()),
            did: Some("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
        },
        issued: "2026-05-29T00:00:00Z".into(),
        place: Some(Place {
            locality: "Tampere".into(),
            country: "FI".into(),
        }),
        grade: spec
            .grading_scheme
            .as_ref()
            .and_then(|g| g.grades.first())
            .map(|g| g.value.clone()),
        evidence: vec![],
        valid_until: Some("2029-05-29T00:00:00Z".into()),
        chosen_units: Vec::new(),
    }
}

fn build(spec: &Specification, award: &Award) -> Value {
    let status = [json!({
        "id": "https://example.org/status/revocation/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://example.org/status/revocation/1"
    })];
    let achievement_id = format!("https://example.org/specs/{}", spec.id);
    let opts = BuildOptions {
        credential_id: award.id.as_deref().unwrap(),
        achievement_id: &achievement_id,
        issuer_id: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        status: &status,
        identity_salt: "c2FsdA",
    };
    credential::build(spec, &issuer(), award, &opts).unwrap()
}

#[test]
fn every_example_round_trips() {
    for spec in specs() {
        let mut spec = spec;
        spec.json_schema = None;
        let award = award(&spec);
        let vc = build(&spec, &award);
        let back = credential::read(&vc).unwrap();
        assert_eq!(back.spec, spec, "{}", spec.id);
        assert_eq!(back.issuer, issuer(), "{}", spec.id);
        let mut expected = award.clone();
        // Hashed in the credential, so they cannot come back.
        expected.learner.email = None;
        expected.learner.national_id = None;
        assert_eq!(back.award, expected, "{}", spec.id);
    }
}

#[test]
fn credentials_carry_all_eleven_eu_elements_and_open_badges_fields() {
    for spec in specs() {
        let vc = build(&spec, &award(&spec));
        for (element, present) in credential::eu_elements(&vc) {
            assert!(present, "{}: {element:?} missing", spec.id);
        }
        assert_eq!(
            vc["type"],
            json!(["VerifiableCredential", "OpenBadgeCredential"])
        );
        let a = &vc["credentialSubject"]["achievement"];
        assert_eq!(a["achievementType"], "MicroCredential");
        for required in ["id", "type", "criteria", "description", "name"] {
            assert!(a.get(required).is_some(), "achievement.{required}");
        }
        assert_eq!(vc["@context"], json!(credential::CONTEXTS));
    }
}

#[test]
fn hashed_identifiers_can_be_checked_by_someone_who_knows_them() {
    let spec = &specs()[0];
    let vc = build(spec, &award(spec));
    let cs = &vc["credentialSubject"];
    let salt = cs["identitySalt"].as_str().unwrap();
    assert_eq!(
        cs["hashedEmail"],
        credential::identity_hash("maija@example.org", salt)
    );
    assert_eq!(
        cs["hashedNationalId"],
        credential::identity_hash("170403A123B", salt)
    );
    assert!(
        !vc.to_string().contains("170403A123B"),
        "national id never in clear"
    );
    assert!(!vc.to_string().to_lowercase().contains("maija@example.org"));
}

#[test]
fn numbers_are_whole_and_text_has_no_control_characters() {
    let mut spec = specs()[0].clone();
    spec.workload.ects = Some(2.5);
    spec.description = spec
        .description
        .clone()
        .with("en", "Tabs\there\r\nand lines");
    let vc = build(&spec, &award(&spec));
    fn walk(v: &Value) {
        match v {
            Value::Number(n) => assert!(n.is_i64() || n.is_u64(), "non-integer number {n}"),
            Value::String(s) => assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}"),
            Value::Array(a) => a.iter().for_each(walk),
            Value::Object(m) => m.values().for_each(walk),
            _ => {}
        }
    }
    walk(&vc);
    let a = &vc["credentialSubject"]["achievement"];
    assert!(
        a.get("creditsAvailable").is_none(),
        "2.5 ECTS stays out of the number field"
    );
    assert_eq!(credential::read(&vc).unwrap().spec.workload.ects, Some(2.5));
    assert_eq!(a["localizedDescription"]["en"], "Tabs here\nand lines");
}

#[test]
fn disclosable_claims_name_the_learner_grade_and_optional_elements() {
    let spec = specs()
        .into_iter()
        .find(|s| s.id == "tapahtumatekniikan-osaajaksi")
        .unwrap();
    let vc = build(&spec, &award(&spec));
    let names: Vec<&str> = credential::disclosable_claims(&vc)
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for want in [
        "name",
        "birthDate",
        "email",
        "nationalId",
        "grade",
        "prerequisites",
        "supervision",
        "integration",
        "furtherInformation",
    ] {
        assert!(names.contains(&want), "{want} not in {names:?}");
    }
}

#[test]
fn a_foreign_open_badge_gives_a_summary_and_lists_missing_elements() {
    let vc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://badges.example", "type": ["Profile"], "name": "Example Badges"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://badges.example/a", "type": ["Achievement"], "name": "Teamwork", "description": "d", "criteria": {"narrative": "n"}}}
    });
    assert_eq!(
        credential::read(&vc),
        Err(credential::ReadError::NotMicrocred)
    );
    let s = credential::summary(&vc);
    assert_eq!(s.title.as_deref(), Some("Teamwork"));
    assert_eq!(s.issuer_name.as_deref(), Some("Example Badges"));
    let missing: Vec<_> = credential::eu_elements(&vc)
        .into_iter()
        .filter(|(_, p)| !p)
        .map(|(e, _)| e)
        .collect();
    use microcred_model::Element::*;
    assert_eq!(
        missing,
        vec![
            Learner,
            Country,
            // The badge's criteria state what was learnt: learning outcomes are there.
            Workload,
            Level,
            Assessment,
            Participation,
            QualityAssurance
        ]
    );
}

/// A template lends its parts to each document; an award that cannot be built (a bad
/// date) must leave the template whole for the next learner.
#[test]
fn a_template_survives_a_bad_award_and_builds_the_same_documents() {
    let spec = specs().remove(0);
    let mut template = credential::Template::new(
        &spec,
        &issuer(),
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "https://example.org/specs/x",
    );
    let mut bad = award(&spec);
    bad.issued = "not a date".into();
    assert!(template
        .with_document(&bad, "urn:uuid:1", &[], "s", |_| ())
        .is_err());
    let good = award(&spec);
    let lent = template
        .with_document(&good, "urn:uuid:2", &[], "s", |doc| doc.clone())
        .unwrap();
    assert_eq!(lent, template.build(&good, "urn:uuid:2", &[], "s").unwrap());
    // And again: the parts came back.
    let again = template
        .with_document(&good, "urn:uuid:2", &[], "s", |doc| doc.clone())
        .unwrap();
    assert_eq!(again, lent);
}
