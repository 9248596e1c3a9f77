//! The admin API that `cekbae serve` offers on 127.0.0.1 (by default) when
//! `CEKBAE_ADMIN_TOKEN` is set, so desk commands work while the server holds
//! the data directory. Every request needs `Authorization: Bearer <token>`;
//! an address that keeps sending wrong tokens is made to wait ([`super::throttle`]).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Extension;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use cekbae_dialogues::berkas::{Arrival, Verdict};
use cekbae_dispatch::secrets_match;

use super::throttle::Throttle;
use super::{parse_status, Desk, Requester};
use crate::desk::refusal::Refusal;
use crate::http::peer_of;
use crate::secrets::Secret;

/// The file in the data directory where the server writes its admin address,
/// so desk commands can find it.
pub const ADDRESS_FILE: &str = "admin.addr";

#[derive(Clone)]
struct ApiState {
    desk: Desk,
    token: Arc<Secret>,
    throttle: Arc<Throttle>,
}

/// Period and options shared by the GET routes.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
    /// Show full NIKs (audited).
    #[serde(default)]
    pub reveal: bool,
    /// Who asks (for the audit log).
    pub by: Option<String>,
    /// All handovers, not only open ones.
    #[serde(default)]
    pub all: bool,
}

/// Body of a status change.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct StatusBody {
    /// `done`, `no-show` or `cancel`.
    pub status: String,
    /// Who changes it.
    pub by: Option<String>,
    /// With `done`: `lengkap` or `tidak-lengkap`, how the resident came with their papers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub berkas: Option<String>,
}

/// Query of the berkas routes.
#[derive(Debug, Default, Deserialize)]
pub struct BerkasQuery {
    /// Only bookings of this day.
    pub date: Option<NaiveDate>,
    /// Who asks (for the audit log).
    pub by: Option<String>,
}

/// Body of a verdict on an item.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct VerdictBody {
    /// The item, from 1.
    pub item: u32,
    /// `ok`, `unclear`, `wrong` or `missing`.
    pub verdict: String,
    /// The note for the resident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who gives it.
    pub by: Option<String>,
}

/// Body of a file moved to another item.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct MoveBody {
    /// The file's id.
    pub file: u64,
    /// The item, from 1.
    pub item: u32,
    /// Who moves it.
    pub by: Option<String>,
}

/// Body of an action that names only who does it.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct ByBody {
    /// Who.
    pub by: Option<String>,
}

/// Body of a petugas reply.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct ReplyBody {
    /// The text for the resident.
    pub text: String,
}

/// Body of a new closure.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct ClosureBody {
    /// The day to close.
    pub date: NaiveDate,
    /// Why, in words residents read.
    pub reason: Option<String>,
    /// Who closes it.
    pub by: Option<String>,
}

/// Body of a new account, or a new password.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct UserBody {
    /// The login name (new accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `admin`, `petugas` or `camat` (new accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Who makes the change.
    pub by: Option<String>,
}

/// The admin routes.
pub fn router(desk: Desk, token: Secret) -> Router {
    let state = ApiState { desk, token: Arc::new(token), throttle: Arc::default() };
    Router::new()
        .route("/admin/appointments", get(appointments))
        .route("/admin/appointments/{ticket}", post(set_status))
        .route("/admin/handovers", get(handovers))
        .route("/admin/handovers/{id}/reply", post(reply))
        .route("/admin/handovers/{id}/close", post(close))
        .route("/admin/report", get(report))
        .route("/admin/purge", post(purge))
        .route("/admin/audit", get(audit))
        .route("/admin/closures", get(closures).post(add_closure))
        .route("/admin/closures/{date}", delete(remove_closure))
        .route("/admin/users", get(users).post(add_user))
        .route("/admin/users/{name}/disable", post(disable_user))
        .route("/admin/users/{name}/password", post(set_password))
        .route("/admin/reminders/run", post(run_reminders))
        .route("/admin/backup", get(backup))
        .route("/admin/berkas", get(berkas_list))
        .route("/admin/berkas/{ticket}", get(berkas_show))
        .route("/admin/berkas/{ticket}/files/{id}", get(berkas_file))
        .route("/admin/berkas/{ticket}/verdict", post(berkas_verdict))
        .route("/admin/berkas/{ticket}/move", post(berkas_move))
        .route("/admin/berkas/{ticket}/send", post(berkas_send))
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .with_state(state)
}

