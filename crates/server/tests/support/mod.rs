//! A server on a free loopback port with its own data directory, and a small client.

#![allow(dead_code)]

use std::net::SocketAddr;

use microcred_server::config::DEFAULT_SHARE_RATE;
use microcred_server::state::Shared;
use microcred_server::{build_state, serve_on, Config, Role};
use microcred_testkit::repo;
use serde_json::Value;
use tokio::sync::oneshot;

pub struct TestServer {
    pub base: String,
    pub state: Shared,
    pub dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    pub task: Option<tokio::task::JoinHandle<()>>,
}

pub async fn start(role: Role) -> TestServer {
    start_with(role, DEFAULT_SHARE_RATE).await
}

pub async fn start_with(role: Role, share_rate: u32) -> TestServer {
    start_configured(role, |c| c.share_rate = share_rate).await
}

pub async fn start_configured(role: Role, adjust: impl FnOnce(&mut Config)) -> TestServer {
    microcred_server::init_logging();
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let mut config = Config {
        listen: addr,
        data: dir.path().to_path_buf(),
        role,
        base_url: base.clone(),
        trust_list: None,
        trust_list_url: None,
        share_rate: DEFAULT_SHARE_RATE,
        registration: true,
        max_accounts: microcred_server::config::DEFAULT_MAX_ACCOUNTS,
        offer_issuers: Vec::new(),
        verifier_certificate: None,
        verifier_key: None,
        share_servers: Vec::new(),
        connections: Default::default(),
    };
    adjust(&mut config);
    let state = tokio::task::spawn_blocking(move || build_state(config))
        .await
        .unwrap()
        .unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let s = state.clone();
    let task = tokio::spawn(async move {
        serve_on(listener, s, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    TestServer {
        base,
        state,
        dir,
        stop: Some(tx),
        task: Some(task),
    }
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A fresh API token of the server's issuer.
    pub fn token(&self) -> String {
        let issuer = self.state.issuer.as_ref().expect("an issuer role");
        issuer.create_token("tests").unwrap().1
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap();
        }
    }
}

pub fn client() -> reqwest::Client {
    microcred_testkit::http::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A response's status and JSON body (Null when the body is not JSON).
pub async fn answer(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

pub fn award(name: &str) -> Value {
    let text = std::fs::read(repo().join("examples/awards").join(name)).unwrap();
    let mut v: Value = serde_json::from_slice(&text).unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("$schema");
    }
    v
}

/// A signed-in wallet user: the session cookie and CSRF token.
pub struct Learner {
    pub cookie: String,
    pub csrf: String,
    pub did: String,
}

pub async fn sign_up(server: &TestServer, http: &reqwest::Client, name: &str) -> Learner {
    let creds = serde_json::json!({ "username": name, "password": "correct horse battery" });
    let (s, body) = answer(
        http.post(server.url("/wallet/api/register"))
            .json(&creds)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let resp = http
        .post(server.url("/wallet/api/login"))
        .json(&creds)
        .send()
        .await
        .unwrap();
    let set_cookie = resp
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let (s, body) = answer(resp).await;
    assert_eq!(s, 200, "{body}");
    Learner {
        cookie,
        csrf: body["csrfToken"].as_str().unwrap().to_string(),
        did: body["did"].as_str().unwrap().to_string(),
    }
}

impl Learner {
    pub fn get(&self, http: &reqwest::Client, url: String) -> reqwest::RequestBuilder {
        http.get(url).header("cookie", &self.cookie)
    }
    pub fn post(&self, http: &reqwest::Client, url: String) -> reqwest::RequestBuilder {
        http.post(url)
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
    }
    pub fn delete(&self, http: &reqwest::Client, url: String) -> reqwest::RequestBuilder {
        http.delete(url)
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
    }
}
