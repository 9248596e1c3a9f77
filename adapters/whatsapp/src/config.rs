//! The `WHATSAPP_*` settings, from the environment or `cekbae.toml` (`[whatsapp]`).

use serde::Deserialize;

/// Graph API base used when `WHATSAPP_API_BASE` is not set.
pub const DEFAULT_API_BASE: &str = "https://graph.facebook.com/v25.0";

/// Everything the adapter needs to receive and send.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsAppConfig {
    /// `WHATSAPP_VERIFY_TOKEN`: echoed back in Meta's subscription check.
    pub verify_token: String,
    /// `WHATSAPP_APP_SECRET`: the key of `X-Hub-Signature-256`.
    pub app_secret: String,
    /// `WHATSAPP_ACCESS_TOKEN`: bearer token for sending.
    pub access_token: String,
    /// `WHATSAPP_PHONE_NUMBER_ID`: the sender; webhooks for other numbers are ignored.
    pub phone_number_id: String,
    /// `WHATSAPP_API_BASE`: default [`DEFAULT_API_BASE`]; tests point it at a fake.
    #[serde(default = "default_api_base")]
    pub api_base: String,
}

fn default_api_base() -> String {
    DEFAULT_API_BASE.to_owned()
}

impl std::fmt::Debug for WhatsAppConfig {
    // Secrets never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsAppConfig")
            .field("phone_number_id", &self.phone_number_id)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

/// The environment variables, in the order they are documented.
pub const VARIABLES: [&str; 5] = [
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_API_BASE",
];

impl WhatsAppConfig {
    /// The messages endpoint: `{api_base}/{phone_number_id}/messages`.
    pub fn messages_url(&self) -> String {
        format!("{}/{}/messages", self.api_base.trim_end_matches('/'), self.phone_number_id)
    }

    /// Builds the settings from `lookup` (environment first, then the file).
    /// `Ok(None)` when none of the required four is set: WhatsApp is off.
    /// An error names every required variable that is missing.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, String> {
        let get = |name: &str| lookup(name).filter(|it| !it.trim().is_empty());
        let required = &VARIABLES[..4];
        let values: Vec<Option<String>> = required.iter().map(|name| get(name)).collect();
        if values.iter().all(Option::is_none) {
            return Ok(None);
        }
        let missing: Vec<&str> =
            required.iter().zip(&values).filter(|(_, value)| value.is_none()).map(|(name, _)| *name).collect();
        if !missing.is_empty() {
            return Err(format!("WhatsApp is partly configured; missing: {}", missing.join(", ")));
        }
        let mut values = values.into_iter().flatten();
        let mut next = || values.next().unwrap_or_default();
        Ok(Some(Self {
            verify_token: next(),
            app_secret: next(),
            access_token: next(),
            phone_number_id: next(),
            api_base: get(VARIABLES[4]).unwrap_or_else(default_api_base),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_or_nothing_and_names_what_is_missing() {
        assert!(WhatsAppConfig::from_lookup(|_| None).unwrap().is_none());
        let err =
            WhatsAppConfig::from_lookup(|name| (name == "WHATSAPP_VERIFY_TOKEN").then(|| "v".into())).unwrap_err();
        assert!(err.contains("WHATSAPP_APP_SECRET") && err.contains("WHATSAPP_PHONE_NUMBER_ID"), "{err}");
        let config = WhatsAppConfig::from_lookup(|name| Some(format!("{name}-value"))).unwrap().unwrap();
        assert_eq!(config.messages_url(), "WHATSAPP_API_BASE-value/WHATSAPP_PHONE_NUMBER_ID-value/messages");
        assert!(!format!("{config:?}").contains("WHATSAPP_APP_SECRET-value"), "secrets are not printed");
        let config =
            WhatsAppConfig::from_lookup(|name| (name != "WHATSAPP_API_BASE").then(|| "x".into())).unwrap().unwrap();
        assert_eq!(config.api_base, DEFAULT_API_BASE);
    }
}
