//! The fetch policy against a real socket: a listener on loopback counts every connection
//! made to it, and no URL that comes from input — however its address is spelt, and
//! whatever its name resolves to — may reach it. A test-only origin shows the listener
//! does count.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use microcred_core::did;
use microcred_core::fetch::{
    Fetch, FetchError, FetchPolicy, HttpFetch, Lookup, PublicResolver, SystemLookup,
};
use reqwest::dns::Resolve;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A loopback HTTP server that answers 404 to everything and counts connections.
async fn probe() -> (u16, Arc<AtomicUsize>) {
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

/// Names resolved as a test says: `inside.example` to loopback, `mixed.example` to
/// loopback and a public address.
struct FakeDns;

impl Lookup for FakeDns {
    fn lookup(
        &self,
        host: String,
    ) -> Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>> {
        let answer: Vec<IpAddr> = match host.trim_end_matches('.') {
            "inside.example" => vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()],
            "mapped.example" => vec!["::ffff:127.0.0.1".parse().unwrap()],
            "mixed.example" => vec![
                "127.0.0.1".parse().unwrap(),
                "93.184.215.14".parse().unwrap(),
            ],
            _ => Vec::new(),
        };
        Box::pin(std::future::ready(Ok(answer)))
    }
}

fn leaks(e: &FetchError) -> bool {
    let t = e.to_string().to_lowercase();
    [
        "404",
        "refused",
        "os error",
        "connection",
        "dns",
        "resolve",
        "timed out",
    ]
    .iter()
    .any(|w| t.contains(w))
}

#[tokio::test]
async fn no_spelling_of_an_inside_address_is_fetched() {
    let (p, count) = probe().await;
    let fetch = HttpFetch::with_lookup(FetchPolicy::public(), Arc::new(FakeDns)).unwrap();
    let mut urls: Vec<String> = [
        "http://127.0.0.1:{P}/",
        "HTTP://127.0.0.1:{P}/",
        "Http://127.0.0.1:{P}/",
        "http:/127.0.0.1:{P}/",
        "http:\\\\127.0.0.1:{P}\\",
        " http://127.0.0.1:{P}/",
        "\thttp://127.0.0.1:{P}/",
        "https://127.0.0.1:{P}/",
        "https://127.1:{P}/",
        "https://2130706433:{P}/",
        "https://0x7f000001:{P}/",
        "https://0x7f.0.0.1:{P}/",
        "https://0177.0.0.1:{P}/",
        "https://127.0.0.1.:{P}/",
        "https://0:{P}/",
        "https://0.0.0.0:{P}/",
        "https://[::1]:{P}/",
        "https://[::ffff:127.0.0.1]:{P}/",
        "https://[::ffff:7f00:1]:{P}/",
        "https://[::127.0.0.1]:{P}/",
        "https://[64:ff9b::7f00:1]:{P}/",
        "https://[::]:{P}/",
        "https://localhost:{P}/",
        "https://LocalHost.:{P}/",
        "http://localhost:{P}/",
        "https://x.localhost:{P}/",
        // Names whose addresses are inside: refused when resolved, not by their text.
        "https://inside.example:{P}/",
        "https://inside.example.:{P}/",
        "https://mapped.example:{P}/",
        "https://nowhere.example:{P}/",
    ]
    .iter()
    .map(|u| u.replace("{P}", &p.to_string()))
    .collect();
    for d in [
        format!("did:web:127.0.0.1%3A{p}"),
        format!("did:web:127.1%3A{p}"),
        format!("did:web:2130706433%3A{p}"),
        format!("did:web:localhost%3A{p}"),
        format!("did:web:inside.example%3A{p}"),
    ] {
        urls.push(did::did_web_url(&d).unwrap());
    }
    for url in &urls {
        let e = fetch.get(url).await.expect_err(url);
        assert!(!leaks(&e), "{url}: the error tells about the network: {e}");
    }
    assert_eq!(
        count.load(Ordering::SeqCst),
        0,
        "a refused URL reached the loopback listener"
    );

    // The listener does count: the one origin a test may name is fetched.
    let test = HttpFetch::new(
        FetchPolicy::test_only_loopback_origin(&format!("http://127.0.0.1:{p}")).unwrap(),
    )
    .unwrap();
    let e = test
        .get(&format!("http://127.0.0.1:{p}/x"))
        .await
        .unwrap_err();
    assert_eq!(e, FetchError::Status(404));
    assert!(!leaks(&e), "{e}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    // … and only that origin: its neighbours stay out of reach.
    assert!(test
        .get(&format!("http://127.0.0.1:{}/x", p.wrapping_add(1)))
        .await
        .is_err());
    assert!(test
        .get(&format!("https://inside.example:{p}/"))
        .await
        .is_err());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_resolver_hands_over_only_public_addresses() {
    let resolve = |lookup: Arc<dyn Lookup>, name: &'static str| {
        let r = PublicResolver::new(&FetchPolicy::public(), lookup);
        async move {
            r.resolve(name.parse().unwrap())
                .await
                .map(|a| a.map(|s| s.ip()).collect::<Vec<_>>())
        }
    };
    // The system's resolver: localhost is loopback, so nothing is handed over.
    assert!(resolve(Arc::new(SystemLookup), "localhost").await.is_err());
    assert!(resolve(Arc::new(FakeDns), "inside.example").await.is_err());
    assert!(resolve(Arc::new(FakeDns), "mapped.example").await.is_err());
    assert_eq!(
        resolve(Arc::new(FakeDns), "mixed.example").await.unwrap(),
        vec!["93.184.215.14".parse::<IpAddr>().unwrap()],
        "of a mixed answer only the public address is connected to"
    );
    // The server's own origin resolves as it is: its port is pinned by the policy.
    let own = FetchPolicy::public()
        .with_own_origin("https://inside.example")
        .unwrap();
    let r = PublicResolver::new(&own, Arc::new(FakeDns));
    assert_eq!(
        r.resolve("inside.example".parse().unwrap())
            .await
            .unwrap()
            .count(),
        2
    );
}
