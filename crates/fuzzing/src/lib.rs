//! The entry points of microcred's fuzz targets: one function per parser that takes
//! outside input, each taking arbitrary bytes and required never to panic, hang or
//! exhaust memory — errors are the expected outcome.
//!
//! The libFuzzer targets under `fuzz/` (nightly, `cargo fuzz`) call these, and so does
//! `tests/replay.rs` on stable: every file of every target's corpus, crashers included,
//! is run through the same function by `cargo test --workspace`, so a crash once found
//! stays fixed. See docs/security.md.
// An invariant that does not hold must panic: that is how the fuzzer reports it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, OnceLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use flate2::write::{DeflateEncoder, GzEncoder};
use flate2::Compression;

use serde_json::Value;

use microcred_core::fetch::FetchPolicy;
use microcred_core::keys::SecretKey;
use microcred_core::{dcql, di, did, jose, qrpack, sdjwt, status, tsl, x509};
use microcred_model::validate::{self, Options as ValidationOptions};
use microcred_model::Lang;
use microcred_verifier::{Expectation, Links, MapFetch, Options, TrustList, Verifier};

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
    ("learner_list", learner_list),
    ("oid4vci", oid4vci),
    ("oid4vp", oid4vp),
    ("qr_image", qr_image),
];

/// The moment every target judges time at (2027-01-01T00:00:00Z), so that a run depends
/// on its input only. Seeds are made to be current then.
pub const NOW: i64 = 1_798_761_600;

fn text(data: &[u8]) -> &str {
    std::str::from_utf8(data).unwrap_or_default()
}

/// A key nothing else uses, for checking signatures against.
fn key() -> &'static SecretKey {
    static KEY: OnceLock<SecretKey> = OnceLock::new();
    KEY.get_or_init(|| SecretKey::from_seed(&[0x5a; 32]))
}

/// Where the provider's lists are published (the seeds' credentials name it).
pub const ISSUER_BASE: &str = "https://opisto.example.fi";

/// The verifier the targets share: offline (a fuzz target must not touch the network),
/// with the demo provider's status lists on an in-memory internet, so that credentials
/// of the seeds get their status checked; every other fetch fails as an unreachable
/// address would. It judges time at [`NOW`].
pub fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let fetch = MapFetch::new();
        let issuer = &provider().issuer;
        for list in 1..=2 {
            let _ = issuer.publish_status(list);
            for purpose in [
                status::StatusPurpose::Message,
                status::StatusPurpose::Revocation,
                status::StatusPurpose::Suspension,
            ] {
                if let Ok(body) = std::fs::read(issuer.status_list_path(purpose, list)) {
                    fetch.insert(&issuer.status_list_url(purpose, list), body);
                }
            }
            if let Ok(body) = std::fs::read(issuer.status_token_path(list)) {
                fetch.insert(&issuer.status_token_url(list), body);
            }
        }
        Verifier::new(
            Arc::new(fetch),
            TrustList::empty(),
            Options {
                now: chrono::DateTime::from_timestamp(NOW, 0),
                ..Options::default()
            },
        )
    })
}

/// The challenge and domain the verify-input seeds' presentations are bound to.
pub const CHALLENGE: &str = "c";
pub const DOMAIN: &str = "d";

/// Whatever `microcred verify`, `/verify` and `/check` are handed: recognised (a
/// credential in any format, a pack, a share link, an offer, a picture), taken apart and
/// checked, and the report written.
pub fn verify_input(data: &[u8]) {
    let expect = Expectation {
        challenge: Some(CHALLENGE.into()),
        domain: Some(DOMAIN.into()),
        ..Expectation::default()
    };
    let checked = futures_executor::block_on(verifier().check_any(data, &expect, &Links::NONE));
    let _ = checked.exit_code();
    for report in &checked.reports {
        let _ = report.to_json(Lang::Fi);
        let _ = report.to_text(Lang::Sv);
    }
}

