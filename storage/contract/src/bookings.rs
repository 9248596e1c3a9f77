//! Bookings, survey answers and audit entries in turns.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;

use cekbae_bot::storage::{
    AuditEntry, BookOutcome, BookingDetails, BookingStatus, Closure, MoveOutcome, StatusChange, SurveyResponse,
    TurnCommit,
};
use cekbae_bot::{Store, UserKey};

use crate::support::{now, resident};
use crate::Backend;

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn request(user: &UserKey, request_id: &str, date: NaiveDate) -> BookingDetails {
    BookingDetails {
        date,
        service: "ktp_el".into(),
        reason: "hilang".into(),
        applicant: "nik1:sealed".into(),
        user: user.clone(),
        consent_at: now(),
        request_id: request_id.into(),
    }
}

/// Books in a turn of its own and commits; the outcome.
fn book(store: &dyn Store, user: &UserKey, request_id: &str, date: NaiveDate, capacity: u32) -> BookOutcome {
    let tx = store.begin_turn(user).unwrap();
    let outcome = tx.bookings().book(request(user, request_id, date), capacity, "LWL", now()).unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    outcome
}

/// 200 residents, each in their own thread and turn, book the same day with 5 places at the same moment:
/// exactly 5 get a ticket, all different, and the day counts 5.
pub fn two_hundred_residents_race_for_five_places(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store: Arc<dyn Store> = fixture.store();
    let start = Arc::new(std::sync::Barrier::new(200));
    let threads: Vec<_> = (0..200)
        .map(|n| {
            let store = Arc::clone(&store);
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let user = resident(&format!("race-{n:03}"));
                start.wait();
                book(&*store, &user, &format!("req-{n}"), monday(), 5)
            })
        })
        .collect();
    let outcomes: Vec<BookOutcome> = threads.into_iter().map(|it| it.join().unwrap()).collect();
    let tickets: BTreeSet<String> = outcomes
        .iter()
        .filter_map(|it| match it {
            BookOutcome::Booked(booking) => Some(booking.ticket.clone()),
            BookOutcome::Full => None,
        })
        .collect();
    assert_eq!(outcomes.iter().filter(|it| matches!(it, BookOutcome::Booked(_))).count(), 5, "exactly five");
    assert_eq!(tickets.len(), 5, "five different tickets");
    assert!(tickets.iter().all(|it| it.starts_with("LWL-20261130-")), "{tickets:?}");
    assert_eq!(store.bookings().taken(monday()).unwrap(), 5);
    assert_eq!(store.bookings().all().unwrap().len(), 5);
}

/// Tickets are numbered per day; booking again for the same request returns the first booking and takes no
/// place, even once the day is full; a booking in a turn that is dropped takes nothing.
pub fn a_request_books_once(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (a, b) = (resident("book-a"), resident("book-b"));
    let BookOutcome::Booked(first) = book(&*store, &a, "req-a", monday(), 2) else { panic!("a place is free") };
    assert_eq!(first.ticket, "LWL-20261130-001");
    assert_eq!(first.details.user, a);
    let BookOutcome::Booked(again) = book(&*store, &a, "req-a", monday(), 2) else { panic!("the same booking") };
    assert_eq!(again, first);
    {
        let tx = store.begin_turn(&b).unwrap();
        let outcome = tx.bookings().book(request(&b, "req-dropped", monday()), 2, "LWL", now()).unwrap();
        assert!(matches!(outcome, BookOutcome::Booked(_)));
        assert_eq!(tx.bookings().taken(monday()).unwrap(), 2, "the turn sees its own booking");
    }
    assert_eq!(store.bookings().taken(monday()).unwrap(), 1, "a dropped turn took no place");
    let BookOutcome::Booked(second) = book(&*store, &b, "req-b", monday(), 2) else { panic!("a place is free") };
    assert_eq!(second.ticket, "LWL-20261130-002");
    assert_eq!(book(&*store, &b, "req-c", monday(), 2), BookOutcome::Full);
    let BookOutcome::Booked(replayed) = book(&*store, &a, "req-a", monday(), 2) else { panic!("replay after full") };
    assert_eq!(replayed.ticket, first.ticket);
    assert_eq!(store.bookings().get(&second.ticket).unwrap().unwrap(), second);
    let tuesday = monday().succ_opt().unwrap();
    let BookOutcome::Booked(other_day) = book(&*store, &b, "req-d", tuesday, 2) else { panic!("a new day") };
    assert_eq!(other_day.ticket, "LWL-20261201-001", "numbers start again each day");
}

