//! The provider's day through commands: a specification drafted, published and refused
//! when republished changed; a new version; an .xlsx cohort with a learner twice (reported,
//! the others issued), run again (nothing new) and killed mid-run (no partial file); a
//! licence renewed; a revocation without a reason refused; a template; in Finnish and
//! Swedish.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use microcred_testkit::cli::ok;
use microcred_testkit::repo;
use serde_json::Value;

fn microcred(args: &[&str], lang: &str) -> Output {
    microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("MICROCRED_LANG", lang)
        .output()
        .expect("run microcred")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn init(dir: &Path) {
    ok(&microcred(
        &[
            "issuer",
            "init",
            "--data",
            dir.to_str().unwrap(),
            "--name",
            "Testiopisto",
            "--legal-id",
            "1234567-1",
            "--country",
            "FI",
            "--locality",
            "Tampere",
        ],
        "fi",
    ));
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    microcred_issuer::xlsx_out::write("Oppijat", rows).unwrap()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn a_specification_is_drafted_published_and_never_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let d = data.to_str().unwrap();
    init(&data);
    // A draft from a file, published; the same again changes nothing.
    let (id, err) = text(&microcred(
        &[
            "spec",
            "new",
            "--data",
            d,
            "--from",
            "examples/datan-visualisointi-5op.json",
        ],
        "fi",
    ));
    assert_eq!(id.trim(), "datan-visualisointi-5op");
    assert!(err.contains("valmis julkaistavaksi"), "{err}");
    let url = ok(&microcred(
        &["spec", "publish", "--data", d, "datan-visualisointi-5op"],
        "fi",
    ));
    assert!(
        url.trim()
            .ends_with("/specs/datan-visualisointi-5op/versions/2026-1"),
        "{url}"
    );
    let o = microcred(
        &[
            "spec",
            "publish",
            "--data",
            d,
            "examples/datan-visualisointi-5op.json",
        ],
        "sv",
    );
    assert!(
        text(&o).1.contains("var redan publicerad likadan"),
        "{}",
        text(&o).1
    );
    // Changed (5 → 10 ECTS) under the same version: refused with the reason.
    let mut changed: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("examples/datan-visualisointi-5op.json")).unwrap(),
    )
    .unwrap();
    changed["workload"]["ects"] = serde_json::json!(10);
    let file = tmp.path().join("changed.json");
    std::fs::write(&file, changed.to_string()).unwrap();
    let o = microcred(
        &["spec", "publish", "--data", d, file.to_str().unwrap()],
        "fi",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("on jo julkaistu toisenlaisena"),
        "{}",
        text(&o).1
    );
    // A new version is a draft copying the current one; published, it becomes current.
    let v = ok(&microcred(
        &[
            "spec",
            "new-version",
            "--data",
            d,
            "datan-visualisointi-5op",
        ],
        "en",
    ));
    assert_eq!(v.trim(), "2026-2");
    ok(&microcred(
        &["spec", "publish", "--data", d, "datan-visualisointi-5op"],
        "en",
    ));
    let list = ok(&microcred(&["spec", "list", "--data", d], "en"));
    assert!(
        list.contains("datan-visualisointi-5op  2026-2") && list.contains("2026-1, 2026-2"),
        "{list}"
    );
    // An incomplete draft is kept, its problems said in words, not JSON paths.
    let (_, err) = text(&microcred(
        &["spec", "new", "--data", d, "--id", "tulityot"],
        "fi",
    ));
    assert!(
        err.contains("korjattavaa asiaa ennen julkaisua") && err.contains("Osaamistavoitteet"),
        "{err}"
    );
    assert!(!err.contains("$."), "{err}");
    let o = microcred(&["spec", "publish", "--data", d, "tulityot"], "fi");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("Kuvauksessa on korjattavaa"),
        "{}",
        text(&o).1
    );
    // Plurals: one problem is "1 virhe".
    let o = microcred(
        &[
            "spec",
            "validate",
            "crates/model/tests/fixtures/specification/invalid/blank-title.json",
        ],
        "fi",
    );
    assert!(text(&o).0.contains("(1 virhe, "), "{}", text(&o).0);
}

