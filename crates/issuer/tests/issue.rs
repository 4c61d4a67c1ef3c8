//! The issuer end to end through its library API.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::Path;

use microcred_core::did::{self, Purpose};
use microcred_core::status::Bitstring;
use microcred_core::{di, jose, sdjwt};
use microcred_issuer::cohort::{self, Run};
use microcred_issuer::{Filter, Format, InitOptions, Issuer, IssuerError, Request, Standing};
use microcred_model::validate;
use microcred_model::{Award, Lang, Learner, Specification};
use microcred_testkit::examples::{profile, specs};
use microcred_testkit::repo;
use serde_json::Value;

fn spec(id: &str) -> Specification {
    specs().into_iter().find(|s| s.id == id).unwrap()
}

fn award(spec: &Specification, name: &str) -> Award {
    Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: Learner {
            name: name.into(),
            email: Some(format!(
                "{}@example.org",
                name.to_lowercase().replace(' ', ".")
            )),
            did: Some("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
            ..Learner::default()
        },
        issued: "2026-05-29".into(),
        place: None,
        grade: spec
            .grading_scheme
            .as_ref()
            .and_then(|g| g.grades.last())
            .map(|g| g.value.clone()),
        evidence: vec![],
        valid_until: None,
        chosen_units: Vec::new(),
    }
}

fn issuer(dir: &Path) -> Issuer {
    Issuer::init(dir, profile(), InitOptions::default()).unwrap()
}

#[test]
fn init_creates_a_private_key_a_did_and_refuses_to_run_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    assert!(i.did().starts_with("did:key:z6Mk"));
    assert_eq!(i.profile().id.as_deref(), Some(i.did()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(tmp.path().join("keys/key-1.jwk"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    drop(i);
    assert!(matches!(
        Issuer::init(tmp.path(), profile(), InitOptions::default()),
        Err(IssuerError::AlreadyInitialised(_))
    ));
    let reopened = Issuer::open(tmp.path()).unwrap();
    assert!(reopened.did().starts_with("did:key:"));
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        Issuer::open(empty.path()),
        Err(IssuerError::NotInitialised(_))
    ));
}

#[test]
fn every_example_in_every_format_signs_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let key = did::parse_did_key(i.did()).unwrap();
    for spec in specs() {
        for format in Format::ALL {
            let issued = i
                .issue(
                    &spec,
                    Request {
                        award: award(&spec, "Maija Meikäläinen"),
                        format,
                        idempotency_key: None,
                    },
                )
                .unwrap();
            let text = &issued.credential;
            match format {
                Format::DataIntegrity => {
                    let vc: Value = serde_json::from_str(text).unwrap();
                    // ssi refuses any term the bundled contexts do not define, so this
                    // also proves the credential expands with no undefined term.
                    di::verify(&vc, key).unwrap();
                    assert_eq!(
                        vc["credentialSubject"]["achievement"]["achievementType"],
                        "MicroCredential"
                    );
                }
                Format::Jwt => {
                    let (header, payload) = jose::verify(text, key).unwrap();
                    assert_eq!(header["typ"], "vc+jwt");
                    assert_eq!(header["kid"].as_str(), Some(i.verification_method()));
                    let vc: Value = serde_json::from_slice(&payload).unwrap();
                    assert_eq!(vc["issuer"]["id"].as_str(), Some(i.did()));
                }
                Format::SdJwt => {
                    let parts = sdjwt::split(text).unwrap();
                    let (header, payload) = sdjwt::verify_issuer_signed(&parts, key).unwrap();
                    assert_eq!(header["typ"], "dc+sd-jwt");
                    let claims = sdjwt::disclose(payload, &parts.disclosures).unwrap().claims;
                    // The issuer's own type (its metadata served there), also of the general one.
                    assert_eq!(
                        claims["vct"],
                        microcred_issuer::type_metadata::vct(&i.config().base_url)
                    );
                    assert_eq!(claims["aka_vcts"][0], microcred_issuer::format::VCT);
                    assert!(claims.get("cnf").is_some(), "bound to the learner's key");
                    assert_eq!(claims["credentialSubject"]["fullName"], "Maija Meikäläinen");
                    // What the credential is stays visible without any disclosure.
                    let hidden =
                        sdjwt::disclose(sdjwt::verify_issuer_signed(&parts, key).unwrap().1, &[])
                            .unwrap()
                            .claims;
                    assert!(hidden["credentialSubject"].get("fullName").is_none());
                    assert!(hidden["credentialSubject"]["achievement"]["title"].is_object());
                }
            }
            let rec = i.get(&issued.record.id).unwrap();
            assert_eq!(rec.format, format);
            assert_eq!(rec.specification, spec.id);
            assert_eq!(rec.standing, Standing::Active);
            use sha2::Digest;
            let hash: String = sha2::Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(rec.content_hash, hash);
        }
    }
    assert_eq!(i.registry().unwrap().count().unwrap(), 18);
    let ids: std::collections::HashSet<String> = i
        .list(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 18, "ids never repeat");
    assert_eq!(
        i.list(&Filter {
            specification: Some("tapahtumatekniikan-osaajaksi".into()),
            ..Filter::default()
        })
        .unwrap()
        .len(),
        3
    );
}

