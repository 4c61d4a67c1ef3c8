//! The entry points of microcred's fuzz targets: one function per parser that takes
//! outside input, each taking arbitrary bytes and required never to panic, hang or
//! exhaust memory — errors are the expected outcome.
//!
//! The libFuzzer targets under `fuzz/` (nightly, `cargo fuzz`) call these, and so does
//! `tests/replay.rs` on stable: every file of every target's corpus, crashers included,
//! is run through the same function by `cargo test --workspace`, so a crash once found
//! stays fixed. See docs/security.md.

use std::io::Write;
use std::sync::{Arc, OnceLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use flate2::write::{DeflateEncoder, GzEncoder};
use flate2::Compression;

use serde_json::Value;

use microcred_core::fetch::FetchPolicy;
use microcred_core::keys::SecretKey;
use microcred_core::{di, did, jose, qrpack, sdjwt, status};
use microcred_model::validate::{self, Options};
use microcred_verifier::{Expectation, MapFetch, TrustList, Verifier};

/// A target's entry point: any bytes in, no panic out.
pub type Target = fn(&[u8]);

/// Every target: its name (the directory of its corpus) and its entry point.
pub const TARGETS: &[(&str, Target)] = &[
    ("verify_input", verify_input),
    ("jws", jws),
    ("sd_jwt", sd_jwt),
    ("json_ld_rdfc", json_ld_rdfc),
    ("qr_pack", qr_pack),
    ("status_list", status_list),
    ("did_document", did_document),
    ("spec_award", spec_award),
    ("learner_csv", learner_csv),
    ("oid4vci", oid4vci),
];

fn text(data: &[u8]) -> &str {
    std::str::from_utf8(data).unwrap_or_default()
}

/// A key nothing else uses, for checking signatures against.
fn key() -> &'static SecretKey {
    static KEY: OnceLock<SecretKey> = OnceLock::new();
    KEY.get_or_init(|| SecretKey::from_seed(&[0x5a; 32]))
}

/// Whatever `microcred verify`, `/verify` and `/check` are handed: recognised, taken
/// apart and checked, offline (a fuzz target must not touch the network).
pub fn verify_input(data: &[u8]) {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    let v = VERIFIER.get_or_init(|| {
        Verifier::new(
            Arc::new(MapFetch::new()),
            TrustList::empty(),
            Default::default(),
        )
    });
    let expect = Expectation {
        challenge: Some("c".into()),
        domain: Some("d".into()),
    };
    let report = futures_executor::block_on(v.verify(data, &expect));
    let _ = report.to_json(microcred_model::Lang::Fi);
    let _ = report.to_text(microcred_model::Lang::Sv);
}

/// Compact JWS: the header and payload read, the signature checked against a key, and
/// the self-signed form (a `jwk` or `did:key` in the header) the OID4VCI proof uses.
pub fn jws(data: &[u8]) {
    let t = text(data);
    let _ = jose::peek(t);
    if let Ok(h) = jose::peek_header(t) {
        let _ = jose::check_header(&h);
        let _ = jose::verify_with_header(t, &h, &key().public());
    }
    let _ = jose::verify(t, &key().public());
    let _ = jose::verify_self_signed(t);
}

/// SD-JWT: split, disclosures decoded and applied, the VC rules, key binding.
pub fn sd_jwt(data: &[u8]) {
    let t = text(data);
    let Ok(parts) = sdjwt::split(t) else {
        let _ = sdjwt::Disclosure::decode(t);
        return;
    };
    for d in &parts.disclosures {
        let _ = sdjwt::Disclosure::decode(d);
    }
    if let Ok(Value::Object(payload)) = jose::peek(parts.jwt).map(|u| u.payload) {
        let _ = sdjwt::check_nothing_concealed_within_visible(&payload);
        if let Ok(d) = sdjwt::disclose(payload, &parts.disclosures) {
            let _ = sdjwt::check_always_visible(&d);
            if let Ok(holder) = sdjwt::holder_key(&d.claims) {
                let _ = sdjwt::verify_key_binding(
                    &parts,
                    &holder,
                    &sdjwt::KbExpectation {
                        audience: "a",
                        nonce: "n",
                        now: 1_800_000_000,
                        max_age: 300,
                        skew: 60,
                    },
                );
            }
        }
    }
    let _ = sdjwt::disclosure_pointers(t);
    let _ = sdjwt::select(t, &|p: &str| p.len().is_multiple_of(2));
}

/// JSON-LD expansion (fast walker and the general processor) and RDFC-1.0, as a Data
/// Integrity proof needs them.
pub fn json_ld_rdfc(data: &[u8]) {
    let Ok(doc) = microcred_verifier::input::parse_json(data) else {
        return;
    };
    let _ = di::canonical_fast(&doc);
    let _ = di::canonical_document(&doc);
    if let Ok(cfg) = di::ProofConfig::of(&doc) {
        let _ = di::canonical_proof_config(&doc, &cfg);
    }
    let _ = di::verify(&doc, &key().public());
}

