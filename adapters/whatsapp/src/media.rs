//! Files residents send on WhatsApp (photos, PDFs), fetched off the turn: `GET {API_BASE}/{media-id}` with the
//! bearer token names the file's `url`, `mime_type`, `sha256` and `file_size`; `GET url` with the same token
//! gives the bytes. A declared size over the limit is refused before downloading, the download is counted as
//! it arrives and cut off over the limit, the content must match the declared SHA-256, and the whole fetch
//! has one deadline. Transient failures are retried like sends ([`crate::client`]).
//!
//! Our token goes only to the API base and to a download address that is `https` or on the API base's own
//! origin (a local fake in tests); nothing else is fetched with it. The download address carries a signed
//! query and is never logged, nor is the content.

use std::time::Duration;

use base64::Engine as _;
use cekbae_bot::{Attachment, FetchedMedia, MediaError, MediaSource};
use cekbae_dispatch::fetching::SizeLimited;
use reqwest::{StatusCode, Url};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::client::{retry_after, retrying, RetryPolicy};
use crate::config::WhatsAppConfig;

/// Meta's error code for an object that does not exist (an unknown or expired media id).
const NO_SUCH_OBJECT: i64 = 100;

/// What `GET /{media-id}` answers.
#[derive(Deserialize)]
struct MediaInfo {
    url: String,
    mime_type: Option<String>,
    sha256: Option<String>,
    /// A string in Meta's answers (`"303833"`), a number in some relays.
    file_size: Option<serde_json::Value>,
}

/// Fetches WhatsApp media with the business number's token.
#[derive(Clone)]
pub struct GraphMedia {
    http: reqwest::Client,
    base: Url,
    token: String,
    retry: RetryPolicy,
    timeout: Duration,
}

