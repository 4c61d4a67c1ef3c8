//! Where a wallet keeps things, all encrypted with its data key:
//!
//! - `credentials/ID.bin`: each credential as received, compressed and sealed;
//! - `index/XX.bin`: the entries, in 256 sealed buckets by the ID's first byte, so
//!   listing 100,000 credentials decrypts 256 files, not 100,000, and adding one
//!   rewrites one bucket;
//! - `store/` (sled): the share records, looked up by token.
//!
//! Credentials and the index are files rather than database values: sled replays its
//! log of large values when it opens, which made opening a wallet of 100,000 take
//! hundreds of milliseconds.

use crate::error::store;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use zeroize::Zeroizing;

use microcred_core::files::{self, FileBatch};

use crate::crypto::{self, Key};
use crate::entry::{self, Entry};
use crate::error::{io, Result, WalletError};

/// Largest credential kept (the verifier's limit).
pub const MAX_CREDENTIAL: usize = microcred_core::limits::DOCUMENT;

/// A wallet's open database (its share records), opened without the passphrase. A
/// server keeps it open to answer share links and hands it back each time it opens the
/// wallet. Which embedded database it is stays inside the wallet crate.
#[derive(Clone)]
pub struct Database(pub(crate) sled::Db);

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Database")
    }
}

pub struct Store {
    dir: PathBuf,
    key: Key,
    db: sled::Db,
    pub(crate) shares: sled::Tree,
    pub(crate) my_shares: sled::Tree,
    /// Serialises read-modify-write of index buckets.
    index_lock: Mutex<()>,
}

fn bucket_of(id: &str) -> u8 {
    u8::from_str_radix(id.get(..2).unwrap_or("00"), 16).unwrap_or(0)
}

impl Store {
    /// The wallet's sled database (the share records), which can be opened without the
    /// passphrase: a server keeps it open to answer share links.
    pub fn open_db(dir: &Path) -> Result<Database> {
        let path = dir.join("store");
        // sled reports its lock only in words: another process holding it is seen here.
        if microcred_core::files::locked_elsewhere(&path.join("db")) {
            return Err(WalletError::InUse);
        }
        Ok(Database(
            sled::Config::new()
                .path(path)
                .cache_capacity(1 << 20)
                .flush_every_ms(None)
                .open()
                .map_err(store)?,
        ))
    }

    pub fn open(dir: &Path, key: Key, db: Option<Database>) -> Result<Store> {
        for sub in ["credentials", "index"] {
            let d = dir.join(sub);
            std::fs::create_dir_all(&d).map_err(io(&d))?;
        }
        let Database(db) = match db {
            Some(db) => db,
            None => Self::open_db(dir)?,
        };
        Ok(Store {
            dir: dir.to_path_buf(),
            key,
            shares: db.open_tree("shares").map_err(store)?,
            my_shares: db.open_tree("my-shares").map_err(store)?,
            db,
            index_lock: Mutex::new(()),
        })
    }

    pub fn key(&self) -> &Key {
        &self.key
    }

    pub fn flush(&self) -> Result<()> {
        self.db.flush().map_err(store)?;
        Ok(())
    }

    fn credential_path(&self, id: &str) -> PathBuf {
        self.dir.join("credentials").join(format!("{id}.bin"))
    }

    fn seal_credential(&self, id: &str, text: &[u8]) -> Result<Vec<u8>> {
        let mut z = DeflateEncoder::new(Vec::new(), Compression::fast());
        z.write_all(text)
            .and_then(|_| z.flush())
            .map_err(|e| WalletError::Store(e.to_string()))?;
        let compressed = z.finish().map_err(|e| WalletError::Store(e.to_string()))?;
        Ok(crypto::seal(
            &self.key,
            &format!("credential:{id}"),
            &compressed,
        ))
    }

    pub fn has_credential(&self, id: &str) -> bool {
        self.credential_path(id).exists()
    }

    /// Writes a credential durably (0600, atomically).
    pub fn put_credential(&self, id: &str, text: &[u8]) -> Result<()> {
        let sealed = self.seal_credential(id, text)?;
        let path = self.credential_path(id);
        files::write_atomic(&path, &sealed, true).map_err(io(&path))
    }

