//! The fetching loop: files residents sent (a turn recorded them as pending) are downloaded from their channel
//! off the residents' queues, a few at a time, so a slow download never holds up anyone's next message; each
//! outcome then runs [`Engine::file_fetched`](cekbae_bot::Engine::file_fetched) in the resident's queue
//! (ordered with their turns) and its replies are delivered like a turn's.
//!
//! Pending files are claimed with a lease ([`cekbae_bot::storage::Files::claim_pending`]): a process that
//! dies mid-download leaves its claims to expire, and the next loop (this process restarted, or another
//! instance) fetches them. The loop runs at start, when a turn received a file, when a fetch ends, and on a
//! timer (for files given back to be tried later). A failure that may pass ([`MediaError::retry_later`]) gives
//! the file back with a growing wait, up to [`FetchSettings::attempts`]; then, or at once for any other
//! failure, the dialogue is told and answers the resident.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use cekbae_bot::{Attachment, FetchedMedia, MediaError, MediaSource};

/// How long one file may take to fetch, retries included, unless configured (`CEKBAE_MEDIA_TIMEOUT_SECS`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A boxed [`MediaSource::fetch`].
pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<FetchedMedia, MediaError>> + Send + 'a>>;

/// [`MediaSource`] for a list of channels of different kinds (what the loop holds per channel).
pub trait Fetch: Send + Sync {
    /// [`MediaSource::fetch`].
    fn fetch<'a>(&'a self, media: &'a Attachment, max_bytes: u64) -> FetchFuture<'a>;
}

impl<M: MediaSource> Fetch for M {
    fn fetch<'a>(&'a self, media: &'a Attachment, max_bytes: u64) -> FetchFuture<'a> {
        Box::pin(MediaSource::fetch(self, media, max_bytes))
    }
}

/// How the loop fetches.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// The largest file accepted, in bytes (the dialogue's setting).
    pub max_bytes: u64,
    /// Files downloaded at the same time, over all residents.
    pub concurrency: usize,
    /// Attempts in all for a file whose failures may pass, before the dialogue is told it could not be fetched.
    pub attempts: u32,
    /// Wait before the second attempt; doubled for each later one.
    pub first_retry: Duration,
    /// How often the loop looks for files even when nobody woke it (files given back, claims expired).
    pub every: Duration,
    /// How long a claim holds: longer than a fetch may take, so a live download is never taken over.
    pub lease: Duration,
}

impl FetchSettings {
    /// The defaults for files up to `max_bytes` fetched within `timeout` each.
    pub fn new(max_bytes: u64, timeout: Duration) -> Self {
        Self {
            max_bytes,
            concurrency: 4,
            attempts: 4,
            first_retry: Duration::from_secs(30),
            every: Duration::from_secs(30),
            lease: timeout * 2 + Duration::from_secs(60),
        }
    }

    /// The wait before trying again a file that failed `attempts` times.
    pub(crate) fn retry_after(&self, attempts: u32) -> Duration {
        self.first_retry.saturating_mul(1 << attempts.min(10))
    }
}

/// A body collected as it arrives, refused as soon as it is larger than the limit (a declared size can lie).
#[derive(Debug)]
pub struct SizeLimited {
    limit: u64,
    bytes: Vec<u8>,
}

impl SizeLimited {
    /// A body of at most `limit` bytes; `announced` (a `Content-Length`) over the limit is refused at once.
    pub fn new(limit: u64, announced: Option<u64>) -> Result<Self, MediaError> {
        if announced.is_some_and(|it| it > limit) {
            return Err(MediaError::TooLarge { limit });
        }
        // Never reserve more than the limit, whatever was announced.
        let capacity = announced.unwrap_or(0).min(limit).min(usize::MAX as u64) as usize;
        Ok(Self { limit, bytes: Vec::with_capacity(capacity) })
    }

    /// Adds the next chunk; an error once the body is over the limit (the download should stop there).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), MediaError> {
        if self.bytes.len() as u64 + chunk.len() as u64 > self.limit {
            return Err(MediaError::TooLarge { limit: self.limit });
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// The whole body.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// A failure's label in the metrics.
pub(crate) fn cause(err: &MediaError) -> &'static str {
    match err {
        MediaError::TooLarge { .. } => "too-large",
        MediaError::NotFound => "not-found",
        MediaError::ChecksumMismatch => "checksum",
        MediaError::TimedOut => "timed-out",
        MediaError::Unavailable(_) => "unavailable",
        MediaError::Refused(_) => "refused",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_cut_off_over_the_limit_whatever_was_announced() {
        assert_eq!(SizeLimited::new(10, Some(11)).unwrap_err(), MediaError::TooLarge { limit: 10 });
        let mut body = SizeLimited::new(10, Some(4)).unwrap();
        body.push(b"12345").unwrap();
        body.push(b"67890").unwrap();
        assert_eq!(body.push(b"x"), Err(MediaError::TooLarge { limit: 10 }), "the announced size lied");
        assert_eq!(body.finish(), b"1234567890");
        assert_eq!(SizeLimited::new(10, Some(u64::MAX)).unwrap_err(), MediaError::TooLarge { limit: 10 });
    }

    #[test]
    fn retries_wait_longer_each_time() {
        let settings = FetchSettings { first_retry: Duration::from_secs(2), ..FetchSettings::new(10, DEFAULT_TIMEOUT) };
        assert_eq!(settings.retry_after(0), Duration::from_secs(2));
        assert_eq!(settings.retry_after(2), Duration::from_secs(8));
        assert!(settings.lease > DEFAULT_TIMEOUT, "a live download is never taken over");
    }
}
