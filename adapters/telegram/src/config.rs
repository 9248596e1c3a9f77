//! The `TELEGRAM_*` settings.

/// Everything the adapter needs.
#[derive(Clone)]
pub struct TelegramConfig {
    /// `TELEGRAM_BOT_TOKEN`, from BotFather.
    pub bot_token: String,
    /// `TELEGRAM_API_URL`: the Bot API address; Telegram's own when `None`.
    pub api_url: Option<String>,
    /// `TELEGRAM_WEBHOOK_URL`: when set, updates come to `POST /webhook/telegram`
    /// (this public HTTPS address) instead of long polling.
    pub webhook_url: Option<String>,
    /// `TELEGRAM_SECRET_TOKEN`: checked in `X-Telegram-Bot-Api-Secret-Token` in webhook mode.
    pub secret_token: Option<String>,
}

impl std::fmt::Debug for TelegramConfig {
    // The token is a password; it never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("api_url", &self.api_url)
            .field("webhook_url", &self.webhook_url)
            .finish_non_exhaustive()
    }
}

impl TelegramConfig {
    /// Reads the settings; `Ok(None)` when `TELEGRAM_BOT_TOKEN` is not set (Telegram is off).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, String> {
        let get = |name: &str| lookup(name).map(|it| it.trim().to_owned()).filter(|it| !it.is_empty());
        let Some(bot_token) = get("TELEGRAM_BOT_TOKEN") else { return Ok(None) };
        let webhook_url = get("TELEGRAM_WEBHOOK_URL");
        let secret_token = get("TELEGRAM_SECRET_TOKEN");
        if webhook_url.is_some() {
            match &secret_token {
                None => return Err("TELEGRAM_WEBHOOK_URL is set: TELEGRAM_SECRET_TOKEN is required too".into()),
                Some(secret) if !valid_secret(secret) => {
                    return Err("TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z, a-z, 0-9, _ and -".into())
                }
                Some(_) => {}
            }
        }
        Ok(Some(Self { bot_token, api_url: get("TELEGRAM_API_URL"), webhook_url, secret_token }))
    }

    /// Whether updates come by webhook rather than long polling.
    pub fn uses_webhook(&self) -> bool {
        self.webhook_url.is_some()
    }
}

fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_mode_needs_a_valid_secret() {
        assert!(TelegramConfig::from_lookup(|_| None).unwrap().is_none());
        let polling =
            TelegramConfig::from_lookup(|n| (n == "TELEGRAM_BOT_TOKEN").then(|| "1:x".into())).unwrap().unwrap();
        assert!(!polling.uses_webhook());
        let err = TelegramConfig::from_lookup(|n| match n {
            "TELEGRAM_BOT_TOKEN" => Some("1:x".into()),
            "TELEGRAM_WEBHOOK_URL" => Some("https://bot.example/webhook/telegram".into()),
            _ => None,
        })
        .unwrap_err();
        assert!(err.contains("TELEGRAM_SECRET_TOKEN"));
        let bad = TelegramConfig::from_lookup(|n| match n {
            "TELEGRAM_BOT_TOKEN" => Some("1:x".into()),
            "TELEGRAM_WEBHOOK_URL" => Some("https://x".into()),
            "TELEGRAM_SECRET_TOKEN" => Some("has space".into()),
            _ => None,
        });
        assert!(bad.is_err());
        assert!(!format!("{polling:?}").contains("1:x"));
    }
}
