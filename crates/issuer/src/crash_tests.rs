//! A revocation killed between its two durable steps — the registry written, the status
//! list not yet — must still reach the published list. The test runs the revocation in
//! a child process (this test binary again) that aborts right after the registry write
//! (`MICROCRED_FAILPOINT=after-standing`), then opens the issuer as the next run of the
//! server or the CLI would and reads the published list.

use std::path::Path;
use std::process::Command;

use microcred_core::status::Bitstring;
use microcred_model::validate::{self, Options};
use microcred_model::{Award, Learner, Specification};

use crate::{Format, Issuer, Request, Standing};

const CHILD_DIR: &str = "MICROCRED_CRASH_CHILD_DIR";
const CHILD_ID: &str = "MICROCRED_CRASH_CHILD_ID";
const CHILD_DO: &str = "MICROCRED_CRASH_CHILD_DO";

fn spec() -> Specification {
    validate::load_specification(
        crate::demo::EXAMPLE_SPECS[1].as_bytes(),
        &Options::default(),
    )
    .unwrap()
    .0
}

fn award(spec: &Specification, n: usize) -> Award {
    Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: Learner {
            name: format!("Oppija {n}"),
            email: Some(format!("oppija{n}@example.org")),
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
        chosen_units: vec![],
    }
}

/// The bit of `id` in its published list of `purpose`.
fn published_bit(
    issuer: &Issuer,
    id: &str,
    purpose: microcred_core::status::StatusPurpose,
) -> bool {
    let rec = issuer.get(id).unwrap();
    let text = std::fs::read(issuer.status_list_path(purpose, rec.status_list)).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&text).unwrap();
    let bits = Bitstring::decode(v["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    bits.get(rec.status_index as usize).unwrap()
}

/// Runs `what` on credential `id` in a child process that aborts after the registry
/// write; returns whether it died there.
fn crash(dir: &Path, id: &str, what: &str) -> bool {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash_tests::child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir)
        .env(CHILD_ID, id)
        .env(CHILD_DO, what)
        .env("MICROCRED_FAILPOINT", "after-standing")
        .output()
        .unwrap();
    !out.status.success() && String::from_utf8_lossy(&out.stdout).contains("registry written")
}

/// The child: does as told and dies at the failpoint. Without the variables, nothing.
#[test]
fn child() {
    let (Ok(dir), Ok(id), Ok(what)) = (
        std::env::var(CHILD_DIR),
        std::env::var(CHILD_ID),
        std::env::var(CHILD_DO),
    ) else {
        return;
    };
    let issuer = Issuer::open(Path::new(&dir)).unwrap();
    // Opened before the revocation, so that the failpoint is the next durable step.
    issuer.registry().unwrap();
    println!("registry written (if the failpoint lets this through, it did not fire)");
    let _ = match what.as_str() {
        "revoke" => issuer.revoke(&id, "crash test").map(|_| ()),
        "suspend" => issuer.suspend(&id, None).map(|_| ()),
        _ => issuer.unsuspend(&id).map(|_| ()),
    };
    println!("the failpoint did not fire");
}

#[test]
fn a_revocation_killed_before_its_list_is_published_is_published_on_the_next_open() {
    use microcred_core::status::StatusPurpose::{Revocation, Suspension};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("issuer");
    let spec = spec();
    let ids: Vec<String> = {
        let issuer = crate::demo::init_demo(&dir, None).unwrap();
        let reqs = (0..24)
            .map(|n| Request {
                award: award(&spec, n),
                format: Format::Jwt,
                idempotency_key: None,
            })
            .collect();
        issuer
            .issue_batch(&spec, reqs, 2, &|_| {})
            .unwrap()
            .into_iter()
            .map(|i| i.record.id)
            .collect()
    };
    let (revoked, rest) = ids.split_at(20);
    for (round, id) in revoked.iter().enumerate() {
        assert!(
            crash(&dir, id, "revoke"),
            "round {round}: the child did not die at the failpoint"
        );
        let issuer = Issuer::open(&dir).unwrap();
        // Nothing published yet: the registry says revoked, its mark says "publish".
        assert!(matches!(
            issuer.get(id).unwrap().standing,
            Standing::Revoked { .. }
        ));
        for earlier in &revoked[..=round] {
            assert!(
                published_bit(&issuer, earlier, Revocation),
                "round {round}: the published list says {earlier} is not revoked"
            );
        }
        assert!(issuer
            .registry()
            .unwrap()
            .pending_lists()
            .unwrap()
            .is_empty());
    }
    // Suspension and its lifting, killed the same way.
    let (s, u) = (&rest[0], &rest[1]);
    assert!(crash(&dir, s, "suspend"));
    assert!(published_bit(&Issuer::open(&dir).unwrap(), s, Suspension));
    Issuer::open(&dir).unwrap().suspend(u, None).unwrap();
    assert!(crash(&dir, u, "unsuspend"));
    assert!(!published_bit(&Issuer::open(&dir).unwrap(), u, Suspension));
    let issuer = Issuer::open(&dir).unwrap();
    for id in &rest[2..] {
        assert!(
            !published_bit(&issuer, id, Revocation),
            "{id} was never revoked"
        );
    }
}

#[test]
fn a_revocation_whose_list_could_not_be_written_is_mended_by_asking_again() {
    use microcred_core::status::StatusPurpose::Revocation;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("issuer");
    let spec = spec();
    let issuer = crate::demo::init_demo(&dir, None).unwrap();
    let id = issuer
        .issue(
            &spec,
            Request {
                award: award(&spec, 1),
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap()
        .record
        .id;
    // The status directory cannot be written: the revocation is recorded, its list not.
    let status = dir.join("status");
    let aside = dir.join("status-aside");
    std::fs::rename(&status, &aside).unwrap();
    std::fs::write(&status, b"not a directory").unwrap();
    assert!(issuer.revoke(&id, "first try").is_err());
    std::fs::remove_file(&status).unwrap();
    std::fs::rename(&aside, &status).unwrap();
    assert!(
        !published_bit(&issuer, &id, Revocation),
        "not yet published"
    );
    // Asking again answers "already revoked" and publishes what was missing.
    let again = issuer.revoke(&id, "second try").unwrap();
    assert!(
        matches!(again.standing, Standing::Revoked { ref reason, .. } if reason == "first try")
    );
    assert!(published_bit(&issuer, &id, Revocation));
}
