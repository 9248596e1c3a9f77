//! The papers' conversation through the real engine on a sled store: what residents are asked and told,
//! what is recorded as pending, and what a fetched file's content must be to be stored.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use cekbae_bot::media::{FetchedMedia, MediaError};
use cekbae_bot::storage::PendingFile;
use cekbae_bot::words::GlobalWords;
use cekbae_bot::{Attachment, Engine, EngineConfig, FixedClock, Incoming, Locales, Store, UserKey};
use cekbae_sled_store::SledStore;

use crate::catalog::Catalog;
use crate::embedded::{locale_sources, DEFAULT_LOCALE};
use crate::vault::{DataKey, NikVault};
use crate::Adminduk;

const NIK: &str = "3201014502900003";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00];
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!";

struct Bot {
    engine: Engine<Adminduk>,
    store: Arc<SledStore>,
    user: UserKey,
    clock: Arc<FixedClock>,
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
}

fn bot_with(change: impl FnOnce(&mut Catalog)) -> Bot {
    bot_on(Arc::new(SledStore::temporary().expect("store")), change)
}

fn bot_on(store: Arc<SledStore>, change: impl FnOnce(&mut Catalog)) -> Bot {
    let mut catalog = Catalog::embedded(None).expect("catalog");
    change(&mut catalog);
    let dialogue = Adminduk::new(catalog, NikVault::from_key(&DataKey::generate()));
    let locales = Arc::new(Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("locales"));
    let clock = Arc::new(FixedClock::new(at("2026-11-30T08:00:00+07:00")));
    let engine =
        Engine::new(dialogue, locales, GlobalWords::builtin(), store.clone(), clock.clone(), EngineConfig::default());
    Bot { engine, store, user: UserKey::new("test", "6281200000001"), clock }
}

fn bot() -> Bot {
    bot_with(|_| {})
}

fn photo(mime: &str, size: u64) -> Attachment {
    Attachment {
        media_id: format!("media-{size}"),
        mime_type: Some(mime.to_owned()),
        declared_size: Some(size),
        sha256: None,
        file_name: None,
    }
}

impl Bot {
    fn send(&self, incoming: Incoming) -> (String, Vec<String>) {
        let outcome = self.engine.handle(&incoming).expect("turn");
        (outcome.state, outcome.replies.into_iter().map(|it| render(&it)).collect())
    }

    /// What the bot answers `text`, each bubble with its options as numbered lines.
    fn say(&self, text: &str) -> Vec<String> {
        self.send(Incoming::text(self.user.clone(), text)).1
    }

    fn state_after(&self, text: &str) -> String {
        self.send(Incoming::text(self.user.clone(), text)).0
    }

    fn send_file(&self, attachment: Attachment, caption: &str) -> Vec<String> {
        let incoming = Incoming { attachment: Some(attachment), ..Incoming::text(self.user.clone(), caption) };
        self.send(incoming).1
    }

    /// Books KTP-el hilang (police letter, copy of the KK) for tomorrow; returns the ticket.
    fn book(&self, text: &str) -> String {
        self.say(text);
        self.send(Incoming::text(self.user.clone(), "1"));
        let tickets = self.store.bookings().all().expect("bookings");
        tickets.last().expect("booked").ticket.clone()
    }

    fn pending(&self, ticket: &str) -> Vec<PendingFile> {
        self.store.files().pending_of_subject(ticket).expect("pending")
    }

    fn fetched(&self, pending: &PendingFile, outcome: Result<FetchedMedia, MediaError>) -> Vec<String> {
        let notice = self.engine.file_fetched(pending, outcome).expect("file fetched");
        notice.replies.iter().map(render).collect()
    }
}

fn render(out: &cekbae_bot::Outgoing) -> String {
    let mut text = out.text.clone();
    for (n, option) in out.options.iter().enumerate() {
        text.push_str(&format!("\n{}. {}", n + 1, option.label));
    }
    text
}

fn media(mime: &str, bytes: &[u8]) -> Result<FetchedMedia, MediaError> {
    Ok(FetchedMedia { mime_type: mime.to_owned(), bytes: bytes.to_vec() })
}

#[track_caller]
fn assert_says(replies: &[String], text: &str) {
    assert!(replies.iter().any(|it| it.contains(text)), "no reply contains {text:?}: {replies:#?}");
}

