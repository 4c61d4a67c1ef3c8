//! Selective Disclosure for JWTs (RFC 9901) with key binding, on josekit.
//!
//! Written here rather than taken from a crate: at the time of writing no maintained Rust
//! crate implements the final RFC with EdDSA, a `typ` header, decoys and a complete
//! verifier (ssi-sd-jwt 0.6 cannot set `typ: dc+sd-jwt` and rejects SD-JWTs without
//! `_sd_alg`; sd-jwt-rs follows an old draft and requires `exp`). The module follows
//! RFC 9901 section by section and is tested against the RFC's own examples.
//!
//! Verification is split into stages ([`split`], [`verify_issuer_signed`],
//! [`disclose`], [`verify_key_binding`]) so a verifier can report each as its own check.

use std::collections::{HashMap, HashSet};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use josekit::jws::JwsSigner;

use crate::jose::{self, JwsError};
use crate::pubkey::VerifyingKey;

pub const SD: &str = "_sd";
pub const SD_ALG: &str = "_sd_alg";
pub const ELLIPSIS: &str = "...";
/// Media type of an SD-JWT VC (SD-JWT VC draft, `typ` header).
pub const TYP_SD_JWT_VC: &str = "dc+sd-jwt";
/// The `typ` values an SD-JWT VC is accepted with: [`TYP_SD_JWT_VC`], and `vc+sd-jwt` of
/// the drafts before it, which issuers still send.
pub const VC_TYPS: [&str; 2] = [TYP_SD_JWT_VC, "vc+sd-jwt"];
pub const TYP_KB_JWT: &str = "kb+jwt";

/// Whether a JOSE `typ` names an SD-JWT VC: one of [`VC_TYPS`], bare or as a full
/// `application/` media type, in any case (media types are case-insensitive).
pub fn is_vc_typ(typ: &str) -> bool {
    let typ = typ.to_ascii_lowercase();
    let bare = typ.strip_prefix("application/").unwrap_or(&typ);
    VC_TYPS.contains(&bare)
}
/// Most disclosures accepted in one SD-JWT.
pub const MAX_DISCLOSURES: usize = 1_000;
/// Claims of an SD-JWT VC that must never be selectively disclosable, nor anything
/// inside them: the SD-JWT VC draft's (`iss`, `nbf`, `exp`, `cnf`, `vct`,
/// `vct#integrity`, `status`, `aka_vcts`; `sub` and `iat` may be), and the W3C claims that
/// say the same in a credential carried as an SD-JWT VC (issuer, validity, status).
/// Hidden, a holder could leave out the very claim that says a credential is revoked,
/// expired or bound to a key, and present it as "valid, cannot be revoked".
pub const ALWAYS_VISIBLE: [&str; 12] = [
    "iss",
    "nbf",
    "exp",
    "cnf",
    "vct",
    "vct#integrity",
    "status",
    "aka_vcts",
    "issuer",
    "validFrom",
    "validUntil",
    "credentialStatus",
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SdJwtError {
    #[error("not an SD-JWT: {0}")]
    Malformed(String),
    #[error("issuer signature: {0}")]
    Signature(#[from] JwsError),
    #[error("unsupported _sd_alg '{0}' (only sha-256)")]
    UnsupportedHash(String),
    #[error("disclosure is malformed: {0}")]
    BadDisclosure(String),
    #[error(
        "a disclosure is not referenced by the signed payload (forged or for another credential)"
    )]
    UnreferencedDisclosure,
    #[error("the same digest appears more than once")]
    DuplicateDigest,
    #[error("disclosed claim '{0}' already exists in the payload")]
    ClaimCollision(String),
    #[error("a disclosure uses the reserved name '{0}'")]
    ReservedName(String),
    #[error("cannot make '{0}' selectively disclosable: {1}")]
    BadPointer(String, String),
    #[error("'{0}' must not be selectively disclosable (SD-JWT VC): the issuer hid what decides whether the credential stands")]
    MustStayVisible(String),
    #[error("key binding: {0}")]
    KeyBinding(String),
    /// The key-binding JWT is for another audience than the one expected.
    #[error("key binding: audience (aud) is not the one requested")]
    KeyBindingAudience,
    /// The key-binding JWT answers another nonce: made for another request, or replayed.
    #[error("key binding: nonce is not the one requested (replayed presentation?)")]
    KeyBindingNonce,
}

