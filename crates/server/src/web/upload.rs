//! Forms that carry files (a QR picture, a credential file, a wallet backup) post as
//! `multipart/form-data`; the same fields posted URL-encoded are read too, so a form
//! works from a script or a test without building a multipart body.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{header, Request};

use crate::state::Shared;

/// A form's fields by name, text or bytes alike (order kept, names may repeat).
pub struct Upload(pub Vec<(String, Vec<u8>)>);

impl Upload {
    pub async fn read(state: &Shared, req: Request<Body>) -> Result<Upload, String> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let body = axum::body::to_bytes(req.into_body(), crate::BODY_LIMIT)
                .await
                .map_err(|e| e.to_string())?;
            return Ok(Upload(
                super::fields(&body)
                    .into_iter()
                    .map(|(k, v)| (k, v.into_bytes()))
                    .collect(),
            ));
        }
        let mut form = Multipart::from_request(req, state)
            .await
            .map_err(|e| e.body_text())?;
        let mut out = Vec::new();
        while let Some(part) = form.next_field().await.map_err(|e| e.body_text())? {
            let name = part.name().unwrap_or_default().to_string();
            let bytes = part.bytes().await.map_err(|e| e.body_text())?;
            out.push((name, bytes.to_vec()));
        }
        Ok(Upload(out))
    }

    /// The bytes of field `name` (empty when absent).
    pub fn bytes(&self, name: &str) -> &[u8] {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_default()
    }

    /// Field `name` as text (lossy; empty when absent).
    pub fn text(&self, name: &str) -> String {
        String::from_utf8_lossy(self.bytes(name)).into_owned()
    }

    /// The text fields, as the CSRF check takes them.
    pub fn text_fields(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), String::from_utf8(v.clone()).ok()?)))
            .collect()
    }
}
