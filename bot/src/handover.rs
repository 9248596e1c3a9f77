//! Handovers to a person: a resident asks for a petugas (or accepts the offer
//! after failing a step), the conversation is queued with what the bot knows,
//! and the bot stays quiet in it until the petugas closes it or it goes idle.
//!
//! Stored through [`crate::storage::TurnHandovers`] (in the resident's turn) and
//! [`crate::storage::Handovers`] (for the desk).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::message::UserKey;

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

    /// Adds a line; a petugas's line is the first reply if none came before, and restarts the idle limit.
    pub fn push_line(&mut self, line: HandoverLine) {
        if line.from == Party::Petugas {
            self.first_reply_at.get_or_insert(line.at);
            self.last_activity_at = line.at;
        }
        self.lines.push(line);
    }

    /// Ends it at `now` for `why`; `false` (and nothing changed) when it had ended already.
    pub fn close(&mut self, now: DateTime<Utc>, why: Closed) -> bool {
        if self.closed.is_some() {
            return false;
        }
        self.closed = Some((now, why));
        true
    }

    /// Minutes from the request to the first petugas reply.
    pub fn minutes_to_first_reply(&self) -> Option<f64> {
        self.first_reply_at.map(|at| (at - self.opened_at).num_seconds() as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_460_800 + minute * 60, 0).unwrap()
    }

    fn line(minute: i64, from: Party) -> HandoverLine {
        HandoverLine { at: at(minute), from, text: "…".into() }
    }

    #[test]
    fn the_first_petugas_line_is_the_first_reply_and_each_restarts_the_idle_limit() {
        let mut handover = Handover {
            id: 1,
            user: UserKey::new("whatsapp", "62812"),
            opened_at: at(0),
            reason: "asked".into(),
            during_hours: true,
            summary: Vec::new(),
            lines: Vec::new(),
            first_reply_at: None,
            last_activity_at: at(0),
            closed: None,
        };
        handover.push_line(line(3, Party::Resident));
        assert_eq!(
            (handover.first_reply_at, handover.last_activity_at),
            (None, at(0)),
            "a resident's line is no reply"
        );
        handover.push_line(line(5, Party::Petugas));
        handover.push_line(line(9, Party::Petugas));
        assert_eq!((handover.first_reply_at, handover.last_activity_at), (Some(at(5)), at(9)));
        assert_eq!(handover.lines.len(), 3);
        assert_eq!(handover.minutes_to_first_reply(), Some(5.0));
        assert!(handover.close(at(10), Closed::Petugas));
        assert!(!handover.close(at(20), Closed::Idle), "ended once");
        assert_eq!(handover.closed, Some((at(10), Closed::Petugas)));
    }
}
