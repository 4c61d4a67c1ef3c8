//! The registry's behaviour, written once and run against every store: the embedded sled
//! store and PostgreSQL (a database of its own per test, on a throw-away cluster from
//! `microcred_pg::testing`; these fail, not skip, where PostgreSQL cannot be had).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::any::Any;
use std::collections::HashSet;

use microcred_issuer::registry::pg::PgRegistry;
use microcred_issuer::registry::{Action, Event, SledRegistry};
use microcred_issuer::{Allocation, Filter, Format, Record, Registry, RegistryError, Standing};

/// A store, and what must live as long as it (its directory).
type Opened = (Box<dyn Registry>, Box<dyn Any>);

fn sled() -> Opened {
    let dir = tempfile::tempdir().unwrap();
    let reg = SledRegistry::open(&dir.path().join("registry")).unwrap();
    (Box::new(reg), Box::new(dir))
}

fn postgres() -> Opened {
    let url = microcred_pg::testing::database();
    (Box::new(PgRegistry::connect(&url).unwrap()), Box::new(()))
}

/// Every behavioural test, for one store.
macro_rules! suite {
    ($store:ident) => {
        mod $store {
            use super::*;

            fn open() -> Opened {
                super::$store()
            }

            #[test]
            fn records_are_kept_found_and_listed() {
                let (reg, _keep) = open();
                super::records_are_kept_found_and_listed(reg.as_ref());
            }

            #[test]
            fn a_taken_id_index_or_idempotency_key_is_refused_all_or_nothing() {
                let (reg, _keep) = open();
                super::a_taken_id_index_or_idempotency_key_is_refused_all_or_nothing(reg.as_ref());
            }

            #[test]
            fn standing_changes_are_kept_with_their_events() {
                let (reg, _keep) = open();
                super::standing_changes_are_kept_with_their_events(reg.as_ref());
            }

            #[test]
            fn a_change_of_standing_marks_its_list_until_that_generation_is_published() {
                let (reg, _keep) = open();
                super::a_change_of_standing_marks_its_list_until_that_generation_is_published(
                    reg.as_ref(),
                );
            }

            #[test]
            fn allocation_takes_fresh_indexes_from_the_upper_half_a_quarter_a_list() {
                let (reg, _keep) = open();
                super::allocation_takes_fresh_indexes_from_the_upper_half_a_quarter_a_list(
                    reg.as_ref(),
                );
            }

            #[test]
            fn allocation_never_hands_out_an_index_recorded_before() {
                let (reg, _keep) = open();
                super::allocation_never_hands_out_an_index_recorded_before(reg.as_ref());
            }

            #[test]
            fn allocation_from_many_threads_never_takes_an_index_twice() {
                let (reg, _keep) = open();
                allocations_never_collide(&[reg.as_ref()]);
            }
        }
    };
}

suite!(sled);
suite!(postgres);

fn record(id: &str, list: u32, index: u32, key: Option<&str>) -> Record {
    Record {
        id: id.into(),
        specification: "s".into(),
        learner: "L".into(),
        format: Format::Jwt,
        status_list: list,
        status_index: index,
        issued_at: "2026-05-29T00:00:00Z".into(),
        content_hash: "h".into(),
        idempotency_key: key.map(str::to_string),
        standing: Standing::Active,
        spec_version: None,
        valid_until: None,
        renews: None,
        award: None,
        events: Vec::new(),
    }
}

fn event(action: Action) -> Event {
    Event {
        at: "2026-06-01T00:00:00Z".into(),
        by: "cli:test".into(),
        action,
        reason: Some("why".into()),
    }
}

fn ids(records: &[Record]) -> Vec<&str> {
    records.iter().map(|r| r.id.as_str()).collect()
}