async fn require_token(State(state): State<ApiState>, mut request: Request, next: Next) -> Response {
    let peer = peer_of(&request);
    let now = Instant::now();
    if let Some(wait) = state.throttle.blocked(peer.map(|it| it.ip()), now) {
        let seconds = wait.as_secs().max(1);
        let body = Json(json!({"error": format!("too many wrong admin tokens; try again in {seconds} s")}));
        return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", seconds.to_string())], body).into_response();
    }
    let given = request
        .headers()
        .get("authorization")
        .and_then(|it| it.to_str().ok())
        .and_then(|it| it.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !secrets_match(given.as_bytes(), state.token.expose().as_bytes()) {
        state.throttle.failed(peer.map(|it| it.ip()), now);
        tracing::warn!(path = %request.uri().path(), peer = ?peer, "admin API request without the right token refused");
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "missing or wrong admin token"}))).into_response();
    }
    // What the audit log can vouch for: the token was right, from this address.
    let via = match peer {
        Some(peer) => format!("admin API token from {peer}"),
        None => "admin API token".to_owned(),
    };
    request.extensions_mut().insert(Via(via));
    next.run(request).await
}

/// How an admin API request was authenticated.
#[derive(Debug, Clone)]
struct Via(String);

/// The petugas behind a request: the name they give (not verified) and how they got in.
fn requester(name: Option<String>, via: &Via) -> Requester {
    Requester { name: name.unwrap_or_else(|| "admin-api".to_owned()), via: via.0.clone() }
}

/// Runs a desk operation off the async runtime (storage is synchronous) and answers JSON.
async fn run<T: serde::Serialize + Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Json(value).into_response(),
        Ok(Err(err)) => {
            let status =
                if err.to_string().starts_with("no ") { StatusCode::NOT_FOUND } else { StatusCode::BAD_REQUEST };
            (status, Json(json!({"error": format!("{err:#}")}))).into_response()
        }
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": err.to_string()}))).into_response(),
    }
}

async fn appointments(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Query(params): Query<Params>,
) -> Response {
    let who = requester(params.by, &via);
    run(move || state.desk.appointments(params.from, params.to, params.reveal, &who)).await
}

async fn set_status(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(ticket): Path<String>,
    Json(body): Json<StatusBody>,
) -> Response {
    let Some(status) = parse_status(&body.status) else {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "status must be done, no-show, cancel or ready"})))
            .into_response();
    };
    let who = requester(body.by, &via);
    run(move || {
        let arrival = match body.berkas.as_deref() {
            Some(word) => Some(Arrival::parse(word).ok_or(Refusal::UnknownArrival)?),
            None => None,
        };
        state.desk.set_status_with(&ticket, status, arrival, &who)
    })
    .await
}

async fn berkas_list(State(state): State<ApiState>, Query(query): Query<BerkasQuery>) -> Response {
    run(move || state.desk.berkas_list(query.date)).await
}

async fn berkas_show(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(ticket): Path<String>,
    Query(query): Query<BerkasQuery>,
) -> Response {
    let who = requester(query.by, &via);
    run(move || state.desk.berkas_show(&ticket, &who)).await
}

/// A file's content (audited), with its stored type.
async fn berkas_file(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path((ticket, id)): Path<(String, u64)>,
    Query(query): Query<BerkasQuery>,
) -> Response {
    let who = requester(query.by, &via);
    match tokio::task::spawn_blocking(move || state.desk.berkas_file(&ticket, id, &who)).await {
        Ok(Ok((meta, bytes))) => {
            let headers = [("content-type", meta.mime_type), ("cache-control", "no-store".to_owned())];
            (headers, bytes).into_response()
        }
        Ok(Err(err)) if err.downcast_ref::<Refusal>().is_some() => {
            (StatusCode::NOT_FOUND, Json(json!({"error": format!("{err:#}")}))).into_response()
        }
        Ok(Err(err)) => {
            tracing::error!(error = %format!("{err:#}"), "a resident's file could not be read through the admin API");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"error": "the file could not be read; see the server's log"})),
            )
                .into_response()
        }
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": err.to_string()}))).into_response(),
    }
}

