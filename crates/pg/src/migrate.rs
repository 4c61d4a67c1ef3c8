//! The schema's versions: numbered SQL files under `crates/pg/migrations/`, compiled in,
//! applied in order when an instance connects.
//!
//! Everything missing is applied in one transaction that first takes a transaction-level
//! advisory lock: two instances starting at once do not race (the second waits, then
//! finds the migrations applied), and a migration that fails leaves the schema as it
//! was. A database whose schema is newer than this program is refused, not used.
//!
//! A released migration file is never changed; a change of the schema is a new file.
//! Statements that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`) cannot be
//! migrations.

use crate::{Pg, PgError, Result};

/// One version of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, oldest first, numbered from 1 without gaps.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "issuer registry",
    sql: include_str!("../migrations/0001_issuer_registry.sql"),
}];

/// The advisory lock key migrations are applied under ("microcrd" in ASCII).
const LOCK: i64 = 0x6d69_6372_6f63_7264;

/// The newest version this program knows.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Applies the migrations this database lacks; returns how many.
pub fn apply(pg: &Pg) -> Result<usize> {
    pg.transaction(|tx| -> Result<usize> {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version     integer PRIMARY KEY,
                 name        text NOT NULL,
                 applied_at  timestamptz NOT NULL DEFAULT now()
             )",
        )?;
        let mut applied = Vec::new();
        for row in tx.query("SELECT version FROM schema_migrations", &[])? {
            applied.push(row.try_get::<_, i32>(0)?);
        }
        if let Some(found) = applied.iter().copied().find(|v| *v > latest()) {
            return Err(PgError::SchemaTooNew {
                found,
                known: latest(),
            });
        }
        let mut n = 0;
        for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
            // The files are ours, compiled in; they take no parameters.
            tx.batch_execute(m.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                &[&m.version, &m.name],
            )?;
            n += 1;
        }
        Ok(n)
    })
}

/// The newest version applied (0 for a database never migrated).
pub fn version(pg: &Pg) -> Result<i32> {
    let row = pg.query_opt(
        "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL ELSE 1 END",
        &[],
    )?;
    let exists = match row {
        Some(r) => r.try_get::<_, Option<i32>>(0)?.is_some(),
        None => false,
    };
    if !exists {
        return Ok(0);
    }
    match pg.query_opt(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        &[],
    )? {
        Some(r) => Ok(r.try_get::<_, i32>(0)?),
        None => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
            assert!(!m.sql.trim().is_empty());
        }
        assert_eq!(latest() as usize, MIGRATIONS.len());
    }
}
