//! Writing files so a reader never sees half of one and a crash never loses the old one.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rand::RngCore;

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, synced,
/// renamed over the target, and the directory synced. With `private`, the file is
/// created readable and writable by its owner only (0600), before any byte is written.
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let mut nonce = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let suffix: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = dir.join(format!(".{name}.{suffix}.tmp"));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let result = (|| {
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Creates `dir` (and any missing parents) readable by its owner only (0700): where
/// learners' names and birth dates live. A directory that exists already is left as its
/// owner made it.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Makes every file under `dir` 0600 and every directory 0700: for stores (sled) that
/// create their files with the process's default mode.
pub fn make_private_tree(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = fs::symlink_metadata(dir)?;
        if meta.is_dir() {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
            for e in fs::read_dir(dir)? {
                make_private_tree(&e?.path())?;
            }
        } else if meta.is_file() {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// An exclusive lock on a file's companion `.NAME.lock`, held until dropped: the
/// read-change-write of a small JSON file (API tokens, staff accounts) is done under it,
/// so two processes changing the file at once cannot lose each other's change. Readers
/// need no lock: the file is only ever replaced whole by [`write_atomic`].
pub struct Lock {
    file: fs::File,
}

/// Waits for and takes the lock that guards changes to `path`.
pub fn lock(path: &Path) -> io::Result<Lock> {
    use fs2::FileExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(dir.join(format!(".{name}.lock")))?;
    file.lock_exclusive()?;
    Ok(Lock { file })
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs2::FileExt::unlock(&self.file);
    }
}

/// Files written as a batch: every file goes to a temporary name, all are made durable
/// together, then each is renamed into place. A reader never sees a partial file, and
/// the cost is one sync per batch instead of one per file (which, at a few milliseconds
/// each, dominates when thousands are written).
pub struct FileBatch<'a> {
    dir: &'a Path,
    private: bool,
    pending: std::sync::Mutex<Vec<(std::path::PathBuf, std::path::PathBuf)>>,
}

impl<'a> FileBatch<'a> {
    pub fn new(dir: &'a Path, private: bool) -> Self {
        FileBatch {
            dir,
            private,
            pending: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn lock(
        &self,
    ) -> io::Result<std::sync::MutexGuard<'_, Vec<(std::path::PathBuf, std::path::PathBuf)>>> {
        self.pending
            .lock()
            .map_err(|_| io::Error::other("file list lock poisoned"))
    }

    /// Writes a file under a temporary name; callable from several threads.
    pub fn add(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut nonce = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let suffix: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = self.dir.join(format!(".{name}.{suffix}.tmp"));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if self.private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(&tmp)?.write_all(bytes)?;
        self.lock()?.push((tmp, self.dir.join(name)));
        Ok(())
    }

    /// Makes the files written so far durable, then gives them their real names.
    pub fn commit(&self) -> io::Result<()> {
        let mut pending = self.lock()?;
        if pending.is_empty() {
            return Ok(());
        }
        sync_written(self.dir, pending.iter().map(|(t, _)| t.as_path()))?;
        for (tmp, path) in pending.drain(..) {
            fs::rename(&tmp, &path)?;
        }
        fs::File::open(self.dir)?.sync_all()
    }
}

/// Makes freshly written files durable: one `syncfs` of their file system on Linux,
/// otherwise an fsync of each.
#[cfg(target_os = "linux")]
fn sync_written<'p>(dir: &Path, _files: impl Iterator<Item = &'p Path>) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let d = fs::File::open(dir)?;
    // SAFETY: `syncfs` only reads the descriptor, which `d` keeps open for the call.
    if unsafe { libc::syncfs(d.as_raw_fd()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_written<'p>(_dir: &Path, files: impl Iterator<Item = &'p Path>) -> io::Result<()> {
    for f in files {
        fs::File::open(f)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_keeps_private_ones_private() {
        let dir = tempfile_dir();
        let p = dir.join("a.json");
        write_atomic(&p, b"one", true).unwrap();
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let leftovers = fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        assert!(write_atomic(&dir.join("missing/x"), b"x", false).is_err());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn locked_changes_are_not_lost() {
        let dir = tempfile_dir();
        let p = dir.join("counter.json");
        write_atomic(&p, b"0", true).unwrap();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..25 {
                        let _l = lock(&p).unwrap();
                        let n: u32 = String::from_utf8(fs::read(&p).unwrap())
                            .unwrap()
                            .parse()
                            .unwrap();
                        write_atomic(&p, (n + 1).to_string().as_bytes(), true).unwrap();
                    }
                });
            }
        });
        assert_eq!(fs::read(&p).unwrap(), b"200");
        fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let mut n = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut n);
        let d = std::env::temp_dir().join(format!(
            "microcred-files-{}",
            n.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ));
        fs::create_dir_all(&d).unwrap();
        d
    }
}
