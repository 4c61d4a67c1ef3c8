//! The OpenAPI document against the router, and the presentation request flow with a
//! wallet of its own (not hosted): one challenge, one use.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use microcred_server::openapi::{DOCUMENT, ROUTES};
use microcred_server::Role;
use microcred_verifier::FetchPolicy;
use microcred_wallet::{Disclose, InitOptions, Wallet};
use serde_json::{json, Value};
use support::*;

/// Every `.route("PATH", get(..).post(..))` in the server's source, as (METHOD, PATH).
fn routes_in_source() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + 7..];
            let Some(q) = rest.find('"') else { break };
            let path_start = &rest[q + 1..];
            let path = path_start.split('"').next().unwrap().to_string();
            // The arguments, up to the parenthesis closing `.route(`.
            let mut depth = 1;
            let mut end = 0;
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            let args = &rest[..end];
            for m in ["get", "post", "delete", "put", "patch"] {
                let mut a = args;
                while let Some(i) = a.find(&format!("{m}(")) {
                    let before = a[..i].chars().last();
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        found.push((m.to_uppercase(), path.clone()));
                    }
                    a = &a[i + m.len() + 1..];
                }
            }
        }
    }
    found
}

#[test]
fn every_route_in_the_source_is_listed_and_documented() {
    let found = routes_in_source();
    assert!(found.len() > 60, "{found:?}");
    let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
    for (method, path) in &found {
        assert!(
            ROUTES.iter().any(|(m, p)| m == method && p == path),
            "{method} {path} is served but not in openapi::ROUTES"
        );
        assert!(
            doc["paths"][path.as_str()][method.to_lowercase()].is_object(),
            "{method} {path} is served but not in openapi.json"
        );
    }
    for (m, p) in ROUTES {
        assert!(
            found.iter().any(|(fm, fp)| fm == m && fp == p),
            "{m} {p} is listed but no route serves it"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_is_documented_and_every_documented_route_answers() {
    let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in ROUTES {
        let op = &paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} is not in openapi.json"))[method.to_lowercase()];
        assert!(op.is_object(), "{method} {path} is not in openapi.json");
        assert!(
            op["responses"].is_object(),
            "{method} {path} has no responses"
        );
    }
    let documented: usize = paths
        .values()
        .map(|p| {
            p.as_object()
                .unwrap()
                .keys()
                .filter(|k| *k != "parameters")
                .count()
        })
        .sum();
    assert_eq!(
        documented,
        ROUTES.len(),
        "openapi.json documents routes the server lacks"
    );

    // Each route exists in the router: whatever it answers, it is not "no such address".
    let server = start(Role::All).await;
    let http = client();
    for (method, path) in ROUTES {
        let concrete = path
            .replace("{purpose}", "revocation")
            .replace("{n}", "1")
            .replace("{id}", "x")
            .replace("{token}", "AAAAAAAAAAAAAAAAAAAAAA")
            .replace("{job}", "x");
        let req = http.request(method.parse().unwrap(), server.url(&concrete));
        let (s, b) = answer(req.send().await.unwrap()).await;
        assert_ne!(b["error"], "no_route", "{method} {path}");
        assert_ne!(s, 405, "{method} {path}");
    }
    let (s, served) = answer(http.get(server.url("/openapi.json")).send().await.unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(served, doc);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_presentation_answers_a_challenge_once() {
    let server = start(Role::All).await;
    let http = client();
    let token = server.token();
    let dir = tempfile::tempdir().unwrap();
    let wallet = Wallet::init(
        &dir.path().join("w"),
        "a long passphrase",
        InitOptions::default(),
    )
    .unwrap();

    for format in ["di", "jwt", "sd-jwt"] {
        let (s, offer) = answer(
            http.post(server.url("/offers"))
                .bearer_auth(&token)
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
        // The wallet runs beside the test server, which is on loopback: the one origin
        // the fetch policy lets it reach.
        let policy = FetchPolicy::test_only_loopback_origin(&server.url("")).unwrap();
        let imported = wallet
            .accept_offer(
                offer["offerUri"].as_str().unwrap(),
                None,
                &server.state.verifier,
                &policy,
            )
            .await
            .unwrap();
        assert!(imported.bound_here, "{format}: bound to the wallet's key");

        let (s, request) = answer(
            http.post(server.url("/presentations/requests"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 201);
        let challenge = request["challenge"].as_str().unwrap();
        let domain = request["domain"].as_str().unwrap();
        let vp = wallet
            .present(
                std::slice::from_ref(&imported.entry.id),
                challenge,
                Some(domain),
                &Disclose::All,
            )
            .unwrap();
        let body_of = |c: &str| {
            // VC-API takes objects: a JWT or SD-JWT presentation goes enveloped.
            let vp: Value = if vp.media_type == "application/vp" {
                serde_json::from_str(&vp.text).unwrap()
            } else {
                json!({
                    "@context": ["https://www.w3.org/ns/credentials/v2"],
                    "type": "EnvelopedVerifiablePresentation",
                    "id": format!("data:{},{}", vp.media_type, vp.text),
                })
            };
            json!({ "verifiablePresentation": vp, "options": { "challenge": c, "domain": domain } })
        };
        let (s, v) = answer(
            http.post(server.url("/presentations/verify"))
                .json(&body_of(challenge))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{format}: {v}");
        assert_eq!(v["verified"], true);
        assert!(v["checks"].to_string().contains("holderBinding"), "{v}");
        // Replayed: the challenge is spent.
        let (s, v) = answer(
            http.post(server.url("/presentations/verify"))
                .json(&body_of(challenge))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 400, "{v}");
        assert_eq!(v["error"], "challenge_unknown");
        // A challenge this server never gave.
        let (s, v) = answer(
            http.post(server.url("/presentations/verify"))
                .json(&body_of("made-up"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 400, "{v}");
        // A fresh challenge, but the presentation answers the old one.
        let (_, fresh) = answer(
            http.post(server.url("/presentations/requests"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let (s, v) = answer(
            http.post(server.url("/presentations/verify"))
                .json(&body_of(fresh["challenge"].as_str().unwrap()))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 400, "{format}: {v}");
        assert_eq!(v["verified"], false);
    }
    server.stop().await;
}
