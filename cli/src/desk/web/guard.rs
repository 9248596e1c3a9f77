//! What stands before every desk page: security headers on every answer; a signed-in session (else the
//! login page); the role a page needs (else 403); on every POST, the session's CSRF token in the form
//! (else 403, and nothing is done). Also what the pages share to answer: frames, errors, cookies.

use std::sync::Arc;

use askama::Template;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use cekbae_bot::storage::{Role, StorageError};
use cekbae_bot::Engine;
use cekbae_dialogues::Adminduk;
use cekbae_dispatch::secrets_match;

use super::gate::Signed;
use super::views::{Frame, Me, MessagePage, Tr};
use super::{WebState, CSRF_FIELD, SESSION_COOKIE};
use crate::desk::accounts::role_word;
use crate::http::peer_of;

/// The largest form accepted (a handover reply is the longest thing typed).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// What the browser may do with a desk page: nothing from elsewhere, no framing, no inline script.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every desk answer.
pub(super) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // Pages may show personal data: no copy is kept by the browser or a proxy.
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The least role a path needs.
fn needed_role(path: &str) -> Role {
    if path.starts_with("/desk/users") || path.starts_with("/desk/audit") {
        Role::Admin
    } else if path.starts_with("/desk/report") || path == "/desk/logout" {
        Role::Camat
    } else {
        Role::Petugas
    }
}

/// Signed in, allowed, and (on a POST) carrying the session's form token.
pub(super) async fn guard(State(state): State<WebState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/desk/login" || path == "/desk" || path.starts_with("/desk/static/") {
        return next.run(request).await;
    }
    let via = peer_of(&request).map_or_else(|| "unknown address".to_owned(), |it| it.to_string());
    let Some(token) = cookie(request.headers(), SESSION_COOKIE) else {
        return Redirect::to("/desk/login").into_response();
    };
    let desk = state.desk.clone();
    let signed = match blocking(state.desk.engine().clone(), move || desk.signed_in(&token, &via)).await {
        Ok(Some(signed)) => signed,
        Ok(None) => return Redirect::to("/desk/login?expired=1").into_response(),
        Err(response) => return response,
    };
    let tr = Tr::new(state.desk.engine().clone());
    // A camat lands on the report, the page they may see.
    if path == "/desk/" && signed.account.role < Role::Petugas {
        return Redirect::to("/desk/report").into_response();
    }
    if signed.account.role < needed_role(&path) {
        tracing::warn!(user = %signed.account.name, path, "desk page refused to a role without it");
        return refusal(&tr, &signed, StatusCode::FORBIDDEN, "desk-error-forbidden");
    }
    if request.method() == Method::POST {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return refusal(&tr, &signed, StatusCode::PAYLOAD_TOO_LARGE, "desk-error-refused");
        };
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let given = fields.iter().find(|(name, _)| name == CSRF_FIELD).map(|(_, value)| value.as_str());
        if !given.is_some_and(|it| secrets_match(it.as_bytes(), signed.session.csrf.as_bytes())) {
            tracing::warn!(user = %signed.account.name, path, "desk form without the session's token refused");
            return refusal(&tr, &signed, StatusCode::FORBIDDEN, "desk-error-csrf");
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    request.extensions_mut().insert(signed);
    next.run(request).await
}

/// A cookie's value.
pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|it| it.to_str().ok())
        .flat_map(|it| it.split(';'))
        .filter_map(|it| it.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .filter(|it| !it.is_empty())
}

/// `Set-Cookie` for the desk: `HttpOnly; SameSite=Strict; Path=/desk`, `Secure` over HTTPS; `max_age`
/// 0 deletes it.
pub(super) fn set_cookie(
    state: &WebState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) -> String {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|it| it.to_str().ok())
        .is_some_and(|it| it.trim().eq_ignore_ascii_case("https"));
    let mut cookie = format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/desk");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if state.config.secure_cookie || https {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The frame of a page for `signed`.
pub(super) fn frame(tr: &Tr, signed: &Signed, title_id: &str) -> Frame {
    let role = signed.account.role;
    Frame {
        tr: tr.clone(),
        title: tr.t(title_id),
        me: Some(Me {
            name: signed.account.name.clone(),
            role: role_word(role),
            petugas: role >= Role::Petugas,
            admin: role >= Role::Admin,
            csrf: signed.session.csrf.clone(),
        }),
        notice: None,
        error: None,
        csrf: signed.session.csrf.clone(),
    }
}

/// A rendered page.
pub(super) fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a desk page could not be rendered");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// A page saying why a request was refused.
pub(super) fn refusal(tr: &Tr, signed: &Signed, status: StatusCode, message_id: &str) -> Response {
    let page = MessagePage { f: frame(tr, signed, message_id), text: tr.t(message_id), back: "/desk/".to_owned() };
    html(status, &page)
}

/// Runs desk work off the async runtime (storage is synchronous). A failure is logged with its cause and
/// answered with a plain apology in the office's language, never the error itself.
pub(super) async fn blocking<T: Send + 'static>(
    engine: Arc<Engine<Adminduk>>,
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let failed = match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => return Ok(value),
        Ok(Err(err)) => format!("{err:#}"),
        Err(err) => err.to_string(),
    };
    tracing::error!(error = %failed, "desk request failed");
    let tr = Tr::new(engine);
    let f = Frame { tr: tr.clone(), title: tr.t("desk-app"), me: None, notice: None, error: None, csrf: String::new() };
    Err(html(
        StatusCode::INTERNAL_SERVER_ERROR,
        &MessagePage { f, text: tr.t("desk-error-internal"), back: "/desk/".to_owned() },
    ))
}

/// Whether an error is the storage failing (logged, not shown) rather than a refusal a person can act on.
pub(super) fn is_infrastructure(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.is::<StorageError>())
}
