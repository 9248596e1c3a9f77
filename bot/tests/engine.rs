//! Engine behaviour through a real dialogue (the `pengaduan` example) on the sled backend in a temp dir:
//! persistence, at-most-once processing, menu numbers, global words, expiry, upgrades, panics, the
//! dialogue's own writes inside the turn, and deletion on request (also when it fails).

#[allow(dead_code)]
#[path = "../examples/pengaduan.rs"]
mod pengaduan;

use std::collections::BTreeSet;
use std::sync::Arc;

use cekbae_bot::session::{SessionMeta, SessionRecord};
use cekbae_bot::storage::{LoadedSession, SessionWrite, TurnCommit};
use cekbae_bot::{
    Dialogue, Engine, EngineConfig, FixedClock, GlobalWords, Incoming, Input, Reply, Say, Store, Transition, Turn,
    UserKey,
};
use cekbae_sled_store::SledStore;
use chrono::{DateTime, Duration, Utc};
use pengaduan::{example_locales, Pengaduan, COMPLAINTS};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap().with_timezone(&Utc)
}

fn engine_at(dir: &std::path::Path, clock: Arc<FixedClock>) -> Engine<Pengaduan> {
    engine_on(Arc::new(SledStore::open(dir).unwrap()), clock)
}

fn engine_on(store: Arc<dyn Store>, clock: Arc<FixedClock>) -> Engine<Pengaduan> {
    Engine::new(Pengaduan, Arc::new(example_locales()), GlobalWords::builtin(), store, clock, EngineConfig::default())
}

fn user() -> UserKey {
    UserKey::new("test", "62812")
}

fn say(engine: &Engine<impl Dialogue>, text: &str) -> cekbae_bot::TurnOutcome {
    engine.handle(&Incoming::text(user(), text)).unwrap()
}

fn texts(outcome: &cekbae_bot::TurnOutcome) -> String {
    outcome.replies.iter().map(|r| r.to_plain_text()).collect::<Vec<_>>().join("\n---\n")
}

#[test]
fn a_conversation_survives_reopening_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    {
        let engine = engine_at(dir.path(), clock.clone());
        assert_eq!(say(&engine, "halo").state, "receive_topic");
        assert_eq!(say(&engine, "2").state, "receive_description");
    }
    let engine = engine_at(dir.path(), clock);
    let outcome = say(&engine, "Toilet kantor rusak sejak minggu lalu");
    assert_eq!(outcome.state, "recorded");
    assert_eq!(outcome.slots, vec![("reference".to_owned(), "ADU-0001".to_owned())]);
}

#[test]
fn a_message_id_is_processed_at_most_once() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    let message = |id: &str, text: &str| Incoming {
        user: user(),
        message_id: Some(id.into()),
        text: text.into(),
        choice: None,
        attachment: None,
    };
    engine.handle(&message("wamid.1", "halo")).unwrap();
    let first = engine.handle(&message("wamid.2", "1")).unwrap();
    assert_eq!(first.state, "receive_description");
    let again = engine.handle(&message("wamid.2", "1")).unwrap();
    assert!(again.duplicate);
    assert!(again.replies.is_empty());
    assert_eq!(again.state, "receive_description");
    // The same id from another channel is a different message.
    let other = Incoming {
        user: UserKey::new("other", "62812"),
        message_id: Some("wamid.2".into()),
        text: "halo".into(),
        choice: None,
        attachment: None,
    };
    assert!(!engine.handle(&other).unwrap().duplicate);
}

#[test]
fn numbers_are_read_against_the_menu_shown_last() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    say(&engine, "halo");
    let outcome = say(&engine, "7");
    assert_eq!(outcome.state, "receive_topic", "7 is not on a 3-option menu");
    assert!(texts(&outcome).contains("Mohon pilih salah satu topik"));
    let outcome = say(&engine, "tiga");
    assert_eq!(outcome.slots, vec![("topic".to_owned(), "lainnya".to_owned())]);
    // Now no menu is shown: "1" is plain text for the description step.
    let outcome = say(&engine, "1");
    assert!(texts(&outcome).contains("sedikit lebih lengkap"), "{}", texts(&outcome));
}

