//! Databases for tests, each test its own, on a throw-away cluster (the `testing`
//! feature; for tests only).
//!
//! The rule: with `MICROCRED_TEST_PG` set to a server address without a database (e.g.
//! `postgres://USER@127.0.0.1:5432`), databases are made there. Without it, the first
//! test of a process that needs one starts a cluster of its own: PostgreSQL's `initdb`
//! and `pg_ctl` (found on `PATH` or under `/usr/lib/postgresql/<version>/bin`, where
//! Debian puts them) make and start it in a private temporary directory, listening on a
//! Unix socket in that directory only (no TCP port), run as an unprivileged user
//! (`postgres`, else `nobody`) when the tests run as root, since PostgreSQL refuses to
//! run as root. A watchdog stops the cluster and removes its directory when the test
//! process has ended.
//!
//! Where neither is possible the test fails with a message saying what to install: a
//! test that needs PostgreSQL never passes by skipping.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use rand::Rng;

use crate::Pg;

/// The user the throw-away clusters are made with (trust authentication, socket only).
const USER: &str = "microcred";
/// The socket's port number: it names the socket file (`.s.PGSQL.5432`) in the cluster's
/// own directory, and opens no TCP port.
const PORT: u16 = 5432;

/// A fresh, empty database (the schema not applied): its connection string. Panics with
/// what to install when PostgreSQL cannot be had.
pub fn database() -> String {
    match try_database() {
        Ok(url) => url,
        Err(why) => panic!("{why}"),
    }
}

/// A fresh, empty database, or why none could be had.
pub fn try_database() -> Result<String, String> {
    let server = server()?;
    static ADMIN: OnceLock<Result<Pg, String>> = OnceLock::new();
    let admin = ADMIN
        .get_or_init(|| {
            Pg::connect_only(&format!("{server}/postgres"))
                .map_err(|e| format!("PostgreSQL at {}: {e}", crate::redact(&server)))
        })
        .as_ref()
        .map_err(Clone::clone)?;
    let name = format!("t_{:016x}", rand::thread_rng().gen::<u64>());
    // The name is made here of hex digits, never input; CREATE DATABASE takes no
    // parameters.
    admin
        .client()
        .and_then(|c| c.batch_execute(&format!("CREATE DATABASE {name}")))
        .map_err(|e| format!("creating a test database: {e}"))?;
    Ok(format!("{server}/{name}"))
}

/// The server every test database is made on (see the module's rule), started on first
/// use.
pub fn server() -> Result<String, String> {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    SERVER
        .get_or_init(|| match std::env::var("MICROCRED_TEST_PG") {
            Ok(s) if !s.trim().is_empty() => Ok(s.trim().trim_end_matches('/').to_string()),
            _ => start_cluster().map_err(|why| {
                format!(
                    "this test needs PostgreSQL, and none could be had: {why}. Install \
                     PostgreSQL's server programs (Debian: `apt-get install postgresql`; \
                     the tests then start a throw-away cluster of their own), or set \
                     MICROCRED_TEST_PG to a server they may create databases on, e.g. \
                     postgres://USER@127.0.0.1:5432"
                )
            }),
        })
        .clone()
}

