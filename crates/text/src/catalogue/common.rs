//! Words every part of microcred uses: language names and the like.

use crate::Entry;

pub const TEXTS: &[Entry] = &[("lang_name", "suomi", "svenska", "English")];