/// A JSON object of claims (a JWT payload or header).
pub type Claims = Map<String, Value>;

/// Claims after disclosures were applied, with the JSON pointer of each disclosed value
/// and the disclosure that revealed it, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosed {
    pub claims: Claims,
    pub disclosed: Vec<(String, String)>,
}

fn digest(s: &str) -> String {
    B64.encode(Sha256::digest(s.as_bytes()))
}

fn salt() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    B64.encode(b)
}

/// One disclosure: `base64url([salt, name, value])` for an object member, or
/// `base64url([salt, value])` for an array element. The digest is over the encoded string
/// exactly as received, never over a re-serialisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosure {
    pub encoded: String,
    pub salt: String,
    pub name: Option<String>,
    pub value: Value,
}

impl Disclosure {
    pub fn new(name: Option<&str>, value: Value) -> Disclosure {
        let salt = salt();
        let arr = match name {
            Some(n) => json!([salt, n, value]),
            None => json!([salt, value]),
        };
        // Serialising a `Value` cannot fail: it holds no non-string keys.
        let encoded = B64.encode(arr.to_string());
        Disclosure {
            encoded,
            salt,
            name: name.map(str::to_string),
            value,
        }
    }

    pub fn decode(encoded: &str) -> Result<Disclosure, SdJwtError> {
        let bad = |m: &str| SdJwtError::BadDisclosure(m.to_string());
        let bytes = B64.decode(encoded).map_err(|_| bad("not base64url"))?;
        let v: Value = serde_json::from_slice(&bytes).map_err(|_| bad("not JSON"))?;
        let arr = v.as_array().ok_or_else(|| bad("not a JSON array"))?;
        let salt = arr
            .first()
            .and_then(Value::as_str)
            .ok_or_else(|| bad("the salt is not a string"))?
            .to_string();
        let (name, value) = match arr.len() {
            2 => (None, arr[1].clone()),
            3 => {
                let n = arr[1]
                    .as_str()
                    .ok_or_else(|| bad("the claim name is not a string"))?;
                if n == SD || n == ELLIPSIS || n == SD_ALG {
                    return Err(SdJwtError::ReservedName(n.to_string()));
                }
                (Some(n.to_string()), arr[2].clone())
            }
            _ => return Err(bad("must have two or three elements")),
        };
        Ok(Disclosure {
            encoded: encoded.to_string(),
            salt,
            name,
            value,
        })
    }

    pub fn digest(&self) -> String {
        digest(&self.encoded)
    }
}

fn pointer_tokens(p: &str) -> Result<Vec<String>, SdJwtError> {
    if p.is_empty() {
        return Ok(Vec::new());
    }
    let rest = p
        .strip_prefix('/')
        .ok_or_else(|| SdJwtError::BadPointer(p.into(), "must start with /".into()))?;
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn push_digest(obj: &mut Map<String, Value>, d: String) {
    match obj.get_mut(SD) {
        Some(Value::Array(a)) => a.push(Value::String(d)),
        _ => {
            obj.insert(SD.into(), Value::Array(vec![Value::String(d)]));
        }
    }
}

/// Sorts every `_sd` array so digest order reveals nothing about claim order.
fn sort_digests(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(a)) = m.get_mut(SD) {
                a.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
            }
            m.values_mut().for_each(sort_digests);
        }
        Value::Array(a) => a.iter_mut().for_each(sort_digests),
        _ => {}
    }
}

