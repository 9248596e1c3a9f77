//! Handovers (`handovers`: id, resident, whether open, when opened, the sealed handover).

use chrono::{DateTime, Utc};

use cekbae_bot::handover::{Closed, Handover, HandoverLine};
use cekbae_bot::storage::{Handovers, StorageError, TurnHandovers};
use tokio_postgres::Row;

use crate::sql::db_id;
use crate::turn::PgTurn;
use crate::{codec, PgStore};

impl PgTurn<'_> {
    /// One of the resident's handovers, inside the turn.
    fn own_handover(&self, id: u64) -> Result<Option<Handover>, StorageError> {
        let user = cekbae_bot::TurnTx::user(self);
        let rows = self.rows(
            "SELECT sealed FROM handovers WHERE id = $1 AND channel = $2 AND user_id = $3",
            &[&db_id(id), &user.channel, &user.id],
        )?;
        Ok(rows.first().and_then(|row| codec::open(self.store.sealer(), &row.get::<_, Vec<u8>>(0))))
    }

    fn put_handover(&self, handover: &Handover) -> Result<(), StorageError> {
        let sealed = codec::seal(self.store.sealer(), handover)?;
        self.execute(
            "INSERT INTO handovers (id, channel, user_id, open, opened_at, sealed) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET open = excluded.open, sealed = excluded.sealed",
            &[
                &db_id(handover.id),
                &handover.user.channel,
                &handover.user.id,
                &handover.is_open(),
                &handover.opened_at,
                &sealed,
            ],
        )?;
        Ok(())
    }
}

impl TurnHandovers for PgTurn<'_> {
    fn open(&self) -> Result<Option<Handover>, StorageError> {
        let user = cekbae_bot::TurnTx::user(self);
        let rows = self.rows(
            "SELECT sealed FROM handovers WHERE channel = $1 AND user_id = $2 AND open ORDER BY id DESC LIMIT 1",
            &[&user.channel, &user.id],
        )?;
        Ok(rows.first().and_then(|row| codec::open(self.store.sealer(), &row.get::<_, Vec<u8>>(0))))
    }

    fn start(&self, mut new: Handover) -> Result<Handover, StorageError> {
        if let Some(open) = self.open()? {
            return Ok(open);
        }
        new.id = self.nextval("handover_ids")?;
        new.user = cekbae_bot::TurnTx::user(self).clone();
        self.put_handover(&new)?;
        Ok(new)
    }

    fn add_line(&self, id: u64, line: HandoverLine) -> Result<Option<Handover>, StorageError> {
        let Some(mut handover) = self.own_handover(id)? else { return Ok(None) };
        handover.push_line(line);
        self.put_handover(&handover)?;
        Ok(Some(handover))
    }

    fn close(&self, id: u64, why: Closed, now: DateTime<Utc>) -> Result<Option<Handover>, StorageError> {
        let Some(mut handover) = self.own_handover(id)? else { return Ok(None) };
        if handover.close(now, why) {
            self.put_handover(&handover)?;
        }
        Ok(Some(handover))
    }

    fn forget_all(&self) -> Result<usize, StorageError> {
        let user = cekbae_bot::TurnTx::user(self);
        let removed =
            self.execute("DELETE FROM handovers WHERE channel = $1 AND user_id = $2", &[&user.channel, &user.id])?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }
}

impl PgStore {
    fn handovers_of(&self, rows: &[Row]) -> Vec<Handover> {
        rows.iter().filter_map(|row| codec::open(self.sealer(), &row.get::<_, Vec<u8>>("sealed"))).collect()
    }
}

impl Handovers for PgStore {
    fn get(&self, id: u64) -> Result<Option<Handover>, StorageError> {
        let rows = self.rows("SELECT sealed FROM handovers WHERE id = $1", &[&db_id(id)])?;
        Ok(self.handovers_of(&rows).pop())
    }

    fn all(&self) -> Result<Vec<Handover>, StorageError> {
        let rows = self.rows("SELECT sealed FROM handovers ORDER BY id", &[])?;
        Ok(self.handovers_of(&rows))
    }

    fn forget_lines_before(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let rows =
            self.rows("SELECT id, sealed FROM handovers WHERE NOT open AND opened_at < $1 ORDER BY id", &[&before])?;
        let mut cleared = 0;
        for row in rows {
            let (id, sealed): (i64, Vec<u8>) = (row.get(0), row.get(1));
            let Some(mut handover) = codec::open::<Handover>(self.sealer(), &sealed) else { continue };
            if handover.lines.is_empty() {
                continue;
            }
            handover.lines.clear();
            handover.summary.clear();
            let new = codec::seal(self.sealer(), &handover)?;
            // Only the handover as read: a desk reply racing the purge is not lost; it is cleared next time.
            if self.execute("UPDATE handovers SET sealed = $3 WHERE id = $1 AND sealed = $2", &[&id, &sealed, &new])?
                == 1
            {
                cleared += 1;
            }
        }
        Ok(cleared)
    }
}
