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
    let vault = crate::vault::NikVault::from_secret("test", None);
    assert_eq!(store.forget_niks_before(tuesday, &vault).unwrap(), 1);
    assert_eq!(store.get("LWL-20261130-001").unwrap().unwrap().details.nik, "************0003");
    assert_eq!(store.get("LWL-20261201-001").unwrap().unwrap().details.nik, "3201014502900003");
    assert_eq!(store.forget_niks_before(tuesday, &vault).unwrap(), 0, "already forgotten");
}
