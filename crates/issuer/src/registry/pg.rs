//! The registry on PostgreSQL, for providers running several `microcred serve` instances
//! on one database (the `postgres` feature; schema: `crates/pg/migrations`).
//!
//! Where it lives: here, in the issuer crate behind a feature, not in a crate of its own.
//! The issuer owns the registry's data, so it defines the [`Registry`] trait and its
//! records; a store is one more implementation of that trait beside [`SledRegistry`],
//! using the record's own encoding (JSON, the credential text deflated) and passing the
//! same behavioural tests (`tests/registry.rs`). `microcred-pg` knows nothing of the
//! issuer: it gives connections and applies the schema's migrations. Without the feature
//! neither it nor a PostgreSQL client is built.
//!
//! What must never happen twice is refused by the database itself, whichever instance
//! asks: a credential id (primary key), an idempotency key (unique), a status index
//! recorded twice (a unique index on list and index) or handed out twice (the primary
//! key of `issuer_status_slots`). Allocation is one transaction: an `UPDATE … RETURNING`
//! of the one counter row (which also locks it until the transaction ends, so
//! allocations take turns) grants places on the list being filled, and the random
//! indexes for them are inserted into `issuer_status_slots` in the same transaction,
//! where an index reserved before is refused and drawn again.
//!
//! [`SledRegistry`]: super::SledRegistry

use std::collections::HashSet;

use microcred_pg::{FromSqlOwned, Pg, PgError, Row};
use rand::Rng;

use super::{compress_all, decompress, Allocation, Event, Filter, Record, Registry, Standing};
use crate::error::RegistryError;

/// The registry in a PostgreSQL database shared by every instance.
pub struct PgRegistry {
    pg: Pg,
}

/// How many times the indexes a grant still lacks are drawn again before allocation gives
/// up. A list is handed out to a quarter of its size from its upper half, so a draw
/// finds a free index at least half the time: this is never reached unless credentials
/// recorded outside allocation filled the list.
const DRAWS: usize = 64;

/// An error inside a transaction: the database's, or the registry's own.
enum Fail {
    Pg(PgError),
    Registry(RegistryError),
}

impl From<PgError> for Fail {
    fn from(e: PgError) -> Self {
        Fail::Pg(e)
    }
}

impl From<RegistryError> for Fail {
    fn from(e: RegistryError) -> Self {
        Fail::Registry(e)
    }
}

impl From<Fail> for RegistryError {
    fn from(f: Fail) -> Self {
        match f {
            Fail::Pg(e) => db(e),
            Fail::Registry(e) => e,
        }
    }
}

/// A database error as the registry's own. A function, not a `From` impl, so that
/// `microcred-pg`'s types stay out of the issuer's error API.
fn db(e: PgError) -> RegistryError {
    RegistryError::Storage(e.to_string())
}

fn corrupt(what: impl std::fmt::Display) -> RegistryError {
    RegistryError::Corrupt(what.to_string())
}

fn encode(r: &Record) -> Result<String, RegistryError> {
    serde_json::to_string(r).map_err(corrupt)
}

fn decode(text: &str) -> Result<Record, RegistryError> {
    serde_json::from_str(text).map_err(corrupt)
}

fn column<T: FromSqlOwned>(row: &Row, i: usize) -> Result<T, RegistryError> {
    row.try_get(i).map_err(corrupt)
}

fn number(v: i64) -> Result<u32, RegistryError> {
    u32::try_from(v).map_err(|_| corrupt(format!("list or index {v} out of range")))
}

fn records(rows: &[Row]) -> Result<Vec<Record>, RegistryError> {
    rows.iter()
        .map(|row| decode(&column::<String>(row, 0)?))
        .collect()
}

impl PgRegistry {
    /// Connects to the database at `url` (`postgres://…`) and brings its schema up to
    /// date.
    pub fn connect(url: &str) -> Result<Self, RegistryError> {
        Ok(PgRegistry {
            pg: Pg::connect(url).map_err(db)?,
        })
    }

    /// The registry on connections already made (and the schema already migrated by
    /// [`Pg::connect`]).
    pub fn with_pool(pg: Pg) -> Self {
        PgRegistry { pg }
    }