/// Replaces the values at `pointers` (RFC 6901) with digests and returns the payload and
/// its disclosures. Deeper pointers are concealed first, so a disclosable object may hold
/// disclosable members (recursive disclosure). `decoys` random digests are added to the
/// top-level `_sd` so the number of hidden claims is not revealed.
pub fn conceal(
    claims: &Value,
    pointers: &[String],
    decoys: usize,
) -> Result<(Value, Vec<Disclosure>), SdJwtError> {
    conceal_owned(claims.clone(), pointers, decoys)
}

/// [`conceal`] on claims the caller gives up.
pub fn conceal_owned(
    claims: Value,
    pointers: &[String],
    decoys: usize,
) -> Result<(Value, Vec<Disclosure>), SdJwtError> {
    let mut payload = claims;
    if !payload.is_object() {
        return Err(SdJwtError::Malformed("claims must be a JSON object".into()));
    }
    let mut tokens = pointers
        .iter()
        .map(|p| pointer_tokens(p).map(|t| (p.clone(), t)))
        .collect::<Result<Vec<_>, _>>()?;
    tokens.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(b.1.cmp(&a.1)));
    let mut disclosures = Vec::new();
    for (ptr, toks) in tokens {
        let bad = |why: &str| SdJwtError::BadPointer(ptr.clone(), why.to_string());
        if toks
            .first()
            .is_some_and(|t| ALWAYS_VISIBLE.contains(&t.as_str()))
        {
            return Err(SdJwtError::MustStayVisible(toks[0].clone()));
        }
        let (last, parents) = toks
            .split_last()
            .ok_or_else(|| bad("cannot conceal the root"))?;
        let mut cur = &mut payload;
        for t in parents {
            cur = match cur {
                Value::Object(m) => m.get_mut(t),
                Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            }
            .ok_or_else(|| bad("no such path"))?;
        }
        match cur {
            Value::Object(m) => {
                if last == SD || last == ELLIPSIS || last == SD_ALG {
                    return Err(bad("reserved name"));
                }
                let mut value = m.shift_remove(last).ok_or_else(|| bad("no such member"))?;
                sort_digests(&mut value);
                let d = Disclosure::new(Some(last), value);
                push_digest(m, d.digest());
                disclosures.push(d);
            }
            Value::Array(a) => {
                let i: usize = last.parse().map_err(|_| bad("not an array index"))?;
                let slot = a.get_mut(i).ok_or_else(|| bad("index out of range"))?;
                let mut value = slot.take();
                sort_digests(&mut value);
                let d = Disclosure::new(None, value);
                *slot = json!({ ELLIPSIS: d.digest() });
                disclosures.push(d);
            }
            _ => return Err(bad("the parent is neither an object nor an array")),
        }
    }
    if let Value::Object(m) = &mut payload {
        for _ in 0..decoys {
            push_digest(m, digest(&salt()));
        }
        m.insert(SD_ALG.into(), Value::String("sha-256".into()));
    }
    sort_digests(&mut payload);
    Ok((payload, disclosures))
}

/// Issues an SD-JWT: `<issuer-signed JWT>~<disclosure>~…~`.
pub fn issue(
    claims: &Value,
    pointers: &[String],
    decoys: usize,
    typ: &str,
    signer: &dyn JwsSigner,
) -> Result<String, SdJwtError> {
    issue_owned(claims.clone(), pointers, decoys, typ, signer)
}

/// [`issue`] on claims the caller gives up.
pub fn issue_owned(
    claims: Value,
    pointers: &[String],
    decoys: usize,
    typ: &str,
    signer: &dyn JwsSigner,
) -> Result<String, SdJwtError> {
    issue_owned_x5c(claims, pointers, decoys, typ, signer, None)
}

