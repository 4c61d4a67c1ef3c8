//! The whole path over real sockets: the provider offers a credential, the learner's
//! hosted wallet accepts it (OpenID4VCI), shares it hiding the grade, the employer fetches
//! the link and verifies, the provider revokes, and the same link verifies as revoked.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use microcred_server::Role;
use serde_json::{json, Value};
use support::*;

/// The credentials behind a share link, each as the text the verifier takes.
async fn shared_credentials(server: &TestServer, http: &reqwest::Client, url: &str) -> Vec<Value> {
    let (s, body) = answer(
        http.get(url)
            .header("accept", "application/json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(url.starts_with(&server.base));
    body["credentials"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_offer_accept_share_verify_revoke() {
    let server = start(Role::All).await;
    let http = client();
    let token = server.token();

    // The provider makes an offer protected by a transaction code.
    let (s, offer) = answer(
        http.post(server.url("/offers"))
            .bearer_auth(&token)
            .json(&json!({
                "specification": "tapahtumatekniikan-osaajaksi",
                "award": award("tapahtumatekniikka-maija.json"),
                "format": "sd-jwt",
                "txCode": true,
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{offer}");
    let uri = offer["offerUri"].as_str().unwrap();
    assert!(
        uri.starts_with("openid-credential-offer://?credential_offer="),
        "{uri}"
    );
    let tx = offer["txCode"].as_str().unwrap();
    assert_eq!(tx.len(), 6);

    // The learner signs up and accepts it: first without the code, then with a wrong one.
    let maija = sign_up(&server, &http, "maija").await;
    let (s, e) = answer(
        maija
            .post(&http, server.url("/wallet/api/offers/accept"))
            .json(&json!({ "offerUri": uri }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("transaction code"),
        "{e}"
    );
    let wrong = if tx == "000000" { "000001" } else { "000000" };
    let (s, e) = answer(
        maija
            .post(&http, server.url("/wallet/api/offers/accept"))
            .json(&json!({ "offerUri": uri, "txCode": wrong }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{e}");
    let (s, accepted) = answer(
        maija
            .post(&http, server.url("/wallet/api/offers/accept"))
            .json(&json!({ "offerUri": uri, "txCode": tx }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{accepted}");
    let id = accepted["entry"]["id"].as_str().unwrap().to_string();

    // An offer is used once.
    let (s, e) = answer(
        maija
            .post(&http, server.url("/wallet/api/offers/accept"))
            .json(&json!({ "offerUri": uri, "txCode": tx }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{e}");

    // The wallet lists it, bound to the learner's key.
    let (s, list) = answer(
        maija
            .get(&http, server.url("/wallet/api/credentials"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let (s, shown) = answer(
        maija
            .get(&http, server.url(&format!("/wallet/api/credentials/{id}")))
            .header("accept-language", "fi")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{shown}");
    assert_eq!(shown["claims"]["credentialSubject"]["id"], json!(maija.did));

    // A link that shows everything but the grade.
    let (s, share) = answer(
        maija
            .post(&http, server.url("/wallet/api/shares"))
            .json(&json!({ "credentials": [id], "expires": "30d", "disclose": ["name"] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{share}");
    let link = share["url"].as_str().unwrap().to_string();
    let creds = shared_credentials(&server, &http, &link).await;
    assert_eq!(creds.len(), 1);
    assert_eq!(creds[0]["format"], "sd-jwt");
    let text = creds[0]["credential"].as_str().unwrap();

    // The employer verifies it: genuine, current, and no grade.
    let (s, report) = answer(
        http.post(server.url("/verify"))
            .body(text.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(report["verdict"], "valid", "{report}");
    let shown = report.to_string();
    assert!(shown.contains("Maija"), "the name is disclosed");
    assert!(
        !shown.contains("\"result\""),
        "the grade is hidden: {shown}"
    );
    let (s, vc_api) = answer(
        http.post(server.url("/credentials/verify"))
            .json(&json!({ "verifiableCredential": {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/dc+sd-jwt,{text}"),
            } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{vc_api}");
    assert_eq!(vc_api["verified"], true);

    // The provider revokes; the same link now verifies as revoked.
    let (s, _) = answer(
        http.get(server.url("/wallet/api/credentials"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401, "no session, no list");
    let (s, _) = answer(
        http.get(server.url("/credentials?q=Maija"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401);
    let (s, found) = answer(
        http.get(server.url("/credentials?q=Maija"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{found}");
    let records = found["credentials"].as_array().unwrap();
    assert_eq!(records.len(), 1, "{found}");
    let record = records[0]["id"].as_str().unwrap().to_string();
    let (_, none) = answer(
        http.get(server.url("/credentials?q=Nobody"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(none["credentials"], json!([]));
    let (s, changed) = answer(
        http.post(server.url("/credentials/status"))
            .bearer_auth(&token)
            .json(&json!({ "credentialId": record, "status": "revoked", "reason": "awarded in error" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{changed}");
    let creds = shared_credentials(&server, &http, &link).await;
    let (s, vc_api) = answer(
        http.post(server.url("/credentials/verify"))
            .json(&json!({ "verifiableCredential": {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/dc+sd-jwt,{}", creds[0]["credential"].as_str().unwrap()),
            } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{vc_api}");
    assert_eq!(vc_api["verified"], false);
    assert_eq!(vc_api["errors"][0]["check"], "status", "{vc_api}");
    assert_eq!(vc_api["errors"][0]["code"], "revoked", "{vc_api}");

    // Ending the link: the same 404 as a token that never existed.
    let token_of_link = link.rsplit('/').next().unwrap();
    let (s, _) = answer(
        maija
            .delete(
                &http,
                server.url(&format!("/wallet/api/shares/{token_of_link}")),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    let (s1, b1) = answer(http.get(&link).send().await.unwrap()).await;
    let (s2, b2) = answer(
        http.get(server.url("/s/AAAAAAAAAAAAAAAAAAAAAA"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((s1, &b1), (s2, &b2));
    assert_eq!(s1, 404);
    server.stop().await;
}

/// The VC-API issue route in all three formats, verified by the VC-API verify route.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vc_api_issue_and_verify_in_every_format() {
    let server = start(Role::All).await;
    let http = client();
    let token = server.token();
    for format in ["di", "jwt", "sd-jwt"] {
        let (s, issued) = answer(
            http.post(server.url("/credentials/issue"))
                .bearer_auth(&token)
                .json(&json!({
                    "specification": "ensiapuryhmassa-toimiminen",
                    "award": award("ensiapu-matti.json"),
                    "options": { "format": format },
                }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 201, "{format}: {issued}");
        let vc = &issued["verifiableCredential"];
        if format == "di" {
            // Open Badges credentials carry their proof as a set of one.
            assert!(vc["proof"][0]["proofValue"].is_string(), "{vc}");
        } else {
            assert_eq!(vc["type"], "EnvelopedVerifiableCredential", "{vc}");
        }
        let (s, v) = answer(
            http.post(server.url("/credentials/verify"))
                .json(&json!({ "verifiableCredential": vc }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{format}: {v}");
        assert_eq!(v["verdict"], "valid", "{format}: {v}");
    }

    // A W3C VC-API unsigned credential is signed as given, with a status entry.
    let (s, issued) = answer(
        http.post(server.url("/credentials/issue"))
            .bearer_auth(&token)
            .json(&json!({
                "credential": {
                    "@context": ["https://www.w3.org/ns/credentials/v2"],
                    "type": ["VerifiableCredential"],
                    "issuer": server.state.issuer.as_ref().unwrap().did(),
                    "credentialSubject": { "id": "did:example:learner" }
                }
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{issued}");
    assert!(
        issued["verifiableCredential"]["credentialStatus"].is_array()
            || issued["verifiableCredential"]["credentialStatus"].is_object(),
        "{issued}"
    );

    // Suspend, then lift the suspension.
    let id = issued["credentialId"].as_str().unwrap();
    for (status, passed) in [("suspended", "failed"), ("active", "passed")] {
        let (s, b) = answer(
            http.post(server.url("/credentials/status"))
                .bearer_auth(&token)
                .json(&json!({ "credentialId": id, "status": status }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (_, v) = answer(
            http.post(server.url("/verify"))
                .body(issued["verifiableCredential"].to_string())
                .send()
                .await
                .unwrap(),
        )
        .await;
        let check = v["credentials"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "status")
            .unwrap()
            .clone();
        assert_eq!(check["outcome"], passed, "{status}: {check}");
    }
    server.stop().await;
}
