//! The desk in the browser at the HTTP level (no browser): cookie flags, security headers, the login
//! form's and every POST's CSRF token, roles, lockout, the NIK shown only on purpose, audit entries with
//! the signed-in user's name, and sessions ending after eight idle hours across restarts.

use std::path::Path;

use reqwest::header::{HeaderMap, CACHE_CONTROL, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::Value;

use crate::desk::{chat, NOW};
use crate::desk_server::{desk_through, DeskServer, ADMIN_TOKEN};
use crate::fake_graph::FakeGraph;
use crate::harness::cekbae_on;

const NIK: &str = "3201014502900003";

/// A browser without a browser: keeps the session cookie, follows no redirect.
pub(crate) struct Office {
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

/// The value of cookie `name` set by a response, and the whole `Set-Cookie` line.
pub(crate) fn set_cookie(headers: &HeaderMap, name: &str) -> Option<(String, String)> {
    headers.get_all(SET_COOKIE).iter().filter_map(|it| it.to_str().ok()).find_map(|line| {
        let value = line.strip_prefix(&format!("{name}="))?.split(';').next()?.to_owned();
        Some((value, line.to_owned()))
    })
}

/// The first `csrf_token` of a page.
pub(crate) fn csrf_of(page: &str) -> String {
    let marker = r#"name="csrf_token" value=""#;
    let at = page.find(marker).expect("a form with a csrf_token") + marker.len();
    page[at..].split('"').next().unwrap().to_owned()
}

impl Office {
    pub(crate) fn new(server: &DeskServer) -> Self {
        let http = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        Self { http, base: server.admin.clone(), cookie: None }
    }

    /// Signs in; the login's status and response.
    pub(crate) async fn login(&mut self, name: &str, password: &str) -> reqwest::Response {
        let form = self.http.get(format!("{}/desk/login", self.base)).send().await.unwrap();
        let (token, _) = set_cookie(form.headers(), "cekbae_desk_login").expect("the login form's cookie");
        let response = self
            .http
            .post(format!("{}/desk/login", self.base))
            .header("cookie", format!("cekbae_desk_login={token}"))
            .form(&[("username", name), ("password", password), ("csrf_token", &token)])
            .send()
            .await
            .unwrap();
        if let Some((value, _)) = set_cookie(response.headers(), "cekbae_desk") {
            self.cookie = Some(value);
        }
        response
    }

    fn with_cookie(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.cookie {
            Some(cookie) => request.header("cookie", format!("cekbae_desk={cookie}")),
            None => request,
        }
    }

    pub(crate) async fn get(&self, path: &str) -> reqwest::Response {
        self.with_cookie(self.http.get(format!("{}{path}", self.base))).send().await.unwrap()
    }

    pub(crate) async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.text().await.unwrap()
    }

    pub(crate) async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.with_cookie(self.http.post(format!("{}{path}", self.base))).form(form).send().await.unwrap()
    }
}

