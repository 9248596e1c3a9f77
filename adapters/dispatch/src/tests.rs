//! The dispatcher with a real engine on the sled backend (and PostgreSQL in `instances`) and a recording channel.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use cekbae_bot::{
    Adapter, Dialogue, EngineConfig, FtlSource, GlobalWords, Input, Locales, Outgoing, Reply, SystemClock, Transition,
    Turn,
};
use cekbae_sled_store::SledStore;

use super::*;

/// The fetching loop for files residents send.
mod files;
/// Several instances on one PostgreSQL database.
mod instances;

/// Echoes each message with a running count, so order is visible.
struct Echo;

impl Dialogue for Echo {
    type State = u32;
    const VERSION: u32 = 1;

    fn start(&self) -> u32 {
        0
    }
    fn welcome(&self, turn: &Turn<'_>, input: &Input) -> Transition<u32> {
        self.step(turn, 0, input)
    }
    fn step(&self, _turn: &Turn<'_>, state: u32, input: &Input) -> Transition<u32> {
        // "xN" is answered with N bubbles, "1: xN#1" ... "1: xN#N".
        let bubbles = input.text.strip_prefix('x').and_then(|n| n.parse().ok()).unwrap_or(1);
        let replies = (1..=bubbles)
            .map(|b| {
                let text = if bubbles == 1 { input.text.clone() } else { format!("{}#{b}", input.text) };
                Reply::say(Say::new("echo").num("n", i64::from(state + 1)).arg("text", text))
            })
            .collect();
        Transition::to(state + 1, replies)
    }
    fn prompt(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn help(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn state_name(&self, _state: &u32) -> &'static str {
        "echo"
    }
    fn slots(&self, _state: &u32) -> Vec<(&'static str, String)> {
        vec![]
    }
    fn message_ids(&self) -> BTreeSet<String> {
        BTreeSet::from(["echo".to_owned()])
    }
}

/// Records deliveries; fails the first `fail_first` with the given error.
struct Recorder {
    sent: Mutex<Vec<(UserKey, String)>>,
    fail_first: AtomicUsize,
    failure: DeliveryError,
    /// When set, every send waits for a permit (a slow network the test controls).
    gate: Option<tokio::sync::Semaphore>,
    /// Sends that have started (counted before waiting at the gate).
    started: AtomicUsize,
    /// The send call (1-based, counted over all calls) that fails for now; 0: none.
    fail_call: AtomicUsize,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?}")]
struct Failed(DeliveryError);

impl Recorder {
    fn new(fail_first: usize, failure: DeliveryError) -> Arc<Self> {
        Self::build(fail_first, failure, None)
    }
    fn gated() -> Arc<Self> {
        Self::build(0, DeliveryError::Later(String::new()), Some(tokio::sync::Semaphore::new(0)))
    }
    fn build(fail_first: usize, failure: DeliveryError, gate: Option<tokio::sync::Semaphore>) -> Arc<Self> {
        Arc::new(Self {
            sent: Mutex::new(Vec::new()),
            fail_first: AtomicUsize::new(fail_first),
            failure,
            gate,
            started: AtomicUsize::new(0),
            fail_call: AtomicUsize::new(0),
        })
    }
    fn texts_for(&self, user: &UserKey) -> Vec<String> {
        self.sent.lock().unwrap().iter().filter(|(to, _)| to == user).map(|(_, text)| text.clone()).collect()
    }
}

impl Adapter for Recorder {
    type Error = Failed;

    fn name(&self) -> &'static str {
        "test"
    }

    async fn send(&self, to: &UserKey, messages: &[Outgoing]) -> Result<(), Failed> {
        let failing = self.fail_first.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
        if failing {
            return Err(Failed(self.failure.clone()));
        }
        let call = self.started.fetch_add(1, Ordering::SeqCst) + 1;
        if call == self.fail_call.load(Ordering::SeqCst) {
            return Err(Failed(DeliveryError::Later("network dropped".into())));
        }
        if let Some(gate) = &self.gate {
            gate.acquire().await.unwrap().forget();
        }
        // Yield so that residents really interleave.
        tokio::task::yield_now().await;
        let mut sent = self.sent.lock().unwrap();
        sent.extend(messages.iter().map(|m| (to.clone(), m.text.clone())));
        Ok(())
    }

    fn retry_later(&self, error: &Failed) -> bool {
        matches!(error.0, DeliveryError::Later(_))
    }
}

fn dispatcher(dir: &std::path::Path, recorder: Arc<Recorder>) -> Arc<Dispatcher<Echo>> {
    dispatcher_on(Arc::new(SledStore::open(dir).unwrap()), recorder)
}

/// A dispatcher over an engine on `store` (one "instance"; several may share a database).
fn dispatcher_on(store: Arc<dyn cekbae_bot::Store>, recorder: Arc<Recorder>) -> Arc<Dispatcher<Echo>> {
    let source = FtlSource {
        locale: "id".into(),
        path: "echo.ftl".into(),
        text: "echo = { $n }: { $text }\necho-photo = 0: photo\n".into(),
    };
    let locales = Arc::new(Locales::from_sources("id", vec![source]).unwrap());
    let config = EngineConfig { outbox: true, ..EngineConfig::default() };
    let engine = Engine::new(Echo, locales, GlobalWords::builtin(), store, Arc::new(SystemClock), config);
    Dispatcher::new(Arc::new(engine), vec![recorder])
}

