//! Pickup bookings in sled: atomic per-day capacity, idempotent per request, numbered tickets.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

/// Version of the stored [`Booking`] layout.
pub const BOOKING_SCHEMA: u32 = 1;

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
}

/// One pickup appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// [`BOOKING_SCHEMA`] when written.
    pub schema: u32,
    /// e.g. `LWL-20261130-007`.
    pub ticket: String,
    /// When the booking was made.
    pub booked_at: DateTime<Utc>,
    /// Current status.
    pub status: BookingStatus,
    /// The ticket this booking was moved to (status [`BookingStatus::Moved`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// The ticket this booking replaces, when it was moved here from another day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
    /// What was booked, for whom; stored flat beside the fields above.
    #[serde(flatten)]
    pub details: BookingDetails,
}

/// What a booking is for: everything the dialogue supplies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingDetails {
    /// The pickup day (office-local).
    pub date: NaiveDate,
    /// Document id.
    pub document: String,
    /// Reason id.
    pub reason: String,
    /// The applicant's NIK, sealed by the [`crate::vault::NikVault`] (masked after the retention period).
    pub nik: String,
    /// Channel name.
    pub channel: String,
    /// Channel user id.
    pub user: String,
    /// When the resident consented to NIK processing.
    pub consent_at: DateTime<Utc>,
    /// The conversation request this booking fulfils; booking twice for it returns the first.
    pub request_id: String,
}

