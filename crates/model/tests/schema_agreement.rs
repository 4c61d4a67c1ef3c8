//! The JSON Schemas in `schemas/` and the Rust validator must agree on every fixture.
//!
//! `fixtures/manifest.json` pins, for each fixture, the exact errors and warnings the Rust
//! validator reports (code and JSONPath) and whether the schema accepts it. Changing either
//! side alone changes one of these outcomes and fails this test. The few rules a JSON
//! Schema cannot express (cross-field and date-dependent ones) are marked `"schema":
//! "accept"` with the reason; every other invalid fixture fails both.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use jsonschema::{Retrieve, Uri, Validator};
use microcred_model::countries::is_country_code;
use microcred_model::validate::{
    self, Options, ProtectedTitles, Report, Severity, DEFAULT_PROTECTED_TITLES,
};
use microcred_model::Specification;
use microcred_testkit::files::read_json;
use microcred_testkit::repo;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Serves our own schemas by `$id`; anything else is an error (schemas are never fetched).
struct Bundled(BTreeMap<String, Value>);

impl Retrieve for Bundled {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0
            .get(uri.as_str())
            .cloned()
            .ok_or_else(|| format!("schema {} is not bundled", uri.as_str()).into())
    }
}

fn schema_files() -> BTreeMap<String, Value> {
    ["common", "specification", "issuer-profile", "award"]
        .into_iter()
        .map(|n| {
            (
                n.to_string(),
                read_json(&repo().join(format!("schemas/{n}.schema.json"))),
            )
        })
        .collect()
}

fn validator(files: &BTreeMap<String, Value>, kind: &str) -> Validator {
    let bundled = Bundled(
        files
            .values()
            .map(|s| (s["$id"].as_str().unwrap().to_string(), s.clone()))
            .collect(),
    );
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(bundled)
        .build(&files[kind])
        .unwrap_or_else(|e| panic!("schema {kind} does not compile: {e}"))
}

/// A fixed "now" so that date rules give the same answer on every day.
fn options() -> Options {
    Options {
        now: Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap(),
        ..Options::default()
    }
}

fn rust_report(kind: &str, doc: &Value, spec: Option<&Specification>, opts: &Options) -> Report {
    match kind {
        "specification" => validate::validate_specification(doc, opts),
        "issuer-profile" => validate::validate_issuer_profile(doc),
        "award" => validate::validate_award(doc, spec, None, opts),
        other => panic!("unknown kind {other}"),
    }
}

type Found = BTreeSet<(String, String)>;

fn found(report: &Report, severity: Severity) -> Found {
    report
        .problems
        .iter()
        .filter(|p| p.severity == severity)
        .map(|p| (p.kind.code().to_string(), p.path.clone()))
        .collect()
}

