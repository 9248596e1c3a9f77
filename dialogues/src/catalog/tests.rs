//! Catalog validation: the shipped data loads, and every kind of mistake is reported at once.

use chrono::Datelike;

use super::*;

#[test]
fn embedded_catalog_is_valid() {
    let catalog = Catalog::embedded(None).expect("embedded catalog loads");
    let ids: Vec<&str> = catalog.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["ktp_el", "kk", "akta_kelahiran", "akta_kematian", "pindah", "kia"]);
    assert_eq!(catalog.schedule.capacity_per_day, 40);
    assert_eq!(catalog.schedule.timezone, chrono_tz::Asia::Jakarta);
    let in_year = |year: i32, kind: HolidayKind| {
        catalog.holidays.days.iter().filter(|(d, h)| d.year() == year && h.kind == kind).count()
    };
    assert_eq!(in_year(2026, HolidayKind::Libur), 17, "17 libur nasional in 2026");
    assert_eq!(in_year(2026, HolidayKind::CutiBersama), 8, "8 cuti bersama in 2026");
    assert_eq!(in_year(2027, HolidayKind::Libur), 18, "18 libur nasional in 2027 (Isra Mikraj twice)");
    assert_eq!(in_year(2027, HolidayKind::CutiBersama), 8, "8 cuti bersama in 2027");
    assert_eq!(catalog.holidays.known_until, NaiveDate::from_ymd_opt(2027, 12, 31).unwrap());
    let estimates: Vec<String> =
        catalog.holidays.days.iter().filter(|(_, h)| h.estimate).map(|(d, _)| d.to_string()).collect();
    assert_eq!(estimates, ["2027-03-10", "2027-03-11", "2027-05-17"], "the Eid dates await the sidang isbat");
}

