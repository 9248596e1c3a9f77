//! Reading slots from free text: documents, reasons and NIKs wherever they appear.

use super::*;
use cekbae_bot::GlobalWords;

fn parse(text: &str) -> Parsed {
    Understanding::new(&Catalog::embedded(None).unwrap()).parse(text)
}

fn slots(text: &str) -> (Option<String>, Option<String>, Option<String>) {
    let p = parse(text);
    (p.document, p.reason, p.nik)
}

fn s(it: &str) -> Option<String> {
    Some(it.to_owned())
}

#[test]
fn reads_the_published_one_shot_format() {
    assert_eq!(slots("KTP 3201014502900003 HILANG"), (s("ktp_el"), s("hilang"), s("3201014502900003")));
    assert_eq!(slots("NIK 3201-0101-0190-0001 kk rusak"), (s("kk"), s("rusak"), s("3201010101900001")));
}

#[test]
fn reads_colloquial_names_and_reasons() {
    assert_eq!(slots("ktp abdi ical"), (s("ktp_el"), s("hilang"), None));
    assert_eq!(slots("akte lahir anak ke 2"), (s("akta_kelahiran"), None, None));
    assert_eq!(slots("kartu klwrga"), (s("kk"), None, None));
    assert_eq!(slots("hoyong nyieun kk anyar"), (s("kk"), s("baru"), None));
    assert_eq!(slots("e-KTP saya pecah"), (s("ktp_el"), s("rusak"), None));
    assert_eq!(slots("ktp anak"), (s("kia"), None, None));
    assert_eq!(slots("ganti ktp rusak"), (s("ktp_el"), s("rusak"), None), "a generic verb loses to a specific word");
    assert_eq!(slots("ktp pindah alamat"), (s("ktp_el"), s("perubahan"), None));
}

#[test]
fn does_not_invent_documents() {
    for text in ["akta cerai", "bpjs", "kartu nikah", "sim", "halo", "terima kasih"] {
        assert_eq!(parse(text).document, None, "{text}");
    }
}

#[test]
fn a_phone_number_is_not_a_nik_but_a_long_wrong_run_is_a_mistyped_one() {
    let p = parse("0812 3456 7890");
    assert_eq!(p.nik, None);
    assert_eq!(p.wrong_length_digits, Some(12));
    let p = parse("1");
    assert!(p.is_empty());
}

#[test]
fn a_nik_with_a_letter_is_pointed_out() {
    let p = parse("3201O14502900003");
    assert!(p.nik_with_letters);
    assert_eq!(p.nik, None);
    assert_eq!(p.wrong_length_digits, None);
    assert!(!parse("ktp hilang").nik_with_letters);
    assert!(!parse("3201014502900003").nik_with_letters);
}

fn unclear(text: &str) -> Option<(SlotKind, Vec<String>)> {
    parse(text).unclear.map(|it| (it.slot, it.candidates))
}

#[test]
fn a_clear_winner_is_taken_without_a_question() {
    for text in ["ktp hilang", "KTPNYA RUSAKKK", "kartu klwrga", "akte lahir", "ktp sy ilang kmrn", "hilng ktp"] {
        assert_eq!(unclear(text), None, "{text}");
    }
}

#[test]
fn weak_or_close_readings_are_marked_unclear() {
    assert_eq!(unclear("kpt"), Some((SlotKind::Document, vec!["ktp_el".to_owned()])), "a swapped short word");
    let (slot, candidates) = unclear("akte").unwrap();
    assert_eq!(slot, SlotKind::Document);
    assert_eq!(candidates.len(), 2, "akte is either certificate: {candidates:?}");
    assert_eq!(unclear("ktp dan kk"), Some((SlotKind::Document, vec!["ktp_el".to_owned(), "kk".to_owned()])));
    assert_eq!(unclear("ganti ktp"), Some((SlotKind::Reason, vec!["perubahan".to_owned()])), "a generic verb");
    let p = parse("kpt");
    assert_eq!(p.document.as_deref(), Some("ktp_el"), "the best guess is kept for the question");
    assert_eq!(p.sure_document(), None);
}

