//! The WhatsApp Business Cloud API adapter.
//!
//! In: Meta's webhooks (`GET`/`POST /webhook/whatsapp`), signature checked over
//! the raw body before anything is parsed, answered 200 at once; messages are
//! queued on the [`cekbae_dispatch::Dispatcher`] (one resident in order, many
//! in parallel, each message id at most once). Out: the Graph API `messages`
//! endpoint, menus drawn as reply buttons (≤ 3 options) or a list (≤ 10), with
//! retries and backoff on rate limits and server errors.
//!
//! | module | role |
//! |---|---|
//! | [`config`] | the `WHATSAPP_*` settings |
//! | [`click_to_chat`] | `wa.me` links with prefilled text, from `WHATSAPP_DISPLAY_NUMBER` |
//! | [`signature`] | `X-Hub-Signature-256` verification |
//! | [`payload`] | webhook JSON → [`payload::Event`]s |
//! | [`phone`] | phone numbers → user ids (`62…`) |
//! | [`render`] | [`cekbae_bot::Outgoing`] → Graph API message bodies |
//! | [`client`] | sending, with retries |
//! | [`media`] | fetching the photos and PDFs residents send ([`cekbae_bot::MediaSource`]) |
//! | [`statuses`] | delivery statuses, kept by the store |
//! | [`templates`] | approved templates per purpose, for messages outside the 24-hour window |
//! | [`webhook`] | the axum routes |

pub mod click_to_chat;
pub mod client;
pub mod config;
pub mod media;
pub mod payload;
pub mod phone;
pub mod render;
pub mod signature;
pub mod statuses;
pub mod templates;
pub mod webhook;

use cekbae_bot::{Adapter, Outgoing, Proactive, UserKey};

pub use client::{GraphClient, RetryPolicy, SendError};
pub use config::WhatsAppConfig;
pub use media::GraphMedia;
pub use templates::TemplateSettings;
pub use webhook::{router, WebhookState};

/// The channel name: the first half of every WhatsApp [`UserKey`].
pub const CHANNEL: &str = "whatsapp";

/// Sends replies through the Graph API.
#[derive(Debug, Clone)]
pub struct WhatsApp {
    client: GraphClient,
    templates: TemplateSettings,
}

impl WhatsApp {
    /// An adapter sending with `client`, without templates (office messages reach only residents who
    /// wrote in the last 24 hours).
    pub fn new(client: GraphClient) -> Self {
        Self { client, templates: TemplateSettings::default() }
    }

    /// Uses `templates` for office messages outside a resident's 24-hour window.
    pub fn with_templates(mut self, templates: TemplateSettings) -> Self {
        self.templates = templates;
        self
    }

    /// Sends one message as it is (text, buttons, a list, a location).
    async fn send_as_is(&self, to: &UserKey, message: &Outgoing) -> Result<(), SendError> {
        for mut body in render::bodies(message) {
            // Echoed in status webhooks: ties each sent message to the message it answers.
            if let (Some(id), Some(fields)) = (&message.reply_to, body.as_object_mut()) {
                fields.insert("biz_opaque_callback_data".to_owned(), serde_json::Value::String(id.clone()));
            }
            self.client.send(&to.id, body).await?;
        }
        Ok(())
    }

    /// Sends an office message as its purpose's template; without one configured it is not sent.
    async fn send_template(&self, to: &UserKey, message: &Outgoing, proactive: &Proactive) -> Result<(), SendError> {
        let Some(name) = self.templates.name(&proactive.purpose) else {
            tracing::warn!(user = %to, purpose = %proactive.purpose, "outside the 24-hour window and no template configured; not sent");
            return Err(SendError::NoTemplate { purpose: proactive.purpose.clone() });
        };
        let body = self.templates.message(name, proactive, &message.options);
        match self.client.send(&to.id, body).await {
            Err(err) if err.is_template_error() => {
                tracing::error!(user = %to, template = name, error = %err, "WhatsApp refused the template; check it in WhatsApp Manager");
                Err(err)
            }
            other => other,
        }
    }
}

impl Adapter for WhatsApp {
    type Error = SendError;

    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn send(&self, to: &UserKey, messages: &[Outgoing]) -> Result<(), SendError> {
        for message in messages {
            match &message.proactive {
                // The resident has not written for a day: only a template may go.
                Some(proactive) if !proactive.in_window => self.send_template(to, message, proactive).await?,
                Some(proactive) => match self.send_as_is(to, message).await {
                    // The window closed between queueing and sending: the template instead, once.
                    Err(err) if err.code() == Some(client::WINDOW_CLOSED) => {
                        tracing::info!(user = %to, purpose = %proactive.purpose, "window closed on sending; sending the template");
                        self.send_template(to, message, proactive).await?
                    }
                    other => other?,
                },
                None => self.send_as_is(to, message).await?,
            }
        }
        Ok(())
    }

    fn retry_later(&self, error: &SendError) -> bool {
        error.worth_retrying_later()
    }
}
