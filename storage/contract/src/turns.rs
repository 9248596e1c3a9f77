//! The turn: one atomic write, exclusive per resident, and processed message ids recognised.

use std::sync::Arc;

use cekbae_bot::storage::{ErrorKind, OutboxWrite, SessionWrite, TurnCommit};
use cekbae_bot::Store;

use crate::support::{entry, found, handover, now, put, resident, session, stored_session};
use crate::Backend;

/// A commit that fails (it marks a message id processed by an earlier turn) writes none of the session, the
/// outbox entry, the statistics, the dialogue's records or the handovers it carried.
pub fn a_failed_commit_leaves_nothing(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("atomic");
    let tx = store.begin_turn(&user).unwrap();
    tx.commit(TurnCommit { message_id: Some("m1".into()), ..put(session(serde_json::json!("first"), 1)) }).unwrap();

    let tx = store.begin_turn(&user).unwrap();
    tx.records().put("contract", "R-1", now(), serde_json::json!({ "text": "keluhan" })).unwrap();
    tx.handovers().start(handover(&user, &[], "tolong")).unwrap();
    let conversation = tx.next_id(cekbae_bot::storage::Sequence::Conversation).unwrap();
    let stats = cekbae_bot::stats::ConversationStats {
        channel: "contract".into(),
        resident: "x".into(),
        started_at: now(),
        updated_at: now(),
        states: vec![],
        facts: Default::default(),
    };
    let failed = tx.commit(TurnCommit {
        session: SessionWrite::Put(Box::new(session(serde_json::json!("second"), 2))),
        message_id: Some("m1".into()),
        outbox: OutboxWrite::Queue(entry(&user, &["jawaban"])),
        stats: Some((conversation, stats)),
        now: now(),
    });
    let err = failed.expect_err("marking a processed id again must fail");
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");

    assert_eq!(stored_session(&*store, &user).unwrap().state, "first", "the session is unchanged");
    assert!(store.outbox().pending().unwrap().is_empty(), "no outbox entry");
    assert!(store.statistics().all().unwrap().is_empty(), "no statistics");
    assert!(store.records().all("contract").unwrap().is_empty(), "no record");
    assert!(store.handovers().all().unwrap().is_empty(), "no handover");
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.handovers().open().unwrap().is_none());
}

/// A turn dropped without a commit writes nothing, and its resident's next turn starts from what was stored.
pub fn a_dropped_turn_writes_nothing(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("dropped");
    {
        let tx = store.begin_turn(&user).unwrap();
        tx.records().put("contract", "R-1", now(), serde_json::json!(1)).unwrap();
        tx.handovers().start(handover(&user, &[], "tolong")).unwrap();
        assert!(tx.records().get("contract", "R-1").unwrap().is_some(), "a turn reads its own writes");
    }
    let tx = store.begin_turn(&user).unwrap();
    assert!(found(&*tx).is_none());
    assert!(tx.records().get("contract", "R-1").unwrap().is_none());
    assert!(tx.handovers().open().unwrap().is_none());
    assert!(!tx.is_seen("m1").unwrap());
}

/// Writes staged after a savepoint are forgotten by rolling back to it; earlier ones stay and commit.
pub fn a_savepoint_forgets_later_writes(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("savepoint");
    let tx = store.begin_turn(&user).unwrap();
    tx.records().put("contract", "before", now(), serde_json::json!(1)).unwrap();
    tx.savepoint();
    tx.records().put("contract", "after", now(), serde_json::json!(2)).unwrap();
    tx.rollback_to_savepoint();
    assert!(tx.records().get("contract", "after").unwrap().is_none());
    tx.commit(put(session(serde_json::json!("s"), 1))).unwrap();
    let keys: Vec<String> = store.records().all("contract").unwrap().into_iter().map(|it| it.key).collect();
    assert_eq!(keys, vec!["before"]);
}

/// Eight threads run 25 turns each as the same resident (and as one of their own), each turn reading the
/// session and writing it back one higher: no turn is lost to a race.
pub fn turns_of_one_resident_are_exclusive(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store: Arc<dyn Store> = fixture.store();
    let threads: Vec<_> = (0..8)
        .map(|n| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for _ in 0..25 {
                    for user in [resident("shared"), resident(&format!("own-{n}"))] {
                        let tx = store.begin_turn(&user).unwrap();
                        let turns = found(&*tx).map_or(0, |it| it.meta.turns);
                        tx.commit(put(session(serde_json::json!("counting"), turns + 1))).unwrap();
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(stored_session(&*store, &resident("shared")).unwrap().meta.turns, 200);
    assert_eq!(stored_session(&*store, &resident("own-3")).unwrap().meta.turns, 25);
}

/// A message id committed as processed is recognised by later turns of that channel (also after a restart),
/// and only of that channel.
pub fn a_processed_message_is_recognised(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let user = resident("dup");
    {
        let store = fixture.store();
        let tx = store.begin_turn(&user).unwrap();
        assert!(!tx.is_seen("wamid.1").unwrap());
        tx.commit(TurnCommit { message_id: Some("wamid.1".into()), ..TurnCommit::nothing(now()) }).unwrap();
    }
    fixture.reopen();
    let store = fixture.store();
    assert!(store.begin_turn(&user).unwrap().is_seen("wamid.1").unwrap());
    assert!(!store.begin_turn(&user).unwrap().is_seen("wamid.2").unwrap());
    let other_channel = cekbae_bot::UserKey::new("other", "dup");
    assert!(!store.begin_turn(&other_channel).unwrap().is_seen("wamid.1").unwrap());
}
