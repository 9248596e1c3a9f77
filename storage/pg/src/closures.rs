//! The office's closures (`closures`: day → JSON closure).

use chrono::NaiveDate;

use cekbae_bot::storage::{Closure, Closures, StorageError};

use crate::{codec, PgStore};

impl Closures for PgStore {
    fn add(&self, closure: &Closure) -> Result<bool, StorageError> {
        let added = self.execute(
            "INSERT INTO closures (day, body) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
            &[&closure.date, &codec::json(closure)?],
        )?;
        Ok(added == 1)
    }

    fn remove(&self, date: NaiveDate) -> Result<Option<Closure>, StorageError> {
        let rows = self.rows("DELETE FROM closures WHERE day = $1 RETURNING body", &[&date])?;
        rows.into_iter().next().map(|row| codec::from_json(row.get(0))).transpose()
    }

    fn get(&self, date: NaiveDate) -> Result<Option<Closure>, StorageError> {
        let rows = self.rows("SELECT body FROM closures WHERE day = $1", &[&date])?;
        rows.into_iter().next().map(|row| codec::from_json(row.get(0))).transpose()
    }

    fn list(&self) -> Result<Vec<Closure>, StorageError> {
        let rows = self.rows("SELECT body FROM closures ORDER BY day", &[])?;
        rows.into_iter().map(|row| codec::from_json(row.get(0))).collect()
    }
}