/// Where PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`) are: the first
/// directory on `PATH` that has them, else the newest `/usr/lib/postgresql/<version>/bin`.
pub fn bin_dir() -> Option<PathBuf> {
    let complete = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| d.join(p).is_file())
    };
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(d) = std::env::split_paths(&path).find(|d| complete(d)) {
            return Some(d);
        }
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| complete(bin))
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// The user a cluster runs as when the tests run as root.
fn unprivileged_user() -> Option<(String, u32, u32)> {
    ["postgres", "nobody"].iter().find_map(|name| {
        let id = |flag: &str| -> Option<u32> {
            let out = Command::new("id").arg(flag).arg(name).output().ok()?;
            if !out.status.success() {
                return None;
            }
            String::from_utf8_lossy(&out.stdout).trim().parse().ok()
        };
        Some((name.to_string(), id("-u")?, id("-g")?))
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `runuser`, which root's `PATH` may leave out (`/usr/sbin`).
fn runuser() -> PathBuf {
    ["/usr/sbin/runuser", "/sbin/runuser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("runuser"))
}

/// `program`, run as `user` (through `runuser`) when one is given.
fn as_user(user: Option<&str>, program: &Path) -> Command {
    match user {
        Some(u) => {
            let mut c = Command::new(runuser());
            c.arg("-u").arg(u).arg("--").arg(program);
            c
        }
        None => Command::new(program),
    }
}

/// Whether `path` can stand unquoted in the option string `pg_ctl` hands to a shell, and
/// is short enough for a socket's path.
fn plain_path(path: &Path) -> bool {
    let s = path.to_string_lossy();
    s.len() < 80
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
}

/// A path as the host of a connection string (a host beginning with `/` is a socket
/// directory), every byte but letters and digits percent-encoded.
fn host_of(path: &Path) -> String {
    path.to_string_lossy()
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn start_cluster() -> Result<String, String> {
    let bin = bin_dir()
        .ok_or("PostgreSQL's initdb was found neither on PATH nor under /usr/lib/postgresql")?;
    let user = if is_root() {
        Some(unprivileged_user().ok_or(
            "the tests run as root and there is no user postgres or nobody to run PostgreSQL as",
        )?)
    } else {
        None
    };
    let base = std::env::temp_dir();
    let base = if plain_path(&base) {
        base
    } else {
        PathBuf::from("/tmp")
    };
    // 0700: the socket inside it is reachable by the cluster's user (and root) only,
    // whatever the umask; the cluster trusts whoever reaches it.
    let dir = tempfile::Builder::new()
        .prefix("microcred-pg-")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .tempdir_in(&base)
        .map_err(|e| format!("a directory under {}: {e}", base.display()))?
        .keep();
    let name = user.as_ref().map(|u| u.0.as_str());
    let data = dir.join("data");
    // The watchdog before anything is made in the directory, so that whatever fails
    // later, once this process is gone it stops the server (if one started) and removes
    // the directory. In a process group of its own, so an interrupted test run does not
    // take it along.
    let mut stop = as_user(name, &bin.join("pg_ctl"));
    stop.arg("-D").arg(&data).args(["-m", "immediate", "stop"]);
    let mut watchdog = Command::new("sh");
    watchdog
        .arg("-c")
        .arg(
            r#"pid=$1; dir=$2; shift 2
               while kill -0 "$pid" 2>/dev/null; do sleep 1; done
               "$@" >/dev/null 2>&1; rm -rf "$dir""#,
        )
        .arg("sh")
        .arg(std::process::id().to_string())
        .arg(&dir)
        .arg(stop.get_program())
        .args(stop.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut watchdog, 0);
    if let Err(e) = watchdog.spawn() {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(format!("watchdog: {e}"));
    }
    if let Some((_, uid, gid)) = &user {
        std::os::unix::fs::chown(&dir, Some(*uid), Some(*gid))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let out = as_user(name, &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "running {} (as {}): {e}",
                bin.join("initdb").display(),
                name.unwrap_or("this user")
            )
        })?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }

    if !plain_path(&dir) {
        return Err(format!("{}: not a plain path", dir.display()));
    }
    let log = dir.join("log");
    let out = as_user(name, &bin.join("pg_ctl"))
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(&log)
        .arg("-o")
        .arg(format!(
            "-c listen_addresses='' -k {} -p {PORT} -c fsync=off -c max_connections=200 \
             -c shared_buffers=16MB",
            dir.display()
        ))
        .args(["-w", "-t", "120", "start"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("running {}: {e}", bin.join("pg_ctl").display()))?;
    if !out.status.success() {
        return Err(format!(
            "the cluster did not start: {} {}",
            String::from_utf8_lossy(&out.stderr).trim(),
            std::fs::read_to_string(&log).unwrap_or_default()
        ));
    }
    let url = format!("postgres://{USER}@{}:{PORT}", host_of(&dir));
    // pg_ctl -w waited until it took connections; a loaded machine may still be slow.
    let mut last = String::new();
    for _ in 0..50 {
        match Pg::connect_only(&format!("{url}/postgres")) {
            Ok(_) => return Ok(url),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "the cluster started but takes no connections: {last}"
    ))
}
