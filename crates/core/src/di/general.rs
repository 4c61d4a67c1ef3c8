//! The general path from JSON-LD to quads: full JSON-LD 1.1 expansion and RDF conversion
//! ([`crate::jsonld`]), for documents the fast walker does not cover, such as
//! presentations with embedded credentials (named graphs).
//!
//! Expansion is strict, as `ssi`'s policy is (`Policy { invalid: Reject,
//! allow_undefined: false }` in the `json-ld` crate this path used before): a property
//! or type that does not expand to an IRI is an error, not silently dropped.

use serde_json::Value;

use super::rdfc::Quad;
use super::DiError;
use crate::contexts::ContextError;
use crate::jsonld::{self, JsonLdError};

/// An embedded context written as a context *document* (`{"@context": {…}}`) stands for
/// the context inside it. JSON-LD 1.1 unwraps `@context` only for remote documents, but
/// jsonld.js (the reference implementation the W3C suites and most issuers sign with)
/// unwraps embedded ones too, and a signature made that way verifies only if we do the
/// same. An object whose one entry is `@context` cannot be a valid context definition
/// otherwise (`@context` is not a term), so nothing valid changes meaning.
fn unwrap_context_documents(doc: &Value) -> std::borrow::Cow<'_, Value> {
    fn unwrap(c: &Value) -> Option<Value> {
        match c {
            Value::Object(m) if m.len() == 1 => m.get("@context").cloned(),
            _ => None,
        }
    }
    let Some(ctx) = doc.get("@context") else {
        return std::borrow::Cow::Borrowed(doc);
    };
    let fixed = match ctx {
        Value::Array(items) if items.iter().any(|c| unwrap(c).is_some()) => Value::Array(
            items
                .iter()
                .map(|c| unwrap(c).unwrap_or_else(|| c.clone()))
                .collect(),
        ),
        one => match unwrap(one) {
            Some(inner) => inner,
            None => return std::borrow::Cow::Borrowed(doc),
        },
    };
    let mut owned = doc.clone();
    owned["@context"] = fixed;
    std::borrow::Cow::Owned(owned)
}

/// How a JSON-LD error reaches Data Integrity: a context that is not bundled is one we
/// could not check (as when `contexts::document_contexts` finds it first), a document
/// beyond the processing limits is too complex to judge, anything else is invalid
/// JSON-LD.
pub(crate) fn di_error(e: JsonLdError) -> DiError {
    match e {
        JsonLdError::LoadingRemoteContextFailed(url) => {
            DiError::Context(ContextError::Unknown(url))
        }
        JsonLdError::LimitExceeded => DiError::TooComplex,
        e => DiError::JsonLd(e.to_string()),
    }
}

pub fn to_quads(doc: &Value) -> Result<Vec<Quad>, DiError> {
    let doc = unwrap_context_documents(doc);
    jsonld::to_quads(&doc, &jsonld::Options::default(), &jsonld::Bundled, true).map_err(di_error)
}
