//! Writes the seed corpora of the fuzz targets: real credentials, presentations, packs,
//! lists, requests and answers made by microcred itself, so that a campaign starts from
//! inputs that get past every parser's first checks. Run from the repository root:
//!
//! ```text
//! cargo run -p microcred-fuzzing --example seeds
//! ```
//!
//! Files are written as `fuzz/corpus/TARGET/seed-NAME`; running it again replaces them
//! (signatures and random identifiers differ between runs, the shapes do not).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use microcred_core::di::{self, ProofConfig};
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::keys::SecretKey;
use microcred_core::status::Bitstring;
use microcred_core::{did, jwe, qrpack, sdjwt, tsl};
use microcred_fuzzing::{CHALLENGE, DOMAIN, NOW, VP_CLIENT_ID, VP_NONCE, VP_STATE};
use microcred_issuer::{Format, Request};
use microcred_model::validate::{self, Options};

type Seeds = Vec<(&'static str, String, Vec<u8>)>;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn add(seeds: &mut Seeds, target: &'static str, name: &str, bytes: impl Into<Vec<u8>>) {
    seeds.push((target, name.to_string(), bytes.into()));
}

/// `prefix` byte, then `rest`: the targets whose first byte chooses a mode.
fn with(prefix: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![prefix];
    v.extend_from_slice(rest);
    v
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes()
}

fn enveloped(jwt: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "EnvelopedVerifiableCredential",
        "id": format!("data:application/vc+jwt,{jwt}"),
    })
}

/// The packed bytes of a `MC1:` text (what the qr_pack target's even mode takes).
fn packed_bytes(mc1: &str) -> Vec<u8> {
    let body = &mc1[qrpack::PREFIX.len()..];
    let compressed = qrpack::base45_decode(body).expect("base45");
    let mut raw = Vec::new();
    flate2::read::DeflateDecoder::new(compressed.as_slice())
        .read_to_end(&mut raw)
        .expect("inflate");
    raw
}

fn find_encoded_lists(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("encodedList", Value::String(s)) => out.push(s.clone()),
                    _ => find_encoded_lists(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| find_encoded_lists(x, out)),
        _ => {}
    }
}

/// A JWT VP as the wallet makes it, bound to `nonce` and `aud`.
fn jwt_vp(holder: &Arc<SecretKey>, jwts: &[&str], nonce: &str, aud: &str) -> String {
    let me = did::did_key(holder.public());
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": me,
        "verifiableCredential": jwts.iter().map(|t| enveloped(t)).collect::<Vec<_>>(),
        "nonce": nonce,
        "aud": aud,
        "iat": NOW - 30,
        "exp": NOW + 600,
    });
    let signer = Ed25519Signer::new(holder.clone(), Some(did::did_key_vm(holder.public())));
    jose::sign(vp.to_string().as_bytes(), "vp+jwt", &signer).expect("a JWT VP")
}

/// A Data Integrity VP as the wallet makes it, bound to `challenge` and `domain`.
fn di_vp(holder: &SecretKey, credentials: Vec<Value>, challenge: &str, domain: &str) -> String {
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": did::did_key(holder.public()),
        "verifiableCredential": credentials,
    });
    let cfg = ProofConfig {
        created: "2026-12-31T23:59:00Z".into(),
        verification_method: did::did_key_vm(holder.public()),
        proof_purpose: "authentication".into(),
        challenge: Some(challenge.into()),
        domain: Some(domain.into()),
    };
    di::sign(vp, holder, &cfg).expect("a DI VP").to_string()
}

