//! The session of a turn: the live form the engine works on, and the stored [`SessionRecord`] it is read
//! from and written back to (the dialogue's typed state is encoded as JSON, migrated when older).

use chrono::{DateTime, Utc};

use super::render::last_options;
use super::{Engine, EngineError, TurnOutcome};
use crate::dialogue::Dialogue;
use crate::message::{Outgoing, UserKey};
use crate::session::{SessionMeta, SessionRecord, SESSION_SCHEMA};
use crate::storage::{LoadedSession, TurnTx};

/// Marks a loaded record whose state must not be decoded (another session schema,
/// or something stored that is no record): the resident starts over with `engine-session-reset`.
const UNREADABLE_VERSION: u32 = u32::MAX;

/// A stored session as a turn takes it up.
pub(super) enum Resumed<S> {
    /// Where it was.
    Live(Live<S>),
    /// Idle past the limit: a fresh session (keeping the resident's language).
    Expired(Live<S>),
    /// The state cannot be read: a fresh session.
    Unreadable(Live<S>),
}

/// A session being worked on during one turn.
pub(super) struct Live<S> {
    pub(super) state: S,
    pub(super) history: Vec<S>,
    pub(super) meta: SessionMeta,
}

impl<D: Dialogue> Engine<D> {
    /// The stored record of the turn's resident; one that cannot be used is marked unreadable.
    pub(super) fn load_record(&self, tx: &dyn TurnTx) -> Result<Option<SessionRecord>, EngineError> {
        let user = tx.user();
        match tx.session()? {
            LoadedSession::Missing => Ok(None),
            LoadedSession::Found(record) if record.schema == SESSION_SCHEMA => Ok(Some(*record)),
            LoadedSession::Found(record) => {
                tracing::warn!(user = %user, schema = record.schema, "session record from another schema, starting over");
                Ok(Some(SessionRecord { dialogue_version: UNREADABLE_VERSION, ..*record }))
            }
            LoadedSession::Unreadable => {
                tracing::warn!(user = %user, "session record unreadable, starting over");
                let now = self.clock.now();
                Ok(Some(SessionRecord {
                    dialogue_version: UNREADABLE_VERSION,
                    ..self.fresh_record(self.locales.default_locale(), now)
                }))
            }
        }
    }

    /// Decodes a record's state, migrating older dialogue versions; `None` when it cannot be read.
    pub(super) fn decode(&self, record: &SessionRecord) -> Option<Live<D::State>> {
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
        let meta = SessionMeta { locale: self.known_locale(&record.meta.locale), ..record.meta.clone() };
        Some(Live { state, history, meta })
    }

    /// The record to store at `now` after `turns` turns, with the options of `outgoing` to pick by number.
    pub(super) fn encode(
        &self,
        live: &Live<D::State>,
        outgoing: &[Outgoing],
        turns: u64,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, EngineError> {
        Ok(SessionRecord {
            schema: SESSION_SCHEMA,
            dialogue_version: D::VERSION,
            state: serde_json::to_value(&live.state)?,
            history: live.history.iter().map(serde_json::to_value).collect::<Result<_, _>>()?,
            options: last_options(outgoing),
            meta: SessionMeta { updated_at: now, turns, ..live.meta.clone() },
        })
    }

    /// The live session of a stored record as it is now: a conversation idle past the limit (and not waiting
    /// for an answer the office asked for, [`Dialogue::outlives_idle`]) starts over in the resident's locale;
    /// `None` when the state cannot be read.
    pub(super) fn resume(&self, record: &SessionRecord, now: DateTime<Utc>) -> Resumed<D::State> {
        let decoded = self.decode(record);
        let waiting =
            record.meta.turns > 0 && decoded.as_ref().is_some_and(|live| self.dialogue.outlives_idle(&live.state));
        if now - record.meta.updated_at > self.config.idle_timeout && !waiting {
            let mut live = self.fresh_live(&self.known_locale(&record.meta.locale), now);
            live.meta.locale_chosen = record.meta.locale_chosen;
            // A message the office holds for the resident outlives the conversation.
            live.meta.held = record.meta.held;
            return Resumed::Expired(live);
        }
        match decoded {
            Some(live) => Resumed::Live(live),
            None => {
                let mut live = self.fresh_live(&self.known_locale(&record.meta.locale), now);
                live.meta.held = record.meta.held;
                Resumed::Unreadable(live)
            }
        }
    }

    pub(super) fn fresh_live(&self, locale: &str, now: DateTime<Utc>) -> Live<D::State> {
        Live { state: self.dialogue.start(), history: Vec::new(), meta: SessionMeta::fresh(locale, now) }
    }

    /// The stored record of the turn's resident, or a fresh one in `locale` for a resident who has none (a
    /// change made outside their messages: a language set, a notice, a message held for them).
    pub(super) fn record_or_fresh(
        &self,
        tx: &dyn TurnTx,
        locale: &str,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, EngineError> {
        Ok(self.load_record(tx)?.unwrap_or_else(|| self.fresh_record(locale, now)))
    }

    /// A record that has not seen a message yet (made by `set_locale`); it must not expire at once.
    pub(super) fn fresh_record(&self, locale: &str, now: DateTime<Utc>) -> SessionRecord {
        SessionRecord {
            schema: SESSION_SCHEMA,
            dialogue_version: D::VERSION,
            state: serde_json::to_value(self.dialogue.start()).unwrap_or(serde_json::Value::Null),
            history: Vec::new(),
            options: Vec::new(),
            meta: SessionMeta::fresh(locale, now),
        }
    }

    /// The stored state of the turn's resident, as an outcome without replies.
    pub(super) fn describe_stored(&self, tx: &dyn TurnTx, duplicate: bool) -> Result<TurnOutcome, EngineError> {
        let record = self.load_record(tx)?;
        let (state, locale) =
            match record.as_ref().and_then(|it| self.decode(it).map(|live| (live.state, live.meta.locale))) {
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

    pub(super) fn known_locale(&self, locale: &str) -> String {
        if self.locales.has_locale(locale) {
            locale.to_owned()
        } else {
            self.locales.default_locale().to_owned()
        }
    }

    pub(super) fn slots_of(&self, state: &D::State) -> Vec<(String, String)> {
        self.dialogue.slots(state).into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// The stored state of a resident without changing it.
    pub fn describe(&self, user: &UserKey) -> Result<TurnOutcome, EngineError> {
        let tx = self.store.begin_turn(user)?;
        self.describe_stored(&*tx, false)
    }
}
