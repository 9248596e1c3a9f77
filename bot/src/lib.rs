//! cekbae-bot is a generic engine for guided, menu-driven chatbots.
//!
//! A dialogue is a Rust type with typed, serde-serialisable states: it says
//! what each state answers to an input, in Fluent message ids. The engine does
//! everything else: it stores sessions through the storage seam ([`storage`];
//! sled in `cekbae-sled-store` by default), surviving restarts and processing
//! each channel message at most once, applies the global words
//! (`menu`, `kembali`, `batal`, `bantuan`, `bahasa`, `petugas`), expires idle
//! sessions politely, reads menu numbers against the menu shown last, and
//! renders replies through Fluent in the resident's locale with fallback.
//!
//! The engine knows nothing about WhatsApp, Telegram, HTTP or terminals:
//! adapters convert their wire formats into [`Incoming`] and draw
//! [`Outgoing`] messages (text plus options) however their channel can.
//!
//! # Example
//!
//! ```no_run
//! use std::sync::Arc;
//! use cekbae_bot::{Engine, EngineConfig, GlobalWords, Incoming, Locales, Store, SystemClock, UserKey};
//! # fn demo<D: cekbae_bot::Dialogue>(dialogue: D, store: Arc<dyn Store>) -> Result<(), Box<dyn std::error::Error>> {
//! let locales = Arc::new(Locales::load_dir("locales".as_ref(), "id").map_err(|e| format!("{e:?}"))?);
//! // `store`: a backend, e.g. `cekbae_sled_store::SledStore::open("data".as_ref())?`.
//! let engine = Engine::new(dialogue, locales, GlobalWords::builtin(), store, Arc::new(SystemClock), EngineConfig::default());
//! let outcome = engine.handle(&Incoming::text(UserKey::new("console", "warga"), "halo"))?;
//! for reply in outcome.replies {
//!     println!("{}", reply.to_plain_text());
//! }
//! # Ok(()) }
//! ```
//!
//! `examples/pengaduan.rs` is a complete two-step dialogue for another office.
//!
//! # Concepts
//!
//! | type | role |
//! |---|---|
//! | [`Dialogue`] | a conversation as a state machine; `step` maps (state, input) to a [`Transition`] |
//! | [`Say`], [`Reply`] | unrendered replies: Fluent ids, arguments and options |
//! | [`Engine`] | runs turns; owns sessions, global words, expiry, rendering |
//! | [`Store`], [`TurnTx`] | the storage seam: a turn's atomic unit of work, outbox, inbox, handovers ([`storage`]) |
//! | [`Locales`] | Fluent bundles per locale, with fallback to the default |
//! | [`Matcher`] | alias matching with typo tolerance, for dialogues' own vocabularies |
//! | [`Adapter`] | the boundary a channel implements to deliver replies |
//! | [`proactive`] | messages the office sends on its own: template data for windowed channels, delivery problems |
//! | [`burst`] | an answer every message of an album would get, said once |
//! | [`link_tag`] | a link's marker (Telegram's start parameter, a prefilled word) as `#payload` in the text |
//! | [`unsafe_chars`] | resident text made safe for staff screens (control and bidi characters) |

pub mod adapter;
pub mod burst;
pub mod clock;
pub mod dialogue;
pub mod engine;
pub mod handover;
pub mod i18n;
pub mod i18n_check;
pub mod link_tag;
pub mod matcher;
pub mod media;
pub mod message;
pub mod proactive;
pub mod say;
pub mod session;
pub mod stats;
pub mod storage;
pub mod text;
pub mod unsafe_chars;
pub mod words;

pub use adapter::Adapter;
pub use clock::{Clock, FixedClock, SystemClock};
pub use dialogue::{Dialogue, Input, Transition, Turn};
pub use engine::{Engine, EngineConfig, EngineError, Notice, TurnOutcome, ENGINE_MESSAGE_IDS};
pub use i18n::{FtlSource, LocaleError, Locales};
pub use matcher::{Hit, Matcher};
pub use media::{FetchedMedia, MediaError, MediaSource};
pub use message::{Attachment, Choice, Incoming, Location, Outgoing, UserKey};
pub use proactive::Proactive;
pub use say::{Arg, Pin, Reply, Say, Template};
pub use storage::{OutboxEntry, StorageError, Store, TurnTx};
pub use words::{Command, GlobalWords};
