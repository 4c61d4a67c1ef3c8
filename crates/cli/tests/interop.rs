//! Credentials signed by `microcred issuer` are checked by implementations that share no
//! code with ours (issue #3):
//!
//! * Data Integrity `eddsa-rdfc-2022`: `@digitalbazaar/vc` with
//!   `@digitalbazaar/eddsa-rdfc-2022-cryptosuite` (jsonld.js + rdf-canonize underneath);
//! * SD-JWT VC: `@sd-jwt/core` 0.19, including key binding by a holder it drives itself;
//! * VC-JOSE: `jose` (panva).
//!
//! The Node scripts and their pinned dependencies live in `tests/interop/`. When
//! `tests/interop/node_modules` is missing or stale these tests run `npm ci` themselves, so
//! `cargo test` works on a clean clone that can reach the npm registry. Without Node.js
//! they fail rather than skip: an interoperability claim nobody checks is worth nothing.
//!
//! Every script prints one JSON line per input and exits 0 (verified), 1 (not verified) or
//! 2 (usage or input error). Each positive check has a tampered twin that must be refused,
//! so none of these tests can pass because a verifier accepts anything.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use microcred_testkit::cli::ok;
use microcred_testkit::examples::spec_files as example_specs;
use microcred_testkit::files::read_json;
use microcred_testkit::repo;
use serde_json::{json, Value};

/// A holder key: the seed only these tests use, and the did:key and public JWK `x` that
/// belong to it (computed independently; the tests check that all three agree).
const HOLDER_SEED: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const HOLDER_DID: &str = "did:key:z6MktULudTtAsAhRegYPiZ6631RV3viv12qd4GQF8z1xB22S";
const HOLDER_X: &str = "0EqyMnQrtKs6E2i9RhXk5tAiSrcaAWuvhSCjMsl3hzc";

const COHORT: &str = "examples/learners/tapahtumatekniikka-kevat-2026.csv";
const COHORT_SIZE: usize = 10;

fn interop_dir() -> PathBuf {
    repo().join("tests/interop")
}

// ----------------------------------------------------------------------------- Node

/// Node.js present and `tests/interop/node_modules` matching package.json, installed with
/// `npm ci` (from package-lock.json) when it does not. Runs once per test binary.
fn ensure_node() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(e) = READY.get_or_init(prepare_node) {
        panic!("{e}");
    }
}

fn prepare_node() -> Result<(), String> {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| {
            format!(
                "the interoperability tests need Node.js 18 or newer on PATH, \
                 but `node` could not be run: {e}"
            )
        })?;
    let v = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let major: u32 = v
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if !version.status.success() || major < 18 {
        return Err(format!(
            "the interoperability tests need Node.js 18 or newer; `node --version` says {v:?}"
        ));
    }
    let dir = interop_dir();
    if let Some(missing) = missing_package(&dir)? {
        eprintln!("tests/interop: {missing} is not installed; running npm ci");
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output()
            .map_err(|e| {
                format!("{missing} is not installed in tests/interop and npm could not be run: {e}")
            })?;
        if !out.status.success() {
            return Err(format!(
                "npm ci in tests/interop failed ({:?}):\n{}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if let Some(still) = missing_package(&dir)? {
            return Err(format!("npm ci in tests/interop did not install {still}"));
        }
    }
    Ok(())
}

/// The first dependency of tests/interop/package.json that node_modules lacks, or has at
/// another version than the pinned one.
fn missing_package(dir: &Path) -> Result<Option<String>, String> {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("package.json"))
            .map_err(|e| format!("tests/interop/package.json: {e}"))?,
    )
    .map_err(|e| format!("tests/interop/package.json: {e}"))?;
    let deps = manifest["dependencies"]
        .as_object()
        .ok_or("tests/interop/package.json has no dependencies")?;
    for (name, pinned) in deps {
        let installed =
            std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok());
        let version = installed.as_ref().and_then(|m| m["version"].as_str());
        if version != pinned.as_str() {
            return Ok(Some(format!("{name}@{}", pinned.as_str().unwrap_or("?"))));
        }
    }
    Ok(None)
}

/// One run of a tests/interop script.
struct Run {
    code: Option<i32>,
    /// One parsed JSON value per line of standard output.
    lines: Vec<Value>,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "exit {:?}\nstdout: {}\nstderr: {}",
            self.code,
            self.lines
                .iter()
                .map(|l| truncate(&l.to_string(), 1500))
                .collect::<Vec<_>>()
                .join("\n"),
            self.stderr
        )
    }

    /// Every input verified (exit 0, every line `"verified": true`); returns the lines.
    fn verified(&self, inputs: usize) -> &[Value] {
        assert_eq!(self.code, Some(0), "not verified:\n{}", self.describe());
        assert_eq!(self.lines.len(), inputs, "{}", self.describe());
        for l in &self.lines {
            assert_eq!(l["verified"], true, "{}", self.describe());
        }
        &self.lines
    }

    /// Refused (exit 1, `"verified": false`); returns the error messages, joined.
    fn refused(&self) -> String {
        assert_eq!(
            self.code,
            Some(1),
            "expected the verifier to refuse:\n{}",
            self.describe()
        );
        assert_eq!(self.lines.len(), 1, "{}", self.describe());
        assert_eq!(self.lines[0]["verified"], false, "{}", self.describe());
        self.lines[0]["error"].to_string()
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.len() <= n {
        return s.to_string();
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn node<S: AsRef<std::ffi::OsStr>>(script: &str, args: &[S]) -> Run {
    ensure_node();
    let out = Command::new("node")
        .arg(interop_dir().join(script))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{script} printed a line that is not JSON ({e}): {l}"))
        })
        .collect();
    Run {
        code: out.status.code(),
        lines,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `--in FILE` for each file.
fn inputs(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| ["--in".to_string(), f.to_string_lossy().into_owned()])
        .collect()
}

fn args_with(files: &[PathBuf], extra: &[&str]) -> Vec<String> {
    let mut a = inputs(files);
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

// ----------------------------------------------------------------------------- issuer

fn microcred(args: &[&str]) -> Output {
    microcred_testkit::cli::run(env!("CARGO_BIN_EXE_microcred"), args)
}

/// A fresh did:key issuer in a temporary directory.
struct Issuer {
    tmp: tempfile::TempDir,
    data: PathBuf,
    did: String,
}

impl Issuer {
    fn new() -> Issuer {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("issuer");
        let did = ok(&microcred(&[
            "issuer",
            "init",
            "--data",
            data.to_str().unwrap(),
            "--name",
            "Interop-opisto",
            "--legal-id",
            "1234567-1",
            "--country",
            "FI",
            "--locality",
            "Tampere",
        ]))
        .trim()
        .to_string();
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        Issuer { tmp, data, did }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Issues one credential for `award` under `spec` in `format` into a file.
    fn issue(&self, spec: &Path, award: &Path, format: &str) -> PathBuf {
        let stem = spec.file_stem().unwrap().to_string_lossy();
        let out = self.path(&format!("{stem}.{format}"));
        ok(&microcred(&[
            "issuer",
            "issue",
            "--data",
            self.data.to_str().unwrap(),
            "--spec",
            spec.to_str().unwrap(),
            "--award",
            award.to_str().unwrap(),
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]));
        out
    }

    /// Issues the example cohort under the event-technology specification in `format`;
    /// returns the credential files.
    fn cohort(&self, format: &str) -> Vec<PathBuf> {
        let dir = self.path(&format!("cohort-{format}"));
        let out = ok(&microcred(&[
            "issuer",
            "issue",
            "--data",
            self.data.to_str().unwrap(),
            "--spec",
            "examples/tapahtumatekniikan-osaajaksi.json",
            "--learners",
            COHORT,
            "--out",
            dir.to_str().unwrap(),
            "--format",
            format,
        ]));
        assert!(
            out.contains(&format!("{COHORT_SIZE} credentials issued")),
            "{out}"
        );
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "issued.csv")
            .collect();
        files.sort();
        assert_eq!(files.len(), COHORT_SIZE, "{files:?}");
        files
    }

    /// One credential for every example specification, in `format`.
    fn every_example(&self, format: &str) -> Vec<PathBuf> {
        example_specs()
            .iter()
            .map(|spec| self.issue(spec, &self.award_for(spec), format))
            .collect()
    }

    /// Maija's example award, made to fit `spec` (its id, a grade from its scheme) and
    /// naming the test holder's DID, so that SD-JWTs carry a `cnf` key.
    fn award_for(&self, spec: &Path) -> PathBuf {
        let spec_json: Value =
            serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
        let mut award: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("examples/awards/tapahtumatekniikka-maija.json"))
                .unwrap(),
        )
        .unwrap();
        award["specification"] = spec_json["id"].clone();
        award["learner"]["did"] = json!(HOLDER_DID);
        match spec_json["gradingScheme"]["grades"][0]["value"].as_str() {
            Some(g) => award["grade"] = json!(g),
            None => {
                award.as_object_mut().unwrap().remove("grade");
            }
        }
        let path = self.path(&format!(
            "award-{}.json",
            spec.file_stem().unwrap().to_string_lossy()
        ));
        std::fs::write(&path, serde_json::to_vec_pretty(&award).unwrap()).unwrap();
        path
    }
}