/// [`issue_owned`], with the issuer's certificate chain in the JWS header when `x5c` is
/// given (see [`jose::sign_with_x5c`]).
pub fn issue_owned_x5c(
    claims: Value,
    pointers: &[String],
    decoys: usize,
    typ: &str,
    signer: &dyn JwsSigner,
    x5c: Option<&[Vec<u8>]>,
) -> Result<String, SdJwtError> {
    let (payload, disclosures) = conceal_owned(claims, pointers, decoys)?;
    let bytes = payload.to_string();
    let jwt = match x5c {
        Some(chain) => jose::sign_with_x5c(bytes.as_bytes(), typ, signer, chain)?,
        None => jose::sign(bytes.as_bytes(), typ, signer)?,
    };
    let mut out = jwt;
    out.push('~');
    for d in disclosures {
        out.push_str(&d.encoded);
        out.push('~');
    }
    Ok(out)
}

/// The three parts of an SD-JWT as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts<'a> {
    pub jwt: &'a str,
    pub disclosures: Vec<&'a str>,
    /// The key-binding JWT, when the SD-JWT was presented with one.
    pub kb_jwt: Option<&'a str>,
    /// Everything up to and including the last `~`: what `sd_hash` covers.
    pub sd_part: &'a str,
}

/// Splits `<JWT>~<D1>~…~<Dn>~[<KB-JWT>]`.
pub fn split(input: &str) -> Result<Parts<'_>, SdJwtError> {
    let input = input.trim();
    if input.len() > jose::MAX_JWS_BYTES {
        return Err(SdJwtError::Malformed("larger than 1 MiB".into()));
    }
    let last_tilde = input
        .rfind('~')
        .ok_or_else(|| SdJwtError::Malformed("no '~' separator".into()))?;
    let (sd_part, kb) = input.split_at(last_tilde + 1);
    let mut pieces: Vec<&str> = sd_part[..sd_part.len() - 1].split('~').collect();
    let jwt = pieces.remove(0);
    if jwt.split('.').count() != 3 {
        return Err(SdJwtError::Malformed(
            "the issuer-signed JWT is not a compact JWS".into(),
        ));
    }
    if pieces.len() > MAX_DISCLOSURES {
        return Err(SdJwtError::Malformed("too many disclosures".into()));
    }
    if pieces.iter().any(|d| d.is_empty()) {
        return Err(SdJwtError::Malformed("empty disclosure".into()));
    }
    let kb_jwt = if kb.is_empty() {
        None
    } else if kb.split('.').count() == 3 {
        Some(kb)
    } else {
        return Err(SdJwtError::Malformed(
            "text after the last '~' is not a JWT".into(),
        ));
    };
    Ok(Parts {
        jwt,
        disclosures: pieces,
        kb_jwt,
        sd_part,
    })
}

/// Verifies the issuer's signature; returns the header and the (still concealed) payload.
pub fn verify_issuer_signed(
    parts: &Parts<'_>,
    key: impl Into<VerifyingKey>,
) -> Result<(Claims, Claims), SdJwtError> {
    let (header, payload) = jose::verify(parts.jwt, key)?;
    let payload: Map<String, Value> = serde_json::from_slice(&payload)
        .map_err(|_| SdJwtError::Malformed("the payload is not a JSON object".into()))?;
    Ok((header, payload))
}

/// Applies the disclosures to the payload (RFC 9901 §7.1): every disclosure must be
/// referenced exactly once by a digest in the signed payload or in another disclosure;
/// undisclosed array elements are removed; `_sd` and `_sd_alg` are removed.
/// Returns the processed claims and, for each disclosure, the JSON pointer of the value
/// it disclosed (in the processed claims) with the disclosure as received.
pub fn disclose(
    payload: Map<String, Value>,
    disclosures: &[&str],
) -> Result<Disclosed, SdJwtError> {
    let mut payload = payload;
    match payload.shift_remove(SD_ALG) {
        None => {}
        Some(Value::String(a)) if a == "sha-256" => {}
        Some(other) => {
            return Err(SdJwtError::UnsupportedHash(
                other.as_str().unwrap_or("non-string").to_string(),
            ))
        }
    }
    let mut by_digest: HashMap<String, Disclosure> = HashMap::new();
    for d in disclosures {
        let dec = Disclosure::decode(d)?;
        if by_digest.insert(dec.digest(), dec).is_some() {
            return Err(SdJwtError::DuplicateDigest);
        }
    }
    let mut state = Walk {
        pending: by_digest,
        seen: HashSet::new(),
        paths: Vec::new(),
    };
    let mut root = Value::Object(payload);
    state.walk(&mut root, &mut String::new())?;
    if !state.pending.is_empty() {
        return Err(SdJwtError::UnreferencedDisclosure);
    }
    let Value::Object(claims) = root else {
        return Err(SdJwtError::Malformed("payload is not an object".into()));
    };
    Ok(Disclosed {
        claims,
        disclosed: state.paths,
    })
}

