//! What the wallet remembers about each credential for listing, searching and progress,
//! without decrypting the credential itself; and its compact binary form.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use microcred_core::format::Format;
use microcred_model::{Lang, LangMap};
use microcred_verifier::{Report, Standing};

use crate::error::WalletError;

/// The byte of a credential's format in the index's binary form.
fn format_byte(f: Format) -> u8 {
    match f {
        Format::DataIntegrity => 0,
        Format::Jwt => 1,
        Format::SdJwt => 2,
    }
}

fn format_from_byte(b: u8) -> Option<Format> {
    Format::ALL.into_iter().find(|f| format_byte(*f) == b)
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

    /// From a verification report of the credential: the verifier's standing, in the
    /// fewer words a wallet keeps.
    pub fn of(report: &Report) -> Status {
        match report.standing() {
            Standing::Valid | Standing::ValidUntrusted => Status::Valid,
            Standing::Revoked => Status::Revoked,
            Standing::Suspended => Status::Suspended,
            Standing::Expired => Status::Expired,
            Standing::NotYetValid => Status::NotYetValid,
            Standing::CouldNotCheck | Standing::LinkGone => Status::CouldNotCheck,
            Standing::NotGenuine
            | Standing::Invalid
            | Standing::Offer
            | Standing::NotCredential => Status::Invalid,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Valid => microcred_text::t!(lang, "wallet_status_valid"),
            Status::Revoked => microcred_text::t!(lang, "wallet_status_revoked"),
            Status::Suspended => microcred_text::t!(lang, "wallet_status_suspended"),
            Status::Expired => microcred_text::t!(lang, "wallet_status_expired"),
            Status::NotYetValid => microcred_text::t!(lang, "wallet_status_not_yet_valid"),
            Status::Invalid => microcred_text::t!(lang, "wallet_status_invalid"),
            Status::CouldNotCheck => microcred_text::t!(lang, "wallet_status_not_checked"),
        }
    }

    fn byte(self) -> u8 {
        self as u8
    }

    fn from_byte(b: u8) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.byte() == b)
    }
}

/// Text in several languages packed in one string (`tag US text RS tag US text…`): an
/// index of 100,000 entries decodes with one allocation per field instead of a map's
/// dozen, and picks a language the way [`LangMap`] does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts(Arc<str>);

impl Default for Texts {
    fn default() -> Self {
        Texts(Arc::from(""))
    }
}

const US: char = '\u{1f}';
const RS: char = '\u{1e}';

impl Texts {
    pub fn from_map(m: &LangMap) -> Texts {
        let mut s = String::new();
        for (k, v) in &m.0 {
            if !s.is_empty() {
                s.push(RS);
            }
            // The separators are control characters, which credentials never carry.
            s.extend(k.chars().filter(|c| *c != US && *c != RS));
            s.push(US);
            s.extend(v.chars().filter(|c| *c != US && *c != RS));
        }
        Texts(s.into())
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .split(RS)
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once(US))
    }

    /// Where the text lives: equal for entries sharing one decoded copy.
    pub fn as_ptr(&self) -> *const u8 {
        self.0.as_ptr()
    }

    pub fn to_map(&self) -> LangMap {
        LangMap(
            self.pairs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// The best text for `lang`: the language, then English, Finnish, Swedish, any.
    pub fn text(&self, lang: Lang) -> &str {
        let primary = |want: &str| {
            self.pairs().find(|(k, v)| {
                !v.trim().is_empty()
                    && k.split('-')
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case(want))
            })
        };
        primary(lang.code())
            .or_else(|| primary("en"))
            .or_else(|| primary("fi"))
            .or_else(|| primary("sv"))
            .or_else(|| self.pairs().find(|(_, v)| !v.trim().is_empty()))
            .map(|(_, v)| v)
            .unwrap_or("")
    }

    /// Whether any language's text contains `needle_lower` (already lower-cased).
    pub fn contains_lower(&self, needle_lower: &str) -> bool {
        if needle_lower.is_ascii() {
            let n = needle_lower.as_bytes();
            return n.is_empty()
                || self
                    .0
                    .as_bytes()
                    .windows(n.len())
                    .any(|w| w.eq_ignore_ascii_case(n));
        }
        self.0.to_lowercase().contains(needle_lower)
    }
}

impl Serialize for Texts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.pairs() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The larger credentials an entry counts towards, kept encoded until asked for: only
/// progress needs them, and listing should not pay for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Towards(Arc<[u8]>);

