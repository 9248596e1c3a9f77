//! Signing in and out, the camat's report (figures, charts, CSV), and the admin's accounts and audit log.

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use serde::Deserialize;

use cekbae_bot::unsafe_chars::escaped;

use super::gate::{random_token, Login, Signed};
use super::guard::{blocking, cookie, frame, html, set_cookie};
use super::pages::{act, notice, Empty};
use super::views::{AuditPage, AuditRow, Figure, Frame, LoginPage, ReportPage, Tr, UserRow, UsersPage};
use super::{WebState, LOGIN_COOKIE, SESSION_COOKIE};
use crate::desk::accounts::{parse_role, role_word};
use crate::desk::refusal::Refusal;
use crate::desk::report::{charts, to_csv, Report};
use crate::http::peer_of;

/// Constant-time comparison of two tokens.
fn same(a: &str, b: &str) -> bool {
    cekbae_dispatch::secrets_match(a.as_bytes(), b.as_bytes())
}

/// Query of the login page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginQuery {
    expired: Option<String>,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub(super) struct LoginForm {
    username: String,
    password: String,
    csrf_token: String,
}

fn login_frame(tr: &Tr) -> Frame {
    Frame { tr: tr.clone(), title: tr.t("desk-login-title"), me: None, notice: None, error: None, csrf: String::new() }
}

