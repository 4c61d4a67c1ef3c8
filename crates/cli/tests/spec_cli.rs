//! `microcred spec …` driven as a user runs it: the real binary, real files, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::PathBuf;
use std::process::Output;

use microcred_model::{Element, Lang};
use microcred_testkit::repo;
use serde_json::Value;

fn microcred(args: &[&str]) -> Output {
    microcred_testkit::cli::run(env!("CARGO_BIN_EXE_microcred"), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The example specifications, as the paths a user types in the repository root.
fn examples() -> Vec<String> {
    microcred_testkit::examples::spec_files()
        .iter()
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect()
}

#[test]
fn every_example_validates() {
    let files = examples();
    assert_eq!(files.len(), 6, "{files:?}");
    let mut args = vec!["spec", "validate"];
    args.extend(files.iter().map(String::as_str));
    let out = microcred(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out).matches(": valid").count(), 6);
}

/// Every invalid specification fixture exits 1 and lists all of its errors.
#[test]
fn every_invalid_fixture_exits_1_with_all_problems() {
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(repo().join("crates/model/tests/fixtures/manifest.json")).unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for entry in manifest["fixtures"].as_array().unwrap() {
        if entry["kind"] != "specification" || entry["errors"].as_array().unwrap().is_empty() {
            continue;
        }
        let file = format!(
            "crates/model/tests/fixtures/{}",
            entry["file"].as_str().unwrap()
        );
        let out = microcred(&["spec", "validate", "--json", &file]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let listed: Vec<(String, String)> = report[0]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["severity"] == "error")
            .map(|p| {
                (
                    p["code"].as_str().unwrap().into(),
                    p["path"].as_str().unwrap().into(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = entry["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["code"].as_str().unwrap().into(),
                    p["path"].as_str().unwrap().into(),
                )
            })
            .collect();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        listed_sorted.dedup();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        want_sorted.dedup();
        assert_eq!(listed_sorted, want_sorted, "{file}");
        assert_eq!(
            listed.len(),
            want.len(),
            "{file}: every problem listed once"
        );
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} invalid fixtures");
}

#[test]
fn human_output_names_path_and_reason_in_the_chosen_language() {
    let file = "crates/model/tests/fixtures/specification/invalid/missing-mandatory-elements.json";
    let out = microcred(&["spec", "validate", "--lang", "fi", file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("EI KELVOLLINEN"), "{text}");
    assert!(
        text.contains("$.title: puuttuu (EU:n pakollinen tieto 2: Nimi)"),
        "{text}"
    );
    assert!(
        text.contains("$.qualityAssurance: puuttuu (EU:n pakollinen tieto 11: Laadunvarmistus)")
    );
    let out = microcred(&["spec", "validate", "--lang", "sv", file]);
    assert!(stdout(&out).contains("$.title: saknas (EU:s obligatoriska uppgift 2: Benämning)"));
}

#[test]
fn a_mix_of_valid_and_invalid_files_exits_1_and_reports_each() {
    let out = microcred(&[
        "spec",
        "validate",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "crates/model/tests/fixtures/specification/invalid/eqf-out-of-range.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("tapahtumatekniikan-osaajaksi.json: valid"));
    assert!(
        text.contains("$.level.eqf: must be between 1 and 8"),
        "{text}"
    );
}

#[test]
fn protected_titles_can_come_from_the_callers_file() {
    let dir = tempdir();
    let list = dir.join("titles.txt");
    std::fs::write(&list, "# our list\nTAPAHTUMATEKNIIKAN   osaajaksi\n").unwrap();
    let out = microcred(&[
        "spec",
        "validate",
        "--protected-titles",
        list.to_str().unwrap(),
        "examples/tapahtumatekniikan-osaajaksi.json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("protected qualification title"));
}

#[test]
fn hostile_and_broken_input_never_panics() {
    let dir = tempdir();
    let cases: Vec<(&str, Vec<u8>, i32)> = vec![
        ("syntax.json", b"{\"id\": \"x\",".to_vec(), 1),
        ("binary.json", vec![0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96], 1),
        (
            "deep.json",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            1,
        ),
        ("empty.json", Vec::new(), 1),
        ("number.json", b"42".to_vec(), 1),
        ("huge.json", vec![b' '; 2 * 1024 * 1024], 2),
    ];
    for (name, bytes, code) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = microcred(&["spec", "validate", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let out = microcred(&["spec", "validate", "no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open no/such/file.json"));
    let out = microcred(&["spec", "validate"]);
    assert_eq!(out.status.code(), Some(2), "no files is a usage error");
    let out = microcred(&[
        "spec",
        "validate",
        "--lang",
        "de",
        "examples/tapahtumatekniikan-osaajaksi.json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unknown language is a usage error"
    );
}

#[test]
fn standard_input_can_be_validated() {
    use std::io::Write;
    let mut child = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
        .args(["spec", "validate", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(repo().join("examples/datan-visualisointi-5op.json")).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn show_labels_all_eleven_elements_in_each_language() {
    for lang in Lang::ALL {
        let out = microcred(&[
            "spec",
            "show",
            "examples/tapahtumatekniikan-osaajaksi.json",
            "--lang",
            lang.code(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        for e in Element::MANDATORY {
            let label = e.numbered_label(lang);
            assert!(text.contains(&label), "{lang}: no '{label}' in\n{text}");
        }
    }
    let out = microcred(&[
        "spec",
        "show",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "--lang",
        "fi",
    ]);
    let text = stdout(&out);
    for expected in [
        "Tapahtumatekniikan osaajaksi",
        "45 osp",
        "Valaisutuotannossa toimiminen, 15 osp",
        "EQF 4",
        "Näyttö",
        "Lähiopetus",
        "Opetushallitus",
    ] {
        assert!(text.contains(expected), "missing {expected}");
    }
}

#[test]
fn show_with_issuer_and_award_fills_every_element() {
    let out = microcred(&[
        "spec",
        "show",
        "examples/tapahtumatekniikan-osaajaksi.json",
        "--issuer",
        "examples/issuers/esimerkkiopisto.json",
        "--award",
        "examples/awards/tapahtumatekniikka-maija.json",
        "--lang",
        "fi",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sections = view["sections"].as_array().unwrap();
    let lines_of = |element: &str| -> String {
        sections
            .iter()
            .find(|s| s["element"] == element)
            .map(|s| s["lines"].to_string())
            .unwrap_or_default()
    };
    assert!(lines_of("learner").contains("Maija Meikäläinen"));
    assert!(lines_of("learner").contains("17.4.2003"));
    assert!(lines_of("country").contains("Suomi"));
    assert!(lines_of("awardingBody").contains("Y-tunnus: 1234567-1"));
    assert!(lines_of("issueDate").contains("29.5.2026"));
    assert!(lines_of("issueDate").contains("Tampere"));
    assert!(lines_of("grade").contains("4 (hyvä 4)"));
    for e in Element::MANDATORY {
        let name = serde_json::to_value(e).unwrap();
        let lines = lines_of(name.as_str().unwrap());
        assert!(!lines.contains("merkitään todistukseen"), "{name}: {lines}");
    }
}

#[test]
fn show_refuses_an_invalid_specification() {
    let out = microcred(&[
        "spec",
        "show",
        "crates/model/tests/fixtures/specification/invalid/blank-title.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("$.title"));
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "microcred-cli-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
