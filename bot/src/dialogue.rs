//! The `Dialogue` trait: what a guided conversation must provide to run on the engine.

use std::collections::BTreeSet;
use std::fmt::Debug;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::message::UserKey;
use crate::say::Reply;
use crate::storage::{StorageError, TurnTx};
use crate::words::Intent;

/// Context of one turn, given to every dialogue call.
#[derive(Clone)]
pub struct Turn<'a> {
    /// Who is writing.
    pub user: &'a UserKey,
    /// The engine clock's "now" for this turn.
    pub now: DateTime<Utc>,
    /// The resident's current locale code.
    pub locale: &'a str,
    /// The turn's unit of work: what a dialogue writes through it (records, bookings, ids from the store's
    /// sequences) is committed together with the session and the processed message id, or not at all. A
    /// message delivered twice is processed once, so its writes happen once.
    pub store: &'a dyn TurnTx,
}

impl std::fmt::Debug for Turn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Turn").field("user", self.user).field("now", &self.now).field("locale", &self.locale).finish()
    }
}

/// What the resident sent, after the engine resolved menu numbers.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The raw text (for a button press, its label or the typed number).
    pub text: String,
    /// The text's normalised tokens ([`crate::text::tokens`]), computed once per turn.
    pub tokens: Vec<String>,
    /// The id of the option picked, by button or by its number in the menu shown last.
    pub choice: Option<String>,
    /// An everyday intent the message expresses (greeting, thanks, yes, no).
    pub intent: Option<Intent>,
    /// A file the resident sent with this message (its caption is [`Input::text`]).
    pub attachment: Option<crate::message::Attachment>,
}

impl Input {
    /// Typed text, normalised as the engine does.
    pub fn typed(text: &str) -> Self {
        Self { text: text.to_owned(), tokens: crate::text::tokens(text), ..Self::default() }
    }
}

/// The outcome of a dialogue call: the next state and what to say.
#[derive(Debug, Clone)]
pub struct Transition<S> {
    /// The state to store.
    pub state: S,
    /// Reply bubbles, in order.
    pub replies: Vec<crate::say::Reply>,
    /// `true` when something irreversible happened (e.g. a booking): `back` cannot undo it.
    pub commit: bool,
    /// Switch the resident to this locale before rendering the replies.
    pub switch_locale: Option<String>,
}

impl<S> Transition<S> {
    /// Moves to `state` and says `replies`.
    pub fn to(state: S, replies: Vec<Reply>) -> Self {
        Self { state, replies, commit: false, switch_locale: None }
    }

    /// Marks the transition as irreversible.
    pub fn committed(mut self) -> Self {
        self.commit = true;
        self
    }
}

