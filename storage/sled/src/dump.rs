//! Everything the directory holds as plain data with its ids ([`Dump`]), for `cekbae store copy`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};

use cekbae_bot::session::SessionRecord;
use cekbae_bot::stats::ConversationStats;
use cekbae_bot::storage::{
    AuditEntry, BookingDay, Bookings, Closures, Dump, Handovers, Outbox, SeenId, StatusRecord, StorageError, Store,
};
use cekbae_bot::UserKey;

use crate::codec::{self, key_id};
use crate::envelope::Envelope;
use crate::error::SledResult;
use crate::{sequences, SledStore};

/// The name ending of the trees that hold a channel's delivery statuses.
const STATUSES: &str = "_statuses";

impl SledStore {
    /// Everything the directory holds. Built-in sequences are read by drawing their next value (a gap,
    /// never a repeat), so the dump names a value above every id handed out.
    pub fn dump(&self) -> Result<Dump, StorageError> {
        let trees = self.trees();
        let mut dump = Dump::default();
        for item in trees.sessions().iter() {
            let (key, bytes) = item.storage()?;
            let text = String::from_utf8_lossy(&key).into_owned();
            let stored = Envelope::decode(&bytes);
            let (Some((channel, id)), Some(record)) =
                (text.split_once(':'), codec::open::<SessionRecord>(self.sealer(), &stored.session))
            else {
                continue;
            };
            // The last message's processed mark is kept in the record (`envelope`).
            if let (Some(message_id), Some(at)) = (stored.last_message, DateTime::from_timestamp(stored.last_at, 0)) {
                dump.seen.push(SeenId { channel: channel.to_owned(), message_id, at });
            }
            dump.sessions.push((UserKey::new(channel, id), record));
        }
        for item in trees.seen().iter() {
            let (key, value) = item.storage()?;
            let text = String::from_utf8_lossy(&key).into_owned();
            let at = <[u8; 8]>::try_from(value.as_ref()).map(i64::from_be_bytes).unwrap_or(0);
            if let (Some((channel, message_id)), Some(at)) = (text.split_once(':'), DateTime::from_timestamp(at, 0)) {
                dump.seen.push(SeenId { channel: channel.to_owned(), message_id: message_id.to_owned(), at });
            }
        }
        dump.bookings = Bookings::all(self)?;
        let mut days: BTreeMap<NaiveDate, BookingDay> = BTreeMap::new();
        for (tree, is_count) in [(&trees.booking_day_counts, true), (&trees.booking_day_sequence, false)] {
            for item in tree.iter() {
                let (key, value) = item.storage()?;
                let Ok(date) = NaiveDate::parse_from_str(&String::from_utf8_lossy(&key), "%Y-%m-%d") else { continue };
                let value = <[u8; 4]>::try_from(value.as_ref()).map_or(0, u32::from_be_bytes);
                let day = days.entry(date).or_insert(BookingDay { date, taken: 0, last_number: 0 });
                if is_count {
                    day.taken = value;
                } else {
                    day.last_number = value;
                }
            }
        }
        dump.booking_days = days.into_values().collect();
        for item in trees.survey_responses.iter() {
            let (key, value) = item.storage()?;
            if let (Some(id), Some(response)) = (key_id(&key), crate::surveys::decode(&value)) {
                dump.surveys.push((id, response));
            }
        }
        for item in trees.conversations().iter() {
            let (key, value) = item.storage()?;
            if let (Some(id), Ok(stats)) = (key_id(&key), serde_json::from_slice::<ConversationStats>(&value)) {
                dump.conversations.push((id, stats));
            }
        }
        dump.handovers = Handovers::all(self)?;
        for item in trees.audit_log.iter() {
            let (key, value) = item.storage()?;
            if let (Some(id), Ok(entry)) = (key_id(&key), serde_json::from_slice::<AuditEntry>(&value)) {
                dump.audit.push((id, entry));
            }
        }
        dump.accounts = Store::accounts(self).list()?;
        dump.outbox = Outbox::pending(self)?;
        for item in trees.inbox.iter() {
            let (key, value) = item.storage()?;
            if let (Some(id), Some(message)) = (key_id(&key), codec::open(self.sealer(), &value)) {
                dump.inbox.push((id, message));
            }
        }
        for item in trees.records.iter() {
            let (key, value) = item.storage()?;
            dump.records.extend(crate::records::decode(self.sealer(), &key, &value));
        }
        dump.closures = Closures::list(self)?;
        for name in self.inner.db.tree_names() {
            let name = String::from_utf8_lossy(&name).into_owned();
            let Some(channel) = name.strip_suffix(STATUSES) else { continue };
            for item in self.inner.db.open_tree(&name).storage()?.iter() {
                let (key, value) = item.storage()?;
                if let Ok(status) = serde_json::from_slice::<StatusRecord>(&value) {
                    dump.statuses.push((channel.to_owned(), String::from_utf8_lossy(&key).into_owned(), status));
                }
            }
        }
        dump.pending_files = self.all_pending_files()?;
        dump.files = self.stored_files()?;
        for item in trees.sequences.iter() {
            let (key, value) = item.storage()?;
            let name = String::from_utf8_lossy(&key).into_owned();
            if let (Some(dialogue), Some(value)) = (name.strip_prefix(sequences::DIALOGUE), key_id(&value)) {
                dump.dialogue_sequences.push((dialogue.to_owned(), value));
            }
        }
        for name in sequences::BUILT_IN {
            dump.sequences.push(((*name).to_owned(), self.next_in(name)?));
        }
        Ok(dump)
    }
}