#[test]
fn the_ticket_offers_a_check_and_cek_berkas_asks_for_each_item_in_turn() {
    let bot = bot();
    bot.say(&format!("KTP {NIK} hilang"));
    let ticket_replies = bot.say("1");
    assert_says(&ticket_replies, "*Cek berkas sebelum datang:*");
    assert_says(&ticket_replies, "1. Cek berkas");
    let ticket = bot.store.bookings().all().unwrap()[0].ticket.clone();
    let asked = bot.say("cek berkas");
    assert_says(&asked, &format!("*Cek berkas* untuk tiket *{ticket}* (KTP-el, Senin, 30 November 2026)"));
    assert_says(&asked, "*Kirim foto (1/2):* Surat keterangan kehilangan dari Kepolisian");
    assert_says(&asked, "1. Lewati\n2. Selesai");
    let next = bot.say("lewati");
    assert_says(&next, "*Kirim foto (2/2):* Fotokopi Kartu Keluarga (KK)");
    assert_eq!(bot.state_after("jam buka kapan?"), "berkas", "a question keeps the asking");
    let help = bot.say("bantuan");
    assert_says(&help, "Satu berkas boleh beberapa foto");
    assert_says(&help, "*Kirim foto (2/2):*");
    let (state, end) = bot.send(Incoming::text(bot.user.clone(), "selesai"));
    assert_eq!(state, "done");
    assert_says(&end, &format!("Belum ada file yang dikirim untuk tiket *{ticket}*"));
    assert!(bot.pending(&ticket).is_empty());
}

#[test]
fn photos_for_the_item_asked_are_counted_and_the_summary_names_what_was_sent_and_what_was_not() {
    let bot = bot();
    let ticket = bot.book(&format!("KTP {NIK} hilang"));
    bot.say("kirim berkas");
    let first = bot.send_file(photo("image/jpeg", 120_000), "");
    assert_says(
        &first,
        "Diterima untuk *Surat keterangan kehilangan dari Kepolisian (gratis; perhatikan masa berlakunya)* (1 file)",
    );
    assert_says(&first, "1. Lanjut\n2. Lewati\n3. Selesai");
    let second = bot.send_file(photo("application/pdf", 80_000), "halaman 2");
    assert_says(&second, "(2 file)");
    let pending = bot.pending(&ticket);
    assert_eq!(pending.iter().map(|it| it.slot).collect::<Vec<_>>(), [1, 1]);
    assert_eq!(pending[1].media.mime_type.as_deref(), Some("application/pdf"));
    assert_says(&bot.say("lanjut"), "*Kirim foto (2/2):* Fotokopi Kartu Keluarga (KK)");
    let end = bot.say("selesai");
    assert_says(&end, &format!("Berkas untuk tiket *{ticket}* (Senin, 30 November 2026) kami teruskan"));
    assert_says(
        &end,
        "Sudah dikirim:\n• Surat keterangan kehilangan dari Kepolisian (gratis; perhatikan masa berlakunya) (2 file)",
    );
    assert_says(&end, "Belum dikirim atau dilewati (bawa aslinya saat datang):\n• Fotokopi Kartu Keluarga (KK)");
}

