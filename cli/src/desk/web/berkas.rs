//! "Cek berkas" in the browser: the bookings residents sent papers for, one booking's requirement list with
//! the files under each item (each shown through a route that opens it, audited with the signed-in user),
//! a verdict form per item, moving a file to another item, and "kirim hasil". Changes answer with a
//! redirect back to the booking's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use serde::Deserialize;

use cekbae_dialogues::berkas::Verdict;
use cekbae_dialogues::catalog::{document_label, reason_label};

use super::gate::Signed;
use super::guard::{blocking, frame, html};
use super::pages::{act, notice, refused, Empty};
use super::views::{Frame, Tr};
use super::WebState;
use crate::desk::berkas::{extension, BerkasSummary, BerkasView, Delivery};
use crate::desk::refusal::Refusal;
use crate::desk::status_word;

/// One booking in the list.
pub(super) struct BerkasRow {
    /// Ticket.
    pub(super) ticket: String,
    /// Its day.
    pub(super) date: String,
    /// Document name.
    pub(super) document: String,
    /// Files stored (and being fetched).
    pub(super) files: String,
    /// Judged / items.
    pub(super) judged: String,
    /// The check's state word.
    pub(super) state: &'static str,
    /// The check's state in words.
    pub(super) state_label: String,
    /// Where the result stands, in words.
    pub(super) delivery: String,
}

/// `GET /desk/berkas`.
#[derive(Template)]
#[template(path = "desk/berkas_list.html")]
pub(super) struct BerkasListPage {
    /// Frame.
    pub(super) f: Frame,
    /// The day shown (empty: all).
    pub(super) date: String,
    /// Rows.
    pub(super) rows: Vec<BerkasRow>,
}

/// One file under an item.
pub(super) struct FileRow {
    /// Its id.
    pub(super) id: u64,
    /// Its address (the audited view).
    pub(super) href: String,
    /// Shown as a picture (an image), else a link (a PDF).
    pub(super) image: bool,
    /// Type and size, in words.
    pub(super) about: String,
}

/// One item with its files and verdict.
pub(super) struct ItemRow {
    /// Its number.
    pub(super) number: u32,
    /// Its label.
    pub(super) label: String,
    /// The verdict word given, empty when none.
    pub(super) verdict: &'static str,
    /// The verdict in words.
    pub(super) verdict_label: String,
    /// The note.
    pub(super) note: String,
    /// Who gave the verdict, and when.
    pub(super) by: String,
    /// Files.
    pub(super) files: Vec<FileRow>,
}

/// `GET /desk/berkas/{ticket}`.
#[derive(Template)]
#[template(path = "desk/berkas.html")]
pub(super) struct BerkasPage {
    /// Frame.
    pub(super) f: Frame,
    /// Ticket.
    pub(super) ticket: String,
    /// Day, document, reason, status in words.
    pub(super) about: String,
    /// Items.
    pub(super) items: Vec<ItemRow>,
    /// Files outside the list, with the number they carry.
    pub(super) unfiled: Vec<(u32, FileRow)>,
    /// (number, label) of every item, for the move control.
    pub(super) targets: Vec<(u32, String)>,
    /// The verdicts a form offers: (word, label).
    pub(super) verdicts: Vec<(&'static str, String)>,
    /// Files still being fetched, in words (empty when none).
    pub(super) pending: String,
    /// The check's state word.
    pub(super) state: &'static str,
    /// Where the result stands, in words.
    pub(super) delivery: String,
    /// Where the result stands, as a word (`not-sent`, `queued`, `sent`, `undelivered`).
    pub(super) delivery_state: &'static str,
}

/// Query of the list.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
    date: Option<String>,
}

/// Query of a booking's page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct OkQuery {
    ok: Option<String>,
}

/// The verdict form.
#[derive(Debug, Deserialize)]
pub(super) struct VerdictForm {
    item: u32,
    verdict: String,
    note: Option<String>,
}

