//! What a verified credential says: microcred's own documents read back, or the common
//! Open Badges fields of any other credential, as text or JSON for the report.

use microcred_model::credential::{Read, Summary};
use microcred_model::render;
use microcred_model::Lang;
use microcred_text::t;

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
            let mut row = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    out.push_str(&format!("{k}: {v}\n"));
                }
            };
            row(t!(lang, "place_title"), &s.title);
            row(t!(lang, "render_description"), &s.description);
            row(t!(lang, "content_issuer"), &s.issuer_name);
            row(t!(lang, "content_country"), &s.issuer_country);
            row(t!(lang, "elm_issued"), &s.valid_from);
            row(t!(lang, "place_valid_until"), &s.valid_until);
            row(t!(lang, "content_criteria"), &s.criteria);
            row(
                t!(lang, "content_credits"),
                &s.credits.map(|c| c.to_string()),
            );
            let join = |v: &[String]| (!v.is_empty()).then(|| v.join("; "));
            row(t!(lang, "content_alignment"), &join(&s.alignments));
            row(t!(lang, "content_results"), &join(&s.results));
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
