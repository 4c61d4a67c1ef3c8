//! The rules of the W3C Verifiable Credentials Data Model (2.0, §4–§5; and 1.1 for
//! documents that name its context) that a JSON document itself can break, checked
//! before anything is signed or trusted.
//!
//! A conforming issuer produces only conforming documents (VCDM 2.0 §2.1), so the
//! VC-API issue endpoint runs [`check_credential`] on what a caller hands in and
//! refuses it with every problem found. The verifier runs [`check_presentation`] on a
//! presentation's structure, signed or not. What needs JSON-LD processing (a protected
//! term redefined, a type that expands to no IRI) is found where the document is
//! expanded, in `microcred-core`; what the Bitstring Status List specification asks of
//! a status entry (§2.1) is checked on every object typed `BitstringStatusListEntry`,
//! wherever it stands.

use serde_json::{Map, Value};

use super::problem::{Expected, ProblemKind};
use super::walk::{is_absolute_uri, Ctx, Path};

/// The base context of VC Data Model 2.0.
pub const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The base context of VC Data Model 1.1.
pub const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";

/// Which data model a document follows, by its first context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1_1,
    V2,
}

/// The data model a document names first in `@context`, if it names one.
pub fn version(doc: &Value) -> Option<Version> {
    let first = match doc.get("@context")? {
        Value::Array(a) => a.first()?.as_str()?,
        Value::String(s) => s.as_str(),
        _ => return None,
    };
    match first {
        VC_V2 => Some(Version::V2),
        VC_V1 => Some(Version::V1_1),
        _ => None,
    }
}

/// `v` as a list: an array's items, or the one value.
fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    }
}

/// Whether a JSON-LD `type` value includes `t`.
pub fn has_type(v: &Value, t: &str) -> bool {
    match v.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x == t),
        _ => false,
    }
}

/// A URL (VCDM §4.4): an absolute IRI of any scheme, written as one string.
fn url<'v>(ctx: &mut Ctx, v: &'v Value, path: &Path) -> Option<&'v str> {
    match v {
        Value::String(s) if is_absolute_uri(s) => Some(s),
        Value::String(s) => {
            ctx.error(path, ProblemKind::NotAUrl { value: s.clone() });
            None
        }
        Value::Array(_) => {
            ctx.error(path, ProblemKind::NotSingle);
            None
        }
        _ => {
            ctx.error(
                path,
                ProblemKind::WrongType {
                    expected: Expected::String,
                },
            );
            None
        }
    }
}

/// `@context` (§4.3): an ordered set whose first item is the base context and whose
/// others are URLs or context objects.
fn contexts(ctx: &mut Ctx, doc: &Map<String, Value>, root: &Path) {
    let path = root.key("@context");
    let Some(c) = doc.get("@context") else {
        ctx.error(&path, ProblemKind::Missing { element: None });
        return;
    };
    let list = items(c);
    if !matches!(list.first().and_then(|v| v.as_str()), Some(VC_V2 | VC_V1)) {
        ctx.error(
            &if c.is_array() {
                path.idx(0)
            } else {
                path.clone()
            },
            ProblemKind::ContextNotFirst {
                expected: VC_V2.into(),
            },
        );
    }
    for (i, item) in list.iter().enumerate().skip(1) {
        let p = path.idx(i);
        match item {
            Value::String(s) if is_absolute_uri(s) => {}
            Value::String(s) => ctx.error(&p, ProblemKind::NotAUrl { value: s.clone() }),
            Value::Object(_) => {}
            _ => ctx.error(&p, ProblemKind::ContextItem),
        }
    }
}

