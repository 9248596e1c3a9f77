//! Locale and dialogue data checks: what translators and staff edit is validated, and mistakes are found.

use std::path::Path;

use crate::harness::{cekbae, repo_root};

/// Copies `locales/` and `dialogues/adminduk/` into a temp dir so a test can break them.
fn copy_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for locale in ["id", "su", "en"] {
        let from = repo_root().join("locales").join(locale);
        let to = dir.path().join("locales").join(locale);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    let to = dir.path().join("dialogues/adminduk");
    std::fs::create_dir_all(&to).unwrap();
    for name in ["catalog.toml", "holidays.toml", "day_words.toml", "questions.toml"] {
        std::fs::copy(repo_root().join("dialogues/adminduk").join(name), to.join(name)).unwrap();
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn check(dir: &Path) -> crate::harness::Run {
    let locales = dir.join("locales");
    let dialogues = dir.join("dialogues");
    cekbae(&["check", "--locales", locales.to_str().unwrap(), "--dialogues", dialogues.to_str().unwrap()], "")
}

#[test]
fn check_reports_every_kind_of_problem_at_once() {
    let dir = copy_data();
    let p = dir.path();
    // A message only in su; a variable renamed in en; a syntax error in su; a message the dialogue uses removed from id.
    let su = p.join("locales/su/adminduk.ftl");
    std::fs::write(&su, format!("{}\nadminduk-only-in-sunda = Punten\n", std::fs::read_to_string(&su).unwrap()))
        .unwrap();
    edit(&p.join("locales/en/adminduk.ftl"), "{ $ticket }", "{ $tiket }");
    std::fs::write(p.join("locales/su/broken.ftl"), "adminduk-broken = { $unclosed\n").unwrap();
    edit(&p.join("locales/id/adminduk.ftl"), "req-kk-copy =", "req-kk-fotokopi =");
    let run = check(p);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = run.stdout;
    assert!(out.contains("`adminduk-only-in-sunda` is in `su` but not in `id`"), "{out}");
    assert!(
        out.contains("`adminduk-upcoming-ticket` uses variables {$date, $tiket} but `id` uses {$date, $ticket}"),
        "{out}"
    );
    assert!(out.contains("broken.ftl: syntax error"), "{out}");
    assert!(out.contains("`req-kk-copy` is used by the program but missing in `id`"), "{out}");
}

#[test]
fn check_reports_catalog_mistakes() {
    let dir = copy_data();
    let p = dir.path();
    edit(
        &p.join("dialogues/adminduk/catalog.toml"),
        "rusak = [\"req-kia-damaged\",",
        "perubahan = [\"req-kk\"]\nrusak = [\"req-kia-damaged\",",
    );
    edit(&p.join("dialogues/adminduk/catalog.toml"), "aliases.id = [\"kia\",", "aliases.id = [\"ktp\", \"kia\",");
    edit(
        &p.join("dialogues/adminduk/catalog.toml"),
        "\"req-child-photo\"]",
        "\"req-child-photo\", \"req-does-not-exist\"]",
    );
    let run = check(p);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("reason `perubahan`, which is not allowed for it"), "{}", run.stdout);
    assert!(run.stdout.contains("alias `ktp` (id) belongs to both"), "{}", run.stdout);
    assert!(run.stdout.contains("`req-does-not-exist`"), "{}", run.stdout);
}

#[test]
fn check_reports_catalog_syntax_and_unknown_keys() {
    let dir = copy_data();
    let p = dir.path();
    edit(
        &p.join("dialogues/adminduk/catalog.toml"),
        "ticket_prefix = \"LWL\"",
        "ticket_prefix = \"LWL\"\nunknown_key = 1",
    );
    edit(&p.join("dialogues/adminduk/holidays.toml"), "date = \"2026-01-16\"", "date = \"2026-16-01\"");
    let run = check(p);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("unknown field `unknown_key`"), "{}", run.stdout);
    assert!(run.stdout.contains("`2026-16-01` is not a date"), "{}", run.stdout);
}

#[test]
fn check_reports_question_mistakes() {
    let dir = copy_data();
    let p = dir.path();
    let questions = p.join("dialogues/adminduk/questions.toml");
    // An answer only in su, an answer for a document the catalog lacks, an alias two
    // topics share, an alias that is a document's, and the office's coordinates swapped.
    edit(&questions, "answer = \"answer-bot\"", "answer = \"answer-bot-baru\"");
    let su = p.join("locales/su/adminduk.ftl");
    std::fs::write(&su, format!("{}\nanswer-bot-baru = Ieu bot\n", std::fs::read_to_string(&su).unwrap())).unwrap();
    edit(&questions, "kia = \"answer-proxy-kia\"", "kia = \"answer-proxy-kia\"\nsktm = \"answer-proxy\"");
    edit(
        &questions,
        "aliases.en = [\"real person\",",
        "aliases.en = [\"how long\", \"kartu keluarga\", \"real person\",",
    );
    edit(&p.join("dialogues/adminduk/catalog.toml"), "latitude = -6.57677", "latitude = 106.635715");
    let run = check(p);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = run.stdout;
    assert!(out.contains("questions.toml: message `answer-bot-baru` is missing in locale `id`"), "{out}");
    assert!(out.contains("topic `proxy` answers unknown document `sktm`"), "{out}");
    assert!(out.contains("alias `how long` belongs to both topic `duration` and topic `bot`"), "{out}");
    assert!(out.contains("alias `kartu keluarga` of topic `bot` is also an alias of document `kk`"), "{out}");
    assert!(out.contains("office.latitude 106.635715 is not between -90 and 90"), "{out}");
}