struct Walk {
    pending: HashMap<String, Disclosure>,
    seen: HashSet<String>,
    /// (JSON pointer of the disclosed value, the disclosure as received)
    paths: Vec<(String, String)>,
}

/// Appends `/token` to a JSON pointer (RFC 6901 escaping).
fn push_segment(path: &mut String, token: &str) {
    path.push('/');
    for c in token.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

impl Walk {
    fn take(&mut self, d: &str) -> Result<Option<Disclosure>, SdJwtError> {
        if !self.seen.insert(d.to_string()) {
            return Err(SdJwtError::DuplicateDigest);
        }
        Ok(self.pending.remove(d))
    }

    /// Applies disclosures below `v`, whose JSON pointer is `path`. The pointer is one
    /// buffer, extended and cut back while walking, so a claim costs no allocation.
    fn walk(&mut self, v: &mut Value, path: &mut String) -> Result<(), SdJwtError> {
        let len = path.len();
        match v {
            Value::Object(m) => {
                // RFC 9901 §4.1.1: `_sd_alg` belongs to the top level alone (where
                // `disclose` has already taken it out).
                if m.contains_key(SD_ALG) {
                    return Err(SdJwtError::Malformed("_sd_alg below the top level".into()));
                }
                if let Some(sd) = m.shift_remove(SD) {
                    let Value::Array(digests) = sd else {
                        return Err(SdJwtError::Malformed("_sd is not an array".into()));
                    };
                    for d in digests {
                        let d = d.as_str().ok_or_else(|| {
                            SdJwtError::Malformed("_sd holds a non-string".into())
                        })?;
                        if let Some(dec) = self.take(d)? {
                            let name = dec.name.ok_or_else(|| {
                                SdJwtError::BadDisclosure(
                                    "an array-element disclosure is referenced from _sd".into(),
                                )
                            })?;
                            if m.contains_key(&name) {
                                return Err(SdJwtError::ClaimCollision(name));
                            }
                            push_segment(path, &name);
                            let mut value = dec.value;
                            self.paths.push((path.clone(), dec.encoded));
                            self.walk(&mut value, path)?;
                            path.truncate(len);
                            m.insert(name, value);
                        }
                    }
                }
                for (k, x) in m.iter_mut() {
                    if k == ELLIPSIS {
                        return Err(SdJwtError::Malformed(
                            "'...' outside an array element".into(),
                        ));
                    }
                    if x.is_object() || x.is_array() {
                        push_segment(path, k);
                        self.walk(x, path)?;
                        path.truncate(len);
                    }
                }
            }
            Value::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for mut e in std::mem::take(a) {
                    let digest = e
                        .as_object()
                        .filter(|o| o.len() == 1)
                        .and_then(|o| o.get(ELLIPSIS))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    match digest {
                        Some(d) => {
                            if let Some(dec) = self.take(&d)? {
                                if dec.name.is_some() {
                                    return Err(SdJwtError::BadDisclosure(
                                        "an object-member disclosure is referenced from an array"
                                            .into(),
                                    ));
                                }
                                push_segment(path, &out.len().to_string());
                                let mut value = dec.value;
                                self.paths.push((path.clone(), dec.encoded));
                                self.walk(&mut value, path)?;
                                path.truncate(len);
                                out.push(value);
                            }
                            // Undisclosed or a decoy: the element is left out.
                        }
                        None => {
                            if e.is_object() || e.is_array() {
                                push_segment(path, &out.len().to_string());
                                self.walk(&mut e, path)?;
                                path.truncate(len);
                            }
                            out.push(e);
                        }
                    }
                }
                *a = out;
            }
            _ => {}
        }
        Ok(())
    }
}

