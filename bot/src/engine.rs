//! The engine: runs one turn of a [`Dialogue`] for one resident, with sessions, global commands and expiry.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::dialogue::{Dialogue, Input, Transition, Turn};
use crate::i18n::Locales;
use crate::message::{Choice, Incoming, Location, Outgoing, UserKey};
use crate::outbox::OutboxEntry;
use crate::say::{Reply, Say};
use crate::session::{SessionRecord, SESSION_SCHEMA};
use crate::stats::ConversationStats;
use crate::store::{SessionStore, StoreError, TurnWrite};
use crate::text;
use crate::words::{Command, GlobalWords};

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
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            history_limit: 10,
            outbox: false,
            handover_idle: Duration::minutes(30),
        }
    }
}

/// Infrastructure failures of a turn. Residents never see these; adapters log them.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The session store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
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
/// resident are serialised, turns of different residents run in parallel.
pub struct Engine<D: Dialogue> {
    dialogue: D,
    locales: Arc<Locales>,
    words: GlobalWords,
    store: SessionStore,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
    locks: Vec<Mutex<()>>,
}

const LOCK_STRIPES: usize = 64;
/// Marks a loaded record whose state must not be decoded (another session schema,
/// or bytes that are not a record): the resident starts over with `engine-session-reset`.
const UNREADABLE_VERSION: u32 = u32::MAX;
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
    "engine-forget-kept",
    "engine-option-yes",
    "engine-option-no",
    "engine-slow-down",
];

/// A session being worked on during one turn.
struct Live<S> {
    state: S,
    history: Vec<S>,
    locale: String,
    locale_chosen: bool,
    created_at: DateTime<Utc>,
    turns: u64,
    conversation: u64,
    states: Vec<String>,
    facts: std::collections::BTreeMap<String, String>,
    recent: Vec<String>,
    pending_forget: bool,
}

