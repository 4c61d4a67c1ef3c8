//! Reading the JSON files a test was given or had the code under test write.

use std::path::Path;

use serde_json::Value;

/// A JSON file, failing with its path when it cannot be read or parsed.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
