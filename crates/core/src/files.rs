//! Writing files so a reader never sees half of one and a crash never loses the old one.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rand::RngCore;
use zeroize::Zeroizing;

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
    let suffix: String = hex::encode(nonce);
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

/// Writes `bytes` to a new file at `path`, readable and writable by its owner only (0600)
/// from the moment it exists, and syncs it. Refuses to overwrite: a key file replaced by
/// mistake would orphan every credential signed with the old key.
pub fn create_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Why a secret file was not read.
#[derive(Debug, thiserror::Error)]
pub enum SecretFileError {
    /// Group or others may read it: as ssh does with keys, a secret others may read is no
    /// secret, and using it would hide that.
    #[error("permissions {0:o} let others read the secret key; run chmod 600")]
    Readable(u32),
    #[error("too large to be a key")]
    TooLarge,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Reads a secret — a key, a passphrase — of at most `limit` bytes from `path`, refusing
/// a file that group or others may read. The one place of that rule for every key and
/// passphrase file microcred reads.
pub fn read_secret(path: &Path, limit: u64) -> Result<Zeroizing<String>, SecretFileError> {
    use std::io::Read;

    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(SecretFileError::Readable(mode));
        }
    }
    if meta.len() > limit {
        return Err(SecretFileError::TooLarge);
    }
    let mut text = Zeroizing::new(String::new());
    // Read one byte past the limit, so a file that grew since `metadata` is still refused.
    file.take(limit.saturating_add(1))
        .read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(SecretFileError::TooLarge);
    }
    Ok(text)
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

/// Whether another open file holds an exclusive lock on `path` (as sled holds one on
/// its database file while a process has it open): tried without waiting and let go at
/// once, so a caller learns it from the lock itself rather than from the holder's
/// words. `false` when there is no such file.
pub fn locked_elsewhere(path: &Path) -> bool {
    use fs2::FileExt;
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    match file.try_lock_exclusive() {
        Ok(()) => {
            let _ = FileExt::unlock(&file);
            false
        }
        Err(e) => {
            e.kind() == io::ErrorKind::WouldBlock
                || e.raw_os_error() == fs2::lock_contended_error().raw_os_error()
        }
    }
}

/// Files written as a batch: every file is kept in memory until [`FileBatch::commit`],
/// which writes them, makes them durable together (one sync per group, not one per file:
/// at a few milliseconds each, per-file syncs dominate when thousands are written), and
/// only then gives each its name.
///
/// On Linux a file is written unnamed (`O_TMPFILE`) and linked under its name once
/// durable, so a process killed at any moment leaves no temporary file behind, only whole
/// files. Elsewhere (or on a file system without unnamed files) a hidden temporary name
/// is used and renamed, and a killed process may leave one `.name.*.tmp` per file in
/// flight.
pub struct FileBatch<'a> {
    dir: &'a Path,
    private: bool,
    pending: std::sync::Mutex<Pending>,
}

/// Files added and not yet written: (name, bytes).
type Pending = Vec<(String, Vec<u8>)>;

/// Files written between two syncs: bounded so that the open descriptors stay well under
/// the usual limit of 1,024.
const GROUP: usize = 256;