/// `type` (§4.5): present, one or more strings, including `required` if given.
fn types(ctx: &mut Ctx, obj: &Map<String, Value>, path: &Path, required: Option<&'static str>) {
    let p = path.key("type");
    let Some(t) = obj.get("type") else {
        ctx.error(&p, ProblemKind::Missing { element: None });
        return;
    };
    let list = items(t);
    if list.is_empty() {
        ctx.error(&p, ProblemKind::Empty);
        return;
    }
    for (i, item) in list.iter().enumerate() {
        let ip = if t.is_array() { p.idx(i) } else { p.clone() };
        match item.as_str() {
            None => ctx.error(
                &ip,
                ProblemKind::WrongType {
                    expected: Expected::String,
                },
            ),
            Some("") => ctx.error(&ip, ProblemKind::Empty),
            // A term has no colon; anything with one must be an absolute URL.
            Some(s) if s.contains(':') && !is_absolute_uri(s) => {
                ctx.error(&ip, ProblemKind::NotAUrl { value: s.into() })
            }
            Some(_) => {}
        }
    }
    if let Some(r) = required {
        if !list.iter().any(|x| x.as_str() == Some(r)) {
            ctx.error(&p, ProblemKind::TypeMissing { required: r.into() });
        }
    }
}

/// An optional `id`: one URL.
fn optional_id(ctx: &mut Ctx, obj: &Map<String, Value>, path: &Path) {
    if let Some(id) = obj.get("id") {
        url(ctx, id, &path.key("id"));
    }
}

/// `name` and `description` (§4.6): a string, a language value object, or a list of
/// language value objects.
fn names(ctx: &mut Ctx, obj: &Map<String, Value>, path: &Path) {
    for key in ["name", "description"] {
        let Some(v) = obj.get(key) else { continue };
        let p = path.key(key);
        match v {
            Value::String(_) => {}
            Value::Object(_) => language_value(ctx, v, &p),
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    language_value(ctx, x, &p.idx(i))
                }
            }
            _ => ctx.error(
                &p,
                ProblemKind::WrongType {
                    expected: Expected::String,
                },
            ),
        }
    }
}

fn language_value(ctx: &mut Ctx, v: &Value, path: &Path) {
    let Some(m) = v.as_object() else {
        ctx.error(
            path,
            ProblemKind::WrongType {
                expected: Expected::Object,
            },
        );
        return;
    };
    if !m.get("@value").is_some_and(Value::is_string) {
        ctx.error(&path.key("@value"), ProblemKind::Missing { element: None });
    }
    for (k, x) in m {
        match k.as_str() {
            "@value" => {}
            "@language" | "@direction" if x.is_string() => {}
            "@language" | "@direction" => ctx.error(
                &path.key(k),
                ProblemKind::WrongType {
                    expected: Expected::String,
                },
            ),
            _ => ctx.error(&path.key(k), ProblemKind::UnknownField),
        }
    }
}

/// `issuer` (§4.7): a URL, or an object whose `id` is one.
fn issuer(ctx: &mut Ctx, doc: &Map<String, Value>, root: &Path) {
    let p = root.key("issuer");
    match doc.get("issuer") {
        None | Some(Value::Null) => ctx.error(&p, ProblemKind::Missing { element: None }),
        Some(Value::Object(o)) => {
            match o.get("id") {
                None | Some(Value::Null) => {
                    ctx.error(&p.key("id"), ProblemKind::Missing { element: None })
                }
                Some(id) => {
                    url(ctx, id, &p.key("id"));
                }
            }
            names(ctx, o, &p);
        }
        Some(v) => {
            url(ctx, v, &p);
        }
    }
}

/// `credentialSubject` (§4.8): one or more objects, each with at least one claim.
fn subjects(ctx: &mut Ctx, doc: &Map<String, Value>, root: &Path) {
    let p = root.key("credentialSubject");
    let Some(v) = doc.get("credentialSubject") else {
        ctx.error(&p, ProblemKind::Missing { element: None });
        return;
    };
    if v.as_array().is_some_and(Vec::is_empty) {
        ctx.error(&p, ProblemKind::Missing { element: None });
    }
    for (i, s) in items(v).into_iter().enumerate() {
        let sp = if v.is_array() { p.idx(i) } else { p.clone() };
        match s.as_object() {
            None => ctx.error(
                &sp,
                ProblemKind::WrongType {
                    expected: Expected::Object,
                },
            ),
            Some(m) if m.is_empty() => ctx.error(&sp, ProblemKind::NoClaims),
            Some(m) => optional_id(ctx, m, &sp),
        }
    }
}

