//! The result of a check as the resident reads it, in their language (`locales/*/berkas_result.ftl`):
//! "Berkas lengkap, silakan datang pada …" when every item is ok, else "Perlu dilengkapi:" with each item
//! that is not, its verdict and the petugas's note. Marked as the office's own message (purpose
//! [`purpose::BERKAS`]), so outside WhatsApp's window it goes as the `berkas` template.

use cekbae_bot::proactive::purpose;
use cekbae_bot::storage::Booking;
use cekbae_bot::{Reply, Say};

use super::{items, CheckRecord, Verdict};
use crate::adminduk::date_say;
use crate::catalog::document_label;
use crate::Adminduk;

/// `Berkas lengkap, silakan datang pada { $date } …`
pub const COMPLETE: &str = "berkas-result-complete";
/// `… Perlu dilengkapi: { $items } …`
pub const INCOMPLETE: &str = "berkas-result-incomplete";
/// One item not ok: `{ $item }: { $verdict }`.
pub const ITEM: &str = "berkas-result-item";
/// The same with the petugas's note.
pub const ITEM_NOTE: &str = "berkas-result-item-note";
/// The template's body (`{{1}}` ticket, `{{2}}` the result on one line).
pub const TEMPLATE: &str = "berkas-template-result";
/// The template's result when complete.
pub const SHORT_COMPLETE: &str = "berkas-result-short-complete";
/// The template's result when not.
pub const SHORT_INCOMPLETE: &str = "berkas-result-short-incomplete";
/// A value inserted as is (template parameters).
const VALUE: &str = "berkas-value";

/// Every Fluent id this module and the verdict labels use, for `cekbae check`.
pub const MESSAGE_IDS: &[&str] = &[
    COMPLETE,
    INCOMPLETE,
    ITEM,
    ITEM_NOTE,
    TEMPLATE,
    SHORT_COMPLETE,
    SHORT_INCOMPLETE,
    VALUE,
    "berkas-verdict-ok",
    "berkas-verdict-unclear",
    "berkas-verdict-wrong",
    "berkas-verdict-missing",
];

impl Adminduk {
    /// The result of `record` for `booking`'s resident. An item without a verdict counts as not ok
    /// (`belum ada`): the resident is never told "lengkap" about an item nobody looked at.
    pub fn berkas_result(&self, booking: &Booking, record: &CheckRecord) -> Reply {
        let details = &booking.details;
        let labels = items(self.catalog(), booking);
        let config = self.calendar().config();
        let (opens, closes) = (config.opens.format("%H.%M").to_string(), config.closes.format("%H.%M").to_string());
        let lacking: Vec<Say> = labels
            .iter()
            .enumerate()
            .filter_map(|(index, label)| {
                let judged = record.verdicts.get(&(index as u32 + 1));
                let verdict = judged.map_or(Verdict::Missing, |it| it.verdict);
                if verdict == Verdict::Ok {
                    return None;
                }
                let say = |id: &str| {
                    Say::new(id).msg("item", Say::new(label.clone())).msg("verdict", Say::new(verdict.label()))
                };
                Some(match judged.and_then(|it| it.note.clone()) {
                    Some(note) => say(ITEM_NOTE).arg("note", note),
                    None => say(ITEM),
                })
            })
            .collect();
        let ticket = booking.ticket.clone();
        let document = Say::new(document_label(&details.service));
        let (body, short) = match lacking.is_empty() {
            true => (
                Say::new(COMPLETE)
                    .arg("ticket", ticket.clone())
                    .msg("document", document)
                    .msg("date", date_say(details.date))
                    .arg("opens", opens)
                    .arg("closes", closes),
                Say::new(SHORT_COMPLETE).msg("date", date_say(details.date)),
            ),
            false => (
                Say::new(INCOMPLETE)
                    .arg("ticket", ticket.clone())
                    .msg("document", document)
                    .msg("date", date_say(details.date))
                    .list("items", lacking.clone()),
                Say::new(SHORT_INCOMPLETE).list("items", lacking),
            ),
        };
        let params = vec![Say::new(VALUE).arg("value", ticket.clone()), short];
        Reply::say(body).proactive(purpose::BERKAS, params, Some(ticket))
    }
}