impl Towards {
    pub fn new(targets: &[Target]) -> Towards {
        if targets.is_empty() {
            return Towards(Arc::from(Vec::new()));
        }
        let mut w = Writer(Vec::new());
        w.u32(targets.len() as u32);
        for t in targets {
            w.str(&t.id);
            w.lang(&t.title);
            w.u32(t.parts.len() as u32);
            for (id, title) in &t.parts {
                w.str(id);
                w.lang(title);
            }
        }
        Towards(w.0.into())
    }

    pub fn targets(&self) -> Result<Vec<Target>, WalletError> {
        if self.0.is_empty() {
            return Ok(Vec::new());
        }
        let mut r = Reader(&self.0);
        let n = r.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.str()?;
            let title = r.lang()?;
            let m = r.count()?;
            let mut parts = Vec::with_capacity(m);
            for _ in 0..m {
                let pid = r.str()?;
                parts.push((pid, r.lang()?));
            }
            out.push(Target { id, title, parts });
        }
        Ok(out)
    }
}

impl Serialize for Towards {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.targets().unwrap_or_default().serialize(s)
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
    pub kind: Format,
    /// Unix seconds.
    pub added: i64,
    pub title: Texts,
    pub issuer_name: Texts,
    pub issuer: String,
    /// Date of issuing, as the credential gives it.
    pub issued: String,
    pub valid_until: Option<String>,
    /// The microcred specification, when the credential is one of ours.
    pub spec_id: Option<String>,
    pub status: Status,
    /// Unix seconds of the last verification.
    pub checked: i64,
    pub towards: Towards,
}

impl Entry {
    pub fn title_in(&self, lang: Lang) -> &str {
        self.title.text(lang)
    }

