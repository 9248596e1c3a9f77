//! Property tests of update reading and slash commands: a text message or a button
//! press is read as exactly that, whatever its content and chat; other updates are
//! ignored; slash commands become global words and other text stays as typed.

use cekbae_adapter_telegram::updates::{command_text, read, sent_at, Inbound};
use proptest::prelude::*;
use teloxide::types::Update;

fn update(body: serde_json::Value) -> Update {
    serde_json::from_str(&body.to_string()).expect("a well-formed update")
}

proptest! {
    #[test]
    fn a_text_message_is_read_as_its_text(text in any::<String>(), id in any::<u32>(), chat in any::<i64>(), date in 1..4_000_000_000i64) {
        prop_assume!(!text.is_empty());
        let body = serde_json::json!({"update_id": id, "message": {"message_id": 1, "date": date,
            "chat": {"id": chat, "type": "private", "first_name": "Warga"},
            "from": {"id": 5, "is_bot": false, "first_name": "Warga"}, "text": text}});
        let update = update(body);
        prop_assert_eq!(read(&update), Inbound::Text { chat, text: command_text(&text) });
        prop_assert_eq!(sent_at(&update).map(|it| it.timestamp()), Some(date));
    }

    #[test]
    fn a_button_press_is_read_as_its_data(data in any::<String>(), id in any::<u32>(), chat in any::<i64>(), date in 1..4_000_000_000i64) {
        let body = serde_json::json!({"update_id": id, "callback_query": {"id": "q", "chat_instance": "c",
            "from": {"id": 1, "is_bot": false, "first_name": "x"}, "data": data,
            "message": {"message_id": 9, "date": date, "chat": {"id": chat, "type": "private", "first_name": "Warga"},
                "from": {"id": 5, "is_bot": true, "first_name": "Bot"}, "text": "Menu"}}});
        let update = update(body);
        match read(&update) {
            Inbound::Choice { chat: got_chat, data: got, .. } => {
                prop_assert_eq!(got_chat, chat);
                prop_assert_eq!(got, data);
            }
            other => prop_assert!(false, "{:?}", other),
        }
        prop_assert_eq!(sent_at(&update).map(|it| it.timestamp()), Some(date), "a press is dated by its menu");
    }

    #[test]
    fn text_that_is_not_a_command_is_left_as_typed(text in any::<String>()) {
        prop_assume!(!text.trim().starts_with('/'));
        prop_assert_eq!(command_text(&text), text);
    }

    #[test]
    fn commands_become_global_words_in_any_group_and_case(
        (command, word) in proptest::sample::select(vec![("start", "halo"), ("menu", "menu"), ("batal", "batal"), ("cancel", "batal"), ("bahasa", "bahasa"), ("help", "bantuan"), ("kembali", "kembali"), ("petugas", "petugas")]),
        bot in proptest::option::of("[a-z_]{3,20}"),
        upper in any::<bool>(),
    ) {
        let mut typed = format!("/{command}");
        if upper {
            typed = typed.to_uppercase();
        }
        if let Some(bot) = bot {
            typed = format!("{typed}@{bot}");
        }
        prop_assert_eq!(command_text(&typed), word);
    }

    #[test]
    fn any_body_is_read_or_refused_without_panicking(text in any::<String>()) {
        if let Ok(update) = serde_json::from_str::<Update>(&text) {
            let _ = read(&update);
            let _ = sent_at(&update);
        }
    }
}