/// Every micro-credential specification in examples/.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// Changes one character of a string: its first letter becomes another letter.
fn alter(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars[0] = if chars[0] == 'X' { 'Y' } else { 'X' };
    chars.into_iter().collect()
}

// ----------------------------------------------------------------------------- base64url

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64url_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(B64URL[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn b64url_decode(s: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = B64URL.iter().position(|&x| x == c).expect("base64url") as u32;
        bits = bits << 6 | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits & 0xff) as u8);
        }
    }
    out
}

/// The JSON of a base64url segment (a JWT payload or an SD-JWT disclosure).
fn segment_json(segment: &str) -> Value {
    serde_json::from_slice(&b64url_decode(segment)).unwrap()
}

fn json_segment(v: &Value) -> String {
    b64url_encode(&serde_json::to_vec(v).unwrap())
}

/// The compact JWS with one character of a claim changed and the signature kept.
fn tamper_jws_claim(jws: &str, edit: impl Fn(&mut Value)) -> String {
    let parts: Vec<&str> = jws.trim().split('.').collect();
    let mut payload = segment_json(parts[1]);
    edit(&mut payload);
    format!("{}.{}.{}", parts[0], json_segment(&payload), parts[2])
}

// ----------------------------------------------------------------------------- tests

#[test]
fn base64url_round_trips() {
    for s in [
        "",
        "f",
        "fo",
        "foo",
        "foob",
        "fooba",
        "foobar",
        "Meikäläinen",
    ] {
        assert_eq!(b64url_decode(&b64url_encode(s.as_bytes())), s.as_bytes());
    }
    assert_eq!(b64url_encode(b"\xfb\xff"), "-_8");
}

/// Data Integrity credentials, one per example specification and a whole cohort, verify
/// with @digitalbazaar/vc. Status is not judged here (see the status test).
#[test]
fn data_integrity_credentials_verify_with_digitalbazaar_vc() {
    let issuer = Issuer::new();
    let mut files = issuer.every_example("di");
    files.extend(issuer.cohort("di"));
    let run = node("di-verify.mjs", &inputs(&files));
    for (line, file) in run.verified(files.len()).iter().zip(&files) {
        let vc = read_json(file);
        assert_eq!(line["kind"], "credential");
        assert_eq!(line["id"], vc["id"], "{}", file.display());
        assert_eq!(line["issuer"], issuer.did.as_str());
        assert_eq!(line["proofs"][0]["cryptosuite"], "eddsa-rdfc-2022");
        assert_eq!(line["proofs"][0]["verified"], true);
        // Every context came from the pinned bundle; nothing else was asked for.
        for url in line["loaded"].as_array().unwrap() {
            let url = url.as_str().unwrap();
            assert!(
                url.starts_with("did:key:")
                    || [
                        "https://www.w3.org/ns/credentials/v2",
                        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                        "https://microcred.eu/contexts/v1"
                    ]
                    .contains(&url),
                "{url}"
            );
        }
    }
}

/// A learner's presentation, signed by the holder with @digitalbazaar/vc, carrying our
/// credential: the library verifies both proofs, the challenge and the domain.
#[test]
fn a_presentation_of_our_credential_verifies_with_digitalbazaar_vc() {
    let issuer = Issuer::new();
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let vc = read_json(&issuer.issue(&spec, &issuer.award_for(&spec), "di"));
    assert_eq!(vc["credentialSubject"]["id"], HOLDER_DID);
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [vc],
    });
    let unsigned = write(&issuer.path("vp.json"), &vp.to_string());
    let signed = node(
        "di-sign.mjs",
        &args_with(
            &[unsigned],
            &[
                "--seed",
                HOLDER_SEED,
                "--challenge",
                "c-123",
                "--domain",
                "https://employer.example",
            ],
        ),
    );
    assert_eq!(signed.code, Some(0), "{}", signed.describe());
    assert_eq!(
        signed.lines[0]["holder"], HOLDER_DID,
        "the seed's did:key as computed by Node and by the test"
    );
    let vp_file = write(&issuer.path("vp.signed.json"), &signed.lines[0].to_string());

    let run = node(
        "di-verify.mjs",
        &args_with(
            std::slice::from_ref(&vp_file),
            &[
                "--challenge",
                "c-123",
                "--domain",
                "https://employer.example",
            ],
        ),
    );
    let line = &run.verified(1)[0];
    assert_eq!(line["kind"], "presentation");
    assert_eq!(line["credentials"][0]["verified"], true);
    assert_eq!(line["credentials"][0]["id"], vc["id"]);

    let replay = node(
        "di-verify.mjs",
        &args_with(&[vp_file], &["--challenge", "another"]),
    );
    replay.refused();
}

/// VC-JOSE credentials verify with jose (typ vc+jwt, EdDSA, the issuer's did:key).
#[test]
fn vc_jose_credentials_verify_with_jose() {
    let issuer = Issuer::new();
    let mut files = issuer.every_example("jwt");
    files.extend(issuer.cohort("jwt"));
    let run = node(
        "jws-verify.mjs",
        &args_with(&files, &["--did", &issuer.did]),
    );
    for line in run.verified(files.len()) {
        assert_eq!(line["header"]["typ"], "vc+jwt");
        assert_eq!(line["header"]["alg"], "EdDSA");
        assert_eq!(line["payload"]["issuer"]["id"], issuer.did.as_str());
        assert_eq!(
            line["payload"]["@context"][0],
            "https://www.w3.org/ns/credentials/v2"
        );
        assert!(line["payload"].get("proof").is_none());
    }
    // The same, with the public JWK the issuer keeps beside its secret key.
    let mut jwk = read_json(&issuer.data.join("keys/key-1.jwk"));
    jwk.as_object_mut().unwrap().remove("d");
    let run = node(
        "jws-verify.mjs",
        &args_with(&files[..1], &["--jwk", &jwk.to_string()]),
    );
    run.verified(1);
}