#[test]
fn a_pressed_button_selects_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    say(&engine, "halo");
    let pressed = Incoming {
        user: user(),
        message_id: None,
        text: "Fasilitas".into(),
        choice: Some("topic:fasilitas".into()),
        attachment: None,
    };
    assert_eq!(engine.handle(&pressed).unwrap().slots, vec![("topic".to_owned(), "fasilitas".to_owned())]);
}

#[test]
fn a_pressed_option_that_was_not_shown_is_read_as_typed_text() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    say(&engine, "halo");
    // A forged id (clients can make buttons send anything) with a harmless-looking label.
    let forged = Incoming {
        user: user(),
        message_id: None,
        text: "Fasilitas".into(),
        choice: Some("topic:=HYPERLINK(\"http://x\")".into()),
        attachment: None,
    };
    let outcome = engine.handle(&forged).unwrap();
    assert_eq!(outcome.slots, vec![("topic".to_owned(), "fasilitas".to_owned())], "read as the label typed");
    say(&engine, "batal");
    let forged = Incoming {
        user: user(),
        message_id: None,
        text: "\u{1b}[2J=cmd|' /C calc'!A0".into(),
        choice: Some("topic:\u{1b}[2J".into()),
        attachment: None,
    };
    let outcome = engine.handle(&forged).unwrap();
    assert_eq!(outcome.state, "receive_topic", "nothing the dialogue knows: asked again");
    assert!(texts(&outcome).contains("Tentang apa"), "{}", texts(&outcome));
    // A button of a menu that is no longer the last one shown is not taken either.
    say(&engine, "2");
    let stale = Incoming {
        user: user(),
        message_id: None,
        text: "Pelayanan".into(),
        choice: Some("topic:pelayanan".into()),
        attachment: None,
    };
    let outcome = engine.handle(&stale).unwrap();
    assert_eq!(outcome.state, "recorded", "typed as a (short) description, not a new topic");
    assert!(!format!("{:?}", outcome.slots).contains("pelayanan"));
}

#[test]
fn global_words_work_in_any_dialogue() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    say(&engine, "halo");
    say(&engine, "1");
    let back = say(&engine, "kembali");
    assert_eq!(back.state, "receive_topic", "the engine's history takes the resident back");
    say(&engine, "1");
    assert_eq!(say(&engine, "batal").state, "receive_topic");
    let help = say(&engine, "bantuan");
    assert!(texts(&help).contains("Pilih topik, lalu ceritakan"));
    let language = say(&engine, "bahasa");
    assert_eq!(language.replies[0].options.len(), 1, "only id is loaded in the example");
    assert_eq!(language.replies[0].options[0].id, "lang:id");
    let human = say(&engine, "petugas");
    assert!(texts(&human).contains("belum ada petugas"), "the default human handler answers");
}

#[test]
fn an_idle_session_starts_over_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let engine = engine_at(dir.path(), clock.clone());
    say(&engine, "halo");
    say(&engine, "1");
    clock.advance(Duration::minutes(29));
    assert_eq!(say(&engine, "Antrian terlalu panjang").state, "recorded");
    clock.advance(Duration::minutes(31));
    let outcome = say(&engine, "halo lagi");
    assert_eq!(outcome.state, "receive_topic");
    assert!(texts(&outcome).contains("sudah lama tidak dilanjutkan"));
}

fn write_record(engine: &Engine<Pengaduan>, record: &SessionRecord) {
    let tx = engine.store().begin_turn(&user()).unwrap();
    tx.commit(TurnCommit { session: SessionWrite::Put(Box::new(record.clone())), ..TurnCommit::nothing(now()) })
        .unwrap();
}

fn record(version: u32, state: serde_json::Value) -> SessionRecord {
    SessionRecord {
        schema: cekbae_bot::session::SESSION_SCHEMA,
        dialogue_version: version,
        state,
        history: vec![],
        options: vec![],
        meta: SessionMeta { turns: 3, ..SessionMeta::fresh("id", now()) },
    }
}