/// What a verifier asked the holder to bind the presentation to.
#[derive(Debug, Clone)]
pub struct KbExpectation<'a> {
    pub audience: &'a str,
    pub nonce: &'a str,
    /// Unix time now.
    pub now: i64,
    /// How old a key-binding JWT may be, in seconds.
    pub max_age: i64,
    /// Allowed clock difference for a JWT from the future, in seconds.
    pub skew: i64,
}

/// Refuses an issuer-signed payload that conceals anything inside a claim an SD-JWT VC
/// must keep visible (an `_sd` digest list or a `{"...": digest}` array element there):
/// whether or not the holder discloses it, the claim is not what the issuer showed.
pub fn check_nothing_concealed_within_visible(payload: &Claims) -> Result<(), SdJwtError> {
    fn conceals(v: &Value) -> bool {
        match v {
            Value::Object(m) => {
                m.contains_key(SD) || m.contains_key(ELLIPSIS) || m.values().any(conceals)
            }
            Value::Array(a) => a.iter().any(conceals),
            _ => false,
        }
    }
    for name in ALWAYS_VISIBLE {
        if payload.get(name).is_some_and(conceals) {
            return Err(SdJwtError::MustStayVisible(name.to_string()));
        }
    }
    Ok(())
}

/// Refuses disclosed claims that an SD-JWT VC must keep visible ([`ALWAYS_VISIBLE`]), at
/// the top level or anywhere inside one.
pub fn check_always_visible(d: &Disclosed) -> Result<(), SdJwtError> {
    for (pointer, _) in &d.disclosed {
        let top = pointer_tokens(pointer)?;
        if let Some(name) = top.first().filter(|t| ALWAYS_VISIBLE.contains(&t.as_str())) {
            return Err(SdJwtError::MustStayVisible(name.clone()));
        }
    }
    Ok(())
}

/// Checks the key-binding JWT (RFC 9901 §7.3) against the holder's key from `cnf`.
pub fn verify_key_binding(
    parts: &Parts<'_>,
    holder: impl Into<VerifyingKey>,
    expect: &KbExpectation<'_>,
) -> Result<Map<String, Value>, SdJwtError> {
    let kb = |m: &str| SdJwtError::KeyBinding(m.to_string());
    let jwt = parts
        .kb_jwt
        .ok_or_else(|| kb("missing: the presentation has no key-binding JWT"))?;
    let un = jose::peek(jwt).map_err(|e| kb(&e.to_string()))?;
    if un.header.get("typ").and_then(Value::as_str) != Some(TYP_KB_JWT) {
        return Err(kb("typ is not kb+jwt"));
    }
    let (_, payload) = jose::verify(jwt, holder).map_err(|e| match e {
        JwsError::BadSignature => {
            kb("signed by a key other than the credential's holder key (cnf)")
        }
        other => kb(&other.to_string()),
    })?;
    let claims: Map<String, Value> =
        serde_json::from_slice(&payload).map_err(|_| kb("payload is not a JSON object"))?;
    if claims.get("sd_hash").and_then(Value::as_str) != Some(digest(parts.sd_part).as_str()) {
        return Err(kb("sd_hash does not match the presented SD-JWT"));
    }
    if claims.get("aud").and_then(Value::as_str) != Some(expect.audience) {
        return Err(SdJwtError::KeyBindingAudience);
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(expect.nonce) {
        return Err(SdJwtError::KeyBindingNonce);
    }
    // NumericDate may be fractional (RFC 7519); compare whole seconds, and with
    // arithmetic that cannot overflow whatever number the JWT holds.
    let iat = claims
        .get("iat")
        .and_then(|v| {
            v.as_i64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 1e15)
                    .map(|f| f.floor() as i64)
            })
        })
        .ok_or_else(|| kb("iat is missing or not a time"))?;
    if iat > expect.now.saturating_add(expect.skew) {
        return Err(kb("issued in the future (iat)"));
    }
    if expect.now.saturating_sub(iat) > expect.max_age {
        return Err(kb("too old (iat)"));
    }
    Ok(claims)
}

