//! What was handed in, sent to the check for its kind: a lone credential, a
//! presentation, or a credential inside one.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::input::{self, Input};
use crate::report::{self, Check, CheckKind, CredentialReport, Presented, Reason, Report};

use super::{Expectation, Holder, Verifier};

impl Verifier {
    /// Verifies a credential or presentation in any supported format.
    pub async fn verify(&self, bytes: &[u8], expect: &Expectation) -> Report {
        match input::detect(bytes) {
            Ok(input) => self.verify_input(input, expect).await,
            Err(Reason::NotRecognised) => self.finish(
                Presented::Unknown,
                vec![Check::failed(
                    CheckKind::Format,
                    crate::recognise::not_recognised(bytes),
                )],
                Vec::new(),
            ),
            Err(reason) => self.finish(
                Presented::Unknown,
                vec![Check::failed(CheckKind::Format, reason)],
                Vec::new(),
            ),
        }
    }

    /// Verifies an input already recognised (the HTTP API receives JSON).
    pub async fn verify_input(&self, input: Input, expect: &Expectation) -> Report {
        let now = self.opts.now.unwrap_or_else(Utc::now);
        match input {
            Input::DiCredential(v) => self.lone(
                Presented::DiCredential,
                self.di_credential(v, None, now).await,
                expect,
            ),
            Input::JwtCredential(t) => self.lone(
                Presented::JwtCredential,
                self.jwt_credential(&t, None, now).await,
                expect,
            ),
            Input::SdJwt(t) => {
                let presented = if t.trim().ends_with('~') {
                    Presented::SdJwt
                } else {
                    Presented::SdJwtKeyBinding
                };
                let report = self.sd_jwt(&t, None, Some(expect), now).await;
                self.finish(presented, Vec::new(), vec![report])
            }
            Input::DiPresentation(v) => self.di_presentation(&v, expect, now).await,
            Input::JwtPresentation(t) => self.jwt_presentation(&t, expect, now).await,
        }
    }

    /// A credential handed in on its own: if a presentation was asked for, that fails.
    pub(super) fn lone(
        &self,
        presented: Presented,
        cred: CredentialReport,
        expect: &Expectation,
    ) -> Report {
        let mut checks = Vec::new();
        if expect.asked() {
            checks.push(Check::failed(
                CheckKind::HolderBinding,
                Reason::NotAPresentation,
            ));
        }
        self.finish(presented, checks, vec![cred])
    }

    pub(super) fn finish(
        &self,
        presented: Presented,
        checks: Vec<Check>,
        credentials: Vec<CredentialReport>,
    ) -> Report {
        let mut r = Report {
            verdict: report::Verdict::Invalid,
            presented,
            checks,
            credentials,
        };
        r.verdict = report::verdict(&r.all_checks(), self.opts.require_trusted);
        r
    }

    /// A credential inside a presentation: embedded JSON-LD, a JWT string, or an
    /// `EnvelopedVerifiableCredential`.
    pub(super) async fn embedded(
        &self,
        item: &Value,
        holder: Option<&Holder>,
        now: DateTime<Utc>,
    ) -> CredentialReport {
        let detected = input::detect_value(item, false);
        match detected {
            Ok(Input::DiCredential(v)) => Box::pin(self.di_credential(v, holder, now)).await,
            Ok(Input::JwtCredential(t)) => Box::pin(self.jwt_credential(&t, holder, now)).await,
            Ok(Input::SdJwt(t)) => Box::pin(self.sd_jwt(&t, holder, None, now)).await,
            Ok(_) => {
                let mut r = CredentialReport::new(Presented::Unknown);
                r.checks.push(Check::failed(
                    CheckKind::Format,
                    Reason::Malformed {
                        detail: "a presentation inside a presentation".into(),
                    },
                ));
                r
            }
            Err(reason) => {
                let mut r = CredentialReport::new(Presented::Unknown);
                r.checks.push(Check::failed(CheckKind::Format, reason));
                r
            }
        }
    }
}
