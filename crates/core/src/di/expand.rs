//! JSON-LD → RDF quads for the subset of JSON-LD that VC 2.0 and Open Badges 3.0
//! credentials use, fast.
//!
//! Why this exists: `ssi` processes every JSON-LD context again on each call and copies
//! the active context into every nested object, which costs about a millisecond per
//! credential; the issuer must sign thousands per second. This walker keeps the JSON-LD
//! *semantics* in the `json-ld` crate (the same one `ssi` uses): contexts — including
//! type- and property-scoped ones — are processed by `json-ld` once per distinct state and
//! memoised per thread, and IRIs are expanded by `json-ld`'s own algorithm. What is
//! hand-written is only the walk that turns node objects into quads.
//!
//! Anything outside the subset (value objects, `@list`, `@graph`, index or id maps,
//! reverse properties, non-integer numbers, uncommon language tags…) returns
//! [`Fallback`], and the caller uses `ssi`. Output is checked byte for byte against `ssi`
//! by the differential tests in `tests/di_fast.rs`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use iref::IriBuf;
use json_ld::context_processing::Options as ProcessingOptions;
use json_ld::syntax::{context::Context as SyntaxContext, Keyword, Nullable, TryFromJson};
use json_ld::{Id, Process, Term};
use rdf_types::BlankIdBuf;
use serde_json::{Map, Value};

use super::rdfc::{Quad, T};

/// A processed ("active") JSON-LD context.
pub type ActiveContext = json_ld::Context<IriBuf, BlankIdBuf>;

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

fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, Fallback> {
    super::run_ready(f).ok_or(Fallback("JSON-LD processing did not complete"))
}

