//! Files residents send (photos, PDFs): how a channel fetches one by the id it announced, off the resident's
//! turn, with the limits the office set. Channels implement [`MediaSource`]; the fetching loop in the server
//! calls it and hands the outcome to the engine ([`crate::Engine::file_fetched`]).

use std::fmt;
use std::future::Future;

use crate::message::Attachment;

/// A file's bytes as the channel delivered them, after its checks (size, declared checksum).
#[derive(Clone, PartialEq, Eq)]
pub struct FetchedMedia {
    /// The MIME type the channel reported for the content.
    pub mime_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

// Never print a resident's file into a log.
impl fmt::Debug for FetchedMedia {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchedMedia").field("mime_type", &self.mime_type).field("len", &self.bytes.len()).finish()
    }
}

/// Why a file could not be fetched. [`MediaError::retry_later`] says whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// The file is larger than the limit (declared, or found while downloading).
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The channel does not know the file (any more).
    NotFound,
    /// The content does not match the checksum the channel declared.
    ChecksumMismatch,
    /// The download took longer than allowed.
    TimedOut,
    /// The channel could not be reached or refused for now (network, 5xx, 429); the text is for logs only.
    Unavailable(String),
    /// The channel refused for good (4xx other than not found); the text is for logs only.
    Refused(String),
}

impl MediaError {
    /// Whether a later attempt may succeed.
    pub fn retry_later(&self) -> bool {
        matches!(self, MediaError::Unavailable(_) | MediaError::TimedOut)
    }
}

impl fmt::Display for MediaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaError::TooLarge { limit } => write!(f, "file larger than {limit} bytes"),
            MediaError::NotFound => f.write_str("file not found at the channel"),
            MediaError::ChecksumMismatch => f.write_str("content does not match the declared sha256"),
            MediaError::TimedOut => f.write_str("download timed out"),
            MediaError::Unavailable(why) => write!(f, "channel unavailable: {why}"),
            MediaError::Refused(why) => write!(f, "channel refused: {why}"),
        }
    }
}

impl std::error::Error for MediaError {}

/// A channel that can fetch the files its residents send.
pub trait MediaSource: Send + Sync {
    /// Fetches `media` (announced by this channel), refusing content larger than `max_bytes` before and while
    /// downloading, and checking a declared checksum. Network channels retry briefly themselves and time out
    /// a slow download.
    fn fetch(
        &self,
        media: &Attachment,
        max_bytes: u64,
    ) -> impl Future<Output = Result<FetchedMedia, MediaError>> + Send;
}
