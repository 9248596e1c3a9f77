//! Commands as whole messages, everyday intents, and language detection.

use super::*;

fn command(text: &str) -> Option<Command> {
    GlobalWords::builtin().detect(text)
}

fn intent(text: &str) -> Option<Intent> {
    GlobalWords::builtin().intent(&text::tokens(text))
}

#[test]
fn detects_commands_only_as_the_whole_message() {
    assert_eq!(command("Menu"), Some(Command::Menu));
    assert_eq!(command("kembali dong"), Some(Command::Back));
    assert_eq!(command("BATAL!!"), Some(Command::Cancel));
    assert_eq!(command("gak jadi deh"), Some(Command::Cancel));
    assert_eq!(command("tolong"), Some(Command::Help));
    assert_eq!(command("bahasa"), Some(Command::Language(None)));
    assert_eq!(command("basa sunda"), Some(Command::Language(Some("su".into()))));
    assert_eq!(command("punten, nganggo basa sunda"), Some(Command::Language(Some("su".into()))));
    assert_eq!(command("mau ke petugas"), Some(Command::Human));
    assert_eq!(command("kembali ke menu"), Some(Command::Menu));
    assert_eq!(command("ktp saya hilang mau bikin kembali"), None);
    assert_eq!(command("ktp"), None);
}

#[test]
fn reads_yes_and_no_only_as_the_whole_message() {
    for text in ["ya", "iyaaa", "Y", "ok sip", "muhun", "sumuhun leres", "betul"] {
        assert_eq!(intent(text), Some(Intent::Yes), "{text}");
    }
    for text in ["tidak", "gak", "ga", "bukan", "henteu", "sanes", "tdk"] {
        assert_eq!(intent(text), Some(Intent::No), "{text}");
    }
    assert_eq!(intent("chip ktp ga kebaca"), None);
    assert_eq!(intent("sabtu buka gak"), None);
}

#[test]
fn reads_greetings_where_a_message_begins_and_thanks_where_it_ends() {
    assert_eq!(intent("halo min"), Some(Intent::Greeting));
    assert_eq!(intent("Assalamualaikum, ktp saya hilang"), Some(Intent::Greeting));
    assert_eq!(intent("punten"), Some(Intent::Greeting));
    assert_eq!(intent("hatur nuhun"), Some(Intent::Thanks));
    assert_eq!(intent("ok makasih ya"), Some(Intent::Thanks));
    assert_eq!(intent("ktp hilang"), None);
}

#[test]
fn detects_the_language_a_resident_writes_in() {
    let words = GlobalWords::builtin();
    assert_eq!(words.language_of("ktp abdi ical"), Some("su"));
    assert_eq!(words.language_of("punten, abdi hoyong nyieun kk"), Some("su"));
    assert_eq!(words.language_of("KTP téh leungit atuh"), Some("su"), "particles count");
    assert_eq!(words.language_of("ktp saya hilang kemarin"), Some("id"));
    assert_eq!(words.language_of("my id card is lost"), Some("en"));
    assert_eq!(words.language_of("punten min"), None, "one word is not enough");
    assert_eq!(words.language_of("ktp"), None);
    assert_eq!(words.language_of("3201014502900003"), None);
}

#[test]
fn rejects_unknown_commands_and_intents() {
    let errors = GlobalWords::parse(
        "fillers = []\n[commands.dance]\nid = [\"joget\"]\n[intents.shrug]\nid = [\"entah\"]\n[languages.id]\naliases = [\"indonesia\"]\n",
    )
    .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
}
