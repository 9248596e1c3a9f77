//! Bookings: capacity is never exceeded, even under races; a replayed request books once.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};

use super::*;

fn store() -> (tempfile::TempDir, BookingStore) {
    let dir = tempfile::tempdir().unwrap();
    let db = sled::open(dir.path()).unwrap();
    (dir, BookingStore::open(&db).unwrap())
}

fn request(n: usize, date: NaiveDate) -> BookingDetails {
    BookingDetails {
        date,
        document: "ktp_el".into(),
        reason: "hilang".into(),
        nik: "3201014502900003".into(),
        channel: "console".into(),
        user: format!("warga-{n}"),
        consent_at: Utc::now(),
        request_id: format!("req-{n}"),
    }
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

#[test]
fn numbers_tickets_per_day_and_counts_places() {
    let (_dir, store) = store();
    let first = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    let second = store.book(request(2, monday()), 40, "LWL", Utc::now()).unwrap();
    assert_eq!(first.ticket, "LWL-20261130-001");
    assert_eq!(second.ticket, "LWL-20261130-002");
    assert_eq!(store.taken(monday()).unwrap(), 2);
    assert_eq!(store.get("LWL-20261130-002").unwrap().unwrap().details.user, "warga-2");
}

#[test]
fn a_full_day_refuses_bookings() {
    let (_dir, store) = store();
    store.book(request(1, monday()), 1, "LWL", Utc::now()).unwrap();
    assert!(matches!(store.book(request(2, monday()), 1, "LWL", Utc::now()), Err(BookError::Full)));
    assert_eq!(store.taken(monday()).unwrap(), 1);
}

#[test]
fn booking_the_same_request_twice_returns_the_first_ticket() {
    let (_dir, store) = store();
    let first = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    let again = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    assert_eq!(first, again);
    assert_eq!(store.taken(monday()).unwrap(), 1);
}

#[test]
fn racing_residents_never_overfill_a_day() {
    let (_dir, store) = store();
    let store = Arc::new(store);
    let threads: Vec<_> = (0..16)
        .map(|n| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || store.book(request(n, monday()), 5, "LWL", Utc::now()).is_ok())
        })
        .collect();
    let booked = threads.into_iter().map(|t| t.join().unwrap()).filter(|ok| *ok).count();
    assert_eq!(booked, 5);
    assert_eq!(store.taken(monday()).unwrap(), 5);
    let mut tickets: Vec<String> = store.all().unwrap().into_iter().map(|b| b.ticket).collect();
    tickets.dedup();
    assert_eq!(tickets.len(), 5, "ticket numbers are unique");
}

#[test]
fn lists_a_residents_upcoming_bookings() {
    let (_dir, store) = store();
    store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    let upcoming = store.upcoming_for("console", "warga-1", monday()).unwrap();
    assert_eq!(upcoming.len(), 1);
    assert!(store.upcoming_for("console", "warga-1", monday().succ_opt().unwrap()).unwrap().is_empty());
    assert!(store.upcoming_for("console", "warga-2", monday()).unwrap().is_empty());
}

#[test]
fn niks_are_forgotten_after_the_retention_period() {
    let (_dir, store) = store();
    let tuesday = monday().succ_opt().unwrap();
    store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    store.book(request(2, tuesday), 40, "LWL", Utc::now()).unwrap();
    let vault = crate::vault::NikVault::from_key(&crate::vault::DataKey::generate());
    assert_eq!(store.forget_niks_before(tuesday, &vault).unwrap(), 1);
    assert_eq!(store.get("LWL-20261130-001").unwrap().unwrap().details.nik, "************0003");
    assert_eq!(store.get("LWL-20261201-001").unwrap().unwrap().details.nik, "3201014502900003");
    assert_eq!(store.forget_niks_before(tuesday, &vault).unwrap(), 0, "already forgotten");
}

