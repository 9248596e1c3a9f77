//! Files residents send: pending until fetched (claimed with a lease, released with a delay), then stored
//! sealed under a subject and a slot; deleted with the resident's data or the subject; moved with a changed
//! number; written in turns like everything else a dialogue writes.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;

use cekbae_bot::storage::{sha256_hex, FileMeta, PendingFile, TurnCommit};
use cekbae_bot::{Attachment, Store, UserKey};

use crate::support::{now, resident};
use crate::Backend;

const LEASE: Duration = Duration::from_secs(30);

/// A NIK-like number a scanned paper may carry.
const NIK: &str = "3201014502900003";

/// What a channel announces for a photo.
pub(crate) fn photo(media_id: &str) -> Attachment {
    Attachment {
        media_id: media_id.into(),
        mime_type: Some("image/jpeg".into()),
        declared_size: Some(1234),
        sha256: Some("c2hhMjU2LWluLWJhc2U2NA==".into()),
        file_name: None,
    }
}

/// What a channel announces for a document.
fn document(media_id: &str, name: &str) -> Attachment {
    Attachment {
        media_id: media_id.into(),
        mime_type: Some("application/pdf".into()),
        declared_size: None,
        sha256: None,
        file_name: Some(name.into()),
    }
}

/// A small JPEG (JFIF header, then a scanned NIK as it might appear in the image's comment).
fn jpeg() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01];
    bytes.extend(format!("KTP NIK {NIK} ").as_bytes());
    bytes.extend((0..4096u32).map(|it| (it % 251) as u8));
    bytes.extend([0xFF, 0xD9]);
    bytes
}

/// A small PDF carrying the NIK in its text.
fn pdf() -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nBT (NIK {NIK}) Tj ET\n%%EOF\n").into_bytes()
}

/// Expects a file in a committed turn of `user`; its id.
fn expect(store: &dyn Store, user: &UserKey, subject: &str, slot: u32, media: &Attachment) -> u64 {
    let tx = store.begin_turn(user).unwrap();
    let id = tx.files().expect(subject, slot, media, now()).unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    id
}

/// Stores `content` for pending `id` in a committed turn of `user`.
fn store_file(store: &dyn Store, user: &UserKey, id: u64, mime: &str, content: &[u8]) -> Option<FileMeta> {
    let tx = store.begin_turn(user).unwrap();
    let meta = tx.files().store(id, mime, content).unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    meta
}

fn ids_of(pending: &[PendingFile]) -> Vec<u64> {
    pending.iter().map(|it| it.id).collect()
}

/// Expect → claim → store → content: the bytes come back equal with their size, hash and type, the
/// announcement comes back as the channel made it, and the pending record is gone once stored.
pub fn a_file_is_expected_claimed_stored_and_read_back(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("files-round");
    let media = photo("wamid.media.1");
    let id = expect(&*store, &user, "LWL-001", 2, &media);
    let claimed = store.files().claim_pending(LEASE, 10, now()).unwrap();
    assert_eq!(claimed.len(), 1);
    let pending = &claimed[0];
    assert_eq!((pending.id, &pending.user, pending.subject.as_str(), pending.slot), (id, &user, "LWL-001", 2));
    assert_eq!((&pending.media, pending.received_at, pending.attempts), (&media, now(), 0));
    assert_eq!(store.files().pending_of_subject("LWL-001").unwrap(), claimed);
    let content = jpeg();
    let meta = store_file(&*store, &user, id, "image/jpeg", &content).expect("the pending file was there");
    let expected = FileMeta {
        id,
        user: user.clone(),
        subject: "LWL-001".into(),
        slot: 2,
        mime_type: "image/jpeg".into(),
        size: content.len() as u64,
        sha256: sha256_hex(&content),
        received_at: now(),
    };
    assert_eq!(meta, expected);
    assert_eq!(meta.sha256.len(), 64);
    assert!(meta.sha256.chars().all(|it| it.is_ascii_hexdigit() && !it.is_ascii_uppercase()));
    let (read, bytes) = store.files().content(id).unwrap().expect("stored");
    assert_eq!((read, bytes), (expected.clone(), content));
    assert_eq!(store.files().of_subject("LWL-001").unwrap(), vec![expected]);
    assert!(store.files().pending_of_subject("LWL-001").unwrap().is_empty());
    assert!(store.files().claim_pending(LEASE, 10, now()).unwrap().is_empty(), "nothing left to fetch");
    assert!(store.files().content(id + 1000).unwrap().is_none());
    assert_eq!(store_file(&*store, &user, id, "image/jpeg", b"again"), None, "stored once: the pending record is gone");
    assert_eq!(store.files().content(id).unwrap().unwrap().1, jpeg(), "and the first content stays");
}

