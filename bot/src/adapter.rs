//! The adapter boundary: how a channel (console, WhatsApp, Telegram) delivers replies.

use std::future::Future;

use crate::message::{Outgoing, UserKey};

/// A channel that can deliver the engine's replies to a resident.
///
/// Receiving is channel-specific (stdin lines, webhooks, long polling), so each
/// adapter drives the engine itself: it converts what arrives into
/// [`crate::Incoming`], calls [`crate::Engine::handle`], and passes the
/// resulting [`Outgoing`] messages to [`Adapter::send`]. Only plain data
/// crosses this boundary; wire formats stay inside the adapter.
pub trait Adapter: Send + Sync {
    /// The adapter's failure type; logged with context, never shown to residents.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The channel name, used as the first half of every [`UserKey`].
    fn name(&self) -> &'static str;

    /// Delivers replies to one resident, in order. Drawing options (buttons,
    /// lists, numbered lines) is the adapter's choice. Network adapters retry
    /// briefly themselves; an error means they gave up for now.
    fn send(&self, to: &UserKey, messages: &[Outgoing]) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// Whether a failed send may succeed later (network down, rate limited), so
    /// the replies are kept and sent again, rather than never (the resident's
    /// messaging window closed, the number does not exist).
    fn retry_later(&self, _error: &Self::Error) -> bool {
        true
    }
}
