//! The pool and the migrations, on a throw-away cluster (`microcred_pg::testing`): these
//! tests fail, not skip, where PostgreSQL cannot be had.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use microcred_pg::{migrate, testing, Pg, PgError};

#[test]
fn instances_starting_together_apply_each_migration_once() {
    let url = testing::database();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Pg::connect(&url).map(|_| ()))
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    let pg = Pg::connect(&url).unwrap();
    assert_eq!(migrate::version(&pg).unwrap(), migrate::latest());
    let n: i64 = pg
        .query_opt("SELECT count(*) FROM schema_migrations", &[])
        .unwrap()
        .unwrap()
        .get(0);
    assert_eq!(n as usize, migrate::MIGRATIONS.len());
    assert_eq!(migrate::apply(&pg).unwrap(), 0, "nothing left to apply");
}

#[test]
fn an_empty_database_is_at_version_zero_and_a_newer_schema_is_refused() {
    let url = testing::database();
    let pg = Pg::connect_only(&url).unwrap();
    assert_eq!(migrate::version(&pg).unwrap(), 0);
    migrate::apply(&pg).unwrap();
    let newer = migrate::latest() + 1;
    pg.execute(
        "INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')",
        &[&newer],
    )
    .unwrap();
    match Pg::connect(&url) {
        Err(PgError::SchemaTooNew { found, known }) => {
            assert_eq!((found, known), (newer, migrate::latest()))
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn values_travel_as_parameters() {
    let pg = Pg::connect_only(&testing::database()).unwrap();
    let tricky = "x'); DROP TABLE schema_migrations; --";
    let row = pg
        .query_opt("SELECT $1::text, length($1::text)", &[&tricky])
        .unwrap()
        .unwrap();
    assert_eq!(row.get::<_, String>(0), tricky);
    assert_eq!(row.get::<_, i32>(1) as usize, tricky.len());
}

#[test]
fn a_failed_transaction_leaves_nothing_behind() {
    let pg = Pg::connect_only(&testing::database()).unwrap();
    pg.execute("CREATE TABLE t (v integer PRIMARY KEY)", &[])
        .unwrap();
    let out = pg.transaction(|tx| -> Result<(), PgError> {
        tx.execute("INSERT INTO t VALUES (1)", &[])?;
        tx.execute("INSERT INTO t VALUES (1)", &[])?;
        Ok(())
    });
    let e = out.unwrap_err();
    assert!(e.is_unique_violation(), "{e}");
    assert_eq!(e.constraint(), Some("t_pkey"));
    let n: i64 = pg
        .query_opt("SELECT count(*) FROM t", &[])
        .unwrap()
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}

/// From a worker of a multi-threaded runtime (the server's) the wait is announced; on a
/// current-thread runtime the thread simply waits.
#[test]
fn usable_from_inside_async_runtimes() {
    let pg = Pg::connect_only(&testing::database()).unwrap();
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let p = pg.clone();
    let n = multi
        .block_on(async move { tokio::spawn(async move { p.query("SELECT 1", &[]) }).await })
        .unwrap()
        .unwrap();
    assert_eq!(n.len(), 1);
    let single = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let n = single
        .block_on(async { pg.query("SELECT 1", &[]) })
        .unwrap();
    assert_eq!(n.len(), 1);
}

#[test]
fn an_unreachable_database_is_a_clear_error_without_the_password() {
    let e = Pg::connect("postgres://nobody:secret@%2Fnonexistent%2Fdir/db")
        .err()
        .unwrap();
    assert!(!e.to_string().contains("secret"), "{e}");
    let e = Pg::connect("postgres://nobody:secret@127.0.0.1:1/db")
        .err()
        .unwrap();
    assert!(!e.to_string().contains("secret"), "{e}");
}
