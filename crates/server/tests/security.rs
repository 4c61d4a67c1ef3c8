//! What an outsider tried against a running server, each attempt now refused: reaching
//! into the server's network through a credential's links, holding memory with status
//! lists, holding connections open.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use microcred_core::did;
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::keys::SecretKey;
use microcred_server::Role;
use serde_json::{json, Value};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A loopback HTTP server that answers 404 to everything and counts connections: a
/// neighbour of the server that nobody outside should reach.
async fn neighbour() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let _ = s
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
            });
        }
    });
    (port, count)
}

/// A credential anyone can make: signed by their own did:key, its status in `status`.
fn self_signed(status: Value) -> String {
    let key = Arc::new(SecretKey::from_seed(&[42; 32]));
    let issuer = did::did_key(key.public());
    let payload = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": { "id": "did:example:learner" },
        "credentialStatus": status,
    });
    let signer = Ed25519Signer::new(key.clone(), Some(did::did_key_vm(key.public())));
    jose::sign(payload.to_string().as_bytes(), "vc+jwt", &signer).unwrap()
}

fn entry(url: &str) -> Value {
    json!({
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": url,
    })
}

/// A did:web-signed credential whose key the verifier would have to fetch from `did`.
fn did_web_signed(did_web: &str) -> String {
    let b64 = |v: Value| {
        base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            v.to_string(),
        )
    };
    let header = b64(json!({ "alg": "EdDSA", "typ": "vc+jwt", "kid": format!("{did_web}#k") }));
    let payload = b64(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did_web,
        "credentialSubject": {}
    }));
    format!("{header}.{payload}.{}", "A".repeat(86))
}