#[test]
fn an_older_state_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    write_record(&engine, &record(1, serde_json::json!({ "receive_description": { "topic_number": 2 } })));
    let outcome = say(&engine, "Lampu ruang tunggu mati");
    assert_eq!(outcome.state, "recorded", "{}", texts(&outcome));
}

#[test]
fn an_unreadable_state_resets_the_resident_politely() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    // A version the code cannot migrate, a state of the right version that no longer parses, and raw garbage.
    for (version, state) in [(0, serde_json::json!("receive_topic")), (2, serde_json::json!({ "gone_variant": 1 }))] {
        write_record(&engine, &record(version, state));
        let outcome = say(&engine, "halo");
        assert_eq!(outcome.state, "receive_topic");
        assert!(texts(&outcome).contains("ada pembaruan sistem"), "{}", texts(&outcome));
    }
    // Bytes that are no record at all, as a damaged disk might leave them.
    drop(engine);
    let entries = vec![(user().storage_key(), b"\x00not json".to_vec())];
    cekbae_sled_store::raw::write_tree(dir.path(), "sessions", &entries).unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    let outcome = say(&engine, "halo");
    assert!(texts(&outcome).contains("ada pembaruan sistem"));
    assert_eq!(say(&engine, "2").state, "receive_description", "the resident goes on normally afterwards");
}

/// A dialogue with a bug: it panics on "boom".
struct Panicky;

