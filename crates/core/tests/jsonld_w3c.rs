//! Runs the W3C JSON-LD 1.1 API test suite's expansion and toRdf tests against
//! `microcred_core::jsonld`. The suite is not part of this repository; point
//! `JSONLD_API_TESTS` at the `tests` directory of a checkout of
//! <https://github.com/w3c/json-ld-api> and run
//! `cargo test -p microcred-core --test jsonld_w3c -- --ignored --nocapture`.
//! Which tests are out of scope, and why, is in `docs/jsonld.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use microcred_core::di::rdfc::{self, Quad, T};
use microcred_core::jsonld::{self, JsonLdError, Loader, Options};
use serde_json::Value;

const BASE: &str = "https://w3c.github.io/json-ld-api/tests/";

/// Serves the suite's files for their published URLs.
struct SuiteLoader {
    dir: PathBuf,
    cache: std::cell::RefCell<HashMap<String, &'static Value>>,
}

impl Loader for SuiteLoader {
    fn load(&self, url: &str) -> Result<&Value, JsonLdError> {
        if let Some(v) = self.cache.borrow().get(url) {
            return Ok(v);
        }
        let fail = || JsonLdError::LoadingRemoteContextFailed(url.to_string());
        let rel = url.strip_prefix(BASE).ok_or_else(fail)?;
        let text = std::fs::read_to_string(self.dir.join(rel)).map_err(|_| fail())?;
        let v: &'static Value =
            Box::leak(Box::new(serde_json::from_str(&text).map_err(|_| fail())?));
        self.cache.borrow_mut().insert(url.to_string(), v);
        Ok(v)
    }
}

/// JSON-LD equality of expanded documents: arrays are unordered except `@list`s.
fn same(a: &Value, b: &Value, ordered: bool) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same(v, w, k == "@list")))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if ordered {
                return x.iter().zip(y).all(|(v, w)| same(v, w, false));
            }
            let mut used = vec![false; y.len()];
            x.iter().all(|v| {
                for (i, w) in y.iter().enumerate() {
                    if !used[i] && same(v, w, false) {
                        used[i] = true;
                        return true;
                    }
                }
                false
            })
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// A small N-Quads reader for the expected outputs.
fn parse_nquads(text: &str) -> Vec<Quad> {
    let mut blanks: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut terms = Vec::new();
        let mut rest = line;
        loop {
            rest = rest.trim_start();
            if rest.starts_with('.') || rest.is_empty() {
                break;
            }
            if let Some(r) = rest.strip_prefix('<') {
                let end = r.find('>').unwrap();
                terms.push(T::Iri(Rc::from(unescape(&r[..end]))));
                rest = &r[end + 1..];
            } else if rest.starts_with("_:") {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let n = blanks.len() as u32;
                let b = *blanks.entry(rest[..end].to_string()).or_insert(n);
                terms.push(T::Blank(b));
                rest = &rest[end..];
            } else if let Some(r) = rest.strip_prefix('"') {
                let mut end = 0;
                let bytes = r.as_bytes();
                while bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let value = unescape(&r[..end]);
                rest = &r[end + 1..];
                let (mut lang, mut dt) = (None, None);
                if let Some(r2) = rest.strip_prefix('@') {
                    let e = r2.find(char::is_whitespace).unwrap();
                    lang = Some(r2[..e].to_string());
                    rest = &r2[e..];
                } else if let Some(r2) = rest.strip_prefix("^^<") {
                    let e = r2.find('>').unwrap();
                    dt = Some(r2[..e].to_string());
                    rest = &r2[e + 1..];
                }
                terms.push(T::Lit(Rc::from(jsonld::to_rdf::literal(
                    &value,
                    dt.as_deref(),
                    lang.as_deref(),
                ))));
            } else {
                panic!("unreadable N-Quads: {line}");
            }
        }
        let mut t = terms.into_iter();
        let (s, p, o, g) = (
            t.next().unwrap(),
            t.next().unwrap(),
            t.next().unwrap(),
            t.next(),
        );
        let T::Iri(p) = p else { panic!("{line}") };
        out.push(Quad { s, p, o, g });
    }
    out
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let h: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap());
            }
            Some('U') => {
                let h: String = chars.by_ref().take(8).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap());
            }
            Some(c) => out.push(c),
            None => {}
        }
    }
    out
}

