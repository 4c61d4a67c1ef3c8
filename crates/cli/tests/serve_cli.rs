//! The real binary: `microcred serve` on a free port, driven over HTTP and by the other
//! commands, as a provider, a learner and an employer would, then stopped with SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{describe, expect_exit, Serve};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn get(url: &str) -> Option<(u16, Value)> {
    let r = microcred_testkit::http::client()
        .get(url)
        .send()
        .await
        .ok()?;
    let s = r.status().as_u16();
    Some((s, r.json().await.unwrap_or(Value::Null)))
}

fn start(data: &Path) -> Serve {
    let serve = Serve::spawn(data, Stdio::piped());
    support::allow_test_origin(&serve.base);
    let deadline = Instant::now() + Duration::from_secs(60);
    let rt = rt();
    loop {
        if let Some((200, h)) = rt.block_on(get(&format!("{}/healthz", serve.base))) {
            assert_eq!(h["roles"], json!(["issuer", "wallet", "verifier"]));
            return serve;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = support::command();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn serve_issue_accept_verify_revoke_and_stop() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut serve = start(&data);
    let issuer_dir = data.join("issuer");
    let issuer = issuer_dir.to_str().unwrap();

    // First run: the demo issuer with its key readable only by its owner.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(issuer_dir.join("keys/key-1.jwk"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The provider, while the server runs: an API token and an offer with a code.
    let token = expect_exit(
        &run(&["issuer", "token", "create", "--data", issuer], &[]),
        0,
    )
    .trim()
    .to_string();
    assert!(token.starts_with("mct_"), "{token}");
    let o = run(
        &[
            "issuer",
            "offer",
            "--data",
            issuer,
            "--spec",
            "tapahtumatekniikan-osaajaksi",
            "--award",
            "examples/awards/tapahtumatekniikka-maija.json",
            "--format",
            "jwt",
            "--tx-code",
        ],
        &[],
    );
    let offer = expect_exit(&o, 0).trim().to_string();
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    let tx = stderr
        .split_whitespace()
        .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no transaction code in: {stderr}"))
        .to_string();
    // The registry is the server's while it runs; the CLI says so instead of waiting.
    let busy = run(&["issuer", "list", "--data", issuer], &[]);
    assert_eq!(busy.status.code(), Some(2), "{}", describe(&busy));
    assert!(
        String::from_utf8_lossy(&busy.stderr).contains("microcred serve"),
        "{}",
        describe(&busy)
    );

    // The learner's own wallet accepts the offer.
    let wallet = tmp.path().join("wallet");
    let w = wallet.to_str().unwrap();
    let pass = [("MICROCRED_PASSPHRASE", "a long passphrase")];
    expect_exit(&run(&["wallet", "init", "--data", w], &pass), 0);
    let without = run(&["wallet", "accept", "--data", w, &offer], &pass);
    assert_eq!(without.status.code(), Some(1), "{}", describe(&without));
    assert!(
        String::from_utf8_lossy(&without.stderr).contains("transaction code"),
        "{}",
        describe(&without)
    );
    let accepted = run(
        &["wallet", "accept", "--data", w, &offer, "--tx-code", &tx],
        &pass,
    );
    let text = expect_exit(&accepted, 0);
    assert!(text.contains("Received:"), "{text}");
    let list = expect_exit(&run(&["wallet", "list", "--data", w], &pass), 0);
    let id = list.split_whitespace().next().unwrap().to_string();
    let file = tmp.path().join("maija.jwt");
    expect_exit(
        &run(
            &[
                "wallet",
                "export-credential",
                "--data",
                w,
                &id,
                "--out",
                file.to_str().unwrap(),
            ],
            &pass,
        ),
        0,
    );

    // The employer checks it with the CLI and over HTTP.
    let trust = data.join("trust-list.json");
    let check = || {
        run(
            &[
                "verify",
                file.to_str().unwrap(),
                "--trust-list",
                trust.to_str().unwrap(),
            ],
            &[],
        )
    };
    expect_exit(&check(), 0);
    let rt = rt();
    let http = microcred_testkit::http::client();
    let credential = std::fs::read_to_string(&file).unwrap();
    let verify = |http: &reqwest::Client| {
        let http = http.clone();
        // VC-API takes objects: the JSON-LD credential itself, or a JWT / SD-JWT
        // enveloped in a data: URL.
        let text = credential.trim();
        let vc = serde_json::from_str::<Value>(text).unwrap_or_else(|_| {
            json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/dc+sd-jwt,{text}"),
            })
        });
        let body = json!({ "verifiableCredential": vc });
        let url = format!("{}/credentials/verify", serve.base);
        async move {
            let r = http.post(url).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, v) = rt.block_on(verify(&http));
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");

    // The provider revokes over the API; both checks now say revoked.
    let (s, changed) = rt.block_on(async {
        let r = http
            .post(format!("{}/credentials/status", serve.base))
            .bearer_auth(&token)
            .json(&json!({ "credentialId": credential_id(&credential), "status": "revoked" }))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    });
    assert_eq!(s, 200, "{changed}");
    let (s, v) = rt.block_on(verify(&http));
    assert_eq!(s, 400, "{v}");
    assert_eq!(v["errors"][0]["code"], "revoked", "{v}");
    let text = expect_exit(&check(), 1);
    assert!(text.contains("REVOKED"), "{text}");

    // SIGTERM: a graceful stop with exit 0.
    #[cfg(unix)]
    {
        let pid = serve.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = serve.child.try_wait().unwrap() {
                assert!(status.success(), "{status:?}");
                break;
            }
            assert!(Instant::now() < deadline, "no graceful stop");
            std::thread::sleep(Duration::from_millis(50));
        }
        // Its data survives for the next start.
        let again = start(&data);
        let (s, specs) = rt.block_on(get(&format!("{}/specs", again.base))).unwrap();
        assert_eq!(s, 200);
        assert_eq!(specs["specifications"].as_array().unwrap().len(), 6);
    }
}

/// The `jti` of a VC-JOSE credential: the registry's ID.
fn credential_id(jwt: &str) -> String {
    use base64::Engine;
    let payload = jwt.trim().split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["id"]
        .as_str()
        .or_else(|| v["jti"].as_str())
        .unwrap()
        .to_string()
}