/// One thread's memo of processed contexts.
pub struct Expander {
    loader: &'static crate::contexts::Loader,
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

impl Expander {
    pub fn new(loader: &'static crate::contexts::Loader) -> Self {
        Expander {
            loader,
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
        let key = match self.expand_iri(ctx, k, false, true)? {
            Some(Term::Keyword(Keyword::Id)) => Key::Id,
            Some(Term::Keyword(Keyword::Type)) => Key::Type,
            Some(Term::Keyword(_)) => Key::Keyword,
            Some(Term::Id(Id::Valid(rdf_types::Id::Iri(iri)))) => Key::Iri(Rc::from(iri.as_str())),
            Some(Term::Id(_)) => Key::Other,
            _ => Key::Undefined,
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
        use json_syntax::Parse;
        let syntax = json_syntax::Value::parse_str(&key)
            .map_err(|_| Fallback("@context is not JSON"))?
            .0;
        let local =
            SyntaxContext::try_from_json(syntax).map_err(|_| Fallback("invalid @context"))?;
        let processed = block_on(local.process_full(
            &mut (),
            &ActiveContext::default(),
            self.loader,
            None,
            ProcessingOptions::default(),
            (),
        ))?
        .map_err(|_| Fallback("context processing failed"))?
        .into_processed();
        let rc = Rc::new(processed);
        self.top.borrow_mut().insert(key, rc.clone());
        Ok(rc)
    }

    fn scoped(
        &self,
        active: &Rc<ActiveContext>,
        scoped: &SyntaxContext,
        base_url: Option<&IriBuf>,
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
        let base = ProcessingOptions::default();
        let options = if kind == PROPERTY_SCOPED {
            base.with_override()
        } else {
            base.without_propagation()
        };
        let processed = block_on(scoped.process_full(
            &mut (),
            active,
            self.loader,
            base_url.cloned(),
            options,
            (),
        ))?
        .map_err(|_| Fallback("scoped context processing failed"))?
        .into_processed();
        let rc = Rc::new(processed);
        self.scoped.borrow_mut().insert(key, rc.clone());
        self.keep.borrow_mut().push(active.clone());
        Ok(rc)
    }

    /// The context before a non-propagated (type-scoped) one.
    fn revert(&self, active: &Rc<ActiveContext>) -> Option<Rc<ActiveContext>> {
        let prev = active.previous_context()?;
        let key = Rc::as_ptr(active) as usize;
        if let Some(c) = self.reverts.borrow().get(&key) {
            return Some(c.clone());
        }
        let rc = Rc::new(prev.clone());
        self.reverts.borrow_mut().insert(key, rc.clone());
        self.keep.borrow_mut().push(active.clone());
        Some(rc)
    }

    fn expand_iri(
        &self,
        ctx: &ActiveContext,
        value: &str,
        document_relative: bool,
        vocab: bool,
    ) -> R<Option<Term<IriBuf, BlankIdBuf>>> {
        let mut env = json_ld::Environment {
            vocabulary: &mut (),
            loader: self.loader,
            warnings: &mut (),
        };
        json_ld::context_processing::algorithm::expand_iri_simple::<
            json_ld::context_processing::algorithm::MalformedIri,
            (),
            _,
            (),
        >(
            &mut env,
            ctx,
            Nullable::Some(value.into()),
            document_relative,
            if vocab {
                Some(json_ld::expansion::Action::Keep)
            } else {
                None
            },
        )
        .map_err(|_| Fallback("IRI expansion rejected"))
    }

    fn id_term<'a>(&self, ctx: &ActiveContext, s: &'a str, vocab: bool, w: &mut Walk<'a>) -> R<T> {
        match self.expand_iri(ctx, s, true, vocab)? {
            Some(Term::Id(Id::Valid(rdf_types::Id::Iri(iri)))) => {
                Ok(T::Iri(Rc::from(iri.as_str())))
            }
            Some(Term::Id(Id::Valid(rdf_types::Id::Blank(_)))) => {
                let n = w.next_blank;
                let id = *w.named_blanks.entry(s).or_insert(n);
                if id == n {
                    w.next_blank += 1;
                }
                Ok(T::Blank(id))
            }
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
        property_scoped: Option<(&SyntaxContext, Option<&IriBuf>)>,
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
            if let Some(def) = type_ctx.get_normal(*t) {
                if let Some(c) = def.context.as_deref() {
                    active = self.scoped(&active, c, def.base_url.as_ref(), TYPE_SCOPED)?;
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
        if active.default_language().is_some() || active.default_base_direction().is_some() {
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
            let def = active.get_normal(key.as_str());
            let mut language_map = false;
            let mut list = false;
            if let Some(d) = def {
                let c = d.container.as_slice();
                language_map = c == [json_ld::ContainerKind::Language];
                list = c == [json_ld::ContainerKind::List];
                if d.reverse_property
                    || !(c.is_empty() || c == [json_ld::ContainerKind::Set] || language_map || list)
                    || d.language.is_some()
                    || d.direction.is_some()
                    || d.nest.is_some()
                {
                    return Err(Fallback("unsupported term definition"));
                }
            }
            let typ = def.and_then(|d| d.typ.as_ref());
            let prop_ctx = def.and_then(|d| d.context.as_deref().map(|c| (c, d.base_url.as_ref())));
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
                    if t.default_language().is_some() || t.default_base_direction().is_some() {
                        return Err(Fallback("default language or direction (property-scoped)"));
                    }
                    let same = match (t.get_normal(key.as_str()), def) {
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
                        if matches!(typ, Some(json_ld::Type::Json)) {
                            return Err(Fallback("@json"));
                        }
                        self.node(&active, prop_ctx, child, false, w)?
                    }
                    Value::String(s) => match typ {
                        Some(json_ld::Type::Id) | Some(json_ld::Type::Vocab) => {
                            let term_ctx = scalar_ctx.clone().unwrap_or_else(|| active.clone());
                            self.id_term(
                                &term_ctx,
                                s,
                                matches!(typ, Some(json_ld::Type::Vocab)),
                                w,
                            )?
                        }
                        Some(json_ld::Type::Iri(dt)) => {
                            T::Lit(literal(s, Some(dt.as_str()), None)?)
                        }
                        None => T::Lit(literal(s, None, None)?),
                        _ => return Err(Fallback("@json or @none string")),
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
                            Some(json_ld::Type::Iri(dt)) => {
                                T::Lit(literal(&text, Some(dt.as_str()), None)?)
                            }
                            _ => return Err(Fallback("number with @id or @vocab type")),
                        }
                    }
                    // A coerced datatype is kept (JSON-LD 1.1 Value Expansion step 6;
                    // Object to RDF sets xsd:boolean only when there is none), as
                    // jsonld.js does: Open Badges types `hashed` as
                    // `https://www.w3.org/2001/XMLSchema#boolean`. json-ld 0.21, and so
                    // the general path, still drops it: a presentation holding a typed
                    // boolean canonicalises there differently from jsonld.js (a known
                    // gap, see docs/conformance.md).
                    Value::Bool(b) => match typ {
                        None => T::Lit(literal(
                            if *b { "true" } else { "false" },
                            Some(XSD_BOOLEAN),
                            None,
                        )?),
                        Some(json_ld::Type::Iri(dt)) => T::Lit(literal(
                            if *b { "true" } else { "false" },
                            Some(dt.as_str()),
                            None,
                        )?),
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
            let loader = crate::contexts::loader().map_err(|_| Fallback("contexts unavailable"))?;
            *slot = Some(Expander::new(loader));
        }
        match slot.as_ref() {
            Some(e) => Ok(f(e)),
            None => Err(Fallback("no expander")),
        }
    })
}