fn records_are_kept_found_and_listed(reg: &dyn Registry) {
    let mut a = record("urn:uuid:a", 1, 40, Some("row-1"));
    a.learner = "Aino Mäkelä".into();
    a.issued_at = "2026-05-01T10:00:00Z".into();
    let mut b = record("urn:uuid:b", 1, 41, None);
    b.specification = "other".into();
    b.issued_at = "2026-05-02T10:00:00Z".into();
    let mut c = record("urn:uuid:c", 0, 0, None);
    c.issued_at = "2026-05-02T10:00:00Z".into();
    c.valid_until = Some("2027-01-01".into());
    // Two with list 0 (a status of the caller's own) may share its index.
    let mut d = record("urn:uuid:d", 0, 0, None);
    d.issued_at = "2026-05-03T10:00:00Z".into();
    let text = "x".repeat(10_000) + "ä€😀";
    reg.record(&[
        (c.clone(), "C".into()),
        (a.clone(), text.clone()),
        (b.clone(), "B".into()),
    ])
    .unwrap();
    reg.record(&[(d.clone(), "D".into())]).unwrap();
    reg.record(&[]).unwrap();

    assert_eq!(reg.count().unwrap(), 4);
    assert_eq!(reg.get("urn:uuid:a").unwrap(), Some(a.clone()));
    assert_eq!(reg.get("urn:uuid:c").unwrap(), Some(c));
    assert_eq!(reg.get("urn:uuid:none").unwrap(), None);
    assert_eq!(reg.credential("urn:uuid:a").unwrap(), Some(text));
    assert_eq!(reg.credential("urn:uuid:none").unwrap(), None);
    assert_eq!(reg.by_idempotency_key("row-1").unwrap(), Some(a));
    assert_eq!(reg.by_idempotency_key("row-2").unwrap(), None);

    // Oldest first, ties by id.
    let all = reg.list(&Filter::default()).unwrap();
    assert_eq!(
        ids(&all),
        ["urn:uuid:a", "urn:uuid:b", "urn:uuid:c", "urn:uuid:d"]
    );
    let spec = Filter {
        specification: Some("s".into()),
        ..Filter::default()
    };
    assert_eq!(
        ids(&reg.list(&spec).unwrap()),
        ["urn:uuid:a", "urn:uuid:c", "urn:uuid:d"]
    );
    let since = Filter {
        since: Some("2026-05-02".into()),
        ..Filter::default()
    };
    assert_eq!(
        ids(&reg.list(&since).unwrap()),
        ["urn:uuid:b", "urn:uuid:c", "urn:uuid:d"]
    );
    // Text: the learner without regard to case, or part of the id or specification.
    let text = |t: &str, limit: Option<usize>| Filter {
        text: Some(t.into()),
        limit,
        ..Filter::default()
    };
    assert_eq!(
        ids(&reg.list(&text("MÄKELÄ", None)).unwrap()),
        ["urn:uuid:a"]
    );
    assert_eq!(
        ids(&reg.list(&text("uuid:b", None)).unwrap()),
        ["urn:uuid:b"]
    );
    assert_eq!(ids(&reg.list(&text("oth", None)).unwrap()), ["urn:uuid:b"]);
    assert_eq!(
        ids(&reg.list(&text("urn", Some(2))).unwrap()),
        ["urn:uuid:c", "urn:uuid:d"]
    );
    // A limit keeps the newest.
    let newest = Filter {
        limit: Some(3),
        ..Filter::default()
    };
    assert_eq!(
        ids(&reg.list(&newest).unwrap()),
        ["urn:uuid:b", "urn:uuid:c", "urn:uuid:d"]
    );
    let none = Filter {
        limit: Some(0),
        ..Filter::default()
    };
    assert!(reg.list(&none).unwrap().is_empty());

    assert_eq!(reg.taken_indexes(1).unwrap(), vec![40, 41]);
    assert!(reg.taken_indexes(0).unwrap().is_empty());
    assert_eq!(reg.last_list().unwrap(), 1);
}

