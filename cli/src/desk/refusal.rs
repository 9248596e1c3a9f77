//! Refusals staff can act on (no such ticket, a day closed already, a short password...): one type, so the
//! CLI prints them in English and the browser desk in the office's language through Fluent (`desk.ftl`).

use chrono::NaiveDate;

/// Why the desk refused an action. Anything else that fails is an infrastructure failure: logged, and
/// shown to staff only as an apology.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No appointment has this ticket.
    #[error("no appointment with ticket {0}")]
    NoTicket(String),
    /// The booking moved to another ticket.
    #[error("the booking was moved to {0}; use that ticket instead")]
    Moved(String),
    /// The booking was cancelled.
    #[error("the booking was cancelled; its place may already be taken")]
    Cancelled,
    /// The resident was already told the document is ready.
    #[error("{0} is already ready; the resident was told")]
    AlreadyReady(String),
    /// A status the action does not know.
    #[error("status must be done, no-show or cancel")]
    UnknownStatus,
    /// A reply without text.
    #[error("the reply is empty")]
    EmptyReply,
    /// No handover has this number.
    #[error("no handover {0}")]
    NoHandover(u64),
    /// The handover ended; the resident talks to the bot again.
    #[error("handover {0} is closed; the resident is talking to the bot again")]
    HandoverClosed(u64),
    /// Not a date in the form YYYY-MM-DD.
    #[error("{0} is not a date (YYYY-MM-DD)")]
    NotADate(String),
    /// A day already gone.
    #[error("{0} is in the past")]
    PastDay(NaiveDate),
    /// A Saturday or Sunday.
    #[error("{0} is a {day}; the office is closed anyway", day = .0.format("%A"))]
    Weekend(NaiveDate),
    /// A national holiday.
    #[error("{date} is already a holiday: {name}")]
    Holiday {
        /// The day.
        date: NaiveDate,
        /// The holiday's name.
        name: String,
    },
    /// The office closed this day already.
    #[error("{0} is already closed; remove it first to change it")]
    AlreadyClosed(NaiveDate),
    /// No closure on this day.
    #[error("no closure on {0}")]
    NoClosure(NaiveDate),
    /// A user name outside the allowed characters or length.
    #[error("a user name is 1 to {0} of a-z, 0-9, '.', '_' and '-'")]
    BadUserName(usize),
    /// A password shorter than the minimum.
    #[error("the password must have at least {0} characters")]
    ShortPassword(usize),
    /// The name is taken.
    #[error("there is already a user called {0}")]
    UserExists(String),
    /// No account has this name.
    #[error("no user called {0}")]
    NoUser(String),
    /// A role other than admin, petugas and camat.
    #[error("role must be admin, petugas or camat")]
    UnknownRole,
    /// An item number the booking's requirement list does not have.
    #[error("{ticket} has no item {item}; its items are 1 to {items}")]
    NoItem {
        /// The ticket.
        ticket: String,
        /// The number given.
        item: u32,
        /// How many items it has.
        items: usize,
    },
    /// A verdict other than ok, unclear, wrong and missing.
    #[error("the verdict must be ok, unclear, wrong or missing")]
    UnknownVerdict,
    /// The result cannot be sent while items have no verdict.
    #[error("{ticket}: give every item a verdict first (no verdict yet: {items})", items = join(.items))]
    NotJudged {
        /// The ticket.
        ticket: String,
        /// The items without one.
        items: Vec<u32>,
    },
    /// No file of this booking has this number.
    #[error("no file {0} for this booking")]
    NoFile(u64),
    /// Not `lengkap` or `tidak-lengkap`.
    #[error("--berkas must be lengkap or tidak-lengkap, and only with done")]
    UnknownArrival,
}

