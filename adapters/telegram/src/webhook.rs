//! Webhook mode: `POST /webhook/telegram` on the shared server, checked with
//! `X-Telegram-Bot-Api-Secret-Token` (401 when missing or wrong).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use cekbae_bot::Dialogue;
use cekbae_dispatch::{secrets_match, Dispatcher};
use teloxide::payloads::SetWebhookSetters;
use teloxide::prelude::Requester;
use teloxide::types::Update;
use teloxide::Bot;
use tokio::sync::watch;

use crate::backoff::Backoff;
use crate::updates;

/// The route.
pub const PATH: &str = "/webhook/telegram";
/// The header Telegram puts the secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// Largest accepted body.
pub const MAX_BODY: usize = 1024 * 1024;

/// What the route needs.
pub struct WebhookState<D: Dialogue> {
    /// For answering button presses.
    pub bot: Bot,
    /// Where messages are queued.
    pub dispatcher: Arc<Dispatcher<D>>,
    /// The expected secret.
    pub secret: String,
}

/// The Telegram route, to merge into the server's router. The secret is checked
/// before the body is read: a request without it costs nothing.
pub fn router<D: Dialogue>(state: Arc<WebhookState<D>>) -> Router {
    let secret_first = middleware::from_fn_with_state(Arc::clone(&state), secret_first::<D>);
    Router::new()
        .route(PATH, post(receive::<D>).layer(secret_first))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

async fn secret_first<D: Dialogue>(
    State(state): State<Arc<WebhookState<D>>>,
    request: Request,
    next: Next,
) -> Response {
    let given = request.headers().get(SECRET_HEADER).map(|it| it.as_bytes()).unwrap_or_default();
    if !secrets_match(given, state.secret.as_bytes()) {
        tracing::warn!("Telegram webhook with a missing or wrong secret refused");
        state.dispatcher.metrics().rejected("secret");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    next.run(request).await
}

/// Tells Telegram where to deliver updates, with the secret, retrying with
/// backoff until it works or `stop` turns true: without it no update arrives,
/// so a network blip at start must not leave the bot deaf until a restart.
/// Returns whether the webhook was registered.
pub async fn keep_registering(bot: Bot, url: String, secret: String, mut stop: watch::Receiver<bool>) -> bool {
    let url = match reqwest::Url::parse(&url) {
        Ok(url) => url,
        Err(err) => {
            tracing::error!(error = %err, url, "TELEGRAM_WEBHOOK_URL is not a URL; updates will not arrive");
            return false;
        }
    };
    let mut backoff = Backoff::default();
    loop {
        let request = bot.set_webhook(url.clone()).secret_token(secret.clone()).allowed_updates(crate::ALLOWED_UPDATES);
        let result = tokio::select! {
            result = request => result,
            _ = stop.changed() => return false,
        };
        let wait = match result {
            Ok(_) => {
                tracing::info!("Telegram webhook registered");
                return true;
            }
            Err(err) => backoff.after("setWebhook", &err),
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => return false,
        }
    }
}

async fn receive<D: Dialogue>(State(state): State<Arc<WebhookState<D>>>, body: Bytes) -> StatusCode {
    let update: Update = match serde_json::from_slice(&body) {
        Ok(it) => it,
        Err(err) => {
            tracing::warn!(error = %err, "Telegram webhook body is not an update");
            state.dispatcher.metrics().rejected("body");
            return StatusCode::BAD_REQUEST;
        }
    };
    match updates::handle(&state.bot, &state.dispatcher, update).await {
        Ok(()) => StatusCode::OK,
        // Telegram delivers it again later.
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}
