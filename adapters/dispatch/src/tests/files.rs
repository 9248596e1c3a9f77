//! The fetching loop with a real engine on sled and a media source the test controls: files are fetched off
//! the residents' queues and stored in their turn, failures are retried or told, and files a stopped loop
//! left are fetched once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use cekbae_bot::storage::PendingFile;
use cekbae_bot::{Attachment, FetchedMedia, MediaError, MediaSource};

use super::*;
use crate::fetching::{FetchSettings, DEFAULT_TIMEOUT};

/// Takes every file it is sent as item 1 of ticket `T1`; says what came of each.
struct Papers;

impl Dialogue for Papers {
    type State = u32;
    const VERSION: u32 = 1;

    fn start(&self) -> u32 {
        0
    }
    fn welcome(&self, turn: &Turn<'_>, input: &Input) -> Transition<u32> {
        self.step(turn, 0, input)
    }
    fn step(&self, turn: &Turn<'_>, state: u32, input: &Input) -> Transition<u32> {
        let reply = match &input.attachment {
            Some(media) => match turn.store.files().expect("T1", 1, media, turn.now) {
                Ok(_) => Say::new("got").arg("text", input.text.clone()),
                Err(_) => Say::new("failed").arg("why", "store"),
            },
            None => Say::new("echo").arg("text", input.text.clone()),
        };
        Transition::to(state + 1, vec![Reply::say(reply)])
    }
    fn prompt(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn help(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn state_name(&self, _state: &u32) -> &'static str {
        "papers"
    }
    fn slots(&self, _state: &u32) -> Vec<(&'static str, String)> {
        vec![]
    }
    fn message_ids(&self) -> BTreeSet<String> {
        ["echo", "got", "stored", "failed"].into_iter().map(str::to_owned).collect()
    }
    fn accepts_files(&self) -> bool {
        true
    }
    fn file_fetched(
        &self,
        turn: &Turn<'_>,
        pending: &PendingFile,
        outcome: Result<FetchedMedia, MediaError>,
    ) -> Result<Vec<Reply>, cekbae_bot::StorageError> {
        let say = match outcome {
            Ok(media) => {
                turn.store.files().store(pending.id, &media.mime_type, &media.bytes)?;
                Say::new("stored").num("size", media.bytes.len() as i64)
            }
            Err(err) => {
                turn.store.files().drop_pending(pending.id)?;
                Say::new("failed").arg("why", crate::fetching::cause(&err))
            }
        };
        Ok(vec![Reply::say(say)])
    }
}

/// Serves files by media id: bytes, an error, or bytes once the test opens the gate. Counts fetches.
#[derive(Default)]
struct Source {
    files: Mutex<HashMap<String, Result<Vec<u8>, MediaError>>>,
    gated: Mutex<HashMap<String, Arc<tokio::sync::Semaphore>>>,
    fetches: Mutex<HashMap<String, usize>>,
    finished: AtomicUsize,
}

impl Source {
    fn add(&self, id: &str, outcome: Result<Vec<u8>, MediaError>) {
        self.files.lock().unwrap().insert(id.to_owned(), outcome);
    }
    fn gate(&self, id: &str) -> Arc<tokio::sync::Semaphore> {
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        self.gated.lock().unwrap().insert(id.to_owned(), Arc::clone(&gate));
        gate
    }
    fn fetches(&self, id: &str) -> usize {
        self.fetches.lock().unwrap().get(id).copied().unwrap_or(0)
    }
}

impl MediaSource for Source {
    async fn fetch(&self, media: &Attachment, max_bytes: u64) -> Result<FetchedMedia, MediaError> {
        *self.fetches.lock().unwrap().entry(media.media_id.clone()).or_default() += 1;
        let gate = self.gated.lock().unwrap().get(&media.media_id).cloned();
        if let Some(gate) = gate {
            gate.acquire().await.unwrap().forget();
        }
        self.finished.fetch_add(1, Ordering::SeqCst);
        let outcome = self.files.lock().unwrap().get(&media.media_id).cloned().unwrap_or(Err(MediaError::NotFound));
        let bytes = outcome?;
        if bytes.len() as u64 > max_bytes {
            return Err(MediaError::TooLarge { limit: max_bytes });
        }
        Ok(FetchedMedia { mime_type: "image/jpeg".into(), bytes })
    }
}

fn papers_on(store: Arc<dyn cekbae_bot::Store>, recorder: Arc<Recorder>) -> Arc<Dispatcher<Papers>> {
    let text = "echo = { $text }\ngot = got { $text }\nstored = stored { $size }\nfailed = failed { $why }\n";
    let source = FtlSource { locale: "id".into(), path: "papers.ftl".into(), text: text.into() };
    let locales = Arc::new(Locales::from_sources("id", vec![source]).unwrap());
    let config = EngineConfig { outbox: true, ..EngineConfig::default() };
    let engine = Engine::new(Papers, locales, GlobalWords::builtin(), store, Arc::new(SystemClock), config);
    Dispatcher::new(Arc::new(engine), vec![recorder])
}

/// Fetching from `source` on the recorder's channel; the timer is slow unless `every` says otherwise, so a
/// prompt fetch proves the loop was woken.
fn fetch(dispatcher: &Arc<Dispatcher<Papers>>, source: &Arc<Source>, every: Duration) -> tokio::task::JoinHandle<()> {
    let sources: MediaSources =
        HashMap::from([("test".to_owned(), Arc::clone(source) as Arc<dyn crate::fetching::Fetch>)]);
    let settings = FetchSettings {
        attempts: 2,
        first_retry: Duration::from_millis(20),
        every,
        ..FetchSettings::new(1000, DEFAULT_TIMEOUT)
    };
    dispatcher.fetch_files(sources, settings)
}

fn with_file(user: &UserKey, n: usize, media_id: &str, caption: &str) -> Incoming {
    let attachment = Attachment {
        media_id: media_id.into(),
        mime_type: Some("image/jpeg".into()),
        declared_size: None,
        sha256: None,
        file_name: None,
    };
    Incoming { attachment: Some(attachment), ..message_text(user, n, caption) }
}

async fn wait_for(recorder: &Recorder, user: &UserKey, count: usize) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        let got = recorder.texts_for(user);
        if got.len() >= count {
            return got;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "expected {count} replies, got {got:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_download_does_not_hold_up_the_residents_next_message_and_its_file_is_stored_in_their_turn() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn cekbae_bot::Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = papers_on(Arc::clone(&store), recorder.clone());
    let source = Arc::new(Source::default());
    let photo = vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    source.add("slow", Ok(photo.clone()));
    let gate = source.gate("slow");
    let _loop = fetch(&dispatcher, &source, Duration::from_secs(3600));
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(with_file(&user, 1, "slow", "KK"))]).await.unwrap();
    assert_eq!(wait_for(&recorder, &user, 1).await, vec!["got KK"]);
    while source.fetches("slow") == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The download hangs; the resident's next message is answered all the same.
    dispatcher.accept(vec![Inbound::Turn(message_text(&user, 2, "masih di sana?"))]).await.unwrap();
    assert_eq!(wait_for(&recorder, &user, 2).await, vec!["got KK", "masih di sana?"]);
    assert_eq!(source.finished.load(Ordering::SeqCst), 0, "the download was still in hand");
    assert_eq!(store.files().pending_of_subject("T1").unwrap().len(), 1);
    gate.add_permits(1);
    assert_eq!(wait_for(&recorder, &user, 3).await, vec!["got KK", "masih di sana?", "stored 7"]);
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    let stored = store.files().of_subject("T1").unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(store.files().content(stored[0].id).unwrap().unwrap().1, photo);
    assert!(store.files().pending_of_subject("T1").unwrap().is_empty());
    assert_eq!(source.fetches("slow"), 1);
    assert!(dispatcher.engine().pending_outbox().unwrap().is_empty(), "the reply was delivered");
    let metrics = dispatcher.metrics().render(None);
    assert!(metrics.lines().any(|it| it == "cekbae_files_fetched_total 1"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_that_may_pass_are_tried_again_then_told_and_others_are_told_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn cekbae_bot::Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = papers_on(Arc::clone(&store), recorder.clone());
    let source = Arc::new(Source::default());
    source.add("down", Err(MediaError::Unavailable("HTTP 503".into())));
    source.add("big", Ok(vec![0; 2000]));
    let _loop = fetch(&dispatcher, &source, Duration::from_millis(20));
    let (one, two, three) = (UserKey::new("test", "1"), UserKey::new("test", "2"), UserKey::new("test", "3"));
    dispatcher.accept(vec![Inbound::Turn(with_file(&one, 1, "down", ""))]).await.unwrap();
    dispatcher.accept(vec![Inbound::Turn(with_file(&two, 1, "big", ""))]).await.unwrap();
    dispatcher.accept(vec![Inbound::Turn(with_file(&three, 1, "gone", ""))]).await.unwrap();
    assert_eq!(wait_for(&recorder, &one, 2).await, vec!["got ", "failed unavailable"]);
    assert_eq!(wait_for(&recorder, &two, 2).await, vec!["got ", "failed too-large"]);
    assert_eq!(wait_for(&recorder, &three, 2).await, vec!["got ", "failed not-found"]);
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(source.fetches("down"), 2, "the settings' attempts");
    assert_eq!((source.fetches("big"), source.fetches("gone")), (1, 1), "not worth trying again");
    assert!(store.files().pending_of_subject("T1").unwrap().is_empty());
    assert!(store.files().of_subject("T1").unwrap().is_empty(), "nothing stored");
    let metrics = dispatcher.metrics().render(None);
    for line in [
        "cekbae_file_fetch_failures_total{cause=\"unavailable\"} 2",
        "cekbae_file_fetch_failures_total{cause=\"too-large\"} 1",
        "cekbae_file_fetch_failures_total{cause=\"not-found\"} 1",
    ] {
        assert!(metrics.lines().any(|it| it == line), "{line} in {metrics}");
    }
}

/// A resident's file, recorded by a turn on a dispatcher that fetches nothing.
async fn leave_a_pending_file(store: &Arc<dyn cekbae_bot::Store>, user: &UserKey) {
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = papers_on(Arc::clone(store), recorder.clone());
    dispatcher.accept(vec![Inbound::Turn(with_file(user, 1, "photo", "akta"))]).await.unwrap();
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(user), vec!["got akta"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_a_dead_process_was_downloading_is_fetched_once_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let user = UserKey::new("test", "62812");
    {
        let store: Arc<dyn cekbae_bot::Store> = Arc::new(SledStore::open(dir.path()).unwrap());
        leave_a_pending_file(&store, &user).await;
        // The loop of this process claimed it and died mid-download.
        let claimed = store.files().claim_pending(Duration::from_secs(3600), 10, chrono::Utc::now()).unwrap();
        assert_eq!(claimed.len(), 1);
        store.flush().unwrap();
    }
    let store: Arc<dyn cekbae_bot::Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = papers_on(Arc::clone(&store), recorder.clone());
    let source = Arc::new(Source::default());
    source.add("photo", Ok(vec![0x25, 0x50, 0x44, 0x46]));
    // A slow timer: the file is found at start.
    let _loop = fetch(&dispatcher, &source, Duration::from_secs(3600));
    assert_eq!(wait_for(&recorder, &user, 1).await, vec!["stored 4"]);
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(source.fetches("photo"), 1);
    assert_eq!(store.files().of_subject("T1").unwrap().len(), 1);
    assert_eq!(recorder.texts_for(&user), vec!["stored 4"], "told once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_whose_lease_ran_out_is_taken_over_and_fetched_once() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn cekbae_bot::Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let user = UserKey::new("test", "62812");
    leave_a_pending_file(&store, &user).await;
    // Another loop (an instance that stopped answering) holds it briefly.
    assert_eq!(store.files().claim_pending(Duration::from_millis(200), 10, chrono::Utc::now()).unwrap().len(), 1);
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = papers_on(Arc::clone(&store), recorder.clone());
    let source = Arc::new(Source::default());
    source.add("photo", Ok(vec![1, 2, 3]));
    let _loop = fetch(&dispatcher, &source, Duration::from_millis(20));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(source.fetches("photo"), 0, "not while the claim holds");
    assert_eq!(wait_for(&recorder, &user, 1).await, vec!["stored 3"]);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(source.fetches("photo"), 1);
    assert_eq!(store.files().of_subject("T1").unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_claiming_and_waits_for_the_downloads_in_hand() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn cekbae_bot::Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let dispatcher = papers_on(Arc::clone(&store), recorder.clone());
    let source = Arc::new(Source::default());
    source.add("slow", Ok(vec![9; 10]));
    let gate = source.gate("slow");
    let fetching = fetch(&dispatcher, &source, Duration::from_millis(20));
    let user = UserKey::new("test", "62812");
    dispatcher.accept(vec![Inbound::Turn(with_file(&user, 1, "slow", ""))]).await.unwrap();
    while source.fetches("slow") == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    dispatcher.stop_fetching();
    tokio::time::timeout(Duration::from_secs(5), fetching).await.expect("the loop ends").unwrap();
    assert!(!dispatcher.drain(Duration::from_millis(100)).await, "a download is in hand");
    gate.add_permits(1);
    assert!(dispatcher.drain(Duration::from_secs(10)).await);
    assert_eq!(recorder.texts_for(&user), vec!["got ", "stored 10"]);
}

/// An instance (dispatcher, engine and store connection) of `Papers` on a PostgreSQL scratch schema.
fn papers_instance(
    schema: &cekbae_pg_store::scratch::ScratchSchema,
    recorder: &Arc<Recorder>,
) -> Arc<Dispatcher<Papers>> {
    use cekbae_bot::storage::{Sealer, Vault};
    let sealer: Arc<dyn Sealer> = Arc::new(Vault::from_key_material(b"kunci kantor"));
    let store = cekbae_pg_store::PgStore::open(&schema.url(), sealer).expect("the scratch schema opens");
    papers_on(Arc::new(store), Arc::clone(recorder))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_fetch_each_file_once_and_take_over_a_lapsed_claim() {
    let Some(url) = cekbae_pg_store::scratch::test_database_url("fetching across instances") else { return };
    let schema = cekbae_pg_store::scratch::ScratchSchema::create(&url).unwrap();
    let recorder = Recorder::new(0, DeliveryError::Later(String::new()));
    let (a, b) = (papers_instance(&schema, &recorder), papers_instance(&schema, &recorder));
    let source = Arc::new(Source::default());
    for n in 0..6 {
        source.add(&format!("m{n}"), Ok(vec![n; 10]));
    }
    source.add("lapsed", Ok(vec![1, 2, 3]));
    let user = UserKey::new("test", "628123");
    // A file whose claim an instance that stopped answering holds for a moment.
    a.accept(vec![Inbound::Turn(with_file(&user, 100, "lapsed", ""))]).await.unwrap();
    assert!(a.drain(Duration::from_secs(10)).await);
    let held = a.engine().store().files().claim_pending(Duration::from_millis(300), 10, chrono::Utc::now()).unwrap();
    assert_eq!(held.len(), 1);
    let (_a_loop, _b_loop) =
        (fetch(&a, &source, Duration::from_millis(20)), fetch(&b, &source, Duration::from_millis(20)));
    // Residents' files arrive at either instance; both loops look for work all the time.
    for n in 0..6u8 {
        let (instance, who) = if n % 2 == 0 { (&a, "1") } else { (&b, "2") };
        let resident = UserKey::new("test", who);
        let incoming = with_file(&resident, usize::from(n), &format!("m{n}"), "");
        instance.accept(vec![Inbound::Turn(incoming)]).await.unwrap();
    }
    let started = std::time::Instant::now();
    while a.engine().store().files().of_subject("T1").unwrap().len() < 7 {
        assert!(started.elapsed() < Duration::from_secs(10), "every file is stored");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(a.drain(Duration::from_secs(10)).await && b.drain(Duration::from_secs(10)).await);
    for n in 0..6 {
        assert_eq!(source.fetches(&format!("m{n}")), 1, "m{n} fetched once over both instances");
    }
    assert_eq!(source.fetches("lapsed"), 1, "taken over once its claim lapsed");
    assert_eq!(a.engine().store().files().of_subject("T1").unwrap().len(), 7);
    assert!(b.engine().store().files().pending_of_subject("T1").unwrap().is_empty());
    let stored: usize = ["1", "2", "628123"]
        .iter()
        .map(|who| recorder.texts_for(&UserKey::new("test", *who)).iter().filter(|it| it.starts_with("stored")).count())
        .sum();
    assert_eq!(stored, 7, "each resident told once per file");
}
