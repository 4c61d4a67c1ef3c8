//! `microcred issuer …` driven as a provider runs it, including a crash mid-cohort.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use microcred_testkit::cli::ok;
use serde_json::Value;

fn microcred(args: &[&str]) -> Output {
    microcred_testkit::cli::run(env!("CARGO_BIN_EXE_microcred"), args)
}

fn init(dir: &Path) -> String {
    let d = dir.to_str().unwrap();
    let out = microcred(&[
        "issuer",
        "init",
        "--data",
        d,
        "--name",
        "Testiopisto",
        "--legal-name",
        "Testiopisto Oy",
        "--legal-id",
        "1234567-1",
        "--country",
        "FI",
        "--locality",
        "Tampere",
    ]);
    let did = ok(&out).trim().to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The secret key is never printed.
    let jwk: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("keys/key-1.jwk")).unwrap())
            .unwrap();
    let d_value = jwk["d"].as_str().unwrap();
    assert!(!did.contains(d_value) && !stderr.contains(d_value));
    did
}

#[test]
fn init_issue_list_show_revoke() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let d = data.to_str().unwrap();
    let did = init(&data);
    assert!(did.starts_with("did:key:"));
    let again = microcred(&[
        "issuer",
        "init",
        "--data",
        d,
        "--name",
        "X",
        "--legal-id",
        "1234567-1",
        "--country",
        "FI",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already initialised"));

    let out_file = tmp.path().join("maija.jwt");
    let o = microcred(&[
        "issuer",
        "issue",
        "--data",
        d,
        "--spec",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "--award",
        "examples/awards/tapahtumatekniikka-maija.json",
        "--format",
        "jwt",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    ok(&o);
    let jwt = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(jwt.split('.').count(), 3);
    let id = String::from_utf8_lossy(&o.stderr)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(id.starts_with("urn:uuid:"));

    // A single award to standard output, as Data Integrity.
    let o = microcred(&[
        "issuer",
        "issue",
        "--data",
        d,
        "--spec",
        "examples/ensiapuryhmassa-toimiminen.json",
        "--award",
        "examples/awards/ensiapu-matti.json",
    ]);
    let vc: Value = serde_json::from_str(ok(&o).trim()).unwrap();
    assert_eq!(vc["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(vc["validUntil"], "2029-06-12T00:00:00Z");

    let listed = ok(&microcred(&["issuer", "list", "--data", d, "--json"]));
    let rows: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert!(
        rows[0].get("credential").is_none(),
        "listings do not dump credentials"
    );
    let only = ok(&microcred(&[
        "issuer",
        "list",
        "--data",
        d,
        "--spec",
        "ensiapuryhmassa-toimiminen",
        "--json",
    ]));
    assert_eq!(
        serde_json::from_str::<Value>(&only)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let future = ok(&microcred(&[
        "issuer",
        "list",
        "--data",
        d,
        "--since",
        "2999-01-01",
        "--json",
    ]));
    assert_eq!(future.trim(), "[]");

    let shown: Value =
        serde_json::from_str(&ok(&microcred(&["issuer", "show", "--data", d, &id]))).unwrap();
    assert_eq!(shown["format"], "jwt");
    assert_eq!(shown["specification"], "tapahtumatekniikan-osaajaksi");
    let cred = ok(&microcred(&[
        "issuer",
        "show",
        "--data",
        d,
        &id,
        "--credential",
    ]));
    assert_eq!(cred.trim(), jwt.trim());

    let r = ok(&microcred(&[
        "issuer",
        "revoke",
        "--data",
        d,
        &id,
        "--reason",
        "issued in error",
    ]));
    assert!(r.contains("revoked"));
    assert!(data.join("status/revocation-1.json").exists());
    let o = microcred(&[
        "issuer",
        "revoke",
        "--data",
        d,
        "urn:uuid:00000000-0000-0000-0000-000000000000",
        "--reason",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("No credential with id"));

    let o = microcred(&["issuer", "rotate-key", "--data", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did:web"));
}

#[test]
fn a_cohort_with_bad_rows_reports_lines_and_strict_signs_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let d = data.to_str().unwrap();
    init(&data);
    let csv = tmp.path().join("l.csv");
    std::fs::write(&csv, "name,email,grade\nMaija,maija@example.org,4\nMatti,matti(at)example.org,3\nLiisa,liisa@example.org,9\n").unwrap();
    let out = tmp.path().join("out");
    let base = [
        "issuer",
        "issue",
        "--data",
        d,
        "--spec",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "--learners",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let mut strict = base.to_vec();
    strict.push("--strict");
    let o = microcred(&strict);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(":3: skipped: email"), "{err}");
    assert!(err.contains(":4: skipped: grade"), "{err}");
    assert!(err.contains("nothing was signed"));
    assert!(!out.exists());

    let o = microcred(&base);
    assert_eq!(o.status.code(), Some(1), "rows were skipped");
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("1 credential issued, 0 already issued before, 2 rows skipped"));
    let o = microcred(&base);
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("0 credentials issued, 1 already issued before"));
}

fn credential_files(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p.file_name().unwrap().to_string_lossy().starts_with('.')
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Kill the process during a cohort issue (SIGKILL, no chance to clean up), re-run it, and
/// every learner is in the registry exactly once, with exactly one file each.
#[cfg(unix)]
#[test]
fn killing_a_cohort_run_and_rerunning_it_issues_each_learner_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let d = data.to_str().unwrap();
    init(&data);
    let rows = 300;
    let mut csv = String::from("name,date_of_birth,grade\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "Oppija {n:04},2000-01-{:02},{}\n",
            n % 28 + 1,
            n % 5 + 1
        ));
    }
    let list = tmp.path().join("cohort.csv");
    std::fs::write(&list, csv).unwrap();
    let out = tmp.path().join("out");
    let args = [
        "issuer",
        "issue",
        "--data",
        d,
        "--spec",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "--learners",
        list.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "di",
        "--batch",
        "10",
    ];

    let mut child = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are durable (their files appear), then kill mid-run.
    let start = Instant::now();
    let mut killed_mid_run = false;
    while start.elapsed() < Duration::from_secs(120) {
        if let Some(_status) = child.try_wait().unwrap() {
            break;
        }
        let n = credential_files(&out).len();
        if n >= 20 {
            child.kill().unwrap();
            killed_mid_run = n < rows;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.wait();
    let files_after_kill = credential_files(&out).len();
    eprintln!("killed after {files_after_kill} of {rows} files (mid-run: {killed_mid_run})");

    let o = microcred(&args);
    ok(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    eprintln!("{stdout}");

    let listed: Value =
        serde_json::from_str(&ok(&microcred(&["issuer", "list", "--data", d, "--json"]))).unwrap();
    let records = listed.as_array().unwrap();
    assert_eq!(
        records.len(),
        rows,
        "each learner exactly once in the registry"
    );
    let mut learners: Vec<&str> = records
        .iter()
        .map(|r| r["learner"].as_str().unwrap())
        .collect();
    learners.sort();
    learners.dedup();
    assert_eq!(learners.len(), rows);
    let files = credential_files(&out);
    assert_eq!(files.len(), rows, "one file per credential");
    // Every file is whole and is the credential the registry holds.
    let hashes: std::collections::HashSet<&str> = records
        .iter()
        .map(|r| r["contentHash"].as_str().unwrap())
        .collect();
    for f in &files {
        use sha2::Digest;
        let bytes = std::fs::read(f).unwrap();
        let _: Value = serde_json::from_slice(&bytes).unwrap();
        let h: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            hashes.contains(h.as_str()),
            "{} is not in the registry",
            f.display()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn spawn(args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    let mut c = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"));
    c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    c.spawn().unwrap()
}

fn all_ok(children: Vec<std::process::Child>) -> Vec<String> {
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            ok(&o).trim().to_string()
        })
        .collect()
}

#[test]
fn parallel_token_and_staff_commands_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("issuer");
    let d = d.to_str().unwrap();
    ok(&microcred(&["issuer", "init", "--demo", "--data", d]));
    let tokens = |d: &str| ok(&microcred(&["issuer", "token", "list", "--data", d]));

    // Twelve at once: twelve printed, twelve kept.
    let printed = all_ok(
        (0..12)
            .map(|_| spawn(&["issuer", "token", "create", "--data", d], &[]))
            .collect(),
    );
    assert_eq!(printed.len(), 12);
    let listed = tokens(d);
    assert_eq!(listed.lines().count(), 12, "{listed}");

    // A revocation racing creations stays a revocation.
    for round in 0..3 {
        let list = tokens(d);
        let victim = list
            .lines()
            .find(|l| l.ends_with("active"))
            .and_then(|l| l.split_whitespace().next())
            .unwrap()
            .to_string();
        let mut children = vec![spawn(
            &["issuer", "token", "revoke", "--data", d, &victim],
            &[],
        )];
        children.extend((0..6).map(|_| spawn(&["issuer", "token", "create", "--data", d], &[])));
        all_ok(children);
        let after = tokens(d);
        let line = after.lines().find(|l| l.starts_with(&victim)).unwrap();
        assert!(line.ends_with("revoked"), "round {round}: {line}");
        assert_eq!(after.lines().count(), 12 + 6 * (round + 1), "{after}");
    }

    // A staff account removed while others are added stays removed.
    let pw = [("MICROCRED_PASSWORD", "a long staff password")];
    ok(&microcred_env(
        &["issuer", "user", "add", "--data", d, "poistuva"],
        &pw,
    ));
    let mut children = vec![spawn(
        &["issuer", "user", "remove", "--data", d, "poistuva"],
        &[],
    )];
    children.extend(
        ["aino", "eino", "iida", "oona"]
            .iter()
            .map(|u| spawn(&["issuer", "user", "add", "--data", d, u], &pw)),
    );
    all_ok(children);
    let users = ok(&microcred(&["issuer", "user", "list", "--data", d]));
    assert!(!users.contains("poistuva"), "{users}");
    for u in ["aino", "eino", "iida", "oona"] {
        assert!(users.contains(u), "{u} missing: {users}");
    }
}

fn microcred_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    spawn(args, env).wait_with_output().unwrap()
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("issuer");
    let d = d.to_str().unwrap();
    ok(&microcred(&["issuer", "init", "--demo", "--data", d]));
    let mut rows = String::from("name,email,grade\n");
    for n in 0..200 {
        rows.push_str(&format!("Oppija {n},oppija{n}@example.org,4\n"));
    }
    let list = tmp.path().join("learners.csv");
    std::fs::write(&list, rows).unwrap();
    let out = tmp.path().join("out");
    ok(&microcred(&[
        "issuer",
        "issue",
        "--data",
        d,
        "--spec",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "--learners",
        list.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "jwt",
    ]));
    // More than a pipe holds; the reader takes one line and goes.
    let mut child = spawn(&["issuer", "list", "--json", "--data", d], &[]);
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            o.status.signal(),
            Some(libc_sigpipe()),
            "{:?} {stderr}",
            o.status
        );
    }
}

#[cfg(unix)]
fn libc_sigpipe() -> i32 {
    13
}
