//! What the wallet remembers about each credential for listing, searching and progress,
//! without decrypting the credential itself; and its compact binary form.

use serde::Serialize;

use microcred_model::{Lang, LangMap};
use microcred_verifier::{CheckKind, Outcome, Reason, Report, Verdict};

use crate::error::WalletError;

/// The credential's format as issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Di,
    Jwt,
    SdJwt,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Di => "di",
            Kind::Jwt => "jwt",
            Kind::SdJwt => "sd-jwt",
        }
    }

    fn byte(self) -> u8 {
        self as u8
    }

    fn from_byte(b: u8) -> Option<Kind> {
        [Kind::Di, Kind::Jwt, Kind::SdJwt].into_iter().find(|k| k.byte() == b)
    }

    /// File extension for exporting a credential of this kind.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Di => "json",
            Kind::Jwt => "jwt",
            Kind::SdJwt => "sd-jwt",
        }
    }
}

/// The standing last found by verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Valid,
    Revoked,
    Suspended,
    Expired,
    NotYetValid,
    Invalid,
    CouldNotCheck,
}

impl Status {
    const ALL: [Status; 7] = [
        Status::Valid,
        Status::Revoked,
        Status::Suspended,
        Status::Expired,
        Status::NotYetValid,
        Status::Invalid,
        Status::CouldNotCheck,
    ];

    /// From a verification report of the credential.
    pub fn of(report: &Report) -> Status {
        match report.verdict {
            Verdict::Valid | Verdict::ValidIssuerNotRecognised => Status::Valid,
            Verdict::CouldNotCheck => Status::CouldNotCheck,
            Verdict::Invalid => {
                let failed = |kind: CheckKind| {
                    report
                        .all_checks()
                        .into_iter()
                        .find(|c| c.kind == kind && c.outcome == Outcome::Failed)
                        .map(|c| c.reason.clone())
                };
                match (failed(CheckKind::Status), failed(CheckKind::Validity)) {
                    (Some(Reason::Revoked), _) => Status::Revoked,
                    (Some(Reason::Suspended), _) => Status::Suspended,
                    (_, Some(Reason::Expired { .. })) => Status::Expired,
                    (_, Some(Reason::NotYetValid { .. })) => Status::NotYetValid,
                    _ => Status::Invalid,
                }
            }
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Valid => lang.pick("voimassa", "giltigt", "valid"),
            Status::Revoked => lang.pick("peruttu", "återkallat", "revoked"),
            Status::Suspended => lang.pick("keskeytetty", "spärrat", "suspended"),
            Status::Expired => lang.pick("vanhentunut", "utgånget", "expired"),
            Status::NotYetValid => lang.pick("ei vielä voimassa", "inte giltigt än", "not yet valid"),
            Status::Invalid => lang.pick("ei kelpaa", "ogiltigt", "invalid"),
            Status::CouldNotCheck => lang.pick("ei tarkistettu", "ej kontrollerat", "not checked"),
        }
    }

    fn byte(self) -> u8 {
        self as u8
    }

    fn from_byte(b: u8) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.byte() == b)
    }
}

/// A larger credential a held one counts towards, and the parts it names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub id: String,
    pub title: LangMap,
    pub parts: Vec<(String, LangMap)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// 16 hex digits: a keyed hash of the credential, so the same credential always has
    /// the same ID in this wallet and no other.
    pub id: String,
    pub kind: Kind,
    /// Unix seconds.
    pub added: i64,
    pub title: LangMap,
    pub issuer_name: LangMap,
    pub issuer: String,
    /// Date of issuing, as the credential gives it.
    pub issued: String,
    pub valid_until: Option<String>,
    /// The microcred specification, when the credential is one of ours.
    pub spec_id: Option<String>,
    pub status: Status,
    /// Unix seconds of the last verification.
    pub checked: i64,
    pub towards: Vec<Target>,
}

impl Entry {
    pub fn title_in(&self, lang: Lang) -> &str {
        self.title.text(lang)
    }

    /// Whether any language of the title contains `needle` (already lower-cased).
    pub fn title_matches(&self, needle: &str) -> bool {
        self.title.0.values().any(|t| t.to_lowercase().contains(needle))
    }
}

// ------------------------------------------------------------------ binary form

