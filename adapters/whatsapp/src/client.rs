//! Sending through the Graph API `messages` endpoint, with retries.
//!
//! Retried with exponential backoff: HTTP 429 and 5xx, network errors, and
//! Meta's throttling codes (130429 throughput, 131056 pair rate, 131000
//! "something went wrong", 4 / 80007 API-call limits, 131048 spam limit).
//! Not retried: 131047 (the 24-hour window closed; only a template could
//! reopen it), other client errors. Meta's own advice is followed: decisions
//! rest on the error `code`, not on titles.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::config::WhatsAppConfig;

/// How hard to try before giving up for now.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Wait before the first retry; doubled each time.
    pub first_backoff: Duration,
    /// Longest single wait (also caps a `Retry-After`).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { attempts: 5, first_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8) }
    }
}

/// Meta error codes worth retrying after a pause.
const RETRYABLE_CODES: [i64; 6] = [130429, 131056, 131000, 4, 80007, 131048];
/// The customer-service window closed: a free-form reply cannot be sent.
pub const WINDOW_CLOSED: i64 = 131047;
/// Token expired or invalid: the operator must fix the configuration; replies wait.
const TOKEN_INVALID: i64 = 190;

/// A send that did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The API answered with an error.
    #[error("WhatsApp API refused the message: HTTP {status}, code {code:?}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// Meta's error code, if the body had one.
        code: Option<i64>,
        /// Meta's message (never the message we sent).
        message: String,
    },
    /// The API could not be reached.
    #[error("WhatsApp API unreachable: {0}")]
    Network(String),
    /// An office message outside the resident's 24-hour window, and no template is configured for its
    /// purpose.
    #[error("no WhatsApp template is configured for `{purpose}` and the resident's 24-hour window is closed")]
    NoTemplate {
        /// The message's purpose (`reminder`, `ready` …).
        purpose: String,
    },
}

impl SendError {
    /// Meta's error code, when the API gave one.
    pub fn code(&self) -> Option<i64> {
        match self {
            SendError::Refused { code, .. } => *code,
            _ => None,
        }
    }

    /// A template error (132xxx: missing, not approved, parameters wrong, paused): a configuration
    /// problem for staff, never retried.
    pub fn is_template_error(&self) -> bool {
        self.code().is_some_and(|code| (132_000..133_000).contains(&code))
    }

    /// Whether retrying right away (with backoff) may help.
    pub fn is_transient(&self) -> bool {
        match self {
            SendError::NoTemplate { .. } => false,
            SendError::Network(_) => true,
            SendError::Refused { status, code, .. } => {
                *status == 429 || *status >= 500 || code.is_some_and(|c| RETRYABLE_CODES.contains(&c))
            }
        }
    }

    /// Whether the replies should be kept and sent again later (after an
    /// outage or a fixed token) rather than dropped.
    pub fn worth_retrying_later(&self) -> bool {
        match self {
            SendError::Refused { code: Some(WINDOW_CLOSED), .. } => false,
            SendError::Refused { status: 401, .. } | SendError::Refused { code: Some(TOKEN_INVALID), .. } => true,
            other => other.is_transient(),
        }
    }
}

/// The error object of a Graph API answer (sends and media lookups).
#[derive(Deserialize)]
pub(crate) struct ErrorBody {
    pub(crate) error: ErrorDetail,
}

/// Its code and message.
#[derive(Deserialize)]
pub(crate) struct ErrorDetail {
    pub(crate) code: Option<i64>,
    #[serde(default)]
    message: String,
}

/// An HTTP client for one business number.
#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    url: String,
    token: String,
    retry: RetryPolicy,
}

impl GraphClient {
    /// A client for the configured number.
    pub fn new(config: &WhatsAppConfig, retry: RetryPolicy) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap_or_default();
        Self { http, url: config.messages_url(), token: config.access_token.clone(), retry }
    }

    /// Sends one message body (from [`crate::render::bodies`]) to a phone number, or to a business-scoped
    /// user id (a resident known by username only), retrying transient failures.
    pub async fn send(&self, to: &str, body: Value) -> Result<(), SendError> {
        // A user id in `to` is accepted and silently never delivered: it goes in `recipient`.
        let field = if crate::phone::is_user_id(to) { "recipient" } else { "to" };
        let mut payload = serde_json::json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            field: to,
        });
        if let (Some(target), Value::Object(fields)) = (payload.as_object_mut(), body) {
            target.extend(fields);
        }
        let result = retrying(
            &self.retry,
            SendError::is_transient,
            |attempt, wait, err| {
                tracing::warn!(to, attempt, error = %err, wait_ms = wait.as_millis() as u64, "send failed; retrying");
            },
            || self.post_once(&payload),
        )
        .await;
        if let Err(SendError::Refused { code: Some(WINDOW_CLOSED), .. }) = &result {
            tracing::warn!(to, "the 24-hour window is closed; reply not sent");
        }
        result
    }

    async fn post_once(&self, payload: &Value) -> (Result<(), SendError>, Option<Duration>) {
        let response = match self.http.post(&self.url).bearer_auth(&self.token).json(payload).send().await {
            Ok(it) => it,
            Err(err) => return (Err(SendError::Network(err.without_url().to_string())), None),
        };
        let status = response.status();
        if status.is_success() {
            return (Ok(()), None);
        }
        let retry_after = retry_after(response.headers());
        let body = response.bytes().await.unwrap_or_default();
        let (code, message) = match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(it) => (it.error.code, it.error.message),
            Err(_) => (None, String::from_utf8_lossy(&body).chars().take(200).collect()),
        };
        (Err(SendError::Refused { status: status.as_u16(), code, message }), retry_after)
    }
}

/// The wait a `Retry-After` header asks for (seconds), if any.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|it| it.to_str().ok())
        .and_then(|it| it.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Runs `call` again after an error `transient` says may pass, with `policy`'s exponential backoff (or the
/// server's `Retry-After`, capped), until it succeeds, fails for good, or the attempts are spent; `retrying`
/// is told of each retry (to log it). Every call to the Graph API (sends, media) goes through this.
pub(crate) async fn retrying<T, E, F, Fut>(
    policy: &RetryPolicy,
    transient: impl Fn(&E) -> bool,
    retrying: impl Fn(u32, Duration, &E),
    mut call: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = (Result<T, E>, Option<Duration>)>,
{
    let mut backoff = policy.first_backoff;
    let mut attempt = 1;
    loop {
        let (result, retry_after) = call().await;
        match result {
            Err(err) if transient(&err) && attempt < policy.attempts => {
                let wait = retry_after.unwrap_or(backoff).min(policy.max_backoff);
                retrying(attempt, wait, &err);
                tokio::time::sleep(wait).await;
                backoff = (backoff * 2).min(policy.max_backoff);
                attempt += 1;
            }
            other => return other,
        }
    }
}
