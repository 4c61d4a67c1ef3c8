//! Words every part of microcred uses: language names, what a micro-credential is called.

use crate::Entry;

pub const TEXTS: &[Entry] = &[
    ("lang_name", "suomi", "svenska", "English"),
    // The name of the thing itself (docs/glossary.md): Finnish providers' term, the
    // Swedish and English of the EU Recommendation.
    (
        "micro_credential",
        "Pieni osaamiskokonaisuus",
        "Mikromerit",
        "Micro-credential",
    ),
];