/// `MC1:` QR packs, and base45. Text that is no pack is either the packed bytes
/// themselves (first byte even: compressed and encoded here, so that mutations reach the
/// unpacker's reader rather than dying in Base45 or the inflater) or a credential to pack
/// (first byte odd). Whatever packs must unpack to the same text, byte for byte: the
/// signature depends on it.
pub fn qr_pack(data: &[u8]) {
    let t = text(data);
    let _ = qrpack::base45_decode(t);
    let unpacked = if t.trim_start().starts_with(qrpack::PREFIX) {
        qrpack::unpack(t)
    } else {
        let Some((which, rest)) = data.split_first() else {
            return;
        };
        if which % 2 == 0 {
            let mut z = DeflateEncoder::new(Vec::new(), Compression::fast());
            if z.write_all(rest).is_err() {
                return;
            }
            let Ok(compressed) = z.finish() else {
                return;
            };
            let encoded = qrpack::base45_encode(&compressed);
            assert_eq!(
                qrpack::base45_decode(&encoded).as_ref(),
                Ok(&compressed),
                "Base45 must decode what it encodes"
            );
            qrpack::unpack(&format!("{}{encoded}", qrpack::PREFIX))
        } else {
            Ok(text(rest).to_string())
        }
    };
    if let Ok(credential) = unpacked {
        if let Ok(packed) = qrpack::pack(&credential) {
            assert_eq!(
                qrpack::unpack(&packed).as_deref(),
                Ok(credential.as_str()),
                "a packed credential must unpack to itself"
            );
        }
    }
}

/// A Bitstring Status List's `encodedList`, decoded and kept compact. Text starting with
/// `u` is an `encodedList`; other bytes are, after their first, either the gzip stream
/// itself (first byte even) or the start of a list of the minimum size (odd), so that
/// mutations reach the decompressor and the compact forms. The compact form must answer
/// as the bitstring does.
pub fn status_list(data: &[u8]) {
    let decoded = match data.split_first() {
        Some((b'u', _)) => status::Bitstring::decode(text(data)),
        Some((which, rest)) if which % 2 == 0 => {
            status::Bitstring::decode(&format!("u{}", B64.encode(rest)))
        }
        Some((_, rest)) => {
            let mut bits = vec![0u8; status::MIN_ENTRIES / 8];
            let n = rest.len().min(bits.len());
            bits[..n].copy_from_slice(&rest[..n]);
            let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
            if gz.write_all(&bits).is_err() {
                return;
            }
            let Ok(compressed) = gz.finish() else {
                return;
            };
            status::Bitstring::decode(&format!("u{}", B64.encode(compressed)))
        }
        None => return,
    };
    let Ok(list) = decoded else {
        return;
    };
    let len = list.len();
    let bits = status::StatusBits::new(list.clone());
    assert_eq!(bits.len(), len);
    let mut probe = vec![0, 1, len / 2, len.saturating_sub(1), len, usize::MAX];
    probe.extend(
        data.iter()
            .take(64)
            .enumerate()
            .map(|(i, b)| i * 8 + usize::from(b % 8)),
    );
    for i in probe {
        assert_eq!(bits.get(i).ok(), list.get(i).ok(), "entry {i}");
    }
    if let status::StatusBits::Sparse { .. } = bits {
        assert!(
            bits.heap_bytes() < len / 8,
            "set positions kept though larger"
        );
    }
    assert_eq!(
        status::Bitstring::decode(&list.encode()).as_ref(),
        Ok(&list),
        "a list must decode to what was encoded"
    );
}

/// DIDs and DID documents: parsing identifiers, URLs of did:web, documents and the keys
/// they authorise.
pub fn did_document(data: &[u8]) {
    let t = text(data);
    let _ = did::method(t);
    let _ = did::parse_did_key(t);
    let _ = did::parse_did_jwk(t);
    let _ = did::did_web_url(t);
    let _ = did::DidDocument::for_self_describing(t);
    if let Ok(url) = did::did_web_url(t) {
        let _ = FetchPolicy::public().check(&url);
    }
    let _ = FetchPolicy::public().check(t);
    if let Ok(mut v) = serde_json::from_slice::<Value>(data) {
        if let Value::Object(m) = &mut v {
            m.remove("@context");
        }
        if let Ok(doc) = serde_json::from_value::<did::DidDocument>(v) {
            for vm in &doc.verification_method {
                let _ = vm.public_key();
                let _ = doc.key_for(&vm.id, did::Purpose::AssertionMethod);
                let _ = doc.key_for(&vm.id, did::Purpose::Authentication);
            }
        }
    }
}

