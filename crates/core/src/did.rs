//! Decentralised identifiers: `did:key` and `did:jwk` (self-contained, resolved offline)
//! and DID documents such as a `did:web` issuer publishes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::keys::{KeyError, PublicKey};
use crate::pubkey::{Curve, VerifyingKey};

pub const DID_CONTEXT: &str = "https://www.w3.org/ns/did/v1";
pub const MULTIKEY_CONTEXT: &str = "https://w3id.org/security/multikey/v1";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DidError {
    #[error("'{0}' is not a DID")]
    NotADid(String),
    #[error("unsupported DID method '{0}'")]
    UnsupportedMethod(String),
    #[error("invalid {method} DID: {reason}")]
    Invalid {
        method: &'static str,
        reason: String,
    },
    #[error("key: {0}")]
    Key(#[from] KeyError),
    #[error("'{0}' is not a valid did:web domain")]
    BadDomain(String),
}

/// `did:key:z6Mk…` for an Ed25519 key (`zDn…` P-256, `z82…` P-384, `zQ3s…` secp256k1).
pub fn did_key(pk: impl Into<VerifyingKey>) -> String {
    format!("did:key:{}", pk.into().to_multibase())
}

/// The one verification method of a `did:key`: `did:key:z6Mk…#z6Mk…`.
pub fn did_key_vm(pk: impl Into<VerifyingKey>) -> String {
    let mb = pk.into().to_multibase();
    format!("did:key:{mb}#{mb}")
}

/// `did:jwk:<base64url(JWK)>` (used for SD-JWT holder binding).
pub fn did_jwk(pk: impl Into<VerifyingKey>) -> String {
    format!("did:jwk:{}", B64.encode(pk.into().to_jwk().to_string()))
}

/// Splits a DID URL into the DID and its fragment.
pub fn split_fragment(did_url: &str) -> (&str, Option<&str>) {
    match did_url.split_once('#') {
        Some((d, f)) => (d, Some(f)),
        None => (did_url, None),
    }
}

/// The method name of a DID (`key`, `web`, `jwk`).
pub fn method(did: &str) -> Result<&str, DidError> {
    let rest = did
        .strip_prefix("did:")
        .ok_or_else(|| DidError::NotADid(did.to_string()))?;
    let (m, id) = rest
        .split_once(':')
        .ok_or_else(|| DidError::NotADid(did.to_string()))?;
    if m.is_empty() || id.is_empty() {
        return Err(DidError::NotADid(did.to_string()));
    }
    Ok(m)
}

/// The key of a `did:key` or `did:jwk` of any supported curve. A well-formed key of a
/// type this build does not verify is `DidError::Key(KeyError::Unsupported)`.
pub fn public_key_of(did: &str) -> Result<VerifyingKey, DidError> {
    let (did, _) = split_fragment(did);
    match method(did)? {
        "key" => {
            let mb = &did["did:key:".len()..];
            VerifyingKey::from_multibase(mb).map_err(|e| match e {
                KeyError::Unsupported(_) => DidError::Key(e),
                other => DidError::Invalid {
                    method: "did:key",
                    reason: other.to_string(),
                },
            })
        }
        "jwk" => {
            let jwk = did_jwk_document(did)?;
            VerifyingKey::from_jwk(&jwk).map_err(|e| match e {
                KeyError::Unsupported(_) => DidError::Key(e),
                other => DidError::Invalid {
                    method: "did:jwk",
                    reason: other.to_string(),
                },
            })
        }
        other => Err(DidError::UnsupportedMethod(other.to_string())),
    }
}

/// The key of a `did:key` (Ed25519 only).
pub fn parse_did_key(did: &str) -> Result<PublicKey, DidError> {
    let (did, _) = split_fragment(did);
    let mb = did
        .strip_prefix("did:key:")
        .ok_or_else(|| DidError::NotADid(did.to_string()))?;
    PublicKey::from_multibase(mb).map_err(|e| DidError::Invalid {
        method: "did:key",
        reason: e.to_string(),
    })
}

/// The key of a `did:jwk` (Ed25519 only).
pub fn parse_did_jwk(did: &str) -> Result<PublicKey, DidError> {
    let jwk = did_jwk_document(did)?;
    PublicKey::from_jwk(&jwk).map_err(|e| DidError::Invalid {
        method: "did:jwk",
        reason: e.to_string(),
    })
}

/// The public JWK a `did:jwk` encodes.
fn did_jwk_document(did: &str) -> Result<Value, DidError> {
    let (did, _) = split_fragment(did);
    let enc = did
        .strip_prefix("did:jwk:")
        .ok_or_else(|| DidError::NotADid(did.to_string()))?;
    let invalid = |reason: &str| DidError::Invalid {
        method: "did:jwk",
        reason: reason.to_string(),
    };
    if enc.len() > 1024 {
        return Err(invalid("too long"));
    }
    let bytes = B64.decode(enc).map_err(|_| invalid("not base64url"))?;
    let jwk: Value = serde_json::from_slice(&bytes).map_err(|_| invalid("not a JSON JWK"))?;
    if jwk.get("d").is_some() {
        return Err(invalid("contains a private key"));
    }
    Ok(jwk)
}

/// `did:web:example.fi` (or `did:web:example.fi:issuers:tredu` for a path).
pub fn did_web(domain: &str, path: &[&str]) -> Result<String, DidError> {
    let host_ok = !domain.is_empty()
        && domain.len() <= 253
        && domain.split(':').next().is_some_and(|h| {
            h.split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        });
    if !host_ok {
        return Err(DidError::BadDomain(domain.to_string()));
    }
    let mut did = format!("did:web:{}", domain.replace(':', "%3A"));
    for p in path {
        did.push(':');
        did.push_str(p);
    }
    Ok(did)
}

/// Where a `did:web` document lives: `https://example.fi/.well-known/did.json`, or
/// `https://example.fi/issuers/tredu/did.json` for a DID with a path.
pub fn did_web_url(did: &str) -> Result<String, DidError> {
    let (did, _) = split_fragment(did);
    let rest = did
        .strip_prefix("did:web:")
        .ok_or_else(|| DidError::NotADid(did.to_string()))?;
    let mut parts = rest.split(':');
    let host = parts
        .next()
        .unwrap_or("")
        .replace("%3A", ":")
        .replace("%3a", ":");
    let path: Vec<&str> = parts.collect();
    let host_name = host.split(':').next().unwrap_or("");
    if host_name.is_empty()
        || host.contains('/')
        || host.contains('@')
        || !host_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        || path.iter().any(|p| {
            p.is_empty()
                || *p == ".."
                || !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~%".contains(c))
        })
    {
        return Err(DidError::Invalid {
            method: "did:web",
            reason: format!("cannot turn {did} into a URL"),
        });
    }
    let scheme = if is_loopback_host(host_name) {
        "http"
    } else {
        "https"
    };
    Ok(if path.is_empty() {
        format!("{scheme}://{host}/.well-known/did.json")
    } else {
        format!("{scheme}://{host}/{}/did.json", path.join("/"))
    })
}

/// Plain HTTP is allowed only to this machine (tests, a local demo); anything else must
/// use HTTPS.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A verification method of a DID document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationMethod {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub controller: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_multibase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_jwk: Option<Value>,
    /// The raw key in base58 of the 2018–2019 key types (`Ed25519VerificationKey2018`,
    /// `EcdsaSecp256k1VerificationKey2019`), still met in older issuers' documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_base58: Option<String>,
}