/// What a report must not say about the network. (Numbers alone are not looked for: the
/// URLs in a report carry the test server's port, which may well be 40491.)
const LEAKS: [&str; 8] = [
    "HTTP 4",
    "HTTP 5",
    "Not Found",
    "os error",
    "onnection",
    "refused",
    "timed out",
    "dns",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_cannot_make_the_server_fetch_from_its_own_network() {
    let server = start(Role::All).await;
    let http = client();
    let (p, count) = neighbour().await;
    let status_urls: Vec<String> = [
        "HTTP://127.0.0.1:{P}/status",
        "Http://127.0.0.1:{P}/status",
        "http:/127.0.0.1:{P}/status",
        "http:\\\\127.0.0.1:{P}\\status",
        " http://127.0.0.1:{P}/status",
        "http://127.0.0.1:{P}/status",
        "https://127.0.0.1:{P}/status",
        "https://127.1:{P}/status",
        "https://2130706433:{P}/status",
        "https://0x7f.0.0.1:{P}/status",
        "https://0177.0.0.1:{P}/status",
        "https://0:{P}/status",
        "https://[::1]:{P}/status",
        "https://[::ffff:127.0.0.1]:{P}/status",
        "https://[::ffff:7f00:1]:{P}/status",
        "https://localhost:{P}/status",
        "https://localhost.:{P}/status",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1:{P}/status",
        "https://[fd00::1]:{P}/status",
    ]
    .iter()
    .map(|u| u.replace("{P}", &p.to_string()))
    .collect();
    let mut bodies: Vec<(String, String)> = status_urls
        .iter()
        .map(|u| (u.clone(), self_signed(entry(u))))
        .collect();
    for d in [
        format!("did:web:127.0.0.1%3A{p}"),
        format!("did:web:127.1%3A{p}"),
        format!("did:web:2130706433%3A{p}"),
        format!("did:web:localhost%3A{p}"),
    ] {
        bodies.push((d.clone(), did_web_signed(&d)));
    }
    for (what, body) in &bodies {
        for path in ["/verify", "/credentials/verify"] {
            let request = if path == "/verify" {
                http.post(server.url(path)).body(body.clone())
            } else {
                http.post(server.url(path))
                    .json(&json!({ "verifiableCredential": body }))
            };
            let (s, report) = answer(request.send().await.unwrap()).await;
            assert!(s == 200 || s == 400, "{what} {path}: {s} {report}");
            assert_ne!(report["verdict"], "valid", "{what}: {report}");
            assert_ne!(report["verified"], json!(true), "{what}: {report}");
            let text = report.to_string();
            for leak in LEAKS {
                assert!(
                    !text.contains(leak),
                    "{what} {path}: the report tells about the network ({leak}): {report}"
                );
            }
        }
    }
    // Several entries in one credential, each to a different inside address.
    let many: Vec<Value> = status_urls.iter().take(8).map(|u| entry(u)).collect();
    let (_, report) = answer(
        http.post(server.url("/verify"))
            .body(self_signed(Value::Array(many)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_ne!(report["verdict"], "valid", "{report}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        0,
        "the server connected to a loopback port on a credential's say-so"
    );
    // What the report does say: the list could not be fetched.
    let (_, report) = answer(
        http.post(server.url("/verify"))
            .body(self_signed(entry(&status_urls[0])))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(report["verdict"], "couldNotCheck", "{report}");
    server.stop().await;
}

/// A signed status list of 2^26 entries, every bit set: 8 MiB once inflated, about
/// 11 KB as sent.
fn huge_list(url: &str) -> String {
    static ENCODED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let encoded = ENCODED.get_or_init(|| {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![0xff; microcred_core::status::MAX_ENTRIES / 8])
            .unwrap();
        format!(
            "u{}",
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                gz.finish().unwrap()
            )
        )
    });
    let key = Arc::new(SecretKey::from_seed(&[42; 32]));
    let payload = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did::did_key(key.public()),
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": {
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        }
    });
    let signer = Ed25519Signer::new(key.clone(), Some(did::did_key_vm(key.public())));
    jose::sign(payload.to_string().as_bytes(), "vc+jwt", &signer).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_lists_cannot_hold_the_servers_memory() {
    let server = start(Role::All).await;
    let http = client();
    let verifier = server.state.verifier.clone();
    let budget = microcred_verifier::STATUS_CACHE_BYTES;
    // Forty requests, each naming as many 8 MiB lists as a credential may: 1.3 GB of
    // decoded lists if they were all kept. The lists are at this server's own address
    // (where an attacker's would be on their own HTTPS server): written where the
    // server answers its status lists from.
    let dir = server.state.issuer.as_ref().unwrap().dir().join("status");
    std::fs::create_dir_all(&dir).unwrap();
    let per = microcred_verifier::MAX_STATUS_ENTRIES;
    let mut list = 1000;
    let mut decoded = 0usize;
    for request in 0..40 {
        let mut entries = Vec::new();
        for _ in 0..per {
            list += 1;
            let url = server.url(&format!("/status/revocation/{list}"));
            std::fs::write(dir.join(format!("revocation-{list}.json")), huge_list(&url)).unwrap();
            entries.push(entry(&url));
        }
        let body = self_signed(Value::Array(entries));
        assert!(body.len() < 30_000);
        let (s, report) = answer(
            http.post(server.url("/verify"))
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{report}");
        let status = report["credentials"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "status")
            .cloned()
            .unwrap_or(Value::Null);
        assert_eq!(
            status["outcome"], "failed",
            "request {request}: the lists were read: {report}"
        );
        decoded += per * microcred_core::status::MAX_ENTRIES / 8;
        let held = verifier.status_cache_bytes();
        assert!(
            held <= budget,
            "after request {request}: {held} bytes of status lists held, budget {budget}"
        );
    }
    assert!(
        decoded > 10 * budget,
        "the test decoded {decoded} bytes of lists"
    );
    // More entries than a credential may have are not read at all.
    let too_many: Vec<Value> = (0..per + 1)
        .map(|i| entry(&server.url(&format!("/status/revocation/{}", 1001 + i))))
        .collect();
    let (_, report) = answer(
        http.post(server.url("/verify"))
            .body(self_signed(Value::Array(too_many)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(report["verdict"], "couldNotCheck", "{report}");
    assert!(verifier.status_cache_bytes() <= budget);
    server.stop().await;
}

/// Reads until the server closes the connection (or resets it); `None` if it is still
/// open after ten minutes of the test's clock.
async fn until_closed(s: &mut tokio::net::TcpStream) -> Option<(Vec<u8>, std::time::Duration)> {
    let started = tokio::time::Instant::now();
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(600), read)
        .await
        .ok()?;
    Some((got, started.elapsed()))
}

async fn connect_from(local: &str, server: &TestServer) -> tokio::net::TcpStream {
    let addr: std::net::SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{local}:0").parse().unwrap()).unwrap();
    socket.connect(addr).await.unwrap()
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

/// The test's clock is tokio's, paused: it moves only when every task waits, straight
/// to the next timer. Nothing here depends on how fast the machine is.
#[tokio::test(start_paused = true)]
async fn slow_and_greedy_clients_are_cut_off() {
    use microcred_server::connections::ConnectionLimits;
    let header = std::time::Duration::from_secs(10);
    let server = start_configured(Role::All, |c| {
        c.connections = ConnectionLimits {
            header_timeout: header,
            per_address: 4,
        }
    })
    .await;

    // A request that never finishes its headers is cut off when the header time is up.
    let mut slow = connect_from("127.0.0.1", &server).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let (_, waited) = until_closed(&mut slow)
        .await
        .expect("a slow request head is cut off");
    assert!(waited >= header && waited < header * 2, "{waited:?}");

    // A connection that says nothing at all, likewise.
    let mut silent = connect_from("127.0.0.1", &server).await;
    let (got, waited) = until_closed(&mut silent)
        .await
        .expect("a silent connection is cut off");
    assert!(waited >= header && waited < header * 2, "{waited:?}");
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 408"),
        "{:?}",
        String::from_utf8_lossy(&got)
    );

    // A kept-alive connection is answered, then closed when idle for as long.
    let mut idle = connect_from("127.0.0.1", &server).await;
    idle.write_all(HEALTHZ).await.unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let (_, waited) = until_closed(&mut idle)
        .await
        .expect("an idle connection is closed");
    assert!(waited >= header && waited < header * 2, "{waited:?}");

    // At most four connections at once from one address; the fifth is closed at once,
    // and others are still served.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(connect_from("127.0.0.1", &server).await);
    }
    let mut fifth = connect_from("127.0.0.1", &server).await;
    let (got, waited) = until_closed(&mut fifth).await.expect("refused");
    assert!(got.is_empty(), "{:?}", String::from_utf8_lossy(&got));
    assert!(
        waited < header,
        "closed at once, not by the timeout: {waited:?}"
    );
    let mut other = connect_from("127.0.0.2", &server).await;
    other.write_all(HEALTHZ).await.unwrap();
    let mut status = [0u8; 12];
    other.read_exact(&mut status).await.unwrap();
    assert_eq!(&status, b"HTTP/1.1 200", "another address is served");
    // When the held ones time out, the address may connect again.
    for mut h in held {
        until_closed(&mut h).await.expect("cut off");
    }
    let mut again = connect_from("127.0.0.1", &server).await;
    again.write_all(HEALTHZ).await.unwrap();
    again.read_exact(&mut status).await.unwrap();
    assert_eq!(&status, b"HTTP/1.1 200");
    drop((other, again));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_needs_the_sessions_csrf_token() {
    let server = start(Role::All).await;
    let http = client();
    let me = sign_up(&server, &http, "kirsi").await;
    let still_signed_in = || async {
        let (s, b) = answer(
            me.get(&http, server.url("/wallet/api/session"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        s == 200 && b["username"] == "kirsi"
    };
    // The API without the token: refused, the session stays.
    let (s, _) = answer(
        http.post(server.url("/wallet/api/logout"))
            .header("cookie", &me.cookie)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 403);
    assert!(still_signed_in().await);
    // The page's form without the token (as another site would post it): refused, and
    // the browser's cookie is not cleared either.
    let resp = http
        .post(server.url("/wallet/signout"))
        .header("cookie", &me.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("csrf=guess")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    assert!(resp.headers().get("set-cookie").is_none());
    assert!(still_signed_in().await);
    // With the token: signed out.
    let resp = http
        .post(server.url("/wallet/signout"))
        .header("cookie", &me.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={}", me.csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    assert!(!still_signed_in().await);
    server.stop().await;
}