/// What a turn writes about files is seen by that turn and vanishes with it when it is dropped.
pub fn a_dropped_turn_keeps_no_file(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("files-dropped");
    {
        let tx = store.begin_turn(&user).unwrap();
        let id = tx.files().expect("LWL-002", 1, &photo("m-drop"), now()).unwrap();
        assert_eq!(ids_of(&tx.files().pending_of_subject("LWL-002").unwrap()), vec![id], "the turn sees its own");
        assert_eq!(tx.files().count("LWL-002").unwrap(), 1);
    }
    assert!(store.files().pending_of_subject("LWL-002").unwrap().is_empty());
    assert!(store.files().subjects().unwrap().is_empty());
    assert!(store.files().claim_pending(LEASE, 10, now()).unwrap().is_empty());
    let id = expect(&*store, &user, "LWL-002", 1, &photo("m-kept"));
    {
        let tx = store.begin_turn(&user).unwrap();
        let meta = tx.files().store(id, "image/jpeg", &jpeg()).unwrap().expect("pending");
        assert_eq!(tx.files().of_subject("LWL-002").unwrap(), vec![meta]);
        assert!(tx.files().pending_of_subject("LWL-002").unwrap().is_empty());
    }
    assert!(store.files().of_subject("LWL-002").unwrap().is_empty(), "the store was dropped with the turn");
    assert!(store.files().content(id).unwrap().is_none());
    assert_eq!(ids_of(&store.files().pending_of_subject("LWL-002").unwrap()), vec![id], "still pending");
}

/// A live claim hides a pending file from other claims; when its lease ends it may be claimed again. A
/// release counts the failed attempt and keeps the file back until its retry time. Oldest first, at most
/// `limit`.
pub fn pending_files_are_claimed_with_a_lease_and_released_with_a_delay(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("files-claims");
    let first = expect(&*store, &user, "LWL-003", 1, &photo("m1"));
    let second = expect(&*store, &user, "LWL-003", 1, &photo("m2"));
    let files = store.files();
    let short = Duration::from_millis(300);
    assert_eq!(ids_of(&files.claim_pending(short, 1, now()).unwrap()), vec![first], "oldest first, at most one");
    assert_eq!(ids_of(&files.claim_pending(LEASE, 10, now()).unwrap()), vec![second], "the first is held");
    assert!(files.claim_pending(LEASE, 10, now()).unwrap().is_empty(), "both held");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(ids_of(&files.claim_pending(LEASE, 10, now()).unwrap()), vec![first], "its lease ended");
    // A failed fetch: given back, counted, and not claimed before an hour has passed.
    files.release(first, Duration::from_secs(3600), now()).unwrap();
    let later = |minutes: i64| now() + TimeDelta::minutes(minutes);
    assert!(files.claim_pending(LEASE, 10, later(30)).unwrap().is_empty(), "not before its retry time");
    let again = files.claim_pending(LEASE, 10, later(61)).unwrap();
    assert_eq!((ids_of(&again), again[0].attempts), (vec![first], 1));
    files.release(first, Duration::ZERO, later(61)).unwrap();
    let again = files.claim_pending(LEASE, 10, later(61)).unwrap();
    assert_eq!((ids_of(&again), again[0].attempts), (vec![first], 2), "every release counts");
    let pending = files.pending_of_subject("LWL-003").unwrap();
    assert_eq!(pending.iter().map(|it| (it.id, it.attempts)).collect::<Vec<_>>(), vec![(first, 2), (second, 0)]);
    let tx = store.begin_turn(&user).unwrap();
    assert_eq!(tx.files().pending_of_subject("LWL-003").unwrap()[0].attempts, 2, "a turn sees the attempts");
    drop(tx);
    // Released after the file was handled (stored meanwhile): nothing comes back.
    store_file(&*store, &user, second, "image/jpeg", &jpeg()).unwrap();
    files.release(second, Duration::ZERO, later(61)).unwrap();
    assert!(files.pending_of_subject("LWL-003").unwrap().iter().all(|it| it.id != second));
    assert_eq!(files.of_subject("LWL-003").unwrap().len(), 1);
}

