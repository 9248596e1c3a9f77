//! Backups of a database: an export is one consistent moment (a turn committing while it runs is wholly
//! out of it), loads into an empty schema whole, and never into one holding data unless replacing.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};

use cekbae_bot::storage::{
    BookOutcome, BookingDetails, ErrorKind, Sealer, SnapshotRecord, Snapshots, TurnCommit, Vault,
};
use cekbae_bot::{Store, UserKey};
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use cekbae_pg_store::PgStore;

fn sealer() -> Arc<dyn Sealer> {
    Arc::new(Vault::from_key_material(b"kunci kantor"))
}

fn book(store: &PgStore, who: &str) -> String {
    let user = UserKey::new("whatsapp", who);
    let now = Utc::now();
    let details = BookingDetails {
        date: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
        service: "ktp".into(),
        reason: "hilang".into(),
        applicant: "sealed".into(),
        user: user.clone(),
        consent_at: now,
        request_id: format!("r-{who}"),
    };
    let tx = store.begin_turn(&user).unwrap();
    let BookOutcome::Booked(booking) = tx.bookings().book(details, 40, "LWL", now).unwrap() else { panic!("full") };
    tx.commit(TurnCommit::nothing(now)).unwrap();
    booking.ticket
}

#[test]
fn an_export_is_one_moment_and_loads_whole_into_an_empty_schema_only() {
    let Some(url) = test_database_url("database snapshots") else { return };
    let (source, target) = (ScratchSchema::create(&url).unwrap(), ScratchSchema::create(&url).unwrap());
    let store = PgStore::open(&source.url(), sealer()).unwrap();
    let first = book(&store, "62811");

    // A turn that commits while the export runs (from another thread: the export holds this one), once the
    // first table was read and before `bookings` is, is wholly out of it.
    let mut records: Vec<SnapshotRecord> = Vec::new();
    let mut during = None;
    store
        .export(&mut |record| {
            if during.is_none() && !record.collection.starts_with('#') {
                let other = store.clone();
                during = Some(std::thread::spawn(move || book(&other, "62822")).join().unwrap());
            }
            records.push(record);
            Ok(())
        })
        .unwrap();
    let during = during.unwrap();
    assert_eq!(store.bookings().all().unwrap().len(), 2, "the second booking committed");

    let restored = PgStore::open_to_restore(&target.url(), sealer()).unwrap();
    restored.import(&mut records.clone().into_iter().map(Ok)).unwrap();
    let tickets: Vec<String> = restored.bookings().all().unwrap().into_iter().map(|it| it.ticket).collect();
    assert_eq!(tickets, vec![first.clone()], "the booking made during the export ({during}) is wholly out");
    let day = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    assert_eq!(restored.bookings().taken(day).unwrap(), 1, "the day's count is the moment's, not one more");

    // Loading again into a store that holds data: refused; replacing: allowed, all or nothing.
    let err = restored.import(&mut records.clone().into_iter().map(Ok)).expect_err("not into a store with data");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let next = book(&restored, "62833");
    assert_ne!(next, first, "the restored day's counter goes on after the backup's ticket");
    restored.replace(&mut records.clone().into_iter().map(Ok)).unwrap();
    assert_eq!(restored.bookings().all().unwrap().len(), 1);

    // Another key: nothing replaced.
    let stranger = PgStore::open_to_restore(&target.url(), Arc::new(Vault::from_key_material(b"kunci lain"))).unwrap();
    book(&restored, "62844");
    let err = stranger.replace(&mut records.into_iter().map(Ok)).expect_err("another key opens nothing");
    assert_eq!(err.kind(), ErrorKind::WrongKey);
    assert_eq!(restored.bookings().all().unwrap().len(), 2, "the failed replace changed nothing");
}

#[test]
fn a_backup_carries_residents_files_sealed_and_file_ids_go_on_after_a_restore() {
    let Some(url) = test_database_url("database snapshots of files") else { return };
    let (source, target) = (ScratchSchema::create(&url).unwrap(), ScratchSchema::create(&url).unwrap());
    let store = PgStore::open(&source.url(), sealer()).unwrap();
    let user = UserKey::new("whatsapp", "62855");
    let media = cekbae_bot::Attachment {
        media_id: "wamid.PENDINGMEDIA".into(),
        mime_type: Some("application/pdf".into()),
        declared_size: None,
        sha256: None,
        file_name: Some("KK Sutisna.pdf".into()),
    };
    let photo = b"\xFF\xD8\xFF\xE0\x00\x10JFIF NIK 3201014502900003".to_vec();
    let now = Utc::now();
    let tx = store.begin_turn(&user).unwrap();
    let stored = tx.files().expect("T-1", 1, &media, now).unwrap();
    let pending = tx.files().expect("T-1", 2, &media, now).unwrap();
    tx.files().store(stored, "image/jpeg", &photo).unwrap().unwrap();
    tx.commit(TurnCommit::nothing(now)).unwrap();
    let mut records: Vec<SnapshotRecord> = Vec::new();
    store
        .export(&mut |record| {
            records.push(record);
            Ok(())
        })
        .unwrap();
    for table in ["files", "pending_files"] {
        assert!(records.iter().any(|it| it.collection == table), "{table} is in the backup");
    }
    let bytes: Vec<u8> = records.iter().flat_map(|it| it.value.clone()).collect();
    let text = String::from_utf8_lossy(&bytes);
    // `bytea` columns are hex in COPY lines: a value in the clear would show either way.
    for needle in ["JFIF", "3201014502900003", "PENDINGMEDIA", "Sutisna"] {
        let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
        assert!(!text.contains(needle) && !text.contains(&hex), "{needle} in the clear in the backup");
    }
    let restored = PgStore::open_to_restore(&target.url(), sealer()).unwrap();
    restored.import(&mut records.into_iter().map(Ok)).unwrap();
    assert_eq!(restored.files().content(stored).unwrap().unwrap().1, photo);
    assert_eq!(restored.files().pending_of_subject("T-1").unwrap()[0].id, pending);
    let tx = restored.begin_turn(&user).unwrap();
    assert!(tx.files().expect("T-1", 3, &media, now).unwrap() > pending, "file ids go on after the backup's");
}