fn a_taken_id_index_or_idempotency_key_is_refused_all_or_nothing(reg: &dyn Registry) {
    assert_eq!(reg.last_list().unwrap(), 0);
    reg.record(&[(record("urn:uuid:a", 1, 1, Some("k1")), "A".into())])
        .unwrap();
    let dup_id = reg
        .record(&[(record("urn:uuid:a", 1, 2, None), "B".into())])
        .unwrap_err();
    assert!(
        matches!(&dup_id, RegistryError::DuplicateId(id) if id == "urn:uuid:a"),
        "{dup_id}"
    );
    let dup_index = reg
        .record(&[(record("urn:uuid:b", 1, 1, None), "B".into())])
        .unwrap_err();
    assert!(
        matches!(dup_index, RegistryError::IndexTaken { list: 1, index: 1 }),
        "{dup_index}"
    );
    let dup_key = reg
        .record(&[(record("urn:uuid:c", 1, 3, Some("k1")), "C".into())])
        .unwrap_err();
    assert!(
        matches!(&dup_key, RegistryError::DuplicateId(m) if m.contains("k1")),
        "{dup_key}"
    );
    // Duplicates inside one batch, and all or nothing: the good entry is not kept either.
    let within = reg
        .record(&[
            (record("urn:uuid:d", 1, 4, None), "D".into()),
            (record("urn:uuid:e", 1, 4, None), "E".into()),
        ])
        .unwrap_err();
    assert!(
        matches!(within, RegistryError::IndexTaken { list: 1, index: 4 }),
        "{within}"
    );
    let within = reg
        .record(&[
            (record("urn:uuid:f", 1, 5, None), "F".into()),
            (record("urn:uuid:f", 1, 6, None), "F".into()),
        ])
        .unwrap_err();
    assert!(matches!(within, RegistryError::DuplicateId(_)), "{within}");
    // A good entry before a taken one in the same batch.
    let later = reg
        .record(&[
            (record("urn:uuid:g", 1, 7, None), "G".into()),
            (record("urn:uuid:a", 1, 8, None), "A".into()),
        ])
        .unwrap_err();
    assert!(matches!(later, RegistryError::DuplicateId(_)), "{later}");
    for id in [
        "urn:uuid:b",
        "urn:uuid:c",
        "urn:uuid:d",
        "urn:uuid:f",
        "urn:uuid:g",
    ] {
        assert!(reg.get(id).unwrap().is_none(), "{id}");
    }
    assert_eq!(reg.count().unwrap(), 1);
    assert_eq!(reg.credential("urn:uuid:a").unwrap().as_deref(), Some("A"));
    assert_eq!(
        reg.by_idempotency_key("k1").unwrap().unwrap().id,
        "urn:uuid:a"
    );
    assert_eq!(reg.taken_indexes(1).unwrap(), vec![1]);
    assert_eq!(reg.last_list().unwrap(), 1);
}

fn standing_changes_are_kept_with_their_events(reg: &dyn Registry) {
    reg.record(&[(record("urn:uuid:a", 1, 40, None), "A".into())])
        .unwrap();
    let suspended = Standing::Suspended {
        at: "2026-06-01T00:00:00Z".into(),
        reason: Some("why".into()),
        by: Some("cli:test".into()),
    };
    reg.set_standing("urn:uuid:a", suspended.clone(), event(Action::Suspended))
        .unwrap();
    let r = reg.get("urn:uuid:a").unwrap().unwrap();
    assert_eq!(r.standing, suspended);
    assert_eq!(r.events, vec![event(Action::Suspended)]);

    reg.set_standing("urn:uuid:a", Standing::Active, event(Action::Reinstated))
        .unwrap();
    reg.add_event("urn:uuid:a", event(Action::Renewed)).unwrap();
    let revoked = Standing::Revoked {
        at: "2026-06-02T00:00:00Z".into(),
        reason: "wrong person".into(),
        by: None,
    };
    reg.set_standing("urn:uuid:a", revoked.clone(), event(Action::Revoked))
        .unwrap();
    let r = reg.get("urn:uuid:a").unwrap().unwrap();
    assert_eq!(r.standing, revoked);
    assert_eq!(
        r.events.iter().map(|e| e.action).collect::<Vec<_>>(),
        [
            Action::Suspended,
            Action::Reinstated,
            Action::Renewed,
            Action::Revoked
        ]
    );
    // The credential as issued is untouched, and listing shows the new standing.
    assert_eq!(reg.credential("urn:uuid:a").unwrap().as_deref(), Some("A"));
    assert_eq!(reg.list(&Filter::default()).unwrap()[0].standing, revoked);
    // An unknown credential is an error, and nothing is marked for it.
    assert!(reg
        .set_standing("urn:uuid:none", Standing::Active, event(Action::Reinstated))
        .is_err());
    assert!(reg
        .add_event("urn:uuid:none", event(Action::Renewed))
        .is_err());
}

