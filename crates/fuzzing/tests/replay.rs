//! Every fuzz target's corpus, run once through its entry point on stable Rust: what the
//! fuzzer found, and the seeds it started from, stay handled. A crash found by a campaign
//! is added to the target's corpus (`fuzz/corpus/TARGET/`) with its fix.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::{Path, PathBuf};

fn corpus(name: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(name);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_is_handled() {
    let mut panicked = Vec::new();
    for (name, run) in microcred_fuzzing::TARGETS {
        let files = corpus(name);
        assert!(!files.is_empty(), "{name} has no corpus");
        for f in &files {
            let data = match std::fs::read(f) {
                Ok(data) => data,
                // A campaign running beside the test replaces files as it shrinks them.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => panic!("{}: {e}", f.display()),
            };
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panicked.push(f.display().to_string());
            }
        }
        eprintln!("{name}: {} files replayed", files.len());
    }
    assert!(
        panicked.is_empty(),
        "these made a target panic: {panicked:#?}"
    );
}

#[test]
fn every_corpus_directory_is_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    for entry in std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())) {
        let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            microcred_fuzzing::TARGETS.iter().any(|(t, _)| *t == name),
            "fuzz/corpus/{name} belongs to no target"
        );
    }
}

#[test]
fn every_target_has_a_libfuzzer_target_calling_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("fuzz/Cargo.toml: {e}"));
    for (name, _) in microcred_fuzzing::TARGETS {
        let path = root.join("fuzz_targets").join(format!("{name}.rs"));
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            source.contains(&format!("microcred_fuzzing::{name}(data)")),
            "{} does not call microcred_fuzzing::{name}",
            path.display()
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
    }
}
