//! The checks behind the coverage-guided fuzz targets in `fuzz/`: each takes
//! arbitrary bytes, runs one way untrusted input enters cekbae, and panics if
//! an invariant breaks. libFuzzer calls them (`cargo fuzz run <target>`); the
//! corpus replay test calls them on every stored input, so CI checks the
//! corpus on stable Rust.

use std::io::Cursor;
use std::sync::OnceLock;

use cekbae_adapter_whatsapp::{payload, signature};
use cekbae_bot::{text, GlobalWords};
use cekbae_dialogues::catalog::Catalog;
use cekbae_dialogues::nik::{inspect, strip_separators, NikError};
use cekbae_dialogues::understand::Understanding;
use chrono::NaiveDate;

/// One check: arbitrary bytes in, a panic when an invariant breaks.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name (as in `fuzz/targets/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`).
pub const TARGETS: [(&str, Check); 5] = [
    ("understand", understand),
    ("nik", nik),
    ("whatsapp_payload", whatsapp_payload),
    ("telegram_update", telegram_update),
    ("console_line", console_line),
];

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded(None).expect("the embedded catalog loads"))
}

fn understanding() -> &'static Understanding {
    static UNDERSTANDING: OnceLock<Understanding> = OnceLock::new();
    UNDERSTANDING.get_or_init(|| Understanding::new(catalog()))
}

fn words() -> &'static GlobalWords {
    static WORDS: OnceLock<GlobalWords> = OnceLock::new();
    WORDS.get_or_init(GlobalWords::builtin)
}

/// A resident's message: the normaliser, masking, global words and the
/// understanding of the adminduk dialogue.
pub fn understand(data: &[u8]) {
    let message = String::from_utf8_lossy(data);
    let tokens = text::tokens(&message);
    for token in &tokens {
        assert!(!token.is_empty() && token.chars().all(char::is_alphanumeric), "token {token:?}");
    }
    let masked = text::mask_long_numbers(&message);
    assert_eq!(masked.chars().count(), message.chars().count(), "masking keeps the length");
    for run in text::digit_runs(&masked) {
        assert!(run.len() < 10, "a run of {} digits survived masking", run.len());
    }
    let _ = text::menu_number(&tokens);
    let _ = words().said(&tokens);
    let _ = words().detect(&message);
    let _ = words().language_of(&message);
    let parsed = understanding().parse(&message);
    if let Some(document) = &parsed.document {
        assert!(catalog().document(document).is_some(), "unknown document {document}");
    }
    if let Some(nik) = &parsed.nik {
        assert!(nik.len() == 16 && nik.bytes().all(|b| b.is_ascii_digit()), "nik {nik:?}");
    }
    if let Some(topic) = &parsed.question {
        assert!(catalog().questions.topic(topic).is_some(), "unknown question topic {topic}");
    }
    day(&message);
}

/// The schedule step's reading of a day: any date it names is a real date of this century.
fn day(message: &str) {
    use cekbae_dialogues::schedule::day_words::DayRef;
    use chrono::Datelike;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    if let Some(DayRef::Date(date)) = catalog().day_words.read(message, today) {
        assert!((2000..=2100).contains(&date.year()), "day {date} read from {message:?}");
    }
}

/// `cekbae nik` and the NIK step: the verdict follows from the input's digits.
pub fn nik(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date");
    let report = inspect(&input, today);
    let stripped = strip_separators(&input);
    let all_digits = stripped.bytes().all(|b| b.is_ascii_digit());
    match report.error {
        None => {
            assert_eq!(report.digits.as_deref(), Some(stripped.as_str()), "a valid NIK is its digits");
            assert!(stripped.len() == 16 && all_digits);
            assert!(report.birth_date.is_some_and(|date| date <= today), "a valid NIK has a past birth date");
        }
        Some(NikError::NotDigits) => assert!(!all_digits, "{input:?} has only digits"),
        Some(NikError::Length { found }) => assert!(all_digits && found == stripped.len() && found != 16),
        Some(_) => assert!(all_digits && stripped.len() == 16, "a structural error needs 16 digits"),
    }
}

/// A WhatsApp webhook body and its signature header.
pub fn whatsapp_payload(data: &[u8]) {
    let _ = payload::events(data);
    // The same bytes as a signature header must not pass for any body but by chance of equality.
    let header = String::from_utf8_lossy(data);
    let good = signature::sign(b"secret", data);
    assert_eq!(signature::verify(b"secret", data, Some(&header)), header == good);
    assert!(signature::verify(b"secret", data, Some(&good)));
}

/// A Telegram update body (webhook mode and polling read the same type).
pub fn telegram_update(data: &[u8]) {
    if let Ok(update) = serde_json::from_slice::<teloxide::types::Update>(data) {
        let _ = cekbae_adapter_telegram::updates::read(&update);
    }
    let _ = cekbae_adapter_telegram::updates::command_text(&String::from_utf8_lossy(data));
}

/// The console's line reader: bounded lines, never a newline inside one.
pub fn console_line(data: &[u8]) {
    let mut input = Cursor::new(data);
    let mut lines = 0usize;
    while let Some(line) = cekbae_adapter_console::read_line(&mut input).expect("reading from memory") {
        assert!(line.len() <= 4 * 64 * 1024, "a line is capped");
        assert!(!line.contains('\n'));
        lines += 1;
        assert!(lines <= data.len() + 1);
    }
}
