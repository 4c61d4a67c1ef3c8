//! The general path from JSON-LD to quads: full JSON-LD 1.1 expansion and RDF conversion
//! by the `json-ld` crate (the one `ssi` uses), for documents the fast walker does not
//! cover, such as presentations with embedded credentials (named graphs).

use std::collections::HashMap;

use json_ld::expansion::{Action, Options as ExpansionOptions, Policy};
use json_ld::rdf::RdfQuads;
use json_ld::Expand;
use json_syntax::Parse;
use rdf_types::{Id, Term};
use serde_json::Value;

use super::rdfc::{Quad, T};
use super::DiError;
use crate::contexts;

/// The expansion policy `ssi` uses: invalid input and undefined terms are errors.
fn options() -> ExpansionOptions {
    ExpansionOptions {
        policy: Policy {
            invalid: Action::Reject,
            allow_undefined: false,
            ..Default::default()
        },
        ..Default::default()
    }
}

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

pub fn to_quads(doc: &Value) -> Result<Vec<Quad>, DiError> {
    let loader = contexts::loader()?;
    let doc = unwrap_context_documents(doc);
    let json = json_syntax::Value::parse_str(&doc.to_string())
        .map_err(|e| DiError::Document(e.to_string()))?
        .0;
    let mut expanded = super::run_ready(json.expand_full(
        &mut (),
        json_ld::Context::default(),
        None,
        loader,
        options(),
        (),
    ))
    .ok_or_else(|| DiError::JsonLd("JSON-LD expansion did not complete".into()))?
    .map_err(|e| DiError::JsonLd(e.to_string()))?;
    // Nodes without an identifier are skipped by `rdf_quads` unless labelled first.
    let mut generator = rdf_types::generator::Blank::new();
    expanded.identify_all(&mut generator);
    let mut blanks: HashMap<String, u32> = HashMap::new();
    let id = |s: String, blanks: &mut HashMap<String, u32>| -> T {
        if let Some(label) = s.strip_prefix("_:") {
            let n = blanks.len() as u32;
            T::Blank(*blanks.entry(label.to_string()).or_insert(n))
        } else {
            T::Iri(s.into())
        }
    };
    let mut out = Vec::new();
    for rdf_types::Quad(s, p, o, g) in expanded.rdf_quads(&mut generator, None) {
        let subject = match s.as_ref() {
            Id::Iri(i) => T::Iri(i.as_str().into()),
            Id::Blank(b) => id(b.to_string(), &mut blanks),
        };
        let predicate = match p.as_ref() {
            Id::Iri(i) => i.to_string(),
            Id::Blank(_) => return Err(DiError::JsonLd("blank node predicate".into())),
        };
        let object = match &o {
            Term::Id(Id::Iri(i)) => T::Iri(i.as_str().into()),
            Term::Id(Id::Blank(b)) => id(b.to_string(), &mut blanks),
            Term::Literal(l) => T::Lit(l.to_string().into()),
        };
        let graph = match &g {
            None => None,
            Some(Id::Iri(i)) => Some(T::Iri(i.as_str().into())),
            Some(Id::Blank(b)) => Some(id(b.to_string(), &mut blanks)),
        };
        out.push(Quad {
            s: subject,
            p: predicate.into(),
            o: object,
            g: graph,
        });
    }
    Ok(out)
}
