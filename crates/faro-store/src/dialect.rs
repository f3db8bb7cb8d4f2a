//! One place for the SQL dialects: a query is written once and compiled for both drivers.
//!
//! sqlx gives SQLite and PostgreSQL different pool and transaction types, so a query written
//! once must be expanded once per type: [`with_pool!`] runs an expression against whichever
//! pool the store holds, [`in_transaction!`] runs a block in one write transaction. Both
//! databases accept `$1` placeholders, so the SQL text itself is shared.
//!
//! What really differs is named here, in [`Dialect`], so that it stands out: how a writer
//! locks (SQLite takes the database's write lock at `BEGIN IMMEDIATE`, PostgreSQL locks the
//! rows it reads with `FOR UPDATE`), and the id column (`$ID_PK$` in the migrations, see
//! `migrate.rs`). The bulk paths of an import (rusqlite, COPY) are the one place with two
//! bodies, because their speed comes from each driver's own bulk interface.

/// The database a statement runs on, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// How a transaction that will write begins. SQLite takes the write lock up front, so two
    /// writers queue instead of failing when a reader upgrades; PostgreSQL locks rows as it
    /// reads them ([`Dialect::for_update`]).
    pub(crate) fn begin(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    /// The statement that stops every audit chain from growing until the transaction ends
    /// (key rotation re-signs them all); SQLite's writer lock already does.
    pub(crate) fn lock_audit_chains(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("LOCK TABLE audit_heads IN EXCLUSIVE MODE"),
        }
    }

    /// The statement that makes this transaction's commit wait until it is on disk whatever
    /// the server's setting (a receipt must never outlive its report); SQLite's connections are
    /// opened with `synchronous=FULL` already.
    pub(crate) fn durable_commit(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("SET LOCAL synchronous_commit = on"),
        }
    }

    /// The clause that keeps the rows a `SELECT` read locked until the transaction ends
    /// (empty on SQLite, where the whole database is already locked by [`Dialect::begin`]).
    pub(crate) fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
}

impl Dialect {
    /// The clause that makes a queue's `SELECT … LIMIT 1` skip rows another transaction is
    /// claiming, so that processes never wait on each other (SQLite has one writer at a time).
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }
}

/// Evaluates `$body` with `$pool` bound to the store's pool, whichever database it is.
///
/// ```ignore
/// let n: i64 = with_pool!(self, |p| sqlx::query_scalar(sql).fetch_one(p).await?);
/// ```
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` in one write transaction, `$tx` the transaction and `$dialect` its
/// [`Dialect`]; commits when the block ends, rolls back when `?` leaves it early. The block's
/// value is the macro's.
///
/// A change and its audit entry are written together this way: the block makes the change
/// and calls `Store::append_audit(&mut tx, dialect, …)` before it ends.
macro_rules! in_transaction {
    ($store:expr, |$tx:ident, $dialect:ident| $body:block) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                in_transaction!(@run pool, $crate::dialect::Dialect::Sqlite, $tx, $dialect, $body)
            }
            $crate::Pool::Postgres(pool) => {
                in_transaction!(@run pool, $crate::dialect::Dialect::Postgres, $tx, $dialect, $body)
            }
        }
    };
    (@run $pool:ident, $which:expr, $tx:ident, $dialect:ident, $body:block) => {{
        let $dialect = $which;
        let mut $tx = $pool.begin_with($dialect.begin()).await?;
        let value = $body;
        $tx.commit().await?;
        value
    }};
}
