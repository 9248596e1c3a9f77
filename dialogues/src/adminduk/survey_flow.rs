//! The survey steps of the adminduk dialogue: offered after a ticket, nine
//! questions with the answers spelled out, `lewati` to skip one.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use cekbae_bot::words::Intent;
use cekbae_bot::{Input, Reply, Say, Transition, Turn};

use super::{Adminduk, State, Step};
use crate::messages as msg;
use crate::survey::{SurveyResponse, SKIP_WORDS, UNSUR};

const SURVEY_YES: &str = "survey:yes";
const SURVEY_NO: &str = "survey:no";
const ANSWER_PREFIX: &str = "skm:";
const SKIP: &str = "skm:skip";

/// Where a conversation is with the survey.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum SurveyPhase {
    /// Not offered (no ticket yet in this conversation).
    #[default]
    NotOffered,
    /// Offered after the ticket; waiting for ya/tidak.
    Offered,
    /// Running: `question` is 0-based; answers go to response `id`.
    Running {
        /// The stored response.
        id: u64,
        /// The question asked.
        question: u8,
    },
    /// Answered or declined; not offered again in this conversation.
    Over,
}

impl SurveyPhase {
    /// Whether the survey was never offered (the usual case; not stored).
    pub fn is_not_offered(&self) -> bool {
        *self == SurveyPhase::NotOffered
    }
}

/// The message ids of every question and answer, for `cekbae check`.
pub(crate) fn survey_message_ids() -> Vec<String> {
    (1..=UNSUR)
        .flat_map(|u| {
            std::iter::once(format!("skm-u{u}-question")).chain((1..=4).map(move |a| format!("skm-u{u}-answer-{a}")))
        })
        .collect()
}

/// The invitation shown under the ticket.
pub(super) fn invitation() -> Reply {
    Reply::say(Say::new(msg::SURVEY_INVITE))
        .option(SURVEY_YES, Say::new(msg::OPTION_SURVEY_YES))
        .option(SURVEY_NO, Say::new(msg::OPTION_SURVEY_NO))
}

/// Question `question` (0-based) with its four answers and a skip option.
pub(super) fn question_prompt(question: u8) -> Reply {
    let u = usize::from(question) + 1;
    let mut reply = Reply::say(
        Say::new(msg::SURVEY_QUESTION).num("number", u as i64).msg("question", Say::new(format!("skm-u{u}-question"))),
    );
    for answer in 1..=4 {
        reply = reply.option(format!("{ANSWER_PREFIX}{answer}"), Say::new(format!("skm-u{u}-answer-{answer}")));
    }
    reply.option(SKIP, Say::new(msg::OPTION_SKIP))
}

fn is_skip(input: &Input) -> bool {
    input.choice.as_deref() == Some(SKIP)
        || matches!(input.tokens.as_slice(), [only] if SKIP_WORDS.contains(&only.as_str()))
}

impl Adminduk {
    /// Answers ya/tidak to the invitation. `None` when the input is something else.
    pub(super) fn answer_invitation(
        &self,
        turn: &Turn<'_>,
        mut state: State,
        input: &Input,
    ) -> Option<Transition<State>> {
        if state.survey != SurveyPhase::Offered {
            return None;
        }
        let yes = input.choice.as_deref() == Some(SURVEY_YES) || input.intent == Some(Intent::Yes);
        let no = input.choice.as_deref() == Some(SURVEY_NO) || input.intent == Some(Intent::No) || is_skip(input);
        if no {
            state.survey = SurveyPhase::Over;
            return Some(Transition::to(state, vec![Reply::say(Say::new(msg::SURVEY_DECLINED))]));
        }
        if !yes {
            return None;
        }
        let response = SurveyResponse {
            started_at: turn.now,
            date: self.calendar().local_date(turn.now),
            service: state.request.document.clone().unwrap_or_default(),
            reason: state.request.reason.clone().unwrap_or_default(),
            channel: turn.user.channel.clone(),
            answers: vec![None; UNSUR],
            finished: false,
        };
        let id = match turn.store.surveys().start(&response) {
            Ok(id) => id,
            Err(err) => {
                tracing::error!(error = %err, "cannot start a survey response");
                return Some(Transition::to(state, vec![Reply::say(Say::new(msg::ERROR))]));
            }
        };
        tracing::info!(year = response.date.year(), "survey started");
        state.survey = SurveyPhase::Running { id, question: 0 };
        state.step = Step::Survey;
        Some(Transition::to(state, vec![question_prompt(0)]))
    }

    /// One answer (or skip) in the running survey.
    pub(super) fn survey_step(&self, turn: &Turn<'_>, mut state: State, input: &Input) -> Transition<State> {
        let SurveyPhase::Running { id, question } = state.survey else {
            state.step = Step::Done;
            return Transition::to(state, vec![]);
        };
        let answer = match input.choice.as_deref().and_then(|it| it.strip_prefix(ANSWER_PREFIX)) {
            Some(value) => value.parse::<u8>().ok().filter(|it| (1..=4).contains(it)),
            None if is_skip(input) => None,
            None => {
                let replies = vec![Reply::say(Say::new(msg::SURVEY_NOT_UNDERSTOOD)), question_prompt(question)];
                return Transition::to(state, replies);
            }
        };
        let last = usize::from(question) + 1 == UNSUR;
        if let Err(err) = turn.store.surveys().answer(id, usize::from(question), answer, last) {
            tracing::error!(error = %err, "cannot store a survey answer");
            let replies = vec![Reply::say(Say::new(msg::ERROR)), question_prompt(question)];
            return Transition::to(state, replies);
        }
        if last {
            state.survey = SurveyPhase::Over;
            state.step = Step::Done;
            return Transition::to(state, vec![Reply::say(Say::new(msg::SURVEY_THANKS))]);
        }
        state.survey = SurveyPhase::Running { id, question: question + 1 };
        Transition::to(state, vec![question_prompt(question + 1)])
    }
}
