//! How large a thing may be before it is refused unread. Every size limit on input lives
//! here, so the verifier, the wallet, the server and the formats agree on one figure: a
//! credential the verifier would take is one the wallet keeps, the server accepts and a
//! QR code may unpack to.

/// Largest single document handled: a credential, a presentation, a specification, a
/// request or response body, an unpacked QR code, a JWS or JWE, a fetched status list or
/// trust list. A micro-credential is a few kilobytes and a presentation of several a few
/// tens; a status list of 131,072 entries is about 300 bytes compressed. Anything near a
/// mebibyte is a mistake or an attack, and is refused before it is parsed.
///
/// The data model checks documents before anything else is loaded, so the figure is the
/// data model's own.
pub const DOCUMENT: usize = microcred_model::validate::MAX_DOCUMENT_BYTES;