impl<D: Dialogue> Engine<D> {
    /// Builds an engine. Locales and words are loaded and checked by the caller, once.
    pub fn new(
        dialogue: D,
        locales: Arc<Locales>,
        words: GlobalWords,
        store: SessionStore,
        clock: Arc<dyn Clock>,
        config: EngineConfig,
    ) -> Self {
        let locks = (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect();
        Self { dialogue, locales, words, store, clock, config, locks }
    }

    /// The dialogue this engine runs.
    pub fn dialogue(&self) -> &D {
        &self.dialogue
    }

    /// The session store.
    pub fn store(&self) -> &SessionStore {
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

    /// Sets a resident's locale (e.g. from `--locale`), creating the session if needed.
    /// Unknown locales are ignored.
    pub fn set_locale(&self, user: &UserKey, locale: &str) -> Result<(), EngineError> {
        if !self.locales.has_locale(locale) {
            return Ok(());
        }
        let _guard = self.lock(user);
        let now = self.clock.now();
        let mut record = match self.load_record(user)? {
            Some(it) => it,
            None => {
                let record = SessionRecord { locale_chosen: true, ..self.fresh_record(locale, now) };
                return Ok(self.store.save(user, &serde_json::to_vec(&record)?, None, now)?);
            }
        };
        record.locale = locale.to_owned();
        record.locale_chosen = true;
        self.store.save(user, &serde_json::to_vec(&record)?, None, now)?;
        Ok(())
    }

    /// Runs one turn: loads the session, applies global commands or the dialogue, saves, renders.
    pub fn handle(&self, incoming: &Incoming) -> Result<TurnOutcome, EngineError> {
        let user = &incoming.user;
        let _guard = self.lock(user);
        if let Some(message_id) = &incoming.message_id {
            if self.store.is_seen(&user.channel, message_id)? {
                tracing::info!(user = %user, "duplicate message ignored");
                return self.describe_stored(user, true);
            }
        }
        let now = self.clock.now();
        let stored = self.load_record(user)?;
        let mut notes: Vec<Reply> = Vec::new();
        let (mut live, options, fresh) = match stored {
            None => (self.fresh_live(self.locales.default_locale(), now), Vec::new(), true),
            Some(record) => {
                let locale = self.known_locale(&record.locale);
                let decoded = self.decode(&record);
                // An offer the office sent (a new day for a closed one) waits however long it takes.
                let waiting =
                    record.turns > 0 && decoded.as_ref().is_some_and(|live| self.dialogue.outlives_idle(&live.state));
                if now - record.updated_at > self.config.idle_timeout && !waiting {
                    notes.push(Reply::say(Say::new("engine-session-expired")));
                    let live = Live { locale_chosen: record.locale_chosen, ..self.fresh_live(&locale, now) };
                    (live, Vec::new(), true)
                } else {
                    match decoded {
                        // A record made by `set_locale` has not seen a message yet: greet.
                        Some(live) if record.turns == 0 => (live, Vec::new(), true),
                        Some(live) => (live, record.options, false),
                        None => {
                            tracing::warn!(user = %user, "stored session unreadable, starting over");
                            notes.push(Reply::say(Say::new("engine-session-reset")));
                            (self.fresh_live(&locale, now), Vec::new(), true)
                        }
                    }
                }
            }
        };
        if live.conversation == 0 {
            live.conversation = self.store.db().generate_id().map_err(StoreError::from)? + 1;
        }
        let input = self.resolve_input(incoming, &options);
        let command = self.command_of(&input);
        if live.pending_forget {
            live.pending_forget = false;
            if let Some(forgotten) = self.answer_forget(incoming, &live, &input, now)? {
                return Ok(forgotten);
            }
            if matches!(input.intent, Some(crate::words::Intent::No)) || input.choice.as_deref() == Some(FORGET_NO) {
                let replies = vec![Reply::say(Say::new("engine-forget-kept"))];
                return self.finish(incoming, live, replies, now);
            }
        }
        if command == Some(Command::Forget) {
            live.pending_forget = true;
            return self.finish(incoming, live, vec![forget_question()], now);
        }
        match self.follow_handover(user, &input, command.as_ref(), now)? {
            HandoverTurn::Quiet(replies) => return self.finish(incoming, live, replies, now),
            HandoverTurn::Ended(note) => notes.push(note),
            HandoverTurn::None => {}
        }
        if command == Some(Command::Human) {
            self.start_handover(user, &live, &input, now)?;
        }
        notes.extend(self.follow_language(&mut live, &input));
        let replies = self.run_turn(user, &mut live, &input, command, fresh, now);
        let replies: Vec<Reply> = notes.into_iter().chain(replies).collect();
        remember_recent(&mut live, &input);
        self.finish(incoming, live, replies, now)
    }

    /// Renders the replies and stores the turn: session, processed id, outbox, statistics.
    fn finish(
        &self,
        incoming: &Incoming,
        mut live: Live<D::State>,
        replies: Vec<Reply>,
        now: DateTime<Utc>,
    ) -> Result<TurnOutcome, EngineError> {
        let user = &incoming.user;
        let state_name = self.dialogue.state_name(&live.state);
        if !live.states.iter().any(|it| it == state_name) {
            live.states.push(state_name.to_owned());
        }
        for (key, value) in self.dialogue.stats(&live.state) {
            live.facts.insert(key.to_owned(), value);
        }
        let mut outgoing = self.render(&live.locale, &replies);
        for message in &mut outgoing {
            message.reply_to.clone_from(&incoming.message_id);
        }
        let record = self.record_of(&live, &outgoing, live.turns + 1, now)?;
        let stats = serde_json::to_vec(&ConversationStats {
            channel: user.channel.clone(),
            resident: self.store.stats().pseudonym(user),
            started_at: live.created_at,
            updated_at: now,
            states: live.states.clone(),
            facts: live.facts.clone(),
        })?;
        let entry = self.outbox_entry(user, incoming.message_id.as_deref(), &outgoing, now)?;
        let write = TurnWrite {
            message_id: incoming.message_id.as_deref(),
            outbox: entry.as_deref(),
            stats: Some((live.conversation, &stats)),
        };
        let outbox_id = self.store.write_turn(user, Some(&serde_json::to_vec(&record)?), write, now)?;
        tracing::debug!(user = %user, state = state_name, "turn done");
        Ok(TurnOutcome {
            replies: outgoing,
            state: state_name.to_owned(),
            slots: self.slots_of(&live.state),
            locale: live.locale,
            duplicate: false,
            outbox_id,
        })
    }

    /// Answers a message the dialogue cannot read (a photo, a voice note) with
    /// one engine message in the resident's language, without touching the
    /// conversation. Returns `None` for a message id processed before.
    pub fn notice(&self, user: &UserKey, message_id: Option<&str>, say: &Say) -> Result<Option<Notice>, EngineError> {
        let _guard = self.lock(user);
        if let Some(id) = message_id {
            if self.store.is_seen(&user.channel, id)? {
                tracing::info!(user = %user, "duplicate message ignored");
                return Ok(None);
            }
        }
        let now = self.clock.now();
        let locale = self.stored_locale(user)?;
        let mut outgoing = self.render(&locale, &[Reply::say(say.clone())]);
        for message in &mut outgoing {
            message.reply_to = message_id.map(str::to_owned);
        }
        let entry = self.outbox_entry(user, message_id, &outgoing, now)?;
        let write = TurnWrite { message_id, outbox: entry.as_deref(), stats: None };
        let outbox_id = self.store.write_turn(user, None, write, now)?;
        Ok(Some(Notice { replies: outgoing, outbox_id }))
    }

    /// Queues one message to a resident outside any turn (a petugas reply, a
    /// cancelled appointment), rendered in their language. It always goes
    /// through the outbox, so it is delivered by the running server, or by the
    /// next one to start. Returns the outbox id.
    pub fn queue_message(&self, user: &UserKey, say: &Say, now: DateTime<Utc>) -> Result<u64, EngineError> {
        let locale = self.stored_locale(user)?;
        let replies = self.render(&locale, &[Reply::say(say.clone())]);
        let entry = OutboxEntry { user: user.clone(), message_id: None, replies, at: now };
        let write = TurnWrite { outbox: Some(&serde_json::to_vec(&entry)?), ..TurnWrite::default() };
        Ok(self.store.write_turn(user, None, write, now)?.unwrap_or_default())
    }

    /// Puts a resident's conversation in a state chosen outside their turn and
    /// queues what the dialogue says about it, in one write: `offer` gets the
    /// current state (the start state when there is none or it went idle) and
    /// returns the next one with its replies, e.g. "the office is closed on
    /// your day; pick another" with the days as options. The replies are
    /// rendered in the resident's language and always go through the outbox,
    /// like [`Engine::queue_message`]; their options become the ones a typed
    /// number picks. Returns the outbox id.
    pub fn queue_offer(
        &self,
        user: &UserKey,
        now: DateTime<Utc>,
        offer: impl FnOnce(&Turn<'_>, D::State) -> Transition<D::State>,
    ) -> Result<u64, EngineError> {
        let _guard = self.lock(user);
        let record = self.load_record(user)?;
        let mut live = match &record {
            Some(record) => {
                let locale = self.known_locale(&record.locale);
                match self.decode(record) {
                    Some(live) if now - record.updated_at <= self.config.idle_timeout => live,
                    _ => Live { locale_chosen: record.locale_chosen, ..self.fresh_live(&locale, now) },
                }
            }
            None => self.fresh_live(self.locales.default_locale(), now),
        };
        let locale = live.locale.clone();
        let turn = Turn { user, now, locale: &locale };
        let transition = offer(&turn, live.state.clone());
        let replies = self.apply_transition(&mut live, transition);
        let outgoing = self.render(&live.locale, &replies);
        // Not a turn of the resident's, but their next message answers it: never a greeting.
        live.pending_forget = false;
        let record = self.record_of(&live, &outgoing, live.turns.max(1), now)?;
        let entry = OutboxEntry { user: user.clone(), message_id: None, replies: outgoing, at: now };
        let write = TurnWrite { outbox: Some(&serde_json::to_vec(&entry)?), ..TurnWrite::default() };
        Ok(self.store.write_turn(user, Some(&serde_json::to_vec(&record)?), write, now)?.unwrap_or_default())
    }

    /// The stored form of a conversation after `turns` turns, with the options of `outgoing` to pick by number.
    fn record_of(
        &self,
        live: &Live<D::State>,
        outgoing: &[Outgoing],
        turns: u64,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, EngineError> {
        Ok(SessionRecord {
            schema: SESSION_SCHEMA,
            dialogue_version: D::VERSION,
            locale: live.locale.clone(),
            locale_chosen: live.locale_chosen,
            state: serde_json::to_value(&live.state)?,
            history: live.history.iter().map(serde_json::to_value).collect::<Result<_, _>>()?,
            options: last_options(outgoing),
            created_at: live.created_at,
            updated_at: now,
            turns,
            conversation: live.conversation,
            states: live.states.clone(),
            facts: live.facts.clone(),
            recent: live.recent.clone(),
            pending_forget: live.pending_forget,
        })
    }

    /// Replies kept in the outbox and not yet delivered, oldest first.
    /// Entries that cannot be read are dropped with a warning.
    pub fn pending_outbox(&self) -> Result<Vec<(u64, OutboxEntry)>, EngineError> {
        let mut res = Vec::new();
        for (id, bytes) in self.store.outbox_pending()? {
            if let Some(entry) = self.read_outbox_entry(id, &bytes)? {
                res.push((id, entry));
            }
        }
        Ok(res)
    }

    /// An outbox entry as it is now, if it still waits for delivery (a resend
    /// reads it just before sending: the first delivery may have finished, or
    /// got part of the way, meanwhile). An unreadable entry is dropped.
    pub fn pending_entry(&self, outbox_id: u64) -> Result<Option<OutboxEntry>, EngineError> {
        match self.store.outbox_get(outbox_id)? {
            Some(bytes) => self.read_outbox_entry(outbox_id, &bytes),
            None => Ok(None),
        }
    }

    /// Reads a stored outbox entry; one that cannot be read is dropped with a warning.
    fn read_outbox_entry(&self, id: u64, bytes: &[u8]) -> Result<Option<OutboxEntry>, EngineError> {
        match serde_json::from_slice(bytes) {
            Ok(entry) => Ok(Some(entry)),
            Err(err) => {
                tracing::warn!(outbox_id = id, error = %err, "unreadable outbox entry dropped");
                self.store.outbox_done(id)?;
                Ok(None)
            }
        }
    }

    /// Records that the first `sent` replies of an outbox entry were delivered,
    /// so a resend starts after them (a resident does not get the same bubble twice).
    pub fn partly_delivered(&self, outbox_id: u64, sent: usize) -> Result<(), EngineError> {
        let Some(mut entry) = self.pending_entry(outbox_id)? else { return Ok(()) };
        if sent >= entry.replies.len() {
            return self.delivered(outbox_id);
        }
        entry.replies.drain(..sent);
        Ok(self.store.outbox_replace(outbox_id, &serde_json::to_vec(&entry)?)?)
    }

    /// Marks an outbox entry delivered (or given up on), so it is not sent again.
    pub fn delivered(&self, outbox_id: u64) -> Result<(), EngineError> {
        Ok(self.store.outbox_done(outbox_id)?)
    }

    fn outbox_entry(
        &self,
        user: &UserKey,
        message_id: Option<&str>,
        replies: &[Outgoing],
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<u8>>, EngineError> {
        if !self.config.outbox || replies.is_empty() {
            return Ok(None);
        }
        let entry = OutboxEntry {
            user: user.clone(),
            message_id: message_id.map(str::to_owned),
            replies: replies.to_vec(),
            at: now,
        };
        Ok(Some(serde_json::to_vec(&entry)?))
    }

    /// The stored state of a resident without changing it.
    pub fn describe(&self, user: &UserKey) -> Result<TurnOutcome, EngineError> {
        let _guard = self.lock(user);
        self.describe_stored(user, false)
    }

    /// The global command an input is: a pressed `cmd:`/`lang:` option or a typed global word.
    fn command_of(&self, input: &Input) -> Option<Command> {
        match &input.choice {
            Some(choice) => {
                if let Some(code) = choice.strip_prefix(LANGUAGE_PREFIX) {
                    Some(Command::Language(Some(code.to_owned())))
                } else {
                    choice.strip_prefix(COMMAND_PREFIX).and_then(Command::from_name)
                }
            }
            None => self.words.command(&input.tokens),
        }
    }

    fn run_turn(
        &self,
        user: &UserKey,
        live: &mut Live<D::State>,
        input: &Input,
        command: Option<Command>,
        fresh: bool,
        now: DateTime<Utc>,
    ) -> Vec<Reply> {
        if fresh {
            if let Some(Command::Language(Some(code))) = &command {
                if self.locales.has_locale(code) {
                    live.locale = code.clone();
                    live.locale_chosen = true;
                }
            }
        }
        let locale = live.locale.clone();
        let turn = Turn { user, now, locale: &locale };
        let dialogue = &self.dialogue;
        let outcome = catch_unwind(AssertUnwindSafe(|| match command {
            // A first message that is only a global word still deserves the greeting;
            // one asking for the language menu gets it after the greeting.
            Some(Command::Language(None)) if fresh => {
                let mut transition = dialogue.welcome(&turn, input);
                transition.replies.push(self.language_menu());
                Step::Transition(transition)
            }
            // Asking for a person first thing: greeted, and told the request is queued.
            Some(Command::Human) if fresh => {
                let mut transition = dialogue.welcome(&turn, input);
                transition.replies.extend(dialogue.human(&turn, &transition.state));
                Step::Transition(transition)
            }
            Some(_) if fresh => Step::Transition(dialogue.welcome(&turn, input)),
            Some(command) => self.apply_command(&turn, live, command),
            None if fresh => Step::Transition(dialogue.welcome(&turn, input)),
            None => Step::Transition(dialogue.step(&turn, live.state.clone(), input)),
        }));
        match outcome {
            Ok(Step::Replies(replies)) => replies,
            Ok(Step::Transition(transition)) => self.apply_transition(live, transition),
            Err(_) => {
                tracing::error!(user = %user, state = dialogue.state_name(&live.state), "dialogue panicked; state kept");
                vec![Reply::say(Say::new("engine-apology"))]
            }
        }
    }

    fn apply_command(&self, turn: &Turn<'_>, live: &mut Live<D::State>, command: Command) -> Step<D::State> {
        let dialogue = &self.dialogue;
        match command {
            Command::Menu => {
                live.history.clear();
                let start = dialogue.start();
                let replies = dialogue.prompt(turn, &start);
                live.state = start;
                Step::Replies(replies)
            }
            Command::Back => match dialogue.back(&live.state).or_else(|| live.history.pop()) {
                Some(previous) => {
                    let replies = dialogue.prompt(turn, &previous);
                    live.state = previous;
                    Step::Replies(replies)
                }
                None => {
                    let mut replies = vec![Reply::say(Say::new("engine-no-previous-step"))];
                    replies.extend(dialogue.prompt(turn, &live.state));
                    Step::Replies(replies)
                }
            },
            Command::Cancel => {
                live.history.clear();
                Step::Transition(dialogue.cancel(turn, live.state.clone()))
            }
            Command::Help => Step::Replies(dialogue.help(turn, &live.state)),
            Command::Human => Step::Replies(dialogue.human(turn, &live.state)),
            // Handled before the dialogue runs; never reaches here.
            Command::Forget => Step::Replies(vec![forget_question()]),
            Command::Language(None) => Step::Replies(vec![self.language_menu()]),
            Command::Language(Some(code)) => {
                if self.locales.has_locale(&code) {
                    live.locale = code;
                    live.locale_chosen = true;
                }
                let turn = Turn { locale: &live.locale, ..turn.clone() };
                let mut replies = vec![Reply::say(Say::new("engine-language-switched"))];
                replies.extend(dialogue.prompt(&turn, &live.state));
                Step::Replies(replies)
            }
        }
    }

    /// Reads a message once: its tokens, the option pressed or picked by a
    /// typed number in the menu shown last, and any everyday intent.
    ///
    /// A pressed option is taken only when it is one of the options shown
    /// last. Channels let clients forge what a button sends back (Telegram
    /// says so of callback data), and an old menu's button may be pressed
    /// long after: either way the press is read as what the resident sees on
    /// the button, typed (its label on WhatsApp, its data on Telegram), and
    /// the dialogue answers it like any typed text.
    fn resolve_input(&self, incoming: &Incoming, options: &[String]) -> Input {
        let text: String = match incoming.text.char_indices().nth(MAX_TEXT_CHARS) {
            Some((cut, _)) => incoming.text[..cut].to_owned(),
            None => incoming.text.clone(),
        };
        let tokens = text::tokens(&text);
        let pressed = incoming.choice.as_ref().filter(|id| options.contains(id));
        if incoming.choice.is_some() && pressed.is_none() {
            tracing::info!(user = %incoming.user, "a pressed option that was not shown last is read as typed text");
        }
        let choice = pressed.cloned().or_else(|| {
            let n = text::menu_number(&tokens)?;
            options.get(n.checked_sub(1)?).cloned()
        });
        let intent = if choice.is_some() { None } else { self.words.intent(&tokens) };
        Input { text, tokens, choice, intent }
    }

    /// Switches a resident who has not chosen a language to the one they
    /// write in, with a note (in that language) on how to choose another.
    fn follow_language(&self, live: &mut Live<D::State>, input: &Input) -> Option<Reply> {
        if live.locale_chosen || input.choice.is_some() {
            return None;
        }
        let code = self.words.language_of(&input.text)?;
        if code == live.locale || !self.locales.has_locale(code) {
            return None;
        }
        tracing::debug!(from = %live.locale, to = code, "writing language detected");
        live.locale = code.to_owned();
        Some(Reply::say(Say::new("engine-language-detected")))
    }

    fn language_menu(&self) -> Reply {
        let mut reply = Reply::say(Say::new("engine-language-menu"));
        for code in self.locales.available() {
            reply =
                reply.option(format!("{LANGUAGE_PREFIX}{code}"), Say::new("engine-language-self").arg("code", code));
        }
        reply
    }

    fn apply_transition(&self, live: &mut Live<D::State>, transition: Transition<D::State>) -> Vec<Reply> {
        let Transition { state, replies, commit, switch_locale } = transition;
        if commit || !D::KEEPS_HISTORY {
            live.history.clear();
        } else if self.dialogue.state_name(&state) != self.dialogue.state_name(&live.state) {
            let previous = std::mem::replace(&mut live.state, state.clone());
            live.history.push(previous);
            if live.history.len() > self.config.history_limit {
                live.history.remove(0);
            }
        }
        live.state = state;
        if let Some(code) = switch_locale.filter(|it| self.locales.has_locale(it)) {
            live.locale = code;
        }
        replies
    }

    fn render(&self, locale: &str, replies: &[Reply]) -> Vec<Outgoing> {
        replies
            .iter()
            .map(|reply| {
                let text =
                    reply.parts.iter().map(|say| self.locales.render(locale, say)).collect::<Vec<_>>().join("\n\n");
                let options: Vec<Choice> = reply
                    .options
                    .iter()
                    .map(|(id, label)| {
                        // Language names are shown in their own language, so anyone can find theirs.
                        let label_locale = id.strip_prefix(LANGUAGE_PREFIX).unwrap_or(locale);
                        Choice { id: id.clone(), label: self.locales.render(label_locale, label) }
                    })
                    .collect();
                let choose_label = if options.is_empty() {
                    String::new()
                } else {
                    self.locales.render(locale, &Say::new("engine-choose"))
                };
                let location = reply.location.as_ref().map(|pin| Location {
                    latitude: pin.latitude,
                    longitude: pin.longitude,
                    name: self.locales.render(locale, &pin.name),
                    address: self.locales.render(locale, &pin.address),
                });
                Outgoing { text, options, choose_label, reply_to: None, location }
            })
            .collect()
    }

    fn describe_stored(&self, user: &UserKey, duplicate: bool) -> Result<TurnOutcome, EngineError> {
        let record = self.load_record(user)?;
        let (state, locale) = match record.as_ref().and_then(|it| self.decode(it).map(|live| (live.state, live.locale)))
        {
            Some(it) => it,
            None => (self.dialogue.start(), self.locales.default_locale().to_owned()),
        };
        Ok(TurnOutcome {
            replies: Vec::new(),
            state: self.dialogue.state_name(&state).to_owned(),
            slots: self.slots_of(&state),
            locale,
            duplicate,
            outbox_id: None,
        })
    }

    fn load_record(&self, user: &UserKey) -> Result<Option<SessionRecord>, EngineError> {
        let Some(bytes) = self.store.load(user)? else { return Ok(None) };
        match serde_json::from_slice::<SessionRecord>(&bytes) {
            Ok(record) if record.schema == SESSION_SCHEMA => Ok(Some(record)),
            Ok(record) => {
                tracing::warn!(user = %user, schema = record.schema, "session record from another schema, starting over");
                Ok(Some(SessionRecord { dialogue_version: UNREADABLE_VERSION, ..record }))
            }
            Err(err) => {
                tracing::warn!(user = %user, error = %err, "session record unreadable, starting over");
                let now = self.clock.now();
                Ok(Some(SessionRecord {
                    dialogue_version: UNREADABLE_VERSION,
                    ..self.fresh_record(self.locales.default_locale(), now)
                }))
            }
        }
    }

    /// Decodes a record's state, migrating older dialogue versions; `None` when it cannot be read.
    fn decode(&self, record: &SessionRecord) -> Option<Live<D::State>> {
        if record.dialogue_version == UNREADABLE_VERSION {
            return None;
        }
        let decode_one = |value: &serde_json::Value| -> Option<D::State> {
            if record.dialogue_version == D::VERSION {
                serde_json::from_value(value.clone()).ok()
            } else {
                self.dialogue.migrate(record.dialogue_version, value.clone())
            }
        };
        let state = decode_one(&record.state)?;
        // History that cannot be read is dropped rather than blocking the resident.
        let history = record.history.iter().filter_map(decode_one).collect();
        Some(Live {
            state,
            history,
            locale: self.known_locale(&record.locale),
            locale_chosen: record.locale_chosen,
            created_at: record.created_at,
            turns: record.turns,
            conversation: record.conversation,
            states: record.states.clone(),
            facts: record.facts.clone(),
            recent: record.recent.clone(),
            pending_forget: record.pending_forget,
        })
    }

    fn fresh_live(&self, locale: &str, now: DateTime<Utc>) -> Live<D::State> {
        Live {
            state: self.dialogue.start(),
            history: Vec::new(),
            locale: locale.to_owned(),
            locale_chosen: false,
            created_at: now,
            turns: 0,
            conversation: 0,
            states: Vec::new(),
            facts: Default::default(),
            recent: Vec::new(),
            pending_forget: false,
        }
    }

    fn fresh_record(&self, locale: &str, now: DateTime<Utc>) -> SessionRecord {
        SessionRecord {
            schema: SESSION_SCHEMA,
            dialogue_version: D::VERSION,
            locale: locale.to_owned(),
            locale_chosen: false,
            state: serde_json::to_value(self.dialogue.start()).unwrap_or(serde_json::Value::Null),
            history: Vec::new(),
            options: Vec::new(),
            created_at: now,
            // A record made by `set_locale` has not seen a message yet; it must not expire at once.
            updated_at: now,
            turns: 0,
            conversation: 0,
            states: Vec::new(),
            facts: Default::default(),
            recent: Vec::new(),
            pending_forget: false,
        }
    }

    /// The resident's stored locale, or the default one.
    fn stored_locale(&self, user: &UserKey) -> Result<String, EngineError> {
        Ok(match self.load_record(user)? {
            Some(record) => self.known_locale(&record.locale),
            None => self.locales.default_locale().to_owned(),
        })
    }

    fn known_locale(&self, locale: &str) -> String {
        if self.locales.has_locale(locale) {
            locale.to_owned()
        } else {
            self.locales.default_locale().to_owned()
        }
    }

    fn slots_of(&self, state: &D::State) -> Vec<(String, String)> {
        self.dialogue.slots(state).into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    fn lock(&self, user: &UserKey) -> std::sync::MutexGuard<'_, ()> {
        let mut hasher = DefaultHasher::new();
        user.hash(&mut hasher);
        let stripe = (hasher.finish() as usize) % self.locks.len();
        // A panic while holding the lock poisons it; the data it guards is in sled, so go on.
        self.locks[stripe].lock().unwrap_or_else(|it| it.into_inner())
    }
}

mod handover;
mod privacy;

use handover::{remember_recent, HandoverTurn};
use privacy::forget_question;

enum Step<S> {
    Replies(Vec<Reply>),
    Transition(Transition<S>),
}

/// Longest message text a dialogue sees; WhatsApp's own limit is 4096 characters.
/// Anything longer is cut, so a flood of text costs the same as a normal message.
pub const MAX_TEXT_CHARS: usize = 4096;

fn last_options(outgoing: &[Outgoing]) -> Vec<String> {
    outgoing
        .iter()
        .rev()
        .find(|it| !it.options.is_empty())
        .map(|it| it.options.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}
