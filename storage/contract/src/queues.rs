//! The outbox and the inbox: claim-based queues.

use std::time::Duration;

use cekbae_bot::storage::{Inbound, OutboxWrite, TurnCommit};
use cekbae_bot::Incoming;

use crate::support::{entry, now, queue, resident};
use crate::Backend;

const LEASE: Duration = Duration::from_secs(30);

/// Entries committed for delivery now are claimed by the committing instance; queued ones wait for a claim.
/// A claim holds until released or completed; a partial delivery keeps only what did not go out; a reopened
/// store (a new instance) may claim what nobody delivered.
pub fn outbox_claims_lease_and_complete(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let user = resident("outbox");
    let (now_id, queued_id) = {
        let store = fixture.store();
        let tx = store.begin_turn(&user).unwrap();
        let commit = TurnCommit { outbox: OutboxWrite::DeliverNow(entry(&user, &["a"])), ..TurnCommit::nothing(now()) };
        let now_id = tx.commit(commit).unwrap().expect("an outbox id");
        let tx = store.begin_turn(&user).unwrap();
        let queued_id = tx.commit(queue(entry(&user, &["b1", "b2", "b3"]))).unwrap().expect("an outbox id");
        assert!(queued_id > now_id, "ids grow");
        let outbox = store.outbox();
        assert_eq!(outbox.pending().unwrap().len(), 2);
        let claimed = outbox.claim(LEASE, 10).unwrap();
        assert_eq!(claimed.iter().map(|it| it.0).collect::<Vec<_>>(), vec![queued_id], "the first is being delivered");
        assert!(outbox.claim(LEASE, 10).unwrap().is_empty(), "a claim holds");
        outbox.partly_delivered(queued_id, 1).unwrap();
        let left = outbox.get(queued_id).unwrap().expect("two bubbles left");
        assert_eq!(left.replies.iter().map(|it| it.text.as_str()).collect::<Vec<_>>(), vec!["b2", "b3"]);
        outbox.release(queued_id).unwrap();
        assert_eq!(outbox.claim(LEASE, 10).unwrap().len(), 1, "released, it can be claimed again");
        outbox.complete(now_id).unwrap();
        assert!(outbox.get(now_id).unwrap().is_none());
        (now_id, queued_id)
    };
    fixture.reopen();
    let store = fixture.store();
    let claimed = store.outbox().claim(LEASE, 10).unwrap();
    assert_eq!(claimed.iter().map(|it| it.0).collect::<Vec<_>>(), vec![queued_id], "a new instance takes it over");
    assert_eq!(claimed[0].1.replies.len(), 2);
    store.outbox().partly_delivered(queued_id, 2).unwrap();
    assert!(store.outbox().pending().unwrap().is_empty(), "all delivered: the entry is gone");
    assert!(store.outbox().get(now_id).unwrap().is_none());
}

/// Accepted messages are claimed by the accepting instance; after a restart they are claimed in arrival
/// order, read back as they were, and gone once completed.
pub fn inbox_replays_in_arrival_order_and_completes(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let user = resident("inbox");
    let ids: Vec<u64> = {
        let store = fixture.store();
        let ids = (0..3)
            .map(|n| {
                let incoming = Incoming {
                    user: user.clone(),
                    message_id: Some(format!("m{n}")),
                    text: format!("pesan {n}"),
                    choice: None,
                    attachment: None,
                };
                store.inbox().accept(&Inbound::Turn(incoming)).unwrap()
            })
            .collect::<Vec<_>>();
        assert!(store.inbox().claim(LEASE, 10).unwrap().is_empty(), "accepted messages are this instance's");
        assert_eq!(store.inbox().backlog().unwrap(), 3, "three wait for their turn");
        store.flush().unwrap();
        ids
    };
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids grow: {ids:?}");
    fixture.reopen();
    let store = fixture.store();
    let claimed = store.inbox().claim(LEASE, 10).unwrap();
    assert_eq!(claimed.iter().map(|it| it.0).collect::<Vec<_>>(), ids);
    let texts: Vec<String> = claimed
        .iter()
        .map(|(_, item)| match item {
            Inbound::Turn(incoming) => incoming.text.clone(),
            Inbound::Notice { message, .. } => message.clone(),
        })
        .collect();
    assert_eq!(texts, vec!["pesan 0", "pesan 1", "pesan 2"]);
    store.inbox().complete(ids[0]).unwrap();
    assert_eq!(store.inbox().backlog().unwrap(), 2);
    drop(store);
    fixture.reopen();
    let left = fixture.store().inbox().claim(LEASE, 1).unwrap();
    assert_eq!(left.iter().map(|it| it.0).collect::<Vec<_>>(), vec![ids[1]], "oldest first, up to the limit");
}