/// Why a test is out of scope, if it is.
fn skip_reason(t: &Value) -> Option<&'static str> {
    let types: Vec<&str> = t["@type"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let opt = &t["option"];
    if types.contains(&"jld:PositiveSyntaxTest") {
        return Some("syntax-only (no expected output)");
    }
    if opt["specVersion"] == "json-ld-1.0" || opt["processingMode"] == "json-ld-1.0" {
        return Some("JSON-LD 1.0 processing mode");
    }
    if opt.get("rdfDirection").is_some() || opt.get("produceGeneralizedRdf").is_some() {
        return Some("rdfDirection / generalized RDF options");
    }
    if t["input"].as_str().unwrap_or_default().ends_with(".html") {
        return Some("HTML input");
    }
    None
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: Vec<String>,
    skipped: HashMap<&'static str, usize>,
}

fn run(dir: &Path, manifest: &str, to_rdf: bool) -> Tally {
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(manifest)).unwrap()).unwrap();
    let loader = SuiteLoader {
        dir: dir.to_path_buf(),
        cache: Default::default(),
    };
    let mut tally = Tally::default();
    for t in m["sequence"].as_array().unwrap() {
        let id = t["@id"].as_str().unwrap();
        if let Some(why) = skip_reason(t) {
            *tally.skipped.entry(why).or_default() += 1;
            continue;
        }
        let input_path = t["input"].as_str().unwrap();
        let input: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(input_path)).unwrap()).unwrap();
        let mut options = Options {
            base: Some(
                t["option"]["base"]
                    .as_str()
                    .map_or_else(|| format!("{BASE}{input_path}"), str::to_string),
            ),
            expand_context: None,
        };
        if let Some(c) = t["option"]["expandContext"].as_str() {
            options.expand_context = Some(loader.load(&format!("{BASE}{c}")).unwrap().clone());
        }
        let negative = t["@type"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "jld:NegativeEvaluationTest");
        let outcome: Result<bool, JsonLdError> = if to_rdf {
            jsonld::to_quads(&input, &options, &loader, false).map(|quads| {
                if negative {
                    return false;
                }
                let expected = parse_nquads(
                    &std::fs::read_to_string(dir.join(t["expect"].as_str().unwrap())).unwrap(),
                );
                let (ours, theirs) = (
                    rdfc::canonicalize(&quads).ok(),
                    rdfc::canonicalize(&expected).ok(),
                );
                if ours != theirs && std::env::var("JSONLD_DEBUG").is_ok_and(|d| id.ends_with(&d)) {
                    eprintln!("{id}\nours: {ours:#?}\nexpected: {theirs:#?}");
                }
                ours == theirs
            })
        } else {
            jsonld::expand(&input, &options, &loader, false).map(|out| {
                if negative {
                    return false;
                }
                let expected: Value = serde_json::from_str(
                    &std::fs::read_to_string(dir.join(t["expect"].as_str().unwrap())).unwrap(),
                )
                .unwrap();
                let out = Value::Array(out);
                let ok = same(&out, &expected, false);
                if !ok && std::env::var("JSONLD_DEBUG").is_ok_and(|d| id.ends_with(&d)) {
                    eprintln!("{id}\nours: {out:#}\nexpected: {expected:#}");
                }
                ok
            })
        };
        let ok = match (&outcome, negative) {
            (Ok(ok), false) => *ok,
            (Err(e), true) => e.code() == t["expectErrorCode"].as_str().unwrap_or_default(),
            _ => false,
        };
        if ok {
            tally.passed += 1;
        } else {
            let got = match outcome {
                Ok(_) => "different output".to_string(),
                Err(e) => format!("error {:?}", e.code()),
            };
            tally.failed.push(format!(
                "{manifest}{id} {}: {got} (expected {})",
                t["name"].as_str().unwrap_or_default(),
                t["expectErrorCode"].as_str().unwrap_or("output")
            ));
        }
    }
    tally
}

#[test]
#[ignore = "needs the W3C json-ld-api test suite: set JSONLD_API_TESTS"]
fn w3c_json_ld_api_expand_and_to_rdf() {
    let dir = PathBuf::from(std::env::var("JSONLD_API_TESTS").expect("JSONLD_API_TESTS"));
    let mut all_passed = true;
    for (manifest, to_rdf) in [
        ("expand-manifest.jsonld", false),
        ("toRdf-manifest.jsonld", true),
    ] {
        let t = run(&dir, manifest, to_rdf);
        for f in &t.failed {
            eprintln!("FAIL {f}");
        }
        let skipped: usize = t.skipped.values().sum();
        eprintln!(
            "{manifest}: {} passed of {} in scope; {skipped} skipped {:?}",
            t.passed,
            t.passed + t.failed.len(),
            t.skipped
        );
        all_passed &= t.failed.is_empty();
    }
    assert!(all_passed, "some in-scope tests failed");
}
