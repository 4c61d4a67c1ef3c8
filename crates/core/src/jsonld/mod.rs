//! JSON-LD 1.1 processing: the part of the JSON-LD 1.1 Processing Algorithms and API
//! that turning a document into RDF needs — context processing, expansion and
//! deserialisation to RDF — and nothing else (no compaction, flattening or framing, and
//! no remote documents: contexts come only from a [`context::Loader`], in production the
//! bundled, hash-pinned set of `crate::contexts`).
//!
//! Why our own: Data Integrity needs exactly these algorithms, and the `json-ld` crate
//! family that provided them brought about 66 crates into every build. This
//! implementation follows the specification step by step (section numbers in the code)
//! and is checked three ways: against the W3C JSON-LD 1.1 API test suite
//! (`tests/jsonld_w3c.rs`, see `docs/jsonld.md` for the figures), and byte for byte
//! against the `json-ld` crate and `ssi` on every credential, vector and presentation
//! the project has (`tests/jsonld_differential.rs`, where they remain dev-dependencies).
//!
//! Design:
//! - [`context`]: active contexts share term definitions (`Rc`), so the copies the
//!   algorithms make are cheap; the fast Data Integrity walker (`di::expand`) memoises
//!   processed contexts per thread on top of this, and expansion here memoises them per
//!   document.
//! - The *strict* policy: a property or type that does not expand to an IRI is an error,
//!   not silently dropped ([`context::Env::strict`]); the W3C suite runs without it.
//! - Nothing panics on hostile input: recursion depth and work are bounded
//!   ([`context::Env`]), and every failure is a typed [`JsonLdError`].

pub mod context;
pub mod error;
pub mod expand;
pub mod iri;
pub mod jcs;
pub mod to_rdf;

use serde_json::Value;

pub use context::{Bundled, Env, Loader};
pub use error::JsonLdError;
pub use expand::Options;

use crate::di::rdfc::Quad;

/// Expands a document (JSON-LD 1.1 API §5.1): an array of node objects.
pub fn expand(
    doc: &Value,
    options: &Options,
    loader: &dyn Loader,
    strict: bool,
) -> Result<Vec<Value>, JsonLdError> {
    let env = Env::new(loader, strict);
    expand::Expander::new(&env).document(doc, options)
}

/// The RDF dataset of a document (expansion, then §8.1).
pub fn to_quads(
    doc: &Value,
    options: &Options,
    loader: &dyn Loader,
    strict: bool,
) -> Result<Vec<Quad>, JsonLdError> {
    let env = Env::new(loader, strict);
    let expanded = expand::Expander::new(&env).document(doc, options)?;
    to_rdf::to_rdf(&env, expanded)
}
