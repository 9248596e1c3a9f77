//! The counter's pages: appointments of a day (status buttons, cancel with confirmation, "show NIK"),
//! handovers (reply, close, live list), and the office's closures. Each change answers with a redirect to
//! the page it came from (so a reload does not repeat it) and a notice code in the address.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use serde::Deserialize;

use cekbae_bot::storage::BookingStatus;
use cekbae_bot::unsafe_chars::escaped;
use cekbae_dialogues::berkas::Arrival;
use cekbae_dialogues::catalog::{document_label, reason_label};

use super::gate::Signed;
use super::guard::{blocking, frame, html, is_infrastructure};
use super::views::{
    AppointmentRow, AppointmentsPage, CancelPage, ClosureRow, ClosuresPage, HandoverItem, HandoverList, HandoversPage,
    LineRow, MessagePage, Tr,
};
use super::WebState;
use crate::desk::refusal::Refusal;
use crate::desk::{parse_status, status_word, AppointmentView, HandoverView};

/// Query of the appointments page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct DayQuery {
    date: Option<String>,
    ticket: Option<String>,
    ok: Option<String>,
}

/// A form with only its token.
#[derive(Debug, Deserialize)]
pub(super) struct Empty {}

/// The status form.
#[derive(Debug, Deserialize)]
pub(super) struct StatusForm {
    status: String,
    confirm: Option<String>,
    /// With `done`: `lengkap`, `tidak-lengkap`, or empty (not recorded).
    berkas: Option<String>,
}

/// The reply form.
#[derive(Debug, Deserialize)]
pub(super) struct ReplyForm {
    text: String,
}

/// The new-closure form.
#[derive(Debug, Deserialize)]
pub(super) struct ClosureForm {
    date: String,
    reason: Option<String>,
}

/// A notice code from the address, as words (unknown codes show nothing).
pub(super) fn notice(tr: &Tr, code: Option<&str>, allowed: &[&str]) -> Option<String> {
    code.filter(|it| allowed.contains(it)).map(|it| tr.t(&format!("desk-ok-{it}")))
}

/// A refusal a person can act on (no such ticket, day closed already...), or an apology for a failure.
pub(super) fn refused(tr: &Tr, signed: &Signed, err: &anyhow::Error, back: &str) -> Response {
    let (status, text) = match err.downcast_ref::<Refusal>() {
        Some(refusal) if !is_infrastructure(err) => {
            let (id, args) = refusal.message();
            let args: Vec<(&str, String)> = args.iter().map(|(name, value)| (*name, escaped(value))).collect();
            (StatusCode::BAD_REQUEST, tr.with("desk-error-refused", &[("reason", tr.with(id, &args))]))
        }
        _ => {
            tracing::error!(error = %format!("{err:#}"), "desk action failed");
            (StatusCode::INTERNAL_SERVER_ERROR, tr.t("desk-error-internal"))
        }
    };
    html(status, &MessagePage { f: frame(tr, signed, "desk-app"), text, back: back.to_owned() })
}

/// Runs a desk action off the async threads: its value, or the page that says why it was refused (an apology
/// for a failure), with a link `back`.
pub(super) async fn act<T: Send + 'static>(
    tr: &Tr,
    signed: &Signed,
    back: &str,
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(refused(tr, signed, &err, back)),
        Err(err) => Err(refused(tr, signed, &anyhow::Error::new(err).context("desk task failed"), back)),
    }
}

fn today(state: &WebState) -> NaiveDate {
    let engine = state.desk.engine();
    engine.dialogue().calendar().local_date(engine.now())
}

fn appointment_row(
    tr: &Tr,
    state: &WebState,
    view: &AppointmentView,
    shown_day: Option<NaiveDate>,
    revealed: bool,
) -> AppointmentRow {
    let calendar = state.desk.engine().dialogue().calendar();
    let status = status_word(view.status);
    AppointmentRow {
        ticket: view.ticket.clone(),
        date: view.date.to_string(),
        other_day: shown_day != Some(view.date),
        booked_at: calendar.local_time(view.booked_at).format("%d-%m-%Y %H:%M").to_string(),
        document: tr.t(&document_label(&view.document)),
        reason: tr.t(&reason_label(&view.reason)),
        nik: view.nik.clone(),
        revealed,
        channel: view.channel.clone(),
        status,
        status_label: tr.t(&format!("desk-status-{status}")),
        open: view.status == BookingStatus::Booked,
    }
}

/// `GET /desk/` (today's appointments) and `GET /desk/appointments?date=YYYY-MM-DD` (or `?ticket=`).
pub(super) async fn appointments(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<DayQuery>,
) -> Response {
    appointments_of(state, signed, query, None).await
}

