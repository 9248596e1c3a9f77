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
