//! Bookings (`bookings`: ticket, day, status, resident, request id (unique), JSON booking) and the places
//! of each day (`booking_days`: places taken and the last ticket number).
//!
//! A place is taken by `UPDATE booking_days SET taken = taken + 1 … WHERE taken < capacity RETURNING`: the
//! row lock it takes is held to the end of the turn, so bookings of one day are serialised across every
//! instance and a day never goes over capacity; the ticket number comes from the same row.

use chrono::{DateTime, NaiveDate, Utc};

use cekbae_bot::storage::booking_rules::{self, BookingRecords};
use cekbae_bot::storage::{
    BookOutcome, Booking, BookingDetails, BookingStatus, Bookings, MoveOutcome, StatusChange, StorageError,
    StoredBooking, TurnBookings,
};
use cekbae_bot::{TurnTx, UserKey};
use tokio_postgres::Row;

use crate::turn::PgTurn;
use crate::{codec, PgStore};

/// The status as its column holds it (`booked`, `no-show`, …).
pub(crate) fn status_name(status: BookingStatus) -> String {
    serde_json::to_value(status).ok().and_then(|it| it.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A booking's JSON column.
pub(crate) fn body(booking: &Booking) -> Result<serde_json::Value, StorageError> {
    codec::json(&StoredBooking::of(booking))
}

fn decode(row: &Row) -> Result<Booking, StorageError> {
    codec::from_json::<StoredBooking>(row.get("body")).map(StoredBooking::booking)
}

fn decode_all(rows: &[Row]) -> Result<Vec<Booking>, StorageError> {
    rows.iter().map(decode).collect()
}

/// The columns of a booking row, in the order the statements below name them.
const UPSERT: &str = "INSERT INTO bookings (ticket, day, status, channel, user_id, request_id, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (ticket) DO UPDATE SET status = excluded.status, body = excluded.body";

impl BookingRecords for PgTurn<'_> {
    fn resident(&self) -> &UserKey {
        self.user()
    }

    fn booking_of_request(&self, request_id: &str) -> Result<Option<Booking>, StorageError> {
        let rows = self.rows("SELECT body FROM bookings WHERE request_id = $1", &[&request_id])?;
        rows.first().map(decode).transpose()
    }

    fn own_booking(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        let user = self.user();
        let rows = self.rows(
            "SELECT body FROM bookings WHERE ticket = $1 AND channel = $2 AND user_id = $3",
            &[&ticket, &user.channel, &user.id],
        )?;
        rows.first().map(decode).transpose()
    }

    fn take_place(&self, date: NaiveDate, capacity: u32, ticket_prefix: &str) -> Result<Option<String>, StorageError> {
        self.execute("INSERT INTO booking_days (day) VALUES ($1) ON CONFLICT DO NOTHING", &[&date])?;
        let capacity = i32::try_from(capacity).unwrap_or(i32::MAX);
        let rows = self.rows(
            "UPDATE booking_days SET taken = taken + 1, last_number = last_number + 1
             WHERE day = $1 AND taken < $2 RETURNING last_number",
            &[&date, &capacity],
        )?;
        Ok(rows.first().map(|row| {
            let number: i32 = row.get(0);
            format!("{ticket_prefix}-{}-{number:03}", date.format("%Y%m%d"))
        }))
    }

    fn free_place(&self, date: NaiveDate) -> Result<(), StorageError> {
        self.execute("UPDATE booking_days SET taken = taken - 1 WHERE day = $1 AND taken > 0", &[&date])?;
        Ok(())
    }

    fn add_booking(&self, booking: &Booking) -> Result<(), StorageError> {
        let details = &booking.details;
        self.execute(
            UPSERT,
            &[
                &booking.ticket,
                &details.date,
                &status_name(booking.status),
                &details.user.channel,
                &details.user.id,
                &details.request_id,
                &codec::json(&StoredBooking::of(booking))?,
            ],
        )?;
        Ok(())
    }

    /// A moved booking gives its request id (unique) up to the booking it became, keeping a derived one.
    fn update_booking(&self, booking: &Booking, moved: bool) -> Result<(), StorageError> {
        let sql = if moved {
            "UPDATE bookings SET status = $2, body = $3, request_id = ticket || ' ' || request_id WHERE ticket = $1"
        } else {
            "UPDATE bookings SET status = $2, body = $3 WHERE ticket = $1"
        };
        self.execute(
            sql,
            &[&booking.ticket, &status_name(booking.status), &codec::json(&StoredBooking::of(booking))?],
        )?;
        Ok(())
    }
}

impl TurnBookings for PgTurn<'_> {
    fn book(
        &self,
        new: BookingDetails,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<BookOutcome, StorageError> {
        booking_rules::book(self, new, capacity, ticket_prefix, now)
    }

    fn move_to(
        &self,
        ticket: &str,
        date: NaiveDate,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<MoveOutcome, StorageError> {
        booking_rules::move_to(self, ticket, date, capacity, ticket_prefix, now)
    }

    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        self.own_booking(ticket)
    }

    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError> {
        let rows = self.rows("SELECT taken FROM booking_days WHERE day = $1", &[&date])?;
        Ok(rows.first().map_or(0, |row| u32::try_from(row.get::<_, i32>(0)).unwrap_or(0)))
    }

    fn upcoming(&self, from: NaiveDate) -> Result<Vec<Booking>, StorageError> {
        let user = self.user();
        let rows = self.rows(
            "SELECT body FROM bookings WHERE channel = $1 AND user_id = $2 AND status = 'booked' AND day >= $3
             ORDER BY day, ticket",
            &[&user.channel, &user.id, &from],
        )?;
        decode_all(&rows)
    }

    fn set_status(&self, ticket: &str, status: BookingStatus) -> Result<StatusChange, StorageError> {
        booking_rules::set_status(self, ticket, status)
    }

    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        let user = self.user().clone();
        let rows = self.rows(
            "SELECT body FROM bookings WHERE channel = $1 AND user_id = $2 ORDER BY ticket",
            &[&previous.channel, &previous.id],
        )?;
        for mut booking in decode_all(&rows)? {
            booking.details.user = user.clone();
            self.execute(
                "UPDATE bookings SET channel = $2, user_id = $3, body = $4 WHERE ticket = $1",
                &[&booking.ticket, &user.channel, &user.id, &codec::json(&StoredBooking::of(&booking))?],
            )?;
        }
        Ok(rows.len())
    }

    fn forget_mine(&self) -> Result<usize, StorageError> {
        let user = self.user();
        let rows = self.rows(
            "DELETE FROM bookings WHERE channel = $1 AND user_id = $2 RETURNING body",
            &[&user.channel, &user.id],
        )?;
        let removed = decode_all(&rows)?;
        for booking in removed.iter().filter(|it| it.status == BookingStatus::Booked) {
            self.free_place(booking.details.date)?;
        }
        Ok(removed.len())
    }
}

