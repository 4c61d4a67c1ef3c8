//! HTTP clients for the tests: the crates use rustls with ring, installed as the process's
//! TLS provider before a client is built (as `microcred_core::fetch` does for the code).

/// A client builder, with ring installed as the TLS provider.
pub fn builder() -> reqwest::ClientBuilder {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}

/// A default client.
pub fn client() -> reqwest::Client {
    builder().build().expect("an HTTP client")
}
