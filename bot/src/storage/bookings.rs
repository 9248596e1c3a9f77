//! Appointments at the office counter: places per day, numbered tickets, one booking per request.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;
use crate::message::UserKey;

/// Lifecycle of a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BookingStatus {
    /// Waiting for the resident to come.
    Booked,
    /// Served.
    Done,
    /// Did not come.
    NoShow,
    /// Cancelled; the place was freed.
    Cancelled,
    /// Moved to another day under a new ticket (`moved_to`); the place was freed.
    Moved,
    /// The document is ready to collect and the resident was told (after the visit, or without one).
    Ready,
}

/// One appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// `<prefix>-<YYYYMMDD>-<number of the day, 3 digits>`, e.g. `LWL-20261130-007`.
    pub ticket: String,
    /// When the booking was made.
    pub booked_at: DateTime<Utc>,
    /// Current status.
    pub status: BookingStatus,
    /// The ticket this booking was moved to (status [`BookingStatus::Moved`]).
    pub moved_to: Option<String>,
    /// The ticket this booking replaces, when it was moved here from another day.
    pub moved_from: Option<String>,
    /// What was booked, for whom.
    pub details: BookingDetails,
}

/// What a booking is for: everything the dialogue supplies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingDetails {
    /// The day (office-local).
    pub date: NaiveDate,
    /// The service asked for (a document id).
    pub service: String,
    /// Why (a reason id).
    pub reason: String,
    /// The applicant's personal number, sealed by the dialogue (masked after the retention period).
    pub applicant: String,
    /// The resident who booked.
    pub user: UserKey,
    /// When the resident consented to the processing of their personal number.
    pub consent_at: DateTime<Utc>,
    /// The dialogue's request this booking fulfils: booking twice for it returns the first booking.
    pub request_id: String,
}

/// What [`TurnBookings::book`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant, reason = "returned once per operation and taken apart at once")]
pub enum BookOutcome {
    /// Booked (or booked before for the same request: the same booking again).
    Booked(Booking),
    /// The day has no place left.
    Full,
}

/// What [`TurnBookings::move_to`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant, reason = "returned once per operation and taken apart at once")]
pub enum MoveOutcome {
    /// Moved: the booking under its new ticket (or, for a move replayed to the same day, the booking it was
    /// moved to before).
    Moved(Booking),
    /// The new day has no place left.
    Full,
    /// The booking is on that day already.
    SameDay,
    /// No booking of the turn's resident has that ticket.
    NotFound,
    /// Only a booking still waiting for its day can move.
    NotBooked(BookingStatus),
}

/// What [`TurnBookings::set_status`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant, reason = "returned once per operation and taken apart at once")]
pub enum StatusChange {
    /// The status changed (a cancel freed the place).
    Changed {
        /// The booking before.
        before: Booking,
        /// The booking now.
        after: Booking,
    },
    /// It already had that status.
    Unchanged(Booking),
    /// A cancelled booking does not change again (its place may be taken); a moved one lives on under its
    /// new ticket (`moved_to`).
    Refused(Booking),
    /// No booking of the turn's resident has that ticket.
    NotFound,
}