async fn appointments_of(
    state: WebState,
    signed: Signed,
    query: DayQuery,
    revealed: Option<AppointmentView>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let mut f = frame(&tr, &signed, "desk-appointments-title");
    f.notice = notice(&tr, query.ok.as_deref(), &["status", "cancelled"]);
    let ticket = query.ticket.as_deref().map(str::trim).filter(|it| !it.is_empty()).map(str::to_uppercase);
    let day = match query.date.as_deref().filter(|it| !it.is_empty()) {
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => day,
            Err(_) => {
                f.error = Some(tr.t("desk-error-date"));
                today(&state)
            }
        },
        None => revealed.as_ref().map_or_else(|| today(&state), |it| it.date),
    };
    let desk = state.desk.clone();
    let who = signed.requester();
    let searched = ticket.clone();
    let list = blocking(state.desk.engine().clone(), move || match searched {
        Some(ticket) => {
            Ok(desk.appointments(None, None, false, &who)?.into_iter().filter(|it| it.ticket == ticket).collect())
        }
        None => desk.appointments(Some(day), Some(day), false, &who),
    })
    .await;
    let list: Vec<AppointmentView> = match list {
        Ok(list) => list,
        Err(response) => return response,
    };
    let rows = list
        .iter()
        .map(|view| match &revealed {
            Some(open) if open.ticket == view.ticket => appointment_row(&tr, &state, open, Some(day), true),
            _ => appointment_row(&tr, &state, view, Some(day), false),
        })
        .collect();
    if revealed.is_some() {
        f.notice = Some(tr.t("desk-ok-revealed"));
    }
    let page = AppointmentsPage { f, date: day.to_string(), ticket: ticket.unwrap_or_default(), rows };
    html(StatusCode::OK, &page)
}

/// `POST /desk/appointments/{ticket}/status`: done, no-show, or cancel (with `confirm=yes`).
pub(super) async fn set_status(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let status = parse_status(&form.status).filter(|it| *it != BookingStatus::Booked);
    let Some(status) = status else {
        return refused(&tr, &signed, &Refusal::UnknownStatus.into(), "/desk/");
    };
    if status == BookingStatus::Cancelled && form.confirm.as_deref() != Some("yes") {
        return Redirect::to(&format!("/desk/appointments/{ticket}/cancel")).into_response();
    }
    let arrival = match form.berkas.as_deref().map(str::trim).filter(|it| !it.is_empty()) {
        Some(word) => match Arrival::parse(word) {
            Some(arrival) if status == BookingStatus::Done => Some(arrival),
            _ => return refused(&tr, &signed, &Refusal::UnknownArrival.into(), "/desk/"),
        },
        None => None,
    };
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/", move || desk.set_status_with(&ticket, status, arrival, &who)).await {
        Ok(view) => {
            let ok = if status == BookingStatus::Cancelled { "cancelled" } else { "status" };
            Redirect::to(&format!("/desk/appointments?date={}&ok={ok}", view.date)).into_response()
        }
        Err(response) => response,
    }
}

/// `GET /desk/appointments/{ticket}/cancel`: asks before cancelling (the resident is told).
pub(super) async fn confirm_cancel(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    let wanted = ticket.clone();
    let found = blocking(state.desk.engine().clone(), move || {
        Ok(desk.appointments(None, None, false, &who)?.into_iter().find(|it| it.ticket == wanted))
    })
    .await;
    let view = match found {
        Ok(Some(view)) => view,
        Ok(None) => return refused(&tr, &signed, &Refusal::NoTicket(ticket).into(), "/desk/"),
        Err(response) => return response,
    };
    let question = tr.with(
        "desk-cancel-question",
        &[("ticket", view.ticket.clone()), ("date", view.date.to_string()), ("channel", view.channel.clone())],
    );
    let page = CancelPage {
        f: frame(&tr, &signed, "desk-cancel-title"),
        ticket: view.ticket,
        date: view.date.to_string(),
        question,
    };
    html(StatusCode::OK, &page)
}

/// `POST /desk/appointments/{ticket}/reveal`: the day's list with this one NIK shown; audited. A POST, so
/// the NIK is never in an address, a history or a proxy's log.
pub(super) async fn reveal(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/", move || desk.reveal_one(&ticket, &who)).await {
        Ok(view) => appointments_of(state, signed, DayQuery::default(), Some(view)).await,
        Err(response) => response,
    }
}

fn handover_item(tr: &Tr, state: &WebState, view: &HandoverView) -> HandoverItem {
    let calendar = state.desk.engine().dialogue().calendar();
    let time = |at| calendar.local_time(at).format("%d-%m %H:%M").to_string();
    HandoverItem {
        id: view.id,
        channel: view.channel.clone(),
        state: tr.t(&format!("desk-handover-{}", view.state)),
        opened: tr.with("desk-handover-opened", &[("time", time(view.opened_at))]),
        summary: view.summary.iter().map(|(key, value)| summary_row(tr, state, key, value)).collect(),
        lines: view
            .lines
            .iter()
            .rev()
            .take(10)
            .rev()
            .map(|(at, from, text)| LineRow {
                at: time(*at),
                from: from.clone(),
                who: tr.t(&format!("desk-handover-{from}")),
                text: text.clone(),
            })
            .collect(),
    }
}

