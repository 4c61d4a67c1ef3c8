//! Context processing (JSON-LD 1.1 API §4.1) and term definitions (§4.2), and IRI
//! expansion (§5.2), which both need.
//!
//! A processed ("active") context is a [`Context`]: term definitions behind `Rc`, so that
//! the copies the algorithms make (every scoped context starts from a copy of the active
//! one) share the definitions instead of rebuilding them. Remote contexts come only from
//! a [`Loader`]; in production that is the bundled, hash-pinned set of
//! `crate::contexts`, so a context is never fetched and an unknown URL is an error.
//!
//! Scoped contexts are validated when their term is defined (§4.2.2 step 22) and applied
//! later by expansion; a scoped context may name remote contexts and define terms with
//! scoped contexts of its own, so processing is charged against a work budget
//! ([`Env`]) besides the remote-context depth limit the specification asks for.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::error::JsonLdError as E;
use super::iri;

/// Remote contexts one chain of processing may pass through (§4.1.2 step 5.2.3).
const MAX_REMOTE_CONTEXTS: usize = 32;
/// Units of work (term definitions, contexts processed, nodes expanded) one document may
/// cost. Processing every bundled context and a large presentation costs a few thousand.
const MAX_WORK: usize = 2_000_000;
/// Nesting of contexts, nodes and lists the algorithms recurse through.
pub const MAX_DEPTH: usize = 256;

/// Where remote contexts come from.
pub trait Loader {
    /// The context *document* at `url` (an object with an `@context` entry).
    fn load(&self, url: &str) -> Result<&Value, E>;
}

/// The bundled, hash-pinned contexts of `crate::contexts`.
pub struct Bundled;

impl Loader for Bundled {
    fn load(&self, url: &str) -> Result<&Value, E> {
        crate::contexts::parsed(url).map_err(|_| E::LoadingRemoteContextFailed(url.to_string()))
    }
}

/// The processing environment: the loader, the strictness policy and the work budget.
pub struct Env<'a> {
    pub loader: &'a dyn Loader,
    /// Refuse properties and types that do not expand to IRIs instead of dropping them
    /// (the policy of `ssi` and of this project's Data Integrity).
    pub strict: bool,
    work: Cell<usize>,
    depth: Cell<usize>,
}

impl<'a> Env<'a> {
    pub fn new(loader: &'a dyn Loader, strict: bool) -> Self {
        Env {
            loader,
            strict,
            work: Cell::new(0),
            depth: Cell::new(0),
        }
    }

    pub(crate) fn charge(&self, n: usize) -> Result<(), E> {
        let w = self.work.get().saturating_add(n);
        self.work.set(w);
        if w > MAX_WORK {
            return Err(E::LimitExceeded);
        }
        Ok(())
    }

    /// Enters one level of recursion; the guard leaves it.
    pub(crate) fn enter(&self) -> Result<Depth<'_>, E> {
        let d = self.depth.get() + 1;
        if d > MAX_DEPTH {
            return Err(E::LimitExceeded);
        }
        self.depth.set(d);
        Ok(Depth(&self.depth))
    }
}

pub(crate) struct Depth<'a>(&'a Cell<usize>);

impl Drop for Depth<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Container mapping flags.
pub mod container {
    pub const GRAPH: u8 = 1;
    pub const ID: u8 = 2;
    pub const INDEX: u8 = 4;
    pub const LANGUAGE: u8 = 8;
    pub const LIST: u8 = 16;
    pub const SET: u8 = 32;
    pub const TYPE: u8 = 64;
}

/// A term definition (§4.1, "term definition").
#[derive(Clone, Debug, Default)]
pub struct TermDef {
    /// The IRI mapping (an IRI, blank node identifier or keyword); `None` for a term
    /// defined as null.
    pub iri: Option<Rc<str>>,
    pub prefix: bool,
    pub protected: bool,
    pub reverse: bool,
    /// The base URL of the context that defined the term (for its scoped context).
    pub base_url: Option<Rc<str>>,
    /// The scoped context, unprocessed.
    pub context: Option<Rc<Value>>,
    /// `container::*` flags.
    pub container: u8,
    /// `Some(None)`: explicitly no direction.
    pub direction: Option<Option<Direction>>,
    pub index: Option<String>,
    /// `Some(None)`: explicitly no language.
    pub language: Option<Option<Rc<str>>>,
    pub nest: Option<String>,
    /// Type mapping: an IRI, or `@id`, `@vocab`, `@json`, `@none`.
    pub typ: Option<Rc<str>>,
}