/// The resident's bookings, inside their turn. Changes of places (book, cancel, forget) are race-free
/// across residents and instances: a day never goes over capacity.
pub trait TurnBookings {
    /// Books a place on `new.date` if fewer than `capacity` are taken, with the day's next ticket number,
    /// for the turn's resident (`new.user` is replaced by it). Booking again for a request that has a
    /// booking returns that booking and takes no place.
    fn book(
        &self,
        new: BookingDetails,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<BookOutcome, StorageError>;

    /// Moves one of the resident's bookings to `date`: the new day's capacity check, counter and ticket
    /// number and the old day's counter change together, so the old place is freed exactly when the new one
    /// is taken. The booking gets a new ticket; the old record stays, [`BookingStatus::Moved`] with
    /// `moved_to`, so petugas can follow it.
    fn move_to(
        &self,
        ticket: &str,
        date: NaiveDate,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<MoveOutcome, StorageError>;

    /// One of the resident's bookings by ticket.
    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError>;

    /// Places taken on `date` by active bookings, as this turn sees it.
    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError>;

    /// The resident's active bookings whose day is `from` or later, earliest first.
    fn upcoming(&self, from: NaiveDate) -> Result<Vec<Booking>, StorageError>;

    /// Changes the status of one of the resident's bookings; cancelling frees its place.
    fn set_status(&self, ticket: &str, status: BookingStatus) -> Result<StatusChange, StorageError>;

    /// Deletes every booking of the resident (their request to delete their data); a place not yet used is
    /// freed. Returns how many.
    fn forget_mine(&self) -> Result<usize, StorageError>;

    /// Makes every booking of `previous` the turn's resident's: a resident whose number changed (WhatsApp's
    /// `user_changed_number`) keeps their appointments under the new one. Tickets, days and places do not
    /// change. Returns how many.
    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError>;
}

/// Bookings for the desk and reports.
pub trait Bookings {
    /// A booking by ticket.
    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError>;

    /// Every booking, in ticket order.
    fn all(&self) -> Result<Vec<Booking>, StorageError>;

    /// Places taken on `date` by active bookings.
    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError>;

    /// Active bookings whose day is `date`, in ticket order.
    fn booked_on(&self, date: NaiveDate) -> Result<Vec<Booking>, StorageError>;

    /// Replaces the applicant of every booking whose day is before `cutoff` by `mask(applicant)` (the
    /// retention promise of the data-protection notice); one already masked (`mask` leaves it as it is) is
    /// skipped. Returns how many changed.
    fn mask_applicants_before(&self, cutoff: NaiveDate, mask: &dyn Fn(&str) -> String) -> Result<usize, StorageError>;
}

/// A booking in its stored form, the same on every backend: flat JSON with the names older versions wrote
/// (sled's layout since the first release). Only serde reads its fields.
#[derive(Serialize, Deserialize)]
pub struct StoredBooking {
    /// Version of the layout; rows written before the field existed are version 1.
    #[serde(default = "StoredBooking::first_schema")]
    schema: u32,
    ticket: String,
    booked_at: DateTime<Utc>,
    status: BookingStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moved_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moved_from: Option<String>,
    date: NaiveDate,
    document: String,
    reason: String,
    nik: String,
    channel: String,
    user: String,
    consent_at: DateTime<Utc>,
    request_id: String,
}

impl StoredBooking {
    /// Version of the stored layout this code writes.
    pub const SCHEMA: u32 = 1;

    fn first_schema() -> u32 {
        1
    }

    /// The stored form of `booking`.
    pub fn of(booking: &Booking) -> Self {
        let details = &booking.details;
        Self {
            schema: Self::SCHEMA,
            ticket: booking.ticket.clone(),
            booked_at: booking.booked_at,
            status: booking.status,
            moved_to: booking.moved_to.clone(),
            moved_from: booking.moved_from.clone(),
            date: details.date,
            document: details.service.clone(),
            reason: details.reason.clone(),
            nik: details.applicant.clone(),
            channel: details.user.channel.clone(),
            user: details.user.id.clone(),
            consent_at: details.consent_at,
            request_id: details.request_id.clone(),
        }
    }

    /// The booking it holds.
    pub fn booking(self) -> Booking {
        Booking {
            ticket: self.ticket,
            booked_at: self.booked_at,
            status: self.status,
            moved_to: self.moved_to,
            moved_from: self.moved_from,
            details: BookingDetails {
                date: self.date,
                service: self.document,
                reason: self.reason,
                applicant: self.nik,
                user: UserKey::new(self.channel, self.user),
                consent_at: self.consent_at,
                request_id: self.request_id,
            },
        }
    }
}

#[cfg(test)]
mod stored_form_tests {
    use super::*;

    #[test]
    fn the_stored_form_keeps_the_first_release_names_and_reads_rows_without_a_version() {
        let at = DateTime::from_timestamp(1_764_460_800, 0).unwrap();
        let booking = Booking {
            ticket: "LWL-20261130-001".into(),
            booked_at: at,
            status: BookingStatus::Booked,
            moved_to: None,
            moved_from: None,
            details: BookingDetails {
                date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                service: "ktp".into(),
                reason: "hilang".into(),
                applicant: "sealed:abc".into(),
                user: UserKey::new("whatsapp", "62812"),
                consent_at: at,
                request_id: "r1".into(),
            },
        };
        let mut json = serde_json::to_value(StoredBooking::of(&booking)).unwrap();
        assert_eq!((json["schema"].as_u64(), json["document"].as_str()), (Some(1), Some("ktp")), "{json}");
        assert_eq!((json["nik"].as_str(), json["user"].as_str()), (Some("sealed:abc"), Some("62812")), "{json}");
        assert!(json.get("moved_to").is_none(), "absent, not null: {json}");
        json.as_object_mut().unwrap().remove("schema");
        let back: StoredBooking = serde_json::from_value(json).unwrap();
        assert_eq!(back.booking(), booking);
    }
}