fn credential_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "jwt"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_xlsx_cohort_with_a_learner_twice_then_again_then_renewed_and_revoked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let d = data.to_str().unwrap();
    init(&data);
    ok(&microcred(
        &[
            "issuer",
            "publish",
            "--data",
            d,
            "examples/ensiapuryhmassa-toimiminen.json",
        ],
        "fi",
    ));
    let list = tmp.path().join("ryhma.xlsx");
    std::fs::write(
        &list,
        xlsx(&[
            row(&["nimi", "syntymäaika", "myöntämispäivä"]),
            row(&["Maija Meikäläinen", "2003-04-17", "2026-05-29"]),
            row(&["Matti Virtanen", "2001-11-02", "2026-05-29"]),
            row(&["Maija Meikäläinen", "2003-04-17", "2026-05-29"]),
            row(&["Aino Korhonen", "2000-01-01", "2020-01-15"]),
        ]),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let args = [
        "issuer",
        "issue",
        "--data",
        d,
        "--spec",
        "examples/ensiapuryhmassa-toimiminen.json",
        "--learners",
        list.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "jwt",
    ];
    let o = microcred(&args, "fi");
    assert_eq!(o.status.code(), Some(1), "rows were skipped");
    let (stdout, stderr) = text(&o);
    assert!(
        stderr.contains(":4: ohitettu: sama oppija kuin rivillä 2"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            ":5: ohitettu: olisi vanhentunut jo myönnettäessä (voimassa 2023-01-15 asti)"
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("2 todistusta myönnetty, 0 oli jo myönnetty aiemmin, 2 riviä ohitettu"),
        "{stdout}"
    );
    assert_eq!(credential_files(&out).len(), 2);
    // Again: nothing new. With the back-dated row confirmed: that one only.
    let (stdout, _) = text(&microcred(&args, "sv"));
    assert!(
        stdout.contains("0 intyg utfärdade, 2 fanns redan, 2 rader hoppades över"),
        "{stdout}"
    );
    let mut confirmed = args.to_vec();
    confirmed.push("--confirm-expired");
    let (stdout, _) = text(&microcred(&confirmed, "en"));
    assert!(
        stdout.contains("1 credential issued, 2 already issued before, 1 row skipped"),
        "{stdout}"
    );

    let records: Value = serde_json::from_str(&ok(&microcred(
        &["issuer", "list", "--data", d, "--json"],
        "en",
    )))
    .unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 3);
    let aino = records
        .iter()
        .find(|r| r["learner"].as_str().unwrap().starts_with("Aino"))
        .unwrap();
    assert_eq!(aino["validUntil"], "2023-01-15");
    let aino_id = aino["id"].as_str().unwrap();

    // Renewed: a new credential from today, linked, both listed.
    let renewed = tmp.path().join("renewed.jwt");
    let o = microcred(
        &[
            "issuer",
            "renew",
            "--data",
            d,
            aino_id,
            "--out",
            renewed.to_str().unwrap(),
            "--by",
            "opettaja",
        ],
        "fi",
    );
    let (_, err) = text(&o);
    ok(&o);
    assert!(
        err.contains(&format!("uusii todistuksen {aino_id} Voimassa")),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&renewed)
            .unwrap()
            .split('.')
            .count()
            == 3,
        "a JWT"
    );
    let records: Value = serde_json::from_str(&ok(&microcred(
        &["issuer", "list", "--data", d, "--json"],
        "en",
    )))
    .unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 4);
    assert!(records.iter().any(|r| r["renews"] == aino_id));
    let old = records.iter().find(|r| r["id"] == aino_id).unwrap();
    assert_eq!(old["events"][0]["action"], "renewed");
    assert_eq!(old["events"][0]["by"], "opettaja");

    // A revocation needs a reason; the one given is kept with who and when.
    let o = microcred(
        &["issuer", "revoke", "--data", d, aino_id, "--reason", " "],
        "fi",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("Kirjoita mitätöinnin syy"),
        "{}",
        text(&o).1
    );
    ok(&microcred(
        &[
            "issuer",
            "revoke",
            "--data",
            d,
            aino_id,
            "--reason",
            "myönnetty virheellisesti",
            "--by",
            "rehtori",
        ],
        "fi",
    ));
    let shown: Value = serde_json::from_str(&ok(&microcred(
        &["issuer", "show", "--data", d, aino_id],
        "en",
    )))
    .unwrap();
    assert_eq!(shown["standing"]["by"], "rehtori");
    assert_eq!(shown["events"][1]["action"], "revoked");

    // The template, in Swedish, as .xlsx and CSV.
    let t = tmp.path().join("mall.xlsx");
    ok(&microcred(
        &[
            "issuer",
            "template",
            "--data",
            d,
            "--spec",
            "ensiapuryhmassa-toimiminen",
            "--lang",
            "sv",
            "--out",
            t.to_str().unwrap(),
        ],
        "sv",
    ));
    assert!(std::fs::read(&t).unwrap().starts_with(b"PK"));
    let c = tmp.path().join("pohja.csv");
    ok(&microcred(
        &[
            "issuer",
            "template",
            "--data",
            d,
            "--spec",
            "ensiapuryhmassa-toimiminen",
            "--lang",
            "fi",
            "--out",
            c.to_str().unwrap(),
        ],
        "fi",
    ));
    assert_eq!(
        std::fs::read_to_string(&c).unwrap(),
        "\u{feff}nimi,syntymäaika,sähköposti,arvosana,myöntämispäivä,voimassa_asti\n"
    );
}

/// SIGKILL during an .xlsx cohort: at that moment no partial or temporary file exists, and
/// a re-run completes it with each learner once.
#[cfg(unix)]
#[test]
fn killing_an_xlsx_cohort_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let d = data.to_str().unwrap();
    init(&data);
    let rows = 400;
    let mut sheet = vec![row(&["name", "date_of_birth", "grade"])];
    for n in 0..rows {
        sheet.push(vec![
            format!("Oppija {n:04}"),
            format!("2000-01-{:02}", n % 28 + 1),
            format!("{}", n % 5 + 1),
        ]);
    }
    let list = tmp.path().join("cohort.xlsx");
    std::fs::write(&list, xlsx(&sheet)).unwrap();
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
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(300) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if credential_files(&out).len() >= 20 {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.wait();
    // Right after the kill: every name in the directory is a whole credential.
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with('.') && !name.ends_with(".tmp"),
            "left behind: {name}"
        );
        if !name.ends_with(".json") {
            continue;
        }
        let _: Value = serde_json::from_slice(&std::fs::read(&p).unwrap())
            .unwrap_or_else(|e| panic!("{name} is partial: {e}"));
    }
    ok(&microcred(&args, "en"));
    let listed: Value = serde_json::from_str(&ok(&microcred(
        &["issuer", "list", "--data", d, "--json"],
        "en",
    )))
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), rows);
    assert_eq!(credential_files(&out).len(), rows);
}
