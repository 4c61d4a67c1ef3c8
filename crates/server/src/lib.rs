//! The HTTP service: issuer API, wallet pages and share links, verifier page and API.