impl TermDef {
    /// Equal apart from `protected` (§4.2.2 step 28.1).
    fn same_as(&self, o: &TermDef) -> bool {
        self.iri == o.iri
            && self.prefix == o.prefix
            && self.reverse == o.reverse
            && self.context == o.context
            && self.container == o.container
            && self.direction == o.direction
            && self.index == o.index
            && self.language == o.language
            && self.nest == o.nest
            && self.typ == o.typ
    }

    pub fn has(&self, flag: u8) -> bool {
        self.container & flag != 0
    }
}

/// An active context.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub terms: HashMap<Rc<str>, Rc<TermDef>>,
    pub base: Option<Rc<str>>,
    pub original_base: Option<Rc<str>>,
    pub vocab: Option<Rc<str>>,
    pub language: Option<Rc<str>>,
    pub direction: Option<Direction>,
    /// The context to return to when a non-propagated (type-scoped) context ends.
    pub previous: Option<Rc<Context>>,
}

/// How a local context is applied (§4.1.2's flags).
#[derive(Clone, Copy, Debug)]
pub struct Flags {
    pub override_protected: bool,
    pub propagate: bool,
    pub validate_scoped: bool,
}

impl Flags {
    /// An embedded `@context`.
    pub const EMBEDDED: Flags = Flags {
        override_protected: false,
        propagate: true,
        validate_scoped: true,
    };
    /// A property-scoped context.
    pub const PROPERTY: Flags = Flags {
        override_protected: true,
        propagate: true,
        validate_scoped: true,
    };
    /// A type-scoped context.
    pub const TYPE: Flags = Flags {
        override_protected: false,
        propagate: false,
        validate_scoped: true,
    };
}

impl Context {
    /// The initial context for a document at `base`.
    pub fn new(base: Option<&str>) -> Self {
        let base: Option<Rc<str>> = base.map(Rc::from);
        Context {
            original_base: base.clone(),
            base,
            ..Context::default()
        }
    }

    pub fn get(&self, term: &str) -> Option<&TermDef> {
        self.terms.get(term).map(|d| &**d)
    }

    /// IRI expansion (§5.2.2) in a processed context. `None` for null (a term defined
    /// as null, or a string of keyword form that is no keyword).
    pub fn expand_iri(&self, value: &str, document_relative: bool, vocab: bool) -> Option<String> {
        if iri::is_keyword(value) {
            return Some(value.to_string());
        }
        if iri::has_keyword_form(value) {
            return None;
        }
        if let Some(d) = self.terms.get(value) {
            if let Some(i) = &d.iri {
                if iri::is_keyword(i) {
                    return Some(i.to_string());
                }
            }
            if vocab {
                return d.iri.as_ref().map(|i| i.to_string());
            }
        }
        if let Some(colon) = value.get(1..).and_then(|v| v.find(':')).map(|i| i + 1) {
            let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
            if prefix == "_" || suffix.starts_with("//") {
                return Some(value.to_string());
            }
            if let Some(d) = self.terms.get(prefix) {
                if let (Some(i), true) = (&d.iri, d.prefix) {
                    return Some(format!("{i}{suffix}"));
                }
            }
            if iri::is_absolute(value) {
                return Some(value.to_string());
            }
        }
        if vocab {
            if let Some(v) = &self.vocab {
                return Some(format!("{v}{value}"));
            }
        }
        if document_relative {
            if let Some(b) = &self.base {
                return Some(iri::resolve(value, b));
            }
        }
        Some(value.to_string())
    }

    /// Context processing (§4.1.2) of `local` on this context.
    pub fn process(
        &self,
        env: &Env,
        local: &Value,
        base_url: Option<&str>,
        flags: Flags,
    ) -> Result<Context, E> {
        process(env, self, local, base_url, &mut Vec::new(), flags)
    }
}

