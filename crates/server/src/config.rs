//! How the server runs: listen address, data directory, roles, public address, limits.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    All,
    Issuer,
    Wallet,
    Verifier,
}

impl Role {
    pub fn has(self, r: Role) -> bool {
        self == Role::All || self == r
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "all" => Ok(Role::All),
            "issuer" => Ok(Role::Issuer),
            "wallet" => Ok(Role::Wallet),
            "verifier" => Ok(Role::Verifier),
            _ => Err(format!(
                "unknown role '{s}': use all, issuer, wallet or verifier"
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data: PathBuf,
    pub role: Role,
    /// The address others reach this server at (links, status lists, offers).
    pub base_url: String,
    /// Issuers the verifier recognises; default `DATA/trust-list.json` if present.
    pub trust_list: Option<PathBuf>,
    /// A trust list published signed at an https URL, refreshed hourly and cached in
    /// the data directory; with the `did:key` that signs it.
    pub trust_list_url: Option<(String, String)>,
    /// Share-link requests per second allowed from one address (burst: twice that).
    pub share_rate: u32,
    /// Whether anyone may create a wallet account.
    pub registration: bool,
    /// At most this many wallet accounts (each keeps its store open).
    pub max_accounts: usize,
    /// Issuers (base URLs) whose offers hosted wallets accept, besides this server's own.
    pub offer_issuers: Vec<String>,
    /// The verifier's certificate chain (PEM, leaf first) and its key for OpenID4VP
    /// requests; made on first run in `DATA/verifier/` when not given.
    pub verifier_certificate: Option<PathBuf>,
    pub verifier_key: Option<PathBuf>,
    /// Other servers (base URLs) whose share links the check page may fetch; links to
    /// this server are always read from its own store.
    pub share_servers: Vec<String>,
    /// Header timeout and connections per client address.
    pub connections: crate::connections::ConnectionLimits,
}

/// Settings a config file (JSON) may give; flags and the environment win.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub data: Option<PathBuf>,
    pub role: Option<Role>,
    pub base_url: Option<String>,
    pub trust_list: Option<PathBuf>,
    pub trust_list_url: Option<String>,
    pub trust_list_signer: Option<String>,
    pub share_rate: Option<u32>,
    pub registration: Option<bool>,
    pub max_accounts: Option<usize>,
    pub offer_issuers: Option<Vec<String>>,
    pub verifier_certificate: Option<PathBuf>,
    pub verifier_key: Option<PathBuf>,
    pub share_servers: Option<Vec<String>>,
    pub max_connections_per_address: Option<usize>,
    pub header_timeout_seconds: Option<u64>,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_SHARE_RATE: u32 = 20;
pub const DEFAULT_MAX_ACCOUNTS: usize = 1000;
