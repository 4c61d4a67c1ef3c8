//! Verifying micro-credentials in every supported format, with DID resolution, status
//! and trust checks, and a report an employer can read.