/// The move form.
#[derive(Debug, Deserialize)]
pub(super) struct MoveForm {
    file: u64,
    item: u32,
}

fn delivery_words(tr: &Tr, delivery: &Delivery) -> String {
    let (id, args) = delivery.message();
    tr.with(id, &args)
}

fn delivery_word(delivery: &Delivery) -> &'static str {
    match delivery {
        Delivery::NotSent => "not-sent",
        Delivery::Queued { .. } => "queued",
        Delivery::Sent => "sent",
        Delivery::Held => "held",
        Delivery::Undelivered { .. } => "undelivered",
    }
}

fn row(tr: &Tr, summary: &BerkasSummary) -> BerkasRow {
    let files = match summary.pending {
        0 => summary.files.to_string(),
        pending => format!("{} (+{pending})", summary.files),
    };
    BerkasRow {
        ticket: summary.booking.ticket.clone(),
        date: summary.booking.date.to_string(),
        document: tr.t(&document_label(&summary.booking.document)),
        files,
        judged: format!("{}/{}", summary.judged, summary.items),
        state: summary.state.word(),
        state_label: tr.t(&format!("desk-berkas-state-{}", summary.state.word())),
        delivery: delivery_words(tr, &summary.delivery),
    }
}

/// `GET /desk/berkas?date=YYYY-MM-DD`: bookings with papers (all days when no day is given).
pub(super) async fn list(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<ListQuery>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let mut f = frame(&tr, &signed, "desk-berkas-title");
    let day = match query.date.as_deref().map(str::trim).filter(|it| !it.is_empty()) {
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                f.error = Some(tr.t("desk-error-date"));
                None
            }
        },
        None => None,
    };
    let desk = state.desk.clone();
    let list = match blocking(state.desk.engine().clone(), move || desk.berkas_list(day)).await {
        Ok(list) => list,
        Err(response) => return response,
    };
    let rows = list.iter().map(|it| row(&tr, it)).collect();
    html(StatusCode::OK, &BerkasListPage { f, date: day.map(|it| it.to_string()).unwrap_or_default(), rows })
}

fn file_row(ticket: &str, file: &crate::desk::berkas::FileView) -> FileRow {
    FileRow {
        id: file.id,
        href: format!("/desk/berkas/{ticket}/files/{}", file.id),
        image: file.mime_type.starts_with("image/"),
        about: format!("{} · {} KB", extension(&file.mime_type).to_uppercase(), file.size.div_ceil(1024)),
    }
}

fn page(tr: &Tr, f: Frame, view: &BerkasView) -> BerkasPage {
    let items: Vec<ItemRow> = view
        .items
        .iter()
        .map(|item| {
            let judged = item.verdict.as_ref();
            ItemRow {
                number: item.number,
                label: tr.t(&item.label),
                verdict: judged.map_or("", |it| it.verdict.word()),
                verdict_label: judged.map_or_else(|| tr.t("desk-berkas-no-verdict"), |it| tr.t(&it.verdict.label())),
                note: judged.and_then(|it| it.note.clone()).unwrap_or_default(),
                by: judged.map(|it| format!("{}, {}", it.by, it.at.format("%d-%m-%Y %H:%M UTC"))).unwrap_or_default(),
                files: item.files.iter().map(|it| file_row(&view.booking.ticket, it)).collect(),
            }
        })
        .collect();
    let about = format!(
        "{} · {} – {} · {}",
        view.booking.date,
        tr.t(&document_label(&view.booking.document)),
        tr.t(&reason_label(&view.booking.reason)),
        tr.t(&format!("desk-status-{}", status_word(view.booking.status))),
    );
    BerkasPage {
        f,
        ticket: view.booking.ticket.clone(),
        about,
        targets: items.iter().map(|it| (it.number, it.label.clone())).collect(),
        items,
        unfiled: view.unfiled.iter().map(|(slot, file)| (*slot, file_row(&view.booking.ticket, file))).collect(),
        verdicts: Verdict::ALL.iter().map(|it| (it.word(), tr.t(&it.label()))).collect(),
        pending: match view.pending {
            0 => String::new(),
            count => tr.with("desk-berkas-pending", &[("count", count.to_string())]),
        },
        state: view.state.word(),
        delivery: delivery_words(tr, &view.delivery),
        delivery_state: delivery_word(&view.delivery),
    }
}

