//! The published test vectors kept in `crates/core/tests/vectors`: the W3C
//! eddsa-rdfc-2022 vectors and credentials signed by other implementations.

use serde_json::Value;

use crate::repo;

/// A file of the W3C eddsa-rdfc-2022 test vectors (`keyPair.json`, `unsigned.json`, …).
pub fn eddsa_rdfc_2022(name: &str) -> String {
    let path = repo()
        .join("crates/core/tests/vectors/eddsa-rdfc-2022")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A credential another implementation signed (`foreign/{name}.json`).
pub fn foreign(name: &str) -> Value {
    crate::files::read_json(
        &repo()
            .join("crates/core/tests/vectors/foreign")
            .join(format!("{name}.json")),
    )
}
