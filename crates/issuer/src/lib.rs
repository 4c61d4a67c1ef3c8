//! Issuing micro-credentials: keys and DIDs, building and signing credentials, the
//! issuance registry, status lists and cohort issuance.
