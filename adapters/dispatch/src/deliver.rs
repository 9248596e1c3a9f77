//! The sending side of a channel, as the dispatcher sees it: any [`Adapter`], boxed.

use std::future::Future;
use std::pin::Pin;

use cekbae_bot::{Adapter, Outgoing, UserKey};

/// Why a delivery failed, as far as retrying goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryError {
    /// May succeed later (network, rate limit, server error): keep the replies.
    Later(String),
    /// Will not succeed (the resident's window closed, a bad number): drop them.
    Never(String),
}

/// A delivery that stopped part of the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undelivered {
    /// How many of the messages, from the first, did go out.
    pub sent: usize,
    /// Why the next one did not.
    pub error: DeliveryError,
}

/// A boxed future, so channels of different types sit in one dispatcher.
pub type DeliveryFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Undelivered>> + Send + 'a>>;

/// An [`Adapter`] behind a trait object: every adapter is one.
pub trait Delivery: Send + Sync {
    /// The channel name, as in [`UserKey::channel`].
    fn channel(&self) -> &str;

    /// Sends `messages` to `to`, in order; on failure, says how many went out.
    fn deliver<'a>(&'a self, to: &'a UserKey, messages: &'a [Outgoing]) -> DeliveryFuture<'a>;
}

impl<A: Adapter> Delivery for A {
    fn channel(&self) -> &str {
        self.name()
    }

    fn deliver<'a>(&'a self, to: &'a UserKey, messages: &'a [Outgoing]) -> DeliveryFuture<'a> {
        Box::pin(async move {
            // One message at a time, so a failure part of the way is known exactly.
            for (sent, message) in messages.iter().enumerate() {
                if let Err(err) = self.send(to, std::slice::from_ref(message)).await {
                    let reason = err.to_string();
                    let error = if self.retry_later(&err) {
                        DeliveryError::Later(reason)
                    } else {
                        DeliveryError::Never(reason)
                    };
                    return Err(Undelivered { sent, error });
                }
            }
            Ok(())
        })
    }
}