fn message(user: &UserKey, n: usize) -> Incoming {
    message_text(user, n, &format!("m{n}"))
}

fn message_text(user: &UserKey, n: usize, text: &str) -> Incoming {
    Incoming {
        user: user.clone(),
        message_id: Some(format!("{}-{n}", user.id)),
        text: text.to_owned(),
        choice: None,
        attachment: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeps_each_residents_order_while_residents_run_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let users: Vec<UserKey> = (0..5).map(|n| UserKey::new("test", format!("62812{n}"))).collect();
    for n in 0..20 {
        for user in &users {
            dispatcher.accept(vec![Inbound::Turn(message(user, n))]).await.unwrap();
        }
    }
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    for user in &users {
        let expected: Vec<String> = (0..20).map(|n| format!("{}: m{n}", n + 1)).collect();
        assert_eq!(recorder.texts_for(user), expected);
    }
    assert!(dispatcher.engine().pending_outbox().unwrap().is_empty(), "delivered replies leave the outbox");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_message_is_answered_once() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    dispatcher.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_that_failed_for_now_are_resent_and_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(1, DeliveryError::Later("503".into()));
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert!(recorder.texts_for(&user).is_empty());
    assert_eq!(dispatcher.engine().pending_outbox().unwrap().len(), 1, "kept for later");
    // The same message again (Meta redelivers) does not answer twice...
    dispatcher.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert!(recorder.texts_for(&user).is_empty());
    // ...the resend does, once, even when asked twice.
    assert_eq!(dispatcher.resend_pending(), 1);
    dispatcher.resend_pending();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1"]);
    assert!(dispatcher.engine().pending_outbox().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_scan_during_the_first_delivery_does_not_send_twice() {
    // After a restart the resend scan runs while replayed messages are being answered:
    // it must not take an entry whose first delivery is on the wire.
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::gated();
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    while recorder.started.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(dispatcher.resend_pending(), 0, "the entry being delivered is claimed by its delivery");
    recorder.gate.as_ref().unwrap().add_permits(10);
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1"], "answered once");
    assert!(dispatcher.engine().pending_outbox().unwrap().is_empty());
    // A later scan finds nothing and the next message goes through as usual.
    assert_eq!(dispatcher.resend_pending(), 0);
    dispatcher.accept(vec![Inbound::Turn(message(&user, 2))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m1", "2: m2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_that_fails_part_way_resends_only_what_did_not_go_out() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    recorder.fail_call.store(2, Ordering::SeqCst);
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(message_text(&user, 1, "x3"))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: x3#1"], "the second bubble failed");
    let pending = dispatcher.engine().pending_outbox().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].1.replies.len(), 2, "only the two bubbles not sent are kept");
    assert_eq!(dispatcher.resend_pending(), 1);
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: x3#1", "1: x3#2", "1: x3#3"], "no bubble twice, none lost");
    assert!(dispatcher.engine().pending_outbox().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_that_can_never_be_delivered_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(1, DeliveryError::Never("131047".into()));
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(message(&user, 1))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert!(dispatcher.engine().pending_outbox().unwrap().is_empty());
    // The conversation went on: the next message is the second turn.
    dispatcher.accept(vec![Inbound::Turn(message(&user, 2))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["2: m2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_answers_in_the_residents_language_and_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = dispatcher(dir.path(), recorder.clone());
    let user = UserKey::new("test", "62812");
    for _ in 0..2 {
        let notice =
            Inbound::Notice { user: user.clone(), message_id: Some("photo-1".into()), message: "echo-photo".into() };
        dispatcher.accept(vec![notice]).await.unwrap();
    }
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["0: photo"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_resident_is_asked_once_to_slow_down_and_full_queues_refuse_work() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let source = FtlSource {
        locale: "id".into(),
        path: "echo.ftl".into(),
        text: "echo = { $n }: { $text }\nengine-slow-down = pelan-pelan\n".into(),
    };
    let locales = Arc::new(Locales::from_sources("id", vec![source]).unwrap());
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let config = EngineConfig { outbox: true, ..EngineConfig::default() };
    let engine = Engine::new(Echo, locales, GlobalWords::builtin(), store, Arc::new(SystemClock), config);
    let limits = Limits { per_resident_per_minute: 3, max_queued: 10_000 };
    let dispatcher = Dispatcher::with_limits(Arc::new(engine), vec![recorder.clone()], limits);
    let user = UserKey::new("test", "62812");
    for n in 0..10 {
        dispatcher.accept(vec![Inbound::Turn(message(&user, n))]).await.unwrap();
    }
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["1: m0", "2: m1", "3: m2", "pelan-pelan"]);

    let full = Dispatcher::with_limits(
        Arc::clone(dispatcher.engine()),
        vec![recorder.clone()],
        Limits { per_resident_per_minute: 1000, max_queued: 0 },
    );
    assert_eq!(full.accept(vec![Inbound::Turn(message(&UserKey::new("test", "other"), 1))]).await, Err(Busy));
}
