//! Versioned schema migrations, applied in order at open (and by `cekbae migrate`) under a lock, so several
//! instances starting at once migrate once. A database whose schema is newer than this binary knows is
//! refused: an older cekbae must not write into tables whose meaning changed.

use cekbae_bot::storage::{ErrorKind, StorageError};

use crate::error::PgResult;

/// Every migration, by version; a new one is appended, never edited.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, include_str!("../migrations/0002_accounts.sql")),
    (3, include_str!("../migrations/0003_files.sql")),
];

/// The advisory lock migrations hold (an arbitrary constant: "cekbae" in ASCII).
const MIGRATION_LOCK: i64 = 0x6365_6b62_6165;

/// The schema version this binary writes.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |it| it.0)
}

/// What a migration run found and left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    /// The schema version before.
    pub from: i32,
    /// The schema version now.
    pub to: i32,
}

/// Brings the schema to [`latest`] in one transaction (all applied, or none).
pub(crate) async fn migrate(client: &mut tokio_postgres::Client) -> Result<Migrated, StorageError> {
    let tx = client.transaction().await.storage()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.storage()?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .await
    .storage()?;
    let from: i32 =
        tx.query_one("SELECT coalesce(max(version), 0) FROM schema_migrations", &[]).await.storage()?.get(0);
    if from > latest() {
        return Err(StorageError::new(
            ErrorKind::SchemaTooNew,
            format!(
                "the database schema is version {from}, this cekbae knows versions up to {}: run a newer cekbae",
                latest()
            ),
        ));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|it| it.0 > from) {
        tx.batch_execute(sql).await.storage()?;
        tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version]).await.storage()?;
        tracing::info!(version, "database schema migrated");
    }
    tx.commit().await.storage()?;
    Ok(Migrated { from, to: from.max(latest()) })
}
