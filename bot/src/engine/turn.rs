//! One turn: the input is read once, global words are applied or the dialogue steps, and everything the turn
//! produced is committed in one atomic write.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, Utc};

use super::handover::{remember_recent, HandoverTurn};
use super::privacy::forget_question;
use super::session::{Live, Resumed};
use super::{Engine, EngineError, TurnOutcome, COMMAND_PREFIX, FORGET_NO, LANGUAGE_PREFIX, MAX_TEXT_CHARS};
use crate::dialogue::{Dialogue, Input, Transition, Turn};
use crate::message::{Incoming, UserKey};
use crate::say::{Reply, Say};
use crate::session::SessionRecord;
use crate::stats::ConversationStats;
use crate::storage::{Sequence, SessionWrite, TurnCommit, TurnTx};
use crate::text;
use crate::words::{Command, Intent};

/// What the engine does with a turn besides the dialogue's transition.
enum Step<S> {
    Replies(Vec<Reply>),
    Transition(Transition<S>),
}

impl<D: Dialogue> Engine<D> {
    /// Sets a resident's locale (e.g. from `--locale`), creating the session if needed.
    /// Unknown locales are ignored.
    pub fn set_locale(&self, user: &UserKey, locale: &str) -> Result<(), EngineError> {
        if !self.locales.has_locale(locale) {
            return Ok(());
        }
        let tx = self.store.begin_turn(user)?;
        let now = self.clock.now();
        let mut record = self.record_or_fresh(&*tx, locale, now)?;
        record.meta.locale = locale.to_owned();
        record.meta.locale_chosen = true;
        tx.commit(TurnCommit { session: SessionWrite::Put(Box::new(record)), ..TurnCommit::nothing(now) })?;
        Ok(())
    }

    /// Whether an edit of the resident's message `original` is to be read as their new answer: it edits
    /// their latest message, and that message's turn did not move the conversation to another step (a NIK
    /// refused at the NIK step, corrected by editing it). Otherwise the edit is let go quietly.
    pub fn edit_applies(&self, user: &UserKey, original: &str) -> Result<bool, EngineError> {
        let tx = self.store.begin_turn(user)?;
        let last = self.load_record(&*tx)?.and_then(|record| record.meta.last_message);
        Ok(last.is_some_and(|last| last.id == original && !last.moved))
    }

    /// Runs one turn: loads the session, applies global commands or the dialogue, saves, renders.
    pub fn handle(&self, incoming: &Incoming) -> Result<TurnOutcome, EngineError> {
        let user = &incoming.user;
        let tx = self.store.begin_turn(user)?;
        if let Some(message_id) = &incoming.message_id {
            if tx.is_seen(message_id)? {
                tracing::info!(user = %user, "duplicate message ignored");
                return self.describe_stored(&*tx, true);
            }
        }
        let now = self.clock.now();
        let mut notes: Vec<Reply> = Vec::new();
        let (mut live, options, fresh) = self.open_session(self.load_record(&*tx)?, now, &mut notes, user);
        if live.meta.conversation == 0 {
            live.meta.conversation = tx.next_id(Sequence::Conversation)?;
        }
        let input = self.resolve_input(incoming, &options);
        let command = self.command_of(&input);
        if live.meta.pending_forget {
            live.meta.pending_forget = false;
            if input.choice.as_deref() == Some(super::FORGET_YES) || input.intent == Some(Intent::Yes) {
                return self.forget_resident(tx, incoming, live, now);
            }
            if input.intent == Some(Intent::No) || input.choice.as_deref() == Some(FORGET_NO) {
                let replies = vec![Reply::say(Say::new("engine-forget-kept"))];
                return self.finish(tx, incoming, live, replies, now);
            }
        }
        if command == Some(Command::Forget) {
            live.meta.pending_forget = true;
            return self.finish(tx, incoming, live, vec![forget_question()], now);
        }
        match self.follow_handover(&*tx, &input, command.as_ref(), now)? {
            HandoverTurn::Quiet(replies) => return self.finish(tx, incoming, live, replies, now),
            HandoverTurn::Ended(note) => notes.push(note),
            HandoverTurn::None => {}
        }
        if command == Some(Command::Human) {
            self.start_handover(&*tx, &live, &input, now)?;
        }
        notes.extend(self.follow_language(&mut live, &input));
        let before = self.dialogue.state_name(&live.state);
        let replies = self.run_turn(&*tx, &mut live, &input, command, fresh, now);
        live.meta.last_message = incoming.message_id.clone().map(|id| crate::session::LastMessage {
            id,
            moved: fresh || self.dialogue.state_name(&live.state) != before,
        });
        let replies: Vec<Reply> = notes.into_iter().chain(replies).collect();
        remember_recent(&mut live, &input);
        self.finish(tx, incoming, live, replies, now)
    }

