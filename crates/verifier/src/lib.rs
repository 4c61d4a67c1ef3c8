//! Verifies micro-credentials and presentations from any standards-following issuer,
//! and tells in one report whether each is genuine, current, whose, and what it says.
//!
//! Formats: W3C VC 2.0 and 1.1 with Data Integrity proofs (the suites of
//! `microcred_core::di::suites`), VC-JOSE `vc+jwt` (and VC 1.1 JWTs), SD-JWT VC with key
//! binding, and presentations of each. A check
//! that cannot be completed is reported as such and never counts as passed.

mod cache;
pub mod claims;
pub mod fetch;
pub mod input;
pub mod oid4vp;
pub mod qrimage;
pub mod recognise;
pub mod report;
pub mod resolve;
mod signature;
mod status;
mod token_status;
pub mod trust;
pub mod validity;
mod verify;
mod x5c;

pub use fetch::{Fetch, FetchError, FetchPolicy, HttpFetch, MapFetch};
pub use input::Input;
pub use recognise::{Checked, Links, Via};
pub use report::{
    Check, CheckKind, Content, CredentialReport, Outcome, Presented, Reason, Report, Standing,
    Verdict,
};
pub use status::{MAX_STATUS_ENTRIES, STATUS_CACHE_BYTES};
pub use trust::{TrustList, TrustListError, TrustedIssuer, X509Anchor};
pub use verify::{Expectation, Options, Verifier, MAX_CREDENTIALS};