/// An `xsd:dateTimeStamp` (a date-time with its time zone), as `validFrom` and
/// `validUntil` must be (§4.9). Returns the instant.
pub fn date_time_stamp(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let b = s.as_bytes();
    // RFC 3339 parsers also take a space or a lower-case `t`; XML Schema does not.
    if b.len() < 20 || b[10] != b'T' || s.ends_with('z') {
        return None;
    }
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

/// An `xsd:dateTime`, whose time zone is optional (VC 1.1 `issuanceDate`); one without
/// is read as UTC.
pub fn date_time(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    date_time_stamp(s).or_else(|| {
        let b = s.as_bytes();
        if b.len() < 19 || b[10] != b'T' || s.contains(['Z', 'z', '+']) || s[10..].contains('-') {
            return None;
        }
        chrono::DateTime::parse_from_rfc3339(&format!("{s}Z")).ok()
    })
}

fn dates(ctx: &mut Ctx, doc: &Map<String, Value>, root: &Path, version: Version) {
    let (from, until, stamp) = match version {
        Version::V2 => ("validFrom", "validUntil", true),
        Version::V1_1 => ("issuanceDate", "expirationDate", false),
    };
    if version == Version::V1_1 && !doc.contains_key(from) {
        ctx.error(&root.key(from), ProblemKind::Missing { element: None });
    }
    let mut read = |key: &str| {
        let v = doc.get(key)?;
        let p = root.key(key);
        let Some(s) = v.as_str() else {
            ctx.error(
                &p,
                ProblemKind::WrongType {
                    expected: Expected::String,
                },
            );
            return None;
        };
        let parsed = if stamp {
            date_time_stamp(s)
        } else {
            date_time(s)
        };
        if parsed.is_none() {
            ctx.error(&p, ProblemKind::NotDateTimeStamp { value: s.into() });
        }
        parsed
    };
    let start = read(from);
    let end = read(until);
    if let (Some(a), Some(b)) = (start, end) {
        if b < a {
            ctx.error(&root.key(until), ProblemKind::EndBeforeStart);
        }
    }
}

/// A property whose values are objects that MUST have a `type` (§4.5's table:
/// `credentialStatus`, `termsOfUse`, `evidence`, `refreshService`, `credentialSchema`),
/// with an optional URL `id` (required for `credentialSchema`, §4.11).
fn typed_objects(ctx: &mut Ctx, doc: &Map<String, Value>, root: &Path, key: &str, id: bool) {
    let Some(v) = doc.get(key) else { return };
    let p = root.key(key);
    if v.as_array().is_some_and(Vec::is_empty) {
        ctx.error(&p, ProblemKind::Empty);
    }
    for (i, o) in items(v).into_iter().enumerate() {
        let op = if v.is_array() { p.idx(i) } else { p.clone() };
        let Some(m) = o.as_object() else {
            ctx.error(
                &op,
                ProblemKind::WrongType {
                    expected: Expected::Object,
                },
            );
            continue;
        };
        types(ctx, m, &op, None);
        if id && !m.contains_key("id") {
            ctx.error(&op.key("id"), ProblemKind::Missing { element: None });
        }
        optional_id(ctx, m, &op);
    }
}

/// `relatedResource` (§5.3): objects, each with a unique URL `id` and a digest.
fn related(ctx: &mut Ctx, doc: &Map<String, Value>, root: &Path) {
    let Some(v) = doc.get("relatedResource") else {
        return;
    };
    let p = root.key("relatedResource");
    let mut seen: Vec<&str> = Vec::new();
    for (i, o) in items(v).into_iter().enumerate() {
        let op = if v.is_array() { p.idx(i) } else { p.clone() };
        let Some(m) = o.as_object() else {
            ctx.error(
                &op,
                ProblemKind::WrongType {
                    expected: Expected::Object,
                },
            );
            continue;
        };
        match m.get("id") {
            None => ctx.error(&op.key("id"), ProblemKind::Missing { element: None }),
            Some(id) => {
                if let Some(s) = url(ctx, id, &op.key("id")) {
                    if seen.contains(&s) {
                        ctx.error(&op.key("id"), ProblemKind::Duplicate { value: s.into() });
                    }
                    seen.push(s);
                }
            }
        }
        let digests: Vec<&str> = ["digestSRI", "digestMultibase"]
            .into_iter()
            .filter(|k| m.contains_key(*k))
            .collect();
        if digests.is_empty() {
            ctx.error(&op, ProblemKind::NoDigest);
        }
        for k in digests {
            if !m[k].is_string() {
                ctx.error(
                    &op.key(k),
                    ProblemKind::WrongType {
                        expected: Expected::String,
                    },
                );
            }
        }
    }
}

/// Every object typed `BitstringStatusListEntry`, wherever it stands, against
/// Bitstring Status List v1.0 §2.1: a malformed entry is an error of its own
/// (MALFORMED_VALUE_ERROR), never passed on.
fn status_entries(ctx: &mut Ctx, v: &Value, path: &Path, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(m) => {
            if has_type(v, "BitstringStatusListEntry") {
                status_entry(ctx, m, path);
            }
            for (k, x) in m {
                if k != "@context" {
                    status_entries(ctx, x, &path.key(k), depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                status_entries(ctx, x, &path.idx(i), depth + 1);
            }
        }
        _ => {}
    }
}

/// The most bits per status a list may give one credential (one byte: 256 messages).
pub const MAX_STATUS_SIZE: u64 = 8;

/// One `BitstringStatusListEntry` (Bitstring Status List v1.0 §2.1).
pub fn status_entry(ctx: &mut Ctx, m: &Map<String, Value>, path: &Path) {
    let string = |ctx: &mut Ctx, key: &str| -> Option<String> {
        let p = path.key(key);
        match m.get(key) {
            None => {
                ctx.error(&p, ProblemKind::Missing { element: None });
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                ctx.error(
                    &p,
                    ProblemKind::WrongType {
                        expected: Expected::String,
                    },
                );
                None
            }
        }
    };
    string(ctx, "statusPurpose");
    if let Some(i) = string(ctx, "statusListIndex") {
        // An integer ≥ 0 in base 10, written as a string, without leading zeros.
        let canonical = !i.is_empty()
            && i.bytes().all(|b| b.is_ascii_digit())
            && (i == "0" || !i.starts_with('0'));
        if !canonical {
            ctx.error(
                &path.key("statusListIndex"),
                ProblemKind::NotIndex { value: i },
            );
        }
    }
    match m.get("statusListCredential") {
        None => ctx.error(
            &path.key("statusListCredential"),
            ProblemKind::Missing { element: None },
        ),
        Some(v) => {
            url(ctx, v, &path.key("statusListCredential"));
        }
    }
    let size = match m.get("statusSize") {
        None => Some(1),
        Some(v) => match v.as_u64() {
            Some(n) if (1..=MAX_STATUS_SIZE).contains(&n) => Some(n),
            _ => {
                ctx.error(
                    &path.key("statusSize"),
                    ProblemKind::OutOfRange {
                        min: 1,
                        max: MAX_STATUS_SIZE as i64,
                    },
                );
                None
            }
        },
    };
    match (m.get("statusMessage"), size) {
        (None, Some(n)) if n > 1 => ctx.error(
            &path.key("statusMessage"),
            ProblemKind::Missing { element: None },
        ),
        (Some(msgs), size) => {
            let p = path.key("statusMessage");
            let Some(list) = msgs.as_array() else {
                ctx.error(
                    &p,
                    ProblemKind::WrongType {
                        expected: Expected::Array,
                    },
                );
                return optional_id(ctx, m, path);
            };
            if let Some(n) = size {
                // One message for each value `n` bits can hold (§2.1: "2 elements if
                // statusSize has 1 bit, 4 elements if statusSize has 2 bits").
                let expected = 1usize << n;
                if list.len() != expected {
                    ctx.error(
                        &p,
                        ProblemKind::StatusMessageCount {
                            expected,
                            found: list.len(),
                        },
                    );
                }
            }
            let mut seen = Vec::new();
            for (i, x) in list.iter().enumerate() {
                let xp = p.idx(i);
                let Some(o) = x.as_object() else {
                    ctx.error(
                        &xp,
                        ProblemKind::WrongType {
                            expected: Expected::Object,
                        },
                    );
                    continue;
                };
                match o.get("status").and_then(Value::as_str) {
                    Some(s) => match parse_status_value(s) {
                        Some(v) if seen.contains(&v) => ctx.error(
                            &xp.key("status"),
                            ProblemKind::Duplicate { value: s.into() },
                        ),
                        Some(v) => seen.push(v),
                        None => ctx.error(
                            &xp.key("status"),
                            ProblemKind::NotHexStatus { value: s.into() },
                        ),
                    },
                    None => ctx.error(&xp.key("status"), ProblemKind::Missing { element: None }),
                }
                if !o.get("message").is_some_and(Value::is_string) {
                    ctx.error(&xp.key("message"), ProblemKind::Missing { element: None });
                }
            }
        }
        _ => {}
    }
    if let Some(r) = m.get("statusReference") {
        let p = path.key("statusReference");
        match r {
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    url(ctx, x, &p.idx(i));
                }
            }
            one => {
                url(ctx, one, &p);
            }
        }
    }
    optional_id(ctx, m, path);
}