/// What the bot knows, in words: known slots by their Fluent name and their value's label, others as kept.
fn summary_row(tr: &Tr, state: &WebState, key: &str, value: &str) -> (String, String) {
    let locales = state.desk.engine().locales();
    let name_id = format!("desk-summary-{key}");
    let name = if locales.has_message(&tr.lang, &name_id) { tr.t(&name_id) } else { key.to_owned() };
    let value = match key {
        "document" => tr.t(&document_label(value)),
        "reason" => tr.t(&reason_label(value)),
        "desa" => tr.t(&cekbae_dialogues::catalog::desa_label(value)),
        _ => value.to_owned(),
    };
    (name, value)
}

async fn handover_list(state: &WebState, signed: &Signed) -> Result<String, Response> {
    let desk = state.desk.clone();
    let list = blocking(state.desk.engine().clone(), move || desk.handovers(false)).await?;
    let tr = Tr::new(state.desk.engine().clone());
    let items = list.iter().map(|view| handover_item(&tr, state, view)).collect();
    let fragment = HandoverList { tr, csrf: signed.session.csrf.clone(), items };
    askama::Template::render(&fragment).map_err(|err| {
        tracing::error!(error = %err, "the handover list could not be rendered");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    })
}

/// Query of the handovers page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct OkQuery {
    ok: Option<String>,
}

/// `GET /desk/handovers`.
pub(super) async fn handovers(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<OkQuery>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let list = match handover_list(&state, &signed).await {
        Ok(list) => list,
        Err(response) => return response,
    };
    let mut f = frame(&tr, &signed, "desk-handovers-title");
    f.notice = notice(&tr, query.ok.as_deref(), &["replied", "closed"]);
    html(StatusCode::OK, &HandoversPage { f, list })
}

/// `GET /desk/handovers/live`: the list alone, for the page's script to refresh it.
pub(super) async fn handovers_live(State(state): State<WebState>, Extension(signed): Extension<Signed>) -> Response {
    match handover_list(&state, &signed).await {
        Ok(list) => axum::response::Html(list).into_response(),
        Err(response) => response,
    }
}

/// `POST /desk/handovers/{id}/reply`.
pub(super) async fn reply(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<u64>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/handovers", move || desk.reply_as(id, &form.text, &who)).await {
        Ok(_) => Redirect::to("/desk/handovers?ok=replied").into_response(),
        Err(response) => response,
    }
}

/// `POST /desk/handovers/{id}/close`.
pub(super) async fn close(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<u64>,
    Form(_): Form<Empty>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/handovers", move || desk.close_as(id, &who)).await {
        Ok(_) => Redirect::to("/desk/handovers?ok=closed").into_response(),
        Err(response) => response,
    }
}

/// `GET /desk/closures`.
pub(super) async fn closures(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<OkQuery>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let list = match blocking(state.desk.engine().clone(), move || desk.closures()).await {
        Ok(list) => list,
        Err(response) => return response,
    };
    let rows = list
        .iter()
        .map(|it| ClosureRow {
            date: it.date.to_string(),
            reason: it.reason.clone().unwrap_or_default(),
            by: it.added_by.clone(),
        })
        .collect();
    let mut f = frame(&tr, &signed, "desk-closures-title");
    f.notice = notice(&tr, query.ok.as_deref(), &["closure-added", "closure-removed"]);
    html(StatusCode::OK, &ClosuresPage { f, rows })
}

/// `POST /desk/closures`: closes a day; its residents are told and offered other days.
pub(super) async fn add_closure(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Form(form): Form<ClosureForm>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let Ok(date) = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d") else {
        return refused(&tr, &signed, &Refusal::NotADate(form.date).into(), "/desk/closures");
    };
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/closures", move || desk.add_closure(date, form.reason.as_deref(), &who)).await {
        Ok(_) => Redirect::to("/desk/closures?ok=closure-added").into_response(),
        Err(response) => response,
    }
}

/// `POST /desk/closures/{date}/remove`.
pub(super) async fn remove_closure(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(date): Path<String>,
    Form(_): Form<Empty>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
        return refused(&tr, &signed, &Refusal::NotADate(date).into(), "/desk/closures");
    };
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/closures", move || desk.remove_closure(date, &who)).await {
        Ok(_) => Redirect::to("/desk/closures?ok=closure-removed").into_response(),
        Err(response) => response,
    }
}