/// Specifications, awards and issuer profiles, validated and rendered.
pub fn spec_award(data: &[u8]) {
    let opts = Options::default();
    if let Ok((spec, _)) = validate::load_specification(data, &opts) {
        let _ = validate::load_award(data, Some(&spec), None, &opts);
    }
    let _ = validate::load_award(data, None, None, &opts);
    let _ = validate::load_issuer_profile(data);
    if let Ok(v) = serde_json::from_slice::<Value>(data) {
        let _ = microcred_model::credential::eu_elements(&v);
        let _ = microcred_model::credential::disclosable_claims(&v);
    }
}

struct Provider {
    _dir: tempfile::TempDir,
    issuer: microcred_issuer::Issuer,
    spec: microcred_model::Specification,
}

fn provider() -> &'static Provider {
    static P: OnceLock<Provider> = OnceLock::new();
    P.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let issuer = microcred_issuer::demo::init_demo(&dir.path().join("issuer"), None)
            .expect("the demo issuer");
        let spec = validate::load_specification(
            microcred_issuer::demo::EXAMPLE_SPECS[0].as_bytes(),
            &Options::default(),
        )
        .expect("an example specification")
        .0;
        Provider {
            _dir: dir,
            issuer,
            spec,
        }
    })
}

/// A cohort's learner list (CSV), read and checked row by row against a specification.
pub fn learner_csv(data: &[u8]) {
    let p = provider();
    for format in microcred_issuer::Format::ALL {
        let _ = microcred_issuer::cohort::read_csv(
            data,
            &p.spec,
            &p.issuer,
            "2026-05-29",
            format,
            microcred_model::Lang::Fi,
        );
    }
}

struct Server {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    access_token: String,
    _dir: tempfile::TempDir,
}

fn server() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = microcred_server::Config {
            listen: "127.0.0.1:9".parse().expect("an address"),
            data: dir.path().to_path_buf(),
            role: microcred_server::Role::Issuer,
            base_url: "http://127.0.0.1:9".into(),
            trust_list: None,
            share_rate: 1_000_000,
            registration: false,
            max_accounts: 1,
            offer_issuers: Vec::new(),
            connections: Default::default(),
        };
        let state = microcred_server::build_state(config).expect("server state");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let app = microcred_server::router(state.clone());
        // An access token, so that credential requests get past authorisation.
        let issuer = state.issuer.as_ref().expect("an issuer");
        let spec = issuer
            .spec("tapahtumatekniikan-osaajaksi")
            .expect("the example specification");
        let (mut award, _) = validate::load_award(
            include_bytes!("../../../examples/awards/tapahtumatekniikka-maija.json"),
            Some(&spec),
            Some(issuer.profile()),
            &Options::default(),
        )
        .expect("the example award");
        award.json_schema = None;
        let offer = issuer
            .create_offer(&spec.id, award, microcred_issuer::Format::Jwt, false)
            .expect("an offer");
        let form = format!(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code={}",
            microcred_core::pct::percent_encode(&offer.pre_authorized_code)
        );
        let resp = runtime.block_on(call(&app, "/token", form.into_bytes(), None));
        let access_token = serde_json::from_slice::<Value>(&resp)
            .ok()
            .and_then(|v| v["access_token"].as_str().map(str::to_string))
            .unwrap_or_default();
        Server {
            runtime,
            app,
            access_token,
            _dir: dir,
        }
    })
}

async fn call(app: &axum::Router, path: &str, body: Vec<u8>, bearer: Option<&str>) -> Vec<u8> {
    use tower::Service;
    let mut req = axum::http::Request::post(path);
    if let Some(b) = bearer {
        req = req.header("authorization", format!("Bearer {b}"));
    }
    let Ok(req) = req.body(axum::body::Body::from(body)) else {
        return Vec::new();
    };
    let mut app = app.clone();
    let Ok(resp) = app.call(req).await;
    axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default()
}

/// OpenID4VCI as both ends read it: the issuer's token and credential requests (through
/// its HTTP routes), and the wallet's credential offers. The first byte chooses.
pub fn oid4vci(data: &[u8]) {
    let Some((which, rest)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 | 1 => {
            let s = server();
            let (path, bearer) = if which % 4 == 0 {
                ("/token", None)
            } else {
                ("/credential", Some(s.access_token.as_str()))
            };
            s.runtime
                .block_on(call(&s.app, path, rest.to_vec(), bearer));
        }
        2 => {
            let _ = microcred_wallet::oid4vci::read_offer_uri(text(rest), &FetchPolicy::public());
        }
        _ => {
            if let Ok(v) = serde_json::from_slice::<Value>(rest) {
                let _ = microcred_wallet::oid4vci::read_offer(&v, &FetchPolicy::public());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// Without an access token the credential endpoint would refuse every input before
    /// reading it, and the target would fuzz nothing but authorisation.
    #[test]
    fn the_oid4vci_target_holds_an_access_token() {
        assert!(!super::server().access_token.is_empty());
    }
}
