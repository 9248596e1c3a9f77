//! Messages the office sends on its own (a reminder, a "document ready" notice, a petugas's reply), as
//! opposed to answers: what a channel with a free-form window (WhatsApp: 24 hours after the resident's
//! last message) needs to send them outside it as an approved template, and where a delivery that failed
//! for good is noted for the desk.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long after a resident's last message a channel with a window (WhatsApp's customer-service window)
/// still takes free-form messages.
pub fn free_form_window() -> Duration {
    Duration::hours(24)
}

/// What an office-initiated message is for. Channels with templates pick the template by it.
pub mod purpose {
    /// The reminder the day before an appointment.
    pub const REMINDER: &str = "reminder";
    /// The document is ready to collect.
    pub const READY: &str = "ready";
    /// A petugas cancelled the appointment.
    pub const CANCELLED: &str = "cancelled";
    /// A petugas's reply in a handover.
    pub const HANDOVER_REPLY: &str = "handover_reply";
    /// The result of a petugas's check of the papers a resident sent ("cek berkas").
    pub const BERKAS: &str = "berkas";
    /// Every purpose, in the order the settings and `cekbae templates` list them.
    pub const ALL: [&str; 5] = [REMINDER, READY, CANCELLED, HANDOVER_REPLY, BERKAS];

    /// Whether a message of `purpose` the channel refused for good (outside the resident's window with no
    /// template) waits for the resident's next message and goes with its answer ([`super::HELD`]), rather
    /// than being only noted as a delivery problem. The result of a check of their papers is still news
    /// when they write days later; a reminder for a day gone by is not.
    pub fn held_until_the_resident_writes(purpose: &str) -> bool {
        purpose == BERKAS
    }
}

/// A rendered office-initiated message's extra data, carried by [`crate::Outgoing::proactive`]. Channels
/// without a window ignore it and send the text and options as usual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proactive {
    /// One of [`purpose`].
    pub purpose: String,
    /// The template's body parameters (`{{1}}`, `{{2}}` …), rendered in the template language.
    pub params: Vec<String>,
    /// What the message concerns (a ticket), so the desk can show a delivery problem beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Whether the resident's last message was within [`free_form_window`] when the message was queued.
    /// A late delivery may still find the window closed; the channel then falls back to the template.
    pub in_window: bool,
}

impl Proactive {
    /// Whether a resident who last wrote at `last_inbound` may get a free-form message at `now`.
    pub fn window_open(last_inbound: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        last_inbound.is_some_and(|at| now - at < free_form_window())
    }
}

/// The record kind (in [`crate::storage::Records`]) of office-initiated messages that could not be
/// delivered, keyed `<purpose>:<subject>`.
pub const DELIVERY_PROBLEMS: &str = "delivery-problems";

/// The record kind (in [`crate::storage::Records`]) of office messages waiting for the resident to write
/// ([`purpose::held_until_the_resident_writes`]), keyed by [`resident_key`]: the rendered messages, sealed
/// like every record, sent in the resident's next turn (their window is open then).
pub const HELD: &str = "held-messages";

/// The record kind (in [`crate::storage::Records`]) of residents the channel says cannot be reached (they
/// blocked the bot), keyed `<channel>:<id>`: office messages are not queued for them.
pub const UNREACHABLE: &str = "unreachable";

/// The [`UNREACHABLE`] record key of a resident.
pub fn resident_key(user: &crate::UserKey) -> String {
    format!("{}:{}", user.channel, user.id)
}

/// One office-initiated message that could not be delivered, kept for the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryProblem {
    /// One of [`purpose`].
    pub purpose: String,
    /// What it concerned (a ticket).
    pub subject: String,
    /// The channel's reason (an error code and Meta's title, or "no template configured").
    pub reason: String,
    /// When the channel refused it.
    pub at: DateTime<Utc>,
}

impl DeliveryProblem {
    /// The record key: `<purpose>:<subject>`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.purpose, self.subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_open_for_a_day_after_the_last_message_only() {
        let at = DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z").unwrap().with_timezone(&Utc);
        assert!(Proactive::window_open(Some(at), at + Duration::hours(23)));
        assert!(!Proactive::window_open(Some(at), at + Duration::hours(24)));
        assert!(!Proactive::window_open(None, at), "a resident who never wrote has no window");
    }
}
