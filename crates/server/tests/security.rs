//! What an outsider tried against a running server, each attempt now refused: reaching
//! into the server's network through a credential's links, holding memory with status
//! lists, holding connections open.

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
    let issuer = did::did_key(&key.public());
    let payload = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": { "id": "did:example:learner" },
        "credentialStatus": status,
    });
    let signer = Ed25519Signer::new(key.clone(), Some(did::did_key_vm(&key.public())));
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

const LEAKS: [&str; 8] = [
    "HTTP 4",
    "HTTP 5",
    "404",
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
        "issuer": did::did_key(&key.public()),
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": {
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        }
    });
    let signer = Ed25519Signer::new(key.clone(), Some(did::did_key_vm(&key.public())));
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