/// SD-JWT VCs verify with @sd-jwt/core, and every claim comes back disclosed.
#[test]
fn sd_jwt_vcs_verify_with_sd_jwt_core() {
    let issuer = Issuer::new();
    let examples = issuer.every_example("sd-jwt");
    let cohort = issuer.cohort("sd-jwt");
    let run = node(
        "sdjwt-verify.mjs",
        &args_with(&examples, &["--did", &issuer.did]),
    );
    for line in run.verified(examples.len()) {
        assert_eq!(line["header"]["typ"], "dc+sd-jwt");
        assert_eq!(line["header"]["alg"], "EdDSA");
        let claims = &line["claims"];
        assert!(claims["vct"].as_str().is_some_and(|v| !v.is_empty()));
        assert_eq!(claims["iss"], issuer.did.as_str());
        assert_eq!(claims["credentialSubject"]["fullName"], "Maija Meikäläinen");
        assert_eq!(claims["credentialSubject"]["birthDate"], "2003-04-17");
        assert_eq!(
            claims["cnf"]["jwk"]["x"], HOLDER_X,
            "cnf is the holder's key"
        );
        assert!(claims.get("_sd").is_none() && claims.get("_sd_alg").is_none());
        assert!(line["disclosures"].as_u64().unwrap() > 0);
    }
    let run = node(
        "sdjwt-verify.mjs",
        &args_with(&cohort, &["--did", &issuer.did]),
    );
    let names: Vec<&str> = run
        .verified(cohort.len())
        .iter()
        .map(|l| {
            l["claims"]["credentialSubject"]["fullName"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(names.contains(&"Väinö Koskinen"), "{names:?}");
}

/// The holder side in Node: @sd-jwt/core discloses only some claims of our SD-JWT and
/// binds the presentation to the `cnf` key we put in; the verifier checks the KB-JWT.
#[test]
fn sd_jwt_key_binding_works_with_sd_jwt_core() {
    let issuer = Issuer::new();
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let issued = issuer.issue(&spec, &issuer.award_for(&spec), "sd-jwt");
    let present = node(
        "sdjwt-present.mjs",
        &args_with(
            &[issued],
            &[
                "--holder-seed",
                HOLDER_SEED,
                "--nonce",
                "n-42",
                "--aud",
                "https://employer.example",
                "--disclose",
                "credentialSubject.fullName",
            ],
        ),
    );
    assert_eq!(present.code, Some(0), "{}", present.describe());
    let presentation = present.lines[0]["presentation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!presentation.ends_with('~'), "ends with a KB-JWT");
    let file = write(&issuer.path("presented.sd-jwt"), &presentation);

    let run = node(
        "sdjwt-verify.mjs",
        &args_with(
            std::slice::from_ref(&file),
            &[
                "--did",
                &issuer.did,
                "--nonce",
                "n-42",
                "--aud",
                "https://employer.example",
            ],
        ),
    );
    let line = &run.verified(1)[0];
    let subject = &line["claims"]["credentialSubject"];
    assert_eq!(subject["fullName"], "Maija Meikäläinen");
    assert!(subject.get("birthDate").is_none(), "{subject}");
    assert_eq!(line["kb"]["nonce"], "n-42");
    assert_eq!(line["disclosures"], 1);

    let wrong_nonce = node(
        "sdjwt-verify.mjs",
        &args_with(
            std::slice::from_ref(&file),
            &[
                "--did",
                &issuer.did,
                "--nonce",
                "n-43",
                "--aud",
                "https://employer.example",
            ],
        ),
    );
    wrong_nonce.refused();
    let wrong_aud = node(
        "sdjwt-verify.mjs",
        &args_with(
            &[file],
            &[
                "--did",
                &issuer.did,
                "--nonce",
                "n-42",
                "--aud",
                "https://other.example",
            ],
        ),
    );
    wrong_aud.refused();
}

/// One changed character in a claim, and each independent verifier refuses the credential.
#[test]
fn tampered_credentials_are_refused_by_every_verifier() {
    let issuer = Issuer::new();
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let award = issuer.award_for(&spec);

    // Data Integrity: the learner's name.
    let mut vc = read_json(&issuer.issue(&spec, &award, "di"));
    let name = vc["credentialSubject"]["fullName"]
        .as_str()
        .unwrap()
        .to_string();
    vc["credentialSubject"]["fullName"] = json!(alter(&name));
    let file = write(&issuer.path("tampered-di.json"), &vc.to_string());
    let err = node("di-verify.mjs", &inputs(&[file])).refused();
    assert!(err.contains("Invalid signature"), "{err}");

    // Data Integrity: the same credential claiming another issuer.
    let mut vc = read_json(&issuer.path("tapahtumatekniikan-osaajaksi.di"));
    vc["issuer"]["id"] = json!(HOLDER_DID);
    let file = write(&issuer.path("other-issuer-di.json"), &vc.to_string());
    node("di-verify.mjs", &inputs(&[file])).refused();

    // VC-JOSE: the grade.
    let jws = read(&issuer.issue(&spec, &award, "jwt"));
    let tampered = tamper_jws_claim(&jws, |p| {
        let v = p["credentialSubject"]["result"][0]["value"]
            .as_str()
            .unwrap()
            .to_string();
        p["credentialSubject"]["result"][0]["value"] = json!(alter(&v));
    });
    let file = write(&issuer.path("tampered.jwt"), &tampered);
    node(
        "jws-verify.mjs",
        &args_with(&[file], &["--did", &issuer.did]),
    )
    .refused();
    // ... and the untouched JWS under someone else's key.
    let original = write(&issuer.path("original.jwt"), &jws);
    let other_key = json!({"kty": "OKP", "crv": "Ed25519", "x": HOLDER_X}).to_string();
    node(
        "jws-verify.mjs",
        &args_with(&[original], &["--jwk", &other_key]),
    )
    .refused();

    // SD-JWT: a claim in the issuer-signed part (the credential's name).
    let sd = read(&issuer.issue(&spec, &award, "sd-jwt"));
    let (jwt, rest) = sd.trim().split_once('~').unwrap();
    let tampered_jwt = tamper_jws_claim(jwt, |p| {
        let v = p["name"].as_str().unwrap().to_string();
        p["name"] = json!(alter(&v));
    });
    let file = write(
        &issuer.path("tampered-payload.sd-jwt"),
        &format!("{tampered_jwt}~{rest}"),
    );
    let err = node(
        "sdjwt-verify.mjs",
        &args_with(&[file], &["--did", &issuer.did]),
    )
    .refused();
    assert!(err.contains("Signature"), "{err}");

    // SD-JWT: a selectively disclosed claim (the learner's name, inside its disclosure).
    let mut parts: Vec<String> = sd.trim().split('~').map(str::to_string).collect();
    let i = (1..parts.len() - 1)
        .find(|&i| segment_json(&parts[i])[1] == "fullName")
        .expect("fullName is selectively disclosable");
    let mut disclosure = segment_json(&parts[i]);
    disclosure[2] = json!(alter(disclosure[2].as_str().unwrap()));
    parts[i] = json_segment(&disclosure);
    let file = write(&issuer.path("tampered-disclosure.sd-jwt"), &parts.join("~"));
    let err = node(
        "sdjwt-verify.mjs",
        &args_with(&[file], &["--did", &issuer.did]),
    )
    .refused();
    assert!(err.contains("not referenced"), "{err}");
}

/// Revocation through the Bitstring Status List: @digitalbazaar/vc-bitstring-status-list
/// reads our signed message list and finds the revoked credential's bit, and only its.
#[test]
fn a_revoked_credential_fails_the_bitstring_status_check() {
    let issuer = Issuer::new();
    let files = issuer.cohort("di");
    let revoked = read_json(&files[0]);
    let kept = read_json(&files[1]);
    ok(&microcred(&[
        "issuer",
        "revoke",
        "--data",
        issuer.data.to_str().unwrap(),
        revoked["id"].as_str().unwrap(),
        "--reason",
        "interop test",
    ]));
    let status_dir = issuer.data.join("status");
    let run = node(
        "di-verify.mjs",
        &args_with(&files[..2], &["--status-dir", status_dir.to_str().unwrap()]),
    );
    assert_eq!(run.code, Some(1), "{}", run.describe());
    let (r, k) = (&run.lines[0], &run.lines[1]);
    assert_eq!(r["id"], revoked["id"]);
    assert_eq!(r["verified"], false, "{}", run.describe());
    assert_eq!(r["proofs"][0]["verified"], true, "{}", run.describe());
    assert_eq!(r["status"][0]["checked"], true);
    assert!(
        r["status"][0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("message")),
        "{}",
        run.describe()
    );
    assert_eq!(k["id"], kept["id"]);
    assert_eq!(k["verified"], true, "{}", run.describe());
    let entries = k["status"][0]["entries"].as_array().unwrap();
    // One message entry: the library reads bit `index` (it ignores statusSize), which
    // the issuer sets for a revoked or suspended credential beside its two bits.
    assert_eq!(entries.len(), 1, "one message entry");
    assert_eq!(entries[0]["purpose"], "message");
    assert!(entries.iter().all(|e| e["set"] == false), "{entries:?}");
}

/// The harness itself: what the Node side signs it verifies, its loader refuses what is
/// not bundled and pinned, and its SD-JWT issuer and holder work. (Our verifier's tests
/// use di-sign.mjs and sdjwt-issue.mjs as independent issuers.)
#[test]
fn the_node_harness_checks_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://microcred.eu/contexts/v1"
        ],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:replaced", "type": ["Profile"], "name": "Node-opisto"},
        "validFrom": "2026-05-29T00:00:00Z",
        "name": "Tapahtumatekniikan osaajaksi",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/specs/x",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Tapahtumatekniikan osaajaksi",
                "criteria": {"narrative": "Näyttö."}
            }
        }
    });
    let unsigned_file = write(&tmp.path().join("unsigned.json"), &unsigned.to_string());
    let signed = node(
        "di-sign.mjs",
        &args_with(
            std::slice::from_ref(&unsigned_file),
            &["--seed", HOLDER_SEED, "--created", "2026-05-29T10:00:00Z"],
        ),
    );
    assert_eq!(signed.code, Some(0), "{}", signed.describe());
    let vc = &signed.lines[0];
    assert_eq!(vc["issuer"]["id"], HOLDER_DID);
    assert_eq!(vc["proof"]["created"], "2026-05-29T10:00:00Z");
    let signed_file = write(&tmp.path().join("signed.json"), &vc.to_string());
    node("di-verify.mjs", &inputs(std::slice::from_ref(&signed_file))).verified(1);

    // A context that is not in the bundle is never fetched.
    let mut foreign = unsigned.clone();
    foreign["@context"][2] = json!("https://example.org/not-bundled/v1");
    let f = write(&tmp.path().join("foreign.json"), &foreign.to_string());
    let err = node("di-sign.mjs", &args_with(&[f], &["--seed", HOLDER_SEED]));
    assert_eq!(err.code, Some(1), "{}", err.describe());
    assert!(err.lines[0].to_string().contains("refusing to load"));

    // A bundled context whose bytes no longer match the pinned SHA-256 is refused.
    let ctx_dir = tmp.path().join("contexts");
    std::fs::create_dir(&ctx_dir).unwrap();
    for e in std::fs::read_dir(repo().join("schemas/contexts")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, ctx_dir.join(p.file_name().unwrap())).unwrap();
    }
    let micro = ctx_dir.join("microcred-v1.jsonld");
    let text = read(&micro);
    std::fs::write(&micro, text.replacen('{', "{ ", 1)).unwrap();
    let run = node(
        "di-verify.mjs",
        &args_with(
            &[signed_file],
            &["--contexts", ctx_dir.join("index.json").to_str().unwrap()],
        ),
    );
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(run.lines[0].to_string().contains("SHA-256"));

    // SD-JWT: Node issues to the holder, the holder presents, the verifier checks.
    let holder_jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": HOLDER_X}).to_string();
    let issued = node(
        "sdjwt-issue.mjs",
        &["--seed", &"22".repeat(32), "--holder-jwk", &holder_jwk],
    );
    assert_eq!(issued.code, Some(0), "{}", issued.describe());
    let out = &issued.lines[0];
    let issuer_did = out["issuerDid"].as_str().unwrap();
    let sd_file = write(
        &tmp.path().join("node.sd-jwt"),
        out["sdJwt"].as_str().unwrap(),
    );
    let run = node(
        "sdjwt-verify.mjs",
        &args_with(
            std::slice::from_ref(&sd_file),
            &["--issuer-jwk", &out["issuerJwk"].to_string()],
        ),
    );
    assert_eq!(
        run.verified(1)[0]["claims"]["credentialSubject"]["birthDate"],
        "2003-04-17"
    );
    let presented = node(
        "sdjwt-present.mjs",
        &args_with(
            &[sd_file],
            &[
                "--holder-seed",
                HOLDER_SEED,
                "--nonce",
                "n",
                "--aud",
                "a",
                "--disclose",
                "credentialSubject.learnerGivenName",
            ],
        ),
    );
    assert_eq!(presented.code, Some(0), "{}", presented.describe());
    let p_file = write(
        &tmp.path().join("node-presented.sd-jwt"),
        presented.lines[0]["presentation"].as_str().unwrap(),
    );
    let run = node(
        "sdjwt-verify.mjs",
        &args_with(
            &[p_file],
            &["--did", issuer_did, "--nonce", "n", "--aud", "a"],
        ),
    );
    let subject = &run.verified(1)[0]["claims"]["credentialSubject"];
    assert_eq!(subject["learnerGivenName"], "Maija");
    assert!(subject.get("birthDate").is_none());
}

