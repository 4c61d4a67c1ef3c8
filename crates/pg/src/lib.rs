//! PostgreSQL for the state several `microcred serve` instances share: a pool of
//! connections, the schema's versioned migrations ([`migrate`]), and, with the `testing`
//! feature, throw-away clusters for tests.
//!
//! The stores that use it (the issuer's registry first) implement synchronous traits,
//! because the issuer signs on plain threads and the command line has no async runtime.
//! [`Pg`] therefore owns a small runtime of its own (one worker thread) that makes the
//! connections and drives their I/O; a caller on any thread waits there for its
//! statement. On a worker of a multi-threaded runtime (the server's) the wait is
//! announced with `block_in_place`, so that runtime's other tasks move to another worker
//! meanwhile.
//!
//! Every statement takes its values as parameters (`$1`, `$2`, …); no SQL is built from
//! input. Statements are prepared once per connection and cached.

pub mod migrate;
#[cfg(feature = "testing")]
pub mod testing;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

pub use tokio_postgres::error::SqlState;
pub use tokio_postgres::types::{FromSqlOwned, ToSql};
pub use tokio_postgres::Row;

/// What can go wrong with the database. Messages never carry a password.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("the store address is not a PostgreSQL connection string (postgres://…): {0}")]
    BadUrl(String),
    #[error("the database cannot be reached: {0}")]
    Unreachable(String),
    #[error("database: {0}")]
    Db(#[from] tokio_postgres::Error),
    #[error(
        "the database's schema is at version {found}, newer than this program knows \
         ({known}); use a newer microcred"
    )]
    SchemaTooNew { found: i32, known: i32 },
    #[error("the database connections' runtime could not be started: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("the database connections' runtime has stopped")]
    Stopped,
}

impl PgError {
    /// The SQLSTATE of an error the database reported (a unique violation, say).
    pub fn code(&self) -> Option<&SqlState> {
        match self {
            PgError::Db(e) => e.code(),
            _ => None,
        }
    }

    pub fn is_unique_violation(&self) -> bool {
        self.code() == Some(&SqlState::UNIQUE_VIOLATION)
    }

    /// The constraint (or unique index) a statement broke, as the database names it.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            PgError::Db(e) => e.as_db_error().and_then(|d| d.constraint()),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, PgError>;

/// Whether a store setting names PostgreSQL (`postgres://…` or `postgresql://…`).
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Connections kept open at most, per [`Pg`].
pub const POOL_SIZE: usize = 16;

/// Connections to one database, shared by every store of the process. Cloning is cheap
/// (the pool is shared).
#[derive(Clone)]
pub struct Pg {
    inner: Arc<Inner>,
}

struct Inner {
    rt: Option<tokio::runtime::Runtime>,
    pool: deadpool_postgres::Pool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping a runtime on a thread of another runtime would panic; in the
        // background it never does.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// Waits for `f` on this thread. The futures waited for here only exchange messages
/// with connection tasks on the pool's own runtime, so any thread may wait for them.
fn wait<F: Future>(f: F) -> F::Output {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(|| futures_executor::block_on(f))
        }
        _ => futures_executor::block_on(f),
    }
}

impl Pg {
    /// Connects to `url`, checks that the database answers, and brings its schema up to
    /// date (see [`migrate`]).
    pub fn connect(url: &str) -> Result<Pg> {
        let pg = Pg::connect_only(url)?;
        migrate::apply(&pg)?;
        Ok(pg)
    }

