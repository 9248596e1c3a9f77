//! Questions asked anywhere in the conversation (hours, address, cost, ...): the
//! answer comes first, then the conversation goes on where it was. A question is
//! not a failed answer to the step, and it changes nothing in the request.

use cekbae_bot::{Dialogue, Input, Pin, Reply, Say, Transition, Turn};

use super::{date_say, Adminduk, Request, State, Step};
use crate::catalog::document_label;
use crate::messages as msg;
use crate::questions::{Topic, TopicArg};
use crate::schedule::day_words::DayRef;
use crate::understand::Parsed;

/// The office telephone, added to answers of topics `with_phone` when one is configured.
const OFFICE_PHONE: &str = "adminduk-office-phone";
/// The text of a location bubble, shown by channels without map pins: coordinates and a map link.
const LOCATION: &str = "adminduk-location";
/// The map pin's name.
const LOCATION_NAME: &str = "adminduk-location-name";
/// The map pin's address.
const LOCATION_ADDRESS: &str = "adminduk-location-address";
/// A map link to coordinates when the office gives none (Google Maps URLs, `query=lat,lon`).
const MAPS_SEARCH: &str = "https://www.google.com/maps/search/?api=1&query=";

/// The message ids answers use besides the topics' own, for `cekbae check`.
pub(super) fn question_message_ids() -> [&'static str; 4] {
    [OFFICE_PHONE, LOCATION, LOCATION_NAME, LOCATION_ADDRESS]
}

/// Whether a message asks a question and names nothing else (no document,
/// reason, NIK or service): it is answered without moving the conversation.
fn asks_only(parsed: &Parsed) -> bool {
    parsed.question.is_some() && parsed.is_empty() && !parsed.not_served
}

impl Adminduk {
    /// Answers a message that only asks a question, then asks the step's question
    /// again; the state, failures and any pending "Maksud Anda …?" stay as they were.
    /// `None` for anything else (a pressed option, a request, a NIK).
    pub(super) fn answer_only_question(
        &self,
        turn: &Turn<'_>,
        state: &State,
        input: &Input,
    ) -> Option<Transition<State>> {
        if input.choice.is_some() {
            return None;
        }
        let parsed = self.read(input);
        if !asks_only(&parsed) || self.names_a_refused_day(turn, state, input) {
            return None;
        }
        let mut replies = self.answer_question(turn, &state.request, &parsed);
        replies.extend(self.ask_again(turn, state));
        Some(Transition::to(state.clone(), replies))
    }

    /// The answer to the question a message asks, if it asks one. Answers for one
    /// document use the document the message names, else the one asked for so far.
    pub(super) fn answer_question(&self, turn: &Turn<'_>, request: &Request, parsed: &Parsed) -> Vec<Reply> {
        let Some(topic) = parsed.question.as_deref().and_then(|id| self.catalog.questions.topic(id)) else {
            return Vec::new();
        };
        let document = parsed
            .sure_document()
            .or(request.document.as_ref())
            .map(String::as_str)
            .filter(|id| self.catalog.document(id).is_some());
        tracing::info!(user = %turn.user, topic = %topic.id, document, "question answered");
        let mut reply = Reply::say(self.answer_say(turn, topic, document));
        if let Some(phone) = self.catalog.office.phone.as_ref().filter(|_| topic.with_phone) {
            reply = reply.and(Say::new(OFFICE_PHONE).arg("phone", phone.clone()));
        }
        let mut replies = vec![reply];
        if topic.location {
            replies.push(self.office_location());
        }
        replies
    }

    /// The topic's answer with everything an answer may show: the office, its
    /// hours and next opening, the document, and the topic's own values.
    fn answer_say(&self, turn: &Turn<'_>, topic: &Topic, document: Option<&str>) -> Say {
        let office = &self.catalog.office;
        let (opens, closes) = self.hours();
        let next = self.calendar.next_opening(turn.now);
        // "unknown": closed, and the next opening lies past the known holiday calendar.
        let status = match (self.calendar.is_open_at(turn.now), next) {
            (true, _) => "open",
            (false, Some(_)) => "closed",
            (false, None) => "unknown",
        };
        let mut say = Say::new(topic.answer_for(document))
            .arg("office", office.name.clone())
            .arg("address", office.address.clone())
            .arg("postal_code", office.postal_code.clone())
            .arg("email", office.email.clone())
            .arg("opens", opens)
            .arg("closes", closes)
            .arg("status", status);
        if let Some(date) = next {
            say = say.msg("next", date_say(date));
        }
        if let Some(id) = document {
            say = say.msg("document", Say::new(document_label(id)));
        }
        for (name, value) in &topic.args {
            say = match value {
                TopicArg::Number(n) => say.num(name, *n),
                TopicArg::Text(text) => say.arg(name, text.clone()),
            };
        }
        say
    }

    /// The office on a map: a pin where the channel has one, else its coordinates and a link.
    fn office_location(&self) -> Reply {
        let office = &self.catalog.office;
        let (latitude, longitude) = (office.latitude.to_string(), office.longitude.to_string());
        let maps = office.maps_url.clone().unwrap_or_else(|| format!("{MAPS_SEARCH}{latitude},{longitude}"));
        let pin = Pin {
            latitude: office.latitude,
            longitude: office.longitude,
            name: Say::new(LOCATION_NAME).arg("office", office.name.clone()),
            address: Say::new(LOCATION_ADDRESS)
                .arg("address", office.address.clone())
                .arg("postal_code", office.postal_code.clone()),
        };
        let fallback = Say::new(LOCATION).arg("latitude", latitude).arg("longitude", longitude).arg("maps", maps);
        Reply::location(pin, fallback)
    }

    /// At the schedule steps, a day the calendar cannot give is the calendar's to
    /// explain ("sabtu buka?": Saturday is a weekend, with the days it can give);
    /// a day it can give is not booked by a question ("besok buka?" is answered).
    fn names_a_refused_day(&self, turn: &Turn<'_>, state: &State, input: &Input) -> bool {
        if !matches!(state.step, Step::Schedule | Step::Reschedule) {
            return false;
        }
        let today = self.calendar.local_date(turn.now);
        let date = match self.catalog.day_words.read(&input.text, today) {
            None => return false,
            Some(DayRef::NoSuchDate) => return true,
            Some(DayRef::Date(date)) => date,
            Some(DayRef::Weekday { weekday, next_week }) => DayRef::weekday_date(weekday, next_week, today),
        };
        self.calendar.check(date, turn.now).is_err()
    }

    /// The step's question after an answer. In the NIK step the requirements were
    /// just shown, so only the NIK is asked for again (as after `bantuan`).
    fn ask_again(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        match (state.step, &state.confirm) {
            (Step::Nik, None) => vec![Reply::say(Say::new(msg::NIK_ASK))],
            _ => self.prompt(turn, state),
        }
    }
}

#[cfg(test)]
mod tests;
