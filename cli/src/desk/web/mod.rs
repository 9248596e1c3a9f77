//! The desk in the browser, served by `cekbae serve` on the admin address under `/desk/`: sign in with a
//! staff account, then today's appointments, handovers (live), closures, the report with its charts, and
//! for admins the accounts and the audit log. Server-rendered pages from compiled-in templates, one small
//! stylesheet and script, nothing fetched from elsewhere; every label from Fluent (`locales/*/desk.ftl`).
//!
//! | module | role |
//! |---|---|
//! | `gate` | passwords, lockout, sessions, tokens |
//! | `guard` | the middleware: signed in, role, CSRF token on every POST, security headers |
//! | `pages` | appointments, handovers, closures |
//! | `berkas` | the papers residents sent: list, one booking's items and files, verdicts, "kirim hasil" |
//! | `manage` | login and logout, report, users, audit |
//! | `views` | templates, rows, Fluent labels |

mod berkas;
pub mod gate;
mod guard;
mod manage;
mod pages;
pub mod views;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::Desk;

/// The session cookie.
pub const SESSION_COOKIE: &str = "cekbae_desk";
/// The login form's cookie (its CSRF token, before there is a session).
pub const LOGIN_COOKIE: &str = "cekbae_desk_login";
/// The form field every POST carries.
pub const CSRF_FIELD: &str = "csrf_token";

/// How the desk is served.
#[derive(Debug, Clone, Default)]
pub struct DeskWebConfig {
    /// Mark cookies `Secure` always (the desk is reached over HTTPS); they are anyway when a proxy says
    /// `X-Forwarded-Proto: https`. `CEKBAE_DESK_SECURE_COOKIE=true`, or `[cekbae] desk_secure_cookie`.
    pub secure_cookie: bool,
}

#[derive(Clone)]
struct WebState {
    desk: Desk,
    config: DeskWebConfig,
}

/// Every Fluent message the desk's pages use; `cekbae check` proves each exists.
pub const MESSAGE_IDS: &[&str] = &[
    "desk-app",
    "desk-nav-today",
    "desk-nav-handovers",
    "desk-nav-closures",
    "desk-nav-report",
    "desk-nav-users",
    "desk-nav-audit",
    "desk-logout",
    "desk-back",
    "desk-show",
    "desk-search",
    "desk-login-title",
    "desk-login-username",
    "desk-login-password",
    "desk-login-submit",
    "desk-login-wrong",
    "desk-login-locked",
    "desk-login-expired",
    "desk-error-forbidden",
    "desk-error-csrf",
    "desk-error-not-found",
    "desk-error-internal",
    "desk-error-refused",
    "desk-error-date",
    "desk-appointments-title",
    "desk-appointments-day",
    "desk-appointments-search",
    "desk-appointments-none",
    "desk-col-ticket",
    "desk-col-booked",
    "desk-col-document",
    "desk-col-reason",
    "desk-col-nik",
    "desk-col-channel",
    "desk-col-status",
    "desk-col-actions",
    "desk-show-nik",
    "desk-action-done",
    "desk-action-no-show",
    "desk-action-cancel",
    "desk-cancel-title",
    "desk-cancel-question",
    "desk-cancel-confirm",
    "desk-status-booked",
    "desk-status-done",
    "desk-status-no-show",
    "desk-status-cancelled",
    "desk-status-moved",
    "desk-status-ready",
    "desk-ok-status",
    "desk-ok-cancelled",
    "desk-ok-revealed",
    "desk-handovers-title",
    "desk-handovers-live",
    "desk-handovers-none",
    "desk-handover-reply",
    "desk-handover-send",
    "desk-handover-close",
    "desk-handover-resident",
    "desk-handover-petugas",
    "desk-handover-waiting",
    "desk-handover-answered",
    "desk-handover-closed",
    "desk-handover-opened",
    "desk-summary-document",
    "desk-summary-reason",
    "desk-summary-nik",
    "desk-summary-desa",
    "desk-ok-replied",
    "desk-ok-closed",
    "desk-closures-title",
    "desk-closures-date",
    "desk-closures-reason",
    "desk-closures-by",
    "desk-closures-add",
    "desk-closures-remove",
    "desk-closures-none",
    "desk-ok-closure-added",
    "desk-ok-closure-removed",
    "desk-users-title",
    "desk-users-name",
    "desk-users-role",
    "desk-users-password",
    "desk-users-add",
    "desk-users-disable",
    "desk-users-set-password",
    "desk-users-active",
    "desk-users-disabled",
    "desk-ok-user-added",
    "desk-ok-user-disabled",
    "desk-ok-user-password",
    "desk-audit-title",
    "desk-audit-when",
    "desk-audit-who",
    "desk-audit-what",
    "desk-audit-records",
    "desk-audit-via",
    "desk-period-from",
    "desk-period-to",
    "desk-period-all",
    "desk-period-range",
    "desk-report-title",
    "desk-report-csv",
    "desk-report-print",
    "desk-report-users",
    "desk-report-conversations",
    "desk-report-tickets",
    "desk-report-bookings",
    "desk-report-handovers",
    "desk-report-respondents",
    "desk-report-ikm",
    "desk-report-conclusion",
    "desk-report-no-ikm",
    "desk-chart-per-day",
    "desk-chart-documents",
    "desk-chart-desa",
    "desk-chart-funnel",
    "desk-chart-bookings",
    "desk-chart-ikm",
    "desk-chart-unsur",
    "desk-funnel-menu",
    "desk-funnel-reason",
    "desk-funnel-nik",
    "desk-funnel-schedule",
    "desk-funnel-done",
    "desk-unsur-1",
    "desk-unsur-2",
    "desk-unsur-3",
    "desk-unsur-4",
    "desk-unsur-5",
    "desk-unsur-6",
    "desk-unsur-7",
    "desk-unsur-8",
    "desk-unsur-9",
];