    /// Connects and checks that the database answers, without touching the schema.
    pub fn connect_only(url: &str) -> Result<Pg> {
        if !is_url(url) {
            return Err(PgError::BadUrl(redact(url)));
        }
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|_| PgError::BadUrl(format!("{} cannot be read as one", redact(url))))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.application_name("microcred");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("microcred-pg")
            .enable_all()
            .build()
            .map_err(PgError::Runtime)?;
        let manager = deadpool_postgres::Manager::from_config(
            config,
            tokio_postgres::NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(5)))
            .build()
            .map_err(|e| PgError::Unreachable(e.to_string()))?;
        let pg = Pg {
            inner: Arc::new(Inner { rt: Some(rt), pool }),
        };
        pg.ping()?;
        Ok(pg)
    }

    /// A pooled connection, for a few statements or a transaction.
    pub fn client(&self) -> Result<Client> {
        let pool = self.inner.pool.clone();
        let rt = self.inner.rt.as_ref().ok_or(PgError::Stopped)?;
        // Connections are made, and their I/O driven, on the pool's own runtime.
        let (tx, rx) = tokio::sync::oneshot::channel();
        rt.spawn(async move {
            let _ = tx.send(pool.get().await);
        });
        match wait(rx) {
            Ok(Ok(obj)) => Ok(Client(obj)),
            Ok(Err(deadpool_postgres::PoolError::Backend(e))) => Err(PgError::Db(e)),
            Ok(Err(e)) => Err(PgError::Unreachable(e.to_string())),
            Err(_) => Err(PgError::Stopped),
        }
    }

    /// Whether the database answers now.
    pub fn ping(&self) -> Result<()> {
        self.client()?.batch_execute("SELECT 1")
    }

    pub fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.client()?.query(sql, params)
    }

    pub fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        self.client()?.query_opt(sql, params)
    }

    pub fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.client()?.execute(sql, params)
    }

    /// Runs `f` in a transaction (read committed), committed when it returns `Ok` and
    /// rolled back otherwise.
    pub fn transaction<T, E: From<PgError>>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut c = self.client()?;
        let tx = c.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// A connection string with its password left out, for messages: the one in the user
/// part (`postgres://user:secret@host/db`) and a `password=` parameter.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let (scheme, rest) = url.split_at(scheme_end);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{user}@{host}")
        }
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<&str> = query
                .split('&')
                .map(|p| {
                    if p.starts_with("password=") {
                        "password=…"
                    } else {
                        p
                    }
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}{authority}{tail}")
}

/// One pooled connection; back to the pool when dropped.
pub struct Client(deadpool_postgres::Object);

impl Client {
    pub fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.query(&st, params).await
        })
        .map_err(PgError::from)
    }

    pub fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.query_opt(&st, params).await
        })
        .map_err(PgError::from)
    }

    pub fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.execute(&st, params).await
        })
        .map_err(PgError::from)
    }

    /// Runs statements that take no parameters (schema changes). Never give it text
    /// that comes from input.
    pub fn batch_execute(&self, sql: &str) -> Result<()> {
        wait(self.0.batch_execute(sql)).map_err(PgError::from)
    }

    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        Ok(Tx(wait(self.0.transaction())?))
    }
}

/// A transaction on a pooled connection; rolled back unless committed.
pub struct Tx<'a>(deadpool_postgres::Transaction<'a>);

impl Tx<'_> {
    pub fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.query(&st, params).await
        })
        .map_err(PgError::from)
    }

    pub fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.query_opt(&st, params).await
        })
        .map_err(PgError::from)
    }

    /// Exactly one row (an `UPDATE … RETURNING` of a row that must exist, say).
    pub fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.query_one(&st, params).await
        })
        .map_err(PgError::from)
    }

    pub fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        wait(async {
            let st = self.0.prepare_cached(sql).await?;
            self.0.execute(&st, params).await
        })
        .map_err(PgError::from)
    }

    /// Runs statements that take no parameters (schema changes). Never give it text
    /// that comes from input.
    pub fn batch_execute(&self, sql: &str) -> Result<()> {
        wait(self.0.batch_execute(sql)).map_err(PgError::from)
    }

    pub fn commit(self) -> Result<()> {
        wait(self.0.commit()).map_err(PgError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_left_out_of_messages() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://u@h:5432/db"), "postgres://u@h:5432/db");
        assert_eq!(
            redact("postgresql://u:p%40ss@h/db?sslmode=disable&password=x"),
            "postgresql://u@h/db?sslmode=disable&password=…"
        );
        assert_eq!(redact("h/db"), "h/db");
        assert_eq!(redact("postgres://h/db?x=a@b"), "postgres://h/db?x=a@b");
    }

    #[test]
    fn only_postgres_addresses_are_taken() {
        assert!(is_url("postgres://h/db") && is_url("postgresql://h/db"));
        assert!(!is_url("/var/lib/microcred") && !is_url("mysql://h/db"));
        assert!(matches!(
            Pg::connect_only("mysql://u:secret@h/db"),
            Err(PgError::BadUrl(m)) if !m.contains("secret")
        ));
    }
}
