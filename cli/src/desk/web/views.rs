//! The pages as askama templates (compiled into the binary from `cli/templates/desk/`), the rows they
//! show, and [`Tr`], which renders every label from Fluent (`locales/*/desk.ftl`). Templates escape
//! everything they are given; only the report's SVG (escaped when drawn) is inserted as is.

use std::sync::Arc;

use askama::Template;

use cekbae_bot::{Engine, Say};
use cekbae_dialogues::Adminduk;

use crate::desk::report::charts::Chart;

/// Labels in the desk's language, from Fluent.
#[derive(Clone)]
pub struct Tr {
    engine: Arc<Engine<Adminduk>>,
    /// The language code (`id` by default).
    pub lang: String,
}

impl Tr {
    /// Labels in the default locale.
    pub fn new(engine: Arc<Engine<Adminduk>>) -> Self {
        let lang = engine.locales().default_locale().to_owned();
        Self { engine, lang }
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        self.engine.locales().render(&self.lang, &Say::new(id))
    }

    /// The message `id` with string arguments.
    pub fn with(&self, id: &str, args: &[(&str, String)]) -> String {
        let say = args.iter().fold(Say::new(id), |say, (name, value)| say.arg(name, value.clone()));
        self.engine.locales().render(&self.lang, &say)
    }
}

/// The signed-in user, as the header shows them.
pub struct Me {
    /// Login name.
    pub name: String,
    /// Role word.
    pub role: &'static str,
    /// Sees appointments, handovers, closures.
    pub petugas: bool,
    /// Sees users and the audit log.
    pub admin: bool,
    /// The session's form token (for the logout form).
    pub csrf: String,
}

/// What every page has: labels, title, the user, a notice or an error, the form token.
pub struct Frame {
    /// Labels.
    pub tr: Tr,
    /// The page's heading.
    pub title: String,
    /// Signed in as.
    pub me: Option<Me>,
    /// Something that worked.
    pub notice: Option<String>,
    /// Something that did not.
    pub error: Option<String>,
    /// The session's form token.
    pub csrf: String,
}

/// `GET /desk/login`.
#[derive(Template)]
#[template(path = "desk/login.html")]
pub struct LoginPage {
    /// Frame.
    pub f: Frame,
    /// The login form's token (also in its cookie).
    pub csrf: String,
}

/// A message with a way back (errors, refusals).
#[derive(Template)]
#[template(path = "desk/message.html")]
pub struct MessagePage {
    /// Frame.
    pub f: Frame,
    /// What happened.
    pub text: String,
    /// Where to go back to.
    pub back: String,
}

/// One appointment row.
pub struct AppointmentRow {
    /// Ticket.
    pub ticket: String,
    /// Pickup day.
    pub date: String,
    /// Whether the day differs from the one shown (a search).
    pub other_day: bool,
    /// When it was booked (office time).
    pub booked_at: String,
    /// Document name.
    pub document: String,
    /// Reason name.
    pub reason: String,
    /// Masked, or revealed.
    pub nik: String,
    /// Whether `nik` is the full one.
    pub revealed: bool,
    /// Channel.
    pub channel: String,
    /// Status word (`booked`...).
    pub status: &'static str,
    /// Status in words.
    pub status_label: String,
    /// Still booked: actions apply.
    pub open: bool,
}

/// `/desk/` and `/desk/appointments`.
#[derive(Template)]
#[template(path = "desk/appointments.html")]
pub struct AppointmentsPage {
    /// Frame.
    pub f: Frame,
    /// The day shown.
    pub date: String,
    /// The ticket searched for.
    pub ticket: String,
    /// Rows.
    pub rows: Vec<AppointmentRow>,
}

/// The cancel confirmation.
#[derive(Template)]
#[template(path = "desk/cancel.html")]
pub struct CancelPage {
    /// Frame.
    pub f: Frame,
    /// Ticket.
    pub ticket: String,
    /// Its day (to go back).
    pub date: String,
    /// "Cancel … and tell the resident?"
    pub question: String,
}

/// One line of a handover conversation.
pub struct LineRow {
    /// Office time.
    pub at: String,
    /// `resident` or `petugas`.
    pub from: String,
    /// Who, in words.
    pub who: String,
    /// What was said.
    pub text: String,
}

/// One handover.
pub struct HandoverItem {
    /// Id.
    pub id: u64,
    /// Channel.
    pub channel: String,
    /// State in words.
    pub state: String,
    /// When opened, in words.
    pub opened: String,
    /// What the bot knows.
    pub summary: Vec<(String, String)>,
    /// The last lines.
    pub lines: Vec<LineRow>,
}

/// The live part of `/desk/handovers` (also `GET /desk/handovers/live`).
#[derive(Template)]
#[template(path = "desk/handover_list.html")]
pub struct HandoverList {
    /// Labels.
    pub tr: Tr,
    /// The session's form token.
    pub csrf: String,
    /// Open handovers.
    pub items: Vec<HandoverItem>,
}

/// `/desk/handovers`.
#[derive(Template)]
#[template(path = "desk/handovers.html")]
pub struct HandoversPage {
    /// Frame.
    pub f: Frame,
    /// The rendered [`HandoverList`].
    pub list: String,
}

/// One closure row.
pub struct ClosureRow {
    /// Day.
    pub date: String,
    /// Reason.
    pub reason: String,
    /// Who added it.
    pub by: String,
}

/// `/desk/closures`.
#[derive(Template)]
#[template(path = "desk/closures.html")]
pub struct ClosuresPage {
    /// Frame.
    pub f: Frame,
    /// Closures.
    pub rows: Vec<ClosureRow>,
}

/// One account row.
pub struct UserRow {
    /// Name.
    pub name: String,
    /// Role word.
    pub role: &'static str,
    /// Active or disabled, in words.
    pub state: String,
    /// Disabled.
    pub disabled: bool,
}

/// `/desk/users`.
#[derive(Template)]
#[template(path = "desk/users.html")]
pub struct UsersPage {
    /// Frame.
    pub f: Frame,
    /// Accounts.
    pub rows: Vec<UserRow>,
}

/// One audit row.
pub struct AuditRow {
    /// Office time.
    pub at: String,
    /// Who.
    pub who: String,
    /// Action word.
    pub action: String,
    /// Tickets, users, handovers.
    pub records: String,
    /// How they got in.
    pub via: String,
}

/// `/desk/audit`.
#[derive(Template)]
#[template(path = "desk/audit.html")]
pub struct AuditPage {
    /// Frame.
    pub f: Frame,
    /// Period start.
    pub from: String,
    /// Period end.
    pub to: String,
    /// Entries, newest first.
    pub rows: Vec<AuditRow>,
}

/// One headline figure of the report.
pub struct Figure {
    /// The JSON key it equals (`users`, `bookings.total`...).
    pub key: &'static str,
    /// As shown.
    pub value: String,
    /// What it is.
    pub label: String,
}

/// `/desk/report`.
#[derive(Template)]
#[template(path = "desk/report.html")]
pub struct ReportPage {
    /// Frame.
    pub f: Frame,
    /// Period start.
    pub from: String,
    /// Period end.
    pub to: String,
    /// The CSV of the same period.
    pub csv_link: String,
    /// The office's name.
    pub office: String,
    /// The period in words.
    pub period: String,
    /// Headline figures.
    pub figures: Vec<Figure>,
    /// Charts.
    pub charts: Vec<Chart>,
    /// One line of conclusion.
    pub conclusion: String,
}