impl Dialogue for Panicky {
    type State = u32;
    const VERSION: u32 = 1;
    fn start(&self) -> u32 {
        0
    }
    fn welcome(&self, _turn: &Turn<'_>, _input: &Input) -> Transition<u32> {
        Transition::to(1, vec![Reply::say(Say::new("pengaduan-ask-topic"))])
    }
    fn step(&self, _turn: &Turn<'_>, state: u32, input: &Input) -> Transition<u32> {
        assert!(input.text != "boom", "a bug in a dialogue");
        Transition::to(state + 1, vec![])
    }
    fn prompt(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn help(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn state_name(&self, _state: &u32) -> &'static str {
        "counting"
    }
    fn slots(&self, state: &u32) -> Vec<(&'static str, String)> {
        vec![("count", state.to_string())]
    }
    fn message_ids(&self) -> BTreeSet<String> {
        BTreeSet::new()
    }
}

fn panicky_engine(dir: &std::path::Path) -> Engine<Panicky> {
    let store = Arc::new(SledStore::open(dir).unwrap());
    let clock = Arc::new(FixedClock::new(now()));
    Engine::new(Panicky, Arc::new(example_locales()), GlobalWords::builtin(), store, clock, EngineConfig::default())
}

#[test]
fn a_panicking_dialogue_gets_an_apology_and_keeps_its_state() {
    let dir = tempfile::tempdir().unwrap();
    let engine = panicky_engine(dir.path());
    say(&engine, "halo");
    say(&engine, "satu");
    let outcome = say(&engine, "boom");
    assert!(texts(&outcome).contains("terjadi gangguan"), "{}", texts(&outcome));
    assert_eq!(outcome.slots, vec![("count".to_owned(), "2".to_owned())]);
    assert_eq!(say(&engine, "dua").slots, vec![("count".to_owned(), "3".to_owned())]);
}

#[test]
fn turns_of_one_resident_are_serialised_and_of_many_run_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(panicky_engine(dir.path()));
    let threads: Vec<_> = (0..8)
        .map(|n| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || {
                for _ in 0..25 {
                    // Every thread writes as the same resident and as its own.
                    engine.handle(&Incoming::text(UserKey::new("test", "shared"), "x")).unwrap();
                    engine.handle(&Incoming::text(UserKey::new("test", format!("own-{n}")), "x")).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    // The first message of a session is the welcome (state 1); each later one adds 1.
    let shared = engine.describe(&UserKey::new("test", "shared")).unwrap();
    assert_eq!(shared.slots, vec![("count".to_owned(), "200".to_owned())], "no turn was lost to a race");
    let own = engine.describe(&UserKey::new("test", "own-3")).unwrap();
    assert_eq!(own.slots, vec![("count".to_owned(), "25".to_owned())]);
}

#[test]
fn idle_sessions_are_purged_and_their_residents_greeted_anew() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let engine = engine_at(dir.path(), clock.clone());
    say(&engine, "halo");
    say(&engine, "1");
    let other = UserKey::new("test", "recent");
    clock.advance(Duration::days(31));
    engine.handle(&Incoming::text(other.clone(), "halo")).unwrap();
    let removed = engine.store().sessions().purge_idle(cekbae_bot::Clock::now(&*clock) - Duration::days(30)).unwrap();
    assert_eq!(removed, 1);
    assert_eq!(engine.store().sessions().users().unwrap(), vec![other.clone()]);
    let stored = |user: &UserKey| engine.store().begin_turn(user).unwrap().session().unwrap();
    assert!(matches!(stored(&user()), LoadedSession::Missing));
    assert!(matches!(stored(&other), LoadedSession::Found(_)));
}

#[test]
fn old_message_ids_are_forgotten_by_pruning() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let engine = engine_at(dir.path(), clock.clone());
    let message = |id: &str| Incoming {
        user: user(),
        message_id: Some(id.into()),
        text: "halo".into(),
        choice: None,
        attachment: None,
    };
    engine.handle(&message("wamid.old")).unwrap();
    clock.advance(Duration::days(8));
    engine.handle(&message("wamid.new")).unwrap();
    let pruned = engine.store().sessions().prune_seen(now() + Duration::days(1)).unwrap();
    assert_eq!(pruned, 1);
    let tx = engine.store().begin_turn(&user()).unwrap();
    assert!(!tx.is_seen("wamid.old").unwrap());
    assert!(tx.is_seen("wamid.new").unwrap());
}

/// Pengaduan whose topic question, when the office asks it outside a turn, waits past the idle timeout.
struct Offering(Pengaduan);

impl Dialogue for Offering {
    type State = pengaduan::State;
    const VERSION: u32 = Pengaduan::VERSION;
    fn start(&self) -> Self::State {
        self.0.start()
    }
    fn welcome(&self, turn: &Turn<'_>, input: &Input) -> Transition<Self::State> {
        self.0.welcome(turn, input)
    }
    fn step(&self, turn: &Turn<'_>, state: Self::State, input: &Input) -> Transition<Self::State> {
        self.0.step(turn, state, input)
    }
    fn prompt(&self, turn: &Turn<'_>, state: &Self::State) -> Vec<Reply> {
        self.0.prompt(turn, state)
    }
    fn help(&self, turn: &Turn<'_>, state: &Self::State) -> Vec<Reply> {
        self.0.help(turn, state)
    }
    fn state_name(&self, state: &Self::State) -> &'static str {
        self.0.state_name(state)
    }
    fn slots(&self, state: &Self::State) -> Vec<(&'static str, String)> {
        self.0.slots(state)
    }
    fn message_ids(&self) -> BTreeSet<String> {
        self.0.message_ids()
    }
    fn outlives_idle(&self, state: &Self::State) -> bool {
        *state == pengaduan::State::ReceiveTopic
    }
}

#[test]
fn an_offer_queued_outside_a_turn_is_answered_by_number_even_hours_later() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let locales = Arc::new(example_locales());
    let config = EngineConfig { outbox: true, ..EngineConfig::default() };
    let engine = Engine::new(Offering(Pengaduan), locales, GlobalWords::builtin(), store, clock.clone(), config);
    // A resident who finished long ago gets the office's question; the offer sees a fresh start state.
    say(&engine, "halo");
    say(&engine, "1");
    say(&engine, "Antrian terlalu panjang");
    clock.advance(Duration::days(2));
    let mut seen = None;
    let id = engine
        .queue_offer(&user(), engine.now(), |turn, state| {
            seen = Some(state.clone());
            Transition::to(
                pengaduan::State::ReceiveTopic,
                engine.dialogue().prompt(turn, &pengaduan::State::ReceiveTopic),
            )
        })
        .unwrap()
        .expect("an offer with replies is queued");
    assert_eq!(seen, Some(pengaduan::State::ReceiveTopic), "an idle conversation is offered from its start");
    let pending = engine.pending_outbox().unwrap();
    let (_, entry) = pending.iter().find(|(it, _)| *it == id).expect("the offer waits in the outbox");
    assert_eq!(entry.user, user());
    assert!(!entry.replies.last().unwrap().options.is_empty(), "rendered with its options");
    // Three hours later (the idle timeout is 30 minutes), a number picks from the offer's options.
    clock.advance(Duration::hours(3));
    let outcome = say(&engine, "2");
    assert_eq!(outcome.state, "receive_description", "{}", texts(&outcome));
    assert!(!texts(&outcome).contains("sudah lama tidak dilanjutkan"), "{}", texts(&outcome));
    // Any other state still expires as before.
    clock.advance(Duration::hours(3));
    assert_eq!(say(&engine, "halo").state, "receive_topic");
}

