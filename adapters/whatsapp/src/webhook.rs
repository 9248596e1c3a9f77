//! The webhook routes: `GET /webhook/whatsapp` (Meta's subscription check) and
//! `POST /webhook/whatsapp` (events).
//!
//! A POST is answered as soon as its events are queued: a request without a
//! signature header of the right shape gets 401 before its body is read; the
//! signature is checked over the raw bytes (401 without touching anything),
//! bodies over 1 MiB get 413, a body that is not a webhook gets 400, a flood
//! that fills the queues gets 503 (Meta retries), everything else 200,
//! including events we ignore, so Meta does not retry them for days. A
//! message older than [`cekbae_dispatch::freshness`] allows is not processed
//! (200, logged): its id may have been forgotten, and it would be a replay.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use cekbae_bot::{Dialogue, Incoming, UserKey};
use cekbae_dispatch::{freshness, secrets_match, Dispatcher, Inbound};

use crate::config::WhatsAppConfig;
use crate::payload::{self, Content, Event};
use crate::{phone, signature, CHANNEL};

/// The path of both routes.
pub const PATH: &str = "/webhook/whatsapp";
/// Largest accepted body.
pub const MAX_BODY: usize = 1024 * 1024;
/// The engine message for photos, voice notes, stickers and other non-text messages.
pub const NON_TEXT: &str = "engine-non-text";

/// What the routes need.
pub struct WebhookState<D: Dialogue> {
    /// Where messages are queued.
    pub dispatcher: Arc<Dispatcher<D>>,
    /// Tokens and the business number.
    pub config: WhatsAppConfig,
}

/// The WhatsApp routes, to merge into the server's router.
pub fn router<D: Dialogue>(state: Arc<WebhookState<D>>) -> Router {
    let receive =
        post(receive::<D>).layer(middleware::from_fn_with_state(Arc::clone(&state), signature_header_first::<D>));
    Router::new().route(PATH, get(verify::<D>).merge(receive)).layer(DefaultBodyLimit::max(MAX_BODY)).with_state(state)
}

