//! The web pages in a real browser: `microcred serve` (the real binary) driven through
//! Debian's Chromium by Playwright (`tests/browser/story.mjs`): the provider issues, the
//! learner accepts and shares hiding the grade, the employer sees "genuine and current"
//! and no grade, the employer asks the learner's wallet from `/check` (OpenID4VP) and she
//! answers in her web wallet, in Finnish, to the verdict page; the provider revokes, the
//! link says "revoked"; keyboard use, a phone screen and WCAG 2 AA checks (axe-core)
//! along the way.
//!
//! Needs Node.js and Chromium (`/usr/bin/chromium`, or `CHROMIUM`); `.ci/run` installs
//! both. Screenshots of each step are kept in `target/tmp/browser-screenshots/`.
//! `MICROCRED_SKIP_BROWSER=1` skips the test where no browser can be installed; it never
//! passes silently otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{decode_png, repo};

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// `npm ci` in `dir` when one of `packages` is missing.
fn ensure_packages(dir: &Path, packages: &[&str]) {
    let have = |p: &str| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .exists()
    };
    if packages.iter().all(|p| have(p)) {
        return;
    }
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .output()
        .expect("npm (Node.js) is needed for the browser test");
    assert!(
        out.status.success(),
        "npm ci in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The browser, its packages, a running `microcred serve` and a staff account: what
/// each story needs. `None` when `MICROCRED_SKIP_BROWSER=1`.
struct World {
    _tmp: tempfile::TempDir,
    _serve: Serve,
    base: String,
    browser_dir: PathBuf,
    password: &'static str,
}

fn world() -> Option<World> {
    if std::env::var("MICROCRED_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("MICROCRED_SKIP_BROWSER=1: the browser test is skipped");
        return None;
    }
    assert!(
        chromium().exists(),
        "no Chromium at {} (apt-get install chromium, or set CHROMIUM; .ci/run installs it)",
        chromium().display()
    );
    let browser_dir = repo().join("tests/browser");
    ensure_packages(&browser_dir, &["playwright-core", "axe-core"]);
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let serve = Serve(
        Command::new(env!("CARGO_BIN_EXE_microcred"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(&data)
            .env("MICROCRED_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start microcred serve"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
        || !data.join("issuer/issuer.json").exists()
    {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let password = "a long staff password";
    let added = Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(["issuer", "user", "add", "--data"])
        .arg(data.join("issuer"))
        .arg("opettaja")
        .env("MICROCRED_PASSWORD", password)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    Some(World {
        _tmp: tmp,
        _serve: serve,
        base,
        browser_dir,
        password,
    })
}

/// The provider's day (tests/browser/provider.mjs): a specification written in the form
/// with its problems shown in Finnish, published and refused when republished changed, an
/// .xlsx cohort with a learner twice and uploaded again, a licence renewed and one revoked
/// through their confirmation pages, WCAG checks in three languages, and page 1 of the
/// printed certificate within one A4 page for every example in every language.
#[test]
fn the_providers_day_in_chromium() {
    let Some(w) = world() else { return };
    let cohort = w._tmp.path().join("ryhma.xlsx");
    let rows: Vec<Vec<String>> = [
        ["nimi", "syntymäaika", "valitut_osat"],
        ["Liisa Laine", "2001-02-03", "Tulityö rakennuksilla"],
        ["Pekka Puu", "1999-09-09", "Tulityö teollisuudessa"],
        ["Liisa Laine", "2001-02-03", "Tulityö rakennuksilla"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    std::fs::write(
        &cohort,
        microcred_issuer::xlsx_out::write("Oppijat", &rows).unwrap(),
    )
    .unwrap();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots-provider");
    let _ = std::fs::remove_dir_all(&shots);
    let run = Command::new("node")
        .arg("provider.mjs")
        .arg(&w.base)
        .arg(&shots)
        .args(["opettaja", w.password])
        .arg(&cohort)
        .env("CHROMIUM", chromium())
        .current_dir(&w.browser_dir)
        .output()
        .expect("node (Node.js) is needed for the browser test");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the provider's browser story failed:\n{out}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.contains("all steps passed"), "{out}");
    for name in [
        "spec-problems-fi",
        "spec-published",
        "spec-republish-refused",
        "cohort-duplicate",
        "cohort-again-nothing-new",
        "renewal-offer",
        "revoke-confirm",
        "certificate-print-fi",
    ] {
        let found = std::fs::read_dir(&shots)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(name));
        assert!(found, "a screenshot of {name}");
    }
}

#[test]
fn the_whole_story_in_chromium() {
    if std::env::var("MICROCRED_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("MICROCRED_SKIP_BROWSER=1: the browser test is skipped");
        return;
    }
    assert!(
        chromium().exists(),
        "no Chromium at {} (apt-get install chromium, or set CHROMIUM; .ci/run installs it)",
        chromium().display()
    );
    let browser_dir = repo().join("tests/browser");
    ensure_packages(&browser_dir, &["playwright-core", "axe-core"]);

    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let _serve = Serve(
        Command::new(env!("CARGO_BIN_EXE_microcred"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(&data)
            .env("MICROCRED_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start microcred serve"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
        || !data.join("issuer/issuer.json").exists()
    {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let password = "a long staff password";
    let added = Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(["issuer", "user", "add", "--data"])
        .arg(data.join("issuer"))
        .arg("opettaja")
        .env("MICROCRED_PASSWORD", password)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let run = Command::new("node")
        .arg("story.mjs")
        .arg(&base)
        .arg(&shots)
        .args(["opettaja", password])
        .env("CHROMIUM", chromium())
        .current_dir(&browser_dir)
        .output()
        .expect("node (Node.js) is needed for the browser test");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the browser story failed:\n{out}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.contains("all steps passed"), "{out}");
    for name in [
        "employer-verdict",
        "learner-wallet",
        "provider-offer-qr",
        "employer-check-link",
        "employer-check-qr-picture",
        "employer-revoked",
        "learner-wallet-revoked",
        "learner-restored",
        "employer-check-not-a-credential",
    ] {
        let found = std::fs::read_dir(&shots)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(name));
        assert!(found, "a screenshot of {name}");
    }

    // The provider page's offer QR code, as a picture, read back and redeemed by an
    // independent OpenID4VCI wallet library; the credential it receives verifies.
    let qr = out
        .lines()
        .find_map(|l| l.strip_prefix("OFFER_QR "))
        .expect("the story saved the offer's QR code");
    let offer = decode_png(Path::new(qr.trim()));
    assert!(offer.starts_with("openid-credential-offer://"), "{offer}");
    let interop = repo().join("tests/interop");
    ensure_packages(&interop, &["@openid4vc/openid4vci", "jose"]);
    let received = tmp.path().join("received.sd-jwt");
    let redeem = Command::new("node")
        .arg("oid4vci-redeem.mjs")
        .args(["--offer", &offer, "--out"])
        .arg(&received)
        .current_dir(&interop)
        .output()
        .expect("node");
    let said = String::from_utf8_lossy(&redeem.stdout);
    assert!(
        redeem.status.success(),
        "@openid4vc/openid4vci could not redeem the offer:\n{said}\n{}",
        String::from_utf8_lossy(&redeem.stderr)
    );
    let line: serde_json::Value = serde_json::from_str(said.trim()).unwrap();
    assert_eq!(line["issuer"], base.as_str());
    // The server is on loopback: the one origin the CLI's fetch policy lets it reach.
    let verified = Command::new(env!("CARGO_BIN_EXE_microcred"))
        .arg("verify")
        .arg(&received)
        .args(["--lang", "en"])
        .env("MICROCRED_TEST_ONLY_LOOPBACK_ORIGIN", base.as_str())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{report}");
    assert!(report.contains("Pekka Virtanen"), "{report}");
}