fn process(
    env: &Env,
    active: &Context,
    local: &Value,
    base_url: Option<&str>,
    remote: &mut Vec<String>,
    flags: Flags,
) -> Result<Context, E> {
    let _depth = env.enter()?;
    env.charge(1 + active.terms.len() / 32)?;
    let mut result = active.clone();
    let mut propagate = flags.propagate;
    if let Some(p) = local.get("@propagate") {
        propagate = p.as_bool().ok_or(E::InvalidPropagateValue)?;
    }
    if !propagate && result.previous.is_none() {
        result.previous = Some(Rc::new(active.clone()));
    }
    let items: &[Value] = match local {
        Value::Array(a) => a,
        v => std::slice::from_ref(v),
    };
    for ctx in items {
        match ctx {
            Value::Null => {
                if !flags.override_protected && result.terms.values().any(|d| d.protected) {
                    return Err(E::InvalidContextNullification);
                }
                let previous = result.previous.take();
                result = Context {
                    base: active.original_base.clone(),
                    original_base: active.original_base.clone(),
                    ..Context::default()
                };
                if !propagate {
                    result.previous = previous;
                }
            }
            Value::String(s) => {
                let url = match base_url {
                    Some(b) => iri::resolve(s, b),
                    None => s.clone(),
                };
                if !iri::is_absolute(&url) {
                    return Err(E::LoadingRemoteContextFailed(s.clone()));
                }
                if !flags.validate_scoped && remote.contains(&url) {
                    continue;
                }
                if remote.len() >= MAX_REMOTE_CONTEXTS {
                    return Err(E::ContextOverflow);
                }
                remote.push(url.clone());
                let doc = env.loader.load(&url)?;
                let inner = doc
                    .as_object()
                    .and_then(|d| d.get("@context"))
                    .ok_or_else(|| E::InvalidRemoteContext(url.clone()))?;
                let mut copy = remote.clone();
                result = process(
                    env,
                    &result,
                    inner,
                    Some(&url),
                    &mut copy,
                    Flags {
                        override_protected: false,
                        propagate: true,
                        validate_scoped: flags.validate_scoped,
                    },
                )?;
            }
            Value::Object(map) => {
                process_map(env, &mut result, map, base_url, remote, flags)?;
            }
            _ => return Err(E::InvalidLocalContext),
        }
    }
    Ok(result)
}

fn process_map(
    env: &Env,
    result: &mut Context,
    map: &Map<String, Value>,
    base_url: Option<&str>,
    remote: &mut [String],
    flags: Flags,
) -> Result<(), E> {
    if let Some(v) = map.get("@version") {
        if v.as_f64() != Some(1.1) {
            return Err(E::InvalidVersionValue);
        }
    }
    let imported;
    let map = match map.get("@import") {
        Some(Value::String(s)) => {
            let url = match base_url {
                Some(b) => iri::resolve(s, b),
                None => s.clone(),
            };
            let doc = env.loader.load(&url)?;
            let Some(Value::Object(import)) = doc.as_object().and_then(|d| d.get("@context"))
            else {
                return Err(E::InvalidRemoteContext(url));
            };
            if import.contains_key("@import") {
                return Err(E::InvalidContextEntry);
            }
            let mut merged = import.clone();
            for (k, v) in map {
                merged.insert(k.clone(), v.clone());
            }
            imported = merged;
            &imported
        }
        Some(_) => return Err(E::InvalidImportValue),
        None => map,
    };
    if let (Some(v), true) = (map.get("@base"), remote.is_empty()) {
        match v {
            Value::Null => result.base = None,
            Value::String(s) if iri::is_absolute(s) => result.base = Some(Rc::from(s.as_str())),
            Value::String(s) => match &result.base {
                Some(b) => result.base = Some(Rc::from(iri::resolve(s, b))),
                None => return Err(E::InvalidBaseIri),
            },
            _ => return Err(E::InvalidBaseIri),
        }
    }
    if let Some(v) = map.get("@vocab") {
        match v {
            Value::Null => result.vocab = None,
            Value::String(s) if iri::is_blank(s) || !iri::has_keyword_form(s) => {
                let v = result
                    .expand_iri(s, true, true)
                    .ok_or(E::InvalidVocabMapping)?;
                result.vocab = Some(Rc::from(v));
            }
            _ => return Err(E::InvalidVocabMapping),
        }
    }
    if let Some(v) = map.get("@language") {
        match v {
            Value::Null => result.language = None,
            Value::String(s) => result.language = Some(Rc::from(s.to_lowercase())),
            _ => return Err(E::InvalidDefaultLanguage),
        }
    }
    if let Some(v) = map.get("@direction") {
        result.direction = match v {
            Value::Null => None,
            Value::String(s) if s == "ltr" => Some(Direction::Ltr),
            Value::String(s) if s == "rtl" => Some(Direction::Rtl),
            _ => return Err(E::InvalidBaseDirection),
        };
    }
    let protected = match map.get("@protected") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(E::InvalidProtectedValue),
    };
    let mut defined: HashMap<String, bool> = HashMap::new();
    let def = Defining {
        local: map,
        base_url,
        protected,
        override_protected: flags.override_protected,
        remote,
    };
    for key in map.keys() {
        if matches!(
            key.as_str(),
            "@base"
                | "@direction"
                | "@import"
                | "@language"
                | "@propagate"
                | "@protected"
                | "@version"
                | "@vocab"
        ) {
            continue;
        }
        create_term(env, result, &def, key, &mut defined)?;
    }
    Ok(())
}