#[test]
fn moving_frees_the_old_place_and_takes_the_new_one_under_a_new_ticket() {
    let (_dir, store) = store();
    let tuesday = monday().succ_opt().unwrap();
    let first = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    store.book(request(2, tuesday), 40, "LWL", Utc::now()).unwrap();
    let moved = store.move_to(&first.ticket, tuesday, 40, "LWL", Utc::now()).unwrap();
    assert_eq!(moved.ticket, "LWL-20261201-002", "numbered after the day's existing ticket");
    assert_eq!(moved.details.date, tuesday);
    assert_eq!(moved.moved_from.as_deref(), Some("LWL-20261130-001"));
    assert_eq!(moved.details.user, "warga-1");
    assert_eq!(store.taken(monday()).unwrap(), 0, "the old place is free");
    assert_eq!(store.taken(tuesday).unwrap(), 2);
    let old = store.get(&first.ticket).unwrap().unwrap();
    assert_eq!(old.status, BookingStatus::Moved);
    assert_eq!(old.moved_to.as_deref(), Some("LWL-20261201-002"));
    // The resident's upcoming bookings show the new one only; the request now points at it.
    let upcoming = store.upcoming_for("console", "warga-1", monday()).unwrap();
    assert_eq!(upcoming.iter().map(|b| b.ticket.as_str()).collect::<Vec<_>>(), ["LWL-20261201-002"]);
    let again = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    assert_eq!(again.ticket, "LWL-20261201-002", "replaying the request finds the moved booking");
    // Replaying the move returns the same booking; a status change of the old ticket is refused.
    assert_eq!(store.move_to(&first.ticket, tuesday, 40, "LWL", Utc::now()).unwrap(), moved);
    assert!(matches!(store.set_status(&first.ticket, BookingStatus::Cancelled), Err(StatusError::Moved(_))));
    assert_eq!(store.taken(monday()).unwrap(), 0, "a refused cancel frees nothing twice");
    assert_eq!(store.booked_on(tuesday).unwrap().len(), 2);
    assert!(store.booked_on(monday()).unwrap().is_empty());
}

#[test]
fn moving_respects_the_new_days_capacity_and_refuses_what_cannot_move() {
    let (_dir, store) = store();
    let tuesday = monday().succ_opt().unwrap();
    let first = store.book(request(1, monday()), 1, "LWL", Utc::now()).unwrap();
    store.book(request(2, tuesday), 1, "LWL", Utc::now()).unwrap();
    assert!(matches!(store.move_to(&first.ticket, tuesday, 1, "LWL", Utc::now()), Err(MoveError::Full)));
    assert_eq!(store.taken(monday()).unwrap(), 1, "nothing changed");
    assert_eq!(store.taken(tuesday).unwrap(), 1);
    assert_eq!(store.get(&first.ticket).unwrap().unwrap().status, BookingStatus::Booked);
    assert!(matches!(store.move_to(&first.ticket, monday(), 1, "LWL", Utc::now()), Err(MoveError::SameDay)));
    assert!(matches!(store.move_to("LWL-20990101-001", tuesday, 1, "LWL", Utc::now()), Err(MoveError::NotFound)));
    store.set_status(&first.ticket, BookingStatus::Cancelled).unwrap();
    let wednesday = tuesday.succ_opt().unwrap();
    let cancelled = store.move_to(&first.ticket, wednesday, 1, "LWL", Utc::now());
    assert!(matches!(cancelled, Err(MoveError::NotBooked(BookingStatus::Cancelled))), "{cancelled:?}");
}

#[test]
fn racing_moves_never_overfill_the_new_day() {
    let (_dir, store) = store();
    let tuesday = monday().succ_opt().unwrap();
    let tickets: Vec<String> =
        (0..8).map(|n| store.book(request(n, monday()), 40, "LWL", Utc::now()).unwrap().ticket).collect();
    let store = Arc::new(store);
    let threads: Vec<_> = tickets
        .into_iter()
        .map(|ticket| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || store.move_to(&ticket, tuesday, 3, "LWL", Utc::now()).is_ok())
        })
        .collect();
    let moved = threads.into_iter().map(|t| t.join().unwrap()).filter(|ok| *ok).count();
    assert_eq!(moved, 3);
    assert_eq!(store.taken(tuesday).unwrap(), 3);
    assert_eq!(store.taken(monday()).unwrap(), 5, "each move freed exactly one place");
}

