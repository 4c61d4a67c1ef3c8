//! A small time-limited cache for DID documents, keys and verified status lists, bounded
//! by the bytes it holds.
//!
//! Entries expire after their time to live and are dropped then (when read, and from the
//! whole cache whenever something is added), not only when the cache is full. When what
//! the cache holds would pass its byte budget, the entries that expire soonest go first;
//! an entry larger than the whole budget is not kept at all. The cache only saves
//! fetches: it never decides anything.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What an entry costs to keep: its heap bytes, roughly.
pub trait Weigh {
    fn weight(&self) -> usize;
}

/// Overhead counted for every entry besides its key and value.
const ENTRY_OVERHEAD: usize = 64;

struct Slot<T> {
    until: Instant,
    value: Arc<T>,
    bytes: usize,
}

struct Inner<T> {
    map: HashMap<String, Slot<T>>,
    bytes: usize,
}

pub struct Cache<T> {
    budget: usize,
    inner: Mutex<Inner<T>>,
}

impl<T: Weigh> Cache<T> {
    /// A cache holding at most `budget` bytes.
    pub fn new(budget: usize) -> Self {
        Cache {
            budget,
            inner: Mutex::new(Inner {
                map: HashMap::new(),
                bytes: 0,
            }),
        }
    }

    pub fn get(&self, key: &str) -> Option<Arc<T>> {
        self.get_at(key, Instant::now())
    }

    pub fn put(&self, key: &str, value: Arc<T>, ttl: Duration) {
        self.put_at(key, value, ttl, Instant::now())
    }

    /// [`Cache::get`] at the moment `now` (tests drive the clock).
    pub fn get_at(&self, key: &str, now: Instant) -> Option<Arc<T>> {
        let mut inner = self.inner.lock().ok()?;
        let until = inner.map.get(key)?.until;
        if now < until {
            return inner.map.get(key).map(|s| s.value.clone());
        }
        if let Some(gone) = inner.map.remove(key) {
            inner.bytes -= gone.bytes;
        }
        None
    }

    /// [`Cache::put`] at the moment `now`.
    pub fn put_at(&self, key: &str, value: Arc<T>, ttl: Duration, now: Instant) {
        if ttl.is_zero() {
            return;
        }
        // A time to live beyond what the clock can tell: a year will do.
        let year = Duration::from_secs(365 * 24 * 3600);
        let until = now.checked_add(ttl.min(year)).unwrap_or(now);
        let bytes = key.len() + value.weight() + ENTRY_OVERHEAD;
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let inner = &mut *inner;
        if let Some(old) = inner.map.remove(key) {
            inner.bytes -= old.bytes;
        }
        inner.map.retain(|_, s| s.until > now);
        inner.bytes = inner.map.values().map(|s| s.bytes).sum();
        if bytes > self.budget {
            return;
        }
        if inner.bytes + bytes > self.budget {
            let mut by_expiry: Vec<(Instant, String)> = inner
                .map
                .iter()
                .map(|(k, s)| (s.until, k.clone()))
                .collect();
            by_expiry.sort();
            for (_, k) in by_expiry {
                if inner.bytes + bytes <= self.budget {
                    break;
                }
                if let Some(gone) = inner.map.remove(&k) {
                    inner.bytes -= gone.bytes;
                }
            }
        }
        inner.bytes += bytes;
        inner.map.insert(
            key.to_string(),
            Slot {
                until,
                value,
                bytes,
            },
        );
    }

    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.map.clear();
            inner.bytes = 0;
        }
    }

    /// Bytes held now, by the cache's own accounting (never more than its budget).
    pub fn bytes(&self) -> usize {
        self.inner.lock().map(|i| i.bytes).unwrap_or(0)
    }
}

impl Weigh for microcred_core::did::DidDocument {
    fn weight(&self) -> usize {
        // A document is small and rarely cached; its JSON size is a fair measure.
        serde_json::to_vec(self).map_or(4096, |v| v.len() * 2)
    }
}

impl Weigh for Vec<(String, microcred_core::pubkey::VerifyingKey)> {
    fn weight(&self) -> usize {
        self.iter()
            .map(|(m, k)| m.len() + std::mem::size_of_val(k) + 24)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Blob(usize);
    impl Weigh for Blob {
        fn weight(&self) -> usize {
            self.0
        }
    }

    fn size(n: usize) -> Arc<Blob> {
        Arc::new(Blob(n))
    }

    #[test]
    fn expires_by_its_own_clock() {
        let c = Cache::new(10_000);
        let t0 = Instant::now();
        let minute = Duration::from_secs(60);
        c.put_at("a", size(10), minute, t0);
        c.put_at("b", size(10), Duration::from_secs(1), t0);
        assert!(c.get_at("b", t0).is_some());
        let later = t0 + Duration::from_secs(2);
        assert!(c.get_at("a", later).is_some());
        assert!(c.get_at("b", later).is_none(), "expired");
        assert_eq!(
            c.bytes(),
            1 + 10 + ENTRY_OVERHEAD,
            "and its bytes given back"
        );
        c.put_at("z", size(1), Duration::ZERO, t0);
        assert!(c.get_at("z", t0).is_none());
        // Expired entries go whenever anything is added, read or not.
        c.put_at("c", size(10), minute, t0 + Duration::from_secs(120));
        assert!(c.get_at("a", t0).is_none(), "a was swept");
        assert_eq!(c.bytes(), 1 + 10 + ENTRY_OVERHEAD);
    }

    #[test]
    fn bounded_by_bytes() {
        let c = Cache::new(1_000);
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        c.put_at("soon", size(300), 10 * s, t0);
        c.put_at("late", size(300), 100 * s, t0);
        assert_eq!(c.bytes(), 2 * (4 + 300 + ENTRY_OVERHEAD));
        c.put_at("new", size(300), 50 * s, t0);
        assert!(c.bytes() <= 1_000);
        assert!(c.get_at("soon", t0).is_none(), "what expires soonest went");
        assert!(c.get_at("late", t0).is_some() && c.get_at("new", t0).is_some());
        c.put_at("huge", size(5_000), 100 * s, t0);
        assert!(
            c.get_at("huge", t0).is_none(),
            "larger than the budget: not kept"
        );
        assert!(c.get_at("late", t0).is_some(), "and nothing evicted for it");
        c.put_at("late", size(10), 100 * s, t0);
        assert_eq!(
            c.bytes(),
            (4 + 10 + ENTRY_OVERHEAD) + (3 + 300 + ENTRY_OVERHEAD)
        );
        for i in 0..1_000 {
            c.put_at(&format!("k{i}"), size(i % 400), 100 * s, t0);
            assert!(c.bytes() <= 1_000);
        }
        c.clear();
        assert_eq!(c.bytes(), 0);
    }
}