/// What stays the same while one local context's terms are defined.
struct Defining<'a> {
    local: &'a Map<String, Value>,
    base_url: Option<&'a str>,
    protected: bool,
    override_protected: bool,
    remote: &'a [String],
}

/// IRI expansion while a local context is being processed: terms of the local context
/// that the value needs are defined first (§5.2.2 steps 3 and 6.3).
fn expand_defining(
    env: &Env,
    active: &mut Context,
    def: &Defining,
    value: &str,
    document_relative: bool,
    vocab: bool,
    defined: &mut HashMap<String, bool>,
) -> Result<Option<String>, E> {
    if !iri::is_keyword(value) && !iri::has_keyword_form(value) {
        if def.local.contains_key(value) && defined.get(value) != Some(&true) {
            create_term(env, active, def, value, defined)?;
        }
        if let Some(colon) = value.get(1..).and_then(|v| v.find(':')).map(|i| i + 1) {
            let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
            if prefix != "_"
                && !suffix.starts_with("//")
                && def.local.contains_key(prefix)
                && defined.get(prefix) != Some(&true)
            {
                create_term(env, active, def, prefix, defined)?;
            }
        }
    }
    Ok(active.expand_iri(value, document_relative, vocab))
}

const TERM_KEYS: &[&str] = &[
    "@id",
    "@reverse",
    "@container",
    "@context",
    "@direction",
    "@index",
    "@language",
    "@nest",
    "@prefix",
    "@protected",
    "@type",
];

fn is_gen_delim_end(s: &str) -> bool {
    s.ends_with([':', '/', '?', '#', '[', ']', '@'])
}