/// The holder's key from `cnf.jwk`, or from `cnf.kid` when it is a `did:key` or
/// `did:jwk`.
pub fn holder_key(claims: &Map<String, Value>) -> Result<VerifyingKey, SdJwtError> {
    let cnf = claims
        .get("cnf")
        .ok_or_else(|| SdJwtError::KeyBinding("the credential has no holder key (cnf)".into()))?;
    if let Some(jwk) = cnf.get("jwk") {
        if jwk.get("d").is_some() {
            return Err(SdJwtError::KeyBinding("cnf carries a private key".into()));
        }
        return VerifyingKey::from_jwk(jwk).map_err(|e| SdJwtError::KeyBinding(e.to_string()));
    }
    if let Some(kid) = cnf.get("kid").and_then(Value::as_str) {
        if !(kid.starts_with("did:jwk:") || kid.starts_with("did:key:")) {
            return Err(SdJwtError::KeyBinding(
                "cnf.kid is neither a did:key nor a did:jwk".into(),
            ));
        }
        return crate::did::public_key_of(kid).map_err(|e| SdJwtError::KeyBinding(e.to_string()));
    }
    Err(SdJwtError::KeyBinding("cnf has neither jwk nor kid".into()))
}

/// The JSON pointer of every disclosure in an issued SD-JWT, without checking the
/// signature: what a wallet shows the learner to choose from. Pointers are into the
/// fully disclosed claims.
pub fn disclosure_pointers(issued: &str) -> Result<Vec<(String, String)>, SdJwtError> {
    let parts = split(issued)?;
    let un = jose::peek(parts.jwt)?;
    let Value::Object(payload) = un.payload else {
        return Err(SdJwtError::Malformed("payload is not an object".into()));
    };
    Ok(disclose(payload, &parts.disclosures)?.disclosed)
}

/// The issuer-signed JWT with only the disclosures whose pointer `keep` accepts, or that
/// lie under or above one it accepts (a kept claim needs its enclosing disclosures):
/// an SD-JWT without key binding, as shared by a link.
pub fn select(issued: &str, keep: &dyn Fn(&str) -> bool) -> Result<String, SdJwtError> {
    let parts = split(issued)?;
    let pointers = disclosure_pointers(issued)?;
    let chosen: Vec<&(String, String)> = pointers.iter().filter(|(p, _)| keep(p)).collect();
    let needed = |p: &str| {
        chosen
            .iter()
            .any(|(c, _)| c == p || c.starts_with(&format!("{p}/")))
    };
    let mut sd = format!("{}~", parts.jwt);
    for (p, d) in &pointers {
        if needed(p) {
            sd.push_str(d);
            sd.push('~');
        }
    }
    Ok(sd)
}

/// Builds a presentation: [`select`]ed disclosures and a key-binding JWT signed by the
/// holder.
pub fn present(
    issued: &str,
    keep: &dyn Fn(&str) -> bool,
    audience: &str,
    nonce: &str,
    iat: i64,
    holder: &dyn JwsSigner,
) -> Result<String, SdJwtError> {
    let sd = select(issued, keep)?;
    let kb = json!({ "iat": iat, "aud": audience, "nonce": nonce, "sd_hash": digest(&sd) });
    let kb_jwt = jose::sign(kb.to_string().as_bytes(), TYP_KB_JWT, holder)?;
    Ok(sd + &kb_jwt)
}
