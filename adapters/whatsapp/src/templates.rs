//! Approved message templates: which template serves each purpose (`[whatsapp.templates]` in
//! `cekbae.toml`, or `WHATSAPP_TEMPLATE_<PURPOSE>`), and the Graph API body of a template message. Outside
//! the 24 hours after a resident's last message WhatsApp takes nothing else from a business.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use cekbae_bot::proactive::{purpose, Proactive};
use cekbae_bot::Choice;

/// The template language when none is set: WhatsApp has no Sundanese templates.
pub const DEFAULT_LANGUAGE: &str = "id";

/// The settings key of the template language (`language`, `WHATSAPP_TEMPLATE_LANGUAGE`).
pub const LANGUAGE_KEY: &str = "language";

/// Which approved template serves each purpose, and their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSettings {
    /// The language code the templates were approved in (`id`).
    pub language: String,
    /// Purpose → template name; a purpose without one is not sent outside the window.
    pub names: BTreeMap<String, String>,
}

impl Default for TemplateSettings {
    fn default() -> Self {
        Self { language: DEFAULT_LANGUAGE.to_owned(), names: BTreeMap::new() }
    }
}

impl TemplateSettings {
    /// Reads the settings through `lookup`, which maps a key of `[whatsapp.templates]` (`language`,
    /// `reminder`, `ready`, `cancelled`, `handover_reply`) to its value (environment first, then the file).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |key: &str| lookup(key).map(|it| it.trim().to_owned()).filter(|it| !it.is_empty());
        let names = purpose::ALL.iter().filter_map(|key| Some(((*key).to_owned(), get(key)?))).collect();
        Self { language: get(LANGUAGE_KEY).unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned()), names }
    }

    /// The environment variable of a key: `WHATSAPP_TEMPLATE_REMINDER`.
    pub fn variable(key: &str) -> String {
        format!("WHATSAPP_TEMPLATE_{}", key.to_uppercase())
    }

    /// The template of a purpose, when one is configured.
    pub fn name(&self, purpose: &str) -> Option<&str> {
        self.names.get(purpose).map(String::as_str)
    }

    /// The `messages` body of a template message for `proactive` (without `to`): its body parameters,
    /// and a quick-reply button per option whose payload is the option's id, so a tap reads as the same
    /// choice as the in-window button.
    pub fn message(&self, name: &str, proactive: &Proactive, options: &[Choice]) -> Value {
        let parameters: Vec<Value> =
            proactive.params.iter().map(|text| json!({"type": "text", "text": one_line(text)})).collect();
        let mut components = vec![json!({"type": "body", "parameters": parameters})];
        for (index, option) in options.iter().enumerate() {
            components.push(json!({
                "type": "button",
                "sub_type": "quick_reply",
                "index": index.to_string(),
                "parameters": [{"type": "payload", "payload": option.id}],
            }));
        }
        json!({
            "type": "template",
            "template": {
                "name": name,
                "language": {"policy": "deterministic", "code": self.language},
                "components": components,
            }
        })
    }
}

/// A parameter as Meta takes it: no line breaks, tabs or runs of more than four spaces; a bulleted list
/// becomes one line, its items separated by semicolons.
pub fn one_line(text: &str) -> String {
    text.lines()
        .map(|line| line.trim().trim_start_matches(['•', '-', '*']).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_a_template_per_purpose_and_default_to_indonesian() {
        let settings = TemplateSettings::from_lookup(|key| (key == "reminder").then(|| "cekbae_pengingat".into()));
        assert_eq!(settings.name("reminder"), Some("cekbae_pengingat"));
        assert_eq!(settings.name("ready"), None);
        assert_eq!(settings.language, "id");
        assert_eq!(TemplateSettings::variable("handover_reply"), "WHATSAPP_TEMPLATE_HANDOVER_REPLY");
    }

    #[test]
    fn a_list_parameter_becomes_one_line() {
        assert_eq!(
            one_line("• KTP-el lama\n• Kartu Keluarga\n\n•   Surat  kehilangan"),
            "KTP-el lama; Kartu Keluarga; Surat kehilangan"
        );
    }
}
