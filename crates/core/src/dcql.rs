//! The Digital Credentials Query Language of OpenID4VP 1.0 (section 6) and its claims
//! path pointers (section 7): read and check a query, find which claims of a credential
//! it selects, and check that what was presented answers it.
//!
//! Shared by the wallet (which credentials match, which claims to disclose) and the
//! verifier (did the answer hold what was asked). Hand-written: no Rust crate implements
//! DCQL; the rules are the specification's, each cited where it is applied.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Credential Format Identifiers (OpenID4VP 1.0 appendix B).
pub const FORMAT_SD_JWT_VC: &str = "dc+sd-jwt";
pub const FORMAT_JWT_VC: &str = "jwt_vc_json";
pub const FORMAT_LDP_VC: &str = "ldp_vc";

/// Limits against hostile queries: a real one asks for a handful of claims.
const MAX_CREDENTIAL_QUERIES: usize = 20;
const MAX_CLAIMS: usize = 100;
const MAX_PATH: usize = 16;
const MAX_VALUES: usize = 50;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DcqlError {
    #[error("the DCQL query is malformed: {0}")]
    Malformed(String),
    #[error("claims path {0} does not apply to this credential: {1}")]
    Path(String, &'static str),
}

fn bad(m: impl Into<String>) -> DcqlError {
    DcqlError::Malformed(m.into())
}

/// One component of a claims path pointer: a key, an array index, or `null` (every
/// element of an array).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathElem {
    Key(String),
    Index(u64),
    All(()),
}

impl PathElem {
    fn from_value(v: &Value) -> Result<PathElem, DcqlError> {
        match v {
            Value::String(s) => Ok(PathElem::Key(s.clone())),
            Value::Null => Ok(PathElem::All(())),
            Value::Number(n) => n
                .as_u64()
                .map(PathElem::Index)
                .ok_or_else(|| bad("a path index must be a non-negative integer")),
            _ => Err(bad("a path holds strings, null and non-negative integers")),
        }
    }
}