    /// Changes one record under a row lock, in a transaction; `pending` also raises its
    /// list's mark as to be published again.
    fn update(
        &self,
        id: &str,
        pending: bool,
        change: impl FnOnce(&mut Record),
    ) -> Result<(), RegistryError> {
        self.pg
            .transaction(|tx| -> Result<(), Fail> {
                let row = tx
                    .query_opt(
                        "SELECT record FROM issuer_credentials WHERE id = $1 FOR UPDATE",
                        &[&id],
                    )?
                    .ok_or_else(|| corrupt(format!("no record {id}")))?;
                let mut r = decode(&column::<String>(&row, 0)?)?;
                change(&mut r);
                tx.execute(
                    "UPDATE issuer_credentials SET record = $2 WHERE id = $1",
                    &[&id, &encode(&r)?],
                )?;
                if pending {
                    tx.execute(
                        "INSERT INTO issuer_status_pending (list, generation) VALUES ($1, 1)
                         ON CONFLICT (list)
                         DO UPDATE SET generation = issuer_status_pending.generation + 1",
                        &[&i64::from(r.status_list)],
                    )?;
                }
                Ok(())
            })
            .map_err(RegistryError::from)
    }

    /// Which entry of a batch the database refused, named as the embedded store names it:
    /// the first entry, in order, whose id, status index or idempotency key is already
    /// recorded or repeats an earlier entry's.
    fn refused(&self, entries: &[(Record, String)], e: PgError) -> RegistryError {
        let ids: Vec<&str> = entries.iter().map(|(r, _)| r.id.as_str()).collect();
        let lists: Vec<i64> = entries
            .iter()
            .map(|(r, _)| i64::from(r.status_list))
            .collect();
        let indexes: Vec<i64> = entries
            .iter()
            .map(|(r, _)| i64::from(r.status_index))
            .collect();
        let keys: Vec<&str> = entries
            .iter()
            .filter_map(|(r, _)| r.idempotency_key.as_deref())
            .collect();
        let known = || -> Result<_, PgError> {
            let ids: HashSet<String> = self
                .pg
                .query(
                    "SELECT id FROM issuer_credentials WHERE id = ANY($1)",
                    &[&ids],
                )?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
            let slots: HashSet<(i64, i64)> = self
                .pg
                .query(
                    "SELECT c.status_list, c.status_index FROM issuer_credentials c
                     JOIN unnest($1::bigint[], $2::bigint[]) AS b(list, idx)
                       ON c.status_list = b.list AND c.status_index = b.idx
                     WHERE c.status_list <> 0",
                    &[&lists, &indexes],
                )?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_, PgError>>()?;
            let keys: HashSet<String> = self
                .pg
                .query(
                    "SELECT idempotency_key FROM issuer_credentials
                     WHERE idempotency_key = ANY($1)",
                    &[&keys],
                )?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
            Ok((ids, slots, keys))
        };
        let (known_ids, known_slots, known_keys) = match known() {
            Ok(k) => k,
            Err(_) => return db(e),
        };
        let (mut ids, mut slots, mut keys) = (HashSet::new(), HashSet::new(), HashSet::new());
        for (r, _) in entries {
            if !ids.insert(r.id.as_str()) || known_ids.contains(&r.id) {
                return RegistryError::DuplicateId(r.id.clone());
            }
            let slot = (i64::from(r.status_list), i64::from(r.status_index));
            if r.status_list != 0 && (!slots.insert(slot) || known_slots.contains(&slot)) {
                return RegistryError::IndexTaken {
                    list: r.status_list,
                    index: r.status_index,
                };
            }
            if let Some(k) = &r.idempotency_key {
                if !keys.insert(k.as_str()) || known_keys.contains(k) {
                    return RegistryError::DuplicateId(format!("idempotency key {k}"));
                }
            }
        }
        // Refused for a reason no longer visible (cannot happen: nothing is deleted).
        db(e)
    }
}