/// `GET /desk/berkas/{ticket}`: the booking's check; audited (`berkas-show`) with the signed-in user.
pub(super) async fn show(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
    Query(query): Query<OkQuery>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    let view = match act(&tr, &signed, "/desk/berkas", move || desk.berkas_show(&ticket, &who)).await {
        Ok(view) => view,
        Err(response) => return response,
    };
    let mut f = frame(&tr, &signed, "desk-berkas-title");
    f.title = tr.with("desk-berkas-item-title", &[("ticket", view.booking.ticket.clone())]);
    f.notice = notice(&tr, query.ok.as_deref(), &["verdict", "moved", "berkas-sent"]);
    html(StatusCode::OK, &page(&tr, f, &view))
}

/// `GET /desk/berkas/{ticket}/files/{id}`: the file, opened, with its stored type; audited (`berkas-view`).
/// Never cached, never sniffed as another type; a PDF is downloaded rather than shown in the desk's origin.
pub(super) async fn file(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path((ticket, id)): Path<(String, u64)>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    let wanted = ticket.clone();
    let (meta, bytes) = match act(&tr, &signed, "/desk/berkas", move || desk.berkas_file(&wanted, id, &who)).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let image = meta.mime_type.starts_with("image/");
    let name = format!("{ticket}-{id}.{}", extension(&meta.mime_type));
    let disposition = format!("{}; filename=\"{name}\"", if image { "inline" } else { "attachment" });
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    let content_type =
        HeaderValue::from_str(&meta.mime_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// Runs `work` on booking `ticket`'s check as the signed-in petugas, then goes back to the booking's page
/// saying `ok`, or shows the refusal there.
async fn berkas_change(
    state: WebState,
    signed: Signed,
    ticket: String,
    ok: &str,
    work: impl FnOnce(crate::desk::Desk, String, crate::desk::Requester) -> anyhow::Result<BerkasView> + Send + 'static,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let back = format!("/desk/berkas/{ticket}");
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, &back, move || work(desk, ticket, who)).await {
        Ok(view) => Redirect::to(&format!("/desk/berkas/{}?ok={ok}", view.booking.ticket)).into_response(),
        Err(response) => response,
    }
}

/// `POST /desk/berkas/{ticket}/verdict`.
pub(super) async fn verdict(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
    Form(form): Form<VerdictForm>,
) -> Response {
    let Some(verdict) = Verdict::parse(&form.verdict) else {
        let tr = Tr::new(state.desk.engine().clone());
        return refused(&tr, &signed, &Refusal::UnknownVerdict.into(), &format!("/desk/berkas/{ticket}"));
    };
    berkas_change(state, signed, ticket, "verdict", move |desk, ticket, who| {
        desk.berkas_verdict(&ticket, form.item, verdict, form.note.as_deref(), &who)
    })
    .await
}

/// `POST /desk/berkas/{ticket}/move`.
pub(super) async fn move_file(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
    Form(form): Form<MoveForm>,
) -> Response {
    berkas_change(state, signed, ticket, "moved", move |desk, ticket, who| {
        desk.berkas_move(&ticket, form.file, form.item, &who)
    })
    .await
}

/// `POST /desk/berkas/{ticket}/send`: "kirim hasil".
pub(super) async fn send(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(ticket): Path<String>,
    Form(_): Form<Empty>,
) -> Response {
    berkas_change(state, signed, ticket, "berkas-sent", move |desk, ticket, who| desk.berkas_send(&ticket, &who)).await
}
