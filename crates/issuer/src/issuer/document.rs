//! Signing a credential the caller wrote (the W3C VC-API way): checked, completed only
//! where something is missing, never rewritten.

use chrono::Utc;
use microcred_model::validate;
use serde_json::{json, Value};

use super::issue::issued_record;
use super::{timestamp, Issued, Issuer};
use crate::error::{IssuerError, Result};
use crate::format::{self, Format};

/// The Data Integrity context, bundled; added to VC 1.1 documents signed with a proof.
const DATA_INTEGRITY_V2_CONTEXT: &str = "https://w3id.org/security/data-integrity/v2";

/// A signing error that is the document's fault (a context that is not bundled, JSON-LD
/// that does not process) as a problem of the document; anything else as it is.
fn json_ld_problem(e: IssuerError) -> IssuerError {
    use microcred_core::di::DiError;
    use microcred_model::validate::{one_problem, ProblemKind};
    match e {
        IssuerError::Di(DiError::Context(c)) => IssuerError::Nonconforming(one_problem(
            "$[\"@context\"]",
            ProblemKind::JsonLd {
                detail: c.to_string(),
            },
        )),
        IssuerError::Di(DiError::JsonLd(d) | DiError::Document(d) | DiError::Unsupported(d)) => {
            IssuerError::Nonconforming(one_problem("$", ProblemKind::JsonLd { detail: d }))
        }
        other => other,
    }
}

impl Issuer {
    /// Signs a credential the caller wrote (the W3C VC-API way), as given: VC 2.0, or
    /// VC 1.1 as Data Integrity. It must conform to the data model and name this issuer
    /// (or no issuer); otherwise it is refused with every problem found, never
    /// rewritten. Only what is missing is added: this issuer, an `id`, `validFrom`
    /// (`issuanceDate` for 1.1) and, when the caller gave no `credentialStatus`, this
    /// issuer's status entry (VC 2.0 only). A caller's own `credentialStatus` is kept as
    /// it is, and this issuer then keeps no status for the credential.
    pub fn issue_document(&self, unsigned: Value, format: Format) -> Result<Issued> {
        use microcred_model::validate::{vcdm, Problem, ProblemKind, Report, Severity};
        let mut doc = unsigned;
        // Fill in the issuer where the caller left it out (not where it is null).
        match doc.get_mut("issuer") {
            Some(Value::Object(o)) if !o.contains_key("id") => {
                o.insert("id".into(), json!(self.did));
            }
            Some(_) => {}
            None => {
                if let Value::Object(m) = &mut doc {
                    m.insert("issuer".into(), json!(self.did));
                }
            }
        }
        let mut report = validate::validate_vc_document(&doc);
        let mut problem = |path: &str, kind: ProblemKind| {
            report.problems.push(Problem {
                path: path.into(),
                severity: Severity::Error,
                kind,
            })
        };
        let version = vcdm::version(&doc);
        if let Some(given) = doc.get("issuer").and_then(|i| i.get("id").or(Some(i))) {
            if let Some(g) = given.as_str().filter(|g| *g != self.did) {
                let path = if doc["issuer"].is_object() {
                    "$.issuer.id"
                } else {
                    "$.issuer"
                };
                problem(
                    path,
                    ProblemKind::ForeignIssuer {
                        given: g.to_string(),
                        ours: self.did.clone(),
                    },
                );
            }
        }
        if doc.get("proof").is_some() {
            problem("$.proof", ProblemKind::AlreadySigned);
        }
        if version == Some(vcdm::Version::V1_1) && format != Format::DataIntegrity {
            // VC-JOSE and SD-JWT VC secure VC 2.0 documents only.
            problem(
                "$[\"@context\"][0]",
                ProblemKind::ContextNotFirst {
                    expected: vcdm::VC_V2.into(),
                },
            );
        }
        let given_id = doc.get("id").and_then(Value::as_str).map(str::to_string);
        if let Some(id) = &given_id {
            if self.store()?.registry.get(id)?.is_some() {
                problem("$.id", ProblemKind::AlreadyIssued { id: id.clone() });
            }
        }
        if !report.is_valid() {
            return Err(IssuerError::Nonconforming(report));
        }
        let Value::Object(mut m) = doc else {
            return Err(IssuerError::Nonconforming(Report::default()));
        };
        let id = given_id.unwrap_or_else(|| format!("urn:uuid:{}", uuid::Uuid::new_v4()));
        m.entry("id").or_insert_with(|| json!(id));
        let now = Utc::now();
        let date = match version {
            Some(vcdm::Version::V1_1) => "issuanceDate",
            _ => "validFrom",
        };
        m.entry(date).or_insert_with(|| json!(timestamp(now)));
        // A VC 1.1 document gets no entry of ours: BitstringStatusListEntry is a term of
        // the VC 2.0 context, which cannot be added beside 1.1's, and the caller's
        // `@context` is not ours to change.
        let v1 = version == Some(vcdm::Version::V1_1);
        let (list, index) = if m.contains_key("credentialStatus") || v1 {
            (0, 0)
        } else {
            let (list, index) = self
                .allocate_status(1)?
                .first()
                .copied()
                .ok_or_else(|| IssuerError::Cohort("no status slot".into()))?;
            m.insert("credentialStatus".into(), self.status_entry(list, index));
            (list, index)
        };
        let name = m
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| m.get("type").map(|t| t.to_string()).unwrap_or_default());
        let subject = m
            .get("credentialSubject")
            .and_then(|s| s.get("id").or_else(|| s.get("name")))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        // The caller's own status entry (or none, for VC 1.1) stays; ours is made the
        // SD-JWT VC way for an SD-JWT VC.
        let extras = if list == 0 {
            format::SdJwtExtras {
                status: None,
                ..self.sd_jwt_extras(list, index)
            }
        } else {
            self.sd_jwt_extras(list, index)
        };
        // A VC 1.1 context does not define DataIntegrityProof: its terms come from the
        // Data Integrity context, added (as the reference implementation's suites do)
        // when the document does not name it, so the proof's terms map to URLs.
        if v1 && format == Format::DataIntegrity {
            if let Some(Value::Array(ctx)) = m.get_mut("@context") {
                let named = ctx.iter().any(|c| {
                    c.as_str()
                        .is_some_and(|u| u.starts_with("https://w3id.org/security/data-integrity/"))
                });
                if !named {
                    ctx.push(json!(DATA_INTEGRITY_V2_CONTEXT));
                }
            }
        }
        let mut doc = Value::Object(m);
        let text = format::sign_document_with(
            format,
            &mut doc,
            &self.key,
            &self.vm,
            now,
            format::ProofForm::Object,
            &extras,
        )
        .map_err(json_ld_problem)?;
        let record = issued_record(
            id,
            format!("(credential) {name}"),
            subject,
            format,
            (list, index),
            now,
            &text,
        );
        self.store()?
            .registry
            .record(&[(record.clone(), text.clone())])?;
        Ok(Issued {
            record,
            credential: text,
            new: true,
        })
    }
}
