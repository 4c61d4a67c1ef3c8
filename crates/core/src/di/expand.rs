//! JSON-LD → RDF quads for the subset of JSON-LD that VC 2.0 and Open Badges 3.0
//! credentials use, fast.
//!
//! Why this exists: full expansion builds an expanded document and a node map before the
//! first quad, and processes contexts again for every document; that costs a good part of
//! a millisecond per credential, and the issuer must sign thousands per second. This
//! walker keeps the JSON-LD *semantics* in [`crate::jsonld`]: contexts — including type-
//! and property-scoped ones — are processed by its context processing once per distinct
//! state and memoised per thread (keyed by the `@context` JSON text, and by (active
//! context, scoped context) pairs), and IRIs are expanded by its IRI expansion. What is
//! hand-written is only the walk that turns node objects into quads.
//!
//! Anything outside the subset (value objects, `@graph`, index or id maps, reverse
//! properties, non-integer numbers, uncommon language tags…) returns [`Fallback`], and
//! the caller takes the general path (full expansion and toRdf). Output is checked byte
//! for byte against the general path, the `json-ld` crate and `ssi` by the differential
//! tests in `tests/di_fast.rs` and `tests/jsonld_differential.rs`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::rdfc::{Quad, T};
use crate::jsonld::context::{container, Env, Flags};
use crate::jsonld::iri;

/// A processed ("active") JSON-LD context.
pub type ActiveContext = crate::jsonld::context::Context;

/// The document uses JSON-LD the fast path does not handle; use the general one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback(pub &'static str);

type R<T> = Result<T, Fallback>;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// A processing environment for one context: bundled contexts only, a fresh work budget.
fn env() -> Env<'static> {
    Env::new(&crate::jsonld::Bundled, true)
}

/// One thread's memo of processed contexts.
pub struct Expander {
    /// `@context` value (as JSON text) → processed context.
    top: RefCell<HashMap<String, Rc<ActiveContext>>>,
    /// (active context, scoped context, kind) → processed context. The pointers stay
    /// valid because every context used as a key is kept alive in `keep`.
    scoped: RefCell<HashMap<(usize, usize, u8), Rc<ActiveContext>>>,
    reverts: RefCell<HashMap<usize, Rc<ActiveContext>>>,
    keep: RefCell<Vec<Rc<ActiveContext>>>,
    /// (context) → key → expansion: the same few dozen keys recur in every credential.
    keys: RefCell<FxMap<usize, FxMap<String, Key>>>,
    rdf_type: Rc<str>,
    rdf_first: Rc<str>,
    rdf_rest: Rc<str>,
    rdf_nil: Rc<str>,
}

/// FxHash (rustc's hasher) for the memo tables: their keys are a few dozen term names
/// and context addresses, for which SipHash's protection against chosen keys buys
/// nothing and costs a noticeable share of the walk.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// What a key of a node object expands to, remembered per context.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Id,
    Type,
    /// Another keyword (`@value`, `@list`, …): outside the fast path.
    Keyword,
    Iri(Rc<str>),
    /// A blank node or invalid IRI: outside the fast path.
    Other,
    /// No definition (an undefined term).
    Undefined,
}

struct Walk<'a> {
    quads: Vec<Quad>,
    next_blank: u32,
    named_blanks: HashMap<&'a str, u32>,
}

const PROPERTY_SCOPED: u8 = 0;
const TYPE_SCOPED: u8 = 1;

impl Default for Expander {
    fn default() -> Self {
        Self::new()
    }
}

impl Expander {
    pub fn new() -> Self {
        Expander {
            top: RefCell::new(HashMap::new()),
            scoped: RefCell::new(HashMap::new()),
            reverts: RefCell::new(HashMap::new()),
            keep: RefCell::new(Vec::new()),
            keys: RefCell::new(FxMap::default()),
            rdf_type: Rc::from(RDF_TYPE),
            rdf_first: Rc::from(RDF_FIRST),
            rdf_rest: Rc::from(RDF_REST),
            rdf_nil: Rc::from(RDF_NIL),
        }
    }