#[test]
fn an_invalid_award_is_refused_before_signing() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let s = spec("tapahtumatekniikan-osaajaksi");
    let mut a = award(&s, "Maija");
    a.grade = Some("9".into());
    let e = i
        .issue(
            &s,
            Request {
                award: a,
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("grade"), "{e}");
    assert_eq!(i.registry().unwrap().count().unwrap(), 0);
}

fn status_bit(
    i: &Issuer,
    purpose: microcred_core::status::StatusPurpose,
    list: u32,
    index: u32,
) -> bool {
    let text = std::fs::read_to_string(i.status_list_path(purpose, list)).unwrap();
    let vc: Value = serde_json::from_str(&text).unwrap();
    di::verify(&vc, did::parse_did_key(i.did()).unwrap()).unwrap();
    assert_eq!(vc["issuer"].as_str(), Some(i.did()));
    assert_eq!(
        vc["id"].as_str(),
        Some(i.status_list_url(purpose, list).as_str())
    );
    let list = Bitstring::decode(vc["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    list.get(index as usize).unwrap()
}

/// The two-bit value of a credential in the signed message list.
fn status_value(i: &Issuer, list: u32, index: u32) -> u64 {
    use microcred_core::status::StatusPurpose::Message;
    let text = std::fs::read_to_string(i.status_list_path(Message, list)).unwrap();
    let vc: Value = serde_json::from_str(&text).unwrap();
    di::verify(&vc, did::parse_did_key(i.did()).unwrap()).unwrap();
    assert_eq!(vc["credentialSubject"]["statusPurpose"], "message");
    let bits = Bitstring::decode(vc["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    assert_eq!(bits.len(), 2 * microcred_core::status::MIN_ENTRIES);
    bits.value(index as usize, 2).unwrap()
}

#[test]
fn revoke_suspend_and_unsuspend_flip_bits_in_newly_signed_lists() {
    use microcred_core::status::StatusPurpose::{Message, Revocation, Suspension};
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let s = spec("ensiapuryhmassa-toimiminen");
    let issued_a = i
        .issue(
            &s,
            Request {
                award: award(&s, "Aino"),
                format: Format::DataIntegrity,
                idempotency_key: None,
            },
        )
        .unwrap();
    let a = issued_a.record.clone();
    let b = i
        .issue(
            &s,
            Request {
                award: award(&s, "Onni"),
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap()
        .record;
    assert_ne!(a.status_index, b.status_index);
    let vc: Value = serde_json::from_str(&issued_a.credential).unwrap();
    assert_eq!(
        i.credential(&a.id).unwrap(),
        issued_a.credential,
        "the registry keeps the text"
    );
    // One entry (Open Badges' schema takes one object): two bits whose values name
    // revocation and suspension apart.
    let entry = &vc["credentialStatus"];
    assert_eq!(entry["statusPurpose"], "message");
    assert_eq!(entry["statusSize"], 2);
    assert_eq!(entry["statusListIndex"], a.status_index.to_string());
    assert_eq!(
        entry["statusListCredential"].as_str(),
        Some(i.status_list_url(Message, a.status_list).as_str())
    );
    assert_eq!(entry["statusMessage"][1]["message"], "revoked");
    assert_eq!(entry["statusMessage"][2]["message"], "suspended");
    assert!(validate::validate_status_entry(entry).is_valid());
    assert_eq!(status_value(&i, a.status_list, a.status_index), 0);
    assert!(!status_bit(&i, Revocation, a.status_list, a.status_index));

    let before = std::fs::read_to_string(i.status_list_path(Revocation, 1)).unwrap();
    i.revoke(&a.id, "issued in error").unwrap();
    let after = std::fs::read_to_string(i.status_list_path(Revocation, 1)).unwrap();
    assert_ne!(before, after, "a newly signed list");
    assert!(status_bit(&i, Revocation, a.status_list, a.status_index));
    assert!(!status_bit(&i, Revocation, b.status_list, b.status_index));
    assert_eq!(status_value(&i, a.status_list, a.status_index), 1);
    assert_eq!(status_value(&i, b.status_list, b.status_index), 0);
    assert!(matches!(
        i.get(&a.id).unwrap().standing,
        Standing::Revoked { .. }
    ));
    assert!(matches!(
        i.suspend(&a.id, None),
        Err(IssuerError::Revoked(_))
    ));

    i.suspend(&b.id, Some("under review")).unwrap();
    assert!(status_bit(&i, Suspension, b.status_list, b.status_index));
    assert!(!status_bit(&i, Revocation, b.status_list, b.status_index));
    assert_eq!(status_value(&i, b.status_list, b.status_index), 2);
    i.unsuspend(&b.id).unwrap();
    assert!(!status_bit(&i, Suspension, b.status_list, b.status_index));
    assert_eq!(status_value(&i, b.status_list, b.status_index), 0);
    assert!(matches!(
        i.unsuspend(&b.id),
        Err(IssuerError::NotSuspended(_))
    ));
    assert!(matches!(
        i.revoke("urn:uuid:nope", "x"),
        Err(IssuerError::UnknownCredential(_))
    ));
}

#[test]
fn a_cohort_issues_once_reports_bad_rows_and_strict_signs_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(&tmp.path().join("issuer"));
    let s = spec("tapahtumatekniikan-osaajaksi");
    let csv =
        std::fs::read(repo().join("examples/learners/tapahtumatekniikka-kevat-2026.csv")).unwrap();
    let c = cohort::read_csv(&csv, &s, &i, "2026-05-29", Format::SdJwt, Lang::En).unwrap();
    assert_eq!(c.rows.len(), 10);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let out = tmp.path().join("out");
    let run = Run {
        format: Format::SdJwt,
        out_dir: &out,
        strict: false,
        threads: 2,
        batch: 4,
        confirm_expired: false,
    };
    let first = cohort::issue(&i, &s, &c, &run, &|_, _| {}).unwrap();
    assert_eq!((first.issued, first.already_issued), (10, 0));
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 11, "ten credentials and issued.csv: {files:?}");
    let second = cohort::issue(&i, &s, &c, &run, &|_, _| {}).unwrap();
    assert_eq!((second.issued, second.already_issued), (0, 10));
    assert_eq!(i.registry().unwrap().count().unwrap(), 10);

    let bad = "name,email,grade,date_of_birth\nMaija,maija@example.org,4,\n,nobody@example.org,3,\nMatti,not-an-email,3,\nLiisa,liisa@example.org,7,\nPekka,,2,2999-01-01\n";
    let c = cohort::read_csv(
        bad.as_bytes(),
        &s,
        &i,
        "2026-05-29",
        Format::DataIntegrity,
        Lang::En,
    )
    .unwrap();
    assert_eq!(c.rows.len(), 1);
    let lines: Vec<usize> = c.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6]);
    assert!(
        c.problems[1].reason.contains("email"),
        "{}",
        c.problems[1].reason
    );
    assert!(
        c.problems[2].reason.contains("grade"),
        "{}",
        c.problems[2].reason
    );
    let strict_out = tmp.path().join("strict");
    let strict = Run {
        format: Format::DataIntegrity,
        out_dir: &strict_out,
        strict: true,
        threads: 1,
        batch: 100,
        confirm_expired: false,
    };
    let o = cohort::issue(&i, &s, &c, &strict, &|_, _| {}).unwrap();
    assert_eq!(o.issued, 0);
    assert!(!strict_out.exists());
    assert_eq!(i.registry().unwrap().count().unwrap(), 10);

    let unknown = "nimi;sähköposti;kengännumero\nMaija;m@example.org;38\n";
    let e = cohort::read_csv(
        unknown.as_bytes(),
        &s,
        &i,
        "2026-05-29",
        Format::Jwt,
        Lang::En,
    )
    .unwrap_err();
    assert!(e.to_string().contains("kengännumero"), "{e}");
    let finnish = "nimi;sähköposti;arvosana\nMaija Meikäläinen;m@example.org;5\n";
    let c = cohort::read_csv(
        finnish.as_bytes(),
        &s,
        &i,
        "2026-05-29",
        Format::Jwt,
        Lang::Fi,
    )
    .unwrap();
    assert_eq!(c.rows.len(), 1);
    assert!(cohort::read_csv(
        &[0xff, 0xfe, 0x00],
        &s,
        &i,
        "2026-05-29",
        Format::Jwt,
        Lang::En
    )
    .is_err());
}

#[test]
fn did_web_issuers_rotate_keys_and_old_credentials_still_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let i = Issuer::init(
        tmp.path(),
        profile(),
        InitOptions {
            did_web: Some("opisto.example".into()),
            ..InitOptions::default()
        },
    )
    .unwrap();
    assert_eq!(i.did(), "did:web:opisto.example");
    assert_eq!(i.config().base_url, "https://opisto.example");
    let s = spec("datan-visualisointi-5op");
    let old = i
        .issue(
            &s,
            Request {
                award: award(&s, "Ella"),
                format: Format::DataIntegrity,
                idempotency_key: None,
            },
        )
        .unwrap();
    let old_vm = i.verification_method().to_string();
    let i = i.rotate_key().unwrap();
    assert_ne!(i.verification_method(), old_vm);
    let doc = i.did_document().unwrap();
    assert_eq!(doc.verification_method.len(), 2);
    let old_vc: Value = serde_json::from_str(&old.credential).unwrap();
    let old_key = doc.key_for(&old_vm, Purpose::AssertionMethod).unwrap();
    di::verify(&old_vc, old_key).unwrap();
    let new = i
        .issue(
            &s,
            Request {
                award: award(&s, "Oskar"),
                format: Format::DataIntegrity,
                idempotency_key: None,
            },
        )
        .unwrap();
    let new_vc: Value = serde_json::from_str(&new.credential).unwrap();
    assert_eq!(
        new_vc["proof"][0]["verificationMethod"].as_str(),
        Some(i.verification_method())
    );
    di::verify(
        &new_vc,
        doc.key_for(i.verification_method(), Purpose::AssertionMethod)
            .unwrap(),
    )
    .unwrap();
    assert!(di::verify(&new_vc, old_key).is_err());

    let tmp2 = tempfile::tempdir().unwrap();
    let k = issuer(tmp2.path());
    assert!(matches!(
        k.rotate_key(),
        Err(IssuerError::CannotRotateDidKey)
    ));
}

/// Our Data Integrity credentials pass 1EdTech's Open Badges 3.0 JSON Schema: one
/// `credentialStatus` object, and a subject identified by `id` (a DID) or, without one,
/// by Open Badges `identifier`s (salted hashes of the e-mail and national id).
#[test]
fn credentials_pass_the_open_badges_json_schema() {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(repo().join("schemas/external/ob_v3p0_achievementcredential_schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    for s in specs() {
        let with_did = award(&s, "Aino Ahonen");
        let mut without = award(&s, "Onni Oja");
        without.learner.did = None;
        without.learner.national_id = Some("010203A123B".into());
        for a in [with_did, without] {
            let no_did = a.learner.did.is_none();
            let issued = i
                .issue(
                    &s,
                    Request {
                        award: a,
                        format: Format::DataIntegrity,
                        idempotency_key: None,
                    },
                )
                .unwrap();
            let vc: Value = serde_json::from_str(&issued.credential).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&vc)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", s.id);
            // The proof still verifies with the identifiers in place.
            di::verify(&vc, did::parse_did_key(i.did()).unwrap()).unwrap();
            let subject = &vc["credentialSubject"];
            if no_did {
                assert!(subject.get("id").is_none());
                let ids = subject["identifier"].as_array().unwrap();
                let kinds: Vec<&str> = ids
                    .iter()
                    .map(|x| x["identityType"].as_str().unwrap())
                    .collect();
                assert_eq!(kinds, ["emailAddress", "nationalIdentityNumber"]);
                for x in ids {
                    assert_eq!(x["type"], "IdentityObject");
                    assert_eq!(x["hashed"], true);
                    assert!(x["identityHash"].as_str().unwrap().starts_with("sha256$"));
                }
                let salt = ids[0]["salt"].as_str().unwrap();
                assert_eq!(
                    ids[0]["identityHash"],
                    microcred_model::credential::identity_hash("onni.oja@example.org", salt)
                );
            } else {
                assert!(subject.get("identifier").is_none());
            }
        }
    }
}

#[test]
fn rotating_a_key_while_the_registry_is_in_use_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let running = Issuer::init(
        tmp.path(),
        profile(),
        InitOptions {
            did_web: Some("opisto.example".into()),
            ..InitOptions::default()
        },
    )
    .unwrap();
    // As a running server does: it holds the registry.
    running.registry().unwrap();
    let before = |name: &str| std::fs::read(tmp.path().join(name)).unwrap();
    let (did_json, config) = (before("did.json"), before("config.json"));
    let e = Issuer::open(tmp.path())
        .unwrap()
        .rotate_key()
        .err()
        .expect("the registry is in use");
    assert!(e.to_string().contains("in use"), "{e}");
    assert!(
        !tmp.path().join("keys/key-2.jwk").exists(),
        "no key was written"
    );
    assert_eq!(
        before("did.json"),
        did_json,
        "the DID document is as it was"
    );
    assert_eq!(
        before("config.json"),
        config,
        "the configuration is as it was"
    );
    drop(running);
    let rotated = Issuer::open(tmp.path()).unwrap().rotate_key().unwrap();
    assert!(rotated.verification_method().ends_with("#key-2"));
}

