//! Handovers, dialogue records, session maintenance and key material.

use chrono::Duration;

use cekbae_bot::handover::{Closed, HandoverLine, Party};
use cekbae_bot::storage::{SessionWrite, TurnCommit};

use crate::support::{found, handover, now, put, resident, session, stored_session};
use crate::Backend;

/// One open handover per resident with an id from the store; lines, a petugas reply, closing; another
/// resident cannot touch it; deleting a resident's handovers; the desk's purge of old conversations.
pub fn handovers_in_turns(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (a, b) = (resident("ho-a"), resident("ho-b"));
    let tx = store.begin_turn(&a).unwrap();
    let first = tx.handovers().start(handover(&a, &[("document", "ktp_el")], "tolong")).unwrap();
    assert!(first.id > 0);
    assert_eq!(
        tx.handovers().start(handover(&a, &[("document", "ktp_el")], "tolong")).unwrap().id,
        first.id,
        "one open at a time"
    );
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let tx = store.begin_turn(&b).unwrap();
    let other = tx.handovers().start(handover(&b, &[("document", "ktp_el")], "tolong")).unwrap();
    assert_ne!(other.id, first.id);
    let line = HandoverLine { at: now(), from: Party::Resident, text: "bukan punya saya".into() };
    assert!(tx.handovers().add_line(first.id, line).unwrap().is_none(), "not b's handover");
    tx.commit(TurnCommit::nothing(now())).unwrap();

    let tx = store.begin_turn(&a).unwrap();
    let reply = HandoverLine { at: now() + Duration::minutes(5), from: Party::Petugas, text: "baik".into() };
    let answered = tx.handovers().add_line(first.id, reply).unwrap().unwrap();
    assert_eq!(answered.first_reply_at, Some(now() + Duration::minutes(5)));
    assert_eq!(answered.lines.len(), 2);
    let closed = tx.handovers().close(first.id, Closed::Petugas, now() + Duration::minutes(6)).unwrap().unwrap();
    assert!(!closed.is_open());
    assert!(tx.handovers().open().unwrap().is_none(), "the turn sees its own close");
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let stored = store.handovers().get(first.id).unwrap().unwrap();
    assert_eq!(stored.closed.map(|it| it.1), Some(Closed::Petugas));
    assert_eq!(store.handovers().all().unwrap().len(), 2);

    assert_eq!(store.handovers().forget_lines_before(now() + Duration::days(1)).unwrap(), 1, "only closed ones");
    let purged = store.handovers().get(first.id).unwrap().unwrap();
    assert!(purged.lines.is_empty() && purged.summary.is_empty());
    assert_eq!(purged.first_reply_at, stored.first_reply_at, "times stay for reports");

    let tx = store.begin_turn(&b).unwrap();
    assert_eq!(tx.handovers().forget_all().unwrap(), 1);
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert!(store.handovers().get(other.id).unwrap().is_none());
    assert!(store.begin_turn(&b).unwrap().handovers().open().unwrap().is_none());
    let tx = store.begin_turn(&b).unwrap();
    assert!(
        tx.handovers().start(handover(&b, &[("document", "ktp_el")], "tolong")).unwrap().id > other.id,
        "ids are not reused"
    );
}

/// Records written in a turn are read back, listed by kind, and deleted per owner.
pub fn dialogue_records_commit_with_the_turn(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (a, b) = (resident("rec-a"), resident("rec-b"));
    for (user, key) in [(&a, "ADU-0001"), (&b, "ADU-0002"), (&a, "ADU-0003")] {
        let tx = store.begin_turn(user).unwrap();
        tx.records().put("pengaduan", key, now(), serde_json::json!({ "text": key })).unwrap();
        tx.commit(TurnCommit::nothing(now())).unwrap();
    }
    let tx = store.begin_turn(&a).unwrap();
    tx.records().put("lain", "X", now(), serde_json::json!(1)).unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let all = store.records().all("pengaduan").unwrap();
    assert_eq!(all.iter().map(|it| it.key.as_str()).collect::<Vec<_>>(), vec!["ADU-0001", "ADU-0002", "ADU-0003"]);
    assert_eq!(all[1].owner, b);
    assert_eq!(all[1].value, serde_json::json!({ "text": "ADU-0002" }));
    let tx = store.begin_turn(&a).unwrap();
    assert_eq!(tx.records().get("pengaduan", "ADU-0002").unwrap().unwrap().owner, b);
    assert_eq!(tx.records().forget_mine("pengaduan").unwrap(), 2);
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let left: Vec<String> = store.records().all("pengaduan").unwrap().into_iter().map(|it| it.key).collect();
    assert_eq!(left, vec!["ADU-0002"]);
    assert_eq!(store.records().all("lain").unwrap().len(), 1, "other kinds stay");
}

/// Residents are listed; idle sessions are purged and fresh ones kept; a deleted session is gone; processed
/// ids older than the cut are pruned.
pub fn session_maintenance(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (old, fresh, gone) = (resident("old"), resident("fresh"), resident("gone"));
    for user in [&old, &fresh, &gone] {
        let mut record = session(serde_json::json!("s"), 1);
        if user == &fresh {
            record.meta.updated_at = now() + Duration::days(40);
        }
        let tx = store.begin_turn(user).unwrap();
        let at = if user == &fresh { now() + Duration::days(40) } else { now() };
        tx.commit(TurnCommit { message_id: Some(format!("m-{}", user.id)), now: at, ..put(record) }).unwrap();
    }
    let tx = store.begin_turn(&gone).unwrap();
    assert!(found(&*tx).is_some());
    tx.commit(TurnCommit { session: SessionWrite::Delete, ..TurnCommit::nothing(now()) }).unwrap();
    let mut users = store.sessions().users().unwrap();
    users.sort();
    assert_eq!(users, vec![fresh.clone(), old.clone()]);
    assert_eq!(store.sessions().purge_idle(now() + Duration::days(30)).unwrap(), 1);
    assert!(stored_session(&*store, &old).is_none());
    assert!(stored_session(&*store, &fresh).is_some());
    assert_eq!(store.sessions().prune_seen(now() + Duration::days(1)).unwrap(), 2);
    assert!(!store.begin_turn(&old).unwrap().is_seen("m-old").unwrap());
    assert!(store.begin_turn(&fresh).unwrap().is_seen("m-fresh").unwrap());
}

/// The data key and the pseudonym salt are made once: the same bytes on every call and after a restart,
/// and different from each other.
pub fn key_material_is_made_once(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let (key, salt) = {
        let store = fixture.store();
        let key = store.keys().data_key().unwrap();
        let salt = store.keys().pseudonym_salt().unwrap();
        assert!(key.len() >= 32 && salt.len() >= 16);
        assert_eq!(store.keys().data_key().unwrap(), key);
        (key, salt)
    };
    assert_ne!(key, salt);
    fixture.reopen();
    let store = fixture.store();
    assert_eq!(store.keys().data_key().unwrap(), key);
    assert_eq!(store.keys().pseudonym_salt().unwrap(), salt);
}
