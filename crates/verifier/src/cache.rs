//! A small time-limited cache for DID documents and verified status lists.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries expire after their time to live; when full, expired entries are dropped, and
/// if none had expired, everything is (the cache only saves fetches, never decides).
pub struct Cache<T> {
    max: usize,
    map: Mutex<HashMap<String, (Instant, Arc<T>)>>,
}

impl<T> Cache<T> {
    pub fn new(max: usize) -> Self {
        Cache {
            max,
            map: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &str) -> Option<Arc<T>> {
        let map = self.map.lock().ok()?;
        let (until, v) = map.get(key)?;
        (Instant::now() < *until).then(|| v.clone())
    }

    pub fn put(&self, key: &str, value: Arc<T>, ttl: Duration) {
        if ttl.is_zero() {
            return;
        }
        let Ok(mut map) = self.map.lock() else {
            return;
        };
        if map.len() >= self.max && !map.contains_key(key) {
            let now = Instant::now();
            map.retain(|_, (until, _)| *until > now);
            if map.len() >= self.max {
                map.clear();
            }
        }
        map.insert(key.to_string(), (Instant::now() + ttl, value));
    }

    pub fn clear(&self) {
        if let Ok(mut map) = self.map.lock() {
            map.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_and_bounds() {
        let c = Cache::new(2);
        c.put("a", Arc::new(1), Duration::from_secs(60));
        c.put("b", Arc::new(2), Duration::from_nanos(1));
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(c.get("a").as_deref(), Some(&1));
        assert_eq!(c.get("b"), None);
        c.put("c", Arc::new(3), Duration::from_secs(60));
        assert_eq!(
            c.get("a").as_deref(),
            Some(&1),
            "only the expired entry went"
        );
        c.put("d", Arc::new(4), Duration::from_secs(60));
        assert_eq!(c.get("d").as_deref(), Some(&4));
        c.put("z", Arc::new(0), Duration::ZERO);
        assert_eq!(c.get("z"), None);
    }
}
