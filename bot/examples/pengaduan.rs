//! A two-step complaint intake (pengaduan): shows another office how to write its own dialogue.
//!
//! ```text
//!  - halo
//!  - Layanan pengaduan. Tentang apa pengaduan Anda?
//!    1. Pelayanan  2. Fasilitas  3. Lainnya
//!  - 2
//!  - Ceritakan singkat apa yang terjadi.
//!  - Toilet kantor rusak sejak minggu lalu
//!  - Terima kasih. Nomor pengaduan Anda: ADU-0001.
//! ```
//!
//! Run it with `cargo run -p cekbae-bot --example pengaduan` and type lines.
//! Everything except the dialogue itself (sessions, `menu`, `kembali`,
//! `batal`, `bahasa`, expiry, rendering) comes from the engine.
//!
//! Complaints are the dialogue's own records, written through the turn
//! ([`Turn::store`]): numbered from a store sequence (no two residents get the
//! same number), committed with the turn (a message delivered twice makes one
//! complaint), sealed at rest, and deleted by "hapus data saya".

use std::collections::BTreeSet;
use std::io::BufRead;
use std::sync::Arc;

use cekbae_bot::storage::{Sequence, StorageError};
use cekbae_bot::{
    Dialogue, Engine, EngineConfig, FtlSource, GlobalWords, Incoming, Input, Locales, Reply, Say, SystemClock,
    Transition, Turn, UserKey,
};
use cekbae_sled_store::SledStore;
use serde::{Deserialize, Serialize};

/// What the complaint dialogue waits for. Variants name what the bot waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum State {
    /// Waiting for a topic.
    ReceiveTopic,
    /// Waiting for the description of a complaint about `topic`.
    ReceiveDescription {
        /// The chosen topic.
        topic: String,
    },
    /// Complaint recorded.
    Recorded {
        /// The complaint's number, e.g. `ADU-0001`.
        reference: String,
    },
}

/// The complaint intake.
pub(crate) struct Pengaduan;

const TOPICS: &[&str] = &["pelayanan", "fasilitas", "lainnya"];

/// The kind of the complaint records, and the name of their numbering.
pub(crate) const COMPLAINTS: &str = "pengaduan";

impl Pengaduan {
    /// Numbers and stores a complaint in the turn; returns its reference (`ADU-0001`).
    fn record(&self, turn: &Turn<'_>, topic: &str, text: &str) -> Result<String, StorageError> {
        let number = turn.store.next_id(Sequence::Dialogue(COMPLAINTS))?;
        let reference = format!("ADU-{number:04}");
        let value = serde_json::json!({ "topic": topic, "text": text });
        turn.store.records().put(COMPLAINTS, &reference, turn.now, value)?;
        Ok(reference)
    }

    fn ask_topic(&self) -> Reply {
        let mut reply = Reply::say(Say::new("pengaduan-ask-topic"));
        for topic in TOPICS {
            reply = reply.option(format!("topic:{topic}"), Say::new(format!("pengaduan-topic-{topic}")));
        }
        reply
    }
}

impl Dialogue for Pengaduan {
    type State = State;
    const VERSION: u32 = 2;

    fn start(&self) -> State {
        State::ReceiveTopic
    }

    fn welcome(&self, _turn: &Turn<'_>, _input: &Input) -> Transition<State> {
        Transition::to(State::ReceiveTopic, vec![self.ask_topic()])
    }

    fn step(&self, turn: &Turn<'_>, state: State, input: &Input) -> Transition<State> {
        match state {
            State::ReceiveTopic => {
                let typed = input.text.trim().to_lowercase();
                let topic = input
                    .choice
                    .as_deref()
                    .and_then(|c| c.strip_prefix("topic:"))
                    .map(str::to_owned)
                    .or_else(|| TOPICS.iter().find(|t| **t == typed).map(|t| (*t).to_owned()));
                match topic {
                    Some(topic) => Transition::to(
                        State::ReceiveDescription { topic },
                        vec![Reply::say(Say::new("pengaduan-ask-description"))],
                    ),
                    None => Transition::to(
                        State::ReceiveTopic,
                        vec![Reply::say(Say::new("pengaduan-not-understood")), self.ask_topic()],
                    ),
                }
            }
            State::ReceiveDescription { topic } => {
                if input.text.trim().chars().count() < 5 {
                    return Transition::to(
                        State::ReceiveDescription { topic },
                        vec![Reply::say(Say::new("pengaduan-too-short"))],
                    );
                }
                let reference = match self.record(turn, &topic, &input.text) {
                    Ok(reference) => reference,
                    Err(err) => {
                        tracing::error!(user = %turn.user, error = %err, "cannot store a complaint");
                        return Transition::to(
                            State::ReceiveDescription { topic },
                            vec![Reply::say(Say::new("engine-apology"))],
                        );
                    }
                };
                let reply = Reply::say(Say::new("pengaduan-recorded").arg("reference", reference.clone()));
                Transition::to(State::Recorded { reference }, vec![reply]).committed()
            }
            State::Recorded { reference } => {
                let reply = Reply::say(Say::new("pengaduan-recorded").arg("reference", reference.clone()));
                Transition::to(State::Recorded { reference }, vec![reply])
            }
        }
    }

