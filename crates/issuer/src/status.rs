//! Allocating status-list indexes.
//!
//! Each credential gets a random unused index, so an index reveals nothing about when a
//! credential was issued or to whom. Indexes come from the upper half of a list (see
//! [`message_list`]), which is filled only to half, so random allocation stays quick and
//! every revoked bit hides among many; then the next list opens.

use microcred_core::status::Bitstring;
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

    /// The number of entries of each list.
    pub fn size(&self) -> usize {
        self.size
    }

    /// `n` fresh `(list, index)` slots, and the numbers of lists opened for them (whose
    /// status credentials must be published before any credential points to them).
    pub fn allocate(&mut self, n: usize) -> (Vec<(u32, u32)>, Vec<u32>) {
        let mut rng = rand::rngs::OsRng;
        let mut slots = Vec::with_capacity(n);
        let mut opened = Vec::new();
        for _ in 0..n {
            if self.list == 0 || self.count >= self.size / 4 {
                self.list += 1;
                self.taken.iter_mut().for_each(|t| *t = false);
                self.count = 0;
                opened.push(self.list);
            }
            // The upper half only: see `message_list`.
            let index = loop {
                let i = rng.gen_range(self.size / 2..self.size);
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

/// The `message` list of `size` entries holding `(index, value)` of each credential.
///
/// A credential at index `i` has bits `2i` and `2i + 1` (Bitstring Status List: entry `i`
/// of `statusSize` 2). Some verifiers, among them the reference implementation's
/// `@digitalbazaar/vc-bitstring-status-list` 2.0, ignore `statusSize` and read bit `i`
/// alone; so that they never take a revoked or suspended credential for a valid one, bit
/// `i` is set too whenever the value is not 0. Indexes are allocated from the upper half
/// (`size/2 ≤ i < size`) only: bit `i` then lies in entries `size/4 … size/2`, which no
/// credential is given, and bits `2i` onwards lie beyond every such bit. Credentials with
/// an index below `size/2` were issued before the message list and point to the
/// revocation and suspension lists instead; they are left out of it.
pub fn message_list(size: usize, values: impl IntoIterator<Item = (u32, u64)>) -> Bitstring {
    let mut bits = Bitstring::new(size * STATUS_SIZE);
    for (index, value) in values {
        let i = index as usize;
        if value == 0 || i < size / 2 || i >= size {
            continue;
        }
        // In range by the checks above.
        let _ = bits.set_value(i, STATUS_SIZE, value);
        let _ = bits.set(i, true);
    }
    bits
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_list_reads_right_with_and_without_status_size() {
        let size = 64;
        let bits = message_list(size, [(40, 1), (41, 2), (50, 0), (3, 1)]);
        // Readers that follow statusSize 2.
        assert_eq!(bits.value(40, 2), Ok(1));
        assert_eq!(bits.value(41, 2), Ok(2));
        assert_eq!(bits.value(50, 2), Ok(0));
        // Readers that take bit `index` alone: set for revoked and suspended only.
        assert!(bits.get(40).unwrap() && bits.get(41).unwrap());
        assert!(!bits.get(50).unwrap());
        // An index from before the message list is left out, and no entry a
        // credential may hold is touched by the single bits.
        assert_eq!(bits.value(3, 2), Ok(0));
        for entry in (size / 2..size).filter(|e| ![40, 41].contains(e)) {
            assert_eq!(bits.value(entry, 2), Ok(0), "{entry}");
        }
    }

    #[test]
    fn indexes_come_from_the_upper_half() {
        let mut lists = StatusLists {
            size: 64,
            list: 0,
            taken: vec![false; 64],
            count: 0,
        };
        let (slots, opened) = lists.allocate(40);
        assert!(slots.iter().all(|(_, i)| (32..64).contains(i)));
        // A quarter of the list each: 16, 16, 8.
        assert_eq!(opened, vec![1, 2, 3]);
    }
}
