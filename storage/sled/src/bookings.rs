//! Bookings, in the trees and layout older versions wrote: `bookings` (ticket → JSON booking),
//! `booking_day_counts` and `booking_day_sequence` (`YYYY-MM-DD` → big-endian u32), `booking_by_request`
//! (request id → ticket), `booking_by_user` (`channel:user \0 ticket` → nothing).
//!
//! Every change of places (book, cancel, forget) holds the store's booking lock from the check to the end of
//! the turn, so the capacity check and the write cannot interleave with another resident's (sled allows one
//! process per directory, so a lock in the process is enough).

use chrono::{DateTime, NaiveDate, Utc};

use cekbae_bot::storage::booking_rules::{self, BookingRecords};
use cekbae_bot::storage::{
    BookOutcome, Booking, BookingDetails, BookingStatus, Bookings, MoveOutcome, StatusChange, StorageError,
    StoredBooking, TurnBookings,
};
use cekbae_bot::{TurnTx, UserKey};

use crate::error::SledResult;
use crate::trees::TreeId;
use crate::turn::SledTurn;
use crate::SledStore;

fn encode(booking: &Booking) -> Result<Vec<u8>, StorageError> {
    crate::codec::json(&StoredBooking::of(booking))
}

fn decode(bytes: &[u8]) -> Result<Booking, StorageError> {
    serde_json::from_slice::<StoredBooking>(bytes).map(StoredBooking::booking).map_err(StorageError::corrupt)
}

fn day_key(date: NaiveDate) -> Vec<u8> {
    date.format("%Y-%m-%d").to_string().into_bytes()
}

fn user_prefix(user: &UserKey) -> Vec<u8> {
    format!("{}:{}\u{0}", user.channel, user.id).into_bytes()
}

fn read_u32(bytes: Option<Vec<u8>>) -> u32 {
    bytes.and_then(|it| <[u8; 4]>::try_from(it.as_slice()).ok()).map_or(0, u32::from_be_bytes)
}

impl SledTurn<'_> {
    fn booking(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        self.read(TreeId::Bookings, ticket.as_bytes())?.map(|it| decode(&it)).transpose()
    }

    fn count(&self, tree: TreeId, date: NaiveDate) -> Result<u32, StorageError> {
        Ok(read_u32(self.read(tree, &day_key(date))?))
    }

    fn set_count(&self, tree: TreeId, date: NaiveDate, value: u32) {
        self.stage(tree, day_key(date), Some(value.to_be_bytes().to_vec()));
    }
}

impl BookingRecords for SledTurn<'_> {
    fn resident(&self) -> &UserKey {
        self.user()
    }

    fn booking_of_request(&self, request_id: &str) -> Result<Option<Booking>, StorageError> {
        let Some(ticket) = self.read(TreeId::BookingByRequest, request_id.as_bytes())? else { return Ok(None) };
        self.booking(&String::from_utf8_lossy(&ticket))
    }

    fn own_booking(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        Ok(self.booking(ticket)?.filter(|it| &it.details.user == self.user()))
    }

    fn take_place(&self, date: NaiveDate, capacity: u32, ticket_prefix: &str) -> Result<Option<String>, StorageError> {
        let taken = self.count(TreeId::BookingDayCounts, date)?;
        if taken >= capacity {
            return Ok(None);
        }
        let number = self.count(TreeId::BookingDaySequence, date)? + 1;
        self.set_count(TreeId::BookingDayCounts, date, taken + 1);
        self.set_count(TreeId::BookingDaySequence, date, number);
        Ok(Some(format!("{ticket_prefix}-{}-{number:03}", date.format("%Y%m%d"))))
    }

    fn free_place(&self, date: NaiveDate) -> Result<(), StorageError> {
        let taken = self.count(TreeId::BookingDayCounts, date)?;
        self.set_count(TreeId::BookingDayCounts, date, taken.saturating_sub(1));
        Ok(())
    }

    fn add_booking(&self, booking: &Booking) -> Result<(), StorageError> {
        let ticket = booking.ticket.as_bytes().to_vec();
        self.stage(TreeId::Bookings, ticket.clone(), Some(encode(booking)?));
        self.stage(TreeId::BookingByRequest, booking.details.request_id.clone().into_bytes(), Some(ticket.clone()));
        let mut index = user_prefix(&booking.details.user);
        index.extend(ticket);
        self.stage(TreeId::BookingByUser, index, Some(Vec::new()));
        Ok(())
    }

    /// The request index is left alone: a moved booking's request points at the booking it became, which
    /// `add_booking` writes next.
    fn update_booking(&self, booking: &Booking, _moved: bool) -> Result<(), StorageError> {
        self.stage(TreeId::Bookings, booking.ticket.clone().into_bytes(), Some(encode(booking)?));
        Ok(())
    }
}

