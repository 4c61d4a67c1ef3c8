//! The learner's wallet: holder keys, an encrypted store, import, presentations,
//! selective disclosure, share links and QR codes.
