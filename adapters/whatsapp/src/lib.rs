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
//! | [`statuses`] | delivery statuses, kept by the store |
//! | [`webhook`] | the axum routes |

pub mod click_to_chat;
pub mod client;
pub mod config;
pub mod payload;
pub mod phone;
pub mod render;
pub mod signature;
pub mod statuses;
pub mod webhook;

use cekbae_bot::{Adapter, Outgoing, UserKey};

pub use client::{GraphClient, RetryPolicy, SendError};
pub use config::WhatsAppConfig;
pub use webhook::{router, WebhookState};

/// The channel name: the first half of every WhatsApp [`UserKey`].
pub const CHANNEL: &str = "whatsapp";

/// Sends replies through the Graph API.
#[derive(Debug, Clone)]
pub struct WhatsApp {
    client: GraphClient,
}

impl WhatsApp {
    /// An adapter sending with `client`.
    pub fn new(client: GraphClient) -> Self {
        Self { client }
    }
}

impl Adapter for WhatsApp {
    type Error = SendError;

    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn send(&self, to: &UserKey, messages: &[Outgoing]) -> Result<(), SendError> {
        for message in messages {
            for mut body in render::bodies(message) {
                // Echoed in status webhooks: ties each sent message to the message it answers.
                if let (Some(id), Some(fields)) = (&message.reply_to, body.as_object_mut()) {
                    fields.insert("biz_opaque_callback_data".to_owned(), serde_json::Value::String(id.clone()));
                }
                self.client.send(&to.id, body).await?;
            }
        }
        Ok(())
    }

    fn retry_later(&self, error: &SendError) -> bool {
        error.worth_retrying_later()
    }
}