/// Entries are encoded by hand, length-prefixed: a wallet of 100,000 decodes in
/// milliseconds, and the format has no dependency to drift.
pub struct Writer(pub Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn lang(&mut self, m: &LangMap) {
        self.u32(m.0.len() as u32);
        for (k, v) in &m.0 {
            self.str(k);
            self.str(v);
        }
    }

    pub fn entry(&mut self, e: &Entry) {
        self.str(&e.id);
        self.u8(e.kind.byte());
        self.i64(e.added);
        self.lang(&e.title);
        self.lang(&e.issuer_name);
        self.str(&e.issuer);
        self.str(&e.issued);
        self.opt(&e.valid_until);
        self.opt(&e.spec_id);
        self.u8(e.status.byte());
        self.i64(e.checked);
        self.u32(e.towards.len() as u32);
        for t in &e.towards {
            self.str(&t.id);
            self.lang(&t.title);
            self.u32(t.parts.len() as u32);
            for (id, title) in &t.parts {
                self.str(id);
                self.lang(title);
            }
        }
    }
}

pub struct Reader<'a>(pub &'a [u8]);

fn corrupt() -> WalletError {
    WalletError::Corrupt("the credential index is damaged".into())
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], WalletError> {
        if n > self.0.len() {
            return Err(corrupt());
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, WalletError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, WalletError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| corrupt())?))
    }
    fn i64(&mut self) -> Result<i64, WalletError> {
        Ok(i64::from_le_bytes(self.take(8)?.try_into().map_err(|_| corrupt())?))
    }
    fn str(&mut self) -> Result<String, WalletError> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| corrupt())
    }
    fn opt(&mut self) -> Result<Option<String>, WalletError> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.str()?),
        })
    }
    fn count(&mut self) -> Result<usize, WalletError> {
        let n = self.u32()? as usize;
        // Each element takes at least four bytes: a count beyond that is damage.
        if n > self.0.len() / 4 + 1 {
            return Err(corrupt());
        }
        Ok(n)
    }
    fn lang(&mut self) -> Result<LangMap, WalletError> {
        let n = self.count()?;
        let mut m = LangMap::default();
        for _ in 0..n {
            let k = self.str()?;
            m.0.insert(k, self.str()?);
        }
        Ok(m)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn entry(&mut self) -> Result<Entry, WalletError> {
        let id = self.str()?;
        let kind = Kind::from_byte(self.u8()?).ok_or_else(corrupt)?;
        let added = self.i64()?;
        let title = self.lang()?;
        let issuer_name = self.lang()?;
        let issuer = self.str()?;
        let issued = self.str()?;
        let valid_until = self.opt()?;
        let spec_id = self.opt()?;
        let status = Status::from_byte(self.u8()?).ok_or_else(corrupt)?;
        let checked = self.i64()?;
        let n = self.count()?;
        let mut towards = Vec::with_capacity(n);
        for _ in 0..n {
            let id = self.str()?;
            let title = self.lang()?;
            let m = self.count()?;
            let mut parts = Vec::with_capacity(m);
            for _ in 0..m {
                let pid = self.str()?;
                parts.push((pid, self.lang()?));
            }
            towards.push(Target { id, title, parts });
        }
        Ok(Entry {
            id,
            kind,
            added,
            title,
            issuer_name,
            issuer,
            issued,
            valid_until,
            spec_id,
            status,
            checked,
            towards,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample(id: &str) -> Entry {
        let mut title = LangMap::default();
        title.0.insert("fi".into(), "Tapahtumatekniikan osaajaksi".into());
        title.0.insert("en".into(), "Event technology".into());
        Entry {
            id: id.into(),
            kind: Kind::SdJwt,
            added: 1_780_000_000,
            title: title.clone(),
            issuer_name: LangMap::en("Example College"),
            issuer: "did:key:z6Mk".into(),
            issued: "2026-05-29".into(),
            valid_until: None,
            spec_id: Some("tapahtumatekniikan-osaajaksi".into()),
            status: Status::Revoked,
            checked: 1_780_000_100,
            towards: vec![Target {
                id: "media-alan-perustutkinto".into(),
                title: LangMap::en("Media"),
                parts: vec![("tapahtumatekniikan-osaajaksi".into(), title)],
            }],
        }
    }

    #[test]
    fn entries_round_trip_and_damage_is_caught() {
        let mut w = Writer(Vec::new());
        w.entry(&sample("0123456789abcdef"));
        w.entry(&sample("fedcba9876543210"));
        let bytes = w.0;
        let mut r = Reader(&bytes);
        assert_eq!(r.entry().unwrap(), sample("0123456789abcdef"));
        assert_eq!(r.entry().unwrap(), sample("fedcba9876543210"));
        assert!(r.is_empty());
        for cut in [1, 10, bytes.len() / 2] {
            let mut r = Reader(&bytes[..cut]);
            assert!(r.entry().is_err());
        }
        let mut huge = bytes.clone();
        huge[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Reader(&huge).entry().is_err());
        assert!(sample("x").title_matches("tekniikan"));
        assert!(sample("x").title_matches("event"));
        assert!(!sample("x").title_matches("ensiapu"));
    }
}