    /// A node object's key, expanded as a vocabulary IRI in `ctx` (memoised; `ctx` is
    /// kept alive by the memo tables, so its address identifies it).
    fn key(&self, ctx: &Rc<ActiveContext>, k: &str) -> R<Key> {
        let addr = Rc::as_ptr(ctx) as usize;
        if let Some(hit) = self.keys.borrow().get(&addr).and_then(|m| m.get(k)) {
            return Ok(hit.clone());
        }
        let key = match ctx.expand_iri(k, false, true) {
            None => Key::Undefined,
            Some(e) if e == "@id" => Key::Id,
            Some(e) if e == "@type" => Key::Type,
            Some(e) if iri::is_keyword(&e) => Key::Keyword,
            Some(e) if iri::is_well_formed(&e) => Key::Iri(Rc::from(e)),
            Some(e) if e.contains(':') => Key::Other,
            Some(_) => Key::Undefined,
        };
        self.keep.borrow_mut().push(ctx.clone());
        self.keys
            .borrow_mut()
            .entry(addr)
            .or_default()
            .insert(k.to_string(), key.clone());
        Ok(key)
    }

    /// Processes a top-level `@context` value once.
    fn top_context(&self, ctx: &Value) -> R<Rc<ActiveContext>> {
        let key = ctx.to_string();
        if let Some(c) = self.top.borrow().get(&key) {
            return Ok(c.clone());
        }
        let processed = ActiveContext::new(None)
            .process(&env(), ctx, None, Flags::EMBEDDED)
            .map_err(|_| Fallback("context processing failed"))?;
        let rc = Rc::new(processed);
        self.top.borrow_mut().insert(key, rc.clone());
        Ok(rc)
    }

    fn scoped(
        &self,
        active: &Rc<ActiveContext>,
        scoped: &Value,
        base_url: Option<&str>,
        kind: u8,
    ) -> R<Rc<ActiveContext>> {
        let key = (
            Rc::as_ptr(active) as usize,
            scoped as *const _ as usize,
            kind,
        );
        if let Some(c) = self.scoped.borrow().get(&key) {
            return Ok(c.clone());
        }
        let flags = if kind == PROPERTY_SCOPED {
            Flags::PROPERTY
        } else {
            Flags::TYPE
        };
        let processed = active
            .process(&env(), scoped, base_url, flags)
            .map_err(|_| Fallback("scoped context processing failed"))?;
        let rc = Rc::new(processed);
        self.scoped.borrow_mut().insert(key, rc.clone());
        self.keep.borrow_mut().push(active.clone());
        Ok(rc)
    }

    /// The context before a non-propagated (type-scoped) one.
    fn revert(&self, active: &Rc<ActiveContext>) -> Option<Rc<ActiveContext>> {
        let prev = active.previous.as_deref()?;
        let key = Rc::as_ptr(active) as usize;
        if let Some(c) = self.reverts.borrow().get(&key) {
            return Some(c.clone());
        }
        let rc = Rc::new(prev.clone());
        self.reverts.borrow_mut().insert(key, rc.clone());
        self.keep.borrow_mut().push(active.clone());
        Some(rc)
    }