/// Why a booking was not made.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// The day reached its capacity.
    #[error("the day is full")]
    Full,
    /// Storage failed.
    #[error("booking storage: {0}")]
    Storage(#[from] sled::Error),
    /// A stored booking could not be read or written.
    #[error("booking record: {0}")]
    Record(#[from] serde_json::Error),
}

/// Why a booking was not moved to another day.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// The new day reached its capacity.
    #[error("the day is full")]
    Full,
    /// No booking has this ticket.
    #[error("no booking with this ticket")]
    NotFound,
    /// Only a booking still waiting for its day can move.
    #[error("the booking is {0:?}, not booked")]
    NotBooked(BookingStatus),
    /// The booking is on that day already.
    #[error("the booking is on that day already")]
    SameDay,
    /// Storage failed.
    #[error("booking storage: {0}")]
    Storage(#[from] sled::Error),
    /// A stored booking could not be read or written.
    #[error("booking record: {0}")]
    Record(#[from] serde_json::Error),
}

/// Why a status change was refused.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// Cancelled bookings cannot change again (their place may be taken).
    #[error("the booking was cancelled; its place may already be taken")]
    Cancelled,
    /// A moved booking lives on under its new ticket.
    #[error("the booking was moved to {0}; change that ticket instead")]
    Moved(String),
    /// Storage failed.
    #[error("booking storage: {0}")]
    Storage(#[from] sled::Error),
    /// A stored booking could not be read or written.
    #[error("booking record: {0}")]
    Record(#[from] serde_json::Error),
}

/// Bookings and per-day counters, sharing the session database.
#[derive(Debug, Clone)]
pub struct BookingStore {
    bookings: sled::Tree,
    day_counts: sled::Tree,
    day_sequence: sled::Tree,
    by_request: sled::Tree,
    by_user: sled::Tree,
}

enum Abort {
    Full,
    Record(serde_json::Error),
}

impl BookingStore {
    /// Opens the booking trees in `db`.
    pub fn open(db: &sled::Db) -> Result<Self, sled::Error> {
        Ok(Self {
            bookings: db.open_tree("bookings")?,
            day_counts: db.open_tree("booking_day_counts")?,
            day_sequence: db.open_tree("booking_day_sequence")?,
            by_request: db.open_tree("booking_by_request")?,
            by_user: db.open_tree("booking_by_user")?,
        })
    }

    /// Places taken on `date` by active bookings.
    pub fn taken(&self, date: NaiveDate) -> Result<u32, sled::Error> {
        Ok(self.day_counts.get(day_key(date))?.map(|it| read_u32(&it)).unwrap_or(0))
    }

    /// Books a place, atomically: the capacity check, the counter, the ticket
    /// number and the record are one transaction, so two residents can never
    /// take the last place twice. Booking again for the same request returns
    /// the existing booking instead of taking a second place.
    pub fn book(
        &self,
        new: BookingDetails,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<Booking, BookError> {
        let trees = (&self.bookings, &self.day_counts, &self.day_sequence, &self.by_request, &self.by_user);
        let res = trees.transaction(|(bookings, counts, sequence, by_request, by_user)| {
            if let Some(ticket) = by_request.get(new.request_id.as_bytes())? {
                if let Some(existing) = bookings.get(&ticket)? {
                    let booking: Booking = serde_json::from_slice(&existing)
                        .map_err(|err| ConflictableTransactionError::Abort(Abort::Record(err)))?;
                    return Ok(booking);
                }
            }
            let key = day_key(new.date);
            let taken = counts.get(key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0);
            if taken >= capacity {
                return Err(ConflictableTransactionError::Abort(Abort::Full));
            }
            let number = sequence.get(key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0) + 1;
            let ticket = format!("{ticket_prefix}-{}-{number:03}", new.date.format("%Y%m%d"));
            let booking = Booking {
                schema: BOOKING_SCHEMA,
                ticket: ticket.clone(),
                booked_at: now,
                status: BookingStatus::Booked,
                moved_to: None,
                moved_from: None,
                details: new.clone(),
            };
            let bytes =
                serde_json::to_vec(&booking).map_err(|err| ConflictableTransactionError::Abort(Abort::Record(err)))?;
            counts.insert(key.as_bytes(), &(taken + 1).to_be_bytes())?;
            sequence.insert(key.as_bytes(), &number.to_be_bytes())?;
            bookings.insert(ticket.as_bytes(), bytes)?;
            by_request.insert(new.request_id.as_bytes(), ticket.as_bytes())?;
            by_user.insert(user_key(&new.channel, &new.user, &ticket), &[])?;
            Ok(booking)
        });
        match res {
            Ok(booking) => Ok(booking),
            Err(TransactionError::Abort(Abort::Full)) => Err(BookError::Full),
            Err(TransactionError::Abort(Abort::Record(err))) => Err(BookError::Record(err)),
            Err(TransactionError::Storage(err)) => Err(BookError::Storage(err)),
        }
    }

    /// A booking by ticket.
    pub fn get(&self, ticket: &str) -> Result<Option<Booking>, BookError> {
        match self.bookings.get(ticket.as_bytes())? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    /// Active bookings of one resident whose day is `from` or later, earliest first.
    pub fn upcoming_for(&self, channel: &str, user: &str, from: NaiveDate) -> Result<Vec<Booking>, BookError> {
        let prefix = user_key(channel, user, "");
        let mut res = Vec::new();
        for item in self.by_user.scan_prefix(&prefix) {
            let (key, _) = item?;
            let ticket = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            if let Some(booking) = self.get(&ticket)? {
                if booking.status == BookingStatus::Booked && booking.details.date >= from {
                    res.push(booking);
                }
            }
        }
        res.sort_by(|a, b| a.details.date.cmp(&b.details.date).then(a.ticket.cmp(&b.ticket)));
        Ok(res)
    }

    /// Replaces the NIK of every booking whose pickup day is before `cutoff` by its
    /// masked form (the retention promise of the data-protection notice). Returns how many.
    pub fn forget_niks_before(&self, cutoff: NaiveDate, vault: &crate::vault::NikVault) -> Result<usize, BookError> {
        let mut forgotten = 0;
        for item in self.bookings.iter() {
            let (key, bytes) = item?;
            let mut booking: Booking = serde_json::from_slice(&bytes)?;
            let details = &mut booking.details;
            let masked = vault.masked(&details.nik);
            if details.date >= cutoff || details.nik == masked {
                continue;
            }
            details.nik = masked;
            // Compare-and-swap: a concurrent status change wins and is retried next time.
            let swapped = self.bookings.compare_and_swap(&key, Some(bytes), Some(serde_json::to_vec(&booking)?))?;
            if swapped.is_ok() {
                forgotten += 1;
            }
        }
        Ok(forgotten)
    }

    /// Changes a booking's status. Cancelling frees its place (in the same
    /// transaction as the day's counter); a cancelled booking stays cancelled.
    /// Returns the booking as it is now, or `None` for an unknown ticket.
    pub fn set_status(&self, ticket: &str, status: BookingStatus) -> Result<Option<Booking>, StatusError> {
        let res = (&self.bookings, &self.day_counts).transaction(|(bookings, counts)| {
            let Some(bytes) = bookings.get(ticket.as_bytes())? else { return Ok(None) };
            let mut booking: Booking = serde_json::from_slice(&bytes)
                .map_err(|err| ConflictableTransactionError::Abort(StatusError::Record(err)))?;
            if booking.status == status {
                return Ok(Some(booking));
            }
            if booking.status == BookingStatus::Cancelled {
                return Err(ConflictableTransactionError::Abort(StatusError::Cancelled));
            }
            if booking.status == BookingStatus::Moved {
                let to = booking.moved_to.clone().unwrap_or_default();
                return Err(ConflictableTransactionError::Abort(StatusError::Moved(to)));
            }
            if status == BookingStatus::Cancelled {
                let key = day_key(booking.details.date);
                let taken = counts.get(key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0);
                counts.insert(key.as_bytes(), &taken.saturating_sub(1).to_be_bytes())?;
            }
            booking.status = status;
            let bytes = serde_json::to_vec(&booking)
                .map_err(|err| ConflictableTransactionError::Abort(StatusError::Record(err)))?;
            bookings.insert(ticket.as_bytes(), bytes)?;
            Ok(Some(booking))
        });
        res.map_err(|err| match err {
            TransactionError::Abort(err) => err,
            TransactionError::Storage(err) => StatusError::Storage(err),
        })
    }

    /// Moves a booking to another day, atomically: the new day's capacity
    /// check, counter and ticket number, the old day's counter, both records and
    /// the indexes are one transaction, so the old place is freed exactly when
    /// the new one is taken and a full day is never overfilled.
    ///
    /// The booking gets a new ticket (the ticket names its day, and each day's
    /// tickets are numbered in order); the old record stays, marked
    /// [`BookingStatus::Moved`] with `moved_to`, so petugas can follow it.
    /// Moving again to the same day returns the booking it was moved to.
    pub fn move_to(
        &self,
        ticket: &str,
        date: NaiveDate,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<Booking, MoveError> {
        let trees = (&self.bookings, &self.day_counts, &self.day_sequence, &self.by_request, &self.by_user);
        let res = trees.transaction(|(bookings, counts, sequence, by_request, by_user)| {
            let abort = ConflictableTransactionError::Abort;
            let read =
                |bytes: &[u8]| serde_json::from_slice::<Booking>(bytes).map_err(|err| abort(MoveError::Record(err)));
            let Some(bytes) = bookings.get(ticket.as_bytes())? else { return Err(abort(MoveError::NotFound)) };
            let mut old = read(&bytes)?;
            if old.status == BookingStatus::Moved {
                // A replayed move: the booking it became, if that is the day asked for.
                if let Some(bytes) =
                    old.moved_to.as_deref().map(|to| bookings.get(to.as_bytes())).transpose()?.flatten()
                {
                    let moved = read(&bytes)?;
                    if moved.details.date == date {
                        return Ok(moved);
                    }
                }
            }
            if old.status != BookingStatus::Booked {
                return Err(abort(MoveError::NotBooked(old.status)));
            }
            if old.details.date == date {
                return Err(abort(MoveError::SameDay));
            }
            let new_key = day_key(date);
            let taken = counts.get(new_key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0);
            if taken >= capacity {
                return Err(abort(MoveError::Full));
            }
            let number = sequence.get(new_key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0) + 1;
            let new_ticket = format!("{ticket_prefix}-{}-{number:03}", date.format("%Y%m%d"));
            let moved = Booking {
                schema: BOOKING_SCHEMA,
                ticket: new_ticket.clone(),
                booked_at: now,
                status: BookingStatus::Booked,
                moved_to: None,
                moved_from: Some(old.ticket.clone()),
                details: BookingDetails { date, ..old.details.clone() },
            };
            old.status = BookingStatus::Moved;
            old.moved_to = Some(new_ticket.clone());
            let encode = |booking: &Booking| serde_json::to_vec(booking).map_err(|err| abort(MoveError::Record(err)));
            let old_key = day_key(old.details.date);
            let old_taken = counts.get(old_key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0);
            counts.insert(old_key.as_bytes(), &old_taken.saturating_sub(1).to_be_bytes())?;
            counts.insert(new_key.as_bytes(), &(taken + 1).to_be_bytes())?;
            sequence.insert(new_key.as_bytes(), &number.to_be_bytes())?;
            bookings.insert(ticket.as_bytes(), encode(&old)?)?;
            bookings.insert(new_ticket.as_bytes(), encode(&moved)?)?;
            by_request.insert(moved.details.request_id.as_bytes(), new_ticket.as_bytes())?;
            by_user.insert(user_key(&moved.details.channel, &moved.details.user, &new_ticket), &[])?;
            Ok(moved)
        });
        res.map_err(|err| match err {
            TransactionError::Abort(err) => err,
            TransactionError::Storage(err) => MoveError::Storage(err),
        })
    }

    /// Active bookings whose pickup day is `date`, in ticket order.
    pub fn booked_on(&self, date: NaiveDate) -> Result<Vec<Booking>, BookError> {
        Ok(self.all()?.into_iter().filter(|it| it.details.date == date && it.status == BookingStatus::Booked).collect())
    }

    /// Deletes every booking of a resident (their request to delete their
    /// data); a place not yet used is freed. Returns how many.
    pub fn forget_user(&self, channel: &str, user: &str) -> Result<usize, BookError> {
        let prefix = user_key(channel, user, "");
        let mut removed = 0;
        for item in self.by_user.scan_prefix(&prefix) {
            let (index_key, _) = item?;
            let ticket = String::from_utf8_lossy(&index_key[prefix.len()..]).into_owned();
            let trees = (&self.bookings, &self.day_counts, &self.by_request, &self.by_user);
            let res: Result<(), TransactionError<()>> = trees.transaction(|(bookings, counts, by_request, by_user)| {
                by_user.remove(index_key.as_ref())?;
                let Some(bytes) = bookings.remove(ticket.as_bytes())? else { return Ok(()) };
                if let Ok(booking) = serde_json::from_slice::<Booking>(&bytes) {
                    by_request.remove(booking.details.request_id.as_bytes())?;
                    if booking.status == BookingStatus::Booked {
                        let key = day_key(booking.details.date);
                        let taken = counts.get(key.as_bytes())?.map(|it| read_u32(&it)).unwrap_or(0);
                        counts.insert(key.as_bytes(), &taken.saturating_sub(1).to_be_bytes())?;
                    }
                }
                Ok(())
            });
            match res {
                Ok(()) => removed += 1,
                Err(TransactionError::Storage(err)) => return Err(err.into()),
                Err(TransactionError::Abort(())) => {}
            }
        }
        Ok(removed)
    }

    /// Every booking, in ticket order.
    pub fn all(&self) -> Result<Vec<Booking>, BookError> {
        self.bookings.iter().values().map(|it| Ok(serde_json::from_slice(&it?)?)).collect()
    }
}

fn day_key(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn user_key(channel: &str, user: &str, ticket: &str) -> Vec<u8> {
    format!("{channel}:{user}\u{0}{ticket}").into_bytes()
}

fn read_u32(bytes: &[u8]) -> u32 {
    bytes.try_into().map(u32::from_be_bytes).unwrap_or(0)
}

#[cfg(test)]
mod tests;