// ------------------------------------------------------------------- our verifier

/// An issuer seed that only the independent implementations sign with.
const OTHER_ISSUER_SEED: &str = "2222222222222222222222222222222222222222222222222222222222222222";

fn verify_with_microcred(file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["verify", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    microcred(&args)
}

fn exit_code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn report(o: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Credentials and presentations signed by @digitalbazaar/vc verify with `microcred
/// verify`; the same documents tampered with do not.
#[test]
fn microcred_verifies_what_digitalbazaar_vc_signs() {
    let issuer = Issuer::new();
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:7d0e1c3e-7f55-4b53-9d3b-3c4e0b9a2a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Ensiapu EA 1",
        "issuer": {"id": "did:example:replaced", "type": ["Profile"], "name": "Riippumaton oppilaitos"},
        "validFrom": "2026-03-01T00:00:00Z",
        "credentialSubject": {
            "id": HOLDER_DID,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:0b8e5c36-3b1e-4c55-9e0f-7f6b2d4c1a22",
                "type": ["Achievement"],
                "name": "Ensiapu EA 1",
                "description": "Ensiavun peruskurssi",
                "criteria": {"narrative": "Kurssin suorittaminen ja käytännön harjoitukset"}
            }
        }
    });
    let file = write(&issuer.path("ea1.json"), &unsigned.to_string());
    let signed = node(
        "di-sign.mjs",
        &args_with(&[file], &["--seed", OTHER_ISSUER_SEED]),
    );
    assert_eq!(signed.code, Some(0), "{}", signed.describe());
    let vc = signed.lines[0].clone();
    let other_did = vc["issuer"]["id"].as_str().unwrap().to_string();
    let vc_file = write(&issuer.path("ea1.signed.json"), &vc.to_string());

    let o = verify_with_microcred(&vc_file, &[]);
    assert_eq!(exit_code(&o), Some(0), "{}", report(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("issuer not recognised"), "{text}");
    assert!(text.contains("Ensiapu EA 1"), "{text}");
    let trust = write(
        &issuer.path("trust.json"),
        &json!({"issuers": [{"did": other_did, "legalName": "Riippumaton oppilaitos Oy", "country": "FI"}]}).to_string(),
    );
    let o = verify_with_microcred(
        &vc_file,
        &["--trust-list", trust.to_str().unwrap(), "--require-trusted"],
    );
    assert_eq!(exit_code(&o), Some(0), "{}", report(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("✔ VALID"),
        "{}",
        report(&o)
    );

    let mut tampered = vc.clone();
    tampered["name"] = json!("Ensiapu EA 2");
    let bad = write(&issuer.path("ea2.json"), &tampered.to_string());
    let o = verify_with_microcred(&bad, &[]);
    assert_eq!(exit_code(&o), Some(1), "{}", report(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("the signature does not match"));

    // The learner presents it, signing with @digitalbazaar/vc.
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [vc],
    });
    let vp_file = write(&issuer.path("vp.json"), &vp.to_string());
    let signed = node(
        "di-sign.mjs",
        &args_with(
            &[vp_file],
            &[
                "--seed",
                HOLDER_SEED,
                "--challenge",
                "c-77",
                "--domain",
                "https://rekry.example.fi",
            ],
        ),
    );
    assert_eq!(signed.code, Some(0), "{}", signed.describe());
    let vp_file = write(&issuer.path("vp.signed.json"), &signed.lines[0].to_string());
    let o = verify_with_microcred(
        &vp_file,
        &[
            "--challenge",
            "c-77",
            "--domain",
            "https://rekry.example.fi",
        ],
    );
    assert_eq!(exit_code(&o), Some(0), "{}", report(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("presented by the credential's holder"));
    let o = verify_with_microcred(
        &vp_file,
        &[
            "--challenge",
            "c-78",
            "--domain",
            "https://rekry.example.fi",
        ],
    );
    assert_eq!(exit_code(&o), Some(1), "{}", report(&o));
}

/// SD-JWT VCs issued and presented by @sd-jwt/core verify with `microcred verify`,
/// including the key-binding JWT; a replay with another nonce does not.
#[test]
fn microcred_verifies_what_sd_jwt_core_issues_and_presents() {
    let issuer = Issuer::new();
    let holder_jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": HOLDER_X}).to_string();
    let issued = node(
        "sdjwt-issue.mjs",
        // Another issuer names its own type: microcred's type promises a status in the
        // clear, and an SD-JWT VC of that type without one is refused.
        &[
            "--seed",
            OTHER_ISSUER_SEED,
            "--holder-jwk",
            &holder_jwk,
            "--vct",
            "https://koulutus.example/vct/ensiapu",
        ],
    );
    assert_eq!(issued.code, Some(0), "{}", issued.describe());
    let sd_jwt = issued.lines[0]["sdJwt"].as_str().unwrap().to_string();
    let file = write(&issuer.path("independent.sd-jwt"), &sd_jwt);
    let o = verify_with_microcred(&file, &["--json"]);
    assert_eq!(exit_code(&o), Some(0), "{}", report(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["verdict"], "validIssuerNotRecognised");
    assert_eq!(
        r["credentials"][0]["claims"]["credentialSubject"]["fullName"],
        "Maija Meikäläinen"
    );
    assert_eq!(
        r["credentials"][0]["achievement"]["title"],
        "Tapahtumatekniikan osaajaksi"
    );

    let present = node(
        "sdjwt-present.mjs",
        &args_with(
            &[file],
            &[
                "--holder-seed",
                HOLDER_SEED,
                "--nonce",
                "n-9",
                "--aud",
                "https://rekry.example.fi",
                "--disclose",
                "credentialSubject.fullName",
            ],
        ),
    );
    assert_eq!(present.code, Some(0), "{}", present.describe());
    let presented = write(
        &issuer.path("presented.sd-jwt"),
        present.lines[0]["presentation"].as_str().unwrap(),
    );
    let o = verify_with_microcred(
        &presented,
        &[
            "--challenge",
            "n-9",
            "--domain",
            "https://rekry.example.fi",
            "--json",
        ],
    );
    assert_eq!(exit_code(&o), Some(0), "{}", report(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["presented"], "sd-jwt-key-binding");
    let subject = &r["credentials"][0]["claims"]["credentialSubject"];
    assert_eq!(subject["fullName"], "Maija Meikäläinen");
    assert!(
        subject.get("birthDate").is_none() && subject.get("result").is_none(),
        "{subject}"
    );
    let o = verify_with_microcred(
        &presented,
        &[
            "--challenge",
            "n-10",
            "--domain",
            "https://rekry.example.fi",
        ],
    );
    assert_eq!(exit_code(&o), Some(1), "{}", report(&o));
}

// ------------------------------------------------------------ other issuers' suites

/// A `microcred serve` on a free port, stopped when dropped.
struct Served {
    child: std::process::Child,
    base: String,
    _data: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_microcred() -> Served {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
        .args(["serve", "--data"])
        .arg(data.path().join("data"))
        .env("MICROCRED_LISTEN", format!("127.0.0.1:{port}"))
        .env("MICROCRED_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start microcred serve");
    let served = Served {
        child,
        base: format!("http://127.0.0.1:{port}"),
        _data: data,
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    served
}

/// `POST /credentials/verify` with `credential`: (status, `verified`).
fn verify_over_http(base: &str, credential: &Value) -> (u16, Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut last = None;
        for _ in 0..100 {
            match microcred_testkit::http::client()
                .post(format!("{base}/credentials/verify"))
                .json(&json!({ "verifiableCredential": credential }))
                .send()
                .await
            {
                Ok(r) => {
                    let s = r.status().as_u16();
                    let v: Value = r.json().await.unwrap_or(Value::Null);
                    return (s, v);
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the server did not answer: {last:?}")
    })
}

/// Credentials signed by the Digital Bazaar cryptosuites — Ed25519Signature2020 and
/// Ed25519Signature2018 on VC 1.1 with an Open Badges 3.0.2 context, eddsa-jcs-2022,
/// ecdsa-rdfc-2019 with P-256 and P-384, ecdsa-jcs-2019, and ecdsa-sd-2023 base and
/// derived proofs on VC 2.0 — are valid for `microcred verify` and for
/// `POST /credentials/verify`; the same credential with one byte changed is invalid in
/// both.
#[test]
fn microcred_verifies_what_the_reference_cryptosuites_sign() {
    let tmp = tempfile::tempdir().unwrap();
    let v2 = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:6a9c92a9-2530-4e2b-9776-530467e9bbe0",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:replaced", "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Teamwork",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "https://example.edu/achievements/1", "type": ["Achievement"],
            "name": "Teamwork", "description": "Works in teams.",
            "criteria": {"narrative": "Completed a team project."}}}
    });
    let mut v1 = v2.clone();
    v1["@context"] = json!([
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://w3id.org/security/suites/ed25519-2020/v1"
    ]);
    let m = v1.as_object_mut().unwrap();
    m.shift_remove("validFrom");
    m.insert("issuanceDate".into(), json!("2023-05-01T00:00:00Z"));
    let mut v1_2018 = v1.clone();
    v1_2018["@context"].as_array_mut().unwrap().pop();
    let files = [("v2", &v2), ("v1", &v1), ("v1-2018", &v1_2018)].map(|(n, v)| {
        (
            n,
            write(&tmp.path().join(format!("{n}.json")), &v.to_string()),
        )
    });
    let unsigned = |n: &str| files.iter().find(|(k, _)| *k == n).unwrap().1.clone();
    let cases: [(&str, &str, &[&str]); 8] = [
        ("Ed25519Signature2020", "v1", &[]),
        ("Ed25519Signature2018", "v1-2018", &[]),
        ("eddsa-jcs-2022", "v2", &[]),
        ("ecdsa-rdfc-2019", "v2", &["--curve", "P-256"]),
        ("ecdsa-rdfc-2019", "v2", &["--curve", "P-384"]),
        ("ecdsa-jcs-2019", "v2", &[]),
        ("ecdsa-sd-2023", "v2", &[]),
        (
            "ecdsa-sd-2023-derived",
            "v2",
            &["--reveal", "/credentialSubject/achievement/name,/validFrom"],
        ),
    ];
    let served = serve_microcred();
    for (suite, doc, extra) in cases {
        let mut a = vec![
            "--suite".to_string(),
            suite.to_string(),
            "--in".to_string(),
            unsigned(doc).to_string_lossy().into_owned(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        let run = node("suite-sign.mjs", &a);
        assert_eq!(run.code, Some(0), "{suite}: {}", run.describe());
        let signed = run.lines[0].clone();
        let label = format!("{suite} {}", extra.join(" "));
        let file = write(
            &tmp.path()
                .join(format!("{suite}-{}.json", extra.join("").replace('/', "_"))),
            &signed.to_string(),
        );
        let o = verify_with_microcred(&file, &[]);
        assert_eq!(exit_code(&o), Some(0), "{label}: {}", report(&o));
        let (s, v) = verify_over_http(&served.base, &signed);
        assert_eq!((s, &v["verified"]), (200, &json!(true)), "{label}: {v}");

        // One byte of what was signed changed: the issuer's name.
        let text = signed.to_string();
        let tampered_text = text.replacen("Example University", "Example Universitz", 1);
        assert_ne!(text, tampered_text);
        let tampered = write(&tmp.path().join("tampered.json"), &tampered_text);
        let o = verify_with_microcred(&tampered, &[]);
        assert_eq!(exit_code(&o), Some(1), "{label} tampered: {}", report(&o));
        let (s, v) = verify_over_http(
            &served.base,
            &serde_json::from_str::<Value>(&tampered_text).unwrap(),
        );
        assert_eq!(
            (s, &v["verified"]),
            (400, &json!(false)),
            "{label} tampered: {v}"
        );
    }
}

// ------------------------------------------------------------------------ OpenID4VP 1.0
//
// @openid4vc/openid4vp and @openid4vc/oauth2 0.4.6 (the libraries inside Credo) on the
// other side of each role: their wallet answers `microcred serve`'s request, and their
// verifier asks `microcred wallet respond`.

/// `microcred serve` on a free port with its own data directory; stopped when dropped.
struct Serve {
    child: std::process::Child,
    base: String,
    data: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start() -> Serve {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
            .args(["serve", "--data"])
            .arg(&data)
            .env("MICROCRED_LISTEN", format!("127.0.0.1:{port}"))
            .env("MICROCRED_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start microcred serve");
        let serve = Serve {
            child,
            base: format!("http://127.0.0.1:{port}"),
            data,
            _tmp: tmp,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        serve
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn http_json(
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut r = microcred_testkit::http::client().request(method, url);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    })
}

/// An SD-JWT VC from the server's own issuer for the test holder, through its API.
fn served_sd_jwt(serve: &Serve, dir: &Path) -> PathBuf {
    let token = ok(&microcred(&[
        "issuer",
        "token",
        "create",
        "--data",
        serve.data.join("issuer").to_str().unwrap(),
    ]))
    .trim()
    .to_string();
    let mut award = read_json(&repo().join("examples/awards/ensiapu-matti.json"));
    award.as_object_mut().unwrap().remove("$schema");
    award["learner"]["did"] = json!(HOLDER_DID);
    let (s, v) = http_json(
        reqwest::Method::POST,
        &serve.url("/credentials/issue"),
        Some(&token),
        Some(json!({
            "specification": "ensiapuryhmassa-toimiminen",
            "award": award,
            "options": {"format": "sd-jwt"}
        })),
    );
    assert_eq!(s, 201, "{v}");
    let text = v["verifiableCredential"]
        .as_str()
        .or_else(|| {
            v["verifiableCredential"]["id"]
                .as_str()
                .and_then(|d| d.split_once(',').map(|(_, t)| t))
        })
        .unwrap_or_else(|| panic!("{v}"))
        .to_string();
    write(&dir.join("served.sd-jwt"), &text)
}

fn new_oid4vp_request(serve: &Serve) -> Value {
    let (s, created) = http_json(
        reqwest::Method::POST,
        &serve.url("/presentations/oid4vp"),
        None,
        None,
    );
    assert_eq!(s, 201, "{created}");
    created
}

#[test]
fn the_openid4vp_librarys_wallet_answers_microcreds_request() {
    let serve = Serve::start();
    let tmp = tempfile::tempdir().unwrap();
    let credential = served_sd_jwt(&serve, tmp.path());
    let anchor = serve.data.join("verifier/ca.pem");
    let wallet = |link: &str, mode: &str| {
        node(
            "oid4vp-wallet.mjs",
            &[
                "--link",
                link,
                "--credential",
                credential.to_str().unwrap(),
                "--holder-seed",
                HOLDER_SEED,
                "--trust-anchor",
                anchor.to_str().unwrap(),
                "--mode",
                mode,
            ],
        )
    };

    // A valid answer: encrypted, only the name disclosed, and microcred's verdict valid.
    let created = new_oid4vp_request(&serve);
    let run = wallet(created["link"].as_str().unwrap(), "valid");
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert_eq!(run.lines[0]["status"], 200, "{}", run.describe());
    assert_eq!(run.lines[0]["encrypted"], true);
    assert_eq!(run.lines[0]["disclosed"], 1, "only the requested name");
    let (_, outcome) = http_json(
        reqwest::Method::GET,
        created["status_uri"].as_str().unwrap(),
        None,
        None,
    );
    assert_eq!(outcome["status"], "answered", "{outcome}");
    assert_eq!(outcome["verdict"], "valid", "{outcome}");

    // Tampered, wrong nonce, wrong audience: refused, and the verdict says invalid.
    for mode in ["tamper", "wrong-nonce", "wrong-aud"] {
        let created = new_oid4vp_request(&serve);
        let run = wallet(created["link"].as_str().unwrap(), mode);
        assert_eq!(run.code, Some(1), "{mode}: {}", run.describe());
        assert_eq!(run.lines[0]["status"], 400, "{mode}: {}", run.describe());
        let (_, outcome) = http_json(
            reqwest::Method::GET,
            created["status_uri"].as_str().unwrap(),
            None,
            None,
        );
        assert_eq!(outcome["verdict"], "invalid", "{mode}: {outcome}");
    }

    // Replayed: the first answer counts, the same one again is refused as a replay.
    let created = new_oid4vp_request(&serve);
    let run = wallet(created["link"].as_str().unwrap(), "replay");
    assert_eq!(run.lines.len(), 2, "{}", run.describe());
    assert_eq!(run.lines[0]["status"], 200, "{}", run.describe());
    assert_eq!(run.lines[1]["status"], 410, "{}", run.describe());
    assert_eq!(
        run.lines[1]["body"]["code"],
        "replayed",
        "{}",
        run.describe()
    );
}

#[test]
fn microcreds_wallet_answers_the_openid4vp_librarys_request() {
    ensure_node();
    let issuer = Issuer::new();
    let tmp = tempfile::tempdir().unwrap();
    // The verifier's certificate: a CA and a leaf issued by it, as HAIP asks.
    let vdir = tmp.path().join("verifier");
    microcred_verifier::oid4vp::VerifierIdentity::open_or_create(
        &vdir,
        &["localhost".into(), "127.0.0.1".into()],
        microcred_verifier::oid4vp::ClientIdPrefix::X509Hash,
    )
    .unwrap();
    // The learner's wallet, with a credential bound to its key.
    let wdir = tmp.path().join("wallet");
    let pass = [("MICROCRED_PASSPHRASE", "interop passphrase")];
    let run_wallet = |args: &[&str]| {
        microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
            .args(args)
            .envs(pass)
            .output()
            .unwrap()
    };
    ok(&run_wallet(&[
        "wallet",
        "init",
        "--data",
        wdir.to_str().unwrap(),
    ]));
    let did = ok(&run_wallet(&[
        "wallet",
        "did",
        "--data",
        wdir.to_str().unwrap(),
    ]));
    let did = did.lines().next().unwrap().trim().to_string();
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let award_path = issuer.award_for(&spec);
    let mut award = read_json(&award_path);
    award["learner"]["did"] = json!(did);
    let award_path = write(&issuer.path("award-wallet.json"), &award.to_string());
    let cred = issuer.issue(&spec, &award_path, "sd-jwt");
    ok(&run_wallet(&[
        "wallet",
        "import",
        "--data",
        wdir.to_str().unwrap(),
        cred.to_str().unwrap(),
    ]));

    let mut verifier = Command::new("node")
        .arg(interop_dir().join("oid4vp-verifier.mjs"))
        .args(["--cert", vdir.join("certificate.pem").to_str().unwrap()])
        .args(["--key", vdir.join("key.jwk").to_str().unwrap()])
        .args([
            "--status-token",
            issuer.data.join("status/token-1.jwt").to_str().unwrap(),
        ])
        .current_dir(repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(verifier.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut out, &mut line).unwrap();
    let first: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
        let _ = verifier.wait();
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(&mut verifier.stderr.take().unwrap(), &mut err);
        panic!("{e}: {line}\n{err}")
    });
    let link = first["link"].as_str().unwrap().to_string();
    // The library's verifier listens on loopback: the one origin the wallet may reach.
    let origin = first["origin"].as_str().unwrap().to_string();
    let run_wallet = |args: &[&str]| {
        microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
            .args(args)
            .envs(pass)
            .env("MICROCRED_TEST_ONLY_LOOPBACK_ORIGIN", &origin)
            .output()
            .unwrap()
    };

    let answer = run_wallet(&[
        "wallet",
        "respond",
        "--data",
        wdir.to_str().unwrap(),
        "--yes",
        "--trust-anchor",
        vdir.join("ca.pem").to_str().unwrap(),
        &link,
    ]);
    let said = String::from_utf8_lossy(&answer.stdout).to_string();
    line.clear();
    std::io::BufRead::read_line(&mut out, &mut line).unwrap();
    let status = verifier.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut verifier.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        answer.status.success(),
        "{said}\n{}\nverifier: {line}\n{err}",
        String::from_utf8_lossy(&answer.stderr)
    );
    assert!(
        said.contains("Interop verifier (@openid4vc/openid4vp)"),
        "{said}"
    );
    assert!(
        said.contains("microcred verifier CA"),
        "the trusted anchor is named: {said}"
    );
    let result: Value =
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}\n{err}"));
    assert!(status.success(), "{result}\n{err}");
    assert_eq!(result["verified"], true, "{result}");
    assert_eq!(result["encrypted"], true);
    let subject = &result["claims"]["credentialSubject"];
    assert_eq!(subject["fullName"], "Maija Meikäläinen", "{result}");
    // Exactly the requested claim: the birth date and the grade stay hidden.
    assert!(
        subject.get("birthDate").is_none() && subject.get("result").is_none(),
        "{result}"
    );
}

// -------------------------------------------------------------- Token Status List

#[test]
fn the_status_list_token_reads_revoked_with_sd_jwt_jwt_status_list() {
    let issuer = Issuer::new();
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let first = issuer.path("first.sd-jwt");
    std::fs::copy(
        issuer.issue(&spec, &issuer.award_for(&spec), "sd-jwt"),
        &first,
    )
    .unwrap();
    let second_award = issuer.award_for(&spec);
    let second = issuer.path("second.sd-jwt");
    std::fs::copy(issuer.issue(&spec, &second_award, "sd-jwt"), &second).unwrap();
    let token = issuer.data.join("status/token-1.jwt");
    let check = |cred: &Path| {
        node(
            "tsl-check.mjs",
            &[
                "--credential",
                cred.to_str().unwrap(),
                "--token",
                token.to_str().unwrap(),
            ],
        )
    };
    let before = check(&first);
    assert_eq!(before.code, Some(0), "{}", before.describe());
    assert_eq!(before.lines[0]["name"], "VALID", "{}", before.describe());

    // Revoke the first through the CLI: the token is signed anew and says so.
    let id = jose_payload(read(&first).split('~').next().unwrap())["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&microcred(&[
        "issuer",
        "revoke",
        "--data",
        issuer.data.to_str().unwrap(),
        &id,
        "--reason",
        "issued in error",
    ]));
    let after = check(&first);
    assert_eq!(after.lines[0]["name"], "INVALID", "{}", after.describe());
    let other = check(&second);
    assert_eq!(other.lines[0]["name"], "VALID", "{}", other.describe());
    // A tampered token is refused.
    let t = read(&token);
    write(&token, &alter(&t));
    let forged = check(&first);
    assert_eq!(forged.code, Some(1), "{}", forged.describe());
}