impl TurnBookings for SledTurn<'_> {
    fn book(
        &self,
        new: BookingDetails,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<BookOutcome, StorageError> {
        self.hold_booking_lock();
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
        self.hold_booking_lock();
        booking_rules::move_to(self, ticket, date, capacity, ticket_prefix, now)
    }

    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        self.own_booking(ticket)
    }

    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError> {
        self.count(TreeId::BookingDayCounts, date)
    }

    fn upcoming(&self, from: NaiveDate) -> Result<Vec<Booking>, StorageError> {
        let prefix = user_prefix(self.user());
        let mut res = Vec::new();
        for (key, _) in self.scan(TreeId::BookingByUser, &prefix)? {
            let ticket = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            if let Some(booking) = self.booking(&ticket)? {
                if booking.status == BookingStatus::Booked && booking.details.date >= from {
                    res.push(booking);
                }
            }
        }
        res.sort_by(|a, b| a.details.date.cmp(&b.details.date).then(a.ticket.cmp(&b.ticket)));
        Ok(res)
    }

    fn set_status(&self, ticket: &str, status: BookingStatus) -> Result<StatusChange, StorageError> {
        self.hold_booking_lock();
        booking_rules::set_status(self, ticket, status)
    }

    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        let prefix = user_prefix(previous);
        let mut moved = 0;
        for (key, _) in self.scan(TreeId::BookingByUser, &prefix)? {
            self.stage(TreeId::BookingByUser, key.clone(), None);
            let ticket = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            let Some(mut booking) = self.booking(&ticket)? else { continue };
            booking.details.user = self.user().clone();
            self.add_booking(&booking)?;
            moved += 1;
        }
        Ok(moved)
    }

    fn forget_mine(&self) -> Result<usize, StorageError> {
        self.hold_booking_lock();
        let prefix = user_prefix(self.user());
        let mut removed = 0;
        for (key, _) in self.scan(TreeId::BookingByUser, &prefix)? {
            self.stage(TreeId::BookingByUser, key.clone(), None);
            let ticket = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            let Some(booking) = self.booking(&ticket)? else { continue };
            self.stage(TreeId::Bookings, ticket.into_bytes(), None);
            self.stage(TreeId::BookingByRequest, booking.details.request_id.clone().into_bytes(), None);
            if booking.status == BookingStatus::Booked {
                self.free_place(booking.details.date)?;
            }
            removed += 1;
        }
        Ok(removed)
    }
}

impl Bookings for SledStore {
    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        self.trees().bookings.get(ticket).storage()?.map(|it| decode(&it)).transpose()
    }

    fn all(&self) -> Result<Vec<Booking>, StorageError> {
        self.trees().bookings.iter().values().map(|it| decode(&it.storage()?)).collect()
    }

    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError> {
        Ok(read_u32(self.trees().booking_day_counts.get(day_key(date)).storage()?.map(|it| it.to_vec())))
    }

    fn booked_on(&self, date: NaiveDate) -> Result<Vec<Booking>, StorageError> {
        let all = Bookings::all(self)?;
        Ok(all.into_iter().filter(|it| it.details.date == date && it.status == BookingStatus::Booked).collect())
    }

    fn mask_applicants_before(&self, cutoff: NaiveDate, mask: &dyn Fn(&str) -> String) -> Result<usize, StorageError> {
        let tree = &self.trees().bookings;
        let mut masked = 0;
        for item in tree.iter() {
            let (key, bytes) = item.storage()?;
            let mut booking = decode(&bytes)?;
            let applicant = mask(&booking.details.applicant);
            if booking.details.date >= cutoff || booking.details.applicant == applicant {
                continue;
            }
            booking.details.applicant = applicant;
            // Compare-and-swap: a status change committed meanwhile wins; it is masked next time.
            if tree.compare_and_swap(&key, Some(bytes), Some(encode(&booking)?)).storage()?.is_ok() {
                masked += 1;
            }
        }
        Ok(masked)
    }
}