fn join(items: &[u32]) -> String {
    items.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

impl Refusal {
    /// Every Fluent message a refusal may show; `cekbae check` proves each exists.
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "desk-refused-no-ticket",
        "desk-refused-moved",
        "desk-refused-cancelled",
        "desk-refused-already-ready",
        "desk-refused-unknown-status",
        "desk-refused-empty-reply",
        "desk-refused-no-handover",
        "desk-refused-handover-closed",
        "desk-refused-not-a-date",
        "desk-refused-past-day",
        "desk-refused-weekend",
        "desk-refused-holiday",
        "desk-refused-already-closed",
        "desk-refused-no-closure",
        "desk-refused-bad-user-name",
        "desk-refused-short-password",
        "desk-refused-user-exists",
        "desk-refused-no-user",
        "desk-refused-unknown-role",
        "desk-refused-no-item",
        "desk-refused-unknown-verdict",
        "desk-refused-not-judged",
        "desk-refused-no-file",
        "desk-refused-unknown-arrival",
    ];

    /// The Fluent message and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        let day = |date: &NaiveDate| date.format("%d-%m-%Y").to_string();
        match self {
            Self::NoTicket(ticket) => ("desk-refused-no-ticket", vec![("ticket", ticket.clone())]),
            Self::Moved(ticket) => ("desk-refused-moved", vec![("ticket", ticket.clone())]),
            Self::Cancelled => ("desk-refused-cancelled", Vec::new()),
            Self::AlreadyReady(ticket) => ("desk-refused-already-ready", vec![("ticket", ticket.clone())]),
            Self::UnknownStatus => ("desk-refused-unknown-status", Vec::new()),
            Self::EmptyReply => ("desk-refused-empty-reply", Vec::new()),
            Self::NoHandover(id) => ("desk-refused-no-handover", vec![("id", id.to_string())]),
            Self::HandoverClosed(id) => ("desk-refused-handover-closed", vec![("id", id.to_string())]),
            Self::NotADate(text) => ("desk-refused-not-a-date", vec![("text", text.clone())]),
            Self::PastDay(date) => ("desk-refused-past-day", vec![("date", day(date))]),
            Self::Weekend(date) => ("desk-refused-weekend", vec![("date", day(date))]),
            Self::Holiday { date, name } => ("desk-refused-holiday", vec![("date", day(date)), ("name", name.clone())]),
            Self::AlreadyClosed(date) => ("desk-refused-already-closed", vec![("date", day(date))]),
            Self::NoClosure(date) => ("desk-refused-no-closure", vec![("date", day(date))]),
            Self::BadUserName(max) => ("desk-refused-bad-user-name", vec![("max", max.to_string())]),
            Self::ShortPassword(min) => ("desk-refused-short-password", vec![("min", min.to_string())]),
            Self::UserExists(name) => ("desk-refused-user-exists", vec![("name", name.clone())]),
            Self::NoUser(name) => ("desk-refused-no-user", vec![("name", name.clone())]),
            Self::UnknownRole => ("desk-refused-unknown-role", Vec::new()),
            Self::NoItem { ticket, item, items } => (
                "desk-refused-no-item",
                vec![("ticket", ticket.clone()), ("item", item.to_string()), ("items", items.to_string())],
            ),
            Self::UnknownVerdict => ("desk-refused-unknown-verdict", Vec::new()),
            Self::NotJudged { ticket, items } => {
                ("desk-refused-not-judged", vec![("ticket", ticket.clone()), ("items", join(items))])
            }
            Self::NoFile(id) => ("desk-refused-no-file", vec![("id", id.to_string())]),
            Self::UnknownArrival => ("desk-refused-unknown-arrival", Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_names_a_listed_message() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let all = [
            Refusal::NoTicket("T".into()),
            Refusal::Moved("T".into()),
            Refusal::Cancelled,
            Refusal::AlreadyReady("T".into()),
            Refusal::UnknownStatus,
            Refusal::EmptyReply,
            Refusal::NoHandover(1),
            Refusal::HandoverClosed(1),
            Refusal::NotADate("x".into()),
            Refusal::PastDay(date),
            Refusal::Weekend(date),
            Refusal::Holiday { date, name: "Natal".into() },
            Refusal::AlreadyClosed(date),
            Refusal::NoClosure(date),
            Refusal::BadUserName(32),
            Refusal::ShortPassword(10),
            Refusal::UserExists("siti".into()),
            Refusal::NoUser("siti".into()),
            Refusal::UnknownRole,
            Refusal::NoItem { ticket: "T".into(), item: 9, items: 3 },
            Refusal::UnknownVerdict,
            Refusal::NotJudged { ticket: "T".into(), items: vec![2, 3] },
            Refusal::NoFile(4),
            Refusal::UnknownArrival,
        ];
        let ids: Vec<&str> = all.iter().map(|it| it.message().0).collect();
        assert_eq!(ids, Refusal::MESSAGE_IDS, "one message per refusal, in order");
        assert_eq!(Refusal::Weekend(date).to_string(), "2026-12-05 is a Saturday; the office is closed anyway");
    }
}
