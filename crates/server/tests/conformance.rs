//! The W3C test suites' inputs (VC Data Model 2.0, Bitstring Status List), each root
//! cause of a failure there driven through the HTTP API as a fixture of our own.
//! docs/conformance.md tells how to run the suites themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use microcred_core::di::{self, ProofConfig};
use microcred_core::did;
use microcred_core::keys::SecretKey;
use microcred_server::Role;
use serde_json::{json, Value};
use support::{answer, client, start, TestServer};

const V2: &str = "https://www.w3.org/ns/credentials/v2";

async fn issue(server: &TestServer, token: &str, credential: Value) -> (u16, Value) {
    answer(
        client()
            .post(server.url("/credentials/issue"))
            .bearer_auth(token)
            .json(&json!({ "credential": credential }))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn post(server: &TestServer, path: &str, body: &Value) -> (u16, Value) {
    answer(
        client()
            .post(server.url(path))
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn codes(body: &Value) -> Vec<(String, String)> {
    body["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems in {body}"))
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// VC Data Model 2.0 suite, issuer tests: what a conforming issuer must refuse. Each
/// document is one of the suite's `*-fail.json` inputs (the issuer set as the suite's
/// request body sets it); the answer is 400 naming the path and the rule.
#[tokio::test]
async fn the_issuer_refuses_nonconforming_credentials_naming_each_problem() {
    let server = start(Role::Issuer).await;
    let token = server.token();
    let me = server.state.issuer.as_ref().unwrap().did().to_string();
    let subject = json!({ "id": "did:example:subject" });
    let base = |extra: Value| {
        let mut v = json!({
            "@context": [V2],
            "type": ["VerifiableCredential"],
            "issuer": me,
            "credentialSubject": subject,
        });
        for (k, x) in extra.as_object().unwrap() {
            if x.is_null() && k != "id" && k != "issuer" {
                v.as_object_mut().unwrap().remove(k);
            } else {
                v[k] = x.clone();
            }
        }
        v
    };
    let cases = [
        // credential-no-type-fail, credential-missing-required-type-fail
        (base(json!({ "type": null })), "$.type", "missing"),
        (
            base(json!({ "type": ["RelationshipCredential"] })),
            "$.type",
            "type-missing",
        ),
        // credential-no-subject-fail, credential-subject-no-claims-fail,
        // credential-subject-multiple-empty-fail, credential-id-subject-multi-fail
        (
            base(json!({ "credentialSubject": null })),
            "$.credentialSubject",
            "missing",
        ),
        (
            base(json!({ "credentialSubject": {} })),
            "$.credentialSubject",
            "no-claims",
        ),
        (
            base(json!({ "credentialSubject": [{"id": "did:example:subject"}, {}] })),
            "$.credentialSubject[1]",
            "no-claims",
        ),
        (
            base(json!({ "credentialSubject": {"id": ["did:example:1", "did:example:2"]} })),
            "$.credentialSubject.id",
            "not-single",
        ),
        // credential-id-not-url-fail, credential-id-multi-fail, credential-id-nonidentifier-fail
        (
            base(json!({ "id": "https ://not-a-url/vcs/343cf54b" })),
            "$.id",
            "not-a-url",
        ),
        (
            base(json!({ "id": ["https://example.org/1", "https://example.net/1"] })),
            "$.id",
            "not-single",
        ),
        (base(json!({ "id": null })), "$.id", "wrong-type"),
        // credential-issuer-no-url-fail, -null-fail, -object-id-no-url-fail, -object-id-null-fail
        (
            base(json!({ "issuer": "fake-issuer" })),
            "$.issuer",
            "not-a-url",
        ),
        (base(json!({ "issuer": null })), "$.issuer", "missing"),
        (
            base(json!({ "issuer": {"id": "fake-issuer"} })),
            "$.issuer.id",
            "not-a-url",
        ),
        (
            base(json!({ "issuer": {"id": null} })),
            "$.issuer.id",
            "missing",
        ),
        // An issuer that is a URL, but not this server: refused, never rewritten.
        (
            base(json!({ "issuer": "did:example:someone-else" })),
            "$.issuer",
            "foreign-issuer",
        ),
        // credential-validfrom-invalid-fail, credential-validuntil-invalid-fail,
        // credential-validUntil-validFrom-fail
        (
            base(json!({ "validFrom": "Sat 25 Feb 2023 07:16:31 PM CST" })),
            "$.validFrom",
            "not-date-time-stamp",
        ),
        (
            base(
                json!({ "validFrom": "2023-02-26T01:21:51Z", "validUntil": "Sun, 26 Feb 2023 01:22:14 +0000" }),
            ),
            "$.validUntil",
            "not-date-time-stamp",
        ),
        (
            base(
                json!({ "validFrom": "2030-01-01T00:00:00Z", "validUntil": "2020-01-01T00:00:00Z" }),
            ),
            "$.validUntil",
            "end-before-start",
        ),
        // credential-status-missing-type-fail, -multiple-id-fail, -nonurl-id-fail
        (
            base(json!({ "credentialStatus": {"id": "did:example:status"} })),
            "$.credentialStatus.type",
            "missing",
        ),
        (
            base(
                json!({ "credentialStatus": {"id": ["did:example:status:1", "did:example:status:2"], "type": "CredentialStatusList2017"} }),
            ),
            "$.credentialStatus.id",
            "not-single",
        ),
        (
            base(
                json!({ "credentialStatus": {"type": "CredentialStatusList2017", "id": "https ://not-a-url/statusList/4"} }),
            ),
            "$.credentialStatus.id",
            "not-a-url",
        ),
        (
            base(json!({ "credentialStatus": {"id": "did:example:status", "type": 2} })),
            "$.credentialStatus.type",
            "wrong-type",
        ),
        // credential-termsofuse-*, credential-evidence-missing-type-fail,
        // credential-refresh-no-type-fail, credential-schema-*
        (
            base(json!({ "termsOfUse": {"id": "did:example:terms/1"} })),
            "$.termsOfUse.type",
            "missing",
        ),
        (
            base(json!({ "evidence": {} })),
            "$.evidence.type",
            "missing",
        ),
        (
            base(json!({ "refreshService": {"id": "did:example:refresh/1"} })),
            "$.refreshService.type",
            "missing",
        ),
        (
            base(json!({ "credentialSchema": {"id": "did:example:schemas/1"} })),
            "$.credentialSchema.type",
            "missing",
        ),
        (
            base(
                json!({ "credentialSchema": {"type": "https://example.org/#ExampleTestSuiteSchema"} }),
            ),
            "$.credentialSchema.id",
            "missing",
        ),
        // relatedResource: strings, no id, a repeated id, no digest (VCDM 2.0 §5.3)
        (
            base(json!({ "relatedResource": ["https://www.w3.org/ns/credentials/v2"] })),
            "$.relatedResource[0]",
            "wrong-type",
        ),
        (
            base(
                json!({ "relatedResource": [{"digestMultibase": "uEiCKn0lKiezFHbCT6Q6EcT4H6E1tkgQ2Sps8eGiyF1Ejbw"}] }),
            ),
            "$.relatedResource[0].id",
            "missing",
        ),
        (
            base(json!({ "relatedResource": [
                {"id": "https://www.w3.org/ns/credentials/v2", "digestSRI": "sha384-x"},
                {"id": "https://www.w3.org/ns/credentials/v2", "digestMultibase": "uEi"}
            ] })),
            "$.relatedResource[1].id",
            "duplicate",
        ),
        (
            base(json!({ "relatedResource": [{"id": "https://www.w3.org/ns/credentials/v2"}] })),
            "$.relatedResource[0]",
            "no-digest",
        ),
        // names-and-descriptions/*-extra-prop-en-fail
        (
            base(
                json!({ "name": {"@value": "Example", "@language": "en", "url": "did:example:credential"} }),
            ),
            "$.name.url",
            "unknown-field",
        ),
        // credential-context-combo3-fail, -combo4-fail, -missing-base-context
        (
            base(json!({ "@context": [V2, "https ://not-a-url/contexts/example/v1"] })),
            "$[\"@context\"][1]",
            "not-a-url",
        ),
        (
            base(json!({ "@context": [V2, 123192875] })),
            "$[\"@context\"][1]",
            "context-item",
        ),
        (
            base(json!({ "@context": ["https://www.w3.org/ns/credentials/examples/v2"] })),
            "$[\"@context\"][0]",
            "context-not-first",
        ),
        // Bitstring Status List suite, MALFORMED_VALUE_ERROR: a status entry whose
        // statusListIndex is not a base-10 string, wherever it stands.
        (
            base(json!({ "statusEntry": {
                "type": "BitstringStatusListEntry",
                "statusListIndex": true,
                "statusListCredential": "https://example.com"
            } })),
            "$.statusEntry.statusListIndex",
            "wrong-type",
        ),
        // Already signed.
        (
            base(json!({ "proof": {"type": "DataIntegrityProof"} })),
            "$.proof",
            "already-signed",
        ),
    ];
    for (doc, path, code) in cases {
        let (s, body) = issue(&server, &token, doc.clone()).await;
        assert_eq!(s, 400, "{doc}: {body}");
        assert_eq!(body["error"], "nonconforming", "{body}");
        assert!(
            codes(&body).contains(&(path.to_string(), code.to_string())),
            "{doc}\nexpected {path} {code} in {body}"
        );
    }
    // Every problem at once, not only the first; in the reader's language.
    let (s, body) = answer(
        client()
            .post(server.url("/credentials/issue"))
            .bearer_auth(&token)
            .header("accept-language", "fi")
            .json(&json!({ "credential": {
                "@context": [V2],
                "type": ["RelationshipCredential"],
                "issuer": "fake-issuer",
                "validFrom": "eilen",
                "credentialSubject": {},
                "evidence": {}
            } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400);
    let found = codes(&body);
    for (path, code) in [
        ("$.type", "type-missing"),
        ("$.issuer", "not-a-url"),
        ("$.validFrom", "not-date-time-stamp"),
        ("$.credentialSubject", "no-claims"),
        ("$.evidence.type", "missing"),
    ] {
        assert!(
            found.contains(&(path.into(), code.into())),
            "{path} {code}: {body}"
        );
    }
    assert!(
        body["message"].as_str().unwrap().contains("tietomallin"),
        "{body}"
    );
    // Nothing was signed or recorded.
    let (_, listed) = answer(
        client()
            .get(server.url("/credentials"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(listed["credentials"], json!([]), "{listed}");
    server.stop().await;
}

/// What a conforming issuer must sign, as given: the caller's fields kept, only what is
/// missing added.
#[tokio::test]
async fn the_issuer_signs_conforming_credentials_as_given() {
    let server = start(Role::All).await;
    let token = server.token();
    let me = server.state.issuer.as_ref().unwrap().did().to_string();
    // The issuer left out (as the Bitstring Status List suite sends it): this server's
    // is filled in, and a status entry of its own added.
    let (s, issued) = issue(
        &server,
        &token,
        json!({
            "@context": [V2],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"id": "did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r"}
        }),
    )
    .await;
    assert_eq!(s, 201, "{issued}");
    let vc = &issued["verifiableCredential"];
    assert_eq!(vc["issuer"], me);
    assert_eq!(
        vc["credentialSubject"],
        json!({"id": "did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r"})
    );
    assert!(
        vc["validFrom"].is_string() && vc["proof"].is_object(),
        "{vc}"
    );
    let status = &vc["credentialStatus"];
    assert_eq!(status["statusPurpose"], "message", "{vc}");
    assert_eq!(status["statusSize"], 2);
    assert_eq!(status["statusMessage"].as_array().unwrap().len(), 4);
    assert!(status["id"].is_string() && status["statusReference"].is_string());
    // The list it names is a conforming BitstringStatusListCredential, and the
    // reference explains the messages.
    let list_url = status["statusListCredential"].as_str().unwrap();
    let path = list_url.strip_prefix(&server.base).unwrap();
    let (s, list) = answer(client().get(server.url(path)).send().await.unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(
        list["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(list["credentialSubject"]["type"], "BitstringStatusList");
    assert_eq!(list["credentialSubject"]["statusPurpose"], "message");
    let reference = status["statusReference"].as_str().unwrap();
    let (s, messages) = answer(
        client()
            .get(server.url(reference.strip_prefix(&server.base).unwrap()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(messages["statusMessage"][1]["message"], "revoked");
    assert!(messages["statusMessage"][2]["description"]["sv"].is_string());

    // Verified valid; revoked, then the verifier says so (read through the message
    // entry); the revocation is for good.
    let verify = |vc: Value| {
        let server = &server;
        async move {
            post(
                server,
                "/credentials/verify",
                &json!({ "verifiableCredential": vc }),
            )
            .await
        }
    };
    let (s, v) = verify(vc.clone()).await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");
    let id = issued["credentialId"].as_str().unwrap();
    for (status, code) in [
        ("suspended", "suspended"),
        ("active", ""),
        ("revoked", "revoked"),
    ] {
        let (s, b) = answer(
            client()
                .post(server.url("/credentials/status"))
                .bearer_auth(&token)
                .json(&json!({ "credentialId": id, "status": status }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, v) = verify(vc.clone()).await;
        if code.is_empty() {
            assert_eq!(s, 200, "{v}");
        } else {
            assert_eq!(s, 400, "{v}");
            assert_eq!(v["errors"][0]["code"], code, "{v}");
        }
    }

    // The caller's own fields: names as language values, related resources, terms of
    // use, evidence and a status entry of the caller's own, all kept as they were.
    let own_status = json!({
        "id": "https://status.example/lists/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://status.example/lists/3"
    });
    let given = json!({
        "@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "http://university.example/credentials/1872",
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": {"id": me, "name": [{"@value": "Esimerkkiopisto", "@language": "fi"}]},
        "name": {"@value": "Example", "@language": "en", "@direction": "ltr"},
        "validFrom": "2010-01-01T19:23:24Z",
        "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "alumniOf": {"name": "Example University"}},
        "relatedResource": [{"id": "https://www.w3.org/ns/credentials/v2", "mediaType": "application/ld+json",
            "digestSRI": "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg"}],
        "credentialStatus": own_status,
    });
    let (s, issued) = issue(&server, &token, given.clone()).await;
    assert_eq!(s, 201, "{issued}");
    let mut signed = issued["verifiableCredential"].clone();
    signed.as_object_mut().unwrap().remove("proof");
    assert_eq!(signed, given, "signed as given, nothing added or dropped");
    // Its status is the caller's: this server keeps none for it, and says so.
    let (s, b) = answer(
        client()
            .post(server.url("/credentials/status"))
            .bearer_auth(&token)
            .json(&json!({ "credentialId": "http://university.example/credentials/1872", "status": "revoked" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 409, "{b}");
    // The same id twice is refused.
    let (s, b) = issue(&server, &token, given).await;
    assert_eq!(s, 400, "{b}");
    assert!(
        codes(&b).contains(&("$.id".into(), "already-issued".into())),
        "{b}"
    );
    server.stop().await;
}

/// A key of the suite's kind (did:key) signing its own credentials and presentations.
fn holder() -> (SecretKey, String, String) {
    let key = SecretKey::from_seed(&[7u8; 32]);
    let did = did::did_key(key.public());
    let vm = did::did_key_vm(key.public());
    (key, did, vm)
}

fn signed_vc(key: &SecretKey, issuer: &str, vm: &str, extra: Value) -> Value {
    let mut vc = json!({
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "credentialSubject": {"id": "did:example:subject"}
    });
    for (k, x) in extra.as_object().unwrap() {
        vc[k] = x.clone();
    }
    di::sign(vc, key, &ProofConfig::assertion(vm, "2026-01-01T00:00:00Z")).unwrap()
}

fn signed_vp(key: &SecretKey, vm: &str, vp: Value, challenge: &str, domain: &str) -> Value {
    let cfg = ProofConfig {
        created: "2026-01-01T00:00:00Z".into(),
        verification_method: vm.into(),
        proof_purpose: "authentication".into(),
        challenge: Some(challenge.into()),
        domain: Some(domain.into()),
    };
    di::sign(vp, key, &cfg).unwrap()
}

/// VC Data Model 2.0 suite, presentation tests: in VC-API the caller of verify is the
/// relying party, so its own challenge and domain are what the proof must answer.
#[tokio::test]
async fn presentations_answer_the_callers_challenge() {
    let server = start(Role::Verifier).await;
    let (key, did, vm) = holder();
    let challenge = "u3q8mjBwVoeMqgBRjcnd1Ug";
    let domain = "github.com/w3c/vc-data-model-2.0-test-suite";
    let vc = signed_vc(&key, &did, &vm, json!({}));
    let body = |vp: &Value, c: &str| json!({ "verifiablePresentation": vp, "options": { "challenge": c, "domain": domain } });
    // presentation-holder-ok: the holder presents a credential about someone else.
    let vp = signed_vp(
        &key,
        &vm,
        json!({"@context": [V2], "type": ["VerifiablePresentation"], "holder": did, "verifiableCredential": [vc]}),
        challenge,
        domain,
    );
    let (s, v) = post(&server, "/presentations/verify", &body(&vp, challenge)).await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");
    // presentation-ok: no credentials at all, signed (the holder proves control).
    let empty = signed_vp(
        &key,
        &vm,
        json!({"@context": [V2], "type": ["VerifiablePresentation"], "id": "urn:uuid:9c9a36f8-518f-4976-a934-6649502d0008"}),
        challenge,
        domain,
    );
    let (s, v) = post(&server, "/presentations/verify", &body(&empty, challenge)).await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");
    // Another challenge, another domain, a broken proof: refused.
    let (s, v) = post(&server, "/presentations/verify", &body(&vp, "other")).await;
    assert_eq!((s, &v["verified"]), (400, &json!(false)), "{v}");
    let (s, v) = post(
        &server,
        "/presentations/verify",
        &json!({ "verifiablePresentation": vp, "options": { "challenge": challenge, "domain": "elsewhere.example" } }),
    )
    .await;
    assert_eq!((s, &v["verified"]), (400, &json!(false)), "{v}");
    let mut broken = empty.clone();
    broken["proof"]["proofValue"] = json!("z5nmMBw2u9TGKd9NxxHJtyZKgjN2Eh");
    let (s, v) = post(&server, "/presentations/verify", &body(&broken, challenge)).await;
    assert_eq!((s, &v["verified"]), (400, &json!(false)), "{v}");
    // 1.03 conformance: a non-conforming document, and presentations missing their
    // type or base context, are errors.
    for bad in [
        json!({"type": ["NonconformingDocument"]}),
        json!({"@context": [V2]}),
        json!({"@context": [V2], "type": ["VerifiableCredential"]}),
        json!({"@context": ["https://www.w3.org/ns/credentials/examples/v2"], "type": ["VerifiablePresentation"]}),
        json!({"@context": [V2], "type": ["VerifiablePresentation"], "verifiableCredential": [vc.to_string()]}),
    ] {
        let (s, v) = post(&server, "/presentations/verify", &body(&bad, challenge)).await;
        assert_eq!(s, 400, "{bad}: {v}");
        assert_ne!(v["verified"], true, "{bad}: {v}");
    }
    // Unsigned, with no challenge asked: checked for structure and its credentials on
    // their own, and said to be unsigned.
    let unsigned =
        json!({"@context": [V2], "type": ["VerifiablePresentation"], "verifiableCredential": [vc]});
    let (s, v) = post(
        &server,
        "/presentations/verify",
        &json!({ "verifiablePresentation": unsigned }),
    )
    .await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");
    assert_eq!(v["warnings"][0]["code"], "unsigned", "{v}");
    // Unsigned when a challenge was asked: nothing answers it.
    let (s, v) = post(
        &server,
        "/presentations/verify",
        &body(&unsigned, challenge),
    )
    .await;
    assert_eq!((s, &v["verified"]), (400, &json!(false)), "{v}");
    server.stop().await;
}

/// A secured document that is not a map is a parse error: the suite sent a credential
/// as a JSON string and was told it was valid.
#[tokio::test]
async fn a_credential_sent_as_a_string_is_a_parse_error() {
    let server = start(Role::Verifier).await;
    let (key, did, vm) = holder();
    let vc = signed_vc(&key, &did, &vm, json!({}));
    let (s, v) = post(
        &server,
        "/credentials/verify",
        &json!({ "verifiableCredential": vc }),
    )
    .await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");
    for not_a_map in [json!(vc.to_string()), json!(42), json!([vc])] {
        let (s, v) = post(
            &server,
            "/credentials/verify",
            &json!({ "verifiableCredential": not_a_map }),
        )
        .await;
        assert_eq!(s, 400, "{v}");
        assert_eq!(v["error"], "parse_error", "{v}");
    }
    let (s, v) = post(
        &server,
        "/presentations/verify",
        &json!({ "verifiablePresentation": json!({"@context": [V2], "type": ["VerifiablePresentation"]}).to_string() }),
    )
    .await;
    assert_eq!((s, v["error"].as_str()), (400, Some("parse_error")), "{v}");
    server.stop().await;
}

/// Bitstring Status List: an entry that breaks §2.1 in a signed credential is reported
/// as malformed, with its own reason, never as "could not check".
#[tokio::test]
async fn a_malformed_status_entry_is_reported_as_malformed() {
    let server = start(Role::Verifier).await;
    let (key, did, vm) = holder();
    for (entry, said) in [
        (
            json!({"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                   "statusListIndex": 7, "statusListCredential": "https://status.example/1"}),
            "statusListIndex",
        ),
        (
            json!({"type": "BitstringStatusListEntry", "statusPurpose": "message", "statusSize": 2,
                   "statusListIndex": "7", "statusListCredential": "https://status.example/1"}),
            "statusMessage",
        ),
        (
            json!({"type": "BitstringStatusListEntry", "statusPurpose": "message", "statusSize": 2,
                   "statusMessage": [{"status": "0x0", "message": "ok"}, {"status": "0x1", "message": "revoked"}],
                   "statusListIndex": "7", "statusListCredential": "https://status.example/1"}),
            "statusMessage",
        ),
    ] {
        let vc = signed_vc(&key, &did, &vm, json!({ "credentialStatus": entry }));
        let (s, v) = post(
            &server,
            "/credentials/verify",
            &json!({ "verifiableCredential": vc }),
        )
        .await;
        assert_eq!((s, &v["verdict"]), (400, &json!("invalid")), "{v}");
        let e = &v["errors"][0];
        assert_eq!(
            (&e["check"], &e["code"]),
            (&json!("status"), &json!("status-malformed")),
            "{v}"
        );
        assert!(e["message"].as_str().unwrap().contains(said), "{v}");
    }
    server.stop().await;
}

/// DI-EdDSA suite: a VC 1.1 document signed with a Data Integrity proof names the Data
/// Integrity context, so that the proof's terms (`verificationMethod`, `proofPurpose`,
/// `cryptosuite`) expand to their URLs; and it verifies.
#[tokio::test]
async fn a_vc_1_1_credential_signed_with_data_integrity_names_its_context() {
    let server = start(Role::All).await;
    let token = server.token();
    let (s, issued) = issue(
        &server,
        &token,
        json!({
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential"],
            "issuer": server.state.issuer.as_ref().unwrap().did(),
            "issuanceDate": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:abcdefgh"}
        }),
    )
    .await;
    assert_eq!(s, 201, "{issued}");
    let vc = &issued["verifiableCredential"];
    assert_eq!(
        vc["@context"],
        json!([
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/data-integrity/v2"
        ]),
        "{vc}"
    );
    assert_eq!(vc["proof"]["type"], "DataIntegrityProof");
    let (s, v) = post(
        &server,
        "/credentials/verify",
        &json!({ "verifiableCredential": vc }),
    )
    .await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");
    server.stop().await;
}

/// DI-EdDSA suite, "previousProof": the suite's own credential (VC 1.1, an embedded
/// context written as a context document) carries a chain of two proofs, the first by
/// another key, the second by the issuer naming the first. Both hold: verified. With one
/// byte of the first proof changed, or the issuer's proof taken away, it is not.
#[tokio::test]
async fn a_proof_chain_with_another_signer_before_the_issuer_verifies() {
    let server = start(Role::All).await;
    let vc: Value = serde_json::from_str(include_str!(
        "fixtures/w3c-di-eddsa-previous-proof-string.json"
    ))
    .unwrap();
    let verify = |vc: Value| {
        let server = &server;
        async move {
            post(
                server,
                "/credentials/verify",
                &json!({ "verifiableCredential": vc }),
            )
            .await
        }
    };
    let (s, v) = verify(vc.clone()).await;
    assert_eq!((s, &v["verified"]), (200, &json!(true)), "{v}");

    let mut tampered = vc.clone();
    let first = tampered["proof"][0]["proofValue"]
        .as_str()
        .unwrap()
        .to_string();
    let flipped = if first.ends_with('4') { "5" } else { "4" };
    tampered["proof"][0]["proofValue"] = json!(format!("{}{flipped}", &first[..first.len() - 1]));
    let (_, v) = verify(tampered).await;
    assert_eq!(v["verified"], false, "{v}");

    let mut only_other = vc.clone();
    only_other["proof"] = json!([vc["proof"][0].clone()]);
    let (_, v) = verify(only_other).await;
    assert_eq!(v["verified"], false, "{v}");
    server.stop().await;
}
