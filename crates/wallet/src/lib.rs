//! The learner's wallet: holder keys, an encrypted store, import, presentations,
//! selective disclosure, share links, QR codes and progress towards larger credentials.
//!
//! Everything a wallet holds on disk is encrypted with a data key that only the
//! learner's passphrase unlocks (see [`crypto`]); share links are the exception by
//! design, readable with their own token (see [`share`]).

pub mod accounts;
pub mod backup;
pub mod crypto;
pub mod entry;
pub mod error;
pub mod freshness;
pub mod linkedin;
pub mod oid4vci;
pub mod oid4vp;
pub mod present;
pub mod progress;
pub mod publish;
pub mod qr;
pub mod share;
mod store;
pub mod wallet;

pub use entry::{Entry, Status};
pub use error::WalletError;
pub use microcred_core::format::Format;
pub use present::{Disclose, Presentation};
pub use progress::Progress;
pub use share::{Lookup, Share, SharedContent};
pub use store::Database;
pub use wallet::{Imported, InitOptions, Wallet};
