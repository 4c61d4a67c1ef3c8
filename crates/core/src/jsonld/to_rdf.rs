//! Node Map Generation (JSON-LD 1.1 API §7.2) and Deserialize JSON-LD to RDF (§8.1–8.4),
//! producing the quads RDFC-1.0 canonicalises ([`Quad`], [`T`]).
//!
//! Blank nodes are relabelled `_:b0`, `_:b1`, … in the order node map generation meets
//! them, as the specification does, and the nodes of RDF collections get fresh ones; the
//! labels become the numbers of [`T::Blank`] (RDFC-1.0 relabels them all anyway). The `rdfDirection` option is not supported (its
//! default, null, is: the base direction of a string is not represented in RDF), and
//! neither are generalized RDF datasets (triples with blank-node predicates are left
//! out).
//!
//! Literals are written as N-Quads with the four escapes the `json-ld` crate, jsonld.js
//! and RDFC-1.0 implementations agree on (`"`, `\`, LF and CR). Numbers follow §8.6:
//! integral values below 10^21 are `xsd:integer`, anything else `xsd:double` in the
//! canonical `1.1E1` form; JSON literals (`@json`) are in JCS (RFC 8785) form ([`super::jcs`]).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::context::Env;
use super::error::JsonLdError as E;
use super::expand::{is_list_object, is_value_object};
use super::iri;
use crate::di::rdfc::{Quad, T};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

type Graph = BTreeMap<String, Map<String, Value>>;

enum Subject {
    None,
    Id(String),
    /// The node a reverse property points back to (`{"@id": …}`).
    Reverse(Value),
}

struct NodeMap<'e, 'l> {
    env: &'e Env<'l>,
    graphs: BTreeMap<String, Graph>,
    /// Old blank node identifier → new one.
    blanks: HashMap<String, String>,
    counter: u32,
}

fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        v => vec![v],
    }
}

