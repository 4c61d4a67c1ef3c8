//! The Expansion algorithm (JSON-LD 1.1 API §5.1) with Value Expansion (§5.3).
//!
//! Followed step by step, with two additions. The *strict* policy ([`Env::strict`]): a
//! property or `@type` that does not expand to an IRI is an error instead of being
//! dropped, so that nothing a signer wrote can silently leave the signed graph (`ssi`'s
//! policy, which Data Integrity here has always applied). And limits: recursion depth
//! and work are bounded by [`Env`], so no input makes expansion run away.
//!
//! Contexts met during expansion are processed once per (active context, local
//! context) pair within a document: a presentation repeats the same scoped contexts in
//! every credential it holds.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::context::{container, Context, Env, Flags, TermDef};
use super::error::JsonLdError as E;
use super::iri;

/// Options of expansion.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The document's base IRI (none for credentials: relative IRIs stay relative).
    pub base: Option<String>,
    /// A context applied before the document's own (`expandContext`).
    pub expand_context: Option<Value>,
}

pub(crate) struct Expander<'e, 'l> {
    env: &'e Env<'l>,
    /// (active context, local context, flags) → processed context; the keys' contexts
    /// are kept alive in `keep`, so their addresses are not reused.
    memo: HashMap<(usize, usize, u8), Rc<Context>>,
    keep: Vec<Rc<Context>>,
}

fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        v => vec![v],
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

pub(crate) fn is_value_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@value"))
}

pub(crate) fn is_list_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@list"))
}

fn is_graph_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.contains_key("@graph")
            && m.keys()
                .all(|k| matches!(k.as_str(), "@graph" | "@id" | "@index" | "@context"))
    })
}

/// Adds `value` to `object[key]` as an array (JSON-LD's "add value", as array).
pub(crate) fn add_value(object: &mut Map<String, Value>, key: &str, value: Value) {
    let slot = object
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        let one = std::mem::take(slot);
        *slot = Value::Array(vec![one]);
    }
    if let Value::Array(a) = slot {
        match value {
            Value::Array(items) => a.extend(items),
            v => a.push(v),
        }
    }
}

const FLAG_EMBEDDED: u8 = 0;
const FLAG_PROPERTY: u8 = 1;
const FLAG_TYPE: u8 = 2;

impl<'e, 'l> Expander<'e, 'l> {
    pub(crate) fn new(env: &'e Env<'l>) -> Self {
        Expander {
            env,
            memo: HashMap::new(),
            keep: Vec::new(),
        }
    }

    /// Processes `local` on `active`, once per distinct pair.
    fn apply(
        &mut self,
        active: &Rc<Context>,
        local: &Value,
        base_url: Option<&str>,
        kind: u8,
    ) -> Result<Rc<Context>, E> {
        let key = (
            Rc::as_ptr(active) as usize,
            local as *const Value as usize,
            kind,
        );
        if let Some(c) = self.memo.get(&key) {
            return Ok(c.clone());
        }
        let flags = match kind {
            FLAG_PROPERTY => Flags::PROPERTY,
            FLAG_TYPE => Flags::TYPE,
            _ => Flags::EMBEDDED,
        };
        let processed = Rc::new(active.process(self.env, local, base_url, flags)?);
        self.keep.push(active.clone());
        self.memo.insert(key, processed.clone());
        Ok(processed)
    }

    /// Expansion of a whole document: always an array of node objects.
    pub(crate) fn document(&mut self, doc: &Value, options: &Options) -> Result<Vec<Value>, E> {
        let mut active = Rc::new(Context::new(options.base.as_deref()));
        if let Some(c) = &options.expand_context {
            let c = c.get("@context").unwrap_or(c);
            active =
                Rc::new(active.process(self.env, c, options.base.as_deref(), Flags::EMBEDDED)?);
        }
        self.document_in(&active, doc, options.base.as_deref())
    }

