//! Handovers to a person: a resident asks for a petugas (or accepts the offer
//! after failing a step), the conversation is queued with what the bot knows,
//! and the bot stays quiet in it until the petugas closes it or it goes idle.
//!
//! Stored in sled: `handovers` (id → [`Handover`]) and `handover_open`
//! (user key → id of the open one, at most one per resident).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::message::UserKey;
use crate::store::StoreError;

/// Who wrote a line of a handover conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The resident.
    Resident,
    /// A petugas.
    Petugas,
}

/// One line of a handover conversation (personal numbers masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverLine {
    /// When it was written.
    pub at: DateTime<Utc>,
    /// Who wrote it.
    pub from: Party,
    /// What was written.
    pub text: String,
}

/// Why a handover ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closed {
    /// A petugas closed it.
    Petugas,
    /// The resident went back to the bot (`menu`, `batal`).
    Resident,
    /// Nobody wrote for the idle limit.
    Idle,
}

/// A resident waiting for, or talking with, a petugas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// Short number petugas use (`cekbae handover reply 12 ...`).
    pub id: u64,
    /// The resident.
    pub user: UserKey,
    /// When the resident asked.
    pub opened_at: DateTime<Utc>,
    /// `asked` (the resident wrote petugas/admin) or `offered` (after failing a step).
    pub reason: String,
    /// Whether it was opened during service hours.
    pub during_hours: bool,
    /// What the bot already knows, as (slot, value), personal data masked.
    pub summary: Vec<(String, String)>,
    /// The conversation, oldest first: the resident's last messages before the handover, then everything after.
    pub lines: Vec<HandoverLine>,
    /// The first petugas reply.
    pub first_reply_at: Option<DateTime<Utc>>,
    /// The last petugas reply, or the opening: the idle limit counts from here.
    pub last_activity_at: DateTime<Utc>,
    /// When and why it ended.
    pub closed: Option<(DateTime<Utc>, Closed)>,
}

impl Handover {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// Minutes from the request to the first petugas reply.
    pub fn minutes_to_first_reply(&self) -> Option<f64> {
        self.first_reply_at.map(|at| (at - self.opened_at).num_seconds() as f64 / 60.0)
    }
}

/// The handover trees.
#[derive(Debug, Clone)]
pub struct HandoverStore {
    db: sled::Db,
    handovers: sled::Tree,
    open: sled::Tree,
}

impl HandoverStore {
    /// Opens the trees in the bot's database.
    pub fn open(db: &sled::Db) -> Result<Self, StoreError> {
        Ok(Self { db: db.clone(), handovers: db.open_tree("handovers")?, open: db.open_tree("handover_open")? })
    }

    /// Opens a handover for `user` (or returns the one already open).
    pub fn start(&self, mut new: Handover) -> Result<Handover, StoreError> {
        if let Some(open) = self.open_for(&new.user)? {
            return Ok(open);
        }
        // Small sequential ids are easy to type; sled ids only grow.
        new.id = self.db.generate_id()? + 1;
        self.put(&new)?;
        self.open.insert(new.user.storage_key(), &new.id.to_be_bytes())?;
        Ok(new)
    }

    /// The open handover of a resident, if any.
    pub fn open_for(&self, user: &UserKey) -> Result<Option<Handover>, StoreError> {
        let Some(id) = self.open.get(user.storage_key())? else { return Ok(None) };
        let id = <[u8; 8]>::try_from(id.as_ref()).map(u64::from_be_bytes).unwrap_or_default();
        Ok(self.get(id)?.filter(Handover::is_open))
    }

    /// A handover by id.
    pub fn get(&self, id: u64) -> Result<Option<Handover>, StoreError> {
        Ok(self.handovers.get(id.to_be_bytes())?.and_then(|it| serde_json::from_slice(&it).ok()))
    }

    /// Adds a line; a petugas line counts as activity (and as the first reply, if it is).
    pub fn add_line(&self, id: u64, line: HandoverLine) -> Result<Option<Handover>, StoreError> {
        let Some(mut handover) = self.get(id)? else { return Ok(None) };
        if line.from == Party::Petugas {
            handover.first_reply_at.get_or_insert(line.at);
            handover.last_activity_at = line.at;
        }
        handover.lines.push(line);
        self.put(&handover)?;
        Ok(Some(handover))
    }

    /// Ends a handover; the bot answers the resident again.
    pub fn close(&self, id: u64, why: Closed, now: DateTime<Utc>) -> Result<Option<Handover>, StoreError> {
        let Some(mut handover) = self.get(id)? else { return Ok(None) };
        if handover.closed.is_none() {
            handover.closed = Some((now, why));
            self.put(&handover)?;
        }
        self.open.remove(handover.user.storage_key())?;
        Ok(Some(handover))
    }

    /// Every handover, oldest first.
    pub fn all(&self) -> Result<Vec<Handover>, StoreError> {
        let mut res = Vec::new();
        for item in self.handovers.iter() {
            let (_, value) = item?;
            if let Ok(handover) = serde_json::from_slice(&value) {
                res.push(handover);
            }
        }
        Ok(res)
    }

    /// Deletes every handover of a resident (their request to delete their data).
    pub fn forget_user(&self, user: &UserKey) -> Result<usize, StoreError> {
        let mut removed = 0;
        for handover in self.all()? {
            if &handover.user == user {
                self.handovers.remove(handover.id.to_be_bytes())?;
                removed += 1;
            }
        }
        self.open.remove(user.storage_key())?;
        Ok(removed)
    }

    /// Empties the conversation text of closed handovers opened before `before`
    /// (the counts and times stay for reports). Returns how many.
    pub fn forget_lines_before(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let mut cleared = 0;
        for mut handover in self.all()? {
            if handover.closed.is_some() && handover.opened_at < before && !handover.lines.is_empty() {
                handover.lines.clear();
                handover.summary.clear();
                self.put(&handover)?;
                cleared += 1;
            }
        }
        Ok(cleared)
    }

    fn put(&self, handover: &Handover) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(handover).unwrap_or_default();
        self.handovers.insert(handover.id.to_be_bytes(), bytes)?;
        Ok(())
    }
}
