//! Allocating status-list indexes.
//!
//! Each credential gets a random unused index, so an index reveals nothing about when a
//! credential was issued or to whom. A list is filled only to half, which keeps random
//! allocation quick and leaves every revoked bit hidden among many; then the next list
//! opens.

use rand::Rng;

use crate::error::RegistryError;
use crate::registry::Registry;

pub struct StatusLists {
    size: usize,
    list: u32,
    taken: Vec<bool>,
    count: usize,
}

impl StatusLists {
    /// Loads the allocation state of the newest list from the registry.
    pub fn load(registry: &dyn Registry, size: usize) -> Result<Self, RegistryError> {
        let list = registry.last_list()?;
        let mut taken = vec![false; size];
        let mut count = 0;
        if list > 0 {
            for i in registry.taken_indexes(list)? {
                if let Some(slot) = taken.get_mut(i as usize) {
                    *slot = true;
                    count += 1;
                }
            }
        }
        Ok(StatusLists {
            size,
            list,
            taken,
            count,
        })
    }

    /// `n` fresh `(list, index)` slots, and the numbers of lists opened for them (whose
    /// status credentials must be published before any credential points to them).
    pub fn allocate(&mut self, n: usize) -> (Vec<(u32, u32)>, Vec<u32>) {
        let mut rng = rand::rngs::OsRng;
        let mut slots = Vec::with_capacity(n);
        let mut opened = Vec::new();
        for _ in 0..n {
            if self.list == 0 || self.count >= self.size / 2 {
                self.list += 1;
                self.taken.iter_mut().for_each(|t| *t = false);
                self.count = 0;
                opened.push(self.list);
            }
            let index = loop {
                let i = rng.gen_range(0..self.size);
                if !self.taken[i] {
                    break i;
                }
            };
            self.taken[index] = true;
            self.count += 1;
            slots.push((self.list, index as u32));
        }
        (slots, opened)
    }
}

/// Bits per credential in the `message` list every credential points to.
pub const STATUS_SIZE: usize = 2;

/// The values of a credential's two status bits and what each means. Revocation and
/// suspension share one entry so that `credentialStatus` is one object, as 1EdTech's
/// Open Badges 3.0 JSON Schema requires, and stay apart as values of their own. Every
/// value other than `0x0` reads as "not valid" to a verifier that only knows Bitstring
/// Status List's generic rule (Validate Algorithm: `valid` is `status == 0`).
pub const MESSAGES: [(u64, &str); 4] = [
    (0, "active"),
    (1, "revoked"),
    (2, "suspended"),
    // Bitstring Status List §2.1: "undefined" names a value with no meaning yet.
    (3, "undefined"),
];

/// The status value of a credential in `standing`.
pub fn value_of(standing: &crate::registry::Standing) -> u64 {
    use crate::registry::Standing;
    match standing {
        Standing::Active => 0,
        Standing::Revoked { .. } => 1,
        Standing::Suspended { .. } => 2,
    }
}

/// `statusMessage` of the entry (and `statusMessages` of the list).
pub fn status_messages() -> serde_json::Value {
    serde_json::Value::Array(
        MESSAGES
            .iter()
            .map(|(v, m)| serde_json::json!({ "status": format!("0x{v:x}"), "message": m }))
            .collect(),
    )
}

/// The one status entry of a credential at `index` of the message list at `list_url`;
/// `reference` is where the messages are explained.
pub fn message_entry(list_url: &str, index: u32, reference: &str) -> serde_json::Value {
    serde_json::json!({
        "id": format!("{list_url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": index.to_string(),
        "statusSize": STATUS_SIZE,
        "statusMessage": status_messages(),
        "statusReference": reference,
        "statusListCredential": list_url,
    })
}
