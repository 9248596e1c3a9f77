//! Delivery statuses (`statuses`: channel, message id → status, time, JSON record). A status only replaces
//! one of lower rank; the rank is the channel's, so the comparison is made here and the write only succeeds
//! against the row as read (tried again when another instance wrote meanwhile).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use cekbae_bot::storage::{ChannelStatuses, StatusRecord, StorageError};

use crate::{codec, PgStore};

impl ChannelStatuses for PgStore {
    fn record(
        &self,
        channel: &str,
        message_id: &str,
        new: &StatusRecord,
        rank: fn(&str) -> u8,
    ) -> Result<bool, StorageError> {
        let body = codec::json(new)?;
        loop {
            let rows = self.rows(
                "SELECT status, at FROM statuses WHERE channel = $1 AND message_id = $2",
                &[&channel, &message_id],
            )?;
            let written = match rows.first() {
                None => self.execute(
                    "INSERT INTO statuses (channel, message_id, status, at, body) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT DO NOTHING",
                    &[&channel, &message_id, &new.status, &new.at, &body],
                )?,
                Some(row) => {
                    let (status, at): (String, DateTime<Utc>) = (row.get(0), row.get(1));
                    if rank(&status) >= rank(&new.status) {
                        return Ok(false);
                    }
                    self.execute(
                        "UPDATE statuses SET status = $3, at = $4, body = $5
                         WHERE channel = $1 AND message_id = $2 AND status = $6 AND at = $7",
                        &[&channel, &message_id, &new.status, &new.at, &body, &status, &at],
                    )?
                }
            };
            if written == 1 {
                return Ok(true);
            }
        }
    }

    fn get(&self, channel: &str, message_id: &str) -> Result<Option<StatusRecord>, StorageError> {
        let rows =
            self.rows("SELECT body FROM statuses WHERE channel = $1 AND message_id = $2", &[&channel, &message_id])?;
        Ok(rows.into_iter().next().and_then(|row| codec::from_json(row.get(0)).ok()))
    }

    fn prune_before(&self, channel: &str, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let pruned = self.execute("DELETE FROM statuses WHERE channel = $1 AND at < $2", &[&channel, &before])?;
        Ok(usize::try_from(pruned).unwrap_or(usize::MAX))
    }

    fn counts(&self, channel: &str) -> Result<BTreeMap<String, usize>, StorageError> {
        let rows =
            self.rows("SELECT status, count(*) FROM statuses WHERE channel = $1 GROUP BY status", &[&channel])?;
        Ok(rows
            .iter()
            .map(|row| (row.get::<_, String>(0), usize::try_from(row.get::<_, i64>(1)).unwrap_or(0)))
            .collect())
    }
}