#[test]
fn services_not_given_here_block_the_document_they_contain_and_keep_nothing() {
    let p = parse("ktp digital saya hilang");
    assert_eq!(p.document, None);
    assert!(p.not_served);
    assert_eq!(p.reason, None, "no reason is carried into the next step");
    assert!(!parse("ktp hilang").not_served);
    for text in ["SIM C saya hilang", "KIS abdi leungit", "akte cerai abdi leungit", "surat tanah", "legalisir ijazah"]
    {
        let p = parse(text);
        assert!(p.not_served, "{text}");
        assert_eq!((p.document, p.reason, p.unclear), (None, None, None), "{text}");
    }
    let p = parse("sim saya hilang, ktp juga hilang");
    assert_eq!((p.document.as_deref(), p.reason.as_deref()), (Some("ktp_el"), Some("hilang")), "a served one is kept");
}

#[test]
fn words_outside_slots_are_kept_for_intents() {
    let p = parse("halo min, ktp saya hilang");
    assert_eq!(p.other_words, vec!["halo", "min", "saya"]);
}

#[test]
fn reading_adds_global_words_but_not_yes_or_no_beside_a_request() {
    let understanding = Understanding::new(&Catalog::embedded(None).unwrap());
    let words = GlobalWords::builtin();
    let said = |text: &str| understanding.read(&words, text).said.map(|it| it.name());
    assert_eq!(said("halo min, ktp saya hilang"), Some("greeting"));
    assert_eq!(said("batal ktp"), Some("cancel"));
    assert_eq!(said("ganti foto ktp bisa gak"), None, "a question tag, not a no");
    assert_eq!(said("gak"), Some("no"));
    assert_eq!(said("ktp abdi ical, nuhun sateuacanna"), Some("thanks"));
}

