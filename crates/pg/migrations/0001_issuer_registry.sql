-- Schema version 1: the issuer's registry (microcred_issuer::registry::pg::PgRegistry).
-- Applied once, in a transaction, by the first instance that connects (src/migrate.rs).
-- Never edited once released: a change is a new numbered file.
--
-- Text that is compared or ordered (ids, timestamps) is in the "C" collation, so that
-- the database orders it byte by byte, as the embedded store does, whatever the
-- cluster's locale. List numbers and indexes are u32 in the program: bigint with checks.

-- Every credential signed, recorded before it leaves the process.
CREATE TABLE issuer_credentials (
    id               text COLLATE "C" PRIMARY KEY,
    specification    text COLLATE "C" NOT NULL,
    issued_at        text COLLATE "C" NOT NULL,        -- RFC 3339, UTC
    status_list      bigint NOT NULL CHECK (status_list BETWEEN 0 AND 4294967295),
    status_index     bigint NOT NULL CHECK (status_index BETWEEN 0 AND 4294967295),
    idempotency_key  text COLLATE "C",
    record           text NOT NULL,                    -- the record, JSON
    body             bytea NOT NULL,                   -- the credential as issued, deflated
    CONSTRAINT issuer_credentials_idempotency_key UNIQUE (idempotency_key)
);
-- Two credentials never share a status index: the database refuses the second. List 0
-- is no list (the credential carries a status of the caller's own).
CREATE UNIQUE INDEX issuer_credentials_status_slot
    ON issuer_credentials (status_list, status_index) WHERE status_list <> 0;
CREATE INDEX issuer_credentials_issued ON issuer_credentials (issued_at, id);

-- Status indexes handed out: reserved by the allocation before the credential is
-- signed, so an index one instance holds is never another's. Recording a credential
-- reserves its index too, if it was not reserved already.
CREATE TABLE issuer_status_slots (
    list  bigint NOT NULL CHECK (list BETWEEN 1 AND 4294967295),
    idx   bigint NOT NULL CHECK (idx BETWEEN 0 AND 4294967295),
    PRIMARY KEY (list, idx)
);

-- The allocation's counter, one row: the list being filled and how many of its indexes
-- were handed out. Each allocation updates it (UPDATE … RETURNING), which locks the row
-- until the allocating transaction ends: allocations from every instance take turns,
-- and `granted` tells the one that just updated it how many places it got.
CREATE TABLE issuer_status_allocation (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    list     bigint NOT NULL CHECK (list BETWEEN 0 AND 4294967295),
    taken    bigint NOT NULL CHECK (taken >= 0),
    granted  bigint NOT NULL CHECK (granted >= 0)
);
INSERT INTO issuer_status_allocation (list, taken, granted) VALUES (0, 0, 0);

-- Lists whose status credentials are to be published again: a generation raised by
-- every change of standing on the list, in the same transaction as the change, and
-- cleared by publishing only if it is still the generation published.
CREATE TABLE issuer_status_pending (
    list        bigint PRIMARY KEY CHECK (list BETWEEN 0 AND 4294967295),
    generation  bigint NOT NULL CHECK (generation >= 1)
);
