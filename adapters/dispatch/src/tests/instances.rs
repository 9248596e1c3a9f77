//! Two instances (dispatcher, engine and store connection each) on one PostgreSQL schema: a resident's turns
//! follow the inbox's order whichever instance accepted each message, and each message is answered once.
//! (sled serves one process, whose own queue keeps the order; only a shared database needs this.)

use cekbae_bot::storage::{Sealer, Vault};
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use cekbae_pg_store::PgStore;

use super::*;

fn instance(schema: &ScratchSchema, recorder: &Arc<Recorder>) -> Arc<Dispatcher<Echo>> {
    let sealer: Arc<dyn Sealer> = Arc::new(Vault::from_key_material(b"kunci kantor"));
    let store = PgStore::open(&schema.url(), sealer).expect("the scratch schema opens");
    dispatcher_on(Arc::new(store), Arc::clone(recorder))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_earlier_message_accepted_by_another_instance_runs_first_and_once() {
    let Some(url) = test_database_url("dispatcher order across instances") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    // One channel for both instances: the order in which the resident is answered, over all instances.
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let a = instance(&schema, &recorder);
    let b = instance(&schema, &recorder);
    let user = UserKey::new("test", "628123");

    // Instance A acknowledged message 1 (it is in the inbox, claimed by A) and stalls before its turn.
    let first = a.engine().store().inbox().accept(&Inbound::Turn(message(&user, 1))).unwrap();
    // Message 2 reaches instance B.
    b.accept(vec![Inbound::Turn(message(&user, 2))]).await.unwrap();
    assert!(b.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1", "2: m2"], "B ran A's waiting message 1 before 2");
    assert!(b.engine().store().inbox().waiting_before(&user, first + 1).unwrap().is_empty(), "message 1 is done");

    // A comes back: its sweeps, and the channel delivering message 1 to it again (A never answered it),
    // answer nothing more.
    assert_eq!(a.replay_inbox(), 0, "nothing left to replay");
    assert_eq!(a.resend_pending(), 0, "nothing left to resend");
    a.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    assert!(a.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1", "2: m2"], "message 1 was answered once");
    assert_eq!(a.engine().store().inbox().backlog().unwrap(), 0);
    assert!(a.engine().store().outbox().pending().unwrap().is_empty());

    // Both turns are in the one session, whichever instance runs next.
    a.accept(vec![Inbound::Turn(message(&user, 3))]).await.unwrap();
    assert!(a.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1", "2: m2", "3: m3"]);
}
