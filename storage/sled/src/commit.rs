//! How a turn's staged writes reach sled, atomically: a plain turn (its writes all in the turn tree, the session
//! written) with one plain insert of the resident's record (`envelope`), others as one batch on the turn tree
//! or one transaction over the trees they touch. A batch or a transaction costs three to four plain inserts in
//! sled, which is why the plain turn avoids them (BENCHMARKS.md, benchmark 1).

use chrono::{DateTime, Utc};
use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

use cekbae_bot::storage::{ErrorKind, StorageError};

use crate::codec::{self, id_key};
use crate::envelope::{self, Envelope};
use crate::error::{from_transaction, SledResult};
use crate::trees::TreeId;
use crate::turn::{seen_key, SledTurn, Writes};
use crate::SledStore;

impl SledTurn<'_> {
    /// Applies the staged writes atomically. A message id marked processed already aborts it (a conflict:
    /// nothing is written). `outbox_id`: the entry this turn queued, if any.
    pub(crate) fn apply(&self, now: DateTime<Utc>, outbox_id: Option<u64>) -> Result<(), StorageError> {
        let writes = self.staged.take();
        if writes.is_empty() {
            return Ok(());
        }
        let first_time = self.first_time.take();
        // A snapshot running now sees this commit whole, after it ends.
        let _commit = self.store.inner.commits.read().unwrap_or_else(|it| it.into_inner());
        let record = self.record()?;
        if let Some(id) = &first_time {
            if record.last_message.as_deref() == Some(id.as_str()) {
                return Err(StorageError::of_kind(ErrorKind::Conflict));
            }
        }
        let session_key = self.user.storage_key();
        if writes.contains_key(&(TreeId::Sessions, session_key.clone())) {
            self.store.keep_marks(&self.user.channel, &record)?;
        }
        let first_time = first_time.map(|id| (seen_key(&self.user.channel, &id), id));
        if let Some(plain) = PlainTurn::of(&writes, &session_key, first_time.as_ref(), outbox_id, now) {
            return self.apply_record(plain);
        }
        let first_time = first_time.map(|(key, _)| self.store.trees().seen().full_key(&key).into_owned());
        if writes.keys().all(|(tree, _)| tree.in_turn_tree()) {
            self.apply_batch(writes, first_time)
        } else {
            self.apply_transaction(writes, first_time)
        }
    }

    /// A plain turn: its reply first (unconfirmed), then the record, whose insert is the commit, then the
    /// statistics. Statistics written after the record may be one turn behind after a crash between the two,
    /// until the conversation's next turn writes them whole again; written before, a turn that never happened
    /// could count. Processed-id check: the resident's lock keeps every other turn of theirs out until this
    /// one ends, and only their turns carry their message ids.
    fn apply_record(&self, plain: PlainTurn) -> Result<(), StorageError> {
        let trees = self.store.trees();
        if let Some(key) = &plain.seen_key {
            if trees.seen().get(key).storage()?.is_some() {
                return Err(StorageError::of_kind(ErrorKind::Conflict));
            }
        }
        let reply = plain.reply.as_ref().map(|(id, _)| *id);
        if let Some((id, entry)) = plain.reply {
            trees.outbox().insert(id_key(id), unconfirmed(entry)).storage()?;
        }
        if let Err(err) = trees.sessions().insert(self.user.storage_key(), plain.record.encode()).storage() {
            // The turn did not happen: its reply must not be found by a resend scan before the next open.
            if let Some(id) = reply {
                if let Err(also) = trees.outbox().remove(id_key(id)).storage() {
                    tracing::error!(outbox_id = id, error = %also, "reply of a failed turn left for the next open");
                }
            }
            return Err(err);
        }
        for (key, stats) in plain.stats {
            trees.conversations().insert(key, stats).storage()?;
        }
        Ok(())
    }

    /// Writes that all go to the turn tree, as one batch (sled recovers a batch whole or not at all). The
    /// processed-id check needs no transaction: only this resident's turns carry their message ids, and the
    /// resident's lock keeps every other turn of theirs out until this one ends.
    fn apply_batch(&self, writes: Writes, first_time: Option<Vec<u8>>) -> Result<(), StorageError> {
        let trees = self.store.trees();
        if let Some(key) = first_time {
            if trees.turns.get(key).storage()?.is_some() {
                return Err(StorageError::of_kind(ErrorKind::Conflict));
            }
        }
        let mut batch = sled::Batch::default();
        for ((tree, key), value) in writes {
            let key = trees.get(tree).full_key(&key).into_owned();
            match value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        trees.turns.apply_batch(batch).storage()
    }

    /// Writes to several trees, in one transaction over them.
    fn apply_transaction(&self, writes: Writes, first_time: Option<Vec<u8>>) -> Result<(), StorageError> {
        let trees = self.store.trees();
        // (physical tree, full key) → value; the turn tree's parts share one tree.
        let mut touched: Vec<&sled::Tree> = Vec::new();
        let mut placed: Vec<(usize, Vec<u8>, Option<Vec<u8>>)> = Vec::with_capacity(writes.len());
        for ((tree, key), value) in writes {
            let section = trees.get(tree);
            let at = match touched.iter().position(|it| std::ptr::eq(*it, section.tree())) {
                Some(at) => at,
                None => {
                    touched.push(section.tree());
                    touched.len() - 1
                }
            };
            placed.push((at, section.full_key(&key).into_owned(), value));
        }
        let turn_tree = touched.iter().position(|it| std::ptr::eq(*it, &trees.turns));
        touched
            .as_slice()
            .transaction(|views| {
                if let (Some(key), Some(at)) = (&first_time, turn_tree) {
                    if views[at].get(key.as_slice())?.is_some() {
                        return Err(ConflictableTransactionError::Abort(()));
                    }
                }
                for (at, key, value) in &placed {
                    match value {
                        Some(value) => views[*at].insert(key.as_slice(), value.as_slice())?,
                        None => views[*at].remove(key.as_slice())?,
                    };
                }
                Ok::<(), ConflictableTransactionError<()>>(())
            })
            .map_err(from_transaction)
    }
}