fn expected(entry: &Value, key: &str) -> Found {
    entry[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs every manifest entry on both sides; returns the disagreements, one line each.
fn disagreements(
    files: &BTreeMap<String, Value>,
    opts: &Options,
) -> (Vec<String>, BTreeSet<String>) {
    let manifest = read_json(&fixtures().join("manifest.json"));
    let validators: BTreeMap<&str, Validator> = ["specification", "issuer-profile", "award"]
        .into_iter()
        .map(|k| (k, validator(files, k)))
        .collect();
    let mut out = Vec::new();
    let mut codes = BTreeSet::new();
    for entry in manifest["fixtures"].as_array().unwrap() {
        let file = entry["file"].as_str().unwrap();
        let kind = entry["kind"].as_str().unwrap();
        let doc = read_json(&fixtures().join(file));
        let spec: Option<Specification> = entry
            .get("withSpecification")
            .and_then(Value::as_str)
            .map(|p| serde_json::from_value(read_json(&repo().join(p))).unwrap());
        let report = rust_report(kind, &doc, spec.as_ref(), opts);
        codes.extend(report.problems.iter().map(|p| p.kind.code().to_string()));
        let (errors, warnings) = (
            found(&report, Severity::Error),
            found(&report, Severity::Warning),
        );
        let (want_errors, want_warnings) = (expected(entry, "errors"), expected(entry, "warnings"));
        if errors != want_errors {
            out.push(format!(
                "{file}: Rust errors {errors:?}, manifest says {want_errors:?}"
            ));
        }
        if warnings != want_warnings {
            out.push(format!(
                "{file}: Rust warnings {warnings:?}, manifest says {want_warnings:?}"
            ));
        }
        let schema_accepts = validators[kind].is_valid(&doc);
        let want_accept = entry["schema"] == "accept";
        if schema_accepts != want_accept {
            let why: Vec<String> = validators[kind]
                .iter_errors(&doc)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            out.push(format!(
                "{file}: schema {} it, manifest says {}; schema errors: {why:?}",
                if schema_accepts { "accepts" } else { "rejects" },
                entry["schema"]
            ));
        }
        // A document the Rust side accepts must load into the typed model.
        if report.is_valid() {
            let typed = match kind {
                "specification" => serde_json::from_value::<Specification>(doc.clone()).err(),
                "issuer-profile" => {
                    serde_json::from_value::<microcred_model::IssuerProfile>(doc.clone()).err()
                }
                _ => serde_json::from_value::<microcred_model::Award>(doc.clone()).err(),
            };
            if let Some(e) = typed {
                out.push(format!("{file}: valid but does not deserialise: {e}"));
            }
        }
        // Both sides must call a fixture invalid exactly when it has errors, except where
        // the manifest explains why the schema cannot see the rule.
        if !want_errors.is_empty() && want_accept && entry.get("why").is_none() {
            out.push(format!(
                "{file}: schema accepts an invalid fixture without a reason"
            ));
        }
    }
    (out, codes)
}

#[test]
fn schema_and_validator_agree_on_every_fixture() {
    let files = schema_files();
    let (problems, codes) = disagreements(&files, &options());
    assert!(
        problems.is_empty(),
        "disagreements:\n{}",
        problems.join("\n")
    );

    // Every rule has at least one fixture that triggers it.
    let rules = [
        "missing",
        "wrong-type",
        "empty",
        "unknown-field",
        "invalid-language-tag",
        "not-positive",
        "out-of-range",
        "too-long",
        "invalid-date",
        "future-date",
        "end-before-start",
        "implausible-birth-date",
        "unknown-value",
        "duplicate",
        "unit-not-named",
        "protected-title",
        "unusual-scope",
        "scope-mismatch",
        "invalid-business-id",
        "invalid-country",
        "invalid-url",
        "invalid-email",
        "invalid-did",
        "invalid-logo",
        "invalid-duration",
        "invalid-identifier",
        "description-required",
        "stackable-without-target",
        "select-too-large",
        "no-learner-identifier",
        "grade-not-in-scheme",
        "specification-mismatch",
        "no-quality-reference",
    ];
    let missing: Vec<&str> = rules
        .iter()
        .copied()
        .filter(|r| !codes.contains(*r))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn every_fixture_file_is_in_the_manifest() {
    let manifest = read_json(&fixtures().join("manifest.json"));
    let listed: BTreeSet<String> = manifest["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect();
    let mut on_disk = BTreeSet::new();
    for kind in ["specification", "issuer-profile", "award"] {
        for validity in ["valid", "invalid"] {
            let dir = fixtures().join(kind).join(validity);
            for f in std::fs::read_dir(&dir).unwrap() {
                let name = f.unwrap().file_name().into_string().unwrap();
                on_disk.insert(format!("{kind}/{validity}/{name}"));
            }
        }
    }
    assert_eq!(listed, on_disk);
}

#[test]
fn examples_are_valid_on_both_sides() {
    let files = schema_files();
    let opts = options();
    let dirs = [
        ("specification", "examples"),
        ("issuer-profile", "examples/issuers"),
        ("award", "examples/awards"),
    ];
    let mut seen = 0;
    for (kind, dir) in dirs {
        let v = validator(&files, kind);
        for f in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = f.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let doc = read_json(&path);
            let report = rust_report(kind, &doc, None, &opts);
            assert!(
                report.is_valid(),
                "{}: {:?}",
                path.display(),
                report.problems
            );
            let errs: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errs.is_empty(), "{}: schema says {errs:?}", path.display());
            seen += 1;
        }
    }
    assert!(
        seen >= 9,
        "expected the six specifications and their companions"
    );
}

/// The schema must catch a one-sided change: loosen the schema's EQF maximum and the
/// out-of-range fixture no longer agrees; give the Rust side an empty protected-title
/// list and the protected-title fixtures no longer agree.
#[test]
fn a_change_to_one_side_alone_is_detected() {
    let mut files = schema_files();
    files.get_mut("specification").unwrap()["properties"]["level"]["properties"]["eqf"]["oneOf"]
        [0]["maximum"] = 9.into();
    let (problems, _) = disagreements(&files, &options());
    assert!(
        problems.iter().any(|p| p.contains("eqf-out-of-range")),
        "{problems:?}"
    );

    let opts = Options {
        protected_titles: ProtectedTitles::empty(),
        ..options()
    };
    let (problems, _) = disagreements(&schema_files(), &opts);
    assert!(
        problems.iter().any(|p| p.contains("protected-title")),
        "{problems:?}"
    );
}

/// The schema's country list is the Rust one.
#[test]
fn schema_country_codes_match() {
    let common = read_json(&repo().join("schemas/common.schema.json"));
    let codes = common["$defs"]["countryCode"]["enum"].as_array().unwrap();
    assert_eq!(codes.len(), 249);
    for c in codes {
        assert!(is_country_code(c.as_str().unwrap()), "{c}");
    }
}

/// The schema's protected-title pattern is generated from the shipped list: each title,
/// case-insensitive letter by letter, words joined by any whitespace. Run with
/// `MICROCRED_BLESS=1` to rewrite the schema after editing the list.
#[test]
fn schema_protected_titles_match_the_list() {
    let mut alternatives = Vec::new();
    for line in DEFAULT_PROTECTED_TITLES.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<String> = line
            .to_lowercase()
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .map(|c| {
                        let up: String = c.to_uppercase().collect();
                        if up != c.to_string() {
                            format!("[{c}{up}]")
                        } else if c.is_alphanumeric() {
                            c.to_string()
                        } else {
                            format!("\\{c}")
                        }
                    })
                    .collect()
            })
            .collect();
        alternatives.push(words.join("\\s+"));
    }
    let pattern = format!("^\\s*(?:{})\\s*$", alternatives.join("|"));
    let path = repo().join("schemas/specification.schema.json");
    let mut schema = read_json(&path);
    let slot = &mut schema["$defs"]["notProtected"]["additionalProperties"]["not"]["pattern"];
    if *slot != Value::String(pattern.clone()) {
        if std::env::var_os("MICROCRED_BLESS").is_some() {
            *slot = Value::String(pattern);
            let mut text = serde_json::to_string_pretty(&schema).unwrap();
            text.push('\n');
            std::fs::write(&path, text).unwrap();
        } else {
            panic!("schemas/specification.schema.json is out of date with examples/protected-titles.txt; rerun with MICROCRED_BLESS=1");
        }
    }
}