impl VerificationMethod {
    pub fn multikey(id: String, controller: String, pk: impl Into<VerifyingKey>) -> Self {
        VerificationMethod {
            id,
            kind: "Multikey".into(),
            controller,
            public_key_multibase: Some(pk.into().to_multibase()),
            public_key_jwk: None,
            public_key_base58: None,
        }
    }

    /// The key, from `publicKeyMultibase` (Multikey, Ed25519VerificationKey2020),
    /// `publicKeyJwk` (JsonWebKey, JsonWebKey2020, EcdsaSecp256k1VerificationKey2019) or
    /// `publicKeyBase58` (Ed25519VerificationKey2018, EcdsaSecp256k1VerificationKey2019).
    /// A key whose type contradicts its encoding is refused.
    pub fn public_key(&self) -> Result<VerifyingKey, KeyError> {
        let key = match (
            &self.public_key_multibase,
            &self.public_key_jwk,
            &self.public_key_base58,
        ) {
            (Some(mb), _, _) => VerifyingKey::from_multibase(mb)?,
            (None, Some(jwk), _) => VerifyingKey::from_jwk(jwk)?,
            (None, None, Some(b58)) => match self.kind.as_str() {
                "Ed25519VerificationKey2018" => VerifyingKey::from_base58_ed25519(b58)?,
                "EcdsaSecp256k1VerificationKey2019" => {
                    let bytes = bs58::decode(b58)
                        .into_vec()
                        .map_err(|_| KeyError::BadJwk("publicKeyBase58 is not base58"))?;
                    VerifyingKey::from_bytes(Curve::Secp256k1, &bytes)?
                }
                other => {
                    return Err(KeyError::Unsupported(format!(
                        "publicKeyBase58 in a {other}"
                    )))
                }
            },
            (None, None, None) => return Err(KeyError::BadJwk("the method has no public key")),
        };
        let fits = match self.kind.as_str() {
            "Ed25519VerificationKey2020" | "Ed25519VerificationKey2018" => {
                key.curve() == Curve::Ed25519
            }
            "EcdsaSecp256k1VerificationKey2019" => key.curve() == Curve::Secp256k1,
            _ => true,
        };
        if !fits {
            return Err(KeyError::BadJwk("the key is not of the method's type"));
        }
        Ok(key)
    }
}

