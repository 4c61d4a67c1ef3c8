//! What the workspace's tests share: the repository's example files, the test vectors, and
//! the microcred binary run with a clean environment. Each integration test used to carry
//! its own copy of these; one copy here keeps them telling the same story.
//!
//! A dev-dependency only: it depends on nothing above `microcred-model`, so the tests of
//! every crate can use it.

// Test code: a helper that cannot read an example or run the binary fails the test that
// called it, which is what an unwrap says.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod cli;
pub mod examples;
pub mod files;
pub mod http;
pub mod vectors;

use std::path::PathBuf;

/// The repository root: the examples, schemas and test vectors are found from here, and
/// the binary runs here so that relative paths in the tests mean the same thing.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}
