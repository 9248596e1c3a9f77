//! What the checks share: residents, a fixed time, records and entries to write.

use chrono::{DateTime, Utc};

use cekbae_bot::handover::{Handover, HandoverLine, Party};
use cekbae_bot::session::{SessionMeta, SessionRecord, SESSION_SCHEMA};
use cekbae_bot::storage::{LoadedSession, OutboxEntry, OutboxWrite, SessionWrite, TurnCommit, TurnTx};
use cekbae_bot::{Outgoing, Store, UserKey};

/// A Monday morning in office hours.
pub(crate) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap().with_timezone(&Utc)
}

/// A resident of the contract's channel.
pub(crate) fn resident(id: &str) -> UserKey {
    UserKey::new("contract", id)
}

/// A session whose state is `state` and whose turn count is `turns`.
pub(crate) fn session(state: serde_json::Value, turns: u64) -> SessionRecord {
    SessionRecord {
        schema: SESSION_SCHEMA,
        dialogue_version: 1,
        state,
        history: Vec::new(),
        options: Vec::new(),
        meta: SessionMeta { turns, ..SessionMeta::fresh("id", now()) },
    }
}

/// One reply for `user`.
pub(crate) fn entry(user: &UserKey, texts: &[&str]) -> OutboxEntry {
    OutboxEntry {
        user: user.clone(),
        message_id: None,
        replies: texts.iter().map(|it| Outgoing::plain(*it)).collect(),
        at: now(),
    }
}

/// A commit that writes `record` as the session.
pub(crate) fn put(record: SessionRecord) -> TurnCommit {
    TurnCommit { session: SessionWrite::Put(Box::new(record)), ..TurnCommit::nothing(now()) }
}

/// A commit that queues `entry` for a later claim.
pub(crate) fn queue(entry: OutboxEntry) -> TurnCommit {
    TurnCommit { outbox: OutboxWrite::Queue(entry), ..TurnCommit::nothing(now()) }
}

/// The stored session of a turn, which must be a readable record.
pub(crate) fn found(tx: &dyn TurnTx) -> Option<SessionRecord> {
    match tx.session().unwrap() {
        LoadedSession::Found(record) => Some(*record),
        LoadedSession::Missing => None,
        LoadedSession::Unreadable => panic!("a session written by the store must read back"),
    }
}

/// The stored session of `user`, read in a turn of its own.
pub(crate) fn stored_session(store: &dyn Store, user: &UserKey) -> Option<SessionRecord> {
    let tx = store.begin_turn(user).unwrap();
    found(&*tx)
}

/// A handover of `user` opened now, with `summary` and one line of the resident saying `said`.
pub(crate) fn handover(user: &UserKey, summary: &[(&str, &str)], said: &str) -> Handover {
    Handover {
        id: 0,
        user: user.clone(),
        opened_at: now(),
        reason: "asked".into(),
        during_hours: true,
        summary: summary.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        lines: vec![HandoverLine { at: now(), from: Party::Resident, text: said.into() }],
        first_reply_at: None,
        last_activity_at: now(),
        closed: None,
    }
}
