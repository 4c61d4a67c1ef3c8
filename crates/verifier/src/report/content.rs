//! What a verified credential says: microcred's own documents read back, or the common
//! Open Badges fields of any other credential, as text or JSON for the report.

use microcred_model::credential::{Read, Summary};
use microcred_model::render;
use microcred_model::Lang;

/// What a credential says, for the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A microcred credential, read back into its documents.
    Microcred(Box<Read>),
    /// Any other Open Badges / VC credential: its common fields.
    Other(Box<Summary>),
}

impl Content {
    /// Reads a credential's claims: as microcred's documents when it is one of ours,
    /// else the common Open Badges fields.
    pub fn of(claims: &serde_json::Value) -> Content {
        match microcred_model::credential::read(claims) {
            Ok(read) => Content::Microcred(Box::new(read)),
            Err(_) => Content::Other(Box::new(microcred_model::credential::summary(claims))),
        }
    }

    /// The credential's title, by language (`und` when the credential does not say).
    pub fn title(&self) -> microcred_model::LangMap {
        match self {
            Content::Microcred(r) => r.spec.title.clone(),
            Content::Other(s) => und(s.title.as_deref()),
        }
    }

    /// The awarding body's name, by language.
    pub fn issuer_name(&self) -> microcred_model::LangMap {
        match self {
            Content::Microcred(r) => r.issuer.name.clone(),
            Content::Other(s) => und(s.issuer_name.as_deref()),
        }
    }

    /// The credential as text for a terminal, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        content_text(self, lang)
    }

    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        content_json(self, lang)
    }
}

fn und(text: Option<&str>) -> microcred_model::LangMap {
    let mut m = microcred_model::LangMap::default();
    if let Some(t) = text {
        m.0.insert("und".into(), t.to_string());
    }
    m
}

pub(super) fn content_text(content: &Content, lang: Lang) -> String {
    match content {
        Content::Microcred(r) => {
            render::view(&r.spec, Some(&r.issuer), Some(&r.award), lang).to_text()
        }
        Content::Other(s) => {
            let mut out = String::new();
            let label = |fi, sv, en| lang.pick(fi, sv, en);
            let mut row = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    out.push_str(&format!("{k}: {v}\n"));
                }
            };
            row(label("Nimi", "Benämning", "Title"), &s.title);
            row(
                label("Kuvaus", "Beskrivning", "Description"),
                &s.description,
            );
            row(label("Myöntäjä", "Utfärdare", "Issuer"), &s.issuer_name);
            row(label("Maa", "Land", "Country"), &s.issuer_country);
            row(label("Myönnetty", "Utfärdat", "Issued"), &s.valid_from);
            row(
                label("Voimassa asti", "Giltigt till", "Valid until"),
                &s.valid_until,
            );
            row(label("Arviointi", "Bedömning", "Criteria"), &s.criteria);
            row(
                label("Laajuus", "Omfattning", "Credits"),
                &s.credits.map(|c| c.to_string()),
            );
            let join = |v: &[String]| (!v.is_empty()).then(|| v.join("; "));
            row(
                label("Viitekehys", "Referensram", "Alignment"),
                &join(&s.alignments),
            );
            row(label("Tulos", "Resultat", "Results"), &join(&s.results));
            out
        }
    }
}

pub(super) fn content_json(content: &Content, lang: Lang) -> serde_json::Value {
    match content {
        Content::Microcred(r) => {
            serde_json::to_value(render::view(&r.spec, Some(&r.issuer), Some(&r.award), lang))
                .unwrap_or_default()
        }
        Content::Other(s) => serde_json::to_value(s).unwrap_or_default(),
    }
}