/// Create Term Definition (§4.2.2).
fn create_term(
    env: &Env,
    active: &mut Context,
    def: &Defining,
    term: &str,
    defined: &mut HashMap<String, bool>,
) -> Result<(), E> {
    match defined.get(term) {
        Some(true) => return Ok(()),
        Some(false) => return Err(E::CyclicIriMapping(term.into())),
        None => {}
    }
    env.charge(1)?;
    let _depth = env.enter()?;
    if term.is_empty() {
        return Err(E::InvalidTermDefinition(term.into()));
    }
    defined.insert(term.to_string(), false);
    let raw = def.local.get(term).cloned().unwrap_or(Value::Null);
    if term == "@type" {
        let ok = raw.as_object().is_some_and(|m| {
            !m.is_empty()
                && m.keys().all(|k| k == "@container" || k == "@protected")
                && m.get("@container").is_none_or(|c| c == "@set")
        });
        if !ok {
            return Err(E::KeywordRedefinition(term.into()));
        }
    } else if iri::is_keyword(term) {
        return Err(E::KeywordRedefinition(term.into()));
    } else if iri::has_keyword_form(term) {
        defined.insert(term.to_string(), true);
        return Ok(());
    }
    let previous = active.terms.remove(term);
    let mut simple_term = false;
    let value: Map<String, Value> = match raw {
        Value::Null => {
            let mut m = Map::new();
            m.insert("@id".into(), Value::Null);
            m
        }
        Value::String(s) => {
            simple_term = true;
            let mut m = Map::new();
            m.insert("@id".into(), Value::String(s));
            m
        }
        Value::Object(m) => m,
        _ => return Err(E::InvalidTermDefinition(term.into())),
    };
    let mut d = TermDef {
        protected: def.protected,
        ..TermDef::default()
    };
    if let Some(p) = value.get("@protected") {
        d.protected = p.as_bool().ok_or(E::InvalidProtectedValue)?;
    }
    if let Some(t) = value.get("@type") {
        let t = t
            .as_str()
            .ok_or_else(|| E::InvalidTypeMapping(term.into()))?;
        let t = expand_defining(env, active, def, t, false, true, defined)?
            .ok_or_else(|| E::InvalidTypeMapping(term.into()))?;
        if !matches!(t.as_str(), "@id" | "@json" | "@none" | "@vocab") && !iri::is_absolute(&t) {
            return Err(E::InvalidTypeMapping(term.into()));
        }
        d.typ = Some(Rc::from(t));
    }
    if let Some(r) = value.get("@reverse") {
        if value.contains_key("@id") || value.contains_key("@nest") {
            return Err(E::InvalidReverseProperty);
        }
        let r = r
            .as_str()
            .ok_or_else(|| E::InvalidIriMapping(term.into()))?;
        if iri::has_keyword_form(r) {
            defined.insert(term.to_string(), true);
            return Ok(());
        }
        let i = expand_defining(env, active, def, r, false, true, defined)?
            .filter(|i| i.contains(':') && !iri::is_keyword(i))
            .ok_or_else(|| E::InvalidIriMapping(term.into()))?;
        d.iri = Some(Rc::from(i));
        if let Some(c) = value.get("@container") {
            d.container = match c {
                Value::Null => 0,
                Value::String(s) if s == "@set" => container::SET,
                Value::String(s) if s == "@index" => container::INDEX,
                _ => return Err(E::InvalidReverseProperty),
            };
        }
        d.reverse = true;
        // An index on a reverse property, as jsonld.js and the suite (expand #t0131) have.
        if let Some(i) = value.get("@index") {
            let i = i
                .as_str()
                .filter(|_| d.has(container::INDEX))
                .ok_or_else(|| E::InvalidTermDefinition(term.into()))?;
            d.index = Some(i.to_string());
        }
        for k in value.keys() {
            if !TERM_KEYS.contains(&k.as_str()) {
                return Err(E::InvalidTermDefinition(term.into()));
            }
        }
        return finish(active, def, term, d, previous, defined);
    }
    match value.get("@id") {
        Some(id) if id.as_str() != Some(term) => match id {
            Value::Null => d.iri = None,
            Value::String(s) => {
                if !iri::is_keyword(s) && iri::has_keyword_form(s) {
                    defined.insert(term.to_string(), true);
                    return Ok(());
                }
                let i = expand_defining(env, active, def, s, false, true, defined)?
                    .ok_or_else(|| E::InvalidIriMapping(term.into()))?;
                if !(iri::is_keyword(&i) || iri::is_absolute(&i) || iri::is_blank(&i)) {
                    return Err(E::InvalidIriMapping(term.into()));
                }
                if i == "@context" {
                    return Err(E::InvalidKeywordAlias);
                }
                let inner_colon = term
                    .get(1..term.len().saturating_sub(1))
                    .is_some_and(|m| m.contains(':'));
                if inner_colon || term.contains('/') {
                    defined.insert(term.to_string(), true);
                    let again = expand_defining(env, active, def, term, false, true, defined)?;
                    if again.as_deref() != Some(i.as_str()) {
                        return Err(E::InvalidIriMapping(term.into()));
                    }
                }
                if !term.contains(':')
                    && !term.contains('/')
                    && simple_term
                    && (is_gen_delim_end(&i) || iri::is_blank(&i))
                {
                    d.prefix = true;
                }
                d.iri = Some(Rc::from(i));
            }
            _ => return Err(E::InvalidIriMapping(term.into())),
        },
        _ => {
            if let Some(colon) = term.get(1..).and_then(|v| v.find(':')).map(|i| i + 1) {
                let (prefix, suffix) = (&term[..colon], &term[colon + 1..]);
                if prefix != "_" && !suffix.starts_with("//") && def.local.contains_key(prefix) {
                    create_term(env, active, def, prefix, defined)?;
                }
                let mapped = active
                    .terms
                    .get(prefix)
                    .and_then(|p| p.iri.clone())
                    .filter(|_| prefix != "_" && !suffix.starts_with("//"));
                d.iri = Some(match mapped {
                    Some(p) => Rc::from(format!("{p}{suffix}")),
                    None => Rc::from(term),
                });
            } else if term.contains('/') {
                let i = active
                    .expand_iri(term, true, true)
                    .filter(|i| iri::is_absolute(i))
                    .ok_or_else(|| E::InvalidIriMapping(term.into()))?;
                d.iri = Some(Rc::from(i));
            } else if term == "@type" {
                d.iri = Some(Rc::from("@type"));
            } else if let Some(v) = &active.vocab {
                d.iri = Some(Rc::from(format!("{v}{term}")));
            } else {
                return Err(E::InvalidIriMapping(term.into()));
            }
        }
    }
    if let Some(c) = value.get("@container") {
        d.container = container_flags(c).ok_or_else(|| E::InvalidContainerMapping(term.into()))?;
        if d.has(container::TYPE) {
            match d.typ.as_deref() {
                None => d.typ = Some(Rc::from("@id")),
                Some("@id") | Some("@vocab") => {}
                Some(_) => return Err(E::InvalidTypeMapping(term.into())),
            }
        }
    }
    if let Some(i) = value.get("@index") {
        if !d.has(container::INDEX) {
            return Err(E::InvalidTermDefinition(term.into()));
        }
        let i = i
            .as_str()
            .ok_or_else(|| E::InvalidTermDefinition(term.into()))?;
        let expanded = expand_defining(env, active, def, i, false, true, defined)?;
        if !expanded.as_deref().is_some_and(iri::is_absolute) {
            return Err(E::InvalidTermDefinition(term.into()));
        }
        d.index = Some(i.to_string());
    }
    if let Some(c) = value.get("@context") {
        let mut remote = def.remote.to_vec();
        process(
            env,
            active,
            c,
            def.base_url,
            &mut remote,
            Flags {
                override_protected: true,
                propagate: true,
                validate_scoped: false,
            },
        )
        .map_err(|e| match e {
            E::LimitExceeded => E::LimitExceeded,
            e => E::InvalidScopedContext(format!("{term}: {e}")),
        })?;
        d.context = Some(Rc::new(c.clone()));
        d.base_url = def.base_url.map(Rc::from);
    }
    if !value.contains_key("@type") {
        if let Some(l) = value.get("@language") {
            d.language = Some(match l {
                Value::Null => None,
                Value::String(s) => Some(Rc::from(s.to_lowercase())),
                _ => return Err(E::InvalidLanguageMapping),
            });
        }
        if let Some(dir) = value.get("@direction") {
            d.direction = Some(match dir {
                Value::Null => None,
                Value::String(s) if s == "ltr" => Some(Direction::Ltr),
                Value::String(s) if s == "rtl" => Some(Direction::Rtl),
                _ => return Err(E::InvalidBaseDirection),
            });
        }
    }
    if let Some(n) = value.get("@nest") {
        match n.as_str() {
            Some(s) if !iri::is_keyword(s) || s == "@nest" => d.nest = Some(s.to_string()),
            _ => return Err(E::InvalidNestValue),
        }
    }
    if let Some(p) = value.get("@prefix") {
        if term.contains(':') || term.contains('/') {
            return Err(E::InvalidTermDefinition(term.into()));
        }
        d.prefix = p.as_bool().ok_or(E::InvalidPrefixValue)?;
        if d.prefix && d.iri.as_deref().is_some_and(iri::is_keyword) {
            return Err(E::InvalidTermDefinition(term.into()));
        }
    }
    for k in value.keys() {
        if !TERM_KEYS.contains(&k.as_str()) {
            return Err(E::InvalidTermDefinition(term.into()));
        }
    }
    finish(active, def, term, d, previous, defined)
}

