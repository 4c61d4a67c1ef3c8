//! Issuing credentials from the catalogue's specifications: one, or many signed on
//! several threads and recorded in one durable write, each with its status entry.

use chrono::{DateTime, Utc};
use microcred_model::credential;
use microcred_model::validate::{self, Options as ValidationOptions};
use microcred_model::{Award, Specification};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{timestamp, Issuer};
use crate::error::{IssuerError, Result};
use crate::format::{self, Format};
use crate::registry::{Record, Standing};

/// One credential, signed and recorded.
#[derive(Debug, Clone)]
pub struct Issued {
    pub record: Record,
    /// The credential as issued: JSON for Data Integrity, compact text for JWT and SD-JWT.
    pub credential: String,
    /// Whether this call created it (false: an earlier run had, same idempotency key).
    pub new: bool,
}

/// Called on the signing threads with each credential as soon as it is signed, before
/// it is recorded (a cohort writes its file under a temporary name there).
pub type Signed<'a> = &'a (dyn Fn(&Record, &str) -> Result<()> + Sync);

/// What to issue.
#[derive(Debug, Clone)]
pub struct Request {
    pub award: Award,
    pub format: Format,
    /// Issuing twice with the same key yields the first credential again.
    pub idempotency_key: Option<String>,
}

/// How to issue, beyond what each request says.
#[derive(Debug, Clone, Default)]
pub struct IssueOptions {
    /// Issue even what would be expired on the day it is issued (a back-dated licence):
    /// without this, [`IssuerError::AlreadyExpired`].
    pub confirm_expired: bool,
    /// The credential this one renews.
    pub renews: Option<String>,
}

impl Issuer {
    /// Where the catalogue publishes a specification: its IRI in credentials.
    pub fn achievement_id(&self, spec: &Specification) -> String {
        // Each version has its own address, so a credential keeps pointing to the version
        // it was issued under when the catalogue moves on.
        match spec.version.as_deref() {
            _ if validate::is_absolute_uri(&spec.id) => spec.id.clone(),
            Some(v) if crate::catalogue::safe_id(v) => {
                format!("{}/specs/{}/versions/{v}", self.config.base_url, spec.id)
            }
            _ => format!("{}/specs/{}", self.config.base_url, spec.id),
        }
    }

    /// The SD-JWT VC extras of a credential at `(list, index)`.
    pub(super) fn sd_jwt_extras(&self, list: u32, index: u32) -> format::SdJwtExtras {
        let vct = crate::type_metadata::vct(&self.config.base_url);
        format::SdJwtExtras {
            vct_integrity: Some(crate::type_metadata::integrity(&vct)),
            vct: Some(vct),
            status: Some(json!({
                "status_list": { "idx": index, "uri": self.status_token_url(list) }
            })),
            certificate: self.certificate.clone(),
        }
    }

    /// Checks an award against its specification and this issuer, as a provider would
    /// want before anything is signed.
    pub fn check_award(&self, spec: &Specification, award: &Award) -> Result<()> {
        let report = validate::check_award(
            award,
            Some(spec),
            Some(&self.profile),
            &ValidationOptions::default(),
        );
        if report.is_valid() {
            Ok(())
        } else {
            Err(IssuerError::InvalidAward(report))
        }
    }

    /// The award as it will be issued: without its own `validUntil`, the end of validity
    /// follows from the date of issue and the specification's validity period.
    pub fn complete_award(spec: &Specification, award: &Award) -> Award {
        let mut a = award.clone();
        a.json_schema = None;
        if a.valid_until.is_none() {
            a.valid_until = spec.valid_until(&a.issued);
        }
        a
    }

    /// The end of validity of `award` when it has already passed at `now`.
    pub fn expired_on(award: &Award, now: DateTime<Utc>) -> Option<String> {
        let until = award.valid_until.as_deref()?;
        microcred_model::dates::DocDate::parse(until)
            .filter(|d| d.latest_instant() < now)
            .map(|_| until.to_string())
    }