#[test]
fn the_holiday_list_must_say_how_far_it_is_known_and_cover_every_year_up_to_there() {
    let without = EMBEDDED_HOLIDAYS.replace("known_until = \"2027-12-31\"", "");
    let errors = Catalog::load(EMBEDDED_CATALOG, &without, None).expect_err("known_until is required");
    assert!(errors.iter().any(|e| e.contains("known_until is missing")), "{errors:?}");
    let blind = EMBEDDED_HOLIDAYS.replace("known_until = \"2027-12-31\"", "known_until = \"2028-12-31\"");
    let errors = Catalog::load(EMBEDDED_CATALOG, &blind, None).expect_err("2028 has no holidays");
    assert!(errors.iter().any(|e| e.contains("no libur is listed for 2028")), "{errors:?}");
    let bad = EMBEDDED_HOLIDAYS.replace("known_until = \"2027-12-31\"", "known_until = \"akhir 2027\"");
    let errors = Catalog::load(EMBEDDED_CATALOG, &bad, None).expect_err("not a date");
    assert!(errors.iter().any(|e| e.contains("known_until `akhir 2027` is not a date")), "{errors:?}");
    let shorter = EMBEDDED_HOLIDAYS.replace("known_until = \"2027-12-31\"", "known_until = \"2026-12-31\"");
    let catalog = Catalog::load(EMBEDDED_CATALOG, &shorter, None).expect("a shorter known calendar is fine");
    assert_eq!(catalog.holidays.known_until, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
}

#[test]
fn reports_every_error_at_once() {
    let broken = EMBEDDED_CATALOG
        .replace("capacity_per_day = 40", "capacity_per_day = 0")
        .replace(
            "perubahan = [\"req-kk-old\", \"req-event-proof\"]",
            "perubahan = [\"req-kk-old\"]\npindahan = [\"req-kk\"]",
        )
        .replace("aliases.en = [\"family card\", \"family register\"]", "aliases.en = [\"family card\", \"id card\"]")
        .replace(
            "reasons = [\"baru\", \"rusak\", \"hilang\"]",
            "reasons = [\"baru\", \"rusak\", \"hilang\", \"dicuri\"]",
        );
    let holidays = EMBEDDED_HOLIDAYS.replace("2026-01-16", "2026-01-01").replace(
        "kind = \"libur\"\n\n[[holiday]]\ndate = \"2026-02-16\"",
        "kind = \"libur-nasional\"\n\n[[holiday]]\ndate = \"2026-02-16\"",
    );
    let errors = Catalog::load(&broken, &holidays, None).expect_err("broken catalog is rejected");
    let all = errors.join("\n");
    assert!(all.contains("capacity_per_day"), "{all}");
    assert!(all.contains("reason `pindahan`, which is not allowed"), "{all}");
    assert!(all.contains("alias `id card` (en) belongs to both document `ktp_el` and document `kk`"), "{all}");
    assert!(all.contains("unknown reason `dicuri`"), "{all}");
    assert!(all.contains("no requirements for reason `dicuri`"), "{all}");
    assert!(all.contains("2026-01-01 is listed twice"), "{all}");
    assert!(all.contains("kind must be"), "{all}");
}

#[test]
fn reports_mistakes_in_desa_and_reason_words() {
    let broken = EMBEDDED_CATALOG
        .replace("code = \"32.01.14.2005\"", "code = \"3201142005\"")
        .replace("code = \"32.01.14.2011\"", "code = \"32.01.14.2010\"")
        .replace("reason_aliases.baru.en = [\"born\"]", "reason_aliases.perubahan.en = [\"born\"]")
        .replace("aliases = [\"barengkok\"]", "aliases = [\"barengkok\", \"kk\"]");
    let errors = Catalog::load(&broken, EMBEDDED_HOLIDAYS, None).expect_err("broken catalog is rejected").join("\n");
    assert!(errors.contains("desa `karacak`: code `3201142005` is not a Kemendagri desa code"), "{errors}");
    assert!(errors.contains("desa `karehkel` and `cibeber_2` share the code `32.01.14.2010`"), "{errors}");
    assert!(errors.contains("document `akta_kelahiran` has reason_aliases for reason `perubahan`"), "{errors}");
    assert!(errors.contains("alias `kk` (id) belongs to both document `kk` and desa `barengkok`"), "{errors}");
}

#[test]
fn the_desa_and_reading_words_load() {
    let catalog = Catalog::embedded(None).expect("embedded catalog loads");
    assert_eq!(catalog.desa.len(), 11, "the 11 desa of Kecamatan Leuwiliang");
    assert!(catalog.desa.iter().all(|it| it.code.starts_with("32.01.14.20")));
    assert_eq!(catalog.desa("cibeber_1").map(|it| it.code.as_str()), Some("32.01.14.2009"));
    let kk: Vec<(&[String], bool)> =
        catalog.reading.kk_number.iter().map(|it| (it.words.as_slice(), it.colon)).collect();
    assert!(kk.contains(&(&["kk".to_owned()][..], true)), "`kk:` needs its colon");
    assert!(kk.contains(&(&["no".to_owned(), "kk".to_owned()][..], false)));
}

#[test]
fn reports_unknown_message_ids_against_locales() {
    let locales = cekbae_bot::Locales::from_sources(
        "id",
        vec![cekbae_bot::FtlSource {
            locale: "id".into(),
            path: "id/x.ftl".into(),
            text: "doc-ktp_el = KTP-el\n".into(),
        }],
    )
    .expect("tiny locale loads");
    let errors = Catalog::embedded(Some(&locales)).expect_err("most ids are missing");
    assert!(errors.iter().any(|e| e.contains("message `req-kk-copy` is missing in locale `id`")), "{errors:?}");
    assert!(!errors.iter().any(|e| e.contains("`doc-ktp_el`")), "{errors:?}");
}

#[test]
fn reports_toml_syntax_errors() {
    let errors = Catalog::load("[office\nname = 1", EMBEDDED_HOLIDAYS, None).expect_err("syntax error");
    assert!(errors[0].starts_with("catalog.toml:"), "{errors:?}");
}

#[test]
fn reports_office_details_that_cannot_be_right() {
    let broken = EMBEDDED_CATALOG
        .replace("latitude = -6.57677", "latitude = 106.635715")
        .replace("postal_code = \"16640\"", "postal_code = \"1664\"")
        .replace(
            "email = \"kecleuwiliang@bogorkab.go.id\"",
            "email = \"kecleuwiliang at bogorkab\"\nphone = \"tanya pak RT\"",
        );
    let errors = Catalog::load(&broken, EMBEDDED_HOLIDAYS, None).expect_err("broken office is rejected").join("\n");
    assert!(errors.contains("office.latitude 106.635715 is not between -90 and 90"), "{errors}");
    assert!(errors.contains("office.postal_code `1664` is not five digits"), "{errors}");
    assert!(errors.contains("office.email `kecleuwiliang at bogorkab` is not an e-mail address"), "{errors}");
    assert!(errors.contains("office.phone `tanya pak RT` is not a telephone number"), "{errors}");
    let office = Catalog::embedded(None).expect("catalog").office;
    assert_eq!((office.latitude, office.longitude, office.phone), (-6.57677, 106.635715, None));
}