    fn prompt(&self, _turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        match state {
            State::ReceiveTopic => vec![self.ask_topic()],
            State::ReceiveDescription { .. } => vec![Reply::say(Say::new("pengaduan-ask-description"))],
            State::Recorded { reference } => {
                vec![Reply::say(Say::new("pengaduan-recorded").arg("reference", reference.clone()))]
            }
        }
    }

    fn help(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        let mut replies = vec![Reply::say(Say::new("pengaduan-help"))];
        replies.extend(self.prompt(turn, state));
        replies
    }

    /// The resident's complaints go with the rest of their data.
    fn forget(&self, turn: &Turn<'_>) -> Result<usize, StorageError> {
        turn.store.records().forget_mine(COMPLAINTS)
    }

    fn state_name(&self, state: &State) -> &'static str {
        match state {
            State::ReceiveTopic => "receive_topic",
            State::ReceiveDescription { .. } => "receive_description",
            State::Recorded { .. } => "recorded",
        }
    }

    fn slots(&self, state: &State) -> Vec<(&'static str, String)> {
        match state {
            State::ReceiveTopic => vec![],
            State::ReceiveDescription { topic } => vec![("topic", topic.clone())],
            State::Recorded { reference } => vec![("reference", reference.clone())],
        }
    }

    fn message_ids(&self) -> BTreeSet<String> {
        let mut ids: BTreeSet<String> = [
            "pengaduan-ask-topic",
            "pengaduan-ask-description",
            "pengaduan-not-understood",
            "pengaduan-too-short",
            "pengaduan-recorded",
            "pengaduan-help",
        ]
        .iter()
        .map(|it| (*it).to_owned())
        .collect();
        ids.extend(TOPICS.iter().map(|t| format!("pengaduan-topic-{t}")));
        ids
    }

    /// Version 1 stored the topic as a number (1-based); version 2 stores its name.
    fn migrate(&self, version: u32, raw: serde_json::Value) -> Option<State> {
        if version != 1 {
            return None;
        }
        if raw == "receive_topic" {
            return Some(State::ReceiveTopic);
        }
        let index = raw.get("receive_description")?.get("topic_number")?.as_u64()?;
        let topic = TOPICS.get(usize::try_from(index).ok()?.checked_sub(1)?)?;
        Some(State::ReceiveDescription { topic: (*topic).to_owned() })
    }
}

/// The example's own messages; a real office keeps them in `locales/<lang>/pengaduan.ftl`.
pub(crate) const PENGADUAN_FTL_ID: &str = "\
pengaduan-ask-topic = Layanan pengaduan. Tentang apa pengaduan Anda?
pengaduan-topic-pelayanan = Pelayanan
pengaduan-topic-fasilitas = Fasilitas
pengaduan-topic-lainnya = Lainnya
pengaduan-ask-description = Ceritakan singkat apa yang terjadi.
pengaduan-not-understood = Mohon pilih salah satu topik.
pengaduan-too-short = Mohon ceritakan sedikit lebih lengkap.
pengaduan-recorded = Terima kasih. Nomor pengaduan Anda: { $reference }.
pengaduan-help = Pilih topik, lalu ceritakan masalahnya. Ketik *batal* untuk membatalkan.
";

/// Locales for the example: the engine's messages plus the example's own.
pub(crate) fn example_locales() -> Locales {
    let sources = vec![
        FtlSource {
            locale: "id".into(),
            path: "engine.ftl".into(),
            text: include_str!("../../locales/id/engine.ftl").into(),
        },
        FtlSource { locale: "id".into(), path: "pengaduan.ftl".into(), text: PENGADUAN_FTL_ID.into() },
    ];
    Locales::from_sources("id", sources).expect("example locales are valid")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join("cekbae-pengaduan-example");
    let store = SledStore::open(&dir)?;
    let engine = Engine::new(
        Pengaduan,
        Arc::new(example_locales()),
        GlobalWords::builtin(),
        Arc::new(store),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let user = UserKey::new("console", "warga");
    for line in std::io::stdin().lock().lines() {
        let outcome = engine.handle(&Incoming::text(user.clone(), line?))?;
        for reply in outcome.replies {
            println!("{}\n", reply.to_plain_text());
        }
    }
    Ok(())
}
