//! `microcred serve`: settings from flags, then the environment, then a config file, then
//! defaults; then the server runs until SIGINT/SIGTERM.
//!
//! Defaults are chosen so a newcomer's first `microcred serve` just works: everything on
//! 127.0.0.1:8080, data in `./microcred-data` (visible, and removed with one `rm -r`),
//! and the demo issuer created there on first run.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use microcred_server::config::{
    FileConfig, DEFAULT_LISTEN, DEFAULT_MAX_ACCOUNTS, DEFAULT_SHARE_RATE,
};
use microcred_server::connections::{
    ConnectionLimits, DEFAULT_HEADER_TIMEOUT, DEFAULT_PER_ADDRESS,
};
use microcred_server::{Config, Role};

pub const DEFAULT_DATA: &str = "microcred-data";

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "MICROCRED_LISTEN", value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Data directory (issuer, wallets, trust list) [default: ./microcred-data]
    #[arg(long, env = "MICROCRED_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    /// Run one role alone: issuer, wallet or verifier [default: all]
    #[arg(long)]
    role: Option<Role>,
    /// The address others reach this server at [default: http://LISTEN]
    #[arg(long, env = "MICROCRED_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// Issuers the verifier recognises [default: DATA/trust-list.json]
    #[arg(long, value_name = "FILE")]
    trust_list: Option<PathBuf>,
    /// A trust list published signed (a compact JWS) at this https URL; fetched under the
    /// fetch policy, refreshed hourly and cached in the data directory
    #[arg(long, env = "MICROCRED_TRUST_LIST_URL", value_name = "URL")]
    trust_list_url: Option<String>,
    /// The did:key whose key signs the list at --trust-list-url
    #[arg(long, env = "MICROCRED_TRUST_LIST_SIGNER", value_name = "DID")]
    trust_list_signer: Option<String>,
    /// Share-link requests per second from one address [default: 20]
    #[arg(long, value_name = "N")]
    share_rate: Option<u32>,
    /// Nobody may create a wallet account through the API
    #[arg(long)]
    no_registration: bool,
    /// At most this many hosted wallet accounts [default: 1000]
    #[arg(long, value_name = "N")]
    max_accounts: Option<usize>,
    /// Hosted wallets also accept offers from this issuer (base URL; repeatable)
    #[arg(long = "offer-issuer", value_name = "URL")]
    offer_issuers: Vec<String>,
    /// The verifier's certificate chain for OpenID4VP (PEM, leaf first; HAIP wants one
    /// issued by a CA) [default: made on first run in DATA/verifier/]
    #[arg(long, value_name = "FILE", requires = "verifier_key")]
    verifier_certificate: Option<PathBuf>,
    /// The private key of --verifier-certificate (P-256: PKCS#8 PEM or JWK, mode 0600)
    #[arg(long, value_name = "FILE", requires = "verifier_certificate")]
    verifier_key: Option<PathBuf>,
    /// The check page also follows share links to this server (base URL; repeatable)
    #[arg(long = "share-server", value_name = "URL")]
    share_servers: Vec<String>,
    /// Connections at once from one client address [default: 128]; raise it behind a
    /// reverse proxy, where every connection comes from the proxy
    #[arg(long, value_name = "N")]
    max_connections_per_address: Option<usize>,
    /// Seconds a client may take to send a request's headers, or stay idle between
    /// requests [default: 10]
    #[arg(long, value_name = "SECONDS")]
    header_timeout: Option<u64>,
    /// Settings in a JSON file (listen, data, role, baseUrl, trustList, shareRate, registration, shareServers, maxConnectionsPerAddress, headerTimeoutSeconds)
    #[arg(long, env = "MICROCRED_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
}

fn config(a: ServeArgs) -> Result<Config> {
    let file: FileConfig = match &a.config {
        Some(p) => {
            let text = std::fs::read(p).with_context(|| {
                microcred_text::t!(
                    crate::default_lang(),
                    "cli_cannot_read",
                    path = p.display().to_string()
                )
            })?;
            serde_json::from_slice(&text)
                .with_context(|| format!("{} is not a valid configuration", p.display()))?
        }
        None => FileConfig::default(),
    };
    let listen = match a.listen.or(file.listen) {
        Some(l) => l,
        None => DEFAULT_LISTEN.parse().context("default listen address")?,
    };
    let base_url = match a.base_url.or(file.base_url) {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            // An unspecified address (0.0.0.0) is not one anybody can reach: links name
            // the loopback address until --base-url says otherwise.
            let host = if listen.ip().is_unspecified() {
                "127.0.0.1".to_string()
            } else if listen.is_ipv6() {
                format!("[{}]", listen.ip())
            } else {
                listen.ip().to_string()
            };
            format!("http://{host}:{}", listen.port())
        }
    };
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        anyhow::bail!("--base-url must start with http:// or https://");
    }
    Ok(Config {
        listen,
        data: a
            .data
            .or(file.data)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA)),
        role: a.role.or(file.role).unwrap_or(Role::All),
        base_url,
        trust_list: a.trust_list.or(file.trust_list),
        trust_list_url: match (
            a.trust_list_url.or(file.trust_list_url),
            a.trust_list_signer.or(file.trust_list_signer),
        ) {
            (Some(url), Some(signer)) => Some((url, signer)),
            (None, None) => None,
            _ => anyhow::bail!("--trust-list-url and --trust-list-signer go together"),
        },
        share_rate: a
            .share_rate
            .or(file.share_rate)
            .unwrap_or(DEFAULT_SHARE_RATE),
        registration: !a.no_registration && file.registration.unwrap_or(true),
        max_accounts: a
            .max_accounts
            .or(file.max_accounts)
            .unwrap_or(DEFAULT_MAX_ACCOUNTS),
        offer_issuers: if a.offer_issuers.is_empty() {
            file.offer_issuers.unwrap_or_default()
        } else {
            a.offer_issuers
        }
        .into_iter()
        .map(|u| u.trim_end_matches('/').to_string())
        .collect(),
        verifier_certificate: a.verifier_certificate.or(file.verifier_certificate),
        verifier_key: a.verifier_key.or(file.verifier_key),
        share_servers: if a.share_servers.is_empty() {
            file.share_servers.unwrap_or_default()
        } else {
            a.share_servers
        }
        .into_iter()
        .map(|u| u.trim_end_matches('/').to_string())
        .collect(),
        connections: ConnectionLimits {
            per_address: a
                .max_connections_per_address
                .or(file.max_connections_per_address)
                .unwrap_or(DEFAULT_PER_ADDRESS)
                .max(1),
            header_timeout: a
                .header_timeout
                .or(file.header_timeout_seconds)
                .map(|s| std::time::Duration::from_secs(s.max(1)))
                .unwrap_or(DEFAULT_HEADER_TIMEOUT),
        },
    })
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let config = config(a)?;
    microcred_server::init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    rt.block_on(async move {
        let state = tokio::task::spawn_blocking(move || microcred_server::build_state(config))
            .await
            .context("setting up")??;
        microcred_server::serve(state).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
