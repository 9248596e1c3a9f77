//! Files residents send on Telegram (photos, documents), fetched off the turn: `getFile` names the file's
//! path (through `TELEGRAM_API_URL`), then `GET {api}/file/bot<token>/<file_path>` gives the bytes. A declared
//! size over the limit is refused before any request, the download is counted as it arrives and cut off over
//! the limit, and the whole fetch has one deadline; transient failures are retried like sends. The file URL
//! holds the bot token: it is never logged.

use std::future::IntoFuture;
use std::time::Duration;

use cekbae_bot::{Attachment, FetchedMedia, MediaError, MediaSource};
use cekbae_dispatch::fetching::SizeLimited;
use reqwest::{StatusCode, Url};
use teloxide::prelude::Requester;
use teloxide::types::FileId;
use teloxide::{ApiError, Bot, RequestError};

use crate::retrying;

/// Fetches files with the bot's token.
#[derive(Clone)]
pub struct BotMedia {
    bot: Bot,
    http: reqwest::Client,
    timeout: Duration,
}

impl std::fmt::Debug for BotMedia {
    // The bot holds its token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotMedia").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

/// A download's failure, before it is a [`MediaError`]: whether to try again.
enum Download {
    Failed(MediaError),
    Again(MediaError),
}

impl BotMedia {
    /// Files of `bot`'s residents, each fetched within `timeout`.
    pub fn new(bot: Bot, timeout: Duration) -> Self {
        // No redirects: the address is Telegram's (or the configured API's) own.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self { bot, http, timeout }
    }

    async fn fetch_now(&self, media: &Attachment, max_bytes: u64) -> Result<FetchedMedia, MediaError> {
        if media.declared_size.is_some_and(|it| it > max_bytes) {
            return Err(MediaError::TooLarge { limit: max_bytes });
        }
        if media.media_id.is_empty()
            || !media.media_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(MediaError::NotFound);
        }
        let file = retrying(crate::request_wait, || self.bot.get_file(FileId(media.media_id.clone())).into_future())
            .await
            .map_err(|err| get_file_error(&err, max_bytes))?;
        if file.meta.size != u32::MAX && u64::from(file.meta.size) > max_bytes {
            return Err(MediaError::TooLarge { limit: max_bytes });
        }
        let url = self.file_url(&file.path)?;
        let bytes = retrying(download_wait, || self.download(&url, max_bytes)).await.map_err(|it| match it {
            Download::Failed(err) | Download::Again(err) => err,
        })?;
        // Photos have no type of their own: Telegram sends them as JPEG.
        let mime_type = media.mime_type.clone().unwrap_or_else(|| crate::updates::PHOTO_TYPE.to_owned());
        Ok(FetchedMedia { mime_type, bytes })
    }

    /// `{api}/file/bot<token>/<file_path>`; a path that would leave that folder is refused.
    fn file_url(&self, path: &str) -> Result<Url, MediaError> {
        let refused = || MediaError::Refused("getFile named an unusable file path".into());
        if path.is_empty() || path.split('/').any(|it| it.is_empty() || it == "." || it == "..") {
            return Err(refused());
        }
        let mut url = self.bot.api_url();
        url.set_query(None);
        {
            let mut segments = url.path_segments_mut().map_err(|()| refused())?;
            segments.pop_if_empty().push("file").push(&format!("bot{}", self.bot.token()));
            segments.extend(path.split('/'));
        }
        Ok(url)
    }

    async fn download(&self, url: &Url, max_bytes: u64) -> Result<Vec<u8>, Download> {
        let unavailable = |err: reqwest::Error| Download::Again(MediaError::Unavailable(err.without_url().to_string()));
        let mut response = self.http.get(url.clone()).send().await.map_err(unavailable)?;
        let status = response.status();
        if !status.is_success() {
            return Err(match status {
                StatusCode::NOT_FOUND => Download::Failed(MediaError::NotFound),
                StatusCode::TOO_MANY_REQUESTS => Download::Again(MediaError::Unavailable("HTTP 429".into())),
                it if it.is_server_error() => Download::Again(MediaError::Unavailable(format!("HTTP {}", it.as_u16()))),
                it => Download::Failed(MediaError::Refused(format!("HTTP {}", it.as_u16()))),
            });
        }
        let mut body = SizeLimited::new(max_bytes, response.content_length()).map_err(Download::Failed)?;
        while let Some(chunk) = response.chunk().await.map_err(unavailable)? {
            body.push(&chunk).map_err(Download::Failed)?;
        }
        Ok(body.finish())
    }
}

impl MediaSource for BotMedia {
    async fn fetch(&self, media: &Attachment, max_bytes: u64) -> Result<FetchedMedia, MediaError> {
        match tokio::time::timeout(self.timeout, self.fetch_now(media, max_bytes)).await {
            Ok(result) => result,
            Err(_) => Err(MediaError::TimedOut),
        }
    }
}

fn download_wait(err: &Download, attempt: u32) -> Option<Duration> {
    match err {
        Download::Again(err) => {
            tracing::warn!(attempt, error = %err, "Telegram file download failed; retrying");
            Some(Duration::from_millis(250 * u64::from(attempt)))
        }
        Download::Failed(_) => None,
    }
}

/// A failed `getFile`, as a [`MediaError`].
fn get_file_error(err: &RequestError, max_bytes: u64) -> MediaError {
    match err {
        RequestError::Api(ApiError::FileIdInvalid | ApiError::WrongFileId | ApiError::WrongFileIdOrUrl) => {
            MediaError::NotFound
        }
        // Bots may not download files over 20 MB.
        RequestError::Api(ApiError::Unknown(text)) if text.contains("too big") => {
            MediaError::TooLarge { limit: max_bytes }
        }
        RequestError::Api(ApiError::Unknown(text)) if text.contains("invalid file") || text.contains("not found") => {
            MediaError::NotFound
        }
        RequestError::Api(other) => MediaError::Refused(other.to_string()),
        // teloxide already took the address (and its token) out of network errors.
        RequestError::Network(_)
        | RequestError::RetryAfter(_)
        | RequestError::Io(_)
        | RequestError::InvalidJson { .. } => MediaError::Unavailable(err.to_string()),
        other => MediaError::Refused(other.to_string()),
    }
}
