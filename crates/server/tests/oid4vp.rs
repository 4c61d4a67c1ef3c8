//! OpenID4VP 1.0 over sockets: the API's request, its signed object, the wallet's
//! encrypted answer and the verdict; the same through the pages (the employer's QR page,
//! the hosted wallet's "Answer a request"); and the refusals the wire can bring.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use microcred_server::Role;
use microcred_wallet::{InitOptions, Wallet};
use serde_json::{json, Value};
use support::*;

async fn own_wallet(server: &TestServer, dir: &std::path::Path, format: &str) -> Wallet {
    let http = client();
    let wallet = Wallet::init(&dir.join("w"), "a long passphrase", InitOptions::default()).unwrap();
    let (s, offer) = answer(
        http.post(server.url("/offers"))
            .bearer_auth(server.token())
            .json(&json!({
                "specification": "ensiapuryhmassa-toimiminen",
                "award": award("ensiapu-matti.json"),
                "format": format,
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{offer}");
    let policy =
        microcred_core::fetch::FetchPolicy::test_only_loopback_origin(&server.url("")).unwrap();
    wallet
        .accept_offer(
            offer["offerUri"].as_str().unwrap(),
            None,
            &server.state.verifier,
            &policy,
        )
        .await
        .unwrap();
    wallet
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wallet_answers_the_apis_request_and_the_verdict_is_valid() {
    let server = start(Role::All).await;
    let http = client();
    let dir = tempfile::tempdir().unwrap();
    let wallet = own_wallet(&server, dir.path(), "sd-jwt").await;

    let (s, created) = answer(
        http.post(server.url("/presentations/oid4vp"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let link = created["link"].as_str().unwrap();
    assert!(
        link.starts_with("openid4vp://?client_id=x509_hash%3A"),
        "{link}"
    );
    // The request object, as a wallet fetches it.
    let resp = http
        .get(created["request_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["content-type"].to_str().unwrap(),
        "application/oauth-authz-req+jwt"
    );
    let jws = resp.text().await.unwrap();
    let header = microcred_core::jose::peek(&jws).unwrap();
    assert_eq!(header.header["typ"], "oauth-authz-req+jwt");
    assert_eq!(header.header["alg"], "ES256");
    assert_eq!(header.payload["response_mode"], "direct_post.jwt");
    assert_eq!(
        header.payload["client_metadata"]["encrypted_response_enc_values_supported"],
        json!(["A128GCM", "A256GCM"])
    );
    // With request_uri_method=post, the wallet's nonce comes back signed.
    let posted = http
        .post(created["request_uri"].as_str().unwrap())
        .header("content-type", "application/x-www-form-urlencoded")
        .body("wallet_nonce=qPmxiNFCR3QTm19POc8u")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        microcred_core::jose::peek(&posted).unwrap().payload["wallet_nonce"],
        "qPmxiNFCR3QTm19POc8u"
    );

    let fetch = microcred_verifier::HttpFetch::new(
        microcred_core::fetch::FetchPolicy::test_only_loopback_origin(&server.url("")).unwrap(),
    )
    .unwrap();
    let req = wallet.resolve_request(link, &fetch, &[]).await.unwrap();
    let matches = wallet
        .match_request(&req, microcred_model::Lang::Fi)
        .unwrap();
    let chosen = matches.choose(&req.query).unwrap();
    let (form, _) = wallet.response_form(&req, Some(&chosen)).unwrap();
    let post = |form: Vec<(String, String)>| {
        http.post(req.response_uri.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(form).unwrap())
            .send()
    };
    let (s, v) = answer(post(form.clone()).await.unwrap()).await;
    assert_eq!(s, 200, "{v}");
    let (s, status) = answer(
        http.get(format!(
            "{}?lang=fi",
            created["status_uri"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(status["status"], "answered", "{status}");
    assert_eq!(status["verdict"], "valid", "{status}");
    assert_eq!(
        status["presentations"][0]["report"]["credentials"][0]["claims"]["credentialSubject"]
            ["fullName"],
        "Matti Virtanen"
    );
    // The same answer again: a replay.
    let (s, v) = answer(post(form).await.unwrap()).await;
    assert_eq!(s, 410, "{v}");
    assert_eq!(v["code"], "replayed");
    // The request is used up: its object is gone too.
    let gone = http
        .get(created["request_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status().as_u16(), 410);
    // Garbage and unknown requests.
    let (s, _) = answer(
        http.post(server.url("/oid4vp/responses/nope"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("vp_token=%7B%7D")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 404);
    let (s, v) = answer(
        http.post(server.url("/presentations/oid4vp"))
            .json(&json!({"dcql_query": {"credentials": []}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{v}");
    assert_eq!(v["error"], "invalid_dcql_query");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_employer_asks_from_check_and_the_hosted_wallet_answers_in_finnish() {
    let server = start(Role::All).await;
    let http = client();
    let learner = sign_up(&server, &http, "aino").await;
    // A credential into the hosted wallet.
    let (s, offer) = answer(
        http.post(server.url("/offers"))
            .bearer_auth(server.token())
            .json(&json!({
                "specification": "ensiapuryhmassa-toimiminen",
                "award": award("ensiapu-matti.json"),
                "format": "sd-jwt",
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201);
    let (s, v) = answer(
        learner
            .post(&http, server.url("/wallet/api/offers/accept"))
            .json(&json!({ "offerUri": offer["offerUri"] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{v}");

    // The employer asks.
    let resp = http
        .post(server.url("/check/wallet?lang=fi"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    let page_url = server.url(resp.headers()["location"].to_str().unwrap());
    let page = http
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Odotetaan vastausta"), "{page}");
    assert!(page.contains("<svg"), "a QR code");
    let link = page
        .split("data-request-text>")
        .nth(1)
        .unwrap()
        .split("</textarea>")
        .next()
        .unwrap()
        .replace("&amp;", "&");

    // The learner opens it.
    let review = learner
        .get(
            &http,
            server.url(&format!(
                "/wallet/answer?lang=fi&request={}",
                microcred_core::pct::percent_encode(&link)
            )),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(review.contains("Kuka pyytää"), "{review}");
    assert!(review.contains("Vain nämä tiedot näytetään"), "{review}");
    assert!(review.contains("<li>Nimi</li>"), "{review}");
    let sent = http
        .post(server.url("/wallet/answer/send?lang=fi"))
        .header("cookie", &learner.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_urlencoded::to_string([
                ("csrf", learner.csrf.as_str()),
                ("link", link.as_str()),
                ("decision", "agree"),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sent.contains("data-answer=\"sent\""), "{sent}");
    let verdict = http
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(verdict.contains("data-verdict=\"valid\""), "{verdict}");
    assert!(verdict.contains("Matti Virtanen"), "{verdict}");

    // A second request, declined.
    let resp = http.post(server.url("/check/wallet")).send().await.unwrap();
    let page_url = server.url(resp.headers()["location"].to_str().unwrap());
    let page = http
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link: String = page
        .split("data-request-text>")
        .nth(1)
        .unwrap()
        .split("</textarea>")
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let declined = http
        .post(server.url("/wallet/answer/send?lang=fi"))
        .header("cookie", &learner.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_urlencoded::to_string([
                ("csrf", learner.csrf.as_str()),
                ("link", link.as_str()),
                ("decision", "decline"),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(declined.contains("data-answer=\"declined\""), "{declined}");
    let page = http
        .get(format!("{page_url}?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-verdict=\"refused\""), "{page}");
    assert!(page.contains("The wallet declined"), "{page}");
    // A link that is not one.
    let bad = learner
        .post(&http, server.url("/wallet/answer"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_urlencoded::to_string([("csrf", learner.csrf.as_str()), ("link", "hello")])
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    let _: Value = Value::Null;
    server.stop().await;
}