#[path = "engine/effects.rs"]
mod effects;

#[test]
fn an_offer_that_says_nothing_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let config = EngineConfig { outbox: true, ..EngineConfig::default() };
    let engine = Engine::new(Pengaduan, Arc::new(example_locales()), GlobalWords::builtin(), store, clock, config);
    say(&engine, "halo");
    let before = engine.describe(&user()).unwrap();
    let pending = engine.pending_outbox().unwrap().len();
    let queued = engine.queue_offer(&user(), engine.now(), |_, state| Transition::to(state, Vec::new())).unwrap();
    assert_eq!(queued, None);
    assert_eq!(engine.pending_outbox().unwrap().len(), pending, "no outbox entry");
    assert_eq!(engine.describe(&user()).unwrap().state, before.state);
}

/// The example's locales plus English engine messages, so a template language has a locale to differ from `id`.
fn locales_with_english() -> cekbae_bot::Locales {
    let source = |locale: &str, path: &str, text: &str| cekbae_bot::FtlSource {
        locale: locale.into(),
        path: path.into(),
        text: text.into(),
    };
    let sources = vec![
        source("id", "engine.ftl", include_str!("../../locales/id/engine.ftl")),
        source("id", "pengaduan.ftl", pengaduan::PENGADUAN_FTL_ID),
        source("en", "engine.ftl", include_str!("../../locales/en/engine.ftl")),
    ];
    cekbae_bot::Locales::from_sources("id", sources).unwrap()
}

/// Queues an office message whose template parameter is "yes", and returns that parameter as rendered.
fn template_parameter(engine: &Engine<Pengaduan>) -> String {
    let id = engine
        .queue_offer(&user(), engine.now(), |_, state| {
            let reply = Reply::say(Say::new("engine-option-yes")).proactive(
                "reminder",
                vec![Say::new("engine-option-yes")],
                None,
            );
            Transition::to(state, vec![reply])
        })
        .unwrap()
        .expect("queued");
    let pending = engine.pending_outbox().unwrap();
    let (_, entry) = pending.into_iter().find(|(it, _)| *it == id).unwrap();
    let proactive = entry.replies[0].proactive.clone().expect("a template");
    proactive.params.join("|")
}

#[test]
fn template_parameters_are_rendered_in_the_template_language_with_or_without_a_region() {
    let config = EngineConfig { outbox: true, ..EngineConfig::default() };
    let open = |dir: &std::path::Path| {
        let store = Arc::new(SledStore::open(dir).unwrap());
        let clock = Arc::new(FixedClock::new(now()));
        Engine::new(Pengaduan, Arc::new(locales_with_english()), GlobalWords::builtin(), store, clock, config.clone())
    };
    let default_dir = tempfile::tempdir().unwrap();
    assert_eq!(template_parameter(&open(default_dir.path())), "Ya", "the default locale without a setting");
    let english_dir = tempfile::tempdir().unwrap();
    let english = open(english_dir.path()).with_template_language("en_US");
    assert_eq!(template_parameter(&english), "Yes", "WhatsApp's en_US is the en locale");
    let unknown_dir = tempfile::tempdir().unwrap();
    let unknown = open(unknown_dir.path()).with_template_language("pt_BR");
    assert_eq!(template_parameter(&unknown), "Ya", "a language without a locale falls back to the default");
}