    fn id_term<'a>(&self, ctx: &ActiveContext, s: &'a str, vocab: bool, w: &mut Walk<'a>) -> R<T> {
        match ctx.expand_iri(s, true, vocab) {
            Some(i) if iri::is_blank(&i) => {
                let n = w.next_blank;
                let id = *w.named_blanks.entry(s).or_insert(n);
                if id == n {
                    w.next_blank += 1;
                }
                Ok(T::Blank(id))
            }
            Some(i) if iri::is_well_formed(&i) && !iri::is_keyword(&i) => Ok(T::Iri(Rc::from(i))),
            _ => Err(Fallback("invalid or relative IRI")),
        }
    }

    /// Quads of a document without its proof (its `@context` is read from the document
    /// itself; a top-level `proof` is skipped, as Data Integrity hashes the document
    /// without it — skipping saves copying the document).
    pub fn to_quads(&self, doc: &Value) -> R<Vec<Quad>> {
        let obj = doc.as_object().ok_or(Fallback("not an object"))?;
        let top = obj.get("@context").ok_or(Fallback("no @context"))?;
        // Context objects come from the document: memoising them would let documents
        // grow the memo without bound. They take the general path.
        if !top
            .as_array()
            .map_or(top.is_string(), |a| a.iter().all(Value::is_string))
        {
            return Err(Fallback("context object"));
        }
        let ctx = self.top_context(top)?;
        let mut w = Walk {
            quads: Vec::with_capacity(128),
            next_blank: 0,
            named_blanks: HashMap::new(),
        };
        self.node(&ctx, None, obj, true, &mut w)?;
        Ok(w.quads)
    }

    /// Expands one node object, emitting its quads; returns its subject.
    fn node<'a>(
        &self,
        ctx: &Rc<ActiveContext>,
        property_scoped: Option<(&Value, Option<&str>)>,
        obj: &'a Map<String, Value>,
        top: bool,
        w: &mut Walk<'a>,
    ) -> R<T> {
        // Classify the keys with the incoming context, as expansion does.
        let mut has_id = false;
        for k in obj.keys() {
            if top && (k == "@context" || k == "proof") {
                continue;
            }
            match self.key(ctx, k)? {
                Key::Id => has_id = true,
                Key::Type => {}
                Key::Keyword => return Err(Fallback("keyword entry")),
                _ => {}
            }
        }
        let mut active = ctx.clone();
        if !(obj.len() == 1 && has_id) {
            if let Some(prev) = self.revert(&active) {
                active = prev;
            }
        }
        if let Some((scoped, base)) = property_scoped {
            active = self.scoped(&active, scoped, base, PROPERTY_SCOPED)?;
        }
        // Type-scoped contexts apply in lexicographic order of the types.
        let type_ctx = active.clone();
        let mut types: Vec<&'a str> = Vec::new();
        for (k, v) in obj {
            if top && (k == "@context" || k == "proof") {
                continue;
            }
            if self.key(&type_ctx, k)? == Key::Type {
                match v {
                    Value::String(s) => types.push(s),
                    Value::Array(a) => {
                        for t in a {
                            types.push(t.as_str().ok_or(Fallback("non-string @type"))?);
                        }
                    }
                    _ => return Err(Fallback("bad @type")),
                }
            }
        }
        let mut sorted = types.clone();
        sorted.sort_unstable();
        for t in &sorted {
            if let Some(def) = type_ctx.get(t) {
                if let Some(c) = def.context.as_deref() {
                    active = self.scoped(&active, c, def.base_url.as_deref(), TYPE_SCOPED)?;
                }
            }
        }
        let mut subject = None;
        for (k, v) in obj {
            if top && (k == "@context" || k == "proof") {
                continue;
            }
            if self.key(&active, k)? == Key::Id {
                let s = v.as_str().ok_or(Fallback("non-string @id"))?;
                subject = Some(self.id_term(&active, s, false, w)?);
            }
        }
        let subject = match subject {
            Some(s) => s,
            None => {
                w.next_blank += 1;
                T::Blank(w.next_blank - 1)
            }
        };
        for t in types {
            let o = self.id_term(&type_ctx, t, true, w)?;
            w.quads.push(Quad {
                s: subject.clone(),
                p: self.rdf_type.clone(),
                o,
                g: None,
            });
        }
        if active.language.is_some() || active.direction.is_some() {
            return Err(Fallback("default language or direction"));
        }
        for (key, value) in obj {
            if top && (key == "@context" || key == "proof") {
                continue;
            }
            let p = match self.key(&active, key)? {
                Key::Id | Key::Type => continue,
                Key::Iri(iri) => iri,
                Key::Keyword | Key::Other => return Err(Fallback("blank or invalid predicate")),
                // Undefined terms: the general path reports them as errors.
                Key::Undefined => return Err(Fallback("undefined term")),
            };
            let def = active.get(key.as_str());
            let mut language_map = false;
            let mut list = false;
            if let Some(d) = def {
                let c = d.container;
                language_map = c == container::LANGUAGE;
                list = c == container::LIST;
                if d.reverse
                    || !(c == 0 || c == container::SET || language_map || list)
                    || d.language.is_some()
                    || d.direction.is_some()
                    || d.nest.is_some()
                {
                    return Err(Fallback("unsupported term definition"));
                }
            }
            let typ = def.and_then(|d| d.typ.as_deref());
            let prop_ctx =
                def.and_then(|d| d.context.as_deref().map(|c| (c, d.base_url.as_deref())));
            if language_map {
                if prop_ctx.is_some() || typ.is_some() {
                    return Err(Fallback("language map with a type or scoped context"));
                }
                self.language_map(&active, &subject, &p, value, w)?;
                continue;
            }
            let items: &[Value] = match value {
                Value::Array(a) => a,
                v => std::slice::from_ref(v),
            };
            // Scalars expand in the property-scoped context.
            let scalar_ctx = match prop_ctx {
                Some((c, b)) if items.iter().any(|v| !v.is_object()) => {
                    let t = self.scoped(&active, c, b, PROPERTY_SCOPED)?;
                    if t.language.is_some() || t.direction.is_some() {
                        return Err(Fallback("default language or direction (property-scoped)"));
                    }
                    let same = match (t.get(key.as_str()), def) {
                        (Some(a), Some(b)) => {
                            a.typ == b.typ && a.language == b.language && a.direction == b.direction
                        }
                        _ => false,
                    };
                    if !same {
                        return Err(Fallback("property-scoped context redefines the property"));
                    }
                    Some(t)
                }
                _ => None,
            };
            // An @list becomes an RDF collection: a chain of blank nodes with rdf:first and
            // rdf:rest, ending in rdf:nil; null items are dropped, as in expansion.
            let mut chain: Option<T> = None;
            if list {
                if items.iter().any(Value::is_array) {
                    return Err(Fallback("list of lists"));
                }
                let present: Vec<&Value> = items.iter().filter(|v| !v.is_null()).collect();
                if present.is_empty() {
                    w.quads.push(Quad {
                        s: subject.clone(),
                        p: p.clone(),
                        o: T::Iri(self.rdf_nil.clone()),
                        g: None,
                    });
                    continue;
                }
            }
            for v in items {
                let o = match v {
                    Value::Null => continue,
                    Value::Object(child) => {
                        if typ == Some("@json") {
                            return Err(Fallback("@json"));
                        }
                        self.node(&active, prop_ctx, child, false, w)?
                    }
                    Value::String(s) => match typ {
                        Some(t @ ("@id" | "@vocab")) => {
                            let term_ctx = scalar_ctx.clone().unwrap_or_else(|| active.clone());
                            self.id_term(&term_ctx, s, t == "@vocab", w)?
                        }
                        Some("@json" | "@none") => return Err(Fallback("@json or @none string")),
                        Some(dt) => T::Lit(literal(s, Some(dt), None)?),
                        None => T::Lit(literal(s, None, None)?),
                    },
                    Value::Number(n) => {
                        let text = n.to_string();
                        let integer = !text.is_empty()
                            && text != "-"
                            && text
                                .bytes()
                                .enumerate()
                                .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'));
                        if !integer {
                            return Err(Fallback("non-integer number"));
                        }
                        match typ {
                            None => T::Lit(literal(&text, Some(XSD_INTEGER), None)?),
                            // An xsd:double-typed number is written in its canonical
                            // double form: the general path does that.
                            Some(dt) if !dt.starts_with('@') && dt != XSD_DOUBLE => {
                                T::Lit(literal(&text, Some(dt), None)?)
                            }
                            _ => return Err(Fallback("number with a keyword or double type")),
                        }
                    }
                    // A coerced datatype is kept (JSON-LD 1.1 Value Expansion step 6;
                    // Object to RDF sets xsd:boolean only when there is none), as
                    // jsonld.js and the general path do: Open Badges types `hashed` as
                    // `https://www.w3.org/2001/XMLSchema#boolean`. (The `json-ld` crate
                    // drops it; the differential tests record that difference.)
                    Value::Bool(b) => match typ {
                        None => T::Lit(literal(
                            if *b { "true" } else { "false" },
                            Some(XSD_BOOLEAN),
                            None,
                        )?),
                        Some(dt) if !dt.starts_with('@') => {
                            T::Lit(literal(if *b { "true" } else { "false" }, Some(dt), None)?)
                        }
                        _ => return Err(Fallback("boolean with @id, @vocab or @json type")),
                    },
                    Value::Array(_) => return Err(Fallback("nested array")),
                };
                if list {
                    let cell = T::Blank(w.next_blank);
                    w.next_blank += 1;
                    let (from, via) = match chain.take() {
                        Some(prev) => (prev, self.rdf_rest.clone()),
                        None => (subject.clone(), p.clone()),
                    };
                    w.quads.push(Quad {
                        s: from,
                        p: via,
                        o: cell.clone(),
                        g: None,
                    });
                    w.quads.push(Quad {
                        s: cell.clone(),
                        p: self.rdf_first.clone(),
                        o,
                        g: None,
                    });
                    chain = Some(cell);
                } else {
                    w.quads.push(Quad {
                        s: subject.clone(),
                        p: p.clone(),
                        o,
                        g: None,
                    });
                }
            }
            if let Some(last) = chain {
                w.quads.push(Quad {
                    s: last,
                    p: self.rdf_rest.clone(),
                    o: T::Iri(self.rdf_nil.clone()),
                    g: None,
                });
            }
        }
        Ok(subject)
    }

    /// A language map: `{"fi": "…", "en": ["…", "…"]}` → language-tagged literals.
    fn language_map(
        &self,
        active: &Rc<ActiveContext>,
        subject: &T,
        p: &Rc<str>,
        value: &Value,
        w: &mut Walk<'_>,
    ) -> R<()> {
        let map = match value {
            Value::Object(m) => m,
            Value::Null => return Ok(()),
            _ => return Err(Fallback("language map is not an object")),
        };
        for (tag, items) in map {
            if !matches!(
                self.key(active, tag)?,
                Key::Iri(_) | Key::Undefined | Key::Other
            ) {
                return Err(Fallback("@none or a keyword in a language map"));
            }
            // Only plain lower-case tags: how processors treat other forms differs.
            if !plain_language_tag(tag) {
                return Err(Fallback("unusual language tag"));
            }
            let items: &[Value] = match items {
                Value::Array(a) => a,
                v => std::slice::from_ref(v),
            };
            for item in items {
                match item {
                    Value::Null => {}
                    Value::String(s) => w.quads.push(Quad {
                        s: subject.clone(),
                        p: p.clone(),
                        o: T::Lit(literal(s, None, Some(tag))?),
                        g: None,
                    }),
                    _ => return Err(Fallback("language map value is not a string")),
                }
            }
        }
        Ok(())
    }
}

fn plain_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.all(|p| {
            (1..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// An N-Quads literal as `rdf-types` 0.22 writes it (escaping only `"`, `\`, LF, CR).
/// Other control characters make implementations disagree, so they fall back.
fn literal(s: &str, datatype: Option<&str>, lang: Option<&str>) -> R<Rc<str>> {
    let mut out = String::with_capacity(s.len() + 48);
    out.push('"');
    let plain = s
        .bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f && b != 0xc2);
    if plain {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => return Err(Fallback("control character in a literal")),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    if let Some(l) = lang {
        out.push('@');
        out.push_str(l);
    } else if let Some(dt) = datatype {
        if dt != XSD_STRING {
            out.push_str("^^<");
            out.push_str(dt);
            out.push('>');
        }
    }
    Ok(Rc::from(out))
}

thread_local! {
    static EXPANDER: RefCell<Option<Expander>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's expander (made on first use from the bundled contexts).
pub fn with_expander<X>(f: impl FnOnce(&Expander) -> X) -> Result<X, Fallback> {
    EXPANDER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(Expander::new());
        }
        match slot.as_ref() {
            Some(e) => Ok(f(e)),
            None => Err(Fallback("no expander")),
        }
    })
}
