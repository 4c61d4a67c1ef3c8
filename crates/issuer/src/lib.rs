//! Issuing micro-credentials: keys and DIDs, building and signing credentials in three
//! formats, the issuance registry, status lists, issuing to a whole cohort, and the
//! provider's staff accounts.

pub mod catalogue;
pub mod cohort;
pub mod cohort_offers;
#[cfg(test)]
mod crash_tests;
pub mod csv_out;
pub mod demo;
pub mod error;
pub mod format;
pub mod issuer;
pub mod offers;
pub mod registry;
pub mod renewal;
pub mod seal;
pub mod staff;
pub mod standing;
pub mod status;
pub mod tokens;
pub mod type_metadata;
mod xlsx_in;
pub mod xlsx_out;

pub use error::{IssuerError, RegistryError};
pub use format::Format;
pub use issuer::{
    CertificateInUse, Config, InitOptions, IssueOptions, Issued, Issuer, ProvidedKey, Request,
};
pub use registry::{Action, Allocation, Event, Filter, Record, Registry, Standing};