/// Accounts made with `cekbae users add`, directly on the data (the server is not running yet).
pub(crate) fn add_users(data: &Path) {
    for (name, role) in [("siti", "petugas"), ("pak-camat", "camat"), ("admin", "admin")] {
        let run = cekbae_on(
            data,
            &["users", "add", name, "--role", role, "--data", data.to_str().unwrap()],
            &format!("sandi-{name}-2026\n"),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let short =
        cekbae_on(data, &["users", "add", "budi", "--role", "petugas", "--data", data.to_str().unwrap()], "pendek\n");
    assert_eq!(short.code, 1);
    assert!(short.stderr.contains("at least 10 characters"), "{}", short.stderr);
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get(LOCATION).and_then(|it| it.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_guards_cookies_forms_roles_and_personal_data_and_audits_every_action() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    chat(&data, "6281234567890", &["KTP 3201014502900003 HILANG", "1"]);
    add_users(&data);
    let graph = FakeGraph::start().await;
    let server = DeskServer::start(&data, &graph, NOW).await;
    let mut siti = Office::new(&server);

    // The login form: security headers, its own token in a cookie with every flag.
    let form = siti.get("/desk/login").await;
    assert_eq!(form.status(), StatusCode::OK);
    let csp = form.headers()["content-security-policy"].to_str().unwrap().to_owned();
    for part in ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"] {
        assert!(csp.contains(part), "{csp}");
    }
    assert_eq!(form.headers()["x-frame-options"], "DENY");
    let (_, line) = set_cookie(form.headers(), "cekbae_desk_login").unwrap();
    assert!(line.contains("HttpOnly") && line.contains("SameSite=Strict") && line.contains("Path=/desk"), "{line}");
    assert!(!line.contains("Secure"), "plain HTTP on 127.0.0.1: {line}");
    // A login without the form's token changes nothing.
    let forged = siti
        .http
        .post(format!("{}/desk/login", server.admin))
        .form(&[("username", "siti"), ("password", "sandi-siti-2026"), ("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(set_cookie(forged.headers(), "cekbae_desk").is_none());

    let wrong = siti.login("siti", "salah-sandi-123").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.text().await.unwrap().contains("Nama pengguna atau kata sandi salah"));
    let signed = siti.login("siti", "sandi-siti-2026").await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed), "/desk/");
    let (_, line) = set_cookie(signed.headers(), "cekbae_desk").unwrap();
    assert!(line.contains("HttpOnly") && line.contains("SameSite=Strict") && line.contains("Path=/desk"), "{line}");
    assert!(!line.contains("Secure"), "{line}");
    // Behind the HTTPS proxy, the cookie is Secure.
    let form = siti
        .http
        .get(format!("{}/desk/login", server.admin))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let (_, line) = set_cookie(form.headers(), "cekbae_desk_login").unwrap();
    assert!(line.contains("; Secure"), "{line}");

    // The day's list: masked NIK only.
    let page = siti.page("/desk/appointments?date=2026-11-30").await;
    assert!(page.contains("LWL-20261130-001") && page.contains("************0003"), "{page}");
    assert!(!page.contains(NIK), "no full NIK unless revealed");
    let csrf = csrf_of(&page);
    // A POST without the session's token, or with another, is refused and changes nothing.
    let path = "/desk/appointments/LWL-20261130-001/status";
    assert_eq!(siti.post(path, &[("status", "done")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(siti.post(path, &[("status", "done"), ("csrf_token", "x")]).await.status(), StatusCode::FORBIDDEN);
    assert!(siti.page("/desk/appointments?date=2026-11-30").await.contains(r#"data-status="booked""#));
    let done = siti.post(path, &[("status", "done"), ("csrf_token", &csrf)]).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&done), "/desk/appointments?date=2026-11-30&ok=status");
    assert!(siti.page("/desk/appointments?date=2026-11-30").await.contains(r#"data-status="done""#));
    // Search by ticket, whatever the day shown and however it is typed.
    let found = siti.page("/desk/appointments?ticket=lwl-20261130-001").await;
    assert!(found.contains(r#"data-ticket="LWL-20261130-001""#), "{found}");
    assert!(!siti.page("/desk/appointments?ticket=LWL-20991231-009").await.contains("data-ticket="));
    // "show NIK": a POST (never in an address), not cached, audited.
    let shown = siti.post("/desk/appointments/LWL-20261130-001/reveal", &[("csrf_token", &csrf)]).await;
    assert_eq!(shown.status(), StatusCode::OK);
    assert_eq!(shown.headers()[CACHE_CONTROL], "no-store");
    assert!(shown.text().await.unwrap().contains(NIK));

    // Closing a day and opening it again, as siti.
    let closed =
        siti.post("/desk/closures", &[("date", "2026-12-02"), ("reason", "Rapat kerja"), ("csrf_token", &csrf)]).await;
    assert_eq!(location(&closed), "/desk/closures?ok=closure-added");
    let page = siti.page("/desk/closures").await;
    assert!(page.contains(r#"data-closure="2026-12-02""#) && page.contains("Rapat kerja"), "{page}");
    let again = siti.post("/desk/closures", &[("date", "2026-12-02"), ("csrf_token", &csrf)]).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST, "closed already: said, not hidden");
    let said = again.text().await.unwrap();
    assert!(
        said.contains("02-12-2026 sudah ditutup; hapus dulu bila ingin mengubahnya"),
        "in the office's language: {said}"
    );
    assert!(!said.contains("already closed"), "not the CLI's English: {said}");
    let unknown =
        siti.post("/desk/appointments/LWL-20991231-009/status", &[("status", "done"), ("csrf_token", &csrf)]).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let said = unknown.text().await.unwrap();
    assert!(said.contains("tidak ada janji temu dengan tiket LWL-20991231-009"), "{said}");
    let opened = siti.post("/desk/closures/2026-12-02/remove", &[("csrf_token", &csrf)]).await;
    assert_eq!(location(&opened), "/desk/closures?ok=closure-removed");
    assert!(!siti.page("/desk/closures").await.contains(r#"data-closure="2026-12-02""#));

    // Roles: a petugas sees no users or audit log; a camat only the report.
    assert_eq!(siti.get("/desk/users").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(siti.get("/desk/audit").await.status(), StatusCode::FORBIDDEN);
    let mut camat = Office::new(&server);
    assert_eq!(camat.login("pak-camat", "sandi-pak-camat-2026").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&camat.get("/desk/").await), "/desk/report");
    for path in ["/desk/appointments", "/desk/handovers", "/desk/closures", "/desk/users", "/desk/audit"] {
        assert_eq!(camat.get(path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let report = camat.page("/desk/report").await;
    assert!(report.contains("<svg") && report.contains(r#"data-figure="users""#), "{report}");
    let csv = camat.get("/desk/report.csv").await;
    assert!(csv.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(csv.text().await.unwrap().starts_with("section,key,value\n"));

    // Five wrong passwords lock the account for 15 minutes, even against the right one.
    let mut intruder = Office::new(&server);
    for attempt in 1..=5 {
        let status = intruder.login("pak-camat", "tebak-tebak-123").await.status();
        let expected = if attempt < 5 { StatusCode::UNAUTHORIZED } else { StatusCode::TOO_MANY_REQUESTS };
        assert_eq!(status, expected, "attempt {attempt}");
    }
    let locked = intruder.login("pak-camat", "sandi-pak-camat-2026").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.text().await.unwrap().contains("dikunci sampai pukul 08:15"));
    assert!(intruder.cookie.is_none());

    // The admin reads the audit log: every action under the signed-in user's name.
    let mut admin = Office::new(&server);
    assert_eq!(admin.login("admin", "sandi-admin-2026").await.status(), StatusCode::SEE_OTHER);
    let audit = admin.page("/desk/audit").await;
    assert!(audit.contains(r#"data-action="user-locked""#), "{audit}");
    let log: Value =
        serde_json::from_str(&desk_through(&data, vec!["audit", "--json"], Some(ADMIN_TOKEN)).await.unwrap().stdout)
            .unwrap();
    let entries: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|it| (it["who"].as_str().unwrap().to_owned(), it["action"].as_str().unwrap().to_owned()))
        .collect();
    for wanted in [
        ("siti", "login-failed"),
        ("siti", "login"),
        ("siti", "done"),
        ("siti", "reveal"),
        ("siti", "closure-added"),
        ("siti", "closure-removed"),
        ("pak-camat", "user-locked"),
    ] {
        assert!(entries.contains(&(wanted.0.to_owned(), wanted.1.to_owned())), "{wanted:?} in {entries:?}");
    }
    let done = log.as_array().unwrap().iter().find(|it| it["action"] == "done").unwrap();
    assert!(done["via"].as_str().unwrap().starts_with("desk session from 127.0.0.1:"), "{done}");
    assert!(!log.to_string().contains(NIK), "the audit log holds no NIK");

    // A browser's requests for other paths (its icon) are not wrong admin tokens: desk commands still get through.
    for _ in 0..12 {
        assert_eq!(admin.get("/favicon.ico").await.status(), StatusCode::NOT_FOUND);
    }
    // `cekbae users` through the running server: the list, and disabling ends the user's sessions.
    let users = desk_through(&data, vec!["users", "list", "--json"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(users.code, 0, "{}", users.stderr);
    let users: Value = serde_json::from_str(&users.stdout).unwrap();
    let names: Vec<&str> = users.as_array().unwrap().iter().map(|it| it["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["admin", "pak-camat", "siti"]);
    assert_eq!(users[2]["role"], "petugas");
    assert_eq!(users[2]["disabled"], false);
    assert!(users[2]["created_at"].is_string() && users[2].get("password_hash").is_none(), "{users}");
    assert_eq!(admin.get("/desk/audit").await.status(), StatusCode::OK);
    let disabled = desk_through(&data, vec!["users", "disable", "admin"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(disabled.code, 0, "{}", disabled.stderr);
    assert!(location(&admin.get("/desk/audit").await).starts_with("/desk/login"), "a disabled user is signed out");
    assert_eq!(admin.login("admin", "sandi-admin-2026").await.status(), StatusCode::UNAUTHORIZED);

    // Logging out ends the session: the old cookie leads to the login page.
    let out = siti.post("/desk/logout", &[("csrf_token", &csrf)]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let (value, _) = set_cookie(out.headers(), "cekbae_desk").unwrap();
    assert!(value.is_empty(), "the cookie is cleared");
    assert!(location(&siti.get("/desk/").await).starts_with("/desk/login"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_after_eight_idle_hours_and_survives_a_restart_before() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    add_users(&data);
    let graph = FakeGraph::start().await;
    let server = DeskServer::start(&data, &graph, NOW).await;
    let mut siti = Office::new(&server);
    assert_eq!(siti.login("siti", "sandi-siti-2026").await.status(), StatusCode::SEE_OTHER);
    let cookie = siti.cookie.clone();
    server.stop().await;

    // Seven hours later (a restart between): still signed in, and the use counts.
    let server = DeskServer::start(&data, &graph, "2026-11-30T15:00:00+07:00").await;
    let mut again = Office::new(&server);
    again.cookie = cookie.clone();
    assert_eq!(again.get("/desk/").await.status(), StatusCode::OK);
    server.stop().await;
    // Eight hours and a minute after that use: ended.
    let server = DeskServer::start(&data, &graph, "2026-11-30T23:01:00+07:00").await;
    let mut late = Office::new(&server);
    late.cookie = cookie;
    let response = late.get("/desk/").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/desk/login?expired=1");
    assert!(late.page("/desk/login?expired=1").await.contains("Sesi Anda sudah berakhir"));
    server.stop().await;
}