/// A claims path pointer, shown as JSON (`["credentialSubject","fullName"]`).
pub fn path_text(path: &[PathElem]) -> String {
    serde_json::to_string(path).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub path: Vec<PathElem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialQuery {
    pub id: String,
    pub format: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub multiple: bool,
    #[serde(default)]
    pub meta: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_authorities: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_cryptographic_holder_binding: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<ClaimsQuery>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_sets: Option<Vec<Vec<String>>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialSet {
    pub options: Vec<Vec<String>>,
    #[serde(default = "yes")]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub credentials: Vec<CredentialQuery>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_sets: Option<Vec<CredentialSet>>,
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Query {
    /// Reads a query and checks every rule of section 6 a verifier can break: ids, unique
    /// ids, non-empty arrays, `claim_sets` and `credential_sets` naming what exists.
    pub fn parse(v: &Value) -> Result<Query, DcqlError> {
        // Paths are read by hand first: serde's untagged enum would take `1.5` for nothing.
        if let Some(creds) = v.get("credentials").and_then(Value::as_array) {
            for c in creds {
                for cl in c
                    .get("claims")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    for p in cl
                        .get("path")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        PathElem::from_value(p)?;
                    }
                }
            }
        }
        let q: Query = serde_json::from_value(v.clone()).map_err(|e| bad(e.to_string()))?;
        q.check()?;
        Ok(q)
    }

    fn check(&self) -> Result<(), DcqlError> {
        if self.credentials.is_empty() {
            return Err(bad("credentials must not be empty"));
        }
        if self.credentials.len() > MAX_CREDENTIAL_QUERIES {
            return Err(bad("too many credential queries"));
        }
        let mut ids = HashSet::new();
        for c in &self.credentials {
            if !id_ok(&c.id) {
                return Err(bad(format!("credential query id '{}' is not valid", c.id)));
            }
            if !ids.insert(c.id.as_str()) {
                return Err(bad(format!("credential query id '{}' is repeated", c.id)));
            }
            if c.format.is_empty() {
                return Err(bad("format must not be empty"));
            }
            let claims = c.claims.as_deref().unwrap_or_default();
            if c.claims.as_ref().is_some_and(Vec::is_empty) {
                return Err(bad("claims must not be empty when present"));
            }
            if claims.len() > MAX_CLAIMS {
                return Err(bad("too many claims"));
            }
            let mut claim_ids = HashSet::new();
            for cl in claims {
                if cl.path.is_empty() || cl.path.len() > MAX_PATH {
                    return Err(bad("a claims path must hold 1 to 16 components"));
                }
                if let Some(vals) = &cl.values {
                    if vals.is_empty() || vals.len() > MAX_VALUES {
                        return Err(bad("values must hold 1 to 50 entries"));
                    }
                    if vals
                        .iter()
                        .any(|v| !(v.is_string() || v.is_i64() || v.is_u64() || v.is_boolean()))
                    {
                        return Err(bad("values hold strings, integers and booleans"));
                    }
                }
                if let Some(id) = &cl.id {
                    if !id_ok(id) || !claim_ids.insert(id.as_str()) {
                        return Err(bad(format!("claim id '{id}' is not valid or repeated")));
                    }
                }
            }
            if let Some(sets) = &c.claim_sets {
                if c.claims.is_none() {
                    return Err(bad("claim_sets needs claims"));
                }
                if sets.is_empty() {
                    return Err(bad("claim_sets must not be empty"));
                }
                for s in sets {
                    if s.iter().any(|id| !claim_ids.contains(id.as_str())) {
                        return Err(bad("claim_sets names a claim id that does not exist"));
                    }
                }
            }
        }
        if let Some(sets) = &self.credential_sets {
            if sets.is_empty() {
                return Err(bad("credential_sets must not be empty when present"));
            }
            for s in sets {
                if s.options.is_empty() || s.options.iter().any(Vec::is_empty) {
                    return Err(bad("credential_sets options must not be empty"));
                }
                if s.options
                    .iter()
                    .flatten()
                    .any(|id| !ids.contains(id.as_str()))
                {
                    return Err(bad(
                        "credential_sets names a credential query that does not exist",
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn credential(&self, id: &str) -> Option<&CredentialQuery> {
        self.credentials.iter().find(|c| c.id == id)
    }

    /// Whether answering the credential queries `answered` satisfies the query (section
    /// 6.4.2): every query when there are no credential sets, else one option of every
    /// required set. Returns what is missing.
    pub fn satisfied_by(&self, answered: &HashSet<&str>) -> Result<(), String> {
        match &self.credential_sets {
            None => {
                for c in &self.credentials {
                    if !answered.contains(c.id.as_str()) {
                        return Err(format!("no presentation for '{}'", c.id));
                    }
                }
            }
            Some(sets) => {
                for s in sets.iter().filter(|s| s.required) {
                    if !s
                        .options
                        .iter()
                        .any(|o| o.iter().all(|id| answered.contains(id.as_str())))
                    {
                        let opts: Vec<String> = s.options.iter().map(|o| o.join("+")).collect();
                        return Err(format!("none of {} was presented", opts.join(" or ")));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Appends `/token` to a JSON pointer (RFC 6901 escaping).
fn push_pointer(pointer: &str, token: &str) -> String {
    let mut p = String::with_capacity(pointer.len() + token.len() + 1);
    p.push_str(pointer);
    p.push('/');
    for c in token.chars() {
        match c {
            '~' => p.push_str("~0"),
            '/' => p.push_str("~1"),
            c => p.push(c),
        }
    }
    p
}

/// Processes a claims path pointer against JSON claims (section 7.1.1) and returns each
/// selected element with its JSON pointer. An error when a component meets the wrong
/// kind of value or nothing is selected.
pub fn select<'a>(
    path: &[PathElem],
    root: &'a Value,
) -> Result<Vec<(String, &'a Value)>, DcqlError> {
    let err = |why| DcqlError::Path(path_text(path), why);
    let mut current: Vec<(String, &Value)> = vec![(String::new(), root)];
    for elem in path {
        let mut next = Vec::new();
        for (ptr, v) in current {
            match elem {
                PathElem::Key(k) => {
                    let obj = v
                        .as_object()
                        .ok_or_else(|| err("a key meets a non-object"))?;
                    if let Some(x) = obj.get(k) {
                        next.push((push_pointer(&ptr, k), x));
                    }
                }
                PathElem::All(()) => {
                    let arr = v.as_array().ok_or_else(|| err("null meets a non-array"))?;
                    for (i, x) in arr.iter().enumerate() {
                        next.push((format!("{ptr}/{i}"), x));
                    }
                }
                PathElem::Index(i) => {
                    let arr = v
                        .as_array()
                        .ok_or_else(|| err("an index meets a non-array"))?;
                    if let Some(x) = usize::try_from(*i).ok().and_then(|i| arr.get(i)) {
                        next.push((format!("{ptr}/{i}"), x));
                    }
                }
            }
        }
        current = next;
    }
    if current.is_empty() {
        return Err(err("nothing is selected"));
    }
    Ok(current)
}

/// The elements a claims query selects, with `values` applied (a claim whose value
/// matches none is treated as absent, section 6.4.1). `None` when it selects nothing.
fn claim_matches<'a>(cl: &ClaimsQuery, root: &'a Value) -> Option<Vec<(String, &'a Value)>> {
    let found = select(&cl.path, root).ok()?;
    let found: Vec<_> = match &cl.values {
        None => found,
        Some(vals) => found
            .into_iter()
            .filter(|(_, v)| vals.iter().any(|w| w == *v))
            .collect(),
    };
    (!found.is_empty()).then_some(found)
}

/// The JSON pointers of the claims a credential query selects from a credential's
/// claims (section 6.4.1): every listed claim, or the first claim set the credential can
/// satisfy. `None` when the credential cannot answer; an empty list when no claims were
/// asked for (only what is always shown).
pub fn selected_claims(q: &CredentialQuery, claims: &Value) -> Option<Vec<String>> {
    let Some(list) = &q.claims else {
        return Some(Vec::new());
    };
    let pick = |cls: &[&ClaimsQuery]| -> Option<Vec<String>> {
        let mut out = Vec::new();
        for cl in cls {
            out.extend(claim_matches(cl, claims)?.into_iter().map(|(p, _)| p));
        }
        Some(out)
    };
    match &q.claim_sets {
        None => pick(&list.iter().collect::<Vec<_>>()),
        Some(sets) => sets.iter().find_map(|set| {
            let cls: Vec<&ClaimsQuery> = set
                .iter()
                .filter_map(|id| list.iter().find(|c| c.id.as_deref() == Some(id)))
                .collect();
            pick(&cls)
        }),
    }
}

/// Which requested claims a presented credential lacks (empty: none). Used by the
/// verifier on the claims it verified.
pub fn missing_claims(q: &CredentialQuery, claims: &Value) -> Vec<String> {
    let Some(list) = &q.claims else {
        return Vec::new();
    };
    let lacks = |cl: &ClaimsQuery| claim_matches(cl, claims).is_none();
    match &q.claim_sets {
        None => list
            .iter()
            .filter(|c| lacks(c))
            .map(|c| path_text(&c.path))
            .collect(),
        Some(sets) => {
            let ok = sets.iter().any(|set| {
                set.iter().all(|id| {
                    list.iter()
                        .find(|c| c.id.as_deref() == Some(id.as_str()))
                        .is_some_and(|c| !lacks(c))
                })
            });
            if ok {
                Vec::new()
            } else {
                vec![format!("one of the claim sets {:?}", sets)]
            }
        }
    }
}

/// Fully expanded IRIs of the `type` terms our credentials use, for matching
/// `meta.type_values` without a JSON-LD processor (section B.1.1 allows an equivalent
/// mechanism). Terms not listed stay as they are, as the specification says of terms no
/// context defines.
const TYPE_IRIS: &[(&str, &str)] = &[
    (
        "VerifiableCredential",
        "https://www.w3.org/2018/credentials#VerifiableCredential",
    ),
    (
        "OpenBadgeCredential",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    ),
    (
        "AchievementCredential",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    ),
];

fn expand_type(t: &str) -> &str {
    TYPE_IRIS
        .iter()
        .find(|(term, _)| *term == t)
        .map(|(_, iri)| *iri)
        .unwrap_or(t)
}

/// Whether a credential of `format` with these (disclosed or full) claims meets the
/// query's format and `meta` constraints: `vct_values` for SD-JWT VC, `type_values` for
/// W3C credentials.
pub fn meta_matches(q: &CredentialQuery, format: &str, claims: &Value) -> bool {
    if q.format != format {
        return false;
    }
    match format {
        FORMAT_SD_JWT_VC => match q.meta.get("vct_values").and_then(Value::as_array) {
            None => true,
            Some(vals) => {
                let vct = claims.get("vct").and_then(Value::as_str);
                vals.iter()
                    .any(|v| v.as_str().is_some() && v.as_str() == vct)
            }
        },
        FORMAT_JWT_VC | FORMAT_LDP_VC => {
            let Some(alts) = q.meta.get("type_values").and_then(Value::as_array) else {
                return true;
            };
            let types: Vec<&str> = match claims.get("type") {
                Some(Value::String(s)) => vec![expand_type(s)],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(expand_type)
                    .collect(),
                _ => Vec::new(),
            };
            alts.iter().any(|alt| {
                alt.as_array().is_some_and(|need| {
                    !need.is_empty()
                        && need.iter().all(|n| {
                            n.as_str().is_some_and(|n| {
                                types.contains(&n) || types.contains(&expand_type(n))
                            })
                        })
                })
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query() -> Value {
        json!({
            "credentials": [{
                "id": "mc",
                "format": "dc+sd-jwt",
                "meta": {"vct_values": ["https://x/vct"]},
                "claims": [
                    {"path": ["credentialSubject", "fullName"]},
                    {"path": ["credentialSubject", "achievement", "name"]}
                ]
            }, {
                "id": "ob",
                "format": "ldp_vc",
                "meta": {"type_values": [["https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]]}
            }],
            "credential_sets": [{"options": [["mc"], ["ob"]]}]
        })
    }

    fn claims() -> Value {
        json!({
            "vct": "https://x/vct",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {
                "fullName": "Aino",
                "achievement": {"name": "Valaistus"},
                "result": [{"value": "5"}, {"value": "4"}]
            }
        })
    }

    #[test]
    fn reads_checks_and_matches() {
        let q = Query::parse(&query()).unwrap();
        let c = claims();
        assert!(meta_matches(&q.credentials[0], FORMAT_SD_JWT_VC, &c));
        assert!(!meta_matches(&q.credentials[0], FORMAT_LDP_VC, &c));
        assert!(meta_matches(&q.credentials[1], FORMAT_LDP_VC, &c));
        assert_eq!(
            selected_claims(&q.credentials[0], &c).unwrap(),
            vec![
                "/credentialSubject/fullName",
                "/credentialSubject/achievement/name"
            ]
        );
        assert_eq!(selected_claims(&q.credentials[1], &c), Some(vec![]));
        assert!(missing_claims(&q.credentials[0], &c).is_empty());
        let mut less = c.clone();
        less["credentialSubject"]
            .as_object_mut()
            .unwrap()
            .remove("fullName");
        assert_eq!(
            missing_claims(&q.credentials[0], &less),
            vec![r#"["credentialSubject","fullName"]"#]
        );
        assert!(selected_claims(&q.credentials[0], &less).is_none());
        assert!(q.satisfied_by(&["ob"].into_iter().collect()).is_ok());
        assert!(q.satisfied_by(&HashSet::new()).is_err());
    }

    #[test]
    fn paths_select_as_section_7_says() {
        let c = claims();
        let all = vec![
            PathElem::Key("credentialSubject".into()),
            PathElem::Key("result".into()),
            PathElem::All(()),
            PathElem::Key("value".into()),
        ];
        let got: Vec<String> = select(&all, &c)
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            got,
            vec![
                "/credentialSubject/result/0/value",
                "/credentialSubject/result/1/value"
            ]
        );
        assert!(
            select(&[PathElem::Index(0)], &c).is_err(),
            "index on an object"
        );
        assert!(
            select(&[PathElem::Key("nope".into())], &c).is_err(),
            "nothing selected"
        );
        let with_values = ClaimsQuery {
            id: None,
            path: vec![PathElem::Key("vct".into())],
            values: Some(vec![json!("other")]),
        };
        assert!(claim_matches(&with_values, &c).is_none());
    }

    #[test]
    fn hostile_and_broken_queries_are_refused() {
        for (q, why) in [
            (json!({"credentials": []}), "empty"),
            (json!({"credentials": [{"id": "a b", "format": "x"}]}), "id"),
            (
                json!({"credentials": [{"id": "a", "format": "x"}, {"id": "a", "format": "x"}]}),
                "repeated",
            ),
            (
                json!({"credentials": [{"id": "a", "format": "x", "claims": []}]}),
                "empty claims",
            ),
            (
                json!({"credentials": [{"id": "a", "format": "x", "claims": [{"path": []}]}]}),
                "empty path",
            ),
            (
                json!({"credentials": [{"id": "a", "format": "x", "claims": [{"path": [1.5]}]}]}),
                "fraction",
            ),
            (
                json!({"credentials": [{"id": "a", "format": "x", "claims": [{"path": [{}]}]}]}),
                "object",
            ),
            (
                json!({"credentials": [{"id": "a", "format": "x", "claim_sets": [["c"]]}]}),
                "sets without claims",
            ),
            (
                json!({"credentials": [{"id": "a", "format": "x"}], "credential_sets": [{"options": [["b"]]}]}),
                "unknown id",
            ),
            (json!({"credentials": "a"}), "type"),
            (json!([]), "not an object"),
        ] {
            assert!(Query::parse(&q).is_err(), "{why}");
        }
    }
}
