//! The engine: runs one turn of a [`Dialogue`] for one resident, with sessions, global commands and expiry.
//!
//! | module | concern |
//! |---|---|
//! | `turn` | one turn: input, global words, the dialogue's step, the commit |
//! | `session` | the live session of a turn and its stored record |
//! | `outbox` | notices, queued messages and the outbox the dispatcher delivers from |
//! | `render` | Fluent rendering of replies, the language menu |
//! | `handover` | handovers to a petugas |
//! | `privacy` | "hapus data saya" |
//! | `rekey` | a resident whose channel id changed |

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::dialogue::Dialogue;
use crate::i18n::Locales;
use crate::message::{Outgoing, UserKey};
use crate::storage::{StorageError, Store};
use crate::words::GlobalWords;

mod files;
mod handover;
mod held;
mod outbox;
mod privacy;
mod rekey;
mod render;
mod session;
mod turn;

/// Tunables of the engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// A session idle longer than this starts over with a short note.
    pub idle_timeout: Duration,
    /// How many earlier states `kembali` can go back through.
    pub history_limit: usize,
    /// Keep each turn's replies in the outbox until the adapter reports them
    /// delivered ([`Engine::delivered`]). For channels that send over a network.
    pub outbox: bool,
    /// A handover nobody wrote in for this long ends; the bot answers again.
    pub handover_idle: Duration,
    /// The locale of the channels' message templates (WhatsApp has no Sundanese ones); the default locale
    /// when `None` or not loaded.
    pub template_locale: Option<String>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            history_limit: 10,
            outbox: false,
            handover_idle: Duration::minutes(30),
            template_locale: None,
        }
    }
}

/// Infrastructure failures of a turn. Residents never see these; adapters log them.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Storage failed; nothing of the turn was written.
    #[error(transparent)]
    Store(#[from] StorageError),
    /// A session could not be encoded (a bug in a dialogue's state type).
    #[error("cannot encode session: {0}")]
    Encode(#[from] serde_json::Error),
}

/// What a turn produced.
#[derive(Debug, Clone)]
pub struct TurnOutcome {
    /// Messages to send, in order.
    pub replies: Vec<Outgoing>,
    /// The dialogue state's name after the turn.
    pub state: String,
    /// What the dialogue knows after the turn, masked where personal.
    pub slots: Vec<(String, String)>,
    /// The resident's locale after the turn.
    pub locale: String,
    /// `true` when the message id had been processed before and nothing was done.
    pub duplicate: bool,
    /// The outbox entry holding `replies`, when the engine keeps an outbox.
    pub outbox_id: Option<u64>,
}

/// The answer to a message the dialogue does not see ([`Engine::notice`]).
#[derive(Debug, Clone)]
pub struct Notice {
    /// The rendered reply.
    pub replies: Vec<Outgoing>,
    /// Its outbox entry, when the engine keeps an outbox.
    pub outbox_id: Option<u64>,
}

/// Runs dialogues turn by turn. Cheap to share behind an `Arc`; turns of one
/// resident are serialised (by the store's [`Store::begin_turn`]), turns of
/// different residents run in parallel.
pub struct Engine<D: Dialogue> {
    dialogue: D,
    locales: Arc<Locales>,
    words: GlobalWords,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
    /// The pseudonym salt of the statistics, read from the store on first use.
    salt: OnceLock<Vec<u8>>,
}

const LANGUAGE_PREFIX: &str = "lang:";
const COMMAND_PREFIX: &str = "cmd:";
const FORGET_YES: &str = "forget:yes";
const FORGET_NO: &str = "forget:no";

/// Every message id the engine itself may emit, for `cekbae check`.
pub const ENGINE_MESSAGE_IDS: &[&str] = &[
    "engine-session-expired",
    "engine-session-reset",
    "engine-language-menu",
    "engine-language-switched",
    "engine-language-self",
    "engine-language-detected",
    "engine-no-previous-step",
    "engine-human-unavailable",
    "engine-apology",
    "engine-choose",
    "engine-non-text",
    "engine-petugas-says",
    "engine-handover-waiting",
    "engine-handover-ended",
    "engine-forget-confirm",
    "engine-forget-done",
    "engine-forget-failed",
    "engine-forget-kept",
    "engine-option-yes",
    "engine-option-no",
    "engine-slow-down",
    "engine-text",
    "engine-group-private",
];

/// Longest message text a dialogue sees; WhatsApp's own limit is 4096 characters.
/// Anything longer is cut, so a flood of text costs the same as a normal message.
pub const MAX_TEXT_CHARS: usize = 4096;

impl<D: Dialogue> Engine<D> {
    /// Builds an engine. Locales and words are loaded and checked by the caller, once.
    pub fn new(
        dialogue: D,
        locales: Arc<Locales>,
        words: GlobalWords,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        config: EngineConfig,
    ) -> Self {
        Self { dialogue, locales, words, store, clock, config, salt: OnceLock::new() }
    }

    /// Sets the locale of the channels' message templates, from a template language code such as `id` or
    /// `en_US` (WhatsApp's codes carry a region; the locales do not). A language without a loaded locale
    /// falls back to the default locale when rendering.
    pub fn with_template_language(mut self, code: &str) -> Self {
        let locale = code.split(['_', '-']).next().unwrap_or(code);
        self.config.template_locale = Some(locale.to_owned());
        self
    }

    /// The dialogue this engine runs.
    pub fn dialogue(&self) -> &D {
        &self.dialogue
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The loaded locales.
    pub fn locales(&self) -> &Locales {
        &self.locales
    }

    /// The engine's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A resident's pseudonym in the anonymous statistics.
    fn pseudonym(&self, user: &UserKey) -> Result<String, EngineError> {
        let salt = match self.salt.get() {
            Some(salt) => salt,
            None => {
                let salt = self.store.keys().pseudonym_salt()?;
                self.salt.get_or_init(|| salt)
            }
        };
        Ok(crate::stats::pseudonym(salt, user))
    }
}