impl std::fmt::Debug for GraphMedia {
    // The token never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphMedia")
            .field("base", &self.base.as_str())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl GraphMedia {
    /// Media of the configured number, retried with `retry`, each file fetched within `timeout`.
    pub fn new(config: &WhatsAppConfig, retry: RetryPolicy, timeout: Duration) -> Result<Self, String> {
        let base = Url::parse(config.api_base.trim_end_matches('/'))
            .map_err(|err| format!("WHATSAPP_API_BASE is not an address: {err}"))?;
        let api = base.clone();
        // A redirect is followed only where the token may go at all (reqwest drops the token on another host).
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() < 3 && may_fetch(attempt.url(), &api) {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .redirect(redirects)
            .build()
            .map_err(|err| format!("cannot build an HTTP client: {err}"))?;
        Ok(Self { http, base, token: config.access_token.clone(), retry, timeout })
    }

    async fn fetch_now(&self, media: &Attachment, max_bytes: u64) -> Result<FetchedMedia, MediaError> {
        let info = self.info(&media.media_id).await?;
        if let Some(size) = info.file_size.as_ref().and_then(declared_size) {
            if size > max_bytes {
                tracing::info!(media_id = %media.media_id, size, "a file larger than the limit is not downloaded");
                return Err(MediaError::TooLarge { limit: max_bytes });
            }
        }
        let url = Url::parse(&info.url).map_err(|_| MediaError::Refused("the media address is not a URL".into()))?;
        if !may_fetch(&url, &self.base) {
            tracing::warn!(media_id = %media.media_id, scheme = url.scheme(), host = ?url.host_str(), "a media address that is neither https nor the API's own is not fetched");
            return Err(MediaError::Refused("media address neither https nor the API's origin".into()));
        }
        let bytes = self.download(&url, max_bytes).await?;
        // The media endpoint's checksum is the one for these bytes; the webhook's stands in without it.
        if let Some(declared) = info.sha256.as_deref().or(media.sha256.as_deref()) {
            check_sha256(declared, &bytes)?;
        }
        let mime_type = info.mime_type.or_else(|| media.mime_type.clone()).unwrap_or_default();
        Ok(FetchedMedia { mime_type, bytes })
    }

    /// `GET {API_BASE}/{media-id}`, retried.
    async fn info(&self, media_id: &str) -> Result<MediaInfo, MediaError> {
        if media_id.is_empty() || !media_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(MediaError::NotFound);
        }
        let mut url = self.base.clone();
        url.path_segments_mut().map_err(|()| MediaError::Refused("WHATSAPP_API_BASE".into()))?.push(media_id);
        let url = &url;
        retrying(&self.retry, transient, log_retry, || async move {
            let response = match self.http.get(url.clone()).bearer_auth(&self.token).send().await {
                Ok(it) => it,
                Err(err) => return (Err(MediaError::Unavailable(err.without_url().to_string())), None),
            };
            let wait = retry_after(response.headers());
            let status = response.status();
            let body = match response.bytes().await {
                Ok(it) => it,
                Err(err) => return (Err(MediaError::Unavailable(err.without_url().to_string())), wait),
            };
            if status.is_success() {
                let info = serde_json::from_slice::<MediaInfo>(&body)
                    .map_err(|_| MediaError::Refused("the media endpoint's answer is not media".into()));
                return (info, None);
            }
            let code = serde_json::from_slice::<crate::client::ErrorBody>(&body).ok().and_then(|it| it.error.code);
            (Err(failure(status, code)), wait)
        })
        .await
    }

    /// `GET url` with the token, retried; the body is counted against `max_bytes` as it arrives.
    async fn download(&self, url: &Url, max_bytes: u64) -> Result<Vec<u8>, MediaError> {
        retrying(&self.retry, transient, log_retry, || async move {
            let mut response = match self.http.get(url.clone()).bearer_auth(&self.token).send().await {
                Ok(it) => it,
                Err(err) => return (Err(MediaError::Unavailable(err.without_url().to_string())), None),
            };
            let status = response.status();
            if !status.is_success() {
                return (Err(failure(status, None)), retry_after(response.headers()));
            }
            let mut body = match SizeLimited::new(max_bytes, response.content_length()) {
                Ok(it) => it,
                Err(err) => return (Err(err), None),
            };
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        if let Err(err) = body.push(&chunk) {
                            return (Err(err), None);
                        }
                    }
                    Ok(None) => return (Ok(body.finish()), None),
                    Err(err) => return (Err(MediaError::Unavailable(err.without_url().to_string())), None),
                }
            }
        })
        .await
    }
}

impl MediaSource for GraphMedia {
    async fn fetch(&self, media: &Attachment, max_bytes: u64) -> Result<FetchedMedia, MediaError> {
        match tokio::time::timeout(self.timeout, self.fetch_now(media, max_bytes)).await {
            Ok(result) => result,
            Err(_) => Err(MediaError::TimedOut),
        }
    }
}

/// Whether our token may be sent to `url`: over https, or to the API base's own origin (a local fake).
fn may_fetch(url: &Url, api: &Url) -> bool {
    url.scheme() == "https" || url.origin() == api.origin()
}

fn transient(err: &MediaError) -> bool {
    matches!(err, MediaError::Unavailable(_))
}

fn log_retry(attempt: u32, wait: Duration, err: &MediaError) {
    tracing::warn!(attempt, error = %err, wait_ms = wait.as_millis() as u64, "media fetch failed; retrying");
}

/// An HTTP failure of the media endpoint or the download, as a [`MediaError`].
fn failure(status: StatusCode, code: Option<i64>) -> MediaError {
    match (status.as_u16(), code) {
        (404, _) | (_, Some(NO_SUCH_OBJECT)) => MediaError::NotFound,
        // An expired or wrong token: the operator fixes it, the file is tried again later.
        (429 | 401, _) | (500.., _) => MediaError::Unavailable(format!("HTTP {}", status.as_u16())),
        (other, code) => MediaError::Refused(format!("HTTP {other}, code {code:?}")),
    }
}