/// Steps 28–29: a protected term may only be "redefined" identically.
fn finish(
    active: &mut Context,
    def: &Defining,
    term: &str,
    d: TermDef,
    previous: Option<Rc<TermDef>>,
    defined: &mut HashMap<String, bool>,
) -> Result<(), E> {
    let d = match previous {
        Some(p) if !def.override_protected && p.protected => {
            if !p.same_as(&d) {
                return Err(E::ProtectedTermRedefinition(term.into()));
            }
            p
        }
        _ => Rc::new(d),
    };
    active.terms.insert(Rc::from(term), d);
    defined.insert(term.to_string(), true);
    Ok(())
}

/// A valid `@container` value as flags (§4.2.2 step 20.1).
fn container_flags(c: &Value) -> Option<u8> {
    use container::*;
    let items: &[Value] = match c {
        Value::Array(a) => a,
        v => std::slice::from_ref(v),
    };
    let mut flags = 0u8;
    for i in items {
        flags |= match i.as_str()? {
            "@graph" => GRAPH,
            "@id" => ID,
            "@index" => INDEX,
            "@language" => LANGUAGE,
            "@list" => LIST,
            "@set" => SET,
            "@type" => TYPE,
            _ => return None,
        };
    }
    let ok = match flags {
        0 => false,
        f if f.count_ones() == 1 => true,
        f if f & LIST != 0 => false,
        f if f & GRAPH != 0 => {
            f & !(GRAPH | ID | INDEX | SET) == 0 && f & (ID | INDEX) != (ID | INDEX)
        }
        f => f & SET != 0 && (f & !SET).count_ones() == 1,
    };
    ok.then_some(flags)
}