fn jose_payload(jwt: &str) -> Value {
    segment_json(jwt.split('.').nth(1).unwrap())
}

#[test]
fn es256_sd_jwt_vcs_verify_with_sd_jwt_vc() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let did = ok(&microcred(&[
        "issuer",
        "init",
        "--data",
        data.to_str().unwrap(),
        "--name",
        "ES256-opisto",
        "--legal-id",
        "1234567-1",
        "--country",
        "FI",
        "--key-type",
        "p256",
    ]))
    .trim()
    .to_string();
    assert!(did.starts_with("did:key:zDn"), "a P-256 did:key: {did}");
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let issuer = Issuer {
        tmp,
        data: data.clone(),
        did,
    };
    let out = issuer.path("es256.sd-jwt");
    ok(&microcred(&[
        "issuer",
        "issue",
        "--data",
        data.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
        "--award",
        issuer.award_for(&spec).to_str().unwrap(),
        "--format",
        "sd-jwt",
        "--out",
        out.to_str().unwrap(),
    ]));
    let token = data.join("status/token-1.jwt");
    let vc_verify = |cred: &Path, token: &Path| {
        node(
            "sdjwt-vc-verify.mjs",
            &[
                "--in",
                cred.to_str().unwrap(),
                "--status-token",
                token.to_str().unwrap(),
            ],
        )
    };
    let run = vc_verify(&out, &token);
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert_eq!(run.lines[0]["alg"], "ES256");
    assert!(
        run.lines[0]["status"]["status_list"]["uri"].is_string(),
        "{}",
        run.describe()
    );
    assert_eq!(run.lines[0]["fullName"], "Maija Meikäläinen");
    // The issuer's signature altered: refused.
    let text = read(&out);
    let (jwt, rest) = text.split_once('~').unwrap();
    let forged = write(
        &issuer.path("forged.sd-jwt"),
        &format!(
            "{}~{rest}",
            tamper_jws_claim(jwt, |v| v["vct"] = json!("https://evil.example/vct"))
        ),
    );
    let run = vc_verify(&forged, &token);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    // Revoked: the library reads the status list token and refuses the credential.
    let id = jose_payload(jwt)["id"].as_str().unwrap().to_string();
    ok(&microcred(&[
        "issuer",
        "revoke",
        "--data",
        data.to_str().unwrap(),
        &id,
        "--reason",
        "test",
    ]));
    let run = vc_verify(&out, &token);
    assert_eq!(run.code, Some(1), "revoked: {}", run.describe());
    // The Ed25519 issuer's SD-JWT VCs pass the same library.
    let ed = Issuer::new();
    let ed_out = ed.issue(&spec, &ed.award_for(&spec), "sd-jwt");
    let run = vc_verify(&ed_out, &ed.data.join("status/token-1.jwt"));
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert_eq!(run.lines[0]["alg"], "EdDSA");
}