/// A status value as `statusMessage` writes it: `0x` and hexadecimal digits.
pub fn parse_status_value(s: &str) -> Option<u64> {
    let hex = s.strip_prefix("0x")?;
    if hex.is_empty() || hex.len() > 16 {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// Checks a credential as a conforming issuer must before signing it, or a verifier
/// before trusting its content: every problem, each with its JSON path.
pub fn check_credential(ctx: &mut Ctx, v: &Value) {
    let root = Path::root();
    let Some(doc) = v.as_object() else {
        ctx.error(
            &root,
            ProblemKind::WrongType {
                expected: Expected::Object,
            },
        );
        return;
    };
    contexts(ctx, doc, &root);
    let version = version(v).unwrap_or(Version::V2);
    types(ctx, doc, &root, Some("VerifiableCredential"));
    if let Some(id) = doc.get("id") {
        url(ctx, id, &root.key("id"));
    }
    names(ctx, doc, &root);
    issuer(ctx, doc, &root);
    subjects(ctx, doc, &root);
    dates(ctx, doc, &root, version);
    for key in [
        "credentialStatus",
        "termsOfUse",
        "evidence",
        "refreshService",
    ] {
        typed_objects(ctx, doc, &root, key, false);
    }
    typed_objects(ctx, doc, &root, "credentialSchema", true);
    related(ctx, doc, &root);
    status_entries(ctx, v, &root, 0);
}

/// Checks a presentation's structure (VCDM 2.0 §4.13): base context first, the
/// `VerifiablePresentation` type, a URL `id` and `holder`, and credentials that are
/// objects — each a credential or an `EnvelopedVerifiableCredential` — never strings.
pub fn check_presentation(ctx: &mut Ctx, v: &Value) {
    let root = Path::root();
    let Some(doc) = v.as_object() else {
        ctx.error(
            &root,
            ProblemKind::WrongType {
                expected: Expected::Object,
            },
        );
        return;
    };
    contexts(ctx, doc, &root);
    types(ctx, doc, &root, Some("VerifiablePresentation"));
    optional_id(ctx, doc, &root);
    if let Some(h) = doc.get("holder") {
        let p = root.key("holder");
        match h {
            Value::Object(o) => match o.get("id") {
                Some(id) => {
                    url(ctx, id, &p.key("id"));
                }
                None => ctx.error(&p.key("id"), ProblemKind::Missing { element: None }),
            },
            other => {
                url(ctx, other, &p);
            }
        }
    }
    if let Some(vcs) = doc.get("verifiableCredential") {
        let p = root.key("verifiableCredential");
        for (i, c) in items(vcs).into_iter().enumerate() {
            let cp = if vcs.is_array() { p.idx(i) } else { p.clone() };
            match c.as_object() {
                None => ctx.error(&cp, ProblemKind::NotAnObjectCredential),
                Some(m) if has_type(c, "EnvelopedVerifiableCredential") => {
                    contexts(ctx, m, &cp);
                    match m.get("id").and_then(Value::as_str) {
                        Some(id) if id.starts_with("data:") => {}
                        Some(id) => {
                            ctx.error(&cp.key("id"), ProblemKind::NotDataUrl { value: id.into() })
                        }
                        None => ctx.error(&cp.key("id"), ProblemKind::Missing { element: None }),
                    }
                }
                Some(m) => types(ctx, m, &cp, Some("VerifiableCredential")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(v: Value) -> Vec<(String, &'static str)> {
        let mut ctx = Ctx::default();
        check_credential(&mut ctx, &v);
        ctx.problems
            .iter()
            .map(|p| (p.path.clone(), p.kind.code()))
            .collect()
    }

    fn base() -> Value {
        json!({
            "@context": [VC_V2],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:issuer",
            "credentialSubject": {"id": "did:example:subject"}
        })
    }

    #[test]
    fn a_minimal_credential_conforms() {
        assert_eq!(problems(base()), vec![]);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let v = json!({
            "@context": ["https://www.w3.org/ns/credentials/examples/v2", 12],
            "id": "https ://not-a-url/1",
            "type": ["RelationshipCredential"],
            "issuer": "fake-issuer",
            "validFrom": "Sat 25 Feb 2023 07:16:31 PM CST",
            "credentialSubject": {},
            "credentialStatus": {"id": "did:example:status"},
            "termsOfUse": {},
            "evidence": {},
            "refreshService": {"id": "did:example:refresh/1"},
            "credentialSchema": {"id": "did:example:schemas/1"},
            "relatedResource": [{"id": "https://a.example/x"}, {"id": "https://a.example/x", "digestSRI": "sha384-x"}, {"digestMultibase": "u"}]
        });
        let p = problems(v);
        for (path, code) in [
            ("$[\"@context\"][0]", "context-not-first"),
            ("$[\"@context\"][1]", "context-item"),
            ("$.id", "not-a-url"),
            ("$.type", "type-missing"),
            ("$.issuer", "not-a-url"),
            ("$.validFrom", "not-date-time-stamp"),
            ("$.credentialSubject", "no-claims"),
            ("$.credentialStatus.type", "missing"),
            ("$.termsOfUse.type", "missing"),
            ("$.evidence.type", "missing"),
            ("$.refreshService.type", "missing"),
            ("$.credentialSchema.type", "missing"),
            ("$.relatedResource[0]", "no-digest"),
            ("$.relatedResource[1].id", "duplicate"),
            ("$.relatedResource[2].id", "missing"),
        ] {
            assert!(
                p.contains(&(path.to_string(), code)),
                "{path} {code} not in {p:?}"
            );
        }
    }

    #[test]
    fn identifiers_are_single_urls() {
        let mut v = base();
        v["id"] = json!(["https://example.org/1", "https://example.net/1"]);
        v["credentialSubject"]["id"] = json!(["did:example:1", "did:example:2"]);
        let p = problems(v);
        assert!(p.contains(&("$.id".into(), "not-single")), "{p:?}");
        assert!(p.contains(&("$.credentialSubject.id".into(), "not-single")));
        let mut v = base();
        v["id"] = Value::Null;
        v["issuer"] = json!({"id": null});
        let p = problems(v);
        assert!(p.contains(&("$.id".into(), "wrong-type")), "{p:?}");
        assert!(p.contains(&("$.issuer.id".into(), "missing")), "{p:?}");
    }

    #[test]
    fn dates_are_date_time_stamps_in_order() {
        let mut v = base();
        v["validFrom"] = json!("2025-01-01T00:00:00Z");
        v["validUntil"] = json!("2024-01-01T00:00:00Z");
        assert_eq!(
            problems(v.clone()),
            vec![("$.validUntil".to_string(), "end-before-start")]
        );
        v["validUntil"] = json!("Sun, 26 Feb 2023 01:22:14 +0000");
        assert!(problems(v.clone()).contains(&("$.validUntil".into(), "not-date-time-stamp")));
        for ok in [
            "2025-01-01T00:00:00.123Z",
            "2025-01-01T00:00:00+02:00",
            "9999-12-31T23:59:59Z",
        ] {
            assert!(date_time_stamp(ok).is_some(), "{ok}");
        }
        for bad in [
            "2025-01-01",
            "2025-01-01T00:00:00",
            "2025-01-01 00:00:00Z",
            "2025-02-30T00:00:00Z",
        ] {
            assert!(date_time_stamp(bad).is_none(), "{bad}");
        }
        assert!(date_time("2025-01-01T00:00:00").is_some());
    }

    #[test]
    fn vc_1_1_needs_an_issuance_date() {
        let mut v = base();
        v["@context"] = json!([VC_V1]);
        assert_eq!(
            problems(v.clone()),
            vec![("$.issuanceDate".to_string(), "missing")]
        );
        v["issuanceDate"] = json!("2010-01-01T19:23:24Z");
        assert_eq!(problems(v), vec![]);
    }

    #[test]
    fn names_are_strings_or_language_values() {
        let mut v = base();
        v["name"] = json!([{"@value": "Nimi", "@language": "fi"}, {"@value": "Name", "@language": "en", "@direction": "ltr"}]);
        v["description"] = json!("text");
        assert_eq!(problems(v.clone()), vec![]);
        v["name"] = json!({"@value": "Example", "@language": "en", "url": "did:example:x"});
        assert_eq!(
            problems(v),
            vec![("$.name.url".to_string(), "unknown-field")]
        );
    }

    #[test]
    fn malformed_status_entries_are_found_anywhere() {
        let mut v = base();
        v["statusEntry"] = json!({"type": "BitstringStatusListEntry", "statusListIndex": true, "statusListCredential": "https://example.com"});
        let p = problems(v);
        assert!(
            p.contains(&("$.statusEntry.statusListIndex".into(), "wrong-type")),
            "{p:?}"
        );
        assert!(
            p.contains(&("$.statusEntry.statusPurpose".into(), "missing")),
            "{p:?}"
        );

        let mut v = base();
        v["credentialStatus"] = json!({
            "id": "https://example.com/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "message",
            "statusListIndex": "5",
            "statusSize": 2,
            "statusListCredential": "https://example.com/status/1",
            "statusMessage": [
                {"status": "0x0", "message": "active"},
                {"status": "0x1", "message": "suspended"},
                {"status": "0x2", "message": "revoked"},
                {"status": "0x3", "message": "undefined"}
            ],
            "statusReference": "https://example.com/status/messages"
        });
        assert_eq!(problems(v.clone()), vec![]);
        v["credentialStatus"]["statusMessage"]
            .as_array_mut()
            .unwrap()
            .truncate(2);
        v["credentialStatus"]["statusListIndex"] = json!("05");
        v["credentialStatus"]["statusReference"] = json!(["https ://x"]);
        let p = problems(v);
        assert!(
            p.contains(&(
                "$.credentialStatus.statusMessage".into(),
                "status-message-count"
            )),
            "{p:?}"
        );
        assert!(
            p.contains(&("$.credentialStatus.statusListIndex".into(), "not-index")),
            "{p:?}"
        );
        assert!(
            p.contains(&("$.credentialStatus.statusReference[0]".into(), "not-a-url")),
            "{p:?}"
        );
    }

    #[test]
    fn presentations_hold_objects() {
        let check = |v: Value| {
            let mut ctx = Ctx::default();
            check_presentation(&mut ctx, &v);
            ctx.problems
                .iter()
                .map(|p| (p.path.clone(), p.kind.code()))
                .collect::<Vec<_>>()
        };
        let ok = json!({"@context": [VC_V2], "type": ["VerifiablePresentation"], "holder": {"id": "did:example:h"}});
        assert_eq!(check(ok), vec![]);
        let bad = json!({"@context": [VC_V2], "type": "VerifiableCredential",
            "verifiableCredential": ["eyJhbGciOi", {"@context": VC_V2, "id": "data:application/vc+jwt,x"}]});
        let p = check(bad);
        assert!(p.contains(&("$.type".into(), "type-missing")), "{p:?}");
        assert!(
            p.contains(&(
                "$.verifiableCredential[0]".into(),
                "not-an-object-credential"
            )),
            "{p:?}"
        );
        assert!(
            p.contains(&("$.verifiableCredential[1].type".into(), "missing")),
            "{p:?}"
        );
    }
}
