//! Getting DID documents and status lists, under microcred's one fetch policy
//! ([`microcred_core::fetch`]): HTTPS to public addresses only, with limits, or from
//! memory.
//!
//! The verifier only ever fetches two kinds of documents, both small: a `did:web` DID
//! document and a Bitstring Status List credential. JSON-LD contexts are never fetched.

pub use microcred_core::fetch::{
    Fetch, FetchError, FetchFuture, FetchPolicy, HttpFetch, MapFetch, MAX_FETCH,
};