fn main() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let mut seeds: Seeds = Vec::new();

    // An issuer (did:key, the demo key) and a learner holding a key.
    let issuer = microcred_issuer::demo::init_demo(
        &tmp.path().join("issuer"),
        Some(microcred_fuzzing::ISSUER_BASE.into()),
    )
    .expect("the demo issuer");
    let holder = Arc::new(SecretKey::from_seed(&[9; 32]));
    let holder_did = did::did_key(holder.public());
    let spec = issuer
        .spec("tapahtumatekniikan-osaajaksi")
        .expect("the example specification");
    let (mut award, _) = validate::load_award(
        &read("examples/awards/tapahtumatekniikka-maija.json"),
        Some(&spec),
        Some(issuer.profile()),
        &Options::default(),
    )
    .expect("the example award");
    award.json_schema = None;
    award.learner.did = Some(holder_did.clone());
    let issue = |format| {
        issuer
            .issue(
                &spec,
                Request {
                    award: award.clone(),
                    format,
                    idempotency_key: None,
                },
            )
            .expect("issued")
    };
    let di_issued = issue(Format::DataIntegrity);
    let di_cred = di_issued.credential.clone();
    let jwt = issue(Format::Jwt).credential;
    let sd = issue(Format::SdJwt).credential;
    issuer
        .revoke(&di_issued.record.id, "a seed with a set bit")
        .expect("revoked");
    let holder_signer = Ed25519Signer::new(holder.clone(), None);
    let sd_kb = sdjwt::present(&sd, &|_| true, DOMAIN, CHALLENGE, NOW - 30, &holder_signer)
        .expect("an SD-JWT presentation");
    let sd_some = sdjwt::present(
        &sd,
        &|p: &str| p.contains("achievement"),
        DOMAIN,
        CHALLENGE,
        NOW - 30,
        &holder_signer,
    )
    .expect("an SD-JWT presentation");
    let di_value: Value = serde_json::from_str(&di_cred).expect("JSON");
    let vp_jwt = jwt_vp(&holder, &[&jwt], CHALLENGE, DOMAIN);
    let vp_di = di_vp(&holder, vec![di_value.clone()], CHALLENGE, DOMAIN);

    // verify_input: everything the check page recognises.
    let t = "verify_input";
    add(&mut seeds, t, "di-credential.json", di_cred.clone());
    add(&mut seeds, t, "jwt-credential", jwt.clone());
    add(&mut seeds, t, "sd-jwt", sd.clone());
    add(&mut seeds, t, "sd-jwt-kb", sd_kb.clone());
    add(&mut seeds, t, "jwt-vp", vp_jwt.clone());
    add(&mut seeds, t, "di-vp.json", vp_di.clone());
    add(&mut seeds, t, "enveloped.json", enveloped(&jwt).to_string());
    add(
        &mut seeds,
        t,
        "quoted-jwt",
        Value::String(jwt.clone()).to_string(),
    );
    let mc1_jwt = qrpack::pack(&jwt).expect("packed");
    add(&mut seeds, t, "mc1-jwt", mc1_jwt.clone());
    add(
        &mut seeds,
        t,
        "mc1-sd-jwt-kb",
        qrpack::pack(&sd_kb).expect("packed"),
    );
    add(
        &mut seeds,
        t,
        "share-link",
        "https://opisto.example.fi/s/AAAAAAAAAAAAAAAAAAAAAA/print",
    );

    // jws: a credential, a token signed by the key the target checks against, and a
    // self-signed OID4VCI key proof.
    let t = "jws";
    add(&mut seeds, t, "jwt-credential", jwt.clone());
    let fuzz_key = Arc::new(SecretKey::from_seed(&[0x5a; 32]));
    let signed = jose::sign(
        br#"{"iss":"did:example:fuzz","iat":1798761600,"vc":{"type":["VerifiableCredential"]}}"#,
        "vc+jwt",
        &Ed25519Signer::new(fuzz_key.clone(), Some("did:example:fuzz#key-1".into())),
    )
    .expect("signed");
    let signed_small = signed.clone();
    add(&mut seeds, t, "signed-by-target-key", signed);
    let proof = jose::sign(
        json!({"aud": "https://opisto.example.fi", "iat": NOW, "nonce": "n"})
            .to_string()
            .as_bytes(),
        "openid4vci-proof+jwt",
        &Ed25519Signer::new(holder.clone(), Some(did::did_key_vm(holder.public()))),
    )
    .expect("a key proof");
    add(&mut seeds, t, "oid4vci-proof", proof.clone());
    add(&mut seeds, t, "jwt-vp", vp_jwt.clone());

    // sd_jwt: issued, presented whole and in part, and one disclosure alone.
    let t = "sd_jwt";
    add(&mut seeds, t, "issued", sd.clone());
    add(&mut seeds, t, "presented-kb", sd_kb.clone());
    add(&mut seeds, t, "presented-some-kb", sd_some);
    if let Ok(parts) = sdjwt::split(&sd) {
        if let Some(d) = parts.disclosures.first() {
            add(&mut seeds, t, "disclosure", d.to_string());
        }
    }

    // json_ld_rdfc: a credential, a presentation, and a document signed by the key the
    // target checks against.
    let t = "json_ld_rdfc";
    add(&mut seeds, t, "di-credential.json", di_cred.clone());
    add(&mut seeds, t, "di-vp.json", vp_di.clone());
    let mut unsigned = di_value.clone();
    if let Value::Object(m) = &mut unsigned {
        m.remove("proof");
    }
    let cfg = ProofConfig::assertion("did:example:fuzz#key-1", "2026-12-01T00:00:00Z");
    let resigned = di::sign(unsigned, &fuzz_key, &cfg).expect("signed");
    add(
        &mut seeds,
        t,
        "signed-by-target-key.json",
        resigned.to_string(),
    );

    // qr_pack: packs of every format, their packed bytes (mode 0), and texts to pack
    // (mode 1).
    let t = "qr_pack";
    for (name, text) in [("di", &di_cred), ("jwt", &jwt), ("sd-jwt-kb", &sd_kb)] {
        let mc1 = qrpack::pack(text).expect("packed");
        add(&mut seeds, t, &format!("mc1-{name}"), mc1.clone());
        add(
            &mut seeds,
            t,
            &format!("raw-{name}"),
            with(0, &packed_bytes(&mc1)),
        );
    }
    add(&mut seeds, t, "to-pack-sd-jwt", with(1, sd.as_bytes()));

    // status_list: the issuer's published lists (one bit set), the other modes, and a
    // Token Status List.
    let t = "status_list";
    let mut lists = Vec::new();
    for entry in std::fs::read_dir(tmp.path().join("issuer/status")).expect("status lists") {
        let path = entry.expect("an entry").path();
        if let Ok(v) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap_or_default()) {
            find_encoded_lists(&v, &mut lists);
        }
    }
    lists.sort();
    lists.dedup();
    for (i, l) in lists.iter().enumerate() {
        add(&mut seeds, t, &format!("issuer-list-{i}"), l.clone());
    }
    let mut some = Bitstring::new(microcred_core::status::MIN_ENTRIES);
    for i in [0, 7, 8, 1000, 65_535] {
        some.set(i, true).expect("in range");
    }
    let encoded = some.encode();
    add(&mut seeds, t, "some-set", encoded.clone());
    let gz = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        &encoded[1..],
    )
    .expect("base64url");
    add(&mut seeds, t, "gzip-stream", with(0, &gz));
    add(
        &mut seeds,
        t,
        "bits",
        with(1, &[0x80, 0, 0, 0x01, 0xff, 0, 0x10]),
    );
    let mut token_list = tsl::StatusList::new(1024, 2).expect("a list");
    token_list.set(3, 1).expect("in range");
    token_list.set(1000, 2).expect("in range");
    add(
        &mut seeds,
        t,
        "token-status-list.json",
        json!({"status_list": token_list.to_claim()}).to_string(),
    );
    add(
        &mut seeds,
        t,
        "token-reference.json",
        json!({"status": {"status_list": {"idx": 3, "uri": "https://opisto.example.fi/tsl/1"}}})
            .to_string(),
    );

    // did_document: identifiers, documents, trust lists.
    let t = "did_document";
    add(
        &mut seeds,
        t,
        "issuer-did.json",
        serde_json::to_string(&issuer.did_document().expect("a DID document")).expect("JSON"),
    );
    add(
        &mut seeds,
        t,
        "keys-example-did.json",
        read("keys-example/did.json"),
    );
    add(&mut seeds, t, "did-key", holder_did.clone());
    add(
        &mut seeds,
        t,
        "did-key-url",
        did::did_key_vm(holder.public()),
    );
    add(&mut seeds, t, "did-jwk", did::did_jwk(holder.public()));
    add(&mut seeds, t, "did-web", "did:web:opisto.example.fi");
    add(
        &mut seeds,
        t,
        "did-web-path",
        "did:web:example.com%3A8443:users:alice",
    );
    add(
        &mut seeds,
        t,
        "trust-list.json",
        read("examples/trust-lists/demo.json"),
    );
    let signed_list = jose::sign(
        &read("examples/trust-lists/demo.json"),
        "JWT",
        &Ed25519Signer::new(fuzz_key.clone(), None),
    )
    .expect("a signed trust list");
    add(&mut seeds, t, "trust-list-signed", signed_list);

    // spec_award: the examples and the model's fixtures, and a credential.
    let t = "spec_award";
    for entry in std::fs::read_dir(repo().join("examples")).expect("examples") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            add(
                &mut seeds,
                t,
                &format!("spec-{name}"),
                std::fs::read(&path).expect("a spec"),
            );
        }
    }
    add(
        &mut seeds,
        t,
        "award-maija.json",
        read("examples/awards/tapahtumatekniikka-maija.json"),
    );
    add(
        &mut seeds,
        t,
        "award-matti.json",
        read("examples/awards/ensiapu-matti.json"),
    );
    add(
        &mut seeds,
        t,
        "issuer.json",
        read("examples/issuers/esimerkkiopisto.json"),
    );
    for f in [
        "specification/valid/minimal.json",
        "specification/valid/esco-and-regional-tags.json",
        "specification/invalid/wrong-types.json",
        "award/valid/did-only-learner.json",
        "award/invalid/impossible-dates.json",
        "issuer-profile/valid/with-co-awarding-body.json",
    ] {
        let name = f.replace('/', "-");
        add(
            &mut seeds,
            t,
            &name,
            read(&format!("crates/model/tests/fixtures/{f}")),
        );
    }
    add(&mut seeds, t, "di-credential.json", di_cred.clone());

    // learner_list: CSV (both delimiters), the templates, a filled workbook and its
    // worksheet.
    let t = "learner_list";
    let csv = read("examples/learners/tapahtumatekniikka-kevat-2026.csv");
    add(&mut seeds, t, "example.csv", csv.clone());
    add(
        &mut seeds,
        t,
        "semicolons.csv",
        String::from_utf8_lossy(&csv).replace(',', ";"),
    );
    add(
        &mut seeds,
        t,
        "template.csv",
        microcred_issuer::cohort::template_csv(&spec, microcred_model::Lang::Fi),
    );
    add(
        &mut seeds,
        t,
        "template.xlsx",
        microcred_issuer::cohort::template_xlsx(&spec, microcred_model::Lang::En)
            .expect("a template"),
    );
    let sheet = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>date_of_birth</t></is></c><c r="C1" t="inlineStr"><is><t>email</t></is></c><c r="D1" t="inlineStr"><is><t>grade</t></is></c><c r="E1" t="inlineStr"><is><t>issued</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Maija Meikäläinen</t></is></c><c r="B2" s="1"><v>37728</v></c><c r="C2" t="inlineStr"><is><t>maija.meikalainen@example.org</t></is></c><c r="D2"><v>4</v></c><c r="E2" s="1"><v>46171</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>Matti Virtanen</t></is></c><c r="B3" t="inlineStr"><is><t>2001-11-02</t></is></c><c r="D3"><v>3.0</v></c></row></sheetData></worksheet>"#;
    add(&mut seeds, t, "sheet.xml", sheet);
    add(
        &mut seeds,
        t,
        "filled.xlsx",
        microcred_fuzzing::workbook(sheet.as_bytes()).expect("a workbook"),
    );

    // oid4vci: an offer of the issuer's (by value and by reference), token and credential
    // requests.
    let t = "oid4vci";
    let offer = issuer
        .create_offer(&spec.id, award.clone(), Format::SdJwt, true)
        .expect("an offer");
    let base = "https://opisto.example.fi";
    add(
        &mut seeds,
        t,
        "offer-uri",
        with(2, offer.offer_uri(base).as_bytes()),
    );
    add(
        &mut seeds,
        t,
        "offer.json",
        with(3, offer.credential_offer(base).to_string().as_bytes()),
    );
    add(
        &mut seeds,
        t,
        "offer-by-reference",
        with(
            2,
            b"openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fopisto.example.fi%2Foffers%2Fabc",
        ),
    );
    add(
        &mut seeds,
        t,
        "token-request",
        with(
            0,
            &form(&[
                (
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:pre-authorized_code",
                ),
                ("pre-authorized_code", &offer.pre_authorized_code),
                ("tx_code", offer.tx_code.as_deref().unwrap_or("1234")),
            ]),
        ),
    );
    for (name, config) in [
        ("credential-request-sd-jwt.json", "microcredential_sd_jwt"),
        ("credential-request-jwt.json", "microcredential_jwt"),
    ] {
        add(
            &mut seeds,
            t,
            name,
            with(
                1,
                json!({"credential_configuration_id": config, "proofs": {"jwt": [proof]}})
                    .to_string()
                    .as_bytes(),
            ),
        );
    }

    // oid4vp: answers to the target's pending request in each format and both modes, a
    // refusal, request links and a signed request object, DCQL queries.
    let t = "oid4vp";
    let vp_sd = sdjwt::present(
        &sd,
        &|_| true,
        VP_CLIENT_ID,
        VP_NONCE,
        NOW - 30,
        &holder_signer,
    )
    .expect("an SD-JWT presentation");
    let vp_jwt_4vp = jwt_vp(&holder, &[&jwt], VP_NONCE, VP_CLIENT_ID);
    let vp_di_4vp = di_vp(&holder, vec![di_value.clone()], VP_NONCE, VP_CLIENT_ID);
    let tokens = [
        ("sd-jwt", json!({"microcredential_sd_jwt": [vp_sd]})),
        ("jwt", json!({"microcredential_jwt": [vp_jwt_4vp]})),
        (
            "ldp",
            json!({"microcredential_ldp": [serde_json::from_str::<Value>(&vp_di_4vp).expect("JSON")]}),
        ),
    ];
    let response_key = jwe::EphemeralKey::from_private_jwk(microcred_fuzzing::VP_RESPONSE_KEY)
        .expect("the response key");
    for (name, token) in &tokens {
        let token_text = token.to_string();
        add(
            &mut seeds,
            t,
            &format!("answer-{name}"),
            with(0, &form(&[("vp_token", &token_text), ("state", VP_STATE)])),
        );
        let encrypted = jwe::encrypt(
            json!({"vp_token": token, "state": VP_STATE})
                .to_string()
                .as_bytes(),
            response_key.public_jwk(),
            "A256GCM",
        )
        .expect("encrypted");
        add(
            &mut seeds,
            t,
            &format!("answer-encrypted-{name}"),
            with(1, &form(&[("response", &encrypted)])),
        );
    }
    add(
        &mut seeds,
        t,
        "refusal",
        with(
            0,
            &form(&[
                ("error", "access_denied"),
                ("error_description", "the holder said no"),
                ("state", VP_STATE),
            ]),
        ),
    );
    let identity = microcred_verifier::oid4vp::identity::VerifierIdentity::open_or_create(
        &tmp.path().join("verifier"),
        &["verifier.example".into()],
        microcred_verifier::oid4vp::identity::ClientIdPrefix::X509SanDns,
    )
    .expect("a verifier identity");
    let store = microcred_verifier::oid4vp::pending::MemoryPending::new(4);
    for (name, mode) in [
        (
            "post",
            microcred_verifier::oid4vp::pending::ResponseMode::DirectPost,
        ),
        (
            "post-jwt",
            microcred_verifier::oid4vp::pending::ResponseMode::DirectPostJwt,
        ),
    ] {
        let created = microcred_verifier::oid4vp::create(
            &identity,
            &store,
            "https://verifier.example",
            None,
            mode,
            NOW,
        )
        .expect("a request");
        let pending = microcred_verifier::oid4vp::pending::PendingStore::get(&store, &created.id)
            .expect("the store")
            .expect("the request");
        let object = microcred_verifier::oid4vp::request_object(
            &identity,
            &pending,
            "https://verifier.example",
            "Fuzz verifier",
            Some("wallet-nonce"),
            NOW,
        );
        add(
            &mut seeds,
            t,
            &format!("request-object-{name}"),
            with(3, object.as_bytes()),
        );
        add(
            &mut seeds,
            t,
            &format!("link-{name}"),
            with(2, created.link.as_bytes()),
        );
        let by_value = format!(
            "openid4vp://?client_id={}&request={}",
            form_urlencoded::byte_serialize(identity.client_id().as_bytes()).collect::<String>(),
            object
        );
        add(
            &mut seeds,
            t,
            &format!("link-by-value-{name}"),
            with(2, by_value.as_bytes()),
        );
    }
    add(
        &mut seeds,
        t,
        "dcql-default.json",
        with(
            3,
            microcred_verifier::oid4vp::default_query()
                .to_string()
                .as_bytes(),
        ),
    );
    add(
        &mut seeds,
        t,
        "dcql-claim-sets.json",
        with(
            3,
            json!({
                "credentials": [{
                    "id": "mc",
                    "format": "dc+sd-jwt",
                    "multiple": true,
                    "meta": {"vct_values": [microcred_model::credential::SD_JWT_VCT]},
                    "claims": [
                        {"id": "n", "path": ["credentialSubject", "fullName"]},
                        {"id": "l", "path": ["credentialSubject", "achievement", "level", null], "values": [4, 5]},
                        {"id": "r", "path": ["credentialSubject", "results", 0, "value"]}
                    ],
                    "claim_sets": [["n", "l"], ["r"]]
                }],
                "credential_sets": [{"options": [["mc"]], "required": true}]
            })
            .to_string()
            .as_bytes(),
        ),
    );

    // qr_image: QR codes of a small pack, an offer and a share link, as PNG.
    let t = "qr_image";
    let share = "https://opisto.example.fi/s/AAAAAAAAAAAAAAAAAAAAAA";
    let small = qrpack::pack(&signed_small).expect("packed");
    for (name, text) in [
        ("qr-mc1.png", small.as_str()),
        ("qr-offer.png", &offer.offer_uri(base)),
        ("qr-share-link.png", share),
    ] {
        add(
            &mut seeds,
            t,
            name,
            microcred_wallet::qr::to_png(text).expect("PNG"),
        );
    }
    add(
        &mut seeds,
        "verify_input",
        "qr-share-link.png",
        microcred_wallet::qr::to_png(share).expect("PNG"),
    );

    let root = repo().join("fuzz/corpus");
    for (target, name, bytes) in &seeds {
        assert!(
            microcred_fuzzing::TARGETS.iter().any(|(n, _)| n == target),
            "{target} is no target"
        );
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).expect("a corpus directory");
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("a seed written");
    }
    println!("{} seeds written under {}", seeds.len(), root.display());
}