/// Adds `v` to `node[p]` unless it is there already.
fn add_unique(node: &mut Map<String, Value>, p: &str, v: Value) {
    let slot = node
        .entry(p.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = slot {
        if !a.contains(&v) {
            a.push(v);
        }
    }
}

fn append(node: &mut Map<String, Value>, p: &str, v: Value) {
    let slot = node
        .entry(p.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = slot {
        a.push(v);
    }
}

impl NodeMap<'_, '_> {
    fn fresh(&mut self) -> String {
        let id = format!("_:b{}", self.counter);
        self.counter += 1;
        id
    }

    fn relabel(&mut self, old: &str) -> String {
        if let Some(n) = self.blanks.get(old) {
            return n.clone();
        }
        let n = self.fresh();
        self.blanks.insert(old.to_string(), n.clone());
        n
    }

    fn subject_node(&mut self, graph: &str, subject: &Subject) -> Option<&mut Map<String, Value>> {
        match subject {
            Subject::Id(id) => self.graphs.get_mut(graph)?.get_mut(id),
            _ => None,
        }
    }

    /// §7.2.2.
    fn generate(
        &mut self,
        element: Value,
        graph: &str,
        subject: &Subject,
        property: Option<&str>,
        mut list: Option<&mut Vec<Value>>,
    ) -> Result<(), E> {
        let env = self.env;
        let _depth = env.enter()?;
        env.charge(1)?;
        let mut el = match element {
            Value::Array(items) => {
                for item in items {
                    self.generate(item, graph, subject, property, list.as_deref_mut())?;
                }
                return Ok(());
            }
            Value::Object(m) => m,
            _ => return Ok(()),
        };
        self.graphs.entry(graph.to_string()).or_default();
        // Step 3 (a value object's @type is a datatype IRI, not a node).
        if !el.contains_key("@value") {
            if let Some(t) = el.remove("@type") {
                let mut types = Vec::new();
                for item in as_array(t) {
                    match item {
                        Value::String(s) if iri::is_blank(&s) => {
                            types.push(Value::String(self.relabel(&s)))
                        }
                        other => types.push(other),
                    }
                }
                el.insert("@type".into(), Value::Array(types));
            }
        }
        if el.contains_key("@value") {
            let v = Value::Object(el);
            match list {
                Some(l) => l.push(v),
                None => {
                    if let (Some(p), Some(node)) = (property, self.subject_node(graph, subject)) {
                        add_unique(node, p, v);
                    }
                }
            }
            return Ok(());
        }
        if let Some(items) = el.remove("@list") {
            let mut inner = Vec::new();
            self.generate(items, graph, subject, property, Some(&mut inner))?;
            let mut r = Map::new();
            r.insert("@list".into(), Value::Array(inner));
            let r = Value::Object(r);
            match list {
                Some(l) => l.push(r),
                None => {
                    if let (Some(p), Some(node)) = (property, self.subject_node(graph, subject)) {
                        append(node, p, r);
                    }
                }
            }
            return Ok(());
        }
        let id = match el.remove("@id") {
            Some(Value::String(s)) if iri::is_blank(&s) => self.relabel(&s),
            Some(Value::String(s)) => s,
            // An `@id` that expanded to null (a string of keyword form): the node cannot
            // be named, and jsonld.js leaves it out.
            Some(_) => return Ok(()),
            None => self.fresh(),
        };
        {
            let g = self.graphs.entry(graph.to_string()).or_default();
            g.entry(id.clone()).or_insert_with(|| {
                let mut m = Map::new();
                m.insert("@id".into(), Value::String(id.clone()));
                m
            });
        }
        match subject {
            Subject::Reverse(referenced) => {
                if let (Some(p), Some(node)) = (
                    property,
                    self.graphs.get_mut(graph).and_then(|g| g.get_mut(&id)),
                ) {
                    add_unique(node, p, referenced.clone());
                }
            }
            _ => {
                if let Some(p) = property {
                    let mut r = Map::new();
                    r.insert("@id".into(), Value::String(id.clone()));
                    let r = Value::Object(r);
                    match list {
                        Some(l) => l.push(r),
                        None => {
                            if let Some(node) = self.subject_node(graph, subject) {
                                add_unique(node, p, r);
                            }
                        }
                    }
                }
            }
        }
        if let Some(types) = el.remove("@type") {
            if let Some(node) = self.graphs.get_mut(graph).and_then(|g| g.get_mut(&id)) {
                for t in as_array(types) {
                    add_unique(node, "@type", t);
                }
            }
        }
        if let Some(index) = el.remove("@index") {
            if let Some(node) = self.graphs.get_mut(graph).and_then(|g| g.get_mut(&id)) {
                match node.get("@index") {
                    Some(existing) if *existing != index => return Err(E::ConflictingIndexes),
                    _ => {
                        node.insert("@index".into(), index);
                    }
                }
            }
        }
        if let Some(Value::Object(reverse)) = el.remove("@reverse") {
            let mut referenced = Map::new();
            referenced.insert("@id".into(), Value::String(id.clone()));
            let referenced = Subject::Reverse(Value::Object(referenced));
            for (p, values) in reverse {
                for v in as_array(values) {
                    self.generate(v, graph, &referenced, Some(&p), None)?;
                }
            }
        }
        if let Some(g) = el.remove("@graph") {
            self.generate(g, &id, &Subject::None, None, None)?;
        }
        if let Some(included) = el.remove("@included") {
            self.generate(included, graph, &Subject::None, None, None)?;
        }
        let me = Subject::Id(id.clone());
        for (p, v) in el {
            let p = if iri::is_blank(&p) {
                self.relabel(&p)
            } else {
                p
            };
            if let Some(node) = self.graphs.get_mut(graph).and_then(|g| g.get_mut(&id)) {
                node.entry(p.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
            }
            self.generate(v, graph, &me, Some(&p), None)?;
        }
        Ok(())
    }
}

/// Turns blank node labels into the numbers of [`T::Blank`].
struct Terms {
    blanks: HashMap<String, u32>,
    iris: HashMap<String, Rc<str>>,
}

impl Terms {
    fn node(&mut self, id: &str) -> Option<T> {
        if iri::is_blank(id) {
            let n = self.blanks.len() as u32;
            Some(T::Blank(*self.blanks.entry(id.to_string()).or_insert(n)))
        } else if iri::is_well_formed(id) {
            Some(T::Iri(self.iri(id)))
        } else {
            None
        }
    }

    fn iri(&mut self, i: &str) -> Rc<str> {
        if let Some(r) = self.iris.get(i) {
            return r.clone();
        }
        let r: Rc<str> = Rc::from(i);
        self.iris.insert(i.to_string(), r.clone());
        r
    }
}

/// BCP 47 well-formedness as jsonld.js checks it: `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
pub fn well_formed_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An N-Quads literal.
pub fn literal(value: &str, datatype: Option<&str>, language: Option<&str>) -> String {
    let mut out = String::with_capacity(value.len() + 48);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    if let Some(l) = language {
        out.push('@');
        out.push_str(l);
    } else if let Some(dt) = datatype {
        if dt != "http://www.w3.org/2001/XMLSchema#string" {
            out.push_str("^^<");
            out.push_str(dt);
            out.push('>');
        }
    }
    out
}

/// The canonical `xsd:double` form (`1.1E1`, `-5.0E-1`), as JSON-LD 1.1 §8.6 and
/// jsonld.js write it.
pub fn canonical_double(d: f64) -> String {
    let s = format!("{d:.15e}");
    let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
    let mantissa = match mantissa.split_once('.') {
        Some((int, frac)) => {
            let frac = frac.trim_end_matches('0');
            format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
        }
        None => format!("{mantissa}.0"),
    };
    format!("{mantissa}E{exponent}")
}

struct Deserializer<'e, 'l> {
    env: &'e Env<'l>,
    terms: Terms,
    counter: u32,
    quads: Vec<Quad>,
}

impl Deserializer<'_, '_> {
    fn fresh(&mut self) -> T {
        // Continues the node map's numbering, in labels of its own.
        let label = format!("_:l{}", self.counter);
        self.counter += 1;
        self.terms.node(&label).unwrap_or(T::Blank(u32::MAX))
    }

    /// Object to RDF (§8.2); list triples go straight to the output.
    fn object(&mut self, item: &Value, graph: &Option<T>) -> Result<Option<T>, E> {
        let Some(m) = item.as_object() else {
            return Ok(None);
        };
        if !is_value_object(item) && !is_list_object(item) {
            return Ok(m
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| self.terms.node(id)));
        }
        if let Some(list) = m.get("@list") {
            let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
            return self.list(items, graph).map(Some);
        }
        let value = &m["@value"];
        let datatype = m.get("@type").and_then(Value::as_str);
        if let Some(dt) = datatype {
            if dt != "@json" && !iri::is_well_formed(dt) {
                return Ok(None);
            }
        }
        let language = m.get("@language").and_then(Value::as_str);
        if let Some(l) = language {
            if !well_formed_language(l) {
                return Ok(None);
            }
        }
        let (text, dt): (String, Option<String>) = if datatype == Some("@json") {
            let text = super::jcs::canonical(value).ok_or(E::InvalidJsonLiteral)?;
            (text, Some(format!("{RDF}JSON")))
        } else {
            match value {
                Value::Bool(b) => (
                    b.to_string(),
                    Some(datatype.map_or_else(|| format!("{XSD}boolean"), str::to_string)),
                ),
                Value::Number(n) => {
                    let double_type = datatype == Some("http://www.w3.org/2001/XMLSchema#double");
                    let integral = n.is_i64() || n.is_u64();
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    if !double_type && (integral || (f.fract() == 0.0 && f.abs() < 1e21)) {
                        let text = if integral {
                            n.to_string()
                        } else if f == 0.0 {
                            "0".to_string()
                        } else {
                            format!("{f:.0}")
                        };
                        (
                            text,
                            Some(datatype.map_or_else(|| format!("{XSD}integer"), str::to_string)),
                        )
                    } else {
                        (
                            canonical_double(f),
                            Some(datatype.map_or_else(|| format!("{XSD}double"), str::to_string)),
                        )
                    }
                }
                Value::String(s) => (s.clone(), datatype.map(str::to_string)),
                _ => return Ok(None),
            }
        };
        let lit = if datatype.is_none() && value.is_string() {
            literal(&text, None, language)
        } else {
            literal(&text, dt.as_deref(), None)
        };
        Ok(Some(T::Lit(Rc::from(lit))))
    }

    /// List to RDF (§8.4): the head of the collection.
    fn list(&mut self, items: &[Value], graph: &Option<T>) -> Result<T, E> {
        let env = self.env;
        let _depth = env.enter()?;
        let nil = T::Iri(self.terms.iri(&format!("{RDF}nil")));
        if items.is_empty() {
            return Ok(nil);
        }
        let nodes: Vec<T> = (0..items.len()).map(|_| self.fresh()).collect();
        let first: Rc<str> = self.terms.iri(&format!("{RDF}first"));
        let rest: Rc<str> = self.terms.iri(&format!("{RDF}rest"));
        for (i, item) in items.iter().enumerate() {
            env.charge(1)?;
            let mut pending = Vec::new();
            std::mem::swap(&mut pending, &mut self.quads);
            let object = self.object(item, graph)?;
            std::mem::swap(&mut pending, &mut self.quads);
            if let Some(o) = object {
                self.quads.push(Quad {
                    s: nodes[i].clone(),
                    p: first.clone(),
                    o,
                    g: graph.clone(),
                });
            }
            let next = nodes.get(i + 1).cloned().unwrap_or_else(|| nil.clone());
            self.quads.push(Quad {
                s: nodes[i].clone(),
                p: rest.clone(),
                o: next,
                g: graph.clone(),
            });
            self.quads.extend(pending);
        }
        Ok(nodes[0].clone())
    }
}

/// Deserialize JSON-LD to RDF (§8.1) of an expanded document.
pub fn to_rdf(env: &Env, expanded: Vec<Value>) -> Result<Vec<Quad>, E> {
    let mut map = NodeMap {
        env,
        graphs: BTreeMap::new(),
        blanks: HashMap::new(),
        counter: 0,
    };
    map.graphs.insert("@default".into(), Graph::new());
    map.generate(
        Value::Array(expanded),
        "@default",
        &Subject::None,
        None,
        None,
    )?;
    let mut d = Deserializer {
        env,
        terms: Terms {
            blanks: HashMap::new(),
            iris: HashMap::new(),
        },
        counter: 0,
        quads: Vec::with_capacity(128),
    };
    let rdf_type = d.terms.iri(&format!("{RDF}type"));
    for (name, graph) in std::mem::take(&mut map.graphs) {
        let g = if name == "@default" {
            None
        } else {
            match d.terms.node(&name) {
                Some(t) => Some(t),
                None => continue,
            }
        };
        for (subject, node) in graph {
            let Some(s) = d.terms.node(&subject) else {
                continue;
            };
            for (property, values) in node {
                if property == "@type" {
                    for t in values.as_array().into_iter().flatten() {
                        if let Some(o) = t.as_str().and_then(|t| d.terms.node(t)) {
                            d.quads.push(Quad {
                                s: s.clone(),
                                p: rdf_type.clone(),
                                o,
                                g: g.clone(),
                            });
                        }
                    }
                    continue;
                }
                if iri::is_keyword(&property)
                    || iri::is_blank(&property)
                    || !iri::is_well_formed(&property)
                {
                    continue;
                }
                let p = d.terms.iri(&property);
                for item in values.as_array().into_iter().flatten() {
                    env.charge(1)?;
                    let mut pending = Vec::new();
                    std::mem::swap(&mut pending, &mut d.quads);
                    let object = d.object(item, &g)?;
                    std::mem::swap(&mut pending, &mut d.quads);
                    if let Some(o) = object {
                        d.quads.push(Quad {
                            s: s.clone(),
                            p: p.clone(),
                            o,
                            g: g.clone(),
                        });
                    }
                    d.quads.extend(pending);
                }
            }
        }
    }
    Ok(d.quads)
}