#[test]
fn only_a_cancel_frees_the_place() {
    let (_dir, store) = store();
    let done = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    let no_show = store.book(request(2, monday()), 40, "LWL", Utc::now()).unwrap();
    let cancelled = store.book(request(3, monday()), 40, "LWL", Utc::now()).unwrap();
    assert_eq!(store.taken(monday()).unwrap(), 3);
    store.set_status(&done.ticket, BookingStatus::Done).unwrap();
    store.set_status(&no_show.ticket, BookingStatus::NoShow).unwrap();
    assert_eq!(store.taken(monday()).unwrap(), 3, "a served or missed appointment still used its place");
    let after = store.set_status(&cancelled.ticket, BookingStatus::Cancelled).unwrap().unwrap();
    assert_eq!(after.status, BookingStatus::Cancelled);
    assert_eq!(store.taken(monday()).unwrap(), 2, "a cancel frees its place");
    assert_eq!(store.get(&cancelled.ticket).unwrap().unwrap().status, BookingStatus::Cancelled, "stored");
    // Cancelling again changes nothing and frees nothing more.
    store.set_status(&cancelled.ticket, BookingStatus::Cancelled).unwrap();
    assert_eq!(store.taken(monday()).unwrap(), 2);
    assert!(store.set_status("LWL-20990101-001", BookingStatus::Done).unwrap().is_none(), "unknown ticket");
}

#[test]
fn a_cancelled_place_can_be_booked_again_at_capacity_one() {
    let (_dir, store) = store();
    let first = store.book(request(1, monday()), 1, "LWL", Utc::now()).unwrap();
    assert!(matches!(store.book(request(2, monday()), 1, "LWL", Utc::now()), Err(BookError::Full)));
    store.set_status(&first.ticket, BookingStatus::Cancelled).unwrap();
    let second = store.book(request(2, monday()), 1, "LWL", Utc::now()).unwrap();
    assert_eq!(second.ticket, "LWL-20261130-002", "ticket numbers are never reused");
    assert_eq!(store.taken(monday()).unwrap(), 1);
}

#[test]
fn a_cancelled_booking_cannot_change_again() {
    let (_dir, store) = store();
    let booking = store.book(request(1, monday()), 40, "LWL", Utc::now()).unwrap();
    store.set_status(&booking.ticket, BookingStatus::Cancelled).unwrap();
    for status in [BookingStatus::Booked, BookingStatus::Done, BookingStatus::NoShow] {
        assert!(matches!(store.set_status(&booking.ticket, status), Err(StatusError::Cancelled)), "{status:?}");
    }
    assert_eq!(store.get(&booking.ticket).unwrap().unwrap().status, BookingStatus::Cancelled);
    assert_eq!(store.taken(monday()).unwrap(), 0, "a refused change takes no place back");
}

#[test]
fn forgetting_a_resident_frees_only_places_not_used_yet() {
    let (_dir, store) = store();
    let tuesday = monday().succ_opt().unwrap();
    let mut active = request(1, monday());
    active.request_id = "req-active".into();
    let mut served = request(1, tuesday);
    served.request_id = "req-served".into();
    store.book(active, 40, "LWL", Utc::now()).unwrap();
    let served = store.book(served, 40, "LWL", Utc::now()).unwrap();
    store.book(request(2, monday()), 40, "LWL", Utc::now()).unwrap();
    store.set_status(&served.ticket, BookingStatus::Done).unwrap();
    assert_eq!(store.forget_user("console", "warga-1").unwrap(), 2, "both bookings of the resident");
    assert_eq!(store.taken(monday()).unwrap(), 1, "the active booking's place is free again");
    assert_eq!(store.taken(tuesday).unwrap(), 1, "a served appointment used its place");
    assert_eq!(store.all().unwrap().len(), 1, "only the other resident's booking is left");
    assert!(store.upcoming_for("console", "warga-1", monday()).unwrap().is_empty());
    assert_eq!(store.forget_user("console", "warga-1").unwrap(), 0, "nothing left to forget");
    // The same request may book again after a deletion: its index went too.
    let mut again = request(1, monday());
    again.request_id = "req-active".into();
    assert_eq!(store.book(again, 40, "LWL", Utc::now()).unwrap().ticket, "LWL-20261130-003");
}
