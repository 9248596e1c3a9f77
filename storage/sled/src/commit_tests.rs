//! A plain turn commits with one insert of the resident's record; what it writes before that record is
//! decided by the record, also across a crash between the two (`envelope`).

use chrono::{DateTime, Utc};

use cekbae_bot::session::{SessionMeta, SessionRecord, SESSION_SCHEMA};
use cekbae_bot::storage::{ErrorKind, OutboxEntry, OutboxWrite, SessionWrite, Store, TurnCommit};
use cekbae_bot::{Outgoing, UserKey};

use crate::codec::{self, id_key};
use crate::envelope::Envelope;
use crate::SledStore;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T08:00:00+07:00").unwrap().with_timezone(&Utc)
}

fn entry(user: &UserKey, text: &str) -> OutboxEntry {
    OutboxEntry { user: user.clone(), message_id: None, replies: vec![Outgoing::plain(text)], at: now() }
}

/// A plain turn of `user` answering `message_id` with `reply` queued; returns the outbox id.
fn turn(store: &SledStore, user: &UserKey, message_id: &str, reply: &str, at: DateTime<Utc>) -> u64 {
    let tx = store.begin_turn(user).unwrap();
    let record = SessionRecord {
        schema: SESSION_SCHEMA,
        dialogue_version: 1,
        state: serde_json::json!(message_id),
        history: Vec::new(),
        options: Vec::new(),
        meta: SessionMeta::fresh("id", at),
    };
    tx.commit(TurnCommit {
        session: SessionWrite::Put(Box::new(record)),
        message_id: Some(message_id.into()),
        outbox: OutboxWrite::Queue(entry(user, reply)),
        stats: None,
        now: at,
    })
    .unwrap()
    .expect("an outbox id")
}

fn pending_texts(store: &SledStore) -> Vec<String> {
    store.outbox().pending().unwrap().into_iter().map(|(_, entry)| entry.replies[0].text.clone()).collect()
}

#[test]
fn a_plain_turn_writes_its_record_with_the_processed_mark_and_its_reply_unconfirmed() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let user = UserKey::new("whatsapp", "6281");
    let id = turn(&store, &user, "wamid.1", "halo", now());
    let stored = store.trees().sessions().get(user.storage_key()).unwrap().unwrap();
    let record = Envelope::decode(&stored);
    assert_eq!((record.last_message.as_deref(), record.outbox), (Some("wamid.1"), Some(id)));
    let reply = store.trees().outbox().get(id_key(id)).unwrap().unwrap();
    assert!(reply.starts_with(codec::UNCONFIRMED), "confirmed by the record, not by itself");
    assert!(store.trees().seen().iter().next().is_none(), "the mark is in the record");
    assert_eq!(pending_texts(&store), ["halo"], "an unconfirmed entry is delivered like any other");
    // The same message again is refused, and nothing changes.
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.is_seen("wamid.1").unwrap());
    let again = tx.commit(TurnCommit { message_id: Some("wamid.1".into()), ..TurnCommit::nothing(now()) });
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Conflict);
}

#[test]
fn the_next_turn_moves_the_mark_to_the_seen_part_and_confirms_a_reply_still_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let user = UserKey::new("whatsapp", "6281");
    let first = turn(&store, &user, "wamid.1", "satu", now());
    // Not delivered yet (the channel is down) when the resident writes again, days later.
    let second = turn(&store, &user, "wamid.2", "dua", now() + chrono::Duration::days(8));
    let first_entry = store.trees().outbox().get(id_key(first)).unwrap().unwrap();
    assert!(first_entry.starts_with(codec::SEALED), "confirmed before its record was replaced");
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.is_seen("wamid.1").unwrap() && tx.is_seen("wamid.2").unwrap());
    drop(tx);
    assert_eq!(store.trees().seen().iter().count(), 1, "wamid.1 in the seen part, wamid.2 in the record");
    // After a restart both replies are still owed, in order.
    drop(store);
    let store = SledStore::open(dir.path()).unwrap();
    let ids: Vec<u64> = store.outbox().pending().unwrap().into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [first, second]);
    assert_eq!(pending_texts(&store), ["satu", "dua"]);
    // The moved mark keeps the time its message was processed, so pruning forgets it on time.
    use cekbae_bot::storage::Sessions;
    assert_eq!(store.prune_seen(now() + chrono::Duration::days(1)).unwrap(), 1);
    let tx = store.begin_turn(&user).unwrap();
    assert!(!tx.is_seen("wamid.1").unwrap() && tx.is_seen("wamid.2").unwrap());
}

#[test]
fn replies_written_before_a_record_that_never_came_are_dropped_at_open_and_the_message_is_processed_again() {
    let dir = tempfile::tempdir().unwrap();
    let user = UserKey::new("whatsapp", "6281");
    let (kept, orphan) = {
        let store = SledStore::open(dir.path()).unwrap();
        let kept = turn(&store, &user, "wamid.1", "satu", now());
        // A turn that died between its reply and its record: the reply is there, unconfirmed, and the record
        // still names the turn before.
        let orphan = kept + 1;
        let sealed = codec::seal(store.sealer(), &entry(&user, "dua")).unwrap();
        let unconfirmed = [codec::UNCONFIRMED, &sealed[codec::SEALED.len()..]].concat();
        store.trees().outbox().insert(id_key(orphan), unconfirmed).unwrap();
        store.flush().unwrap();
        (kept, orphan)
    };
    let store = SledStore::open(dir.path()).unwrap();
    let ids: Vec<u64> = store.outbox().pending().unwrap().into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [kept], "the orphan {orphan} is gone, the committed reply stays");
    let confirmed = store.trees().outbox().get(id_key(kept)).unwrap().unwrap();
    assert!(confirmed.starts_with(codec::SEALED), "confirmed once decided");
    let tx = store.begin_turn(&user).unwrap();
    assert!(!tx.is_seen("wamid.2").unwrap(), "the message of the turn that died is answered when it comes again");
    drop(tx);
    turn(&store, &user, "wamid.2", "dua", now());
    assert_eq!(pending_texts(&store), ["satu", "dua"]);
}

#[test]
fn purging_an_idle_record_keeps_its_reply_and_its_processed_mark() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let user = UserKey::new("whatsapp", "6281");
    let id = turn(&store, &user, "wamid.1", "satu", now());
    use cekbae_bot::storage::Sessions;
    assert_eq!(store.purge_idle(now() + chrono::Duration::days(30)).unwrap(), 1);
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.is_seen("wamid.1").unwrap(), "marked in the seen part, as old as the session");
    drop(tx);
    drop(store);
    let store = SledStore::open(dir.path()).unwrap();
    assert_eq!(store.outbox().pending().unwrap()[0].0, id, "owed still, though its record is gone");
    assert_eq!(store.prune_seen(now() + chrono::Duration::days(1)).unwrap(), 1);
}