    /// The live session of a turn from the stored record: (session, options shown last, whether the
    /// conversation starts afresh). Notes for the resident (expired, reset) go to `notes`.
    fn open_session(
        &self,
        stored: Option<SessionRecord>,
        now: DateTime<Utc>,
        notes: &mut Vec<Reply>,
        user: &UserKey,
    ) -> (Live<D::State>, Vec<String>, bool) {
        let Some(record) = stored else {
            return (self.fresh_live(self.locales.default_locale(), now), Vec::new(), true);
        };
        match self.resume(&record, now) {
            Resumed::Expired(live) => {
                notes.push(Reply::say(Say::new("engine-session-expired")));
                (live, Vec::new(), true)
            }
            // A record made by `set_locale` has not seen a message yet: greet.
            Resumed::Live(live) if record.meta.turns == 0 => (live, Vec::new(), true),
            Resumed::Live(live) => (live, record.options, false),
            Resumed::Unreadable(live) => {
                tracing::warn!(user = %user, "stored session unreadable, starting over");
                notes.push(Reply::say(Say::new("engine-session-reset")));
                (live, Vec::new(), true)
            }
        }
    }

    /// Renders the replies and commits the turn: session, processed id, outbox, statistics, and whatever
    /// the dialogue and the handovers staged.
    pub(super) fn finish(
        &self,
        tx: Box<dyn TurnTx + '_>,
        incoming: &Incoming,
        mut live: Live<D::State>,
        replies: Vec<Reply>,
        now: DateTime<Utc>,
    ) -> Result<TurnOutcome, EngineError> {
        let user = &incoming.user;
        let state_name = self.dialogue.state_name(&live.state);
        if !live.meta.states.iter().any(|it| it == state_name) {
            live.meta.states.push(state_name.to_owned());
        }
        for (key, value) in self.dialogue.stats(&live.state) {
            live.meta.facts.insert(key.to_owned(), value);
        }
        let mut outgoing = self.render(&live.meta.locale, &replies);
        for message in &mut outgoing {
            message.reply_to.clone_from(&incoming.message_id);
        }
        // What the office could not send while the window was shut goes first; the turn's answer (and the
        // options a number picks) last.
        if std::mem::take(&mut live.meta.held) {
            outgoing.splice(0..0, super::held::take_held(&*tx)?);
        }
        live.meta.last_inbound = Some(now);
        let record = self.encode(&live, &outgoing, live.meta.turns + 1, now)?;
        let stats = ConversationStats {
            channel: user.channel.clone(),
            resident: self.pseudonym(user)?,
            started_at: live.meta.created_at,
            updated_at: now,
            states: live.meta.states.clone(),
            facts: live.meta.facts.clone(),
        };
        let commit = TurnCommit {
            session: SessionWrite::Put(Box::new(record)),
            message_id: incoming.message_id.clone(),
            outbox: self.outbox_write(user, incoming.message_id.as_deref(), &outgoing, now),
            stats: Some((live.meta.conversation, stats)),
            now,
        };
        let outbox_id = tx.commit(commit)?;
        tracing::debug!(user = %user, state = state_name, "turn done");
        Ok(TurnOutcome {
            replies: outgoing,
            state: state_name.to_owned(),
            slots: self.slots_of(&live.state),
            locale: live.meta.locale,
            duplicate: false,
            outbox_id,
        })
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

    /// Runs the dialogue (or a global command) under `catch_unwind`: a panicking dialogue gets the resident
    /// an apology, and whatever it staged in the turn is rolled back.
    fn run_turn(
        &self,
        tx: &dyn TurnTx,
        live: &mut Live<D::State>,
        input: &Input,
        command: Option<Command>,
        fresh: bool,
        now: DateTime<Utc>,
    ) -> Vec<Reply> {
        if fresh {
            if let Some(Command::Language(Some(code))) = &command {
                if self.locales.has_locale(code) {
                    live.meta.locale = code.clone();
                    live.meta.locale_chosen = true;
                }
            }
        }
        let user = tx.user();
        let locale = live.meta.locale.clone();
        let turn = Turn { user, now, locale: &locale, store: tx };
        let dialogue = &self.dialogue;
        tx.savepoint();
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
                tx.rollback_to_savepoint();
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
                    live.meta.locale = code;
                    live.meta.locale_chosen = true;
                }
                let turn = Turn { locale: &live.meta.locale, ..turn.clone() };
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
        Input { text, tokens, choice, intent, attachment: incoming.attachment.clone() }
    }

    /// Switches a resident who has not chosen a language to the one they
    /// write in, with a note (in that language) on how to choose another.
    fn follow_language(&self, live: &mut Live<D::State>, input: &Input) -> Option<Reply> {
        if live.meta.locale_chosen || input.choice.is_some() {
            return None;
        }
        let code = self.words.language_of(&input.text)?;
        if code == live.meta.locale || !self.locales.has_locale(code) {
            return None;
        }
        tracing::debug!(from = %live.meta.locale, to = code, "writing language detected");
        live.meta.locale = code.to_owned();
        Some(Reply::say(Say::new("engine-language-detected")))
    }

    pub(super) fn apply_transition(&self, live: &mut Live<D::State>, transition: Transition<D::State>) -> Vec<Reply> {
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
            live.meta.locale = code;
        }
        replies
    }
}
