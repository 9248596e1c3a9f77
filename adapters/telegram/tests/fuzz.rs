//! Property tests of update reading and slash commands: any update JSON, any text, no panic.

use cekbae_adapter_telegram::updates::{command_text, read};
use proptest::prelude::*;
use teloxide::types::Update;

proptest! {
    #[test]
    fn any_update_body_is_read_without_panicking(text in any::<String>(), data in any::<String>(), id in any::<u32>(), chat in any::<i64>()) {
        let bodies = [
            serde_json::json!({"update_id": id, "message": {"message_id": 1, "date": 1, "chat": {"id": chat, "type": "private", "first_name": text}, "text": text}}),
            serde_json::json!({"update_id": id, "callback_query": {"id": text, "chat_instance": "c", "from": {"id": 1, "is_bot": false, "first_name": "x"}, "data": data}}),
            serde_json::json!({"update_id": id, "edited_message": text}),
        ];
        for body in bodies {
            if let Ok(update) = serde_json::from_str::<Update>(&body.to_string()) {
                let _ = read(&update);
            }
        }
        let _ = serde_json::from_str::<Update>(&text);
        let _ = command_text(&text);
    }
}