impl Bookings for PgStore {
    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        let rows = self.rows("SELECT body FROM bookings WHERE ticket = $1", &[&ticket])?;
        rows.first().map(decode).transpose()
    }

    fn all(&self) -> Result<Vec<Booking>, StorageError> {
        decode_all(&self.rows("SELECT body FROM bookings ORDER BY ticket", &[])?)
    }

    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError> {
        let rows = self.rows("SELECT taken FROM booking_days WHERE day = $1", &[&date])?;
        Ok(rows.first().map_or(0, |row| u32::try_from(row.get::<_, i32>(0)).unwrap_or(0)))
    }

    fn booked_on(&self, date: NaiveDate) -> Result<Vec<Booking>, StorageError> {
        decode_all(
            &self.rows("SELECT body FROM bookings WHERE day = $1 AND status = 'booked' ORDER BY ticket", &[&date])?,
        )
    }

    fn mask_applicants_before(&self, cutoff: NaiveDate, mask: &dyn Fn(&str) -> String) -> Result<usize, StorageError> {
        let rows = self.rows("SELECT ticket, body FROM bookings WHERE day < $1 ORDER BY ticket", &[&cutoff])?;
        let mut masked = 0;
        for row in rows {
            let (ticket, body): (String, serde_json::Value) = (row.get(0), row.get(1));
            let mut booking = codec::from_json::<StoredBooking>(body.clone())?.booking();
            let applicant = mask(&booking.details.applicant);
            if booking.details.applicant == applicant {
                continue;
            }
            booking.details.applicant = applicant;
            let new = codec::json(&StoredBooking::of(&booking))?;
            // Only the booking as read: a status change committed meanwhile wins; it is masked next time.
            if self.execute("UPDATE bookings SET body = $3 WHERE ticket = $1 AND body = $2", &[&ticket, &body, &new])?
                == 1
            {
                masked += 1;
            }
        }
        Ok(masked)
    }
}