/// Status changes (a cancel frees the place, a cancelled booking stays cancelled), the resident's upcoming
/// bookings, deletion of a resident's bookings, and masking after the retention period.
pub fn statuses_forgetting_and_retention(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (a, b) = (resident("status-a"), resident("status-b"));
    let tuesday = monday().succ_opt().unwrap();
    let BookOutcome::Booked(first) = book(&*store, &a, "r1", monday(), 5) else { panic!() };
    let BookOutcome::Booked(later) = book(&*store, &a, "r2", tuesday, 5) else { panic!() };
    let BookOutcome::Booked(others) = book(&*store, &b, "r3", monday(), 5) else { panic!() };

    let tx = store.begin_turn(&a).unwrap();
    let upcoming: Vec<String> = tx.bookings().upcoming(monday()).unwrap().into_iter().map(|it| it.ticket).collect();
    assert_eq!(upcoming, vec![first.ticket.clone(), later.ticket.clone()]);
    assert_eq!(tx.bookings().upcoming(tuesday).unwrap().len(), 1);
    assert_eq!(tx.bookings().set_status(&others.ticket, BookingStatus::Done).unwrap(), StatusChange::NotFound);
    let StatusChange::Changed { before, after } =
        tx.bookings().set_status(&first.ticket, BookingStatus::Cancelled).unwrap()
    else {
        panic!("cancelled")
    };
    assert_eq!((before.status, after.status), (BookingStatus::Booked, BookingStatus::Cancelled));
    assert!(matches!(tx.bookings().set_status(&first.ticket, BookingStatus::Done).unwrap(), StatusChange::Refused(_)));
    tx.audit(&AuditEntry {
        at: now(),
        who: "siti".into(),
        via: "contract".into(),
        action: "cancelled".into(),
        tickets: vec![first.ticket.clone()],
        day: None,
    })
    .unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert_eq!(store.bookings().taken(monday()).unwrap(), 1, "the cancel freed a place");
    assert_eq!(store.bookings().get(&first.ticket).unwrap().unwrap().status, BookingStatus::Cancelled);
    assert_eq!(store.audit().all().unwrap()[0].tickets, vec![first.ticket.clone()], "the audit entry committed");

    let tx = store.begin_turn(&a).unwrap();
    assert_eq!(tx.bookings().forget_mine().unwrap(), 2);
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert!(store.bookings().get(&later.ticket).unwrap().is_none());
    assert_eq!(store.bookings().taken(tuesday).unwrap(), 0, "a deleted booking frees its place");
    assert_eq!(store.bookings().taken(monday()).unwrap(), 1, "the cancelled one had freed it already");
    let BookOutcome::Booked(rebooked) = book(&*store, &a, "r2", tuesday, 5) else { panic!() };
    assert_ne!(rebooked.ticket, later.ticket, "a forgotten request books anew, with a new number");

    let masked = store.bookings().mask_applicants_before(tuesday, &|it: &str| it.replace("sealed", "masked")).unwrap();
    assert_eq!(masked, 1, "only bookings before the cut");
    assert_eq!(store.bookings().get(&others.ticket).unwrap().unwrap().details.applicant, "nik1:masked");
    assert_eq!(store.bookings().get(&rebooked.ticket).unwrap().unwrap().details.applicant, "nik1:sealed");
    let again = store.bookings().mask_applicants_before(tuesday, &|it: &str| it.replace("sealed", "masked")).unwrap();
    assert_eq!(again, 0, "already masked");
}

