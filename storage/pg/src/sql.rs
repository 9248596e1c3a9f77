//! Running statements on a pooled connection (prepared once per connection) and reading columns back.

use cekbae_bot::storage::StorageError;
use deadpool_postgres::Object;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use crate::db::Db;
use crate::error::PgResult;

/// Statement parameters.
pub(crate) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The rows of `sql`.
pub(crate) fn rows(db: &Db, client: &Object, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StorageError> {
    db.run(async {
        let statement = client.prepare_cached(sql).await?;
        client.query(&statement, params).await
    })
    .storage()
}

/// How many rows `sql` changed.
pub(crate) fn execute(db: &Db, client: &Object, sql: &str, params: Params<'_>) -> Result<u64, StorageError> {
    db.run(async {
        let statement = client.prepare_cached(sql).await?;
        client.execute(&statement, params).await
    })
    .storage()
}

/// A database id as the seam's.
pub(crate) fn id(row: &Row, column: &str) -> u64 {
    u64::try_from(row.get::<_, i64>(column)).unwrap_or(0)
}

/// The seam's id as a database one (ids stay far below `i64::MAX`).
pub(crate) fn db_id(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

/// Lease lengths as seconds, for `make_interval`.
pub(crate) fn seconds(lease: std::time::Duration) -> f64 {
    lease.as_secs_f64()
}
