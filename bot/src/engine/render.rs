//! Rendering: replies (Fluent ids and arguments) become channel-neutral [`Outgoing`] messages in the
//! resident's locale.

use super::{Engine, LANGUAGE_PREFIX};
use crate::dialogue::Dialogue;
use crate::message::{Choice, Location, Outgoing};
use crate::proactive::Proactive;
use crate::say::{Reply, Say};

impl<D: Dialogue> Engine<D> {
    pub(super) fn render(&self, locale: &str, replies: &[Reply]) -> Vec<Outgoing> {
        replies
            .iter()
            .map(|reply| {
                let text =
                    reply.parts.iter().map(|say| self.locales.render(locale, say)).collect::<Vec<_>>().join("\n\n");
                let options: Vec<Choice> = reply
                    .options
                    .iter()
                    .map(|(id, label)| {
                        // Language names are shown in their own language, so anyone can find theirs.
                        let label_locale = id.strip_prefix(LANGUAGE_PREFIX).unwrap_or(locale);
                        Choice { id: id.clone(), label: self.locales.render(label_locale, label) }
                    })
                    .collect();
                let choose_label = if options.is_empty() {
                    String::new()
                } else {
                    self.locales.render(locale, &Say::new("engine-choose"))
                };
                let location = reply.location.as_ref().map(|pin| Location {
                    latitude: pin.latitude,
                    longitude: pin.longitude,
                    name: self.locales.render(locale, &pin.name),
                    address: self.locales.render(locale, &pin.address),
                });
                // Template parameters are in the template language: WhatsApp has no Sundanese templates.
                let proactive = reply.template.as_ref().map(|template| Proactive {
                    purpose: template.purpose.clone(),
                    params: template
                        .params
                        .iter()
                        .map(|say| self.locales.render(self.template_locale(), say))
                        .collect(),
                    subject: template.subject.clone(),
                    in_window: false,
                });
                Outgoing { text, options, choose_label, reply_to: None, location, proactive }
            })
            .collect()
    }

    /// The locale templates' parameters are rendered in: the configured one when it is loaded, else the
    /// default locale.
    pub(super) fn template_locale(&self) -> &str {
        match &self.config.template_locale {
            Some(code) if self.locales.has_locale(code) => code,
            _ => self.locales.default_locale(),
        }
    }

    pub(super) fn language_menu(&self) -> Reply {
        let mut reply = Reply::say(Say::new("engine-language-menu"));
        for code in self.locales.available() {
            reply =
                reply.option(format!("{LANGUAGE_PREFIX}{code}"), Say::new("engine-language-self").arg("code", code));
        }
        reply
    }
}

/// The ids of the options shown last, so that a number in the next message picks among them.
pub(super) fn last_options(outgoing: &[Outgoing]) -> Vec<String> {
    outgoing
        .iter()
        .rev()
        .find(|it| !it.options.is_empty())
        .map(|it| it.options.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}
