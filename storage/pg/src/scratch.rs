//! Scratch schemas for tests: each test gets a fresh schema in the test database
//! (`CEKBAE_TEST_DATABASE_URL`), reached through a URL whose `search_path` names it, dropped afterwards.

use cekbae_bot::storage::{StorageError, Vault};

use crate::db::Db;
use crate::error::PgResult;

/// The variable that names the test database.
pub const TEST_DATABASE_URL: &str = "CEKBAE_TEST_DATABASE_URL";

/// The test database's URL, or `None` (after saying on stderr that `what` was skipped).
pub fn test_database_url(what: &str) -> Option<String> {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            // Written to stderr directly: the test harness does not capture it, so a skip is always seen.
            let line = format!("SKIPPED (PostgreSQL): {what}: {TEST_DATABASE_URL} is not set\n");
            let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
            None
        }
    }
}

/// A fresh schema, dropped with everything in it when this is dropped.
pub struct ScratchSchema {
    db: Db,
    base_url: String,
    name: String,
}

impl std::fmt::Debug for ScratchSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScratchSchema").field("name", &self.name).finish_non_exhaustive()
    }
}

impl ScratchSchema {
    /// Creates `t_<random>` in the database at `base_url`.
    pub fn create(base_url: &str) -> Result<Self, StorageError> {
        let db = Db::new(base_url)?;
        let name: String =
            format!("t_{}", Vault::random_key().iter().take(8).map(|b| format!("{b:02x}")).collect::<String>());
        let client = db.dedicated()?;
        db.run(client.batch_execute(&format!("CREATE SCHEMA {name}"))).storage()?;
        Ok(Self { db, base_url: base_url.to_owned(), name })
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database URL whose connections use this schema.
    pub fn url(&self) -> String {
        let separator = if self.base_url.contains('?') { '&' } else { '?' };
        format!("{}{separator}options=-c%20search_path%3D{}", self.base_url, self.name)
    }

    /// The database URL without the schema (for tools such as `pg_dump`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A `pg_dump` of the schema's data, with every `bytea` value also decoded from its hex form, so a value
    /// stored unsealed in a binary column is found as well. Panics when `pg_dump` cannot run (a test helper).
    pub fn bytes_at_rest(&self) -> Vec<u8> {
        let out = std::process::Command::new("pg_dump")
            .args(["--data-only", "--schema", self.name(), "--dbname", self.base_url()])
            .output()
            .expect("pg_dump runs (Debian: postgresql-client)");
        assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
        let mut res = out.stdout.clone();
        res.extend(decode_hex_literals(&String::from_utf8_lossy(&out.stdout)));
        res
    }
}

/// The bytes of every `\x…` hex literal in a dump.
fn decode_hex_literals(dump: &str) -> Vec<u8> {
    let mut res = Vec::new();
    for part in dump.split("\\\\x").skip(1) {
        let hex: Vec<u8> = part.bytes().take_while(u8::is_ascii_hexdigit).collect();
        for pair in hex.chunks_exact(2) {
            let text = std::str::from_utf8(pair).unwrap_or("00");
            res.push(u8::from_str_radix(text, 16).unwrap_or(0));
        }
        res.push(b'\n');
    }
    res
}

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        let dropped = self.db.dedicated().and_then(|client| {
            self.db.run(client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))).storage()
        });
        if let Err(err) = dropped {
            eprintln!("scratch schema {} not dropped: {err}", self.name);
        }
    }
}
