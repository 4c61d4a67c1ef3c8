//! Links from a command-line wallet: `microcred wallet share --server` publishes a sealed
//! link to a real `microcred serve`, an employer's browser opens it to a valid verdict,
//! `microcred verify` follows it, and `wallet unshare` ends it there (404). A credential
//! too large for a self-contained QR code is refused without a server, and gets a
//! working link with one.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use support::{describe, expect_exit, Serve};

fn start(data: &Path) -> Serve {
    let serve = Serve::spawn(data, Stdio::inherit());
    support::allow_test_origin(&serve.base);
    let deadline = Instant::now() + Duration::from_secs(60);
    while status(&format!("{}/healthz", serve.base)) != 200 {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    serve
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The status of a GET as a browser asks (HTML), and the page.
fn browse(url: &str) -> (u16, String) {
    rt().block_on(async {
        match microcred_testkit::http::client()
            .get(url)
            .header("accept", "text/html")
            .send()
            .await
        {
            Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
            Err(_) => (0, String::new()),
        }
    })
}

fn status(url: &str) -> u16 {
    browse(url).0
}

fn run(args: &[&str]) -> Output {
    support::command()
        .args(args)
        .env("MICROCRED_PASSPHRASE", "a long passphrase")
        .output()
        .unwrap()
}

#[test]
fn a_cli_wallet_publishes_a_link_that_opens_and_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let serve = start(&data);
    let issuer = data.join("issuer");
    let offer = |format: &str| {
        expect_exit(
            &run(&[
                "issuer",
                "offer",
                "--data",
                issuer.to_str().unwrap(),
                "--spec",
                "tapahtumatekniikan-osaajaksi",
                "--award",
                "examples/awards/tapahtumatekniikka-maija.json",
                "--format",
                format,
            ]),
            0,
        )
        .trim()
        .to_string()
    };
    // A wallet of her own, not hosted anywhere, with the default (dead) link address.
    let wallet = tmp.path().join("wallet");
    let w = wallet.to_str().unwrap();
    expect_exit(&run(&["wallet", "init", "--data", w]), 0);
    expect_exit(&run(&["wallet", "accept", "--data", w, &offer("di")]), 0);
    let id = expect_exit(&run(&["wallet", "list", "--data", w]), 0)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();

    // Published to the server: the link opens to "genuine and current".
    let o = run(&[
        "wallet",
        "share",
        "--data",
        w,
        &id,
        "--expires",
        "30d",
        "--server",
        &serve.base,
    ]);
    let link = expect_exit(&o, 0).trim().to_string();
    assert!(link.starts_with(&format!("{}/s/", serve.base)), "{link}");
    let (code, page) = browse(&format!("{link}?lang=en"));
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("data-verdict=\"valid\""), "{page}");
    assert!(page.contains("Maija"), "{page}");
    // The server keeps the sealed link only: no credential text in its files.
    let stored = std::fs::read_dir(data.join("published-shares"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains("Maija") && !stored[0].contains("credentialSubject"));

    // The employer's command line follows the link.
    let v = run(&["verify", &link, "--lang", "en"]);
    let text = expect_exit(&v, 0);
    assert!(
        text.contains("Share link") && text.contains("VALID"),
        "{text}"
    );
    // And the check page reads it, pasted.
    let shares = expect_exit(&run(&["wallet", "shares", "--data", w]), 0);
    assert!(shares.contains(&link), "{shares}");

    // Ended from the command line: 404 at once, and verify says it has ended.
    let token = link.rsplit('/').next().unwrap().to_string();
    expect_exit(&run(&["wallet", "unshare", "--data", w, &token]), 0);
    assert_eq!(status(&link), 404);
    let v = run(&["verify", &link, "--lang", "en"]);
    let text = expect_exit(&v, 3);
    assert!(text.contains("has ended, expired or is unknown"), "{text}");
    assert!(!data
        .join("published-shares")
        .read_dir()
        .unwrap()
        .any(|_| true));

    // A server that cannot be reached: the link is not made (no dead link).
    let o = run(&[
        "wallet",
        "share",
        "--data",
        w,
        &id,
        "--server",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let o = run(&[
        "wallet",
        "share",
        "--data",
        w,
        &id,
        "--server",
        "http://example.org",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "plain HTTP elsewhere: {}",
        describe(&o)
    );

    // A three-language SD-JWT does not fit in a QR code: said so without a server, a
    // working link with one.
    expect_exit(
        &run(&["wallet", "accept", "--data", w, &offer("sd-jwt")]),
        0,
    );
    let big = expect_exit(&run(&["wallet", "list", "--data", w]), 0)
        .lines()
        .find(|l| !l.starts_with(&id))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let o = run(&["wallet", "qr", "--data", w, &big, "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("does not fit in a self-contained QR code"),
        "{}",
        describe(&o)
    );
    let svg = tmp.path().join("qr.svg");
    let o = run(&[
        "wallet",
        "qr",
        "--data",
        w,
        &big,
        "--svg",
        svg.to_str().unwrap(),
        "--server",
        &serve.base,
        "--lang",
        "en",
    ]);
    expect_exit(&o, 0);
    let said = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        said.contains("too large for a self-contained QR code"),
        "{said}"
    );
    let qr_link = said
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{}/s/", serve.base)))
        .unwrap_or_else(|| panic!("{said}"))
        .to_string();
    let (code, page) = browse(&qr_link);
    assert_eq!(code, 200);
    assert!(page.contains("data-verdict=\"valid\""), "{page}");
}