/// Refuses a POST without a well-formed signature header before its body is read:
/// an unsigned request never costs the memory of its body.
async fn signature_header_first<D: Dialogue>(
    State(state): State<Arc<WebhookState<D>>>,
    request: Request,
    next: Next,
) -> Response {
    let header = request.headers().get(signature::HEADER).and_then(|it| it.to_str().ok());
    if !signature::well_formed(header) {
        state.dispatcher.metrics().rejected("signature");
        tracing::warn!("WhatsApp webhook without a signature refused before its body was read");
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    next.run(request).await
}

async fn verify<D: Dialogue>(
    State(state): State<Arc<WebhookState<D>>>,
    Query(query): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    let mode = query.get("hub.mode").map(String::as_str);
    let token = query.get("hub.verify_token").map(String::as_str).unwrap_or_default();
    let challenge = query.get("hub.challenge").cloned().unwrap_or_default();
    if mode == Some("subscribe") && secrets_match(token.as_bytes(), state.config.verify_token.as_bytes()) {
        tracing::info!("WhatsApp webhook verified");
        (StatusCode::OK, challenge)
    } else {
        tracing::warn!("WhatsApp webhook verification refused: wrong mode or token");
        (StatusCode::FORBIDDEN, "forbidden".to_owned())
    }
}

async fn receive<D: Dialogue>(
    State(state): State<Arc<WebhookState<D>>>,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let header = headers.get(signature::HEADER).and_then(|it| it.to_str().ok());
    if !signature::verify(state.config.app_secret.as_bytes(), &body, header) {
        tracing::warn!(bytes = body.len(), "WhatsApp webhook with a missing or wrong signature refused");
        state.dispatcher.metrics().rejected("signature");
        return (StatusCode::UNAUTHORIZED, "bad signature");
    }
    let events = match payload::events(&body) {
        Ok(it) => it,
        Err(err) => {
            tracing::warn!(error = %err, "signed WhatsApp webhook is not a webhook body");
            state.dispatcher.metrics().rejected("body");
            return (StatusCode::BAD_REQUEST, "not a webhook body");
        }
    };
    let mut accepted: Vec<Inbound> = Vec::new();
    for event in events {
        let Some(inbound) = handle(&state, event) else { continue };
        // An album (several photos in one POST) gets one "please type", not one per photo.
        let repeated_notice = matches!(&inbound, Inbound::Notice { user, .. }
            if accepted.iter().any(|it| matches!(it, Inbound::Notice { user: other, .. } if other == user)));
        if repeated_notice {
            tracing::info!("another non-text message in the same delivery; answered once");
            continue;
        }
        accepted.push(inbound);
    }
    // Acknowledged only once the messages are safely kept (see `Dispatcher::accept`).
    if state.dispatcher.accept(accepted).await.is_err() {
        // Meta delivers the whole POST again later; what was kept is deduplicated then.
        return (StatusCode::SERVICE_UNAVAILABLE, "busy");
    }
    (StatusCode::OK, "EVENT_RECEIVED")
}

/// What one event asks of the bot, if anything; statuses and errors are recorded here.
fn handle<D: Dialogue>(state: &WebhookState<D>, event: Event) -> Option<Inbound> {
    let ours = |id: &Option<String>| id.as_deref().is_none_or(|id| id == state.config.phone_number_id);
    match event {
        Event::Message { phone_number_id, from, id, sent_at, content } => {
            if !ours(&phone_number_id) {
                tracing::warn!(phone_number_id = ?phone_number_id, "message for another business number ignored");
                return None;
            }
            // A resident known by username has a business-scoped user id and no number.
            let id_of_sender = match phone::is_user_id(&from) {
                true => Some(from),
                false => phone::normalize(&from),
            };
            let Some(sender) = id_of_sender else {
                tracing::warn!("message from something that is neither a phone number nor a user id ignored");
                return None;
            };
            let user = UserKey::new(CHANNEL, sender);
            if freshness::is_stale(sent_at, state.dispatcher.engine().now()) {
                tracing::warn!(user = %user, sent_at = ?sent_at, "a message older than the replay window is not processed");
                state.dispatcher.metrics().rejected("too-old");
                return None;
            }
            tracing::debug!(user = %user, number = %user.id, "sender");
            match content {
                Content::Text(text) => {
                    tracing::info!(user = %user, kind = "text", "received");
                    Some(Inbound::Turn(Incoming { user, message_id: Some(id), text, choice: None, attachment: None }))
                }
                Content::Choice { id: choice, title } => {
                    tracing::info!(user = %user, kind = "choice", "received");
                    Some(Inbound::Turn(Incoming {
                        user,
                        message_id: Some(id),
                        text: title,
                        choice: Some(choice),
                        attachment: None,
                    }))
                }
                Content::Edit { original, text } => match state.dispatcher.engine().edit_applies(&user, &original) {
                    Ok(true) => {
                        tracing::info!(user = %user, kind = "edit", "received; read as the new answer");
                        Some(Inbound::Turn(Incoming {
                            user,
                            message_id: Some(id),
                            text,
                            choice: None,
                            attachment: None,
                        }))
                    }
                    Ok(false) => {
                        tracing::info!(user = %user, kind = "edit", "received; the conversation moved on, let go");
                        None
                    }
                    Err(err) => {
                        tracing::error!(user = %user, error = %err, "cannot read the conversation for an edit; let go");
                        None
                    }
                },
                Content::NumberChanged { new } => {
                    // Not answered; the conversation and bookings follow the resident to the new number.
                    match phone::normalize(&new) {
                        Some(number) => {
                            let to = UserKey::new(CHANNEL, number);
                            if let Err(err) = state.dispatcher.engine().move_resident(&user, &to) {
                                tracing::error!(user = %user, error = %err, "cannot move a resident to their new number");
                            }
                        }
                        None => tracing::warn!(user = %user, "a changed number that is no phone number ignored"),
                    }
                    None
                }
                Content::Quiet(kind) => {
                    // A 👍 after the ticket, a deleted or edited message, a changed number: nothing to answer.
                    tracing::info!(user = %user, kind = %kind, "received; not answered");
                    None
                }
                // Fetched off the turn; the turn records it as pending (see `cekbae_dispatch::fetching`).
                Content::File { attachment, caption } if state.dispatcher.engine().dialogue().accepts_files() => {
                    tracing::info!(user = %user, kind = "file", "received");
                    Some(Inbound::Turn(Incoming {
                        user,
                        message_id: Some(id),
                        text: caption,
                        choice: None,
                        attachment: Some(attachment),
                    }))
                }
                Content::File { .. } => {
                    tracing::info!(user = %user, kind = "file", "received a file; this dialogue takes none");
                    Some(Inbound::Notice { user, message_id: Some(id), message: NON_TEXT.to_owned() })
                }
                Content::Other(kind) => {
                    tracing::info!(user = %user, kind = %kind, "received a message that is not text");
                    Some(Inbound::Notice { user, message_id: Some(id), message: NON_TEXT.to_owned() })
                }
            }
        }
        Event::Status { phone_number_id, id, status, error_code } => {
            if !ours(&phone_number_id) {
                return None;
            }
            let now = state.dispatcher.engine().now();
            match crate::statuses::record(&**state.dispatcher.engine().store(), &id, &status, error_code, now) {
                Ok(_) if status == "failed" => tracing::warn!(code = ?error_code, "a sent message failed to deliver"),
                Ok(_) => tracing::debug!(status = %status, "status recorded"),
                Err(err) => tracing::error!(error = %err, "cannot record a status"),
            }
            None
        }
        Event::AccountError { code, title } => {
            tracing::warn!(code = ?code, title = %title, "WhatsApp reported an account error");
            None
        }
    }
}

#[cfg(test)]
mod tests;
