//! Sealing at rest: nothing a resident wrote is stored in the clear.

use cekbae_bot::storage::{Inbound, OutboxWrite, TurnCommit};
use cekbae_bot::Incoming;

use crate::support::{entry, handover, now, put, resident, session};
use crate::Backend;

/// A resident's words (here a NIK) written into every place a backend keeps them — the inbox, the outbox,
/// the session's recent messages and state, a handover line, a dialogue record — appear nowhere in what the
/// store holds at rest, while everything still reads back.
pub fn nothing_a_resident_wrote_is_stored_in_the_clear(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("sealed");
    let words = ["3201014502900003", "NIK saya 3201014502900003", "alamat Kp. Cibeber RT 02"];
    let incoming = Incoming {
        user: user.clone(),
        message_id: Some("w1".into()),
        text: words[1].into(),
        choice: None,
        attachment: None,
    };
    let inbox_id = store.inbox().accept(&Inbound::Turn(incoming)).unwrap();
    let tx = store.begin_turn(&user).unwrap();
    let mut record = session(serde_json::json!({ "nik": words[0] }), 1);
    record.meta.recent = vec![words[1].to_owned(), words[2].to_owned()];
    let handover = handover(&user, &[("alamat", words[2])], words[1]);
    let handover = tx.handovers().start(handover).unwrap();
    tx.records().put("contract", "R-1", now(), serde_json::json!({ "text": words[2] })).unwrap();
    let commit = TurnCommit {
        message_id: Some("w1".into()),
        outbox: OutboxWrite::Queue(entry(&user, &[words[1]])),
        ..put(record)
    };
    let outbox_id = tx.commit(commit).unwrap().unwrap();
    drop(store);
    let bytes = fixture.bytes_at_rest();
    assert!(!bytes.is_empty());
    for word in words.iter().chain(["Cibeber"].iter()) {
        assert!(!bytes.windows(word.len()).any(|w| w == word.as_bytes()), "{word:?} found in the clear at rest");
    }
    let store = fixture.store();
    assert_eq!(store.outbox().get(outbox_id).unwrap().unwrap().replies[0].text, words[1]);
    assert_eq!(store.handovers().get(handover.id).unwrap().unwrap().lines[0].text, words[1]);
    assert_eq!(store.records().all("contract").unwrap()[0].value["text"], words[2]);
    let tx = store.begin_turn(&user).unwrap();
    assert_eq!(crate::support::found(&*tx).unwrap().meta.recent[0], words[1]);
    drop(tx);
    store.inbox().complete(inbox_id).unwrap();
}