/// A reference to a verification method, or one embedded in a relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VmRef {
    Id(String),
    Embedded(VerificationMethod),
}

impl VmRef {
    fn id(&self) -> &str {
        match self {
            VmRef::Id(s) => s,
            VmRef::Embedded(vm) => &vm.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidDocument {
    #[serde(rename = "@context", default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verification_method: Vec<VerificationMethod>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertion_method: Vec<VmRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authentication: Vec<VmRef>,
}

/// What a verification method is used for, as DID documents name the relationships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    AssertionMethod,
    Authentication,
}

impl DidDocument {
    pub fn new(id: String) -> Self {
        DidDocument {
            context: vec![DID_CONTEXT.into(), MULTIKEY_CONTEXT.into()],
            id,
            verification_method: Vec::new(),
            assertion_method: Vec::new(),
            authentication: Vec::new(),
        }
    }

    /// The document of a `did:key` or `did:jwk`, derived from the DID itself.
    pub fn for_self_describing(did: &str) -> Result<DidDocument, DidError> {
        let (did, _) = split_fragment(did);
        let pk = public_key_of(did)?;
        let vm_id = match method(did)? {
            "key" => format!("{did}#{}", &did["did:key:".len()..]),
            _ => format!("{did}#0"),
        };
        let mut doc = DidDocument::new(did.to_string());
        doc.add_key(vm_id, pk);
        Ok(doc)
    }

    /// Adds a key for both assertions (signing credentials) and authentication
    /// (presentations). Existing keys stay, so earlier credentials still verify.
    pub fn add_key(&mut self, vm_id: String, pk: impl Into<VerifyingKey>) {
        self.verification_method.push(VerificationMethod::multikey(
            vm_id.clone(),
            self.id.clone(),
            pk,
        ));
        self.assertion_method.push(VmRef::Id(vm_id.clone()));
        self.authentication.push(VmRef::Id(vm_id));
    }

    /// The key behind `vm_id`, if it belongs to this DID, is controlled by it, and is
    /// authorised for `purpose`. Relative ids (`#key-1`) are resolved against the DID.
    pub fn key_for(&self, vm_id: &str, purpose: Purpose) -> Result<VerifyingKey, KeyRefusal> {
        let absolute = |id: &str| {
            if id.starts_with('#') {
                format!("{}{id}", self.id)
            } else {
                id.to_string()
            }
        };
        let wanted = absolute(vm_id);
        if split_fragment(&wanted).0 != self.id {
            return Err(KeyRefusal::NotThisDid);
        }
        let rel = match purpose {
            Purpose::AssertionMethod => &self.assertion_method,
            Purpose::Authentication => &self.authentication,
        };
        let authorised = rel.iter().find(|r| absolute(r.id()) == wanted);
        let Some(r) = authorised else {
            return Err(KeyRefusal::NotAuthorised(purpose));
        };
        let vm = match r {
            VmRef::Embedded(vm) => vm,
            VmRef::Id(_) => self
                .verification_method
                .iter()
                .find(|vm| absolute(&vm.id) == wanted)
                .ok_or(KeyRefusal::Unknown)?,
        };
        if vm.controller != self.id {
            return Err(KeyRefusal::WrongController);
        }
        vm.public_key().map_err(KeyRefusal::BadKey)
    }
}

/// Why a DID document does not give a key for a verification method.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyRefusal {
    #[error("the verification method does not belong to the issuer's DID")]
    NotThisDid,
    #[error("the verification method is not authorised for {0:?}")]
    NotAuthorised(Purpose),
    #[error("the DID document has no such verification method")]
    Unknown,
    #[error("the verification method is controlled by someone else")]
    WrongController,
    #[error("unusable key: {0}")]
    BadKey(KeyError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SecretKey;

    #[test]
    fn did_key_and_jwk_round_trip() {
        let pk = SecretKey::generate().public();
        let did = did_key(pk);
        assert!(did.starts_with("did:key:z6Mk"));
        assert_eq!(parse_did_key(&did).unwrap(), pk);
        assert_eq!(parse_did_key(&did_key_vm(pk)).unwrap(), pk);
        let dj = did_jwk(pk);
        assert_eq!(parse_did_jwk(&dj).unwrap(), pk);
        assert!(parse_did_key("did:key:zQ3sh").is_err());
        assert!(parse_did_jwk("did:jwk:!!!").is_err());
        assert_eq!(method("did:web:example.fi"), Ok("web"));
        assert!(method("did:web").is_err());
    }

    #[test]
    fn did_key_and_jwk_of_every_curve() {
        for mb in [
            "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
            "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ",
            "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
        ] {
            let did = format!("did:key:{mb}");
            let key = public_key_of(&did).unwrap();
            let doc = DidDocument::for_self_describing(&did).unwrap();
            assert_eq!(
                doc.key_for(&format!("{did}#{mb}"), Purpose::AssertionMethod),
                Ok(key)
            );
            let jwk = did_jwk(key);
            assert_eq!(public_key_of(&jwk).unwrap(), key);
            let doc = DidDocument::for_self_describing(&jwk).unwrap();
            assert_eq!(
                doc.key_for(&format!("{jwk}#0"), Purpose::AssertionMethod),
                Ok(key)
            );
        }
        // An RSA did:jwk is a real key of a type not verified here.
        let rsa = format!(
            "did:jwk:{}",
            B64.encode(r#"{"kty":"RSA","n":"0vx7","e":"AQAB"}"#)
        );
        assert!(matches!(
            public_key_of(&rsa),
            Err(DidError::Key(KeyError::Unsupported(_)))
        ));
        assert!(matches!(
            public_key_of("did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVQ"),
            Err(DidError::Invalid { .. })
        ));
    }

    #[test]
    fn older_key_encodings() {
        let pk = SecretKey::from_seed(&[2; 32]).public();
        let mut vm = VerificationMethod::multikey("did:web:x#k".into(), "did:web:x".into(), pk);
        vm.kind = "Ed25519VerificationKey2018".into();
        vm.public_key_multibase = None;
        vm.public_key_base58 = Some(bs58::encode(pk.to_bytes()).into_string());
        assert_eq!(vm.public_key(), Ok(pk.into()));
        vm.kind = "Ed25519VerificationKey2020".into();
        vm.public_key_base58 = None;
        vm.public_key_jwk = Some(
            VerifyingKey::from_multibase("zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP")
                .unwrap()
                .to_jwk(),
        );
        assert!(
            vm.public_key().is_err(),
            "a P-256 key is no Ed25519VerificationKey2020"
        );
    }

    #[test]
    fn did_web_urls() {
        assert_eq!(did_web("example.fi", &[]).unwrap(), "did:web:example.fi");
        assert_eq!(
            did_web_url("did:web:example.fi").unwrap(),
            "https://example.fi/.well-known/did.json"
        );
        assert_eq!(
            did_web_url("did:web:example.fi:issuers:tredu#key-1").unwrap(),
            "https://example.fi/issuers/tredu/did.json"
        );
        assert_eq!(
            did_web_url("did:web:127.0.0.1%3A8080").unwrap(),
            "http://127.0.0.1:8080/.well-known/did.json"
        );
        for bad in [
            "did:web:",
            "did:web:a/b",
            "did:web:user@evil",
            "did:web:x:..:y",
            "did:web:ex ample",
        ] {
            assert!(did_web_url(bad).is_err(), "{bad}");
        }
        assert!(did_web("bad domain", &[]).is_err());
    }

    #[test]
    fn key_lookup_checks_ownership_and_purpose() {
        let k1 = SecretKey::generate().public();
        let k2 = SecretKey::generate().public();
        let mut doc = DidDocument::new("did:web:example.fi".into());
        doc.add_key("did:web:example.fi#key-1".into(), k1);
        doc.verification_method.push(VerificationMethod::multikey(
            "did:web:example.fi#auth-only".into(),
            "did:web:example.fi".into(),
            k2,
        ));
        doc.authentication.push(VmRef::Id("#auth-only".into()));
        assert_eq!(
            doc.key_for("did:web:example.fi#key-1", Purpose::AssertionMethod),
            Ok(k1.into())
        );
        assert_eq!(
            doc.key_for("#key-1", Purpose::AssertionMethod),
            Ok(k1.into())
        );
        assert_eq!(
            doc.key_for("did:web:example.fi#auth-only", Purpose::AssertionMethod),
            Err(KeyRefusal::NotAuthorised(Purpose::AssertionMethod))
        );
        assert_eq!(
            doc.key_for("did:web:example.fi#auth-only", Purpose::Authentication),
            Ok(k2.into())
        );
        assert_eq!(
            doc.key_for("did:web:evil.example#key-1", Purpose::AssertionMethod),
            Err(KeyRefusal::NotThisDid)
        );
        // A method listed under the DID but controlled by someone else.
        let mut doc2 = doc.clone();
        doc2.verification_method[0].controller = "did:web:evil.example".into();
        assert_eq!(
            doc2.key_for("#key-1", Purpose::AssertionMethod),
            Err(KeyRefusal::WrongController)
        );
        let dk = DidDocument::for_self_describing(&did_key(k1)).unwrap();
        assert_eq!(
            dk.key_for(&did_key_vm(k1), Purpose::AssertionMethod),
            Ok(k1.into())
        );
    }
}