    /// Writes many credentials with one sync (see [`FileBatch`]).
    pub fn put_credentials(&self, items: &[(String, Vec<u8>)]) -> Result<()> {
        let dir = self.dir.join("credentials");
        let batch = FileBatch::new(&dir, true);
        for (id, text) in items {
            let sealed = self.seal_credential(id, text)?;
            batch.add(&format!("{id}.bin"), &sealed).map_err(io(&dir))?;
        }
        batch.commit().map_err(io(&dir))
    }

    /// The credential exactly as it was received.
    pub fn credential(&self, id: &str) -> Result<Zeroizing<Vec<u8>>> {
        let path = self.credential_path(id);
        let sealed = std::fs::read(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                WalletError::UnknownCredential(id.to_string())
            } else {
                io(&path)(e)
            }
        })?;
        let compressed = crypto::open(&self.key, &format!("credential:{id}"), &sealed)?;
        let mut out = Zeroizing::new(Vec::new());
        DeflateDecoder::new(compressed.as_slice())
            .take(MAX_CREDENTIAL as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|_| WalletError::Corrupt(format!("credential {id} does not decompress")))?;
        Ok(out)
    }

    pub fn remove_credential(&self, id: &str) -> Result<()> {
        let path = self.credential_path(id);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(&path)(e)),
        }
    }

    fn bucket_path(&self, b: u8) -> PathBuf {
        self.dir.join("index").join(format!("{b:02x}.bin"))
    }

    fn decode_bucket(&self, b: u8, sealed: &[u8], out: &mut Vec<Entry>) -> Result<()> {
        let bytes = crypto::open(&self.key, &format!("index:{b}"), sealed)?;
        entry::decode_bucket(&bytes, out)
    }

    fn load_bucket(&self, b: u8) -> Result<Vec<Entry>> {
        let path = self.bucket_path(b);
        let mut out = Vec::new();
        match std::fs::read(&path) {
            Ok(sealed) => self.decode_bucket(b, &sealed, &mut out)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path)(e)),
        }
        Ok(out)
    }

    fn save_bucket(&self, b: u8, entries: &[Entry]) -> Result<()> {
        let path = self.bucket_path(b);
        if entries.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&path)(e)),
                _ => Ok(()),
            };
        }
        let plain = Zeroizing::new(entry::encode_bucket(entries));
        let sealed = crypto::seal(&self.key, &format!("index:{b}"), &plain);
        files::write_atomic(&path, &sealed, true).map_err(io(&path))
    }

    /// Every entry, from the 256 buckets.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        for b in 0..=255u8 {
            let path = self.bucket_path(b);
            match std::fs::read(&path) {
                Ok(sealed) => self.decode_bucket(b, &sealed, &mut out)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
        }
        Ok(out)
    }

    /// Adds or replaces entries (by ID), durably.
    pub fn upsert(&self, entries: Vec<Entry>) -> Result<()> {
        let _guard = self
            .index_lock
            .lock()
            .map_err(|_| WalletError::Store("index lock poisoned".into()))?;
        let mut by_bucket: std::collections::BTreeMap<u8, Vec<Entry>> = Default::default();
        for e in entries {
            by_bucket.entry(bucket_of(&e.id)).or_default().push(e);
        }
        for (b, new) in by_bucket {
            let mut bucket = self.load_bucket(b)?;
            for e in new {
                match bucket.iter_mut().find(|x| x.id == e.id) {
                    Some(slot) => *slot = e,
                    None => bucket.push(e),
                }
            }
            self.save_bucket(b, &bucket)?;
        }
        Ok(())
    }

    pub fn remove_entry(&self, id: &str) -> Result<bool> {
        let _guard = self
            .index_lock
            .lock()
            .map_err(|_| WalletError::Store("index lock poisoned".into()))?;
        let b = bucket_of(id);
        let mut bucket = self.load_bucket(b)?;
        let before = bucket.len();
        bucket.retain(|e| e.id != id);
        let removed = bucket.len() != before;
        if removed {
            self.save_bucket(b, &bucket)?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wallet_open_elsewhere_is_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let db = Store::open_db(dir.path()).unwrap();
        assert!(matches!(
            Store::open_db(dir.path()),
            Err(WalletError::InUse)
        ));
        drop(db);
        assert!(Store::open_db(dir.path()).is_ok(), "free again once closed");
    }
}
