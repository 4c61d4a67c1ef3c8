//! Every refusal has its documented status and the JSON error body `{error, message}`;
//! hostile input never takes the server down.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::sync::Arc;

use microcred_server::Role;
use serde_json::{json, Value};
use support::*;

fn assert_error(s: u16, body: &Value, status: u16, code: &str) {
    assert_eq!(s, status, "{body}");
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issuer_routes_need_a_live_token_and_say_nothing_else() {
    let server = start(Role::All).await;
    let http = client();
    let good = server.token();
    let body = json!({ "specification": "ensiapuryhmassa-toimiminen", "award": award("ensiapu-matti.json") });
    for path in ["/credentials/issue", "/credentials/status", "/offers"] {
        for auth in [
            None,
            Some("Bearer mct_wrong"),
            Some("Basic abc"),
            Some("Bearer "),
        ] {
            let mut req = http.post(server.url(path)).json(&body);
            if let Some(a) = auth {
                req = req.header("authorization", a);
            }
            let (s, b) = answer(req.send().await.unwrap()).await;
            assert_error(s, &b, 401, "unauthorized");
        }
    }
    // A status change for an unknown credential without a token: 401, not 404.
    let (s, b) = answer(
        http.post(server.url("/credentials/status"))
            .json(&json!({ "credentialId": "urn:uuid:nope", "status": "revoked" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 401, "unauthorized");

    // A revoked token stops working.
    let issuer = server.state.issuer.as_ref().unwrap();
    let (info, token) = issuer.create_token("to revoke").unwrap();
    issuer.revoke_token(&info.id).unwrap();
    let (s, b) = answer(
        http.post(server.url("/credentials/issue"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 401, "unauthorized");

    // With a good token: malformed, unknown and wrong requests.
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("/credentials/issue", b"{not json".to_vec(), 400, "bad_request"),
        ("/credentials/issue", vec![0xff, 0xfe, 0x00], 400, "bad_request"),
        ("/credentials/issue", b"[]".to_vec(), 400, "bad_request"),
        ("/credentials/issue", b"{}".to_vec(), 400, "bad_request"),
        (
            "/credentials/issue",
            json!({ "specification": "no-such-spec", "award": award("ensiapu-matti.json") })
                .to_string()
                .into_bytes(),
            404,
            "not_found",
        ),
        (
            "/credentials/issue",
            json!({ "specification": "ensiapuryhmassa-toimiminen", "award": { "learner": 5 } })
                .to_string()
                .into_bytes(),
            400,
            "bad_request",
        ),
        (
            "/credentials/issue",
            json!({ "specification": "ensiapuryhmassa-toimiminen", "award": award("ensiapu-matti.json"), "options": { "format": "pdf" } })
                .to_string()
                .into_bytes(),
            400,
            "bad_request",
        ),
        (
            "/credentials/status",
            json!({ "credentialId": "urn:uuid:nope", "status": "revoked" })
                .to_string()
                .into_bytes(),
            404,
            "not_found",
        ),
        (
            "/credentials/status",
            json!({ "credentialId": "urn:uuid:nope", "status": "lost" })
                .to_string()
                .into_bytes(),
            400,
            "bad_request",
        ),
        (
            "/offers",
            json!({ "specification": "ensiapuryhmassa-toimiminen" })
                .to_string()
                .into_bytes(),
            400,
            "bad_request",
        ),
    ];
    for (path, body, status, code) in cases {
        let (s, b) = answer(
            http.post(server.url(path))
                .bearer_auth(&good)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_error(s, &b, status, code);
    }
    let (s, b) = answer(http.get(server.url("/specs/nope")).send().await.unwrap()).await;
    assert_error(s, &b, 404, "not_found");
    let (s, b) = answer(
        http.get(server.url("/status/revocation/../../issuer.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(s == 404, "{s} {b}");
    let (s, b) = answer(
        http.get(server.url("/status/other/1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 404, "not_found");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_nested_and_unknown_requests() {
    let server = start(Role::All).await;
    let http = client();
    // Over the 1 MiB limit.
    // The server answers before reading the body and may close the connection while
    // the client is still sending: then the client sees a reset, and tries again.
    let big = vec![b' '; 1024 * 1024 + 10];
    let mut answered = None;
    for _ in 0..5 {
        if let Ok(r) = http
            .post(server.url("/verify"))
            .body(big.clone())
            .send()
            .await
        {
            answered = Some(answer(r).await);
            break;
        }
    }
    let (s, b) = answered.expect("an answer to an oversized body");
    assert_error(s, &b, 413, "too_large");
    // Deep nesting: refused, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (s, b) = answer(
        http.post(server.url("/credentials/verify"))
            .body(deep.clone())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 400, "bad_request");
    let (s, report) = answer(
        http.post(server.url("/verify"))
            .body(deep)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    // Nested arrays are no credential at all: said so, not "invalid".
    assert_eq!(report["verdict"], "notACredential", "{report}");
    // Garbage of every kind to the verifier: a report, never a crash.
    for junk in [
        &b""[..],
        b"\x00\x01\x02",
        b"eyJhbGciOiJub25lIn0.e30.",
        b"a.b.c",
        b"~~~~",
        b"{\"@context\": 5}",
        b"MC1:!!!!",
    ] {
        let (s, r) = answer(
            http.post(server.url("/verify"))
                .body(junk.to_vec())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{r}");
        assert_ne!(r["verdict"], "valid", "{r}");
    }
    for body in [
        json!({ "verifiableCredential": 5 }),
        json!({ "verifiableCredential": "x.y.z" }),
        json!({}),
    ] {
        let (s, b) = answer(
            http.post(server.url("/credentials/verify"))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 400, "{body}: {b}");
        assert!(b["error"].is_string() || b["verified"] == false, "{b}");
    }
    // Unknown address and wrong method: JSON too.
    let (s, b) = answer(http.get(server.url("/no/such/page")).send().await.unwrap()).await;
    assert_error(s, &b, 404, "no_route");
    let (s, b) = answer(
        http.get(server.url("/credentials/verify"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 405, "method_not_allowed");
    // Security headers on every answer.
    let resp = http.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert_eq!(resp.headers()["x-frame-options"], "DENY");
    let (s, h) = answer(resp).await;
    assert_eq!(s, 200);
    assert_eq!(h["status"], "ok");
    // Still alive after all that.
    let (s, _) = answer(http.get(server.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(s, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wallet_sessions_csrf_and_accounts() {
    let server = start(Role::All).await;
    let http = client();
    let (s, b) = answer(
        http.get(server.url("/wallet/api/credentials"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 401, "unauthorized");
    let (s, b) = answer(
        http.get(server.url("/wallet/api/credentials"))
            .header("cookie", "mc_session=forged")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 401, "unauthorized");
    for (user, pw) in [
        ("x", "correct horse battery"),
        ("Bad Name!", "correct horse battery"),
        ("ok-name", "short"),
    ] {
        let (s, b) = answer(
            http.post(server.url("/wallet/api/register"))
                .json(&json!({ "username": user, "password": pw }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_error(s, &b, 400, "bad_request");
    }
    let me = sign_up(&server, &http, "liisa").await;
    let (s, b) = answer(
        http.post(server.url("/wallet/api/register"))
            .json(&json!({ "username": "LIISA", "password": "another long one" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 409, "taken");
    let (s, b) = answer(
        http.post(server.url("/wallet/api/login"))
            .json(&json!({ "username": "liisa", "password": "wrong password" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 401, "unauthorized");
    let (s2, b2) = answer(
        http.post(server.url("/wallet/api/login"))
            .json(&json!({ "username": "nobody", "password": "wrong password" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (s, &b),
        (s2, &b2),
        "an unknown user looks like a wrong password"
    );
    // Without the CSRF token a state-changing request is refused.
    let (s, b) = answer(
        http.post(server.url("/wallet/api/shares"))
            .header("cookie", &me.cookie)
            .json(&json!({ "credentials": ["x"] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 403, "forbidden");
    let (s, b) = answer(
        http.post(server.url("/wallet/api/shares"))
            .header("cookie", &me.cookie)
            .header("x-csrf-token", "guess")
            .json(&json!({ "credentials": ["x"] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 403, "forbidden");
    // With it: an unknown credential, a bad offer, and a bad expiry.
    let (s, b) = answer(
        me.post(&http, server.url("/wallet/api/shares"))
            .json(&json!({ "credentials": ["nope"] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(s == 404 || s == 400, "{s} {b}");
    assert!(b["error"].is_string());
    for offer in [
        "https://evil.example/",
        "openid-credential-offer://?credential_offer=%7Bnot",
        "hello",
    ] {
        let (s, b) = answer(
            me.post(&http, server.url("/wallet/api/offers/accept"))
                .json(&json!({ "offerUri": offer }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_error(s, &b, 400, "bad_request");
    }
    let (s, b) = answer(
        me.get(&http, server.url("/wallet/api/credentials/nope"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 404, "not_found");
    let (s, b) = answer(
        me.post(&http, server.url("/wallet/api/import"))
            .body("not a credential")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 400, "bad_request");
    // Signing out ends the session.
    let (s, _) = answer(
        me.post(&http, server.url("/wallet/api/logout"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    let (s, b) = answer(
        me.get(&http, server.url("/wallet/api/session"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 401, "unauthorized");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_links_are_rate_limited_per_address() {
    let server = start_with(Role::All, 2).await;
    let http = client();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let (s, b) = answer(
            http.get(server.url("/s/AAAAAAAAAAAAAAAAAAAAAA"))
                .header("accept", "application/json")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(b["error"].is_string(), "{b}");
        statuses.push(s);
    }
    assert_eq!(statuses[0], 404);
    assert!(statuses.contains(&429), "{statuses:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oid4vci_endpoints_refuse_what_they_should() {
    let server = start(Role::All).await;
    let http = client();
    let form = |body: &str| {
        http.post(server.url("/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string())
    };
    let (s, b) = answer(
        form("grant_type=authorization_code&code=x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{b}");
    assert_eq!(b["error"], "unsupported_grant_type");
    let (s, b) = answer(
        form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=unknown")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 400, "{b}");
    assert_eq!(b["error"], "invalid_grant");
    let (s, b) = answer(form("%%%").send().await.unwrap()).await;
    assert_eq!(s, 400, "{b}");
    let (s, b) = answer(
        http.post(server.url("/credential"))
            .json(&json!({ "credential_configuration_id": "micro-credential-sd-jwt" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401, "{b}");
    assert_eq!(b["error"], "invalid_token");
    let (s, b) = answer(
        http.post(server.url("/credential"))
            .bearer_auth("made-up")
            .json(&json!({ "credential_configuration_id": "micro-credential-sd-jwt" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401, "{b}");
    let (s, b) = answer(http.post(server.url("/nonce")).send().await.unwrap()).await;
    assert_eq!(s, 200, "{b}");
    assert!(b["c_nonce"].is_string());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_role_alone_serves_only_its_routes() {
    let server = start(Role::Verifier).await;
    let http = client();
    let (s, h) = answer(http.get(server.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(h["roles"], json!(["verifier"]));
    for path in ["/credentials/issue", "/offers", "/wallet/api/login"] {
        let (s, b) = answer(http.post(server.url(path)).body("{}").send().await.unwrap()).await;
        assert_error(s, &b, 404, "no_route");
    }
    let (s, b) = answer(
        http.post(server.url("/verify"))
            .body("x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert!(
        !server.dir.path().join("issuer").exists(),
        "a verifier makes no issuer"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_are_rate_limited_per_address() {
    let server = start(Role::All).await;
    let http = client();
    // The limiter tells time by the test's clock, which stands still until the test
    // moves it: however long each password check takes here, the count is exact.
    let start = std::time::Instant::now();
    let offset = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let o = offset.clone();
    server.state.auth_limiter.set_clock(Arc::new(move || {
        start + std::time::Duration::from_millis(o.load(std::sync::atomic::Ordering::SeqCst))
    }));
    let attempt = || async {
        let (s, b) = answer(
            http.post(server.url("/wallet/api/login"))
                .json(&json!({ "username": "nobody", "password": "a wrong password" }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(b["error"].is_string(), "{b}");
        s
    };
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(attempt().await);
    }
    let burst = 2 * microcred_server::AUTH_RATE as usize;
    assert_eq!(statuses[..burst], vec![401; burst][..], "{statuses:?}");
    assert_eq!(statuses[burst..], vec![429; 20 - burst][..], "{statuses:?}");
    // A second later, as many attempts as the rate allows in a second, and no more.
    offset.store(1000, std::sync::atomic::Ordering::SeqCst);
    let mut later = Vec::new();
    for _ in 0..=microcred_server::AUTH_RATE {
        later.push(attempt().await);
    }
    let rate = microcred_server::AUTH_RATE as usize;
    assert_eq!(later[..rate], vec![401; rate][..], "{later:?}");
    assert_eq!(later[rate], 429, "{later:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_from_other_sites_and_to_other_hosts_are_refused() {
    let server = start_configured(Role::All, |c| c.max_accounts = 2).await;
    let http = client();
    let form = "username=mallory&password=mallorys+password";
    // A foreign page posting a sign-in form: refused, no cookie.
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let resp = http
            .post(server.url("/wallet/register"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(name, value)
            .body(form)
            .send()
            .await
            .unwrap();
        assert!(resp.headers().get("set-cookie").is_none());
        let (s, b) = answer(resp).await;
        assert_error(s, &b, 403, "forbidden");
    }
    // The same form from this server's own page works.
    let resp = http
        .post(server.url("/wallet/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", &server.base)
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    // The JSON API too; other routes (wallets, servers) are not browsers' business.
    let (s, b) = answer(
        http.post(server.url("/wallet/api/login"))
            .header("origin", "https://evil.example")
            .json(&json!({ "username": "mallory", "password": "mallorys password" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 403, "forbidden");
    let (s, _) = answer(
        http.post(server.url("/verify"))
            .header("origin", "https://evil.example")
            .body("x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);

    // A hosted wallet fetches offers only from this server's issuer (and those configured).
    let me = sign_up(&server, &http, "liisa").await;
    let probe = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let probe_addr = probe.local_addr().unwrap();
    let offer = format!(
        "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F{}%2Fadmin",
        probe_addr.to_string().replace(':', "%3A")
    );
    let (s, b) = answer(
        me.post(&http, server.url("/wallet/api/offers/accept"))
            .json(&json!({ "offerUri": offer }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 400, "bad_request");
    assert!(
        b["message"].as_str().unwrap().contains("not at an issuer"),
        "{b}"
    );
    // The verifier does not reach into this machine for another credential's issuer.
    let header = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        json!({ "alg": "EdDSA", "typ": "vc+jwt", "kid": format!("did:web:127.0.0.1%3A{}#k", probe_addr.port()) }).to_string(),
    );
    let payload = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        json!({ "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": format!("did:web:127.0.0.1%3A{}", probe_addr.port()), "credentialSubject": {} }).to_string(),
    );
    let jwt = format!("{header}.{payload}.{}", "A".repeat(86));
    let (s, report) = answer(
        http.post(server.url("/verify"))
            .body(jwt)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert_ne!(report["verdict"], "valid");
    assert!(
        report.to_string().contains("not an allowed address"),
        "the server would fetch from a loopback port: {report}"
    );
    drop(probe);

    // At most max_accounts wallets.
    let (s, b) = answer(
        http.post(server.url("/wallet/api/register"))
            .json(&json!({ "username": "third", "password": "a third password" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 403, "forbidden");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonces_and_challenges_are_rate_limited_per_address() {
    let server = start(Role::All).await;
    let http = client();
    // The limiter's clock is the test's: it stands still while the requests are made.
    let start = std::time::Instant::now();
    let offset = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let o = offset.clone();
    server.state.protocol_limiter.set_clock(Arc::new(move || {
        start + std::time::Duration::from_secs(o.load(std::sync::atomic::Ordering::SeqCst))
    }));
    for path in ["/nonce", "/presentations/requests"] {
        // Both draw on one bucket per address: let it fill again.
        offset.fetch_add(10, std::sync::atomic::Ordering::SeqCst);
        let mut statuses = Vec::new();
        for _ in 0..150 {
            statuses.push(
                http.post(server.url(path))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16(),
            );
        }
        let burst = 2 * microcred_server::PROTOCOL_RATE as usize;
        assert!(
            statuses[..burst].iter().all(|s| *s == 200 || *s == 201),
            "{path}: {statuses:?}"
        );
        assert!(
            statuses[burst..].iter().all(|s| *s == 429),
            "{path}: {statuses:?}"
        );
    }
    server.stop().await;
}

/// An account's refusals are said in the request's language, not only in English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_errors_are_said_in_the_requests_language() {
    let server = start(Role::All).await;
    let http = client();
    sign_up(&server, &http, "aino").await;
    let register = |body: Value, lang: &'static str| {
        http.post(server.url("/wallet/api/register"))
            .header("accept-language", lang)
            .json(&body)
            .send()
    };
    let taken = json!({ "username": "AINO", "password": "another long one" });
    let (s, b) = answer(register(taken.clone(), "fi").await.unwrap()).await;
    assert_error(s, &b, 409, "taken");
    assert_eq!(b["message"], "käyttäjätunnus on jo varattu", "{b}");
    let (s, b) = answer(register(taken.clone(), "sv").await.unwrap()).await;
    assert_error(s, &b, 409, "taken");
    assert_eq!(b["message"], "användarnamnet är redan upptaget", "{b}");
    let (s, b) = answer(register(taken, "en").await.unwrap()).await;
    assert_error(s, &b, 409, "taken");
    assert_eq!(b["message"], "that user name is taken", "{b}");

    let short = json!({ "username": "ok-name", "password": "short" });
    let (s, b) = answer(register(short.clone(), "fi").await.unwrap()).await;
    assert_error(s, &b, 400, "bad_request");
    assert_eq!(
        b["message"], "salasanassa on oltava vähintään 8 merkkiä",
        "{b}"
    );
    let (s, b) = answer(register(short, "en").await.unwrap()).await;
    assert_eq!(s, 400, "{b}");
    assert_eq!(
        b["message"], "the password must be at least 8 characters",
        "{b}"
    );

    let bad_name = json!({ "username": "Bad Name!", "password": "correct horse battery" });
    let (s, b) = answer(
        http.post(server.url("/wallet/api/register?lang=fi"))
            .json(&bad_name)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &b, 400, "bad_request");
    assert_eq!(
        b["message"], "käyttäjätunnuksessa on 3–64 merkkiä: a–z, numeroita sekä . _ - @",
        "{b}"
    );
}
