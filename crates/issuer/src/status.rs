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
