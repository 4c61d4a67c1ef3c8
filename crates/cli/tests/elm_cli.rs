//! Europass: every example specification's credential, exported as a European Learning
//! Model 3 `EuropeanDigitalCredential` (`microcred issuer export --elm`, and from a
//! learner's wallet with `wallet export-credential --elm`), conforms to the EDC SHACL
//! shapes as pyshacl — an independent SHACL implementation — checks them, offline.
//!
//! pyshacl comes from PyPI into a virtual environment (`target/pyshacl-venv`, or
//! `PYSHACL_VENV`), which `.ci/run` makes; this test makes it too when missing. If it
//! cannot, the test fails: it never passes without having run the shapes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use microcred_testkit::examples::spec_files as example_specs;
use serde_json::{json, Value};
use support::{describe, expect_exit, microcred, repo};

const PYSHACL: &str = "pyshacl==0.40.1";
const RDFLIB: &str = "rdflib==7.6.0";

/// The virtual environment's python, with pyshacl importable.
fn pyshacl_python() -> PathBuf {
    let venv = std::env::var_os("PYSHACL_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .unwrap()
                .join("pyshacl-venv")
        });
    let python = venv.join("bin/python");
    let ready = || {
        Command::new(&python)
            .args(["-c", "import pyshacl, rdflib"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !ready() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .output()
            .expect("python3 is needed for the Europass (SHACL) test");
        assert!(
            made.status.success(),
            "python3 -m venv: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let pip = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", PYSHACL, RDFLIB])
            .output()
            .expect("pip in the virtual environment");
        assert!(
            pip.status.success(),
            "pip install {PYSHACL} failed: the SHACL test cannot run\n{}",
            String::from_utf8_lossy(&pip.stderr)
        );
        assert!(ready(), "pyshacl does not import after installing it");
    }
    python
}

/// pyshacl's verdict on each file: one JSON line each.
fn shacl(files: &[PathBuf]) -> (bool, Vec<Value>) {
    let out = Command::new(pyshacl_python())
        .arg(repo().join("scripts/elm-shacl.py"))
        .args(files)
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        files.len(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), lines)
}

/// Maija's example award fitted to `spec` (its id, a grade from its scheme).
fn award_for(spec: &Path, dir: &Path) -> PathBuf {
    let spec_json: Value = serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let mut award: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("examples/awards/tapahtumatekniikka-maija.json"))
            .unwrap(),
    )
    .unwrap();
    award["specification"] = spec_json["id"].clone();
    match spec_json["gradingScheme"]["grades"][0]["value"].as_str() {
        Some(g) => award["grade"] = json!(g),
        None => {
            award.as_object_mut().unwrap().remove("grade");
        }
    }
    let path = dir.join(format!(
        "award-{}.json",
        spec.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::write(&path, serde_json::to_vec_pretty(&award).unwrap()).unwrap();
    path
}

/// Every key path (arrays flattened) of a JSON document, for comparing shapes.
fn paths(v: &Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}/{k}");
                out.insert(p.clone());
                paths(x, &p, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| paths(x, prefix, out)),
        _ => {}
    }
}

/// A did:key issuer in `data`, as a Finnish provider.
fn init_issuer(data: &Path) {
    expect_exit(
        &microcred(&[
            "issuer",
            "init",
            "--data",
            data.to_str().unwrap(),
            "--name",
            "Testiopisto",
            "--legal-id",
            "1234567-1",
            "--country",
            "FI",
            "--locality",
            "Tampere",
        ]),
        0,
    );
}