fn a_change_of_standing_marks_its_list_until_that_generation_is_published(reg: &dyn Registry) {
    reg.record(&[
        (record("urn:uuid:a", 1, 40, None), "A".into()),
        (record("urn:uuid:b", 2, 40, None), "B".into()),
    ])
    .unwrap();
    assert!(reg.pending_lists().unwrap().is_empty());
    // An event alone changes no list.
    reg.add_event("urn:uuid:a", event(Action::Renewed)).unwrap();
    assert!(reg.pending_lists().unwrap().is_empty());

    let revoked = Standing::Revoked {
        at: "2026-06-02T00:00:00Z".into(),
        reason: "r".into(),
        by: None,
    };
    reg.set_standing("urn:uuid:a", revoked.clone(), event(Action::Revoked))
        .unwrap();
    let pending = reg.pending_lists().unwrap();
    assert_eq!(pending.len(), 1);
    let (list, first) = pending[0];
    assert_eq!(list, 1);
    // A second change raises the generation; publishing the first leaves the mark.
    reg.set_standing("urn:uuid:a", Standing::Active, event(Action::Reinstated))
        .unwrap();
    reg.set_standing("urn:uuid:b", revoked, event(Action::Revoked))
        .unwrap();
    let pending = reg.pending_lists().unwrap();
    let second = pending.iter().find(|(l, _)| *l == 1).unwrap().1;
    assert_ne!(second, first);
    assert_eq!(pending.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1, 2]);
    reg.published(1, first).unwrap();
    assert!(reg.pending_lists().unwrap().iter().any(|(l, _)| *l == 1));
    reg.published(1, second).unwrap();
    let left = reg.pending_lists().unwrap();
    assert_eq!(left.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2]);
    reg.published(2, left[0].1).unwrap();
    assert!(reg.pending_lists().unwrap().is_empty());
    // Publishing a list with no mark is nothing.
    reg.published(3, 1).unwrap();
}

fn allocation_takes_fresh_indexes_from_the_upper_half_a_quarter_a_list(reg: &dyn Registry) {
    assert_eq!(reg.allocate(0, 64).unwrap().slots, vec![]);
    // 64 entries: indexes 32..64, 16 a list.
    let first = reg.allocate(40, 64).unwrap();
    assert_eq!(first.slots.len(), 40);
    assert_eq!(first.opened, vec![1, 2, 3]);
    let second = reg.allocate(10, 64).unwrap();
    assert_eq!(second.opened, vec![4]);
    let all: Vec<(u32, u32)> = first.slots.iter().chain(&second.slots).copied().collect();
    assert!(all.iter().all(|(_, i)| (32..64).contains(i)), "{all:?}");
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len());
    for list in 1..=3 {
        assert_eq!(all.iter().filter(|(l, _)| *l == list).count(), 16);
    }
    // What was allocated records without a clash.
    let entries: Vec<(Record, String)> = all
        .iter()
        .enumerate()
        .map(|(n, (l, i))| (record(&format!("urn:uuid:{n}"), *l, *i, None), "x".into()))
        .collect();
    reg.record(&entries).unwrap();
    assert_eq!(reg.count().unwrap(), 50);
    assert_eq!(reg.last_list().unwrap(), 4);
}

fn allocation_never_hands_out_an_index_recorded_before(reg: &dyn Registry) {
    let recorded: Vec<(Record, String)> = (32..40)
        .map(|i| (record(&format!("urn:uuid:r{i}"), 1, i, None), "x".into()))
        .collect();
    reg.record(&recorded).unwrap();
    let got = reg.allocate(40, 64).unwrap();
    for (l, i) in &got.slots {
        assert!(
            !(*l == 1 && (32..40).contains(i)),
            "{l}/{i} handed out again"
        );
    }
    assert_eq!(got.slots.iter().collect::<HashSet<_>>().len(), 40);
}