#[test]
fn cohort_output_and_registry_are_private_and_issued_csv_runs_no_formula() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(&tmp.path().join("issuer"));
    let s = spec("tapahtumatekniikan-osaajaksi");
    let csv = "name,email,grade\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",a@example.org,4\n+cmd|' /C calc'!A0,b@example.org,4\n@SUM(A1:A9),c@example.org,4\nMaija Meikäläinen,m@example.org,4\n";
    let c = cohort::read_csv(csv.as_bytes(), &s, &i, "2026-05-29", Format::Jwt, Lang::En).unwrap();
    assert_eq!(c.rows.len(), 4, "{:?}", c.problems);
    let out = tmp.path().join("cohort/out");
    let run = Run {
        format: Format::Jwt,
        out_dir: &out,
        strict: false,
        threads: 1,
        batch: 10,
        confirm_expired: false,
    };
    cohort::issue(&i, &s, &c, &run, &|_, _| {}).unwrap();
    let listing = std::fs::read_to_string(out.join("issued.csv")).unwrap();
    let mut r = csv::Reader::from_reader(listing.as_bytes());
    let names: Vec<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    assert_eq!(names.len(), 4, "{listing}");
    for n in &names[..3] {
        assert!(n.starts_with('\''), "a formula left as it was: {n}");
    }
    assert_eq!(names[3], "Maija Meikäläinen");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), 0o700);
        for e in std::fs::read_dir(&out).unwrap() {
            let p = e.unwrap().path();
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
        let registry = tmp.path().join("issuer/registry");
        assert_eq!(mode(&registry), 0o700);
        let mut files = 0;
        for e in std::fs::read_dir(&registry).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                files += 1;
                assert_eq!(mode(&p), 0o600, "{}", p.display());
            } else {
                assert_eq!(mode(&p), 0o700, "{}", p.display());
            }
        }
        assert!(files > 0);
        assert_eq!(mode(&tmp.path().join("issuer")), 0o700);
    }
}