fn login_form(state: &WebState, headers: &HeaderMap, status: StatusCode, mut f: Frame) -> Response {
    let token = match random_token() {
        Ok(token) => token,
        Err(err) => {
            tracing::error!(error = %err, "no token for the login form");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    f.csrf = token.clone();
    let cookie = set_cookie(state, headers, LOGIN_COOKIE, &token, None);
    let mut response = html(status, &LoginPage { f, csrf: token });
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `GET /desk/login`: the form, with a fresh token in a hidden field and in a cookie.
pub(super) async fn login_page(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let mut f = login_frame(&tr);
    if query.expired.is_some() {
        f.notice = Some(tr.t("desk-login-expired"));
    }
    login_form(&state, &headers, StatusCode::OK, f)
}

/// `POST /desk/login`: 303 to `/desk/` with the session cookie, or the form again saying why not.
pub(super) async fn login(State(state): State<WebState>, request: Request) -> Response {
    let via = peer_of(&request).map_or_else(|| "unknown address".to_owned(), |it| it.to_string());
    let headers = request.headers().clone();
    let tr = Tr::new(state.desk.engine().clone());
    let Ok(bytes) = axum::body::to_bytes(request.into_body(), 16 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(form) = serde_urlencoded::from_bytes::<LoginForm>(&bytes) else {
        let mut f = login_frame(&tr);
        f.error = Some(tr.t("desk-error-csrf"));
        return login_form(&state, &headers, StatusCode::FORBIDDEN, f);
    };
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same(&form.csrf_token, &expected) {
        tracing::warn!(via, "desk login without the form's token refused");
        let mut f = login_frame(&tr);
        f.error = Some(tr.t("desk-error-csrf"));
        return login_form(&state, &headers, StatusCode::FORBIDDEN, f);
    }
    let desk = state.desk.clone();
    let name = form.username.trim().to_owned();
    let outcome = match blocking(state.desk.engine().clone(), move || {
        desk.sign_in(&name, &form.password, &format!("desk login from {via}"))
    })
    .await
    {
        Ok(outcome) => outcome,
        Err(response) => return response,
    };
    match outcome {
        Login::Signed { token, .. } => {
            let mut response = Redirect::to("/desk/").into_response();
            let session = set_cookie(&state, &headers, SESSION_COOKIE, &token, None);
            let spent = set_cookie(&state, &headers, LOGIN_COOKIE, "", Some(0));
            for value in [session, spent] {
                if let Ok(value) = value.parse() {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Login::Refused => {
            let mut f = login_frame(&tr);
            f.error = Some(tr.t("desk-login-wrong"));
            login_form(&state, &headers, StatusCode::UNAUTHORIZED, f)
        }
        Login::Locked { until } => {
            let calendar = state.desk.engine().dialogue().calendar();
            let mut f = login_frame(&tr);
            let time = calendar.local_time(until).format("%H:%M").to_string();
            f.error = Some(tr.with("desk-login-locked", &[("time", time)]));
            login_form(&state, &headers, StatusCode::TOO_MANY_REQUESTS, f)
        }
    }
}

/// `POST /desk/logout`.
pub(super) async fn logout(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    headers: HeaderMap,
    Form(_): Form<Empty>,
) -> Response {
    let desk = state.desk.clone();
    if let Err(response) = blocking(state.desk.engine().clone(), move || desk.sign_out(&signed)).await {
        return response;
    }
    let mut response = Redirect::to("/desk/login").into_response();
    if let Ok(value) = set_cookie(&state, &headers, SESSION_COOKIE, "", Some(0)).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A period from the address.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    ok: Option<String>,
}

impl PeriodQuery {
    fn days(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let day = |text: &Option<String>| text.as_deref().and_then(|it| NaiveDate::parse_from_str(it, "%Y-%m-%d").ok());
        (day(&self.from), day(&self.to))
    }
}

fn text_of(day: Option<NaiveDate>) -> String {
    day.map(|it| it.to_string()).unwrap_or_default()
}

async fn build_report(state: &WebState, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Report, Response> {
    let desk = state.desk.clone();
    blocking(state.desk.engine().clone(), move || desk.report(from, to)).await
}

/// `GET /desk/report?from=&to=`: the figures of `cekbae report`, with charts.
pub(super) async fn report(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<PeriodQuery>,
) -> Response {
    let (from, to) = query.days();
    let report = match build_report(&state, from, to).await {
        Ok(report) => report,
        Err(response) => return response,
    };
    let tr = Tr::new(state.desk.engine().clone());
    let label = |id: &str| tr.t(id);
    let figure = |key: &'static str, value: String, id: &str| Figure { key, value, label: tr.t(id) };
    let skm = &report.skm;
    let figures = vec![
        figure("users", report.users.to_string(), "desk-report-users"),
        figure("conversations", report.conversations.to_string(), "desk-report-conversations"),
        figure("funnel.done", report.funnel.done.to_string(), "desk-report-tickets"),
        figure("bookings.total", report.bookings.total.to_string(), "desk-report-bookings"),
        figure("handovers.total", report.handovers.total.to_string(), "desk-report-handovers"),
        figure("skm.respondents", skm.respondents.to_string(), "desk-report-respondents"),
        figure("skm.ikm", skm.ikm.map_or("–".to_owned(), |it| format!("{it:.2}")), "desk-report-ikm"),
        figure("berkas.files_received", report.berkas.files_received.to_string(), "desk-report-berkas-files"),
        figure("berkas.results_sent", report.berkas.results_sent.to_string(), "desk-report-berkas-sent"),
    ];
    let period = match (from, to) {
        (None, None) => tr.t("desk-period-all"),
        _ => tr.with(
            "desk-period-range",
            &[
                ("from", from.map_or("…".to_owned(), |d| d.format("%d-%m-%Y").to_string())),
                ("to", to.map_or("…".to_owned(), |d| d.format("%d-%m-%Y").to_string())),
            ],
        ),
    };
    let conclusion = match (skm.ikm, &skm.grade) {
        (Some(ikm), Some(grade)) => tr.with(
            "desk-report-conclusion",
            &[
                ("users", report.users.to_string()),
                ("conversations", report.conversations.to_string()),
                ("tickets", report.funnel.done.to_string()),
                ("ikm", format!("{ikm:.2}")),
                ("grade", grade.clone()),
            ],
        ),
        _ => tr.with(
            "desk-report-no-ikm",
            &[("users", report.users.to_string()), ("conversations", report.conversations.to_string())],
        ),
    };
    let mut csv_link = "/desk/report.csv".to_owned();
    let query_string: Vec<String> =
        [("from", from), ("to", to)].iter().filter_map(|(key, day)| day.map(|it| format!("{key}={it}"))).collect();
    if !query_string.is_empty() {
        csv_link = format!("{csv_link}?{}", query_string.join("&"));
    }
    let page = ReportPage {
        f: frame(&tr, &signed, "desk-report-title"),
        from: text_of(from),
        to: text_of(to),
        csv_link,
        office: escaped(&state.desk.engine().dialogue().catalog().office.name),
        period,
        figures,
        charts: charts::all(&report, &label),
        conclusion,
    };
    html(StatusCode::OK, &page)
}

/// `GET /desk/report.csv?from=&to=`: the CSV of `cekbae report --format csv`, as a download.
pub(super) async fn report_csv(State(state): State<WebState>, Query(query): Query<PeriodQuery>) -> Response {
    let (from, to) = query.days();
    match build_report(&state, from, to).await {
        Ok(report) => {
            let name = format!("laporan-cekbae-{}-{}.csv", text_of(from), text_of(to));
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                ],
                to_csv(&report),
            )
                .into_response()
        }
        Err(response) => response,
    }
}

/// `GET /desk/users`.
pub(super) async fn users(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<PeriodQuery>,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let list = match blocking(state.desk.engine().clone(), move || desk.users()).await {
        Ok(list) => list,
        Err(response) => return response,
    };
    let rows = list
        .iter()
        .map(|it| UserRow {
            name: it.name.clone(),
            role: role_word(it.role),
            state: tr.t(if it.disabled { "desk-users-disabled" } else { "desk-users-active" }),
            disabled: it.disabled,
        })
        .collect();
    let mut f = frame(&tr, &signed, "desk-users-title");
    f.notice = notice(&tr, query.ok.as_deref(), &["user-added", "user-disabled", "user-password"]);
    html(StatusCode::OK, &UsersPage { f, rows })
}

/// The new-account form.
#[derive(Debug, Deserialize)]
pub(super) struct UserForm {
    name: String,
    role: String,
    password: String,
}

/// The new-password form.
#[derive(Debug, Deserialize)]
pub(super) struct PasswordForm {
    password: String,
}

async fn user_change(
    state: WebState,
    signed: Signed,
    ok: &str,
    work: impl FnOnce(crate::desk::Desk, crate::desk::Requester) -> anyhow::Result<()> + Send + 'static,
) -> Response {
    let tr = Tr::new(state.desk.engine().clone());
    let desk = state.desk.clone();
    let who = signed.requester();
    match act(&tr, &signed, "/desk/users", move || work(desk, who)).await {
        Ok(()) => Redirect::to(&format!("/desk/users?ok={ok}")).into_response(),
        Err(response) => response,
    }
}

/// `POST /desk/users`.
pub(super) async fn add_user(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Form(form): Form<UserForm>,
) -> Response {
    user_change(state, signed, "user-added", move |desk, who| {
        let role = parse_role(&form.role).ok_or(Refusal::UnknownRole)?;
        desk.add_user(form.name.trim(), role, &form.password, &who).map(drop)
    })
    .await
}

/// `POST /desk/users/{name}/disable`.
pub(super) async fn disable_user(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(name): Path<String>,
    Form(_): Form<Empty>,
) -> Response {
    user_change(state, signed, "user-disabled", move |desk, who| desk.disable_user(&name, &who).map(drop)).await
}

/// `POST /desk/users/{name}/password`.
pub(super) async fn set_password(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Path(name): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Response {
    user_change(state, signed, "user-password", move |desk, who| {
        desk.set_password(&name, &form.password, &who).map(drop)
    })
    .await
}

/// `GET /desk/audit?from=&to=`: newest first.
pub(super) async fn audit(
    State(state): State<WebState>,
    Extension(signed): Extension<Signed>,
    Query(query): Query<PeriodQuery>,
) -> Response {
    let (from, to) = query.days();
    let desk = state.desk.clone();
    let log = match blocking(state.desk.engine().clone(), move || desk.audit_log(from, to)).await {
        Ok(log) => log,
        Err(response) => return response,
    };
    let tr = Tr::new(state.desk.engine().clone());
    let calendar = state.desk.engine().dialogue().calendar();
    let rows = log
        .iter()
        .rev()
        .map(|entry| AuditRow {
            at: calendar.local_time(entry.at).format("%d-%m-%Y %H:%M:%S").to_string(),
            who: entry.who.clone(),
            action: entry.action.clone(),
            records: entry
                .day
                .map(|it| it.to_string())
                .into_iter()
                .chain(entry.tickets.iter().cloned())
                .collect::<Vec<_>>()
                .join(", "),
            via: entry.via.clone(),
        })
        .collect();
    html(
        StatusCode::OK,
        &AuditPage { f: frame(&tr, &signed, "desk-audit-title"), from: text_of(from), to: text_of(to), rows },
    )
}
