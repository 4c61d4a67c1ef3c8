//! `microcred verify` as an employer runs it: a did:web issuer whose DID document and
//! status lists are served over HTTP on 127.0.0.1, credentials in each format, the exit
//! codes and the three languages.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::path::Path;
use std::process::Output;

use microcred_core::di::{self, ProofConfig};
use microcred_core::did;
use microcred_core::keys::SecretKey;
use serde_json::{json, Value};
use support::*;

fn verify(file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["verify", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    microcred(&args)
}

#[test]
fn each_format_verifies_over_http_in_three_languages() {
    let p = Provider::start();
    let trust = p.trust_list();
    let t = trust.to_str().unwrap();
    for format in ["di", "jwt", "sd-jwt"] {
        let file = p.issue(format);
        let text = expect_exit(&verify(&file, &["--trust-list", t]), 0);
        assert!(
            text.starts_with("✔ VALID — genuine and current"),
            "{format}: {text}"
        );
        assert!(
            text.contains("on the trust list: Testiopisto Oy (FI, 1234567-1)"),
            "{text}"
        );
        assert!(
            text.contains("not revoked, not suspended (1 status list(s) checked)"),
            "{text}"
        );
        assert!(text.contains("Event technology"), "{text}");
        let fi = expect_exit(&verify(&file, &["--trust-list", t, "--lang", "fi"]), 0);
        assert!(fi.starts_with("✔ AITO JA VOIMASSA"), "{fi}");
        assert!(fi.contains("Tapahtumatekniikan osaajaksi"), "{fi}");
        let sv = expect_exit(&verify(&file, &["--trust-list", t, "--lang", "sv"]), 0);
        assert!(sv.starts_with("✔ ÄKTA OCH GILTIGT"), "{sv}");
        let json: Value = serde_json::from_str(&expect_exit(
            &verify(&file, &["--trust-list", t, "--json"]),
            0,
        ))
        .unwrap();
        assert_eq!(json["verdict"], "valid");
        assert_eq!(json["credentials"][0]["issuer"], p.did.as_str());
        let codes: Vec<&str> = json["credentials"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&"signed-by") && codes.contains(&"not-revoked"),
            "{codes:?}"
        );

        // Without the trust list: valid, but the issuer is named as not recognised.
        let text = expect_exit(&verify(&file, &[]), 0);
        assert!(text.contains("issuer not recognised"), "{text}");
        let text = expect_exit(&verify(&file, &["--require-trusted"]), 1);
        assert!(text.contains("is not on the trust list"), "{text}");
    }
}

#[test]
fn revoked_suspended_and_unreachable() {
    let mut p = Provider::start();
    let file = p.issue("jwt");
    let id = p.record_id();
    let data = p.data.to_str().unwrap().to_string();
    expect_exit(&microcred(&["issuer", "suspend", "--data", &data, &id]), 0);
    let text = expect_exit(&verify(&file, &[]), 1);
    assert!(text.contains("SUSPENDED by the issuer"), "{text}");
    expect_exit(
        &microcred(&["issuer", "unsuspend", "--data", &data, &id]),
        0,
    );
    expect_exit(&verify(&file, &[]), 0);
    expect_exit(
        &microcred(&[
            "issuer", "revoke", "--data", &data, &id, "--reason", "virhe",
        ]),
        0,
    );
    let text = expect_exit(&verify(&file, &["--lang", "fi"]), 1);
    assert!(text.starts_with("✘ EI KELPAA"), "{text}");
    assert!(
        text.contains("myöntäjä on MITÄTÖINYT todistuksen"),
        "{text}"
    );

    // The provider's server goes away: the DID cannot be resolved, nothing is "valid".
    let file = p.issue("di");
    p.server.take();
    let text = expect_exit(&verify(&file, &[]), 3);
    assert!(text.starts_with("? COULD NOT CHECK"), "{text}");
    assert!(
        text.contains("could not resolve the issuer's DID"),
        "{text}"
    );
}

