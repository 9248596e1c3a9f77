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

/// A boxed future, so channels of different types sit in one dispatcher.
pub type DeliveryFuture<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// An [`Adapter`] behind a trait object: every adapter is one.
pub trait Delivery: Send + Sync {
    /// The channel name, as in [`UserKey::channel`].
    fn channel(&self) -> &str;

    /// Sends `messages` to `to`, in order.
    fn deliver<'a>(&'a self, to: &'a UserKey, messages: &'a [Outgoing]) -> DeliveryFuture<'a>;
}

impl<A: Adapter> Delivery for A {
    fn channel(&self) -> &str {
        self.name()
    }

    fn deliver<'a>(&'a self, to: &'a UserKey, messages: &'a [Outgoing]) -> DeliveryFuture<'a> {
        Box::pin(async move {
            self.send(to, messages).await.map_err(|err| {
                let reason = err.to_string();
                if self.retry_later(&err) {
                    DeliveryError::Later(reason)
                } else {
                    DeliveryError::Never(reason)
                }
            })
        })
    }
}