impl Registry for PgRegistry {
    fn record(&self, entries: &[(Record, String)]) -> Result<(), RegistryError> {
        if entries.is_empty() {
            return Ok(());
        }
        let bodies = compress_all(entries);
        if bodies.len() != entries.len() {
            return Err(RegistryError::Storage(
                "compressing credentials failed".into(),
            ));
        }
        let n = entries.len();
        let (mut ids, mut specs, mut issued) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut lists, mut indexes, mut keys, mut texts) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for (r, _) in entries {
            ids.push(r.id.as_str());
            specs.push(r.specification.as_str());
            issued.push(r.issued_at.as_str());
            lists.push(i64::from(r.status_list));
            indexes.push(i64::from(r.status_index));
            keys.push(r.idempotency_key.as_deref());
            texts.push(encode(r)?);
        }
        let out = self.pg.transaction(|tx| -> Result<(), PgError> {
            tx.execute(
                "INSERT INTO issuer_credentials
                     (id, specification, issued_at, status_list, status_index,
                      idempotency_key, record, body)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[],
                                      $5::bigint[], $6::text[], $7::text[], $8::bytea[])",
                &[
                    &ids, &specs, &issued, &lists, &indexes, &keys, &texts, &bodies,
                ],
            )?;
            // An index recorded without being allocated here (a credential carried over
            // from another store) is never handed out afterwards.
            tx.execute(
                "INSERT INTO issuer_status_slots (list, idx)
                 SELECT l, i FROM unnest($1::bigint[], $2::bigint[]) AS s(l, i) WHERE l <> 0
                 ON CONFLICT DO NOTHING",
                &[&lists, &indexes],
            )?;
            Ok(())
        });
        match out {
            Ok(()) => Ok(()),
            Err(e) if e.is_unique_violation() => Err(self.refused(entries, e)),
            Err(e) => Err(db(e)),
        }
    }

    fn get(&self, id: &str) -> Result<Option<Record>, RegistryError> {
        match self
            .pg
            .query_opt(
                "SELECT record FROM issuer_credentials WHERE id = $1",
                &[&id],
            )
            .map_err(db)?
        {
            Some(row) => decode(&column::<String>(&row, 0)?).map(Some),
            None => Ok(None),
        }
    }

    fn credential(&self, id: &str) -> Result<Option<String>, RegistryError> {
        match self
            .pg
            .query_opt("SELECT body FROM issuer_credentials WHERE id = $1", &[&id])
            .map_err(db)?
        {
            Some(row) => decompress(&column::<Vec<u8>>(&row, 0)?).map(Some),
            None => Ok(None),
        }
    }

    fn by_idempotency_key(&self, key: &str) -> Result<Option<Record>, RegistryError> {
        match self
            .pg
            .query_opt(
                "SELECT record FROM issuer_credentials WHERE idempotency_key = $1",
                &[&key],
            )
            .map_err(db)?
        {
            Some(row) => decode(&column::<String>(&row, 0)?).map(Some),
            None => Ok(None),
        }
    }

    fn list(&self, filter: &Filter) -> Result<Vec<Record>, RegistryError> {
        // The text filter is applied here, as the embedded store applies it (Rust's
        // lower-casing, not the database's); the limit (the newest `limit`) is the
        // database's only when there is no text filter to apply after it.
        let text = filter.text.as_ref().map(|t| t.to_lowercase());
        let limit = match (&text, filter.limit) {
            (None, Some(n)) => Some(i64::try_from(n).unwrap_or(i64::MAX)),
            _ => None,
        };
        let rows = self
            .pg
            .query(
                "SELECT record FROM issuer_credentials
                 WHERE ($1::text IS NULL OR specification = $1)
                   AND ($2::text IS NULL OR issued_at >= $2)
                 ORDER BY issued_at DESC, id DESC
                 LIMIT $3",
                &[&filter.specification, &filter.since, &limit],
            )
            .map_err(db)?;
        let mut out = records(&rows)?;
        out.reverse();
        if let Some(t) = &text {
            out.retain(|r| Filter::text_matches(t, r));
        }
        filter.keep_newest(&mut out);
        Ok(out)
    }

    fn set_standing(
        &self,
        id: &str,
        standing: Standing,
        event: Event,
    ) -> Result<(), RegistryError> {
        self.update(id, true, |r| {
            r.standing = standing;
            r.events.push(event);
        })
    }

    fn add_event(&self, id: &str, event: Event) -> Result<(), RegistryError> {
        self.update(id, false, |r| r.events.push(event))
    }

    fn pending_lists(&self) -> Result<Vec<(u32, u64)>, RegistryError> {
        self.pg
            .query(
                "SELECT list, generation FROM issuer_status_pending ORDER BY list",
                &[],
            )
            .map_err(db)?
            .iter()
            .map(|row| {
                let generation = column::<i64>(row, 1)?;
                Ok((
                    number(column(row, 0)?)?,
                    u64::try_from(generation).map_err(corrupt)?,
                ))
            })
            .collect()
    }

    fn published(&self, list: u32, generation: u64) -> Result<(), RegistryError> {
        // A generation beyond bigint was never written, so nothing to clear.
        let Ok(generation) = i64::try_from(generation) else {
            return Ok(());
        };
        self.pg
            .execute(
                "DELETE FROM issuer_status_pending WHERE list = $1 AND generation = $2",
                &[&i64::from(list), &generation],
            )
            .map_err(db)?;
        Ok(())
    }

    fn allocate(&self, n: usize, size: usize) -> Result<Allocation, RegistryError> {
        if n == 0 {
            return Ok(Allocation::default());
        }
        let per_list = i64::try_from(size / 4).unwrap_or(0);
        let (low, high) = (size / 2, size);
        if per_list == 0 || u32::try_from(high).is_err() {
            return Err(RegistryError::Storage(format!(
                "status lists of {size} entries cannot be allocated from"
            )));
        }
        self.pg
            .transaction(|tx| -> Result<Allocation, Fail> {
                let mut out = Allocation {
                    slots: Vec::with_capacity(n),
                    opened: Vec::new(),
                };
                let mut rng = rand::rngs::OsRng;
                while out.slots.len() < n {
                    let want = i64::try_from(n - out.slots.len()).unwrap_or(i64::MAX);
                    // One statement, so one row version: the list is full (or there is
                    // none yet) and the next opens, or the grant is what is left of it.
                    // A list was opened by this update exactly when every place taken on
                    // it is this grant.
                    let row = tx.query_one(
                        "UPDATE issuer_status_allocation SET
                             list = CASE WHEN list = 0 OR taken >= $1
                                         THEN list + 1 ELSE list END,
                             taken = CASE WHEN list = 0 OR taken >= $1
                                          THEN least($2, $1) ELSE taken + least($2, $1 - taken) END,
                             granted = CASE WHEN list = 0 OR taken >= $1
                                            THEN least($2, $1) ELSE least($2, $1 - taken) END
                         RETURNING list, granted, taken = granted",
                        &[&per_list, &want],
                    )?;
                    let list: i64 = column(&row, 0)?;
                    let granted = usize::try_from(column::<i64>(&row, 1)?).map_err(corrupt)?;
                    if column::<bool>(&row, 2)? {
                        out.opened.push(number(list)?);
                    }
                    let mut got = 0;
                    for _ in 0..DRAWS {
                        if got == granted {
                            break;
                        }
                        let mut picks = HashSet::with_capacity(granted - got);
                        while picks.len() < granted - got {
                            picks.insert(rng.gen_range(low..high) as i64);
                        }
                        let picks: Vec<i64> = picks.into_iter().collect();
                        // A reserved index is refused by the primary key; drawn again.
                        let rows = tx.query(
                            "INSERT INTO issuer_status_slots (list, idx)
                             SELECT $1, i FROM unnest($2::bigint[]) AS p(i)
                             ON CONFLICT DO NOTHING
                             RETURNING idx",
                            &[&list, &picks],
                        )?;
                        for row in &rows {
                            out.slots.push((number(list)?, number(column(row, 0)?)?));
                        }
                        got += rows.len();
                    }
                    if got < granted {
                        return Err(RegistryError::Storage(format!(
                            "status list {list} has no free index left"
                        ))
                        .into());
                    }
                }
                Ok(out)
            })
            .map_err(RegistryError::from)
    }

    fn taken_indexes(&self, list: u32) -> Result<Vec<u32>, RegistryError> {
        self.pg
            .query(
                "SELECT status_index FROM issuer_credentials
                 WHERE status_list = $1 AND status_list <> 0
                 ORDER BY status_index",
                &[&i64::from(list)],
            )
            .map_err(db)?
            .iter()
            .map(|row| number(column(row, 0)?))
            .collect()
    }

    fn last_list(&self) -> Result<u32, RegistryError> {
        match self
            .pg
            .query_opt(
                "SELECT coalesce(max(status_list), 0) FROM issuer_credentials",
                &[],
            )
            .map_err(db)?
        {
            Some(row) => number(column(&row, 0)?),
            None => Ok(0),
        }
    }

    fn count(&self) -> Result<usize, RegistryError> {
        match self
            .pg
            .query_opt("SELECT count(*) FROM issuer_credentials", &[])
            .map_err(db)?
        {
            Some(row) => usize::try_from(column::<i64>(&row, 0)?).map_err(corrupt),
            None => Ok(0),
        }
    }
}
