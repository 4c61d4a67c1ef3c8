//! An SD-JWT VC whose issuer made selectively disclosable what must stay visible — its
//! status, validity, issuer, type or holder key — is refused: with the disclosure shown,
//! and (for microcred's own type, which always carries its status in the clear) with the
//! disclosure left out, which would otherwise read "valid, cannot be revoked".
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use std::sync::Arc;

use common::*;
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::keys::SecretKey;
use microcred_core::sdjwt::{self, Disclosure};
use microcred_issuer::Format;
use microcred_model::Lang;
use microcred_verifier::{CheckKind, Outcome, Reason, Report, Verdict};
use serde_json::{json, Map, Value};

/// The issued SD-JWT signed again by the same issuer with `change` applied to its
/// payload; returns the JWT and the disclosures `change` made, plus the original ones.
fn resign(
    world: &World,
    issued: &str,
    change: impl FnOnce(&mut Map<String, Value>) -> Vec<(Disclosure, bool)>,
) -> (String, Vec<String>, Vec<String>) {
    let parts = sdjwt::split(issued).unwrap();
    let Value::Object(mut payload) = jose::peek(parts.jwt).unwrap().payload else {
        panic!()
    };
    let made = change(&mut payload);
    // Those referenced from the top-level `_sd` (the others the change placed itself).
    for (d, _) in made.iter().filter(|(_, in_sd)| *in_sd) {
        let Some(Value::Array(sd)) = payload.get_mut("_sd") else {
            panic!("no _sd")
        };
        sd.push(json!(d.digest()));
    }
    let key = Arc::new(SecretKey::from_seed(&[3; 32]));
    let signer = Ed25519Signer::new(key, Some(world.issuer.verification_method().into()));
    let jwt = jose::sign(
        Value::Object(payload).to_string().as_bytes(),
        "dc+sd-jwt",
        &signer,
    )
    .unwrap();
    (
        jwt,
        made.into_iter().map(|(d, _)| d.encoded).collect(),
        parts.disclosures.iter().map(|d| d.to_string()).collect(),
    )
}

fn sd(jwt: &str, disclosures: &[&[String]]) -> String {
    let mut out = format!("{jwt}~");
    for d in disclosures.iter().flat_map(|l| l.iter()) {
        out.push_str(d);
        out.push('~');
    }
    out
}

fn refused(r: &Report, what: &str) {
    assert_eq!(
        r.verdict,
        Verdict::Invalid,
        "{what}\n{}",
        r.to_text(Lang::En)
    );
    let c = r
        .check(CheckKind::Disclosure)
        .unwrap_or_else(|| panic!("{what}: no disclosure check\n{}", r.to_text(Lang::En)));
    assert_eq!(c.outcome, Outcome::Failed, "{what}");
    assert!(
        matches!(&c.reason, Reason::DisclosureRejected { detail } if detail.contains("must not be selectively disclosable") || detail.contains("_sd_alg")),
        "{what}: {:?}",
        c.reason
    );
}

#[test]
fn claims_that_decide_standing_cannot_be_hidden() {
    let world = World::new();
    let v = world.verifier();
    let issued = world.issue(&compact_spec(), Format::SdJwt).credential;
    assert_eq!(
        verify(&v, &issued).verdict,
        Verdict::Valid,
        "the original is good"
    );
    // The same re-signed unchanged is good too: the test's signing is sound.
    let (jwt, _, orig) = resign(&world, &issued, |_| Vec::new());
    assert_eq!(verify(&v, &sd(&jwt, &[&orig])).verdict, Verdict::Valid);

    for name in [
        "credentialStatus",
        "cnf",
        "exp",
        "nbf",
        "vct",
        "validFrom",
        "validUntil",
        "issuer",
        "status",
        "vct#integrity",
    ] {
        let (jwt, hidden, orig) = resign(&world, &issued, |p| {
            // microcred's SD-JWT VCs carry `status`; the others are made up when absent.
            let value = match name {
                "status" => p.shift_remove(name).unwrap_or_else(|| {
                    json!({ "status_list": { "idx": 7, "uri": "https://opisto.example.fi/tsl/1" } })
                }),
                "credentialStatus" => p.shift_remove(name).unwrap_or_else(|| {
                    json!({ "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                        "statusListIndex": "7", "statusListCredential": "https://opisto.example.fi/status/1" })
                }),
                "vct#integrity" => p.shift_remove(name).unwrap_or_else(|| json!("sha256-x")),
                _ => p.shift_remove(name).unwrap_or_else(|| panic!("no {name}")),
            };
            vec![(Disclosure::new(Some(name), value), true)]
        });
        refused(&verify(&v, &sd(&jwt, &[&orig, &hidden])), name);
    }

    // Hidden and left out: microcred's credentials always show their status, so its
    // absence is the evidence.
    let (jwt, _, orig) = resign(&world, &issued, |p| {
        vec![(
            Disclosure::new(Some("status"), p.shift_remove("status").unwrap()),
            true,
        )]
    });
    refused(&verify(&v, &sd(&jwt, &[&orig])), "status left out");

    // Something inside a claim that must stay visible: the status list reference.
    let (jwt, hidden, orig) = resign(&world, &issued, |p| {
        let Some(Value::Object(status)) = p.get_mut("status") else {
            panic!()
        };
        let d = Disclosure::new(
            Some("status_list"),
            status.shift_remove("status_list").unwrap(),
        );
        status.insert("_sd".into(), json!([d.digest()]));
        vec![(d, false)]
    });
    refused(
        &verify(&v, &sd(&jwt, &[&orig, &hidden])),
        "the status list reference",
    );
    refused(
        &verify(&v, &sd(&jwt, &[&orig])),
        "the status list reference left out",
    );

    // `_sd_alg` below the top level, in the clear or disclosed.
    let (jwt, _, orig) = resign(&world, &issued, |p| {
        p["credentialSubject"]["_sd_alg"] = json!("sha-256");
        vec![]
    });
    refused(&verify(&v, &sd(&jwt, &[&orig])), "_sd_alg in the subject");
    let bad = Disclosure::new(Some("_sd_alg"), json!("sha-256"));
    let (jwt, hidden, orig) = resign(&world, &issued, |_| vec![(bad, true)]);
    let r = verify(&v, &sd(&jwt, &[&orig, &hidden]));
    assert_eq!(r.verdict, Verdict::Invalid, "{}", r.to_text(Lang::En));

    // The issuer side refuses to make them disclosable in the first place.
    for name in ["credentialStatus", "cnf", "vct", "status"] {
        let claims = json!({ name: {"a": 1}, "other": 1 });
        assert!(matches!(
            sdjwt::conceal(&claims, &[format!("/{name}/a")], 0),
            Err(sdjwt::SdJwtError::MustStayVisible(n)) if n == name
        ));
    }
    assert!(
        sdjwt::conceal(
            &json!({"sub": "x", "iat": 1}),
            &["/sub".into(), "/iat".into()],
            0
        )
        .is_ok(),
        "sub and iat may be disclosable"
    );
}
