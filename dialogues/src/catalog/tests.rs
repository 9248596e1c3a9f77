//! Catalog validation: the shipped data loads, and every kind of mistake is reported at once.

use super::*;

#[test]
fn embedded_catalog_is_valid() {
    let catalog = Catalog::embedded(None).expect("embedded catalog loads");
    let ids: Vec<&str> = catalog.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["ktp_el", "kk", "akta_kelahiran", "akta_kematian", "pindah", "kia"]);
    assert_eq!(catalog.schedule.capacity_per_day, 40);
    assert_eq!(catalog.schedule.timezone, chrono_tz::Asia::Jakarta);
    let nov_holidays = catalog.holidays.keys().filter(|d| d.format("%Y").to_string() == "2026").count();
    assert_eq!(nov_holidays, 25, "17 libur nasional + 8 cuti bersama in 2026");
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