#[test]
fn a_file_sent_unasked_goes_to_the_first_item_without_one_of_the_nearest_booking_and_says_so() {
    let bot = bot();
    let first = bot.book(&format!("KTP {NIK} hilang"));
    bot.say("menu");
    let clock_day = bot.book(&format!("KK {NIK} hilang"));
    assert_ne!(first, clock_day);
    let reply = bot.send_file(photo("image/jpeg", 1000), "");
    let mut bookings = bot.store.bookings().all().unwrap();
    bookings.sort_by(|a, b| (a.details.date, &a.ticket).cmp(&(b.details.date, &b.ticket)));
    let nearest = &bookings[0];
    assert_says(&reply, &format!("sebagai *Surat keterangan kehilangan dari Kepolisian (gratis; perhatikan masa berlakunya)* untuk tiket *{}*", nearest.ticket));
    assert_says(&reply, "petugas dapat memindahkannya");
    assert_says(&reply, "Anda memiliki 2 jadwal; yang dipakai adalah jadwal terdekat");
    let again = bot.send_file(photo("image/png", 1000), "");
    assert_says(&again, "sebagai *Fotokopi Kartu Keluarga (KK)*");
    assert_eq!(bot.pending(&nearest.ticket).iter().map(|it| it.slot).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn without_an_open_booking_a_file_is_not_kept_and_cek_berkas_explains_how_to_book() {
    let bot = bot();
    let reply = bot.send_file(photo("image/jpeg", 1000), "ini KK saya");
    assert_says(&reply, "Terima kasih telah menghubungi");
    assert_says(&reply, "belum memiliki jadwal");
    assert_says(&reply, "File ini tidak kami simpan.");
    assert_says(&bot.say("cek berkas"), "Anda perlu mengambil jadwal lebih dulu");
    assert!(bot.store.files().subjects().unwrap().is_empty());
}

#[test]
fn an_album_refused_for_a_reason_all_its_photos_share_hears_the_refusal_once() {
    // No booking: five photos of an album arrive seconds apart.
    let bot = bot();
    assert_says(&bot.send_file(photo("image/jpeg", 1000), ""), "belum memiliki jadwal");
    for n in 1..5 {
        bot.clock.advance(chrono::TimeDelta::seconds(3));
        assert!(bot.send_file(photo("image/jpeg", 1000 + n), "").is_empty(), "photo {n} of the album: quiet");
    }
    // Sent again a minute after the refusal: told again.
    bot.clock.advance(chrono::TimeDelta::seconds(48));
    assert_says(&bot.send_file(photo("image/jpeg", 2000), ""), "belum memiliki jadwal");
    // Typing in between is answered as ever.
    assert_says(&bot.say("cek berkas"), "Anda perlu mengambil jadwal lebih dulu");

    // A booking whose files are full: the rest of the album is not told five times either.
    let bot = bot_with(|catalog| catalog.berkas.max_files_per_booking = 1);
    let ticket = bot.book(&format!("KTP {NIK} hilang"));
    bot.send_file(photo("image/jpeg", 1000), "");
    assert_says(&bot.send_file(photo("image/jpeg", 1001), ""), "sudah memiliki 1 file");
    bot.clock.advance(chrono::TimeDelta::seconds(2));
    assert!(bot.send_file(photo("image/jpeg", 1002), "").is_empty());
    // A file of a type never accepted is still told, each time: that is about this file.
    assert_says(&bot.send_file(photo("image/gif", 1003), ""), "jenis file ini tidak dapat kami terima");
    assert_eq!(bot.pending(&ticket).len(), 1);
}

#[test]
fn a_declared_type_size_or_a_full_booking_is_refused_in_the_turn_and_nothing_is_recorded() {
    let bot = bot_with(|catalog| catalog.berkas.max_files_per_booking = 2);
    let ticket = bot.book(&format!("KTP {NIK} hilang"));
    assert_says(&bot.send_file(photo("image/gif", 1000), ""), "jenis file ini tidak dapat kami terima");
    assert_says(&bot.send_file(photo("image/jpeg", 11 * 1024 * 1024), ""), "terlalu besar (paling besar 10 MB)");
    assert!(bot.pending(&ticket).is_empty());
    bot.send_file(photo("image/jpeg", 1000), "");
    bot.send_file(photo("image/jpeg", 1001), "");
    let full = bot.send_file(photo("image/jpeg", 1002), "");
    assert_says(&full, &format!("tiket *{ticket}* sudah memiliki 2 file"));
    assert_eq!(bot.pending(&ticket).len(), 2);
}

#[test]
fn a_fetched_file_is_stored_as_what_its_bytes_are_and_the_resident_hears_nothing_more() {
    let bot = bot();
    let ticket = bot.book(&format!("KTP {NIK} hilang"));
    bot.send_file(photo("application/pdf", 100), "");
    bot.send_file(photo("application/pdf", 100), "");
    let pending = bot.pending(&ticket);
    // Declared a PDF, but the bytes are a JPEG: it is kept as what it is.
    assert!(bot.fetched(&pending[0], media("application/pdf", JPEG)).is_empty());
    assert!(bot.fetched(&pending[1], media("application/pdf", PDF)).is_empty());
    let stored = bot.store.files().of_subject(&ticket).unwrap();
    assert_eq!(stored.iter().map(|it| it.mime_type.as_str()).collect::<Vec<_>>(), ["image/jpeg", "application/pdf"]);
    let (_, content) = bot.store.files().content(stored[1].id).unwrap().unwrap();
    assert_eq!(content, PDF);
    assert!(bot.pending(&ticket).is_empty());
    // Handled once: the same outcome again writes and says nothing.
    assert!(bot.fetched(&pending[0], media("image/jpeg", JPEG)).is_empty());
    assert_eq!(bot.store.files().of_subject(&ticket).unwrap().len(), 2);
}

#[test]
fn a_fetched_file_that_is_no_photo_or_pdf_too_large_or_not_fetched_is_dropped_with_its_cause() {
    let bot = bot();
    let ticket = bot.book(&format!("KTP {NIK} hilang"));
    for size in 1..=5 {
        bot.send_file(photo("image/jpeg", size), "");
    }
    let pending = bot.pending(&ticket);
    let about = "File untuk *Surat keterangan kehilangan dari Kepolisian (gratis; perhatikan masa berlakunya)*";
    let gif = bot.fetched(&pending[0], media("image/jpeg", GIF));
    assert_says(&gif, about);
    assert_says(&gif, "jenis file ini tidak dapat kami terima");
    let mut large = JPEG.to_vec();
    large.resize(10 * 1024 * 1024 + 1, 0);
    assert_says(&bot.fetched(&pending[1], media("image/jpeg", &large)), "terlalu besar (paling besar 10 MB)");
    let declared_large = bot.fetched(&pending[2], Err(MediaError::TooLarge { limit: 10 * 1024 * 1024 }));
    assert_says(&declared_large, "terlalu besar");
    assert_says(&bot.fetched(&pending[3], Err(MediaError::NotFound)), "tidak dapat kami ambil");
    assert_says(&bot.fetched(&pending[4], Err(MediaError::ChecksumMismatch)), "Silakan kirim sekali lagi");
    assert!(bot.pending(&ticket).is_empty());
    assert!(bot.store.files().of_subject(&ticket).unwrap().is_empty());
}

#[test]
fn a_fetched_file_beyond_the_bookings_limit_is_dropped() {
    let before = bot_with(|catalog| catalog.berkas.max_files_per_booking = 3);
    let ticket = before.book(&format!("KTP {NIK} hilang"));
    for size in 1..=3 {
        before.send_file(photo("image/jpeg", size), "");
    }
    // The office lowered the limit while three files were still being fetched: the third finds no room.
    let after = bot_on(before.store.clone(), |catalog| catalog.berkas.max_files_per_booking = 2);
    let pending = after.pending(&ticket);
    assert!(after.fetched(&pending[0], media("image/jpeg", JPEG)).is_empty());
    assert!(after.fetched(&pending[1], media("image/jpeg", JPEG)).is_empty());
    assert_says(&after.fetched(&pending[2], media("image/jpeg", JPEG)), "sudah memiliki 2 file");
    assert_eq!(after.store.files().of_subject(&ticket).unwrap().len(), 2);
    assert!(after.pending(&ticket).is_empty());
}

#[test]
fn in_sundanese_the_words_and_the_refusals_are_sundanese() {
    let bot = bot();
    let ticket = bot.book(&format!("KTP {NIK} leungit"));
    bot.engine.set_locale(&bot.user, "su").unwrap();
    let asked = bot.say("mariksa berkas");
    assert_says(&asked, &format!("*Mariksa berkas* kanggo tiket *{ticket}*"));
    assert_says(&asked, "*Kintunkeun poto (1/2):*");
    assert_says(&asked, "1. Liwat\n2. Réngsé");
    assert_says(&bot.say("liwat"), "*Kintunkeun poto (2/2):*");
    assert_says(&bot.send_file(photo("image/jpeg", 10), ""), "Katampi kanggo");
    let pending = bot.pending(&ticket).remove(0);
    let refused = bot.fetched(&pending, media("image/jpeg", GIF));
    assert_says(&refused, "File kanggo");
    assert_says(&refused, "file jinis ieu teu tiasa katampi");
    assert_says(&bot.say("réngsé"), "Teu acan aya file anu dikintunkeun");
}
