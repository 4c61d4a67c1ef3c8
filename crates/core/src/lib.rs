//! Formats and cryptography shared by the issuer, the wallet and the verifier: bundled
//! JSON-LD contexts, DIDs, Data Integrity proofs, JOSE, SD-JWT and status lists.