/// (message, document, reason) for the tables below.
type Expected = (&'static str, Option<&'static str>, Option<&'static str>);

fn check_table(table: &[Expected]) {
    let understanding = Understanding::new(&Catalog::embedded(None).unwrap());
    let wrong: Vec<String> = table
        .iter()
        .filter_map(|&(text, document, reason)| {
            let p = understanding.parse(text);
            let got = (p.document.as_deref(), p.reason.as_deref());
            (got != (document, reason)).then(|| format!("{text:?}: wanted {:?}, read {got:?}", (document, reason)))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_denied_mention_loses_to_the_affirmed_one() {
    check_table(&[
        // The examples.
        ("bukan KTP tapi KK yang hilang", Some("kk"), Some("hilang")),
        ("ktp aman, yang rusak kk nya", Some("kk"), Some("rusak")),
        ("sanes akte lahir, bade ngurus surat pindah", Some("pindah"), None),
        ("KK mah teu leungit, ngan ruksak", Some("kk"), Some("rusak")),
        ("lain leungit, ngan potong", None, Some("rusak")),
        // Indonesian, with and without punctuation.
        ("bukan ktp, tapi kk saya yang hilang", Some("kk"), Some("hilang")),
        ("ktp saya gak hilang kok cuma patah", Some("ktp_el"), Some("rusak")),
        ("yang hilang bukan ktp tapi kk", Some("kk"), Some("hilang")),
        ("kk saya masih bagus, ktp yang rusak", Some("ktp_el"), Some("rusak")),
        ("bukan rusak min, hilang", None, Some("hilang")),
        ("ktp saya tidak rusak tapi hilang", Some("ktp_el"), Some("hilang")),
        ("bukan mau bikin baru, mau ganti data ktp", Some("ktp_el"), Some("perubahan")),
        ("ga jadi ktp, kk aja yang hilang", Some("kk"), Some("hilang")),
        ("bukan ktp saya, ktp istri saya yang hilang", Some("ktp_el"), Some("hilang")),
        ("ktp udah ada, sekarang mau bikin kk", Some("kk"), Some("baru")),
        ("saya bukan mau ganti ktp, ktp saya hilang", Some("ktp_el"), Some("hilang")),
        ("kk tidak hilang cuma mau tambah anak", Some("kk"), Some("perubahan")),
        ("bukannya hilang, ktp saya patah", Some("ktp_el"), Some("rusak")),
        ("yang rusak itu kk, bukan ktp", Some("kk"), Some("rusak")),
        ("bukan akta kelahiran, akta kematian", Some("akta_kematian"), None),
        ("bukan yang baru, yang lama hilang", None, Some("hilang")),
        ("bukan ktp baru, tapi yang lama hilang", Some("ktp_el"), Some("hilang")),
        ("ktp sudah jadi, sekarang kk yang mau diganti datanya", Some("kk"), Some("perubahan")),
        // Sundanese.
        ("sanes KTP, KK abdi nu ical", Some("kk"), Some("hilang")),
        ("KTP mah aman, KK nu ruksak", Some("kk"), Some("rusak")),
        ("lain KTP abdi, tapi KTP pamajikan nu leungit", Some("ktp_el"), Some("hilang")),
        ("KTP abdi henteu ical, mung potong", Some("ktp_el"), Some("rusak")),
        ("sanes bade ngadamel anyar, bade ngarobih data kk", Some("kk"), Some("perubahan")),
        ("KK abdi teu acan ical, ngan ruksak", Some("kk"), Some("rusak")),
        ("KTP mah teu kunanaon, KK nu ical", Some("kk"), Some("hilang")),
        ("sanes ngurus KTP, ngurus KK nu leungit", Some("kk"), Some("hilang")),
        ("abdi teu acan gaduh KTP", Some("ktp_el"), Some("baru")),
        ("ktp saya bukan yang hilang, kk saya yang hilang", Some("kk"), Some("hilang")),
        ("saya ga mau bikin baru, ktp saya cuma rusak", Some("ktp_el"), Some("rusak")),
        ("ktp sih udah beres, tinggal kk yang rusak", Some("kk"), Some("rusak")),
        ("KK sanes ical, ruksak", Some("kk"), Some("rusak")),
        ("KTP na mah henteu nanaon, KK nu leungit", Some("kk"), Some("hilang")),
        ("abdi lain rek nyieun anyar, rek ngagentos data ktp", Some("ktp_el"), Some("perubahan")),
        ("ktp saya tidak hilang melainkan rusak karena terlipat", Some("ktp_el"), Some("rusak")),
        // English.
        ("not my id card, my family card is lost", Some("kk"), Some("hilang")),
        ("it's not lost, it's broken", None, Some("rusak")),
        ("my ID card isn't lost, it's damaged", Some("ktp_el"), Some("rusak")),
        ("the id card is fine, the family card is lost", Some("kk"), Some("hilang")),
        ("I don't need a new id card, mine is damaged", Some("ktp_el"), Some("rusak")),
        ("ktp gpp, kk nya yang sobek", Some("kk"), Some("rusak")),
        ("ktp masih bisa dipakai, kk yang hilang", Some("kk"), Some("hilang")),
        ("ga usah ktp, kk aja yang rusak", Some("kk"), Some("rusak")),
        ("sanes KTP nanging KK nu ical", Some("kk"), Some("hilang")),
        ("ktp nya ga ilang kok min cuma ketinggalan", Some("ktp_el"), None),
        ("bkn ktp tp kk", Some("kk"), None),
        ("ktp ga rusak ga ilang cm mau ganti foto", Some("ktp_el"), Some("perubahan")),
        ("bukan kk bapak saya, kk saya sendiri yang rusak", Some("kk"), Some("rusak")),
        ("ktp suami aman kk jg aman yg ilang akte anak", Some("akta_kelahiran"), Some("hilang")),
        ("teu acan gaduh KK, tapi KTP mah tos aya", Some("kk"), Some("baru")),
        ("kk henteu ruksak ngan namina lepat", Some("kk"), Some("perubahan")),
    ]);
}

#[test]
fn a_comma_keeps_a_no_to_itself_and_a_question_tag_denies_nothing() {
    check_table(&[
        ("bukan, KK", Some("kk"), None),
        ("henteu, KK abdi nu ical", Some("kk"), Some("hilang")),
        ("ktp saya bisa ga diganti kalau rusak", Some("ktp_el"), Some("rusak")),
        ("jadi ga akte lahirnya seminggu", Some("akta_kelahiran"), None),
        ("aya biayana teu ngadamel kk", Some("kk"), Some("baru")),
        // A document named alone stays, whatever is said of it.
        ("KK saya ada yang salah namanya", Some("kk"), Some("perubahan")),
        ("bukan ktp", None, None),
    ]);
}

#[test]
fn changes_of_data_are_changes() {
    check_table(&[
        ("menambahkan anak yang baru lahir ke KK", Some("kk"), Some("perubahan")),
        ("masukin istri ke KK", Some("kk"), Some("perubahan")),
        ("hapus suami dari KK", Some("kk"), Some("perubahan")),
        ("nama di KK beda sama di ijazah", Some("kk"), Some("perubahan")),
        ("ganti alamat di KTP karena sudah pindah rumah", Some("ktp_el"), Some("perubahan")),
        ("ngarobih status di KK janten kawin", Some("kk"), Some("perubahan")),
        ("KK abdi bade diapdet", Some("kk"), Some("perubahan")),
        ("KK abdi hoyong dilereskeun", Some("kk"), Some("perubahan")),
        ("ngurangan anggota KK", Some("kk"), Some("perubahan")),
        ("Parobihan data", None, Some("perubahan")),
        ("ktp saya setelah nikah", Some("ktp_el"), Some("perubahan")),
        ("pecah kk", Some("kk"), Some("baru")),
        ("mau pisah kk dari orang tua", Some("kk"), Some("baru")),
    ]);
}

#[test]
fn making_a_document_is_a_new_one_and_sundanese_forms_are_read() {
    check_table(&[
        ("rekam KTP", Some("ktp_el"), Some("baru")),
        ("bikin KK", Some("kk"), Some("baru")),
        ("buat ktp", Some("ktp_el"), Some("baru")),
        ("nyieun akta kelahiran", Some("akta_kelahiran"), Some("baru")),
        ("ngadamel KTP", Some("ktp_el"), Some("baru")),
        ("KTP énggal", Some("ktp_el"), Some("baru")),
        ("bikin ulang ktp", Some("ktp_el"), None),
        ("syarat buat ktp hilang", Some("ktp_el"), Some("hilang")),
        ("akta kematianana", Some("akta_kematian"), None),
        ("bapa abdi maot, bade ngurus akta", Some("akta_kematian"), None),
        ("pupus", Some("akta_kematian"), None),
        ("KTP abdi dihakan rinyuh", Some("ktp_el"), Some("rusak")),
        ("kk bdk abdi lngit", Some("kk"), Some("hilang")),
        ("akte cerai abdi leungit", None, None),
    ]);
}

#[test]
fn desa_are_the_residents_and_never_a_document_or_reason() {
    let understanding = Understanding::new(&Catalog::embedded(None).unwrap());
    for (text, desa) in [
        ("saya dari Karacak", Some("karacak")),
        ("Barengkok", Some("barengkok")),
        ("warga desa cibeber 1", Some("cibeber_1")),
        ("cibeber dua", Some("cibeber_2")),
        ("abdi ti Karehkel", Some("karehkel")),
        ("leuwimekar", Some("leuwimekar")),
        ("ds leuwiliang", Some("leuwiliang")),
        ("kantor kecamatan leuwiliang", None),
        ("cibeber", None),
        ("Pabangbon, Purasari, Puraseda, Karyasari", Some("pabangbon")),
        ("barengkog", Some("barengkok")),
        ("brengkok rt 02", Some("barengkok")),
        ("lewimekar", Some("leuwimekar")),
    ] {
        let p = understanding.parse(text);
        assert_eq!(p.desa.as_deref(), desa, "{text}");
        assert_eq!((p.document, p.reason, p.unclear), (None, None, None), "{text}");
    }
    assert_eq!(understanding.parse("ktp hilang, saya dari barengkok").desa.as_deref(), Some("barengkok"));
}

#[test]
fn a_kk_number_is_not_the_nik_and_its_kk_not_the_document() {
    let p = parse("No KK 3201014502900003 ktp hilang");
    assert!(p.kk_number);
    assert_eq!((p.nik, p.document.as_deref(), p.reason.as_deref()), (None, Some("ktp_el"), Some("hilang")));
    let p = parse("nomor kk saya 3201-0101-0190-0001, nik 3201014502900003");
    assert_eq!((p.kk_number, p.nik.as_deref(), p.document), (true, Some("3201014502900003"), None));
    let p = parse("kk: 3201014502900003");
    assert!(p.kk_number && p.nik.is_none());
    let p = parse("KK 3201014502900003 hilang");
    assert_eq!((p.kk_number, p.nik.as_deref(), p.document.as_deref()), (false, Some("3201014502900003"), Some("kk")));
    let p = parse("No KK 3201014502900003 hilang");
    assert_eq!(p.document.as_deref(), Some("kk"), "beside a reason, the KK of the phrase is the document");
}

#[test]
fn an_event_implies_a_reason_only_where_none_is_written() {
    let p = parse("ayah saya meninggal kemarin, mau urus akta kematian");
    assert_eq!((p.document.as_deref(), p.reason.as_deref()), (Some("akta_kematian"), None), "none is written");
    assert_eq!(p.implied_reason.as_deref(), Some("baru"), "but a death just reported needs a first certificate");
    assert_eq!(parse("I need a birth certificate for my baby").implied_reason.as_deref(), Some("baru"));
    assert_eq!(parse("akte meninggal").implied_reason, None, "inside the document's name it implies nothing");
    assert_eq!(parse("ktp ayah yang meninggal hilang").implied_reason, None, "only for the document it belongs to");
}