/// Survey answers commit with the turn, anonymous, answers outside 1 to 4 stored as skipped; an audit entry
/// of a dropped turn is not written.
pub fn survey_answers_and_audit_entries_commit_with_the_turn(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("survey");
    let response = SurveyResponse {
        started_at: now(),
        date: monday(),
        service: "ktp_el".into(),
        reason: "baru".into(),
        channel: "contract".into(),
        answers: vec![None; 9],
        finished: false,
    };
    let tx = store.begin_turn(&user).unwrap();
    let id = tx.surveys().start(&response).unwrap();
    tx.surveys().answer(id, 0, Some(4), false).unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let tx = store.begin_turn(&user).unwrap();
    tx.surveys().answer(id, 1, Some(9), false).unwrap();
    tx.surveys().answer(id, 8, Some(3), true).unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    {
        let tx = store.begin_turn(&user).unwrap();
        tx.surveys().answer(id, 2, Some(1), false).unwrap();
        tx.surveys().start(&response).unwrap();
        tx.audit(&AuditEntry {
            at: now(),
            who: "x".into(),
            via: String::new(),
            action: "reveal".into(),
            tickets: vec![],
            day: None,
        })
        .unwrap();
    }
    let all = store.surveys().all().unwrap();
    assert_eq!(all.len(), 1, "the dropped turn's response is not there");
    let mut expected = vec![None; 9];
    expected[0] = Some(4);
    expected[8] = Some(3);
    assert_eq!(all[0].answers, expected);
    assert!(all[0].finished);
    assert_eq!(all[0].service, "ktp_el");
    assert!(store.audit().all().unwrap().is_empty());
    let entry = AuditEntry {
        at: now(),
        who: "siti".into(),
        via: "direct".into(),
        action: "reveal".into(),
        tickets: vec!["T".into()],
        day: None,
    };
    store.audit().append(&entry).unwrap();
    assert_eq!(store.audit().all().unwrap(), vec![entry]);
}

/// Moving a booking frees the old place exactly when it takes the new one, under a new ticket; the old
/// record stays, moved; a full day refuses the move; a replayed move returns the booking it became; a move in
/// a dropped turn changes nothing; a moved booking's status cannot change.
pub fn a_move_frees_one_place_and_takes_another(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (a, b) = (resident("move-a"), resident("move-b"));
    let tuesday = monday().succ_opt().unwrap();
    let BookOutcome::Booked(first) = book(&*store, &a, "m1", monday(), 5) else { panic!() };
    let BookOutcome::Booked(full) = book(&*store, &b, "m2", tuesday, 1) else { panic!() };
    {
        let tx = store.begin_turn(&a).unwrap();
        assert_eq!(tx.bookings().move_to(&first.ticket, tuesday, 1, "LWL", now()).unwrap(), MoveOutcome::Full);
        let wednesday = tuesday.succ_opt().unwrap();
        let MoveOutcome::Moved(_) = tx.bookings().move_to(&first.ticket, wednesday, 5, "LWL", now()).unwrap() else {
            panic!("moved in the turn")
        };
    }
    assert_eq!(store.bookings().taken(monday()).unwrap(), 1, "a dropped move changes nothing");
    let tx = store.begin_turn(&a).unwrap();
    assert_eq!(tx.bookings().move_to(&full.ticket, monday(), 5, "LWL", now()).unwrap(), MoveOutcome::NotFound);
    assert_eq!(tx.bookings().move_to(&first.ticket, monday(), 5, "LWL", now()).unwrap(), MoveOutcome::SameDay);
    let MoveOutcome::Moved(moved) = tx.bookings().move_to(&first.ticket, tuesday, 5, "LWL", now()).unwrap() else {
        panic!("moved")
    };
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert_eq!(moved.ticket, "LWL-20261201-002");
    assert_eq!(moved.moved_from.as_deref(), Some(first.ticket.as_str()));
    assert_eq!(moved.details.request_id, "m1");
    assert_eq!(store.bookings().taken(monday()).unwrap(), 0);
    assert_eq!(store.bookings().taken(tuesday).unwrap(), 2);
    let old = store.bookings().get(&first.ticket).unwrap().unwrap();
    assert_eq!((old.status, old.moved_to.as_deref()), (BookingStatus::Moved, Some(moved.ticket.as_str())));
    assert_eq!(store.bookings().booked_on(tuesday).unwrap().len(), 2);
    assert!(store.bookings().booked_on(monday()).unwrap().is_empty());
    let tx = store.begin_turn(&a).unwrap();
    assert_eq!(
        tx.bookings().move_to(&first.ticket, tuesday, 5, "LWL", now()).unwrap(),
        MoveOutcome::Moved(moved.clone())
    );
    assert_eq!(
        tx.bookings().move_to(&first.ticket, monday(), 5, "LWL", now()).unwrap(),
        MoveOutcome::NotBooked(BookingStatus::Moved)
    );
    assert!(matches!(tx.bookings().set_status(&first.ticket, BookingStatus::Done).unwrap(), StatusChange::Refused(_)));
    assert_eq!(tx.bookings().get(&moved.ticket).unwrap(), Some(moved.clone()));
    assert_eq!(tx.bookings().get(&full.ticket).unwrap(), None, "another resident's booking");
    let upcoming: Vec<String> = tx.bookings().upcoming(monday()).unwrap().into_iter().map(|it| it.ticket).collect();
    assert_eq!(upcoming, vec![moved.ticket.clone()]);
    drop(tx);
    let BookOutcome::Booked(replayed) = book(&*store, &a, "m1", monday(), 5) else { panic!() };
    assert_eq!(replayed.ticket, moved.ticket, "the request now points at its moved booking");
}