#[test]
fn every_ftl_file_is_built_into_the_binary() {
    let embedded: Vec<String> = cekbae_dialogues::embedded::locale_sources()
        .iter()
        .map(|s| format!("{}/{}", s.locale, s.path.file_name().unwrap().to_string_lossy()))
        .collect();
    for locale in ["id", "su", "en"] {
        for entry in std::fs::read_dir(repo_root().join("locales").join(locale)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let key = format!("{locale}/{name}");
            assert!(embedded.contains(&key), "{key} is not listed in dialogues/src/embedded.rs");
        }
    }
    for source in cekbae_dialogues::embedded::locale_sources() {
        let on_disk = repo_root().join("locales").join(&source.locale).join(source.path.file_name().unwrap());
        assert_eq!(std::fs::read_to_string(on_disk).unwrap(), source.text);
    }
}

#[test]
fn sundanese_and_english_are_complete() {
    let sources = cekbae_dialogues::embedded::locale_sources();
    for locale in ["su", "en"] {
        let missing = cekbae_bot::i18n_check::untranslated("id", locale, &sources);
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
    }
}

#[test]
fn edited_holidays_and_texts_take_effect_without_rebuilding() {
    // Staff close the office on Monday 30 November; a translator rewords the NIK question.
    let dir = copy_data();
    let p = dir.path();
    let holidays = p.join("dialogues/adminduk/holidays.toml");
    let text = std::fs::read_to_string(&holidays).unwrap();
    std::fs::write(
        &holidays,
        format!("{text}\n[[holiday]]\ndate = \"2026-11-30\"\nname = \"Rapat kerja\"\nkind = \"cuti_bersama\"\n"),
    )
    .unwrap();
    edit(&p.join("locales/id/adminduk.ftl"), "adminduk-nik-ask = Silakan kirim", "adminduk-nik-ask = Mohon kirim");
    let data = p.join("data");
    let run = cekbae(
        &[
            "console",
            "--json",
            "--data",
            data.to_str().unwrap(),
            "--now",
            "2026-11-30T08:00:00+07:00",
            "--locales",
            p.join("locales").to_str().unwrap(),
            "--dialogues",
            p.join("dialogues").to_str().unwrap(),
        ],
        "ktp hilang\n3201014502900003\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].contains("Mohon kirim *NIK*"), "{}", lines[0]);
    assert!(lines[1].contains("1. Selasa, 1 Desember 2026"), "{}", lines[1]);
    assert!(!lines[1].contains("Senin, 30 November"), "{}", lines[1]);
}

#[test]
fn a_broken_data_file_stops_the_bot_with_every_problem_listed() {
    let dir = copy_data();
    let p = dir.path();
    edit(&p.join("dialogues/adminduk/catalog.toml"), "capacity_per_day = 40", "capacity_per_day = 0");
    edit(&p.join("dialogues/adminduk/catalog.toml"), "opens = \"07:30\"", "opens = \"7.30 pagi\"");
    let run = cekbae(
        &["console", "--data", p.join("data").to_str().unwrap(), "--dialogues", p.join("dialogues").to_str().unwrap()],
        "halo\n",
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("capacity_per_day must be at least 1"), "{}", run.stderr);
    assert!(run.stderr.contains("schedule.opens `7.30 pagi` is not HH:MM"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing is said to residents: {}", run.stdout);
}

#[test]
fn check_reports_day_word_and_calendar_mistakes() {
    let dir = copy_data();
    let p = dir.path();
    // A Sundanese Wednesday that is also Monday; a year claimed without its holidays.
    edit(&p.join("dialogues/adminduk/day_words.toml"), "su = [\"rebo\"]", "su = [\"senin\"]");
    edit(&p.join("dialogues/adminduk/holidays.toml"), "known_until = \"2027-12-31\"", "known_until = \"2028-06-30\"");
    let run = check(p);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("day_words.toml: `senin` means both weekday Mon and weekday Wed"), "{}", run.stdout);
    assert!(run.stdout.contains("known_until is 2028-06-30 but no libur is listed for 2028"), "{}", run.stdout);
}
