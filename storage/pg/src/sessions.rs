//! Session maintenance: listing residents, purging idle sessions, pruning processed message ids.

use chrono::{DateTime, Utc};

use cekbae_bot::session::SessionRecord;
use cekbae_bot::storage::{Sessions, StorageError};
use cekbae_bot::UserKey;

use crate::{codec, PgStore};

impl Sessions for PgStore {
    fn users(&self) -> Result<Vec<UserKey>, StorageError> {
        let rows = self.rows("SELECT channel, user_id FROM sessions ORDER BY channel, user_id", &[])?;
        Ok(rows.iter().map(|row| UserKey::new(row.get::<_, String>(0), row.get::<_, String>(1))).collect())
    }

    fn purge_idle(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let rows = self.rows("SELECT channel, user_id, sealed FROM sessions", &[])?;
        let mut removed = 0;
        for row in rows {
            let (channel, user_id, sealed): (String, String, Vec<u8>) = (row.get(0), row.get(1), row.get(2));
            let stale =
                codec::open::<SessionRecord>(self.sealer(), &sealed).is_none_or(|it| it.meta.updated_at < before);
            // Only the record as read: a turn that wrote meanwhile wins.
            if stale
                && self.execute(
                    "DELETE FROM sessions WHERE channel = $1 AND user_id = $2 AND sealed = $3",
                    &[&channel, &user_id, &sealed],
                )? == 1
            {
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn prune_seen(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let removed = self.execute("DELETE FROM seen WHERE at < $1", &[&before])?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }
}