#[test]
fn every_example_exports_to_europass_and_conforms_to_the_edc_shapes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    init_issuer(&data);
    let mut exports = Vec::new();
    for (i, spec) in example_specs().iter().enumerate() {
        // Each format in turn: the export reads any of them.
        let format = ["di", "jwt", "sd-jwt"][i % 3];
        let file = tmp.path().join(format!("c{i}.{format}"));
        expect_exit(
            &microcred(&[
                "issuer",
                "issue",
                "--data",
                data.to_str().unwrap(),
                "--spec",
                spec.to_str().unwrap(),
                "--award",
                award_for(spec, tmp.path()).to_str().unwrap(),
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
            ]),
            0,
        );
        let list = expect_exit(
            &microcred(&["issuer", "list", "--data", data.to_str().unwrap()]),
            0,
        );
        let id = list
            .split_whitespace()
            .find(|w| w.starts_with("urn:uuid:"))
            .unwrap()
            .to_string();
        let out = tmp.path().join(format!("elm{i}.jsonld"));
        let o = microcred(&[
            "issuer",
            "export",
            "--data",
            data.to_str().unwrap(),
            &id,
            "--elm",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ]);
        expect_exit(&o, 0);
        assert!(
            String::from_utf8_lossy(&o.stderr)
                .contains("will ask for the provider's electronic seal"),
            "{}",
            describe(&o)
        );
        let _ = std::fs::remove_file(&file);
        exports.push(out);
        // One credential in the registry at a time keeps `list` unambiguous.
        let _ = std::fs::remove_dir_all(&data);
        init_issuer(&data);
    }

    let (ok, lines) = shacl(&exports);
    for l in &lines {
        assert_eq!(
            l["conforms"],
            true,
            "{}",
            serde_json::to_string_pretty(l).unwrap()
        );
        assert!(l["triples"].as_u64().unwrap() > 200, "{l}");
    }
    assert!(ok);

    // Shaped like the Commission's Annex I sample, every language kept.
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/elm/sample-annex1-paths.json")).unwrap(),
    )
    .unwrap();
    // The event-technology credential: graded, made of units, every language.
    let doc: Value = exports
        .iter()
        .map(|f| serde_json::from_str::<Value>(&std::fs::read_to_string(f).unwrap()).unwrap())
        .find(|d| d["displayParameter"]["title"]["fi"] == "Tapahtumatekniikan osaajaksi")
        .expect("the event-technology export");
    let mut ours = std::collections::BTreeSet::new();
    paths(&doc, "", &mut ours);
    // The sample's structure (its language tags aside: names are in the learner's
    // language, legal names untagged) is all there.
    let missing: Vec<&str> = sample
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|p| !ours.contains(*p))
        .collect();
    assert!(
        missing.is_empty(),
        "the sample has, the export lacks: {missing:#?}"
    );
    let achievement = &doc["credentialSubject"]["hasClaim"];
    let q = &achievement["specifiedBy"];
    for lang in ["fi", "sv", "en"] {
        assert!(q["title"][lang].is_string(), "title in {lang}: {q}");
        assert!(
            q["learningOutcome"][0]["title"][lang].is_string(),
            "outcomes in {lang}"
        );
    }
    for key in [
        "creditPoint",
        "eqfLevel",
        "mode",
        "provenBy",
        "accreditation",
        "learningOutcomeSummary",
    ] {
        assert!(!q[key].is_null(), "Annex I: {key} in {q}");
    }
    assert!(!achievement["awardedBy"]["awardingBody"].is_null());
    assert!(!achievement["awardedBy"]["awardingDate"].is_null());

    // The test can fail: a document without its achievement's title does not conform.
    let mut broken = doc.clone();
    broken["credentialSubject"]["hasClaim"]
        .as_object_mut()
        .unwrap()
        .remove("title");
    let bad = tmp.path().join("broken.jsonld");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    let (ok, lines) = shacl(&[bad]);
    assert!(!ok);
    assert_eq!(lines[0]["conforms"], false);
    assert!(lines[0].to_string().contains("title"), "{}", lines[0]);
}

