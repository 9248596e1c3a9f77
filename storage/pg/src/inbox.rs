//! The inbox: sealed messages with the resident they came from and a sequence (their arrival order),
//! claimed like the outbox.

use std::time::Duration;

use cekbae_bot::storage::{Inbound, Inbox, StorageError};
use cekbae_bot::UserKey;

use crate::instance::UNCLAIMED;
use crate::sql::{self, db_id};
use crate::{codec, PgStore};

/// How long the accepting instance holds a message it runs next.
const ACCEPT_LEASE: f64 = 30.0;

impl Inbox for PgStore {
    /// Taken under the resident's lock (the turn's): ids are drawn and committed in the order the resident's
    /// messages arrive on any instance, so a message seen waiting has every earlier one visible too.
    fn accept(&self, item: &Inbound) -> Result<u64, StorageError> {
        let user = item.user();
        let sealed = codec::seal(self.sealer(), item)?;
        let tx = crate::turn::PgTurn::begin(self, user)?;
        let rows = tx.rows(
            "INSERT INTO inbox (id, channel, user_id, sealed, claimed_by, lease_until)
             VALUES (nextval('inbox_ids'), $1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING id",
            &[&user.channel, &user.id, &sealed, &self.pid(), &ACCEPT_LEASE],
        )?;
        let id = rows.first().map_or(0, |row| sql::id(row, "id"));
        tx.finish()?;
        Ok(id)
    }

    fn waiting_before(&self, user: &UserKey, id: u64) -> Result<Vec<(u64, Inbound)>, StorageError> {
        let rows = self.rows(
            "SELECT id, sealed FROM inbox WHERE channel = $1 AND user_id = $2 AND id < $3 ORDER BY id",
            &[&user.channel, &user.id, &db_id(id)],
        )?;
        Ok(rows
            .iter()
            .filter_map(|row| Some((sql::id(row, "id"), codec::open(self.sealer(), &row.get::<_, Vec<u8>>("sealed"))?)))
            .collect())
    }

    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, Inbound)>, StorageError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.rows(
            &format!(
                "UPDATE inbox SET claimed_by = $1, lease_until = now() + make_interval(secs => $2)
                 WHERE id IN (SELECT id FROM inbox WHERE {UNCLAIMED} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                 RETURNING id, sealed"
            ),
            &[&self.pid(), &sql::seconds(lease), &limit],
        )?;
        let mut res = Vec::new();
        for row in rows {
            let id = sql::id(&row, "id");
            match codec::open(self.sealer(), &row.get::<_, Vec<u8>>("sealed")) {
                Some(item) => res.push((id, item)),
                None => {
                    tracing::warn!(inbox_id = id, "unreadable inbox entry dropped");
                    self.complete(id)?;
                }
            }
        }
        res.sort_by_key(|it| it.0);
        Ok(res)
    }

    fn backlog(&self) -> Result<usize, StorageError> {
        let rows = self.rows("SELECT count(*) FROM inbox", &[])?;
        Ok(rows.first().map_or(0, |row| usize::try_from(row.get::<_, i64>(0)).unwrap_or(0)))
    }

    fn complete(&self, id: u64) -> Result<(), StorageError> {
        self.execute("DELETE FROM inbox WHERE id = $1", &[&db_id(id)])?;
        Ok(())
    }
}