/// `file_size` as Meta writes it (`"303833"`) or as a number.
fn declared_size(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::String(text) => text.trim().parse().ok(),
        serde_json::Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

/// Compares `bytes` with a declared SHA-256: Meta writes it in hex in some answers and in base64 in others.
/// A value in neither form cannot be checked and is let pass (logged).
fn check_sha256(declared: &str, bytes: &[u8]) -> Result<(), MediaError> {
    let declared = declared.trim();
    let expected = if declared.len() == 64 && declared.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(declared).ok()
    } else {
        let engines = [base64::engine::general_purpose::STANDARD, base64::engine::general_purpose::URL_SAFE];
        let unpadded = declared.trim_end_matches('=');
        engines.iter().find_map(|engine| engine.decode(declared).ok()).or_else(|| {
            [base64::engine::general_purpose::STANDARD_NO_PAD, base64::engine::general_purpose::URL_SAFE_NO_PAD]
                .iter()
                .find_map(|engine| engine.decode(unpadded).ok())
        })
    };
    match expected.filter(|it| it.len() == 32) {
        Some(expected) if expected.as_slice() == Sha256::digest(bytes).as_slice() => Ok(()),
        Some(_) => Err(MediaError::ChecksumMismatch),
        None => {
            tracing::warn!("the declared sha256 is neither hex nor base64; the file is not checked against it");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_sha256_is_read_in_hex_or_base64() {
        let bytes = b"%PDF-1.4 surat pengantar";
        let digest = Sha256::digest(bytes);
        let hex = hex::encode(digest);
        let standard = base64::engine::general_purpose::STANDARD.encode(digest);
        let url_safe = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
        for declared in [hex.clone(), hex.to_uppercase(), standard.clone(), url_safe] {
            assert_eq!(check_sha256(&declared, bytes), Ok(()), "{declared}");
        }
        assert_eq!(check_sha256(&hex, b"other bytes"), Err(MediaError::ChecksumMismatch));
        assert_eq!(check_sha256(&standard, b"other bytes"), Err(MediaError::ChecksumMismatch));
        assert_eq!(check_sha256("not a checksum at all!", bytes), Ok(()), "unreadable: not checked");
    }

    #[test]
    fn the_token_goes_only_over_https_or_to_the_api_itself() {
        let api = Url::parse("http://127.0.0.1:4000/v25.0").unwrap();
        assert!(may_fetch(&Url::parse("https://lookaside.fbsbx.com/x?mid=1").unwrap(), &api));
        assert!(may_fetch(&Url::parse("http://127.0.0.1:4000/download/1").unwrap(), &api));
        assert!(!may_fetch(&Url::parse("http://127.0.0.1:4001/download/1").unwrap(), &api), "another port");
        assert!(!may_fetch(&Url::parse("http://lookaside.fbsbx.com/x").unwrap(), &api), "plain http elsewhere");
        assert!(!may_fetch(&Url::parse("file:///etc/passwd").unwrap(), &api));
    }

    #[test]
    fn failures_map_to_what_the_fetching_loop_does_with_them() {
        assert_eq!(failure(StatusCode::NOT_FOUND, None), MediaError::NotFound);
        assert_eq!(failure(StatusCode::BAD_REQUEST, Some(NO_SUCH_OBJECT)), MediaError::NotFound);
        assert!(failure(StatusCode::TOO_MANY_REQUESTS, None).retry_later());
        assert!(failure(StatusCode::BAD_GATEWAY, None).retry_later());
        assert!(failure(StatusCode::UNAUTHORIZED, Some(190)).retry_later(), "a token the operator fixes");
        assert!(matches!(failure(StatusCode::FORBIDDEN, Some(10)), MediaError::Refused(_)));
        assert_eq!(declared_size(&serde_json::json!("303833")), Some(303_833));
        assert_eq!(declared_size(&serde_json::json!(12)), Some(12));
        assert_eq!(declared_size(&serde_json::json!("big")), None);
    }
}