#[test]
fn a_learner_exports_her_credential_for_europass() {
    let p = support::Provider::start();
    let tmp = tempfile::tempdir().unwrap();
    let wallet = tmp.path().join("wallet");
    let pass = tmp.path().join("pass");
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    // A passphrase file others can read is refused: this one is the learner's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let w = |args: &[&str]| {
        let mut all = vec![
            args[0],
            "--data",
            wallet.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
        ];
        all.extend_from_slice(&args[1..]);
        let mut full = vec!["wallet"];
        full.extend(all);
        microcred(&full)
    };
    expect_exit(&w(&["init"]), 0);
    let file = p.issue("sd-jwt");
    let kept = expect_exit(&w(&["import", file.to_str().unwrap()]), 0);
    let id = kept.lines().find(|l| l.starts_with("Kept: ")).unwrap()[6..22].to_string();
    let out = tmp.path().join("europass.jsonld");
    let o = w(&[
        "export-credential",
        &id,
        "--elm",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "fi",
    ]);
    expect_exit(&o, 0);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("sähköisen leiman"),
        "{}",
        describe(&o)
    );
    let (ok, lines) = shacl(&[out]);
    assert!(ok, "{}", lines[0]);
}

/// A provider with a seal (DATA/seal/cert.pem, key.pem) exports sealed: a JAdES
/// baseline-B signature that `jose` (an independent JOSE library) verifies against the
/// certificate it carries, around an ELM document that still conforms; a changed
/// payload does not verify.
#[test]
fn a_provider_with_a_seal_exports_jades() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    init_issuer(&data);
    let seal = data.join("seal");
    std::fs::create_dir_all(&seal).unwrap();
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "30",
        ])
        .args([
            "-subj",
            "/CN=Testiopisto e-seal/O=Testiopisto Oy/C=FI",
            "-keyout",
        ])
        .arg(seal.join("key.pem"))
        .arg("-out")
        .arg(seal.join("cert.pem"))
        .output()
        .expect("openssl makes the test certificate");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let file = tmp.path().join("c.jwt");
    expect_exit(
        &microcred(&[
            "issuer",
            "issue",
            "--data",
            data.to_str().unwrap(),
            "--spec",
            spec.to_str().unwrap(),
            "--award",
            award_for(&spec, tmp.path()).to_str().unwrap(),
            "--format",
            "jwt",
            "--out",
            file.to_str().unwrap(),
        ]),
        0,
    );
    let list = expect_exit(
        &microcred(&["issuer", "list", "--data", data.to_str().unwrap()]),
        0,
    );
    let id = list
        .split_whitespace()
        .find(|w| w.starts_with("urn:uuid:"))
        .unwrap()
        .to_string();
    let out = tmp.path().join("sealed.json");
    let o = microcred(&[
        "issuer",
        "export",
        "--data",
        data.to_str().unwrap(),
        &id,
        "--elm",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "sv",
    ]);
    expect_exit(&o, 0);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("JAdES"),
        "{}",
        describe(&o)
    );

    let interop = repo().join("tests/interop");
    if !interop.join("node_modules/jose/package.json").exists() {
        let ci = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&interop)
            .output()
            .expect("npm");
        assert!(
            ci.status.success(),
            "{}",
            String::from_utf8_lossy(&ci.stderr)
        );
    }
    let verify = |f: &Path| {
        Command::new("node")
            .args(["jades-verify.mjs", "--in"])
            .arg(f)
            .current_dir(&interop)
            .output()
            .expect("node")
    };
    let v = verify(&out);
    let said = String::from_utf8_lossy(&v.stdout).to_string();
    assert!(v.status.success(), "jose refused the seal: {said}");
    assert!(
        said.contains("\"alg\":\"ES256\"") && said.contains("Testiopisto e-seal"),
        "{said}"
    );

    // The sealed document is the ELM export: it conforms.
    let sealed: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    use base64::Engine;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed["payload"].as_str().unwrap())
        .unwrap();
    let inner = tmp.path().join("inner.jsonld");
    std::fs::write(&inner, &payload).unwrap();
    let (ok, lines) = shacl(&[inner]);
    assert!(ok, "{}", lines[0]);

    // A changed payload is refused.
    let mut forged: Value = serde_json::from_slice(&payload).unwrap();
    forged["credentialSubject"]["fullName"] = json!({ "fi": "Joku Muu" });
    let mut tampered = sealed.clone();
    tampered["payload"] = Value::from(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(&forged).unwrap()),
    );
    let bad = tmp.path().join("tampered.json");
    std::fs::write(&bad, serde_json::to_vec(&tampered).unwrap()).unwrap();
    let v = verify(&bad);
    assert_eq!(
        v.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
}