impl SledStore {
    /// Before a resident's record is replaced or removed: its processed-message mark moves to the seen part
    /// (with the time its message was processed), and the outbox entry it names is confirmed in place
    /// (compare-and-swap: an entry delivered meanwhile stays gone). Both belong to a turn that committed, so
    /// they are written whether or not what replaces the record is.
    pub(crate) fn keep_marks(&self, channel: &str, record: &Envelope) -> Result<(), StorageError> {
        if let Some(id) = &record.last_message {
            self.trees().seen().insert(seen_key(channel, id), &record.last_at.to_be_bytes()).storage()?;
        }
        self.confirm_entry(record.outbox)
    }
}

/// A turn whose writes are those of most turns: its own session, its message's processed mark, the reply it
/// queued and its conversation's statistics. It commits with one insert of the resident's record.
struct PlainTurn {
    record: Envelope,
    seen_key: Option<Vec<u8>>,
    reply: Option<(u64, Vec<u8>)>,
    stats: Vec<(Vec<u8>, Vec<u8>)>,
}

impl PlainTurn {
    /// The turn as a plain one, when its staged `writes` are only those.
    fn of(
        writes: &Writes,
        session_key: &[u8],
        first_time: Option<&(Vec<u8>, String)>,
        outbox_id: Option<u64>,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        let mut plain = Self {
            record: Envelope {
                last_message: first_time.map(|(_, id)| id.clone()),
                last_at: now.timestamp(),
                outbox: outbox_id,
                session: Vec::new(),
            },
            seen_key: first_time.map(|(key, _)| key.clone()),
            reply: None,
            stats: Vec::new(),
        };
        if first_time.is_some_and(|(_, id)| !envelope::fits(id)) {
            return None;
        }
        let mut session = false;
        for ((tree, key), value) in writes {
            let value = value.as_ref()?;
            match tree {
                TreeId::Sessions if key == session_key => {
                    plain.record.session.clone_from(value);
                    session = true;
                }
                TreeId::Seen if plain.seen_key.as_ref() == Some(key) => {}
                TreeId::Outbox if outbox_id.is_some_and(|id| key[..] == id_key(id)) => {
                    plain.reply = outbox_id.map(|id| (id, value.clone()));
                }
                TreeId::Conversations => plain.stats.push((key.clone(), value.clone())),
                _ => return None,
            }
        }
        session.then_some(plain)
    }
}

/// A sealed entry as written by a plain turn: unconfirmed until its record names it (`envelope`).
fn unconfirmed(sealed: Vec<u8>) -> Vec<u8> {
    match sealed.strip_prefix(codec::SEALED) {
        Some(rest) => [codec::UNCONFIRMED, rest].concat(),
        None => sealed,
    }
}

#[cfg(test)]
#[path = "commit_tests.rs"]
mod tests;
