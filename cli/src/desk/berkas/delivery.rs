//! Where the result sent to a resident stands: held for them to write, refused for good, waiting in the
//! outbox, or taken by the channel. What the store says about results is read once for a whole list or page
//! ([`Deliveries`]), not again for every booking in it.

use std::cell::OnceCell;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::proactive::{purpose, DeliveryProblem, DELIVERY_PROBLEMS, HELD};
use cekbae_bot::Outgoing;
use cekbae_dialogues::berkas::SentResult;

use crate::desk::Desk;

/// Where the result sent to the resident stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Delivery {
    /// Not sent yet.
    NotSent,
    /// Waiting in the outbox: the server is stopped, or the channel asked to try later.
    Queued {
        /// Whether the resident's 24-hour window was open when it was queued (else it goes as the template).
        in_window: bool,
    },
    /// The channel took it.
    Sent,
    /// Refused outside the resident's window without a template: it waits for the resident to write and goes
    /// with the answer to their next message.
    Held,
    /// The channel refused it for good: outside the resident's window without a template (it can be sent
    /// again once the resident writes), or a template error.
    Undelivered {
        /// The channel's reason.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
}

/// What the store says about the results sent to residents, read when first needed (only a result that was
/// sent needs it) and then kept for the rest of the list or page.
pub(super) struct Deliveries<'a> {
    desk: &'a Desk,
    known: OnceCell<Known>,
}

/// The results' traces in the store, by ticket.
struct Known {
    /// Tickets whose result waits for the resident to write ([`HELD`]).
    held: Vec<String>,
    /// The channel's refusals of results, keyed `berkas:<ticket>`, in key order.
    problems: Vec<(String, DeliveryProblem)>,
    /// Results still in the outbox, oldest first: (ticket, whether the window was open).
    queued: Vec<(String, bool)>,
}

impl<'a> Deliveries<'a> {
    pub(super) fn new(desk: &'a Desk) -> Self {
        Self { desk, known: OnceCell::new() }
    }

    /// Where the result of `ticket` sent at `sent` stands: held, else refused for good after it, else still in
    /// the outbox, else taken by the channel.
    pub(super) fn of(&self, ticket: &str, sent: Option<&SentResult>) -> anyhow::Result<Delivery> {
        let Some(sent) = sent else { return Ok(Delivery::NotSent) };
        let known = match self.known.get() {
            Some(known) => known,
            None => {
                let known = self.read()?;
                self.known.get_or_init(|| known)
            }
        };
        if known.held.iter().any(|it| it == ticket) {
            return Ok(Delivery::Held);
        }
        let key = format!("{}:{ticket}", purpose::BERKAS);
        let mut refused = known.problems.iter().filter(|(it, _)| *it == key).map(|(_, problem)| problem);
        if let Some(problem) = refused.find(|it| it.at >= sent.at) {
            return Ok(Delivery::Undelivered { reason: problem.reason.clone(), at: problem.at });
        }
        Ok(match known.queued.iter().find(|(it, _)| it == ticket) {
            Some((_, in_window)) => Delivery::Queued { in_window: *in_window },
            None => Delivery::Sent,
        })
    }

    fn read(&self) -> anyhow::Result<Known> {
        let engine = self.desk.engine();
        let records = engine.store().records();
        let held = records.all(HELD).context("cannot read the messages held for residents")?;
        let held = held
            .into_iter()
            .filter_map(|it| serde_json::from_value::<Vec<Outgoing>>(it.value).ok())
            .flatten()
            .filter_map(|message| result_ticket(&message).map(|(ticket, _)| ticket))
            .collect();
        let problems = records.all(DELIVERY_PROBLEMS).context("cannot read delivery problems")?;
        let problems = problems
            .into_iter()
            .filter_map(|it| Some((it.key, serde_json::from_value::<DeliveryProblem>(it.value).ok()?)))
            .collect();
        let waiting = engine.pending_outbox().context("cannot read the outbox")?;
        let queued = waiting.iter().flat_map(|(_, entry)| &entry.replies).filter_map(result_ticket).collect();
        Ok(Known { held, problems, queued })
    }
}

/// The ticket a message is the berkas result of, and whether the resident's window was open for it.
fn result_ticket(message: &Outgoing) -> Option<(String, bool)> {
    let proactive = message.proactive.as_ref().filter(|it| it.purpose == purpose::BERKAS)?;
    Some((proactive.subject.clone()?, proactive.in_window))
}