/// Several threads on each registry given (two instances on one database, for a shared
/// store) allocate at once: no place is handed out twice, and every list opened is
/// reported to exactly one of them.
fn allocations_never_collide(registries: &[&dyn Registry]) {
    const THREADS: usize = 4;
    const ROUNDS: usize = 15;
    let results: Vec<Allocation> = std::thread::scope(|s| {
        let handles: Vec<_> = registries
            .iter()
            .flat_map(|reg| (0..THREADS).map(move |t| (reg, t)))
            .map(|(reg, t)| {
                s.spawn(move || {
                    let mut all = Allocation::default();
                    for round in 0..ROUNDS {
                        let got = reg.allocate(1 + (t + round) % 5, 256).unwrap();
                        all.slots.extend(got.slots);
                        all.opened.extend(got.opened);
                    }
                    all
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let slots: Vec<(u32, u32)> = results.iter().flat_map(|r| r.slots.clone()).collect();
    let expected: usize = (0..THREADS)
        .flat_map(|t| (0..ROUNDS).map(move |round| 1 + (t + round) % 5))
        .sum::<usize>()
        * registries.len();
    assert_eq!(slots.len(), expected);
    let distinct: HashSet<_> = slots.iter().collect();
    assert_eq!(distinct.len(), slots.len(), "a place was handed out twice");
    assert!(slots.iter().all(|(_, i)| (128..256).contains(i)));
    let mut opened: Vec<u32> = results.iter().flat_map(|r| r.opened.clone()).collect();
    opened.sort();
    let used: HashSet<u32> = slots.iter().map(|(l, _)| *l).collect();
    let mut used: Vec<u32> = used.into_iter().collect();
    used.sort();
    assert_eq!(opened, used, "each list used was opened once");
    for list in &used {
        assert!(slots.iter().filter(|(l, _)| l == list).count() <= 64);
    }
    // All of them record, from whichever registry.
    let entries: Vec<(Record, String)> = slots
        .iter()
        .map(|(l, i)| {
            (
                record(&format!("urn:uuid:{l}-{i}"), *l, *i, None),
                "x".into(),
            )
        })
        .collect();
    for (n, chunk) in entries.chunks(50).enumerate() {
        registries[n % registries.len()].record(chunk).unwrap();
    }
    assert_eq!(registries[0].count().unwrap(), slots.len());
}

/// Two instances, each with its own pool of connections, on one database.
#[test]
fn postgres_two_instances_on_one_database_never_take_an_index_twice() {
    let url = microcred_pg::testing::database();
    let one = PgRegistry::connect(&url).unwrap();
    let two = PgRegistry::connect(&url).unwrap();
    allocations_never_collide(&[&one, &two]);
}

#[test]
fn postgres_two_instances_see_each_others_records_and_refuse_each_others_ids() {
    let url = microcred_pg::testing::database();
    let one = PgRegistry::connect(&url).unwrap();
    let two = PgRegistry::connect(&url).unwrap();
    one.record(&[(record("urn:uuid:a", 1, 40, Some("k")), "A".into())])
        .unwrap();
    assert_eq!(two.get("urn:uuid:a").unwrap().unwrap().status_index, 40);
    assert!(matches!(
        two.record(&[(record("urn:uuid:b", 1, 40, None), "B".into())]),
        Err(RegistryError::IndexTaken { list: 1, index: 40 })
    ));
    // The same credential recorded by both at once: exactly one succeeds.
    let results: Vec<Result<(), RegistryError>> = std::thread::scope(|s| {
        let handles: Vec<_> = [&one, &two]
            .into_iter()
            .map(|reg| {
                s.spawn(move || reg.record(&[(record("urn:uuid:c", 1, 41, None), "C".into())]))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results
        .iter()
        .any(|r| matches!(r, Err(RegistryError::DuplicateId(id)) if id == "urn:uuid:c")));
    // A change of standing made by one is pending for the other to publish.
    two.set_standing("urn:uuid:a", Standing::Active, event(Action::Reinstated))
        .unwrap();
    assert_eq!(
        one.pending_lists()
            .unwrap()
            .iter()
            .map(|(l, _)| *l)
            .collect::<Vec<_>>(),
        [1]
    );
}