/// A closure is stored once per day (a second is refused), listed by date, read back, and removed.
pub fn closures_once_per_day(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    {
        let store = fixture.store();
        let wednesday = monday() + chrono::Days::new(2);
        let closure = Closure::new(wednesday, Some("  Rapat   kerja "), "camat", now());
        assert!(store.closures().add(&closure).unwrap());
        assert!(!store.closures().add(&Closure::new(wednesday, None, "budi", now())).unwrap(), "closed already");
        assert!(store.closures().add(&Closure::new(monday(), None, "budi", now())).unwrap());
        assert_eq!(store.closures().get(wednesday).unwrap().unwrap().reason.as_deref(), Some("Rapat kerja"));
        assert_eq!(
            store.closures().list().unwrap().iter().map(|it| it.date).collect::<Vec<_>>(),
            [monday(), wednesday]
        );
        assert_eq!(store.closures().remove(monday()).unwrap().unwrap().added_by, "budi");
        assert_eq!(store.closures().remove(monday()).unwrap(), None);
    }
    fixture.reopen();
    let store = fixture.store();
    assert_eq!(store.closures().list().unwrap().len(), 1, "closures are durable");
    assert_eq!(store.closures().get(monday()).unwrap(), None);
}

/// Eight residents move their bookings to a day with three places at once: three moves go through, each
/// freeing exactly one place; a cancelled booking cannot move.
pub fn racing_moves_never_overfill_the_new_day(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store: Arc<dyn Store> = fixture.store();
    let tuesday = monday().succ_opt().unwrap();
    let residents: Vec<(UserKey, String)> = (0..8)
        .map(|n| {
            let user = resident(&format!("mover-{n}"));
            let BookOutcome::Booked(booking) = book(&*store, &user, &format!("mv-{n}"), monday(), 40) else { panic!() };
            (user, booking.ticket)
        })
        .collect();
    let start = Arc::new(std::sync::Barrier::new(residents.len()));
    let threads: Vec<_> = residents
        .iter()
        .cloned()
        .map(|(user, ticket)| {
            let (store, start) = (Arc::clone(&store), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                let tx = store.begin_turn(&user).unwrap();
                let outcome = tx.bookings().move_to(&ticket, tuesday, 3, "LWL", now()).unwrap();
                tx.commit(TurnCommit::nothing(now())).unwrap();
                matches!(outcome, MoveOutcome::Moved(_))
            })
        })
        .collect();
    let moved = threads.into_iter().map(|it| it.join().unwrap()).filter(|it| *it).count();
    assert_eq!(moved, 3);
    assert_eq!(store.bookings().taken(tuesday).unwrap(), 3);
    assert_eq!(store.bookings().taken(monday()).unwrap(), 5, "each move freed exactly one place");
    let (user, ticket) = residents
        .iter()
        .find(|(_, ticket)| store.bookings().get(ticket).unwrap().unwrap().status == BookingStatus::Booked)
        .unwrap();
    let tx = store.begin_turn(user).unwrap();
    tx.bookings().set_status(ticket, BookingStatus::Cancelled).unwrap();
    let wednesday = tuesday.succ_opt().unwrap();
    let outcome = tx.bookings().move_to(ticket, wednesday, 3, "LWL", now()).unwrap();
    assert_eq!(outcome, MoveOutcome::NotBooked(BookingStatus::Cancelled));
}

