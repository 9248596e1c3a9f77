//! Desk operations that name who did them, for the browser, where every action is audited with the
//! signed-in user: one appointment's NIK shown, a reply to a handover, a handover closed.

use anyhow::Context;

use super::{AppointmentView, Desk, HandoverView, Requester};
use crate::desk::refusal::Refusal;

impl Desk {
    /// The appointment `ticket` with its full NIK; audited (`reveal`, that ticket alone).
    pub fn reveal_one(&self, ticket: &str, who: &Requester) -> anyhow::Result<AppointmentView> {
        let booking = self.engine.store().bookings().get(ticket).context("cannot read bookings")?;
        let booking = booking.ok_or_else(|| Refusal::NoTicket(ticket.to_owned()))?;
        self.audit_action("reveal", vec![ticket.to_owned()], who)?;
        tracing::warn!(who = %who.name, via = %who.via, ticket, "a full NIK revealed (audited)");
        Ok(AppointmentView::of(&booking, true, self.engine.dialogue().vault()))
    }

    /// [`Desk::reply`], audited (`handover-reply`, `#ID`).
    pub fn reply_as(&self, id: u64, text: &str, who: &Requester) -> anyhow::Result<HandoverView> {
        let view = self.reply(id, text)?;
        self.audit_action("handover-reply", vec![format!("#{id}")], who)?;
        Ok(view)
    }

    /// [`Desk::close`], audited (`handover-closed`, `#ID`).
    pub fn close_as(&self, id: u64, who: &Requester) -> anyhow::Result<HandoverView> {
        let view = self.close(id)?;
        self.audit_action("handover-closed", vec![format!("#{id}")], who)?;
        Ok(view)
    }

    fn audit_action(&self, action: &str, records: Vec<String>, who: &Requester) -> anyhow::Result<()> {
        self.audit(&self.audit_entry(action, records, who))
    }
}