/// Compact JWS: the header and payload read, the signature checked against a key, and
/// the self-signed form (a `jwk` or `did:key` in the header) the OID4VCI proof uses.
pub fn jws(data: &[u8]) {
    let t = text(data);
    let _ = jose::peek(t);
    if let Ok(h) = jose::peek_header(t) {
        let _ = jose::check_header(&h);
        let _ = jose::verify_with_header(t, &h, key().public());
    }
    let _ = jose::verify(t, key().public());
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
                    holder,
                    &sdjwt::KbExpectation {
                        audience: DOMAIN,
                        nonce: CHALLENGE,
                        now: NOW,
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
    let _ = di::verify(&doc, key().public());
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
    if data.first() == Some(&b'{') {
        token_status_list(data);
        return;
    }
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

/// An IETF Token Status List: the `status_list` claim of a Status List Token (bits and
/// ZLIB-compressed bytes) and a Referenced Token's `status.status_list`. Every index of
/// the list must read within its bits, and the list survive being written and read.
fn token_status_list(data: &[u8]) {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let _ = tsl::reference(&v);
    let claim = v.pointer("/status_list").unwrap_or(&v);
    let Ok(list) = tsl::StatusList::from_claim(claim) else {
        return;
    };
    let len = list.len() as u64;
    for i in [0, 1, len / 2, len.saturating_sub(1), len, u64::MAX] {
        if let Ok(status) = list.get(i) {
            assert!(
                u32::from(status) < 1 << list.bits(),
                "entry {i} is wider than its bits"
            );
        }
    }
    let again = tsl::StatusList::from_claim(&list.to_claim());
    assert_eq!(again.map(|l| l.len()).ok(), Some(list.len()));
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
    // Trust lists: the file form and the signed form fetched from trustListUrl.
    if let Ok(list) = TrustList::from_json(data) {
        for issuer in list.issuers() {
            let _ = list.lookup(&issuer.did);
        }
    }
    let _ = TrustList::from_signed(data, &did::did_key(key().public()));
}

/// Specifications, awards and issuer profiles, validated and rendered.
pub fn spec_award(data: &[u8]) {
    let opts = ValidationOptions::default();
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
        let issuer =
            microcred_issuer::demo::init_demo(&dir.path().join("issuer"), Some(ISSUER_BASE.into()))
                .expect("the demo issuer");
        let spec = validate::load_specification(
            microcred_issuer::demo::EXAMPLE_SPECS[0].as_bytes(),
            &ValidationOptions::default(),
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

/// A cohort's learner list, as the issuer reads it: CSV, or an .xlsx spreadsheet told
/// apart by content, checked row by row against a specification. Input starting with `<`
/// is the first worksheet's XML, put into a workbook here so that mutations reach the
/// spreadsheet's cells rather than dying in the ZIP archive's checksums.
pub fn learner_list(data: &[u8]) {
    let p = provider();
    let read = |bytes: &[u8]| {
        for format in microcred_issuer::Format::ALL {
            let _ = microcred_issuer::cohort::read_learners(
                bytes,
                &p.spec,
                &p.issuer,
                &microcred_issuer::cohort::ReadOptions {
                    default_issued: "2026-05-29",
                    format,
                    lang: Lang::Fi,
                    confirm_expired: false,
                },
            );
        }
    };
    if data.first() == Some(&b'<') {
        if let Ok(book) = workbook(data) {
            read(&book);
        }
    } else {
        read(data);
    }
}

const XLSX_PARTS: [(&str, &str); 5] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Oppijat" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    ),
    (
        // Style 1 is a date (number format 14), as Excel writes a date cell.
        "xl/styles.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#,
    ),
];

/// A one-sheet workbook whose worksheet is `sheet` (SpreadsheetML), as Excel would save it.
pub fn workbook(sheet: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in XLSX_PARTS {
        out.start_file(name, opts).map_err(std::io::Error::other)?;
        out.write_all(text.as_bytes())?;
    }
    out.start_file("xl/worksheets/sheet1.xml", opts)
        .map_err(std::io::Error::other)?;
    out.write_all(sheet)?;
    Ok(out.finish().map_err(std::io::Error::other)?.into_inner())
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
            trust_list_url: None,
            verifier_certificate: None,
            verifier_key: None,
            share_servers: Vec::new(),
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
            &ValidationOptions::default(),
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

/// The OpenID4VP request the verifier-side seeds answer.
pub const VP_REQUEST_ID: &str = "fuzz-request";
pub const VP_CLIENT_ID: &str = "x509_san_dns:verifier.example";
pub const VP_NONCE: &str = "fuzz-nonce";
pub const VP_STATE: &str = "fuzz-state";
/// The P-256 key `direct_post.jwt` answers are encrypted to (a test key, nothing else).
pub const VP_RESPONSE_KEY: &str = r#"{"kty":"EC","crv":"P-256","x":"9ycBkUUmjSsHQqQXEbDOI9XN4PGaC6WazxpIaidm-d0","y":"0Owhv3XaswsjAIq0Exk7yS46z5C_LCGiClfdRuYPlcw","d":"Xu1e7V7tXu1e7V7tXu1e7V7tXu1e7V7tXu1e7V7tXu0","kid":"fuzz","use":"enc","alg":"ECDH-ES"}"#;

/// A claims set the DCQL queries are matched against: the claims of an SD-JWT VC of
/// ours, as the wallet and the verifier see them.
fn sample_claims() -> &'static Value {
    static CLAIMS: OnceLock<Value> = OnceLock::new();
    CLAIMS.get_or_init(|| {
        serde_json::json!({
            "vct": microcred_model::credential::SD_JWT_VCT,
            "iss": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {
                "fullName": "Maija Meikäläinen",
                "achievement": {"name": {"fi": "Tapahtumatekniikan osaajaksi"}, "level": [4, 5]},
                "results": [{"value": "4"}, {"value": "5"}]
            }
        })
    })
}

/// OpenID4VP as both ends read it. The first byte chooses: a wallet's answer to a
/// pending request as the verifier receives it (form fields; `direct_post`, or
/// `direct_post.jwt` with the answer encrypted to [`VP_RESPONSE_KEY`]); a request link
/// as the wallet opens it (with a request object by value); a signed request object as
/// the wallet fetches it, with its certificate chain; a DCQL query matched against
/// claims.
pub fn oid4vp(data: &[u8]) {
    use microcred_verifier::oid4vp::pending::{
        MemoryPending, Outcome, PendingRequest, PendingStore, ResponseMode,
    };
    let Some((which, rest)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 | 1 => {
            let mode = if which % 4 == 0 {
                ResponseMode::DirectPost
            } else {
                ResponseMode::DirectPostJwt
            };
            let store = MemoryPending::new(1);
            let pending = PendingRequest {
                id: VP_REQUEST_ID.into(),
                state: VP_STATE.into(),
                nonce: VP_NONCE.into(),
                client_id: VP_CLIENT_ID.into(),
                query: microcred_verifier::oid4vp::default_query(),
                response_mode: mode,
                encryption_key: (mode == ResponseMode::DirectPostJwt)
                    .then(|| zeroize::Zeroizing::new(VP_RESPONSE_KEY.to_string())),
                created: NOW - 60,
                expires: NOW + 600,
                outcome: Outcome::Waiting,
            };
            if store.insert(pending, NOW).is_err() {
                return;
            }
            let form: Vec<(String, String)> = form_urlencoded::parse(rest).into_owned().collect();
            let answer = futures_executor::block_on(microcred_verifier::oid4vp::check_response(
                verifier(),
                &store,
                VP_REQUEST_ID,
                &form,
                NOW,
            ));
            if let Ok(Ok(reports)) = answer {
                let _ = microcred_verifier::oid4vp::overall(&reports);
            }
        }
        2 => {
            if let Ok(link) = microcred_wallet::oid4vp::parse_link(text(rest)) {
                if let Some(request) = &link.request {
                    let _ = microcred_wallet::oid4vp::check_request_object(
                        request,
                        &link.client_id,
                        &[],
                        NOW,
                    );
                }
            }
        }
        _ if rest.first() == Some(&b'{') => {
            let Ok(v) = serde_json::from_slice::<Value>(rest) else {
                return;
            };
            let Ok(query) = dcql::Query::parse(&v) else {
                return;
            };
            let claims = sample_claims();
            let mut answered = std::collections::HashSet::new();
            for q in &query.credentials {
                let _ = dcql::selected_claims(q, claims);
                let _ = dcql::missing_claims(q, claims);
                let _ = dcql::meta_matches(q, &q.format, claims);
                let _ = microcred_verifier::oid4vp::aka_matches(q, claims);
                answered.insert(q.id.as_str());
                let _ = query.satisfied_by(&answered);
            }
        }
        _ => {
            let t = text(rest);
            let client_id = jose::peek(t)
                .ok()
                .and_then(|u| u.payload["client_id"].as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = microcred_wallet::oid4vp::check_request_object(t, &client_id, &[], NOW);
            // The chain checked against its own last certificate as the anchor.
            if let Ok(header) = jose::peek_header(t) {
                if let Ok(chain) = x509::parse_x5c(header.get("x5c").unwrap_or(&Value::Null)) {
                    for cert in &chain {
                        let _ = x509::info(cert);
                        let _ = x509::p256_key(cert);
                    }
                    if let Some(last) = chain.last() {
                        let _ = x509::verify_chain(&chain, std::slice::from_ref(last), NOW);
                    }
                }
            }
        }
    }
}

/// A picture handed to the check page (PNG or JPEG), searched for a QR code. Pictures
/// claiming more pixels than allowed must be refused before they are decoded.
pub fn qr_image(data: &[u8]) {
    if let Ok(text) = microcred_verifier::qrimage::decode(data) {
        let _ = microcred_verifier::recognise::recognise_text(&text);
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
