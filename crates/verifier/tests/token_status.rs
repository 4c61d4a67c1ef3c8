//! SD-JWT VCs with the IETF Token Status List and type metadata: what the issuer puts in
//! them, and the verifier's status check against the signed status list token.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use common::*;
use microcred_core::{jose, sdjwt, tsl};
use microcred_issuer::{type_metadata, Format};
use microcred_verifier::{CheckKind, Outcome, Reason, Report, Verdict};
use serde_json::Value;

fn status(r: &Report) -> (Outcome, Reason) {
    let c = r
        .all_checks()
        .into_iter()
        .find(|c| c.kind == CheckKind::Status)
        .unwrap();
    (c.outcome, c.reason.clone())
}

#[test]
fn an_sd_jwt_vc_carries_status_list_vct_and_integrity() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    let parts = sdjwt::split(&issued.credential).unwrap();
    let payload = jose::peek(parts.jwt).unwrap().payload;
    let base = &world.issuer.config().base_url;
    let vct = type_metadata::vct(base);
    assert_eq!(payload["vct"], vct.as_str());
    assert_eq!(
        payload["vct#integrity"],
        type_metadata::integrity(&vct).as_str()
    );
    assert_eq!(
        payload["aka_vcts"][0],
        microcred_model::credential::SD_JWT_VCT
    );
    assert_eq!(
        payload["status"]["status_list"]["uri"],
        world.issuer.status_token_url(1).as_str()
    );
    assert_eq!(
        payload["status"]["status_list"]["idx"],
        issued.record.status_index
    );
    assert!(payload.get("credentialStatus").is_none());
    // The token: typ, sub, and two bits per credential.
    let token = std::fs::read_to_string(world.issuer.status_token_path(1)).unwrap();
    let un = jose::peek(&token).unwrap();
    assert_eq!(un.header["typ"], tsl::TYP);
    assert_eq!(un.payload["sub"], world.issuer.status_token_url(1).as_str());
    assert_eq!(un.payload["status_list"]["bits"], 2);
}

#[test]
fn the_verifier_reads_revoked_and_suspended_from_the_token() {
    let world = World::new();
    let v = world.verifier();
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    let r = verify(&v, &issued.credential);
    assert_eq!(r.verdict, Verdict::Valid, "{r:?}");
    assert_eq!(
        status(&r),
        (Outcome::Passed, Reason::NotRevoked { checked: 1 })
    );
    world.issuer.suspend(&issued.record.id, None).unwrap();
    world.publish();
    v.forget_cached();
    assert_eq!(
        status(&verify(&v, &issued.credential)),
        (Outcome::Failed, Reason::Suspended)
    );
    world.issuer.unsuspend(&issued.record.id).unwrap();
    world.issuer.revoke(&issued.record.id, "error").unwrap();
    world.publish();
    v.forget_cached();
    assert_eq!(
        status(&verify(&v, &issued.credential)),
        (Outcome::Failed, Reason::Revoked)
    );
}

#[test]
fn a_token_that_does_not_hold_is_could_not_check() {
    let world = World::new();
    let issued = world.issue(&compact_spec(), Format::SdJwt);
    let url = world.issuer.status_token_url(1);
    let token = std::fs::read_to_string(world.issuer.status_token_path(1)).unwrap();
    let cases: Vec<(String, &str)> = vec![
        // Another list's subject.
        (
            {
                let key = std::sync::Arc::new(microcred_core::keys::SecretKey::from_seed(&[3; 32]));
                let _ = key;
                let mut p: Value = jose::peek(&token).unwrap().payload;
                p["sub"] = Value::String("https://elsewhere.example/status/token/1".into());
                let parts: Vec<&str> = token.split('.').collect();
                use base64::Engine;
                let b = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(p.to_string());
                format!("{}.{b}.{}", parts[0], parts[2])
            },
            "signature",
        ),
        ("not a jwt".into(), "malformed"),
    ];
    for (body, why) in cases {
        world.fetch.insert(&url, body);
        let r = verify(&world.verifier(), &issued.credential);
        assert_eq!(r.verdict, Verdict::CouldNotCheck, "{why}: {r:?}");
        assert!(
            matches!(
                status(&r),
                (Outcome::CouldNotCheck, Reason::StatusInvalid { .. })
            ),
            "{why}: {:?}",
            status(&r)
        );
    }
    world.fetch.remove(&url);
    let r = verify(&world.verifier(), &issued.credential);
    assert!(matches!(
        status(&r),
        (Outcome::CouldNotCheck, Reason::StatusUnreachable { .. })
    ));
}