/// Only a cancel, a move or a deletion frees a place: a served or missed appointment used its place; a
/// cancelled booking changes no more and takes nothing back; a cancelled place can be booked again, under a new
/// number (ticket numbers are never reused); deleting a resident's bookings frees the places not used yet,
/// and their requests may book again.
pub fn only_a_cancel_or_a_deletion_frees_a_place(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (a, b, c) = (resident("free-a"), resident("free-b"), resident("free-c"));
    let tuesday = monday().succ_opt().unwrap();
    let BookOutcome::Booked(done) = book(&*store, &a, "f1", monday(), 3) else { panic!() };
    let BookOutcome::Booked(no_show) = book(&*store, &b, "f2", monday(), 3) else { panic!() };
    let BookOutcome::Booked(cancelled) = book(&*store, &c, "f3", monday(), 3) else { panic!() };
    let set = |user: &UserKey, ticket: &str, status: BookingStatus| {
        let tx = store.begin_turn(user).unwrap();
        let change = tx.bookings().set_status(ticket, status).unwrap();
        tx.commit(TurnCommit::nothing(now())).unwrap();
        change
    };
    set(&a, &done.ticket, BookingStatus::Done);
    set(&b, &no_show.ticket, BookingStatus::NoShow);
    assert_eq!(store.bookings().taken(monday()).unwrap(), 3, "a served or missed appointment used its place");
    assert_eq!(book(&*store, &c, "f4", monday(), 3), BookOutcome::Full);
    set(&c, &cancelled.ticket, BookingStatus::Cancelled);
    assert_eq!(store.bookings().taken(monday()).unwrap(), 2, "a cancel frees its place");
    assert!(matches!(set(&c, &cancelled.ticket, BookingStatus::Cancelled), StatusChange::Unchanged(_)));
    for status in [BookingStatus::Booked, BookingStatus::Done, BookingStatus::NoShow] {
        assert!(matches!(set(&c, &cancelled.ticket, status), StatusChange::Refused(_)), "{status:?}");
    }
    assert_eq!(store.bookings().taken(monday()).unwrap(), 2, "a refused change takes no place back");
    let BookOutcome::Booked(again) = book(&*store, &c, "f4", monday(), 3) else { panic!("the freed place") };
    assert_eq!(again.ticket, "LWL-20261130-004", "ticket numbers are never reused");
    let BookOutcome::Booked(later) = book(&*store, &a, "f5", tuesday, 3) else { panic!() };
    let tx = store.begin_turn(&a).unwrap();
    assert_eq!(tx.bookings().forget_mine().unwrap(), 2, "both bookings of the resident, served or not");
    assert!(tx.bookings().upcoming(monday()).unwrap().is_empty());
    assert_eq!(tx.bookings().forget_mine().unwrap(), 0, "the turn sees its own deletion");
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert_eq!(store.bookings().taken(monday()).unwrap(), 3, "a served appointment's place stays used");
    assert_eq!(store.bookings().taken(tuesday).unwrap(), 0, "the place not used yet is free again");
    assert!(store.bookings().get(&later.ticket).unwrap().is_none());
    let BookOutcome::Booked(rebooked) = book(&*store, &a, "f5", tuesday, 3) else { panic!() };
    assert_eq!(rebooked.ticket, "LWL-20261201-002", "the deleted request books anew");
}

/// A resident whose number changed takes their bookings along: the new key sees them as its own, the old one
/// no longer does, tickets and places are unchanged; in a dropped turn nothing moves.
pub fn a_changed_number_takes_its_bookings_along(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (old, new) = (resident("number-old"), resident("number-new"));
    let BookOutcome::Booked(first) = book(&*store, &old, "n1", monday(), 5) else { panic!() };
    {
        let tx = store.begin_turn(&new).unwrap();
        assert_eq!(tx.bookings().take_over(&old).unwrap(), 1);
    }
    assert_eq!(store.bookings().get(&first.ticket).unwrap().unwrap().details.user, old, "a dropped turn moves nothing");
    let tx = store.begin_turn(&new).unwrap();
    assert_eq!(tx.bookings().take_over(&old).unwrap(), 1);
    assert_eq!(tx.bookings().upcoming(monday()).unwrap().len(), 1, "the turn sees its own take-over");
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let moved = store.bookings().get(&first.ticket).unwrap().unwrap();
    assert_eq!((moved.details.user, moved.ticket.as_str()), (new.clone(), first.ticket.as_str()));
    assert_eq!(store.bookings().taken(monday()).unwrap(), 1, "the place is the same one");
    let tx = store.begin_turn(&old).unwrap();
    assert!(tx.bookings().upcoming(monday()).unwrap().is_empty(), "the old number has none");
    assert_eq!(tx.bookings().take_over(&new).unwrap(), 1, "and could take them back");
}