    /// Whether any language of the title contains `needle` (already lower-cased).
    pub fn title_matches(&self, needle: &str) -> bool {
        self.title.contains_lower(needle)
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
}

/// Entries of one index bucket: a table of the distinct texts (titles, names, issuers,
/// specifications) and of the distinct `towards` blobs, then the entries referring to
/// them. Credentials of one specification share all of these, so the index is small and
/// decoding shares one copy of each (reference-counted).
pub fn encode_bucket(entries: &[Entry]) -> Vec<u8> {
    let mut texts: Vec<&str> = Vec::new();
    let mut text_ix: HashMap<&str, u32> = HashMap::new();
    let mut blobs: Vec<&[u8]> = Vec::new();
    let mut blob_ix: HashMap<&[u8], u32> = HashMap::new();
    for e in entries {
        for t in [
            &*e.title.0,
            &*e.issuer_name.0,
            e.issuer.as_str(),
            e.spec_id.as_deref().unwrap_or(""),
        ] {
            if !text_ix.contains_key(t) {
                text_ix.insert(t, texts.len() as u32);
                texts.push(t);
            }
        }
        let b: &[u8] = &e.towards.0;
        if !blob_ix.contains_key(b) {
            blob_ix.insert(b, blobs.len() as u32);
            blobs.push(b);
        }
    }
    let mut w = Writer(Vec::new());
    w.u8(BUCKET_VERSION);
    w.u32(texts.len() as u32);
    for t in &texts {
        w.str(t);
    }
    w.u32(blobs.len() as u32);
    for b in &blobs {
        w.u32(b.len() as u32);
        w.0.extend_from_slice(b);
    }
    w.u32(entries.len() as u32);
    let ix = |t: &str| text_ix.get(t).copied().unwrap_or(0);
    for e in entries {
        w.str(&e.id);
        w.u8(format_byte(e.kind));
        w.i64(e.added);
        w.u32(ix(&e.title.0));
        w.u32(ix(&e.issuer_name.0));
        w.u32(ix(&e.issuer));
        w.str(&e.issued);
        w.opt(&e.valid_until);
        match &e.spec_id {
            Some(s) => w.u32(ix(s)),
            None => w.u32(u32::MAX),
        }
        w.u8(e.status.byte());
        w.i64(e.checked);
        w.u32(blob_ix.get(&*e.towards.0).copied().unwrap_or(0));
    }
    w.0
}

const BUCKET_VERSION: u8 = 1;

/// Decodes what [`encode_bucket`] made, appending to `out`.
pub fn decode_bucket(bytes: &[u8], out: &mut Vec<Entry>) -> Result<(), WalletError> {
    let mut r = Reader(bytes);
    if r.u8()? != BUCKET_VERSION {
        return Err(corrupt());
    }
    let n = r.count()?;
    let mut texts: Vec<Arc<str>> = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.u32()? as usize;
        let t = std::str::from_utf8(r.take(len)?).map_err(|_| corrupt())?;
        texts.push(Arc::from(t));
    }
    let n = r.count()?;
    let mut blobs: Vec<Arc<[u8]>> = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.u32()? as usize;
        blobs.push(Arc::from(r.take(len)?));
    }
    let text = |i: u32| texts.get(i as usize).cloned().ok_or_else(corrupt);
    let n = r.count()?;
    out.reserve(n);
    for _ in 0..n {
        let id = r.str()?;
        let kind = format_from_byte(r.u8()?).ok_or_else(corrupt)?;
        let added = r.i64()?;
        let title = Texts(text(r.u32()?)?);
        let issuer_name = Texts(text(r.u32()?)?);
        let issuer = text(r.u32()?)?.to_string();
        let issued = r.str()?;
        let valid_until = r.opt()?;
        let spec_id = match r.u32()? {
            u32::MAX => None,
            i => Some(text(i)?.to_string()),
        };
        let status = Status::from_byte(r.u8()?).ok_or_else(corrupt)?;
        let checked = r.i64()?;
        let towards = Towards(blobs.get(r.u32()? as usize).cloned().ok_or_else(corrupt)?);
        out.push(Entry {
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
        });
    }
    if !r.is_empty() {
        return Err(corrupt());
    }
    Ok(())
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
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| corrupt())?,
        ))
    }
    fn i64(&mut self) -> Result<i64, WalletError> {
        Ok(i64::from_le_bytes(
            self.take(8)?.try_into().map_err(|_| corrupt())?,
        ))
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
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample(id: &str) -> Entry {
        let mut title = LangMap::default();
        title
            .0
            .insert("fi".into(), "Tapahtumatekniikan osaajaksi".into());
        title.0.insert("en".into(), "Event technology".into());
        Entry {
            id: id.into(),
            kind: Format::SdJwt,
            added: 1_780_000_000,
            title: Texts::from_map(&title),
            issuer_name: Texts::from_map(&LangMap::en("Example College")),
            issuer: "did:key:z6Mk".into(),
            issued: "2026-05-29".into(),
            valid_until: None,
            spec_id: Some("tapahtumatekniikan-osaajaksi".into()),
            status: Status::Revoked,
            checked: 1_780_000_100,
            towards: Towards::new(&[Target {
                id: "media-alan-perustutkinto".into(),
                title: LangMap::en("Media"),
                parts: vec![("tapahtumatekniikan-osaajaksi".into(), title)],
            }]),
        }
    }

    #[test]
    fn buckets_round_trip_share_texts_and_catch_damage() {
        let mut other = sample("fedcba9876543210");
        other.spec_id = None;
        other.valid_until = Some("2031-01-01".into());
        let entries = vec![sample("0123456789abcdef"), other];
        let bytes = encode_bucket(&entries);
        let mut back = Vec::new();
        decode_bucket(&bytes, &mut back).unwrap();
        assert_eq!(back, entries);
        assert!(
            Arc::ptr_eq(&back[0].title.0, &back[1].title.0),
            "one copy of a shared title"
        );
        for cut in [0, 1, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                decode_bucket(&bytes[..cut], &mut Vec::new()).is_err(),
                "cut at {cut}"
            );
        }
        let mut huge = bytes.clone();
        huge[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode_bucket(&huge, &mut Vec::new()).is_err());
        let mut bad_index = bytes.clone();
        let n = bad_index.len();
        bad_index[n - 4..].copy_from_slice(&77u32.to_le_bytes());
        assert!(decode_bucket(&bad_index, &mut Vec::new()).is_err());
    }

    #[test]
    fn texts_pick_a_language_and_search() {
        assert_eq!(
            sample("x").towards.targets().unwrap()[0].parts[0].0,
            "tapahtumatekniikan-osaajaksi"
        );
        assert_eq!(
            sample("x").title.text(Lang::Sv),
            "Event technology",
            "English before Finnish"
        );
        assert_eq!(
            sample("x").title.text(Lang::Fi),
            "Tapahtumatekniikan osaajaksi"
        );
        assert_eq!(sample("x").title.to_map().0.len(), 2);
        assert!(sample("x").title_matches("tekniikan"));
        assert!(sample("x").title_matches("tapahtumatekniikan osaajaksi"));
        assert!(Texts::from_map(&LangMap::en("Ensiapu ÄÖ")).contains_lower("äö"));
        assert!(sample("x").title_matches("event"));
        assert!(!sample("x").title_matches("ensiapu"));
    }
}