    pub(crate) fn document_in(
        &mut self,
        active: &Rc<Context>,
        doc: &Value,
        base: Option<&str>,
    ) -> Result<Vec<Value>, E> {
        let out = self.expand(active, None, doc, base, false)?;
        Ok(match out {
            Value::Object(mut m) if m.len() == 1 && m.contains_key("@graph") => {
                as_array(m.remove("@graph").unwrap_or(Value::Null))
            }
            Value::Null => Vec::new(),
            v => as_array(v),
        })
    }

    /// §5.1.2.
    fn expand(
        &mut self,
        active: &Rc<Context>,
        property: Option<&str>,
        element: &Value,
        base_url: Option<&str>,
        from_map: bool,
    ) -> Result<Value, E> {
        let env = self.env;
        let _depth = env.enter()?;
        env.charge(1)?;
        let def: Option<Rc<TermDef>> = property.and_then(|p| active.terms.get(p).cloned());
        let scoped = def
            .as_ref()
            .and_then(|d| d.context.clone().map(|c| (c, d.base_url.clone())));
        match element {
            Value::Null => Ok(Value::Null),
            Value::Array(items) => {
                let list = def.as_ref().is_some_and(|d| d.has(container::LIST));
                let mut out = Vec::new();
                for item in items {
                    let mut e = self.expand(active, property, item, base_url, from_map)?;
                    if list && e.is_array() {
                        let mut m = Map::new();
                        m.insert("@list".into(), e);
                        e = Value::Object(m);
                    }
                    match e {
                        Value::Array(a) => out.extend(a),
                        Value::Null => {}
                        v => out.push(v),
                    }
                }
                Ok(Value::Array(out))
            }
            Value::Object(obj) => {
                self.object(active, property, def, scoped, obj, base_url, from_map)
            }
            scalar => {
                if property.is_none() || property == Some("@graph") {
                    return Ok(Value::Null);
                }
                let ctx = match &scoped {
                    Some((c, b)) => self.apply(active, c, b.as_deref(), FLAG_PROPERTY)?,
                    None => active.clone(),
                };
                value_expansion(&ctx, property, scalar)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        active: &Rc<Context>,
        property: Option<&str>,
        _def: Option<Rc<TermDef>>,
        scoped: Option<(Rc<Value>, Option<Rc<str>>)>,
        obj: &Map<String, Value>,
        base_url: Option<&str>,
        from_map: bool,
    ) -> Result<Value, E> {
        let mut active = active.clone();
        // Step 7: a non-propagated context ends at a new node object.
        if let (Some(prev), false) = (&active.previous, from_map) {
            let mut has_value = false;
            let mut only_id = obj.len() == 1;
            for k in obj.keys() {
                let e = active.expand_iri(k, false, true);
                match e.as_deref() {
                    Some("@value") => has_value = true,
                    Some("@id") => {}
                    _ => only_id = false,
                }
            }
            if !has_value && !only_id {
                active = prev.clone();
            }
        }
        if let Some((c, b)) = &scoped {
            active = self.apply(&active, c, b.as_deref(), FLAG_PROPERTY)?;
        }
        if let Some(c) = obj.get("@context") {
            active = self.apply(&active, c, base_url, FLAG_EMBEDDED)?;
        }
        let type_scoped = active.clone();
        let mut type_keys: Vec<&String> = obj
            .keys()
            .filter(|k| active.expand_iri(k, false, true).as_deref() == Some("@type"))
            .collect();
        type_keys.sort();
        let mut input_type: Option<String> = None;
        for (n, k) in type_keys.iter().enumerate() {
            let mut terms: Vec<&str> = match &obj[k.as_str()] {
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            };
            if n == 0 {
                input_type = terms
                    .last()
                    .and_then(|t| type_scoped.expand_iri(t, false, true));
            }
            terms.sort_unstable();
            for t in terms {
                if let Some(d) = type_scoped.terms.get(t) {
                    if let Some(c) = &d.context {
                        let (c, b) = (c.clone(), d.base_url.clone());
                        active = self.apply(&active, &c, b.as_deref(), FLAG_TYPE)?;
                    }
                }
            }
        }
        let mut result = Map::new();
        self.entries(
            &active,
            &type_scoped,
            property,
            obj,
            base_url,
            input_type.as_deref(),
            &mut result,
        )?;
        // Step 15 onwards.
        if let Some(v) = result.get("@value") {
            if result.keys().any(|k| {
                !matches!(
                    k.as_str(),
                    "@direction" | "@index" | "@language" | "@type" | "@value"
                )
            }) || (result.contains_key("@type")
                && (result.contains_key("@language") || result.contains_key("@direction")))
            {
                return Err(E::InvalidValueObject);
            }
            let typ = result.get("@type");
            if typ.and_then(Value::as_str) == Some("@json") {
                return Ok(Value::Object(result));
            }
            if v.is_null() || v.as_array().is_some_and(Vec::is_empty) {
                return Ok(Value::Null);
            }
            if !is_scalar(v) {
                return Err(E::InvalidValueObjectValue);
            }
            if result.contains_key("@language") && !v.is_string() {
                return Err(E::InvalidLanguageTaggedValue);
            }
            if let Some(t) = typ {
                if !t.as_str().is_some_and(iri::is_well_formed) {
                    return Err(E::InvalidTypedValue);
                }
            }
        } else if let Some(t) = result.get_mut("@type") {
            if !t.is_array() {
                let one = std::mem::take(t);
                *t = Value::Array(vec![one]);
            }
        } else if result.contains_key("@set") || result.contains_key("@list") {
            if result.len() > 2 || (result.len() == 2 && !result.contains_key("@index")) {
                return Err(E::InvalidSetOrListObject);
            }
            if let Some(s) = result.remove("@set") {
                return Ok(s);
            }
        }
        if result.len() == 1 && result.contains_key("@language") {
            return Ok(Value::Null);
        }
        if property.is_none() || property == Some("@graph") {
            if result.is_empty() || result.contains_key("@value") || result.contains_key("@list") {
                return Ok(Value::Null);
            }
            if result.len() == 1 && result.contains_key("@id") {
                return Ok(Value::Null);
            }
        }
        Ok(Value::Object(result))
    }

    /// Steps 13 and 14: the entries of a node object (or of a nested `@nest` object).
    #[allow(clippy::too_many_arguments)]
    fn entries(
        &mut self,
        active: &Rc<Context>,
        type_scoped: &Rc<Context>,
        property: Option<&str>,
        obj: &Map<String, Value>,
        base_url: Option<&str>,
        input_type: Option<&str>,
        result: &mut Map<String, Value>,
    ) -> Result<(), E> {
        let env = self.env;
        let mut nests: Vec<&String> = Vec::new();
        for (key, value) in obj {
            if key == "@context" {
                continue;
            }
            let Some(ep) = active.expand_iri(key, false, true) else {
                continue;
            };
            if !iri::is_keyword(&ep) && !ep.contains(':') {
                if env.strict {
                    return Err(E::UndefinedTerm(key.clone()));
                }
                continue;
            }
            if iri::is_keyword(&ep) {
                if property == Some("@reverse") {
                    return Err(E::InvalidReversePropertyMap);
                }
                if result.contains_key(&ep) && ep != "@included" && ep != "@type" {
                    return Err(E::CollidingKeywords(ep));
                }
                let expanded: Value = match ep.as_str() {
                    "@id" => match value {
                        Value::String(s) => match active.expand_iri(s, true, false) {
                            Some(i) => Value::String(i),
                            None => Value::Null,
                        },
                        _ => return Err(E::InvalidIdValue),
                    },
                    "@type" => {
                        let items: &[Value] = match value {
                            Value::Array(a) => a,
                            v => std::slice::from_ref(v),
                        };
                        let mut types = Vec::new();
                        for t in items {
                            let s = t.as_str().ok_or(E::InvalidTypeValue)?;
                            let Some(e) = type_scoped.expand_iri(s, true, true) else {
                                continue;
                            };
                            if env.strict && !(iri::is_blank(&e) || iri::is_well_formed(&e)) {
                                return Err(if e.contains(':') {
                                    E::InvalidIri(e)
                                } else {
                                    E::UndefinedTerm(s.to_string())
                                });
                            }
                            types.push(Value::String(e));
                        }
                        let v = if value.is_array() || result.contains_key("@type") {
                            Value::Array(types)
                        } else {
                            types.pop().unwrap_or(Value::Null)
                        };
                        if let Some(prev) = result.remove("@type") {
                            let mut all = as_array(prev);
                            all.extend(as_array(v));
                            Value::Array(all)
                        } else {
                            v
                        }
                    }
                    "@graph" => Value::Array(as_array(self.expand(
                        active,
                        Some("@graph"),
                        value,
                        base_url,
                        false,
                    )?)),
                    "@included" => {
                        let items = as_array(self.expand(active, None, value, base_url, false)?);
                        for i in &items {
                            let node = i.as_object().is_some_and(|m| {
                                !m.contains_key("@value")
                                    && !m.contains_key("@list")
                                    && !m.contains_key("@set")
                            });
                            if !node {
                                return Err(E::InvalidIncludedValue);
                            }
                        }
                        let mut all = result.remove("@included").map(as_array).unwrap_or_default();
                        all.extend(items);
                        Value::Array(all)
                    }
                    "@value" => {
                        if input_type == Some("@json") || value.is_null() || is_scalar(value) {
                            value.clone()
                        } else {
                            return Err(E::InvalidValueObjectValue);
                        }
                    }
                    "@language" => match value {
                        Value::String(s) => Value::String(s.to_lowercase()),
                        _ => return Err(E::InvalidLanguageTaggedString),
                    },
                    "@direction" => match value.as_str() {
                        Some("ltr") | Some("rtl") => value.clone(),
                        _ => return Err(E::InvalidBaseDirection),
                    },
                    "@index" => match value {
                        Value::String(_) => value.clone(),
                        _ => return Err(E::InvalidIndexValue),
                    },
                    "@list" => {
                        if property.is_none() || property == Some("@graph") {
                            continue;
                        }
                        Value::Array(as_array(
                            self.expand(active, property, value, base_url, false)?,
                        ))
                    }
                    "@set" => self.expand(active, property, value, base_url, false)?,
                    "@reverse" => {
                        if !value.is_object() {
                            return Err(E::InvalidReverseValue);
                        }
                        let expanded =
                            self.expand(active, Some("@reverse"), value, base_url, false)?;
                        if let Value::Object(mut m) = expanded {
                            if let Some(Value::Object(rev)) = m.remove("@reverse") {
                                for (p, items) in rev {
                                    add_value(result, &p, items);
                                }
                            }
                            if !m.is_empty() {
                                let mut map = match result.remove("@reverse") {
                                    Some(Value::Object(r)) => r,
                                    _ => Map::new(),
                                };
                                for (p, items) in m {
                                    for item in as_array(items) {
                                        if is_value_object(&item) || is_list_object(&item) {
                                            return Err(E::InvalidReversePropertyValue);
                                        }
                                        add_value(&mut map, &p, item);
                                    }
                                }
                                result.insert("@reverse".into(), Value::Object(map));
                            }
                        }
                        continue;
                    }
                    "@nest" => {
                        nests.push(key);
                        continue;
                    }
                    _ => continue,
                };
                // A null `@value` is kept, so that step 15 drops the whole value object.
                result.insert(ep, expanded);
                continue;
            }
            // A property.
            if env.strict && !(iri::is_blank(&ep) || iri::is_well_formed(&ep)) {
                return Err(E::InvalidIri(ep));
            }
            let def = active.terms.get(key.as_str()).cloned();
            let flags = def.as_ref().map_or(0, |d| d.container);
            let expanded = if def.as_ref().and_then(|d| d.typ.as_deref()) == Some("@json") {
                let mut m = Map::new();
                m.insert("@value".into(), value.clone());
                m.insert("@type".into(), Value::String("@json".into()));
                Value::Object(m)
            } else if flags & container::LANGUAGE != 0 && value.is_object() {
                self.language_map(active, def.as_deref(), value)?
            } else if flags & (container::INDEX | container::TYPE | container::ID) != 0
                && value.is_object()
            {
                self.index_map(active, key, def.as_deref(), flags, value, base_url)?
            } else {
                self.expand(active, Some(key), value, base_url, false)?
            };
            if expanded.is_null() {
                continue;
            }
            let mut expanded = expanded;
            if flags & container::LIST != 0 && !is_list_object(&expanded) {
                let mut m = Map::new();
                m.insert("@list".into(), Value::Array(as_array(expanded)));
                expanded = Value::Object(m);
            }
            if flags & container::GRAPH != 0 && flags & (container::ID | container::INDEX) == 0 {
                expanded = Value::Array(
                    as_array(expanded)
                        .into_iter()
                        .map(|ev| {
                            let mut m = Map::new();
                            m.insert("@graph".into(), Value::Array(as_array(ev)));
                            Value::Object(m)
                        })
                        .collect(),
                );
            }
            if def.as_ref().is_some_and(|d| d.reverse) {
                let mut map = match result.remove("@reverse") {
                    Some(Value::Object(r)) => r,
                    _ => Map::new(),
                };
                for item in as_array(expanded) {
                    if is_value_object(&item) || is_list_object(&item) {
                        return Err(E::InvalidReversePropertyValue);
                    }
                    add_value(&mut map, &ep, item);
                }
                result.insert("@reverse".into(), Value::Object(map));
            } else {
                add_value(result, &ep, expanded);
            }
        }
        for key in nests {
            for nested in as_array(obj[key.as_str()].clone()) {
                let Value::Object(n) = nested else {
                    return Err(E::InvalidNestValue);
                };
                if n.keys()
                    .any(|k| active.expand_iri(k, false, true).as_deref() == Some("@value"))
                {
                    return Err(E::InvalidNestValue);
                }
                // Steps 3 and 8 for the nesting key: its property-scoped context.
                let nest_ctx = match active
                    .terms
                    .get(key.as_str())
                    .and_then(|d| d.context.clone().map(|c| (c, d.base_url.clone())))
                {
                    Some((c, b)) => self.apply(active, &c, b.as_deref(), FLAG_PROPERTY)?,
                    None => active.clone(),
                };
                self.entries(
                    &nest_ctx,
                    type_scoped,
                    property,
                    &n,
                    base_url,
                    input_type,
                    result,
                )?;
            }
        }
        Ok(())
    }

    /// Step 13.7.
    fn language_map(
        &mut self,
        active: &Rc<Context>,
        def: Option<&TermDef>,
        value: &Value,
    ) -> Result<Value, E> {
        let mut out = Vec::new();
        let direction = match def.and_then(|d| d.direction) {
            Some(d) => d,
            None => active.direction,
        };
        for (language, items) in value.as_object().into_iter().flatten() {
            let none = active.expand_iri(language, false, true).as_deref() == Some("@none");
            let items: &[Value] = match items {
                Value::Array(a) => a,
                v => std::slice::from_ref(v),
            };
            for item in items {
                match item {
                    Value::Null => continue,
                    Value::String(_) => {}
                    _ => return Err(E::InvalidLanguageMapValue),
                }
                let mut v = Map::new();
                v.insert("@value".into(), item.clone());
                if !none {
                    v.insert("@language".into(), Value::String(language.to_lowercase()));
                }
                if let Some(d) = direction {
                    v.insert("@direction".into(), Value::String(d.as_str().into()));
                }
                out.push(Value::Object(v));
            }
        }
        Ok(Value::Array(out))
    }

    /// Step 13.8: index, id and type maps.
    fn index_map(
        &mut self,
        active: &Rc<Context>,
        key: &str,
        def: Option<&TermDef>,
        flags: u8,
        value: &Value,
        base_url: Option<&str>,
    ) -> Result<Value, E> {
        let mut out = Vec::new();
        let index_key = def
            .and_then(|d| d.index.clone())
            .unwrap_or_else(|| "@index".to_string());
        for (index, index_value) in value.as_object().into_iter().flatten() {
            let map_context = if flags & (container::ID | container::TYPE) != 0 {
                active.previous.clone().unwrap_or_else(|| active.clone())
            } else {
                active.clone()
            };
            let map_context = match map_context.terms.get(index.as_str()) {
                Some(d) if flags & container::TYPE != 0 && d.context.is_some() => {
                    let (c, b) = (d.context.clone(), d.base_url.clone());
                    match c {
                        Some(c) => self.apply(&map_context, &c, b.as_deref(), FLAG_PROPERTY)?,
                        None => map_context,
                    }
                }
                _ if flags & container::TYPE != 0 => map_context,
                _ => active.clone(),
            };
            let expanded_index = active.expand_iri(index, false, true);
            let none = expanded_index.as_deref() == Some("@none");
            let items = as_array(self.expand(
                &map_context,
                Some(key),
                &Value::Array(as_array(index_value.clone())),
                base_url,
                true,
            )?);
            for mut item in items {
                if flags & container::GRAPH != 0 && !is_graph_object(&item) {
                    let mut m = Map::new();
                    m.insert("@graph".into(), Value::Array(as_array(item)));
                    item = Value::Object(m);
                }
                let Value::Object(ref mut m) = item else {
                    out.push(item);
                    continue;
                };
                if flags & container::INDEX != 0 && index_key != "@index" && !none {
                    let re =
                        value_expansion(active, Some(&index_key), &Value::String(index.clone()))?;
                    let k = active
                        .expand_iri(&index_key, false, true)
                        .unwrap_or_default();
                    let mut values = vec![re];
                    if let Some(existing) = m.remove(&k) {
                        values.extend(as_array(existing));
                    }
                    m.insert(k, Value::Array(values));
                    if m.contains_key("@value") && m.len() > 1 {
                        return Err(E::InvalidValueObject);
                    }
                } else if flags & container::INDEX != 0 && !m.contains_key("@index") && !none {
                    m.insert("@index".into(), Value::String(index.clone()));
                } else if flags & container::ID != 0 && !m.contains_key("@id") && !none {
                    let id = active.expand_iri(index, true, false);
                    m.insert("@id".into(), id.map_or(Value::Null, Value::String));
                } else if flags & container::TYPE != 0 && !none {
                    let mut types = vec![Value::String(expanded_index.clone().unwrap_or_default())];
                    if let Some(existing) = m.remove("@type") {
                        types.extend(as_array(existing));
                    }
                    m.insert("@type".into(), Value::Array(types));
                }
                out.push(item);
            }
        }
        Ok(Value::Array(out))
    }
}

/// Value Expansion (§5.3.2).
pub(crate) fn value_expansion(
    active: &Context,
    property: Option<&str>,
    value: &Value,
) -> Result<Value, E> {
    let def = property.and_then(|p| active.get(p));
    let typ = def.and_then(|d| d.typ.as_deref());
    let mut m = Map::new();
    if let (Some(t @ ("@id" | "@vocab")), Value::String(s)) = (typ, value) {
        let id = active.expand_iri(s, true, t == "@vocab");
        m.insert("@id".into(), id.map_or(Value::Null, Value::String));
        return Ok(Value::Object(m));
    }
    m.insert("@value".into(), value.clone());
    match typ {
        Some(t) if !matches!(t, "@id" | "@vocab" | "@none") => {
            m.insert("@type".into(), Value::String(t.to_string()));
        }
        _ if value.is_string() => {
            let language = match def.and_then(|d| d.language.clone()) {
                Some(l) => l,
                None => active.language.clone(),
            };
            let direction = match def.and_then(|d| d.direction) {
                Some(d) => d,
                None => active.direction,
            };
            if let Some(l) = language {
                m.insert("@language".into(), Value::String(l.to_string()));
            }
            if let Some(d) = direction {
                m.insert("@direction".into(), Value::String(d.as_str().into()));
            }
        }
        _ => {}
    }
    Ok(Value::Object(m))
}