#[test]
fn input_from_a_url_and_from_standard_input() {
    let p = Provider::start();
    p.issue("sd-jwt");
    let url = p.server.as_ref().unwrap().url("/c/maija.sd-jwt");
    let text = expect_exit(&microcred(&["verify", &url]), 0);
    assert!(text.contains("SD-JWT VC"), "{text}");
    let missing = p.server.as_ref().unwrap().url("/c/nothing.jwt");
    let o = microcred(&["verify", &missing]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no usable answer"),
        "{}",
        describe(&o)
    );

    let jwt = std::fs::read(p.issue("jwt")).unwrap();
    let text = expect_exit(&microcred_with_stdin(&["verify", "-"], Some(&jwt)), 0);
    assert!(text.contains("VC-JOSE"), "{text}");
    // Plain HTTP is refused, and so is this machine beyond the one origin a test names.
    let o = microcred(&["verify", "http://example.org/credential.jwt"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let addr = p.server.as_ref().unwrap().addr;
    for inside in [
        format!(
            "http://127.0.0.1:{}/c/maija.sd-jwt",
            addr.port().wrapping_add(1)
        ),
        format!("https://127.0.0.1:{}/c/maija.sd-jwt", addr.port()),
        format!("http://localhost:{}/c/maija.sd-jwt", addr.port()),
    ] {
        let o = microcred(&["verify", &inside]);
        assert_eq!(o.status.code(), Some(2), "{inside}: {}", describe(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("not an allowed address"),
            "{inside}: {}",
            describe(&o)
        );
    }
}

#[test]
fn presentations_need_the_right_challenge() {
    let p = Provider::start();
    let vc: Value = serde_json::from_str(&std::fs::read_to_string(p.issue("di")).unwrap()).unwrap();
    let holder = SecretKey::from_seed(&HOLDER_SEED);
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": did::did_key(holder.public()),
        "verifiableCredential": [vc],
    });
    let cfg = ProofConfig {
        created: "2026-11-22T10:00:00Z".into(),
        verification_method: did::did_key_vm(holder.public()),
        proof_purpose: "authentication".into(),
        challenge: Some("c-31337".into()),
        domain: Some("https://rekry.example.fi".into()),
    };
    let signed = di::sign(vp, &holder, &cfg).unwrap();
    let file = p.path("vp.json");
    std::fs::write(&file, signed.to_string()).unwrap();
    let text = expect_exit(
        &verify(
            &file,
            &[
                "--challenge",
                "c-31337",
                "--domain",
                "https://rekry.example.fi",
            ],
        ),
        0,
    );
    assert!(
        text.contains("W3C presentation with a Data Integrity proof"),
        "{text}"
    );
    assert!(
        text.contains("presented by the credential's holder"),
        "{text}"
    );
    let text = expect_exit(
        &verify(
            &file,
            &[
                "--challenge",
                "c-00000",
                "--domain",
                "https://rekry.example.fi",
            ],
        ),
        1,
    );
    assert!(text.contains("replayed presentation"), "{text}");
    let text = expect_exit(&verify(&file, &[]), 3);
    assert!(text.contains("no challenge was given"), "{text}");
}

#[test]
fn bad_input_and_usage_errors() {
    let p = Provider::start();
    let big = p.path("big.json");
    std::fs::write(&big, vec![b' '; 1024 * 1024 + 10]).unwrap();
    let text = expect_exit(&verify(&big, &[]), 1);
    assert!(text.contains("larger than 1024 KiB: refused"), "{text}");
    let deep = p.path("deep.json");
    std::fs::write(
        &deep,
        format!("{{\"a\":{}{}}}", "[".repeat(5000), "]".repeat(5000)),
    )
    .unwrap();
    let text = expect_exit(&verify(&deep, &["--lang", "sv"]), 1);
    assert!(
        text.contains("JSON är kapslad djupare än 64 nivåer"),
        "{text}"
    );
    let junk = p.path("junk.bin");
    std::fs::write(&junk, [0u8, 159, 146, 150]).unwrap();
    // Not a credential is its own answer (exit 4), never "invalid" or "tampered".
    let text = expect_exit(&verify(&junk, &["--lang", "en"]), 4);
    assert!(
        text.contains("NOT A CREDENTIAL") && text.contains("binary file"),
        "{text}"
    );
    let note = p.path("note.txt");
    std::fs::write(&note, "please find my certificate attached").unwrap();
    let text = expect_exit(&verify(&note, &["--lang", "fi"]), 4);
    assert!(
        text.contains("EI TODISTUS") && text.contains("tunnistettiin tekstiä"),
        "{text}"
    );
    assert!(!text.contains("muutettu"), "{text}");
    let offer = "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fx.example%2Fo%2F1";
    let text = expect_exit(&microcred(&["verify", offer, "--lang", "en"]), 4);
    assert!(text.contains("credential offer"), "{text}");

    // Usage and I/O errors: exit 2 with a message, no report.
    let o = verify(&p.path("missing.json"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot open"));
    let file = p.issue("jwt");
    let o = verify(
        &file,
        &["--trust-list", p.path("nope.json").to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read the trust list"));
    let bad_list = p.path("bad-list.json");
    std::fs::write(
        &bad_list,
        r#"{"issuers":[{"did":"nope","legalName":"X","country":"FI"}]}"#,
    )
    .unwrap();
    let o = verify(&file, &["--trust-list", bad_list.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("entry 0"));
    let o = verify(&file, &["--lang", "de"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}