/// A guided conversation as a typed state machine.
///
/// The engine owns sessions, global commands (`menu`, `kembali`, `batal`,
/// `bantuan`, `bahasa`), expiry and rendering; a dialogue only decides how
/// its own states answer an input. Display text never lives here: replies
/// are Fluent message ids.
///
/// A dialogue that keeps data of its own writes it through [`Turn::store`]
/// during its calls, never to storage of its own: those writes then commit
/// atomically with the turn. A storage failure inside `step` is answered with
/// a polite apology transition (the write is lost with the turn's other
/// writes if the commit fails); a dialogue never panics over it.
pub trait Dialogue: Send + Sync + 'static {
    /// The dialogue's state, stored in the session. Keep it small and serde-stable.
    type State: Clone + Debug + Serialize + DeserializeOwned + Send;

    /// Bump when `State` changes incompatibly; older sessions go through [`Dialogue::migrate`].
    const VERSION: u32;

    /// Whether the engine keeps the states a resident passed through, for `kembali`.
    /// A dialogue that implements [`Dialogue::back`] for every state sets this to
    /// `false`, which keeps stored sessions small.
    const KEEPS_HISTORY: bool = true;

    /// The state a new or restarted conversation begins in.
    fn start(&self) -> Self::State;

    /// Answers the first message of a conversation (new, expired or reset).
    fn welcome(&self, turn: &Turn<'_>, input: &Input) -> Transition<Self::State>;

    /// Answers one input in `state`.
    fn step(&self, turn: &Turn<'_>, state: Self::State, input: &Input) -> Transition<Self::State>;

    /// What to show to (re-)enter `state`: after `kembali`, `menu` or a language switch.
    fn prompt(&self, turn: &Turn<'_>, state: &Self::State) -> Vec<Reply>;

    /// Help for the current step.
    fn help(&self, turn: &Turn<'_>, state: &Self::State) -> Vec<Reply>;

    /// Handles `batal`. The default returns to the start state and shows its prompt.
    fn cancel(&self, turn: &Turn<'_>, _state: Self::State) -> Transition<Self::State> {
        let start = self.start();
        let replies = self.prompt(turn, &start);
        Transition::to(start, replies)
    }

    /// The state `kembali` leads to. The default, `None`, lets the engine go
    /// back through the states the resident actually passed.
    fn back(&self, _state: &Self::State) -> Option<Self::State> {
        None
    }

    /// Handles a request for a person (`petugas`). The default explains none is available here.
    fn human(&self, turn: &Turn<'_>, state: &Self::State) -> Vec<Reply> {
        let mut res = vec![Reply::say(crate::say::Say::new("engine-human-unavailable"))];
        res.extend(self.prompt(turn, state));
        res
    }

    /// Whether `state` waits for an answer beyond the idle timeout: a question
    /// the office asked outside any turn ([`crate::Engine::queue_offer`], e.g.
    /// "your day was closed, pick another") stays open until answered, since
    /// the resident may read it hours later. The default, `false`, lets every
    /// idle conversation start over.
    fn outlives_idle(&self, _state: &Self::State) -> bool {
        false
    }

    /// Whether the dialogue reads files residents send ([`Input::attachment`]). When `false` (the default), a
    /// channel answers a photo or a document with its "please type" notice without a turn; when `true`, the
    /// message reaches [`Dialogue::step`] with the file announced and the dialogue decides what it is for.
    fn accepts_files(&self) -> bool {
        false
    }

    /// A file the resident sent was fetched from the channel, or could not be (`outcome`), in the resident's
    /// turn: the dialogue checks it and stores it through [`Turn::store`] (`files().store`), or drops the
    /// pending record (`files().drop_pending`), and says what the resident should hear (a refusal in their
    /// language, or nothing when the turn that received the file already answered). An error rolls the turn
    /// back; the pending file stays to be tried again. The default drops the file and says nothing.
    fn file_fetched(
        &self,
        turn: &Turn<'_>,
        pending: &crate::storage::PendingFile,
        _outcome: Result<crate::media::FetchedMedia, crate::media::MediaError>,
    ) -> Result<Vec<Reply>, StorageError> {
        turn.store.files().drop_pending(pending.id)?;
        Ok(Vec::new())
    }

    /// Whether a person can answer a handover right now (office hours). The
    /// handover is recorded either way; this only labels it for reports.
    fn staffed(&self, _now: DateTime<Utc>) -> bool {
        true
    }

    /// Non-personal facts about the state for the anonymous statistics (e.g. the
    /// document asked for). Never a NIK, a name or a ticket.
    fn stats(&self, _state: &Self::State) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Deletes, through [`Turn::store`], what the dialogue stores about the
    /// turn's resident outside the session (e.g. bookings) when they ask for
    /// their data to be deleted. Returns how many records went. On an error
    /// nothing is deleted (the turn's writes are rolled back) and the resident
    /// is told the deletion failed.
    fn forget(&self, _turn: &Turn<'_>) -> Result<usize, StorageError> {
        Ok(0)
    }

    /// The state's name as shown in traces (`menu`, `reason`, ...).
    fn state_name(&self, state: &Self::State) -> &'static str;

    /// What the state knows, as (slot name, display value). Personal data must be masked here.
    fn slots(&self, state: &Self::State) -> Vec<(&'static str, String)>;

    /// Every Fluent message id the dialogue can emit, for `cekbae check`.
    fn message_ids(&self) -> BTreeSet<String>;

    /// Converts a state stored by an older [`Dialogue::VERSION`]; `None` resets the resident politely.
    fn migrate(&self, _version: u32, _raw: serde_json::Value) -> Option<Self::State> {
        None
    }
}
