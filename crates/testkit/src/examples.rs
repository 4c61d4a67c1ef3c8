//! The example issuer profile and specifications under `examples/`, loaded as the tests
//! use them: the same files the documentation shows, so the tests exercise real input.

use std::path::PathBuf;

use microcred_model::validate::{self, Options};
use microcred_model::{IssuerProfile, Specification};

use crate::repo;

/// The example issuer (Esimerkkiopisto), without its `$schema`: an issuer made from it
/// writes no schema reference of the input file into what it issues.
pub fn profile() -> IssuerProfile {
    let text = std::fs::read(repo().join("examples/issuers/esimerkkiopisto.json")).unwrap();
    let (mut p, _) = validate::load_issuer_profile(&text).unwrap();
    p.json_schema = None;
    p
}

/// The example specification `examples/{name}.json`.
pub fn spec(name: &str) -> Specification {
    let path = repo().join(format!("examples/{name}.json"));
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    validate::load_specification(&text, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .0
}

/// Every example specification, ordered by id: a test over all of them covers each kind
/// the examples show (grades, places, languages).
pub fn specs() -> Vec<Specification> {
    let mut v: Vec<Specification> = spec_files()
        .into_iter()
        .map(|p| {
            let text = std::fs::read(&p).unwrap();
            validate::load_specification(&text, &Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .0
        })
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// The paths of the example specifications (`examples/*.json`), sorted; at least six, so
/// that a test over them cannot pass by finding none.
pub fn spec_files() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 6, "{specs:?}");
    specs
}
