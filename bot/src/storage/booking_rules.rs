//! The rules of booking, moving and changing the status of an appointment, written once for every backend:
//! a backend supplies a few primitives over its own records ([`BookingRecords`]: read the resident's booking,
//! take or free a place of a day, write a booking) and its [`TurnBookings`](super::TurnBookings) calls these.
//! What stays in a backend is how its records are laid out and how a place is taken without a race.

use chrono::{DateTime, NaiveDate, Utc};

use super::bookings::{BookOutcome, Booking, BookingDetails, BookingStatus, MoveOutcome, StatusChange};
use super::error::StorageError;
use crate::message::UserKey;

/// What the booking rules need of a backend, inside the resident's turn.
pub trait BookingRecords {
    /// The turn's resident.
    fn resident(&self) -> &UserKey;

    /// The booking made for `request_id` (by any resident), if any.
    fn booking_of_request(&self, request_id: &str) -> Result<Option<Booking>, StorageError>;

    /// One of the resident's bookings (another resident's ticket is `None`).
    fn own_booking(&self, ticket: &str) -> Result<Option<Booking>, StorageError>;

    /// Takes the next place and ticket number of `date`, or `None` when the day is full.
    fn take_place(&self, date: NaiveDate, capacity: u32, ticket_prefix: &str) -> Result<Option<String>, StorageError>;

    /// Frees a place of `date`.
    fn free_place(&self, date: NaiveDate) -> Result<(), StorageError>;

    /// Writes a new booking, indexed by its request and its resident.
    fn add_booking(&self, booking: &Booking) -> Result<(), StorageError>;

    /// Writes a changed booking (its status, where it moved); `moved` says it now gives its request up to
    /// the booking it became.
    fn update_booking(&self, booking: &Booking, moved: bool) -> Result<(), StorageError>;
}

/// Books `new` for the turn's resident, or returns the booking made before for the same request.
pub fn book(
    records: &dyn BookingRecords,
    new: BookingDetails,
    capacity: u32,
    ticket_prefix: &str,
    now: DateTime<Utc>,
) -> Result<BookOutcome, StorageError> {
    if let Some(existing) = records.booking_of_request(&new.request_id)? {
        return Ok(BookOutcome::Booked(existing));
    }
    let Some(ticket) = records.take_place(new.date, capacity, ticket_prefix)? else { return Ok(BookOutcome::Full) };
    let details = BookingDetails { user: records.resident().clone(), ..new };
    let booking =
        Booking { ticket, booked_at: now, status: BookingStatus::Booked, moved_to: None, moved_from: None, details };
    records.add_booking(&booking)?;
    Ok(BookOutcome::Booked(booking))
}

/// Moves the resident's booking `ticket` to `date` under a new ticket: the new day's place is taken, the old
/// one freed, and the old booking says where it went. A move replayed to the same day returns the booking it
/// became.
pub fn move_to(
    records: &dyn BookingRecords,
    ticket: &str,
    date: NaiveDate,
    capacity: u32,
    ticket_prefix: &str,
    now: DateTime<Utc>,
) -> Result<MoveOutcome, StorageError> {
    let Some(mut old) = records.own_booking(ticket)? else { return Ok(MoveOutcome::NotFound) };
    if old.status == BookingStatus::Moved {
        if let Some(moved) = old.moved_to.as_deref().map(|to| records.own_booking(to)).transpose()?.flatten() {
            if moved.details.date == date {
                return Ok(MoveOutcome::Moved(moved));
            }
        }
    }
    if old.status != BookingStatus::Booked {
        return Ok(MoveOutcome::NotBooked(old.status));
    }
    if old.details.date == date {
        return Ok(MoveOutcome::SameDay);
    }
    let Some(new_ticket) = records.take_place(date, capacity, ticket_prefix)? else { return Ok(MoveOutcome::Full) };
    let moved = Booking {
        ticket: new_ticket.clone(),
        booked_at: now,
        status: BookingStatus::Booked,
        moved_to: None,
        moved_from: Some(old.ticket.clone()),
        details: BookingDetails { date, ..old.details.clone() },
    };
    records.free_place(old.details.date)?;
    old.status = BookingStatus::Moved;
    old.moved_to = Some(new_ticket);
    records.update_booking(&old, true)?;
    records.add_booking(&moved)?;
    Ok(MoveOutcome::Moved(moved))
}

/// Changes the status of the resident's booking `ticket`. A cancel frees the place; a cancelled or moved
/// booking does not change again.
pub fn set_status(
    records: &dyn BookingRecords,
    ticket: &str,
    status: BookingStatus,
) -> Result<StatusChange, StorageError> {
    let Some(before) = records.own_booking(ticket)? else { return Ok(StatusChange::NotFound) };
    if before.status == status {
        return Ok(StatusChange::Unchanged(before));
    }
    if matches!(before.status, BookingStatus::Cancelled | BookingStatus::Moved) {
        return Ok(StatusChange::Refused(before));
    }
    if status == BookingStatus::Cancelled {
        records.free_place(before.details.date)?;
    }
    let after = Booking { status, ..before.clone() };
    records.update_booking(&after, false)?;
    Ok(StatusChange::Changed { before, after })
}