/// A test certificate authority (rcgen), and a leaf it issues for `key` naming `dns`.
fn test_ca(name: &str) -> (rcgen::Certificate, rcgen::KeyPair) {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    p.distinguished_name.push(rcgen::DnType::CommonName, name);
    (p.self_signed(&key).unwrap(), key)
}

#[test]
fn x5c_sd_jwt_vcs_verify_with_sd_jwt_vc() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    // The CA, an intermediate under it, and the issuer's certificate from the
    // intermediate: the chain in x5c is leaf and intermediate, never the root.
    let (root, root_key) = test_ca("Interop Root CA");
    let inter_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "Interop Issuing CA");
    let inter = p.signed_by(&inter_key, &root, &root_key).unwrap();
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut p = rcgen::CertificateParams::new(vec!["opisto.example".to_string()]).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "X5c-opisto");
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let leaf = p.signed_by(&key, &inter, &inter_key).unwrap();
    let key_file = tmp.path().join("key.pem");
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let chain = write(
        &tmp.path().join("chain.pem"),
        &format!("{}{}{}", leaf.pem(), inter.pem(), root.pem()),
    );
    let anchor = write(&tmp.path().join("root.pem"), &root.pem());
    let other_anchor = write(&tmp.path().join("other.pem"), &test_ca("Other CA").0.pem());
    let did = ok(&microcred(&[
        "issuer",
        "init",
        "--data",
        data.to_str().unwrap(),
        "--name",
        "X5c-opisto",
        "--legal-id",
        "1234567-1",
        "--country",
        "FI",
        "--base-url",
        "https://opisto.example",
        "--certificate",
        chain.to_str().unwrap(),
        "--key",
        key_file.to_str().unwrap(),
    ]))
    .trim()
    .to_string();
    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let issuer = Issuer {
        tmp,
        data: data.clone(),
        did,
    };
    let out = issuer.path("x5c.sd-jwt");
    ok(&microcred(&[
        "issuer",
        "issue",
        "--data",
        data.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
        "--award",
        issuer.award_for(&spec).to_str().unwrap(),
        "--format",
        "sd-jwt",
        "--out",
        out.to_str().unwrap(),
    ]));
    let token = data.join("status/token-1.jwt");
    let vc_verify = |cred: &Path, anchor: &Path| {
        node(
            "sdjwt-vc-verify.mjs",
            &[
                "--in",
                cred.to_str().unwrap(),
                "--status-token",
                token.to_str().unwrap(),
                "--trust-anchor",
                anchor.to_str().unwrap(),
            ],
        )
    };
    let run = vc_verify(&out, &anchor);
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let line = &run.lines[0];
    assert_eq!(line["alg"], "ES256");
    assert_eq!(line["x5c"], true);
    assert_eq!(line["iss"], "https://opisto.example");
    assert_eq!(line["san"], "DNS:opisto.example", "{}", run.describe());
    assert_eq!(line["fullName"], "Maija Meikäläinen");
    // The header holds the leaf and the intermediate, not the root.
    let jwt = read(&out).split('~').next().unwrap().to_string();
    let header = segment_json(jwt.split('.').next().unwrap());
    assert_eq!(header["x5c"].as_array().unwrap().len(), 2, "{header}");
    assert!(header.get("kid").is_none());
    // Another CA's word is not taken.
    let run = vc_verify(&out, &other_anchor);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    // The issuer's signature altered: refused.
    let text = read(&out);
    let (jwt, rest) = text.split_once('~').unwrap();
    let forged = write(
        &issuer.path("forged.sd-jwt"),
        &format!(
            "{}~{rest}",
            tamper_jws_claim(jwt, |v| v["vct"] = json!("https://evil.example/vct"))
        ),
    );
    let run = vc_verify(&forged, &anchor);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    // Revoked: the library reads the status list token (signed under the same x5c).
    let id = jose_payload(jwt)["id"].as_str().unwrap().to_string();
    ok(&microcred(&[
        "issuer",
        "revoke",
        "--data",
        data.to_str().unwrap(),
        &id,
        "--reason",
        "test",
    ]));
    let run = vc_verify(&out, &anchor);
    assert_eq!(run.code, Some(1), "revoked: {}", run.describe());
    // And microcred's own verifier agrees with the library, anchor named.
    let report = microcred(&[
        "verify",
        forged.to_str().unwrap(),
        "--trust-anchor",
        anchor.to_str().unwrap(),
    ]);
    assert_eq!(report.status.code(), Some(1));
}