/// The `/desk` routes over `desk`.
pub fn router(desk: Desk, config: DeskWebConfig) -> Router {
    let state = WebState { desk, config };
    Router::new()
        .route("/desk", get(|| async { axum::response::Redirect::to("/desk/") }))
        .route("/desk/login", get(manage::login_page).post(manage::login))
        .route("/desk/logout", post(manage::logout))
        .route("/desk/", get(pages::appointments))
        .route("/desk/appointments", get(pages::appointments))
        .route("/desk/appointments/{ticket}/status", post(pages::set_status))
        .route("/desk/appointments/{ticket}/cancel", get(pages::confirm_cancel))
        .route("/desk/appointments/{ticket}/reveal", post(pages::reveal))
        .route("/desk/berkas", get(berkas::list))
        .route("/desk/berkas/{ticket}", get(berkas::show))
        .route("/desk/berkas/{ticket}/files/{id}", get(berkas::file))
        .route("/desk/berkas/{ticket}/verdict", post(berkas::verdict))
        .route("/desk/berkas/{ticket}/move", post(berkas::move_file))
        .route("/desk/berkas/{ticket}/send", post(berkas::send))
        .route("/desk/handovers", get(pages::handovers))
        .route("/desk/handovers/live", get(pages::handovers_live))
        .route("/desk/handovers/{id}/reply", post(pages::reply))
        .route("/desk/handovers/{id}/close", post(pages::close))
        .route("/desk/closures", get(pages::closures).post(pages::add_closure))
        .route("/desk/closures/{date}/remove", post(pages::remove_closure))
        .route("/desk/report", get(manage::report))
        .route("/desk/report.csv", get(manage::report_csv))
        .route("/desk/users", get(manage::users).post(manage::add_user))
        .route("/desk/users/{name}/disable", post(manage::disable_user))
        .route("/desk/users/{name}/password", post(manage::set_password))
        .route("/desk/audit", get(manage::audit))
        .route("/desk/static/desk.css", get(|| async { asset("text/css; charset=utf-8", include_str!("desk.css")) }))
        .route(
            "/desk/static/desk.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("desk.js")) }),
        )
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::guard))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(state)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "max-age=3600")], body).into_response()
}