/// A file that cannot be fetched is dropped; the count of a subject is stored plus pending; a stored file
/// moves to another slot; subjects are listed once each, in order.
pub fn dropping_counting_moving_and_subjects(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("files-misc");
    let a = expect(&*store, &user, "LWL-010", 1, &photo("a"));
    let b = expect(&*store, &user, "LWL-010", 2, &document("b", "surat polisi.pdf"));
    let c = expect(&*store, &user, "LWL-009", 1, &photo("c"));
    store_file(&*store, &user, a, "image/jpeg", &jpeg()).unwrap();
    let tx = store.begin_turn(&user).unwrap();
    assert_eq!(tx.files().count("LWL-010").unwrap(), 2, "one stored, one pending");
    assert!(tx.files().drop_pending(c).unwrap());
    assert!(!tx.files().drop_pending(c).unwrap(), "dropped once");
    assert!(!tx.files().drop_pending(a).unwrap(), "a stored file is no pending one");
    assert!(tx.files().move_to_slot(a, 3).unwrap());
    assert!(!tx.files().move_to_slot(b, 3).unwrap(), "a pending file is not moved");
    assert!(!tx.files().move_to_slot(a + 1000, 3).unwrap());
    assert_eq!(tx.files().of_subject("LWL-010").unwrap()[0].slot, 3, "the turn sees the move");
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert_eq!(store.files().of_subject("LWL-010").unwrap()[0].slot, 3);
    assert_eq!(store.files().content(a).unwrap().unwrap().0.slot, 3);
    assert!(store.files().pending_of_subject("LWL-009").unwrap().is_empty());
    assert_eq!(store.files().subjects().unwrap(), vec!["LWL-010".to_owned()], "LWL-009 has nothing left");
    let pending = store.files().pending_of_subject("LWL-010").unwrap();
    assert_eq!(pending[0].media.file_name.as_deref(), Some("surat polisi.pdf"));
    expect(&*store, &user, "LWL-001", 1, &photo("d"));
    let subjects = store.files().subjects().unwrap();
    assert_eq!(subjects, vec!["LWL-001".to_owned(), "LWL-010".to_owned()]);
    let tx = store.begin_turn(&user).unwrap();
    assert_eq!(tx.files().store(c, "image/jpeg", &jpeg()).unwrap(), None, "a dropped pending file stores nothing");
}

/// "hapus data saya" removes the resident's files, stored and pending, and nobody else's; a changed number
/// takes its files along; the purge deletes a subject's files whoever sent them.
pub fn forgetting_taking_over_and_deleting_a_subject(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let (sari, budi, new_sari) = (resident("files-sari"), resident("files-budi"), resident("files-sari-new"));
    let s1 = expect(&*store, &sari, "LWL-020", 1, &photo("s1"));
    let s2 = expect(&*store, &sari, "LWL-021", 1, &photo("s2"));
    let b1 = expect(&*store, &budi, "LWL-022", 1, &photo("b1"));
    store_file(&*store, &sari, s1, "image/jpeg", &jpeg()).unwrap();
    store_file(&*store, &budi, b1, "application/pdf", &pdf()).unwrap();
    // A changed number: a dropped turn moves nothing, a committed one moves both.
    {
        let tx = store.begin_turn(&new_sari).unwrap();
        assert_eq!(tx.files().take_over(&sari).unwrap(), 2);
    }
    assert_eq!(store.files().content(s1).unwrap().unwrap().0.user, sari);
    let tx = store.begin_turn(&new_sari).unwrap();
    assert_eq!(tx.files().take_over(&sari).unwrap(), 2);
    assert_eq!(tx.files().of_subject("LWL-020").unwrap()[0].user, new_sari, "the turn sees its own take-over");
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert_eq!(store.files().content(s1).unwrap().unwrap().0.user, new_sari);
    assert_eq!(store.files().pending_of_subject("LWL-021").unwrap()[0].user, new_sari);
    let tx = store.begin_turn(&sari).unwrap();
    assert_eq!(tx.files().forget_mine().unwrap(), 0, "the old number has none left");
    drop(tx);
    // Deletion on request: only the resident's, stored and pending, in the turn's commit.
    let tx = store.begin_turn(&new_sari).unwrap();
    assert_eq!(tx.files().forget_mine().unwrap(), 2);
    assert!(tx.files().of_subject("LWL-020").unwrap().is_empty(), "the turn sees the deletion");
    drop(tx);
    assert!(store.files().content(s1).unwrap().is_some(), "a dropped turn deletes nothing");
    let tx = store.begin_turn(&new_sari).unwrap();
    assert_eq!(tx.files().forget_mine().unwrap(), 2);
    tx.commit(TurnCommit::nothing(now())).unwrap();
    assert!(store.files().content(s1).unwrap().is_none());
    assert!(store.files().pending_of_subject("LWL-021").unwrap().is_empty());
    assert!(store.files().claim_pending(LEASE, 10, now()).unwrap().iter().all(|it| it.id != s2));
    assert_eq!(store.files().subjects().unwrap(), vec!["LWL-022".to_owned()], "budi's stay");
    assert_eq!(store.files().content(b1).unwrap().unwrap().1, pdf());
    // The purge: a subject's files, stored and pending, whoever sent them.
    let b2 = expect(&*store, &budi, "LWL-022", 2, &photo("b2"));
    let b3 = expect(&*store, &budi, "LWL-023", 1, &photo("b3"));
    assert_eq!(store.files().delete_subject("LWL-022").unwrap(), 2);
    assert_eq!(store.files().delete_subject("LWL-022").unwrap(), 0);
    assert!(store.files().content(b1).unwrap().is_none());
    assert_eq!(ids_of(&store.files().claim_pending(LEASE, 10, now()).unwrap()), vec![b3], "b2 went with its subject");
    assert_eq!(store.files().subjects().unwrap(), vec!["LWL-023".to_owned()]);
    let tx = store.begin_turn(&budi).unwrap();
    assert_eq!(tx.files().store(b2, "image/jpeg", &jpeg()).unwrap(), None, "a purged pending file stores nothing");
}

