//! Deep links: `https://t.me/<bot username>?start=<payload>` opens the bot, and
//! pressing Start sends it `/start <payload>` ([`crate::updates::command_text`]
//! hands the payload on as a [`cekbae_bot::link_tag`]). Built from the bot's
//! username setting alone: making a link never calls Telegram.

use cekbae_bot::link_tag;

/// The setting that holds the bot's username (from BotFather, e.g. `cekbae_leuwiliang_bot`).
pub const BOT_USERNAME: &str = "TELEGRAM_BOT_USERNAME";

/// The bot's username from the setting's value: an `@` or a `https://t.me/` in front is
/// dropped; 5–32 letters, digits and underscores, ending in `bot` as Telegram requires.
pub fn bot_username(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    let name = name.strip_prefix("https://t.me/").or_else(|| name.strip_prefix("t.me/")).unwrap_or(name);
    let name = name.trim_start_matches('@').trim_end_matches('/');
    let valid = (5..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.to_ascii_lowercase().ends_with("bot");
    match valid {
        true => Ok(name.to_owned()),
        false => Err(format!(
            "{BOT_USERNAME} `{raw}` is not a bot username: 5-32 letters, digits and _, ending in `bot` \
             (as BotFather gave it, e.g. cekbae_leuwiliang_bot)"
        )),
    }
}

/// `https://t.me/<username>?start=`: a private chat with the bot, greeted by `/start`.
pub fn base(username: &str) -> String {
    format!("https://t.me/{username}?start=")
}

/// `https://t.me/<username>?start=<payload>`; the payload must be a
/// [`link_tag::is_payload`] (1–64 characters of `A-Z a-z 0-9 _ -`).
pub fn link(username: &str, payload: &str) -> Result<String, String> {
    match link_tag::is_payload(payload) {
        true => Ok(format!("https://t.me/{username}?start={payload}")),
        false => Err(format!(
            "`{payload}` cannot be a Telegram start parameter: use 1-{} characters of A-Z, a-z, 0-9, _ and -",
            link_tag::MAX_PAYLOAD
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_checked_and_cleaned() {
        assert_eq!(bot_username("@cekbae_bot").as_deref(), Ok("cekbae_bot"));
        assert_eq!(bot_username("https://t.me/CekBaeBot").as_deref(), Ok("CekBaeBot"));
        assert!(bot_username("cekbae").unwrap_err().contains(BOT_USERNAME));
        assert!(bot_username("bad name bot").is_err());
    }

    #[test]
    fn links_carry_a_valid_start_parameter() {
        assert_eq!(link("cekbae_bot", "desa-karacak").as_deref(), Ok("https://t.me/cekbae_bot?start=desa-karacak"));
        assert!(link("cekbae_bot", "KTP BARU").unwrap_err().contains("A-Z, a-z, 0-9"));
        assert!(link("cekbae_bot", &"x".repeat(65)).is_err());
    }
}
