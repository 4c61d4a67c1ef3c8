//! Stackability: for each larger credential the learner's micro-credentials count
//! towards, which of its named parts they hold and which are still missing.

use std::collections::BTreeMap;

use microcred_model::LangMap;

use crate::entry::{Entry, Status};
use crate::error::Result;
use crate::wallet::Wallet;

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub target_id: String,
    pub title: LangMap,
    /// Held credentials counting towards it: (entry ID, title).
    pub held: Vec<(String, LangMap)>,
    /// Parts the provider names that the wallet does not hold: (specification ID, title).
    pub missing: Vec<(String, LangMap)>,
    /// Whether any provider listed the parts (else only what is held is known).
    pub parts_listed: bool,
    /// Held credentials that would count but do not, with why (revoked, suspended,
    /// expired, not yet valid, invalid, not checked): (entry ID, title, standing).
    pub left_out: Vec<(String, LangMap, Status)>,
}

/// Computes progress from entries. Only credentials found valid count; the others that
/// would are listed as left out, with their standing.
pub fn progress_of(entries: &[Entry]) -> Vec<Progress> {
    let counts = |e: &Entry| e.status == Status::Valid;
    struct Acc {
        title: LangMap,
        parts: BTreeMap<String, LangMap>,
        via: Vec<String>,
    }
    let mut targets: BTreeMap<String, Acc> = BTreeMap::new();
    for e in entries {
        for t in e.towards.targets().unwrap_or_default() {
            let acc = targets.entry(t.id.clone()).or_insert_with(|| Acc {
                title: t.title.clone(),
                parts: BTreeMap::new(),
                via: Vec::new(),
            });
            for (pid, ptitle) in &t.parts {
                acc.parts
                    .entry(pid.clone())
                    .or_insert_with(|| ptitle.clone());
            }
            acc.via.push(e.id.clone());
        }
    }
    let towards = |acc: &Acc, e: &Entry| {
        acc.via.contains(&e.id)
            || e.spec_id
                .as_ref()
                .is_some_and(|s| acc.parts.contains_key(s))
    };
    let mut out: Vec<Progress> = targets
        .into_iter()
        .map(|(id, acc)| {
            let held_specs: Vec<&str> = entries
                .iter()
                .filter(|e| counts(e) && towards(&acc, e))
                .filter_map(|e| e.spec_id.as_deref())
                .collect();
            let held = entries
                .iter()
                .filter(|e| counts(e) && towards(&acc, e))
                .map(|e| (e.id.clone(), e.title.to_map()))
                .collect();
            let left_out = entries
                .iter()
                .filter(|e| !counts(e) && towards(&acc, e))
                .map(|e| (e.id.clone(), e.title.to_map(), e.status))
                .collect();
            let missing = acc
                .parts
                .iter()
                .filter(|(pid, _)| !held_specs.contains(&pid.as_str()))
                .map(|(pid, t)| (pid.clone(), t.clone()))
                .collect();
            Progress {
                target_id: id,
                title: acc.title,
                held,
                missing,
                parts_listed: !acc.parts.is_empty(),
                left_out,
            }
        })
        .collect();
    out.sort_by(|a, b| a.target_id.cmp(&b.target_id));
    out
}

impl Wallet {
    pub fn progress(&self) -> Result<Vec<Progress>> {
        Ok(progress_of(&self.entries()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Target, Texts, Towards};
    use microcred_core::format::Format;

    fn entry(id: &str, spec: &str, status: Status, towards: Vec<Target>) -> Entry {
        Entry {
            id: id.into(),
            kind: Format::DataIntegrity,
            added: 0,
            title: Texts::from_map(&LangMap::en(spec)),
            issuer_name: Texts::from_map(&LangMap::en("College")),
            issuer: "did:key:x".into(),
            issued: "2026-01-01".into(),
            valid_until: None,
            spec_id: Some(spec.into()),
            status,
            checked: 0,
            towards: Towards::new(&towards),
        }
    }

    #[test]
    fn held_and_missing_parts() {
        let media = |parts: &[&str]| Target {
            id: "media".into(),
            title: LangMap::en("Media qualification"),
            parts: parts
                .iter()
                .map(|p| (p.to_string(), LangMap::en(*p)))
                .collect(),
        };
        let entries = vec![
            entry(
                "a1",
                "lighting",
                Status::Valid,
                vec![media(&["lighting", "sound", "stage"])],
            ),
            entry("b2", "sound", Status::Valid, vec![]),
            entry("c3", "stage", Status::Revoked, vec![media(&["stage"])]),
            entry(
                "d4",
                "first-aid",
                Status::Valid,
                vec![Target {
                    id: "care".into(),
                    title: LangMap::en("Care"),
                    parts: vec![],
                }],
            ),
        ];
        let p = progress_of(&entries);
        assert_eq!(p.len(), 2);
        let care = &p[0];
        assert_eq!(care.target_id, "care");
        assert!(!care.parts_listed);
        assert_eq!(care.held.len(), 1);
        let media = &p[1];
        let held: Vec<&str> = media.held.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            held,
            ["a1", "b2"],
            "the sound unit counts though it does not point there"
        );
        let missing: Vec<&str> = media.missing.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(missing, ["stage"], "a revoked credential does not count");
        assert_eq!(media.left_out.len(), 1);
        assert_eq!(media.left_out[0].0, "c3");
        assert_eq!(media.left_out[0].2, Status::Revoked, "and says why");
    }
}