/// The retention purge racing a download that finishes for the same booking: the turn storing the file has
/// not committed when the purge starts. Whichever the backend lets go first, no file of the subject is left.
pub fn a_purge_racing_a_finishing_download_leaves_no_file(backend: &dyn Backend) {
    let fixture = backend.fresh();
    let store = fixture.store();
    let user = resident("files-purge-race");
    let pending = expect(&*store, &user, "LWL-040", 1, &photo("race"));
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.files().store(pending, "image/jpeg", &jpeg()).unwrap().is_some(), "stored in the turn");
    let purge = {
        let store = Arc::clone(&store);
        std::thread::spawn(move || store.files().delete_subject("LWL-040").unwrap())
    };
    // The purge is under way (or waiting for the turn, on a backend that makes it wait).
    std::thread::sleep(Duration::from_millis(300));
    tx.commit(TurnCommit::nothing(now())).unwrap();
    let deleted = purge.join().unwrap();
    assert!(store.files().content(pending).unwrap().is_none(), "the file outlived the purge of its booking");
    assert!(store.files().pending_of_subject("LWL-040").unwrap().is_empty());
    assert!(!store.files().subjects().unwrap().contains(&"LWL-040".to_owned()));
    assert_eq!(deleted, 1, "the file is counted once");
}

/// A JPEG and a PDF carrying a NIK, with the file name and media id the channel gave, appear nowhere in
/// what the store holds at rest: not the JPEG's or the PDF's magic bytes, not the NIK, not the names.
pub fn files_are_sealed_at_rest(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    // The resident's key itself may be an index column (PostgreSQL), as for handovers and records.
    let user = resident("files-sealed");
    let (photo_id, pdf_id) = {
        let store = fixture.store();
        let photo_id = expect(&*store, &user, "LWL-030", 1, &photo("wamid.MEDIAIDSECRET"));
        let pdf_id = expect(&*store, &user, "LWL-030", 2, &document("wamid.OTHERMEDIA", "KK Sutisna.pdf"));
        store_file(&*store, &user, photo_id, "image/jpeg", &jpeg()).unwrap();
        store_file(&*store, &user, pdf_id, "application/pdf", &pdf()).unwrap();
        // One left pending, so its announcement is at rest too.
        expect(&*store, &user, "LWL-030", 3, &document("wamid.PENDINGMEDIA", "Akta Sutisna.pdf"));
        (photo_id, pdf_id)
    };
    let bytes = fixture.bytes_at_rest();
    assert!(!bytes.is_empty());
    let jfif: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0];
    let needles: [&[u8]; 8] =
        [jfif, b"JFIF", b"%PDF", NIK.as_bytes(), b"MEDIAIDSECRET", b"PENDINGMEDIA", b"Sutisna", b"6281234567890"];
    for needle in needles {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{:?} found in the clear at rest",
            String::from_utf8_lossy(needle)
        );
    }
    let store = fixture.store();
    assert_eq!(store.files().content(photo_id).unwrap().unwrap().1, jpeg());
    assert_eq!(store.files().content(pdf_id).unwrap().unwrap().1, pdf());
    assert_eq!(store.files().pending_of_subject("LWL-030").unwrap()[0].media.media_id, "wamid.PENDINGMEDIA");
}

/// A fresh instance (after a crash) holds no claim: a pending file claimed by the one before is claimed
/// again once that instance is gone, and its attempts are kept.
pub fn a_new_instance_resumes_pending_files(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let user = resident("files-resume");
    let id = {
        let store = fixture.store();
        let id = expect(&*store, &user, "LWL-040", 1, &photo("r1"));
        store.files().release(id, Duration::ZERO, now()).unwrap();
        assert_eq!(ids_of(&store.files().claim_pending(LEASE, 10, now()).unwrap()), vec![id]);
        id
    };
    fixture.reopen();
    let store = fixture.store();
    let claimed = store.files().claim_pending(LEASE, 10, now()).unwrap();
    assert_eq!((ids_of(&claimed), claimed[0].attempts), (vec![id], 1), "the new instance takes it over");
}