    /// Builds and signs one credential (not yet recorded).
    fn prepare(
        &self,
        spec: &Specification,
        template: &mut credential::Template,
        req: &Request,
        slot: (u32, u32),
        now: DateTime<Utc>,
    ) -> Result<(Record, String)> {
        let id = format!("urn:uuid:{}", uuid::Uuid::new_v4());
        let (list, index) = slot;
        let status = vec![self.status_entry(list, index)];
        let mut salt = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let salt = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, salt);
        let extras = self.sd_jwt_extras(list, index);
        let text = template.with_document(&req.award, &id, &status, &salt, |doc| {
            // Open Badges credentials carry their proof as a set of one (OB 3.0's JSON
            // Schema).
            format::sign_document_with(
                req.format,
                doc,
                &self.key,
                &self.vm,
                now,
                format::ProofForm::Set,
                &extras,
            )
        })??;
        let l = &req.award.learner;
        let contact = l
            .email
            .clone()
            .or_else(|| l.date_of_birth.clone())
            .or_else(|| l.did.clone())
            .unwrap_or_default();
        let learner = if contact.is_empty() {
            l.name.clone()
        } else {
            format!("{} <{contact}>", l.name)
        };
        let mut record = issued_record(id, spec.id.clone(), learner, req.format, slot, now, &text);
        record.spec_version = spec.version.clone();
        record.valid_until = req.award.valid_until.clone();
        record.award = Some(req.award.clone());
        record.idempotency_key = req.idempotency_key.clone();
        Ok((record, text))
    }

    /// Issues one credential: validated, signed, recorded durably, then returned.
    pub fn issue(&self, spec: &Specification, req: Request) -> Result<Issued> {
        self.issue_with(spec, req, &IssueOptions::default())
    }

    /// [`Issuer::issue`] with options: a back-dated credential confirmed, a renewal.
    pub fn issue_with(
        &self,
        spec: &Specification,
        req: Request,
        opts: &IssueOptions,
    ) -> Result<Issued> {
        self.check_award(spec, &req.award)?;
        let mut out = self.issue_checked(spec, vec![req], 1, &|_| {}, &|_, _| Ok(()), opts)?;
        out.pop()
            .ok_or_else(|| IssuerError::Cohort("nothing was issued".into()))
    }

    /// Issues many credentials. Requests whose idempotency key was issued before are
    /// returned as they were; the rest are signed on `threads` threads and recorded in one
    /// durable write before any is returned. `progress` is called with the number done.
    pub fn issue_batch(
        &self,
        spec: &Specification,
        reqs: Vec<Request>,
        threads: usize,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<Issued>> {
        for r in &reqs {
            self.check_award(spec, &r.award)?;
        }
        self.issue_checked(
            spec,
            reqs,
            threads,
            progress,
            &|_, _| Ok(()),
            &IssueOptions::default(),
        )
    }

    /// [`Issuer::issue_batch`] for awards already checked against the specification (a
    /// cohort's rows are, when the list is read).
    pub(crate) fn issue_checked(
        &self,
        spec: &Specification,
        reqs: Vec<Request>,
        threads: usize,
        progress: &(dyn Fn(usize) + Sync),
        signed: Signed<'_>,
        opts: &IssueOptions,
    ) -> Result<Vec<Issued>> {
        let now = Utc::now();
        let mut reqs = reqs;
        for r in &mut reqs {
            r.award = Self::complete_award(spec, &r.award);
            if !opts.confirm_expired {
                if let Some(until) = Self::expired_on(&r.award, now) {
                    return Err(IssuerError::AlreadyExpired(until));
                }
            }
        }
        let mut results: Vec<Option<Issued>> = vec![None; reqs.len()];
        let mut todo = Vec::new();
        for (i, r) in reqs.iter().enumerate() {
            if let Some(key) = &r.idempotency_key {
                if let Some(existing) = self.store()?.registry.by_idempotency_key(key)? {
                    let credential = self.credential(&existing.id)?;
                    results[i] = Some(Issued {
                        record: existing,
                        credential,
                        new: false,
                    });
                    continue;
                }
            }
            todo.push(i);
        }
        let slots = self.allocate_status(todo.len())?;
        let template =
            credential::Template::new(spec, &self.profile, &self.did, &self.achievement_id(spec));
        let template = &template;
        let threads = threads.max(1).min(todo.len().max(1));
        let done = std::sync::atomic::AtomicUsize::new(0);
        let prepared: Vec<Result<(usize, Record, String)>> = std::thread::scope(|scope| {
            let chunk = todo.len().div_ceil(threads).max(1);
            let handles: Vec<_> = todo
                .chunks(chunk)
                .zip(slots.chunks(chunk))
                .map(|(idx, sl)| {
                    let reqs = &reqs;
                    let done = &done;
                    scope.spawn(move || {
                        // Each thread its own template, to lend its parts to documents.
                        let mut template = template.clone();
                        idx.iter()
                            .zip(sl)
                            .map(|(i, slot)| {
                                let r = self
                                    .prepare(spec, &mut template, &reqs[*i], *slot, now)
                                    .and_then(|(rec, text)| {
                                        signed(&rec, &text)?;
                                        Ok((*i, rec, text))
                                    });
                                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                                progress(n);
                                r
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(v) => v,
                    Err(_) => vec![Err(IssuerError::Cohort("a signing thread panicked".into()))],
                })
                .collect()
        });
        let mut entries = Vec::with_capacity(prepared.len());
        let mut positions = Vec::with_capacity(prepared.len());
        for p in prepared {
            let (i, mut rec, text) = p?;
            rec.renews = opts.renews.clone();
            positions.push(i);
            entries.push((rec, text));
        }
        self.store()?.registry.record(&entries)?;
        for (i, (record, credential)) in positions.into_iter().zip(entries) {
            results[i] = Some(Issued {
                record,
                credential,
                new: true,
            });
        }
        Ok(results.into_iter().flatten().collect())
    }
}

/// The registry's record of a credential just signed as `text`, active, at `slot` of
/// the status lists (`(0, 0)`: no status kept here); what only issuing from a
/// specification knows (the award, its version, an idempotency key) the caller adds.
pub(super) fn issued_record(
    id: String,
    specification: String,
    learner: String,
    format: Format,
    slot: (u32, u32),
    now: DateTime<Utc>,
    text: &str,
) -> Record {
    let (status_list, status_index) = slot;
    Record {
        id,
        specification,
        learner,
        format,
        status_list,
        status_index,
        issued_at: timestamp(now),
        content_hash: hex::encode(Sha256::digest(text.as_bytes())),
        idempotency_key: None,
        standing: Standing::Active,
        spec_version: None,
        valid_until: None,
        renews: None,
        award: None,
        events: Vec::new(),
    }
}
