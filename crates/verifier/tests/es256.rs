//! ES256 beside Ed25519: a P-256 issuer (did:key or did:web) signs VC-JOSE and SD-JWT VC
//! credentials the verifier accepts, its status lists and status list tokens verify, an
//! Ed25519 did:web issuer can move to P-256 without its old credentials failing, and
//! Data Integrity (eddsa-rdfc-2022, Ed25519 only) is refused with a reason.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use std::sync::Arc;

use common::*;
use microcred_core::{jose, sdjwt, signing::KeyType};
use microcred_issuer::{Format, InitOptions, Issuer, Request};
use microcred_verifier::{MapFetch, Verdict};

fn p256_world(web: bool) -> World {
    let tmp = tempfile::tempdir().unwrap();
    let issuer = Issuer::init(
        &tmp.path().join("issuer"),
        profile(),
        InitOptions {
            did_web: web.then(|| WEB_DOMAIN.to_string()),
            base_url: Some(BASE.into()),
            key_type: KeyType::P256,
            ..InitOptions::default()
        },
    )
    .unwrap();
    let w = World {
        tmp,
        issuer,
        fetch: Arc::new(MapFetch::new()),
    };
    w.publish();
    w
}

#[test]
fn a_p256_issuer_signs_jwt_and_sd_jwt_with_es256_that_verify() {
    for web in [false, true] {
        let world = p256_world(web);
        if !web {
            assert!(
                world.issuer.did().starts_with("did:key:zDn"),
                "{}",
                world.issuer.did()
            );
        }
        let v = world.verifier_with(Default::default());
        for format in [Format::Jwt, Format::SdJwt] {
            let issued = world.issue(&compact_spec(), format);
            let jwt = issued.credential.split('~').next().unwrap();
            assert_eq!(jose::peek_header(jwt).unwrap()["alg"], "ES256", "{format}");
            let r = verify(&v, &issued.credential);
            assert_eq!(r.verdict, Verdict::Valid, "{format} web={web}: {r:?}");
            // Revoked through both status mechanisms.
            world.issuer.revoke(&issued.record.id, "test").unwrap();
            world.publish();
            v.forget_cached();
            assert_eq!(
                verify(&v, &issued.credential).verdict,
                Verdict::Invalid,
                "{format}"
            );
        }
        // An SD-JWT presented with key binding verifies as well.
        let issued = world.issue(&compact_spec(), Format::SdJwt);
        let signer = microcred_core::jose::Ed25519Signer::new(Arc::new(holder()), None);
        let vp = sdjwt::present(
            &issued.credential,
            &|_| true,
            "aud",
            "nonce",
            chrono::Utc::now().timestamp(),
            &signer,
        )
        .unwrap();
        let r = verify_expecting(&v, &vp, "nonce", "aud");
        assert_eq!(r.verdict, Verdict::Valid, "{r:?}");
        // Data Integrity is Ed25519's here: refused with the reason.
        let err = world
            .issuer
            .issue(
                &compact_spec(),
                Request {
                    award: award(&compact_spec()),
                    format: Format::DataIntegrity,
                    idempotency_key: None,
                },
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("P-256"), "{err}");
    }
}

#[test]
fn an_ed25519_did_web_issuer_rotates_to_p256_and_old_credentials_still_verify() {
    let world = World::web();
    let old = world.issue(&compact_spec(), Format::Jwt);
    let World { tmp, issuer, fetch } = world;
    let world = World {
        tmp,
        issuer: issuer.rotate_key_to(KeyType::P256).unwrap(),
        fetch,
    };
    world.publish();
    let new = world.issue(&compact_spec(), Format::SdJwt);
    let v = world.verifier_with(Default::default());
    assert_eq!(verify(&v, &old.credential).verdict, Verdict::Valid);
    assert_eq!(verify(&v, &new.credential).verdict, Verdict::Valid);
    let jwt = new.credential.split('~').next().unwrap();
    assert_eq!(jose::peek_header(jwt).unwrap()["alg"], "ES256");
}