async fn berkas_verdict(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(ticket): Path<String>,
    Json(body): Json<VerdictBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || {
        let verdict = Verdict::parse(&body.verdict).ok_or(Refusal::UnknownVerdict)?;
        state.desk.berkas_verdict(&ticket, body.item, verdict, body.note.as_deref(), &who)
    })
    .await
}

async fn berkas_move(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(ticket): Path<String>,
    Json(body): Json<MoveBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || state.desk.berkas_move(&ticket, body.file, body.item, &who)).await
}

async fn berkas_send(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(ticket): Path<String>,
    Json(body): Json<ByBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || state.desk.berkas_send(&ticket, &who)).await
}

async fn run_reminders(State(state): State<ApiState>, Json(body): Json<super::notices::RemindersBody>) -> Response {
    run(move || state.desk.run_reminders(body.now)).await
}

async fn handovers(State(state): State<ApiState>, Query(params): Query<Params>) -> Response {
    run(move || state.desk.handovers(params.all)).await
}

async fn reply(State(state): State<ApiState>, Path(id): Path<u64>, Json(body): Json<ReplyBody>) -> Response {
    run(move || state.desk.reply(id, &body.text)).await
}

async fn close(State(state): State<ApiState>, Path(id): Path<u64>) -> Response {
    run(move || state.desk.close(id)).await
}

async fn report(State(state): State<ApiState>, Query(params): Query<Params>) -> Response {
    run(move || state.desk.report(params.from, params.to)).await
}

async fn purge(State(state): State<ApiState>) -> Response {
    run(move || state.desk.purge()).await
}

async fn audit(State(state): State<ApiState>, Query(params): Query<Params>) -> Response {
    run(move || state.desk.audit_log(params.from, params.to)).await
}

async fn closures(State(state): State<ApiState>) -> Response {
    run(move || state.desk.closures()).await
}

async fn add_closure(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Json(body): Json<ClosureBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || state.desk.add_closure(body.date, body.reason.as_deref(), &who)).await
}

async fn remove_closure(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(date): Path<NaiveDate>,
    Query(params): Query<Params>,
) -> Response {
    let who = requester(params.by, &via);
    run(move || state.desk.remove_closure(date, &who)).await
}

async fn users(State(state): State<ApiState>) -> Response {
    run(move || state.desk.users()).await
}

async fn add_user(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Json(body): Json<UserBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || {
        let role = body.role.as_deref().and_then(super::accounts::parse_role);
        let role = role.ok_or(Refusal::UnknownRole)?;
        let name = body.name.unwrap_or_default();
        state.desk.add_user(&name, role, body.password.as_deref().unwrap_or_default(), &who)
    })
    .await
}

async fn disable_user(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(name): Path<String>,
    Json(body): Json<UserBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || state.desk.disable_user(&name, &who)).await
}

async fn set_password(
    State(state): State<ApiState>,
    Extension(via): Extension<Via>,
    Path(name): Path<String>,
    Json(body): Json<UserBody>,
) -> Response {
    let who = requester(body.by, &via);
    run(move || state.desk.set_password(&name, body.password.as_deref().unwrap_or_default(), &who)).await
}

/// A compressed backup of the store, taken while the server runs. The server has `CEKBAE_DATA_KEY`
/// (`serve` needs it), so the store's own key is left out.
async fn backup(State(state): State<ApiState>) -> Response {
    let engine = state.desk.engine().clone();
    match tokio::task::spawn_blocking(move || crate::backup::archive::archive(&**engine.store(), false, engine.now()))
        .await
    {
        Ok(Ok(bytes)) => ([("content-type", "application/gzip")], bytes).into_response(),
        Ok(Err(err)) => {
            tracing::error!(error = %format!("{err:#}"), "backup through the admin API failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": "the backup failed; see the server's log"})))
                .into_response()
        }
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": err.to_string()}))).into_response(),
    }
}
