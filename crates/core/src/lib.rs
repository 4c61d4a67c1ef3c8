//! Formats and cryptography shared by the issuer, the wallet and the verifier: keys and
//! DIDs, bundled JSON-LD contexts, Data Integrity proofs, JOSE, SD-JWT and status lists.

pub mod accounts;
pub mod contexts;
pub mod ct;
pub mod dcql;
pub mod di;
pub mod did;
pub mod es256;
pub mod fetch;
pub mod files;
pub mod format;
pub mod jose;
pub mod json;
pub mod jsonld;
pub mod jwe;
pub mod kdf;
pub mod keys;
pub mod limits;
pub mod pct;
pub mod pubkey;
pub mod qrpack;
pub mod sdjwt;
pub mod signing;
pub mod status;
pub mod tsl;
pub mod x509;