impl<'a> FileBatch<'a> {
    pub fn new(dir: &'a Path, private: bool) -> Self {
        FileBatch {
            dir,
            private,
            pending: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, Pending>> {
        self.pending
            .lock()
            .map_err(|_| io::Error::other("file list lock poisoned"))
    }

    /// Adds a file to write; callable from several threads. Nothing touches the disk
    /// until [`FileBatch::commit`].
    pub fn add(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a plain file name",
            ));
        }
        self.lock()?.push((name.to_string(), bytes.to_vec()));
        Ok(())
    }

    /// Writes the files added so far, makes them durable, then gives them their names.
    /// A file whose name is taken already is refused (names are never overwritten).
    pub fn commit(&self) -> io::Result<()> {
        let pending = std::mem::take(&mut *self.lock()?);
        for group in pending.chunks(GROUP) {
            self.write_group(group)?;
        }
        if !pending.is_empty() {
            fs::File::open(self.dir)?.sync_all()?;
        }
        Ok(())
    }

    #[cfg(target_os = "linux")]
    fn write_group(&self, group: &[(String, Vec<u8>)]) -> io::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut open = Vec::with_capacity(group.len());
        for (name, bytes) in group {
            let mut options = fs::OpenOptions::new();
            options
                .write(true)
                .custom_flags(libc::O_TMPFILE)
                .mode(if self.private { 0o600 } else { 0o644 });
            match options.open(self.dir) {
                Ok(mut f) => {
                    f.write_all(bytes)?;
                    open.push((f, name));
                }
                // No unnamed files here (an old kernel, a network file system).
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EOPNOTSUPP) | Some(libc::EISDIR) | Some(libc::EINVAL)
                    ) =>
                {
                    return self.write_group_named(group);
                }
                Err(e) => return Err(e),
            }
        }
        sync_written(self.dir, std::iter::empty())?;
        for (f, name) in open {
            link_unnamed(&f, &self.dir.join(name))?;
        }
        Ok(())
    }

    #[cfg(not(target_os = "linux"))]
    fn write_group(&self, group: &[(String, Vec<u8>)]) -> io::Result<()> {
        self.write_group_named(group)
    }

    /// The portable way: hidden temporary names, synced, then renamed.
    fn write_group_named(&self, group: &[(String, Vec<u8>)]) -> io::Result<()> {
        let mut written = Vec::with_capacity(group.len());
        let result = (|| {
            for (name, bytes) in group {
                let mut nonce = [0u8; 8];
                rand::rngs::OsRng.fill_bytes(&mut nonce);
                let suffix: String = hex::encode(nonce);
                let tmp = self.dir.join(format!(".{name}.{suffix}.tmp"));
                let mut options = fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                if self.private {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                written.push((tmp.clone(), self.dir.join(name)));
                options.open(&tmp)?.write_all(bytes)?;
            }
            sync_written(self.dir, written.iter().map(|(t, _)| t.as_path()))?;
            for (tmp, path) in &written {
                if path.exists() {
                    return Err(io::Error::new(io::ErrorKind::AlreadyExists, "file exists"));
                }
                fs::rename(tmp, path)?;
            }
            Ok(())
        })();
        if result.is_err() {
            for (tmp, _) in &written {
                let _ = fs::remove_file(tmp);
            }
        }
        result
    }
}

/// Gives an unnamed (`O_TMPFILE`) file the name `path`: `linkat` through `/proc/self/fd`,
/// the way open(2) documents, since linking by descriptor alone needs a capability.
#[cfg(target_os = "linux")]
fn link_unnamed(f: &fs::File, path: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let from = CString::new(format!("/proc/self/fd/{}", f.as_raw_fd()))
        .map_err(|_| io::Error::other("descriptor path"))?;
    let to = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in the path"))?;
    // SAFETY: both are NUL-terminated strings that live across the call; `f` keeps the
    // descriptor named by `from` open.
    #[allow(unsafe_code)]
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Makes freshly written files durable: one `syncfs` of their file system on Linux,
/// otherwise an fsync of each.
#[cfg(target_os = "linux")]
fn sync_written<'p>(dir: &Path, _files: impl Iterator<Item = &'p Path>) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let d = fs::File::open(dir)?;
    // SAFETY: `syncfs` only reads the descriptor, which `d` keeps open for the call.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::syncfs(d.as_raw_fd()) };
    if rc != 0 {
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

    #[test]
    fn a_lock_held_elsewhere_is_seen_and_left_alone() {
        use fs2::FileExt;
        let dir = tempfile_dir();
        let p = dir.join("db");
        assert!(!locked_elsewhere(&p), "no file, no lock");
        let holder = fs::File::create(&p).unwrap();
        assert!(!locked_elsewhere(&p));
        holder.lock_exclusive().unwrap();
        assert!(locked_elsewhere(&p));
        assert!(locked_elsewhere(&p), "probing does not take the lock away");
        FileExt::unlock(&holder).unwrap();
        assert!(!locked_elsewhere(&p));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_batch_appears_whole_and_leaves_nothing_else() {
        let dir = tempfile_dir();
        let batch = FileBatch::new(&dir, true);
        for i in 0..(GROUP + 3) {
            batch
                .add(&format!("f{i}.json"), format!("{i}").as_bytes())
                .unwrap();
        }
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            0,
            "nothing before commit"
        );
        batch.commit().unwrap();
        assert_eq!(fs::read_dir(&dir).unwrap().count(), GROUP + 3);
        assert_eq!(fs::read(dir.join("f7.json")).unwrap(), b"7");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join("f7.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        batch.add("f7.json", b"again").unwrap();
        assert!(
            batch.commit().is_err(),
            "an existing name is never overwritten"
        );
        assert_eq!(fs::read(dir.join("f7.json")).unwrap(), b"7");
        assert!(batch.add("../x", b"x").is_err() && batch.add(".hidden", b"x").is_err());
        let names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let mut n = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut n);
        let d = std::env::temp_dir().join(format!("microcred-files-{}", hex::encode(n)));
        fs::create_dir_all(&d).unwrap();
        d
    }
}
