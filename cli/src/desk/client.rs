//! How a desk command reaches the data: directly (the server is stopped and
//! the data directory is free) or through the running server's admin API
//! (sled allows one process per directory).

use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::json;

use cekbae_bot::storage::{BookingStatus, Role};

use cekbae_dialogues::berkas::{Arrival, Verdict};
use cekbae_dialogues::closures::Closure;

use super::accounts::{role_word, AccountView};
use super::api::{ByBody, ClosureBody, MoveBody, ReplyBody, StatusBody, UserBody, VerdictBody, ADDRESS_FILE};
use super::berkas::{BerkasSummary, BerkasView};
use super::closures::ClosureOutcome;
use super::notices::{RemindersBody, RemindersOutcome};
use super::report::Report;
use super::{status_word, AppointmentView, AuditEntry, Desk, HandoverView, PurgeOutcome, Requester};
use crate::args::EngineArgs;
use crate::secrets::ADMIN_TOKEN;
use crate::setup::build_engine;

/// A desk, local or remote.
pub enum Conn {
    /// Working on the data directory itself.
    Direct(Desk),
    /// Working through the running server.
    Remote(Remote),
}

/// The running server's admin API.
pub struct Remote {
    base: String,
    token: String,
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Conn {
    /// Opens the data directory, or, when a running server holds it, connects
    /// to that server's admin API with the token from `CEKBAE_ADMIN_TOKEN`.
    pub fn connect(args: &EngineArgs, token: Option<String>) -> anyhow::Result<Self> {
        let address_file = args.data.join(ADDRESS_FILE);
        match build_engine(args, true) {
            Ok(engine) => Ok(Conn::Direct(Desk::new(Arc::new(engine), None))),
            Err(err) if address_file.is_file() => {
                tracing::debug!(error = %err, "data directory in use; trying the admin API");
                let address = std::fs::read_to_string(&address_file)
                    .with_context(|| format!("cannot read {}", address_file.display()))?;
                let Some(token) = token.filter(|it| !it.is_empty()) else {
                    bail!(
                        "a running server holds {}; set {ADMIN_TOKEN} to the server's admin token to work through it",
                        args.data.display()
                    );
                };
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .context("cannot start a runtime")?;
                Ok(Conn::Remote(Remote {
                    base: format!("http://{}", address.trim()),
                    token,
                    http: reqwest::Client::new(),
                    runtime,
                }))
            }
            Err(err) => Err(err),
        }
    }

    /// Says which way the command went, for the output.
    pub fn describe(&self, args: &EngineArgs) -> String {
        match self {
            Conn::Direct(_) => format!("directly on {}", crate::backend::describe(args)),
            Conn::Remote(remote) => format!("through the running server's admin API at {}", remote.base),
        }
    }

    /// See [`Desk::appointments`].
    pub fn appointments(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        reveal: bool,
        who: &str,
    ) -> anyhow::Result<Vec<AppointmentView>> {
        match self {
            Conn::Direct(desk) => desk.appointments(from, to, reveal, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let mut query: Vec<(&str, String)> = vec![("reveal", reveal.to_string()), ("by", who.to_owned())];
                query.extend(period(from, to));
                remote.get("/admin/appointments", &query)
            }
        }
    }

    /// See [`Desk::set_status`].
    pub fn set_status(&self, ticket: &str, status: BookingStatus, who: &str) -> anyhow::Result<AppointmentView> {
        self.set_status_with(ticket, status, None, who)
    }

    /// See [`Desk::set_status_with`].
    pub fn set_status_with(
        &self,
        ticket: &str,
        status: BookingStatus,
        arrival: Option<Arrival>,
        who: &str,
    ) -> anyhow::Result<AppointmentView> {
        match self {
            Conn::Direct(desk) => desk.set_status_with(ticket, status, arrival, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body = StatusBody {
                    status: status_word(status).to_owned(),
                    by: Some(who.to_owned()),
                    berkas: arrival.map(|it| it.word().to_owned()),
                };
                remote.post(&format!("/admin/appointments/{ticket}"), &body)
            }
        }
    }

    /// See [`Desk::berkas_list`].
    pub fn berkas_list(&self, date: Option<NaiveDate>) -> anyhow::Result<Vec<BerkasSummary>> {
        match self {
            Conn::Direct(desk) => desk.berkas_list(date),
            Conn::Remote(remote) => {
                let query: Vec<(&str, String)> = date.map(|it| ("date", it.to_string())).into_iter().collect();
                remote.get("/admin/berkas", &query)
            }
        }
    }

    /// See [`Desk::berkas_show`].
    pub fn berkas_show(&self, ticket: &str, who: &str) -> anyhow::Result<BerkasView> {
        match self {
            Conn::Direct(desk) => desk.berkas_show(ticket, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                remote.get(&format!("/admin/berkas/{}", segment(ticket)), &[("by", who.to_owned())])
            }
        }
    }

    /// See [`Desk::berkas_file`]: the content of a file (audited).
    pub fn berkas_file(&self, ticket: &str, file: u64, who: &str) -> anyhow::Result<Vec<u8>> {
        match self {
            Conn::Direct(desk) => Ok(desk.berkas_file(ticket, file, &Requester::direct(who.to_owned()))?.1),
            Conn::Remote(remote) => {
                remote.bytes_with(&format!("/admin/berkas/{}/files/{file}", segment(ticket)), &[("by", who.to_owned())])
            }
        }
    }

    /// See [`Desk::berkas_verdict`].
    pub fn berkas_verdict(
        &self,
        ticket: &str,
        item: u32,
        verdict: Verdict,
        note: Option<&str>,
        who: &str,
    ) -> anyhow::Result<BerkasView> {
        match self {
            Conn::Direct(desk) => desk.berkas_verdict(ticket, item, verdict, note, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body = VerdictBody {
                    item,
                    verdict: verdict.word().to_owned(),
                    note: note.map(str::to_owned),
                    by: Some(who.to_owned()),
                };
                remote.post(&format!("/admin/berkas/{}/verdict", segment(ticket)), &body)
            }
        }
    }

    /// See [`Desk::berkas_move`].
    pub fn berkas_move(&self, ticket: &str, file: u64, item: u32, who: &str) -> anyhow::Result<BerkasView> {
        match self {
            Conn::Direct(desk) => desk.berkas_move(ticket, file, item, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body = MoveBody { file, item, by: Some(who.to_owned()) };
                remote.post(&format!("/admin/berkas/{}/move", segment(ticket)), &body)
            }
        }
    }

    /// See [`Desk::berkas_send`].
    pub fn berkas_send(&self, ticket: &str, who: &str) -> anyhow::Result<BerkasView> {
        match self {
            Conn::Direct(desk) => desk.berkas_send(ticket, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                remote.post(&format!("/admin/berkas/{}/send", segment(ticket)), &ByBody { by: Some(who.to_owned()) })
            }
        }
    }

    /// See [`Desk::handovers`].
    pub fn handovers(&self, all: bool) -> anyhow::Result<Vec<HandoverView>> {
        match self {
            Conn::Direct(desk) => desk.handovers(all),
            Conn::Remote(remote) => remote.get("/admin/handovers", &[("all", all.to_string())]),
        }
    }

    /// See [`Desk::reply`].
    pub fn reply(&self, id: u64, text: &str) -> anyhow::Result<HandoverView> {
        match self {
            Conn::Direct(desk) => desk.reply(id, text),
            Conn::Remote(remote) => {
                remote.post(&format!("/admin/handovers/{id}/reply"), &ReplyBody { text: text.to_owned() })
            }
        }
    }

    /// See [`Desk::close`].
    pub fn close(&self, id: u64) -> anyhow::Result<HandoverView> {
        match self {
            Conn::Direct(desk) => desk.close(id),
            Conn::Remote(remote) => remote.post(&format!("/admin/handovers/{id}/close"), &json!({})),
        }
    }

    /// See [`Desk::report`].
    pub fn report(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> anyhow::Result<Report> {
        match self {
            Conn::Direct(desk) => desk.report(from, to),
            Conn::Remote(remote) => remote.get("/admin/report", &period(from, to)),
        }
    }

    /// See [`Desk::purge`].
    pub fn purge(&self) -> anyhow::Result<PurgeOutcome> {
        match self {
            Conn::Direct(desk) => desk.purge(),
            Conn::Remote(remote) => remote.post("/admin/purge", &json!({})),
        }
    }

    /// See [`Desk::audit_log`].
    pub fn audit_log(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> anyhow::Result<Vec<AuditEntry>> {
        match self {
            Conn::Direct(desk) => desk.audit_log(from, to),
            Conn::Remote(remote) => remote.get("/admin/audit", &period(from, to)),
        }
    }

    /// See [`Desk::add_closure`].
    pub fn add_closure(&self, date: NaiveDate, reason: Option<&str>, who: &str) -> anyhow::Result<ClosureOutcome> {
        match self {
            Conn::Direct(desk) => desk.add_closure(date, reason, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body = ClosureBody { date, reason: reason.map(str::to_owned), by: Some(who.to_owned()) };
                remote.post("/admin/closures", &body)
            }
        }
    }

    /// See [`Desk::closures`].
    pub fn closures(&self) -> anyhow::Result<Vec<Closure>> {
        match self {
            Conn::Direct(desk) => desk.closures(),
            Conn::Remote(remote) => remote.get("/admin/closures", &[]),
        }
    }

    /// See [`Desk::remove_closure`].
    pub fn remove_closure(&self, date: NaiveDate, who: &str) -> anyhow::Result<Closure> {
        match self {
            Conn::Direct(desk) => desk.remove_closure(date, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => remote.delete(&format!("/admin/closures/{date}"), &[("by", who.to_owned())]),
        }
    }

    /// See [`Desk::users`].
    pub fn users(&self) -> anyhow::Result<Vec<AccountView>> {
        match self {
            Conn::Direct(desk) => desk.users(),
            Conn::Remote(remote) => remote.get("/admin/users", &[]),
        }
    }

    /// See [`Desk::add_user`].
    pub fn add_user(&self, name: &str, role: Role, password: &str, who: &str) -> anyhow::Result<AccountView> {
        match self {
            Conn::Direct(desk) => desk.add_user(name, role, password, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body = UserBody {
                    name: Some(name.to_owned()),
                    role: Some(role_word(role).to_owned()),
                    password: Some(password.to_owned()),
                    by: Some(who.to_owned()),
                };
                remote.post("/admin/users", &body)
            }
        }
    }

    /// See [`Desk::disable_user`].
    pub fn disable_user(&self, name: &str, who: &str) -> anyhow::Result<AccountView> {
        match self {
            Conn::Direct(desk) => desk.disable_user(name, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body = UserBody { name: None, role: None, password: None, by: Some(who.to_owned()) };
                remote.post(&format!("/admin/users/{name}/disable"), &body)
            }
        }
    }

    /// See [`Desk::set_password`].
    pub fn set_password(&self, name: &str, password: &str, who: &str) -> anyhow::Result<AccountView> {
        match self {
            Conn::Direct(desk) => desk.set_password(name, password, &Requester::direct(who.to_owned())),
            Conn::Remote(remote) => {
                let body =
                    UserBody { name: None, role: None, password: Some(password.to_owned()), by: Some(who.to_owned()) };
                remote.post(&format!("/admin/users/{name}/password"), &body)
            }
        }
    }

    /// See [`Desk::run_reminders`].
    pub fn run_reminders(&self, now: Option<chrono::DateTime<chrono::Utc>>) -> anyhow::Result<RemindersOutcome> {
        match self {
            Conn::Direct(desk) => desk.run_reminders(now),
            Conn::Remote(remote) => remote.post("/admin/reminders/run", &RemindersBody { now }),
        }
    }

    /// A compressed backup of the store ([`crate::backup::archive`]). Through the server, its own key never
    /// travels: `serve` runs with `CEKBAE_DATA_KEY`, which is not in the data.
    pub fn backup(&self, include_own_key: bool) -> anyhow::Result<Vec<u8>> {
        match self {
            Conn::Direct(desk) => {
                crate::backup::archive::archive(&**desk.engine().store(), include_own_key, desk.engine().now())
            }
            Conn::Remote(remote) => remote.bytes("/admin/backup"),
        }
    }

    /// The local desk, when working directly (for rendering names in reports).
    pub fn desk(&self) -> Option<&Desk> {
        match self {
            Conn::Direct(desk) => Some(desk),
            Conn::Remote(_) => None,
        }
    }
}

/// A ticket as one segment of an address (a typed ticket could hold `/` or `?`).
fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `from` and `to` as query parameters, when given.
fn period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Vec<(&'static str, String)> {
    let mut query = Vec::new();
    query.extend(from.map(|d| ("from", d.to_string())));
    query.extend(to.map(|d| ("to", d.to_string())));
    query
}

impl Remote {
    fn get<T: DeserializeOwned>(&self, path: &str, query: &[(&str, String)]) -> anyhow::Result<T> {
        let request = self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.token).query(query);
        self.send(request)
    }

    fn post<T: DeserializeOwned>(&self, path: &str, body: &impl serde::Serialize) -> anyhow::Result<T> {
        let request = self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(body);
        self.send(request)
    }

    fn delete<T: DeserializeOwned>(&self, path: &str, query: &[(&str, String)]) -> anyhow::Result<T> {
        let request = self.http.delete(format!("{}{path}", self.base)).bearer_auth(&self.token).query(query);
        self.send(request)
    }

    fn bytes(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        self.bytes_with(path, &[])
    }

    fn bytes_with(&self, path: &str, query: &[(&str, String)]) -> anyhow::Result<Vec<u8>> {
        let request = self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.token).query(query);
        self.runtime.block_on(async {
            let response = request.send().await.context("the server's admin API did not answer")?;
            if !response.status().is_success() {
                let body: serde_json::Value = response.json().await.unwrap_or_default();
                bail!("{}", body["error"].as_str().unwrap_or("unknown error"));
            }
            Ok(response.bytes().await.context("the admin API's answer was cut short")?.to_vec())
        })
    }

    fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> anyhow::Result<T> {
        self.runtime.block_on(async {
            let response = request.send().await.context("the server's admin API did not answer")?;
            let status = response.status();
            let body: serde_json::Value = response.json().await.context("the admin API's answer is not JSON")?;
            if !status.is_success() {
                let message = body["error"].as_str().unwrap_or("unknown error");
                bail!("{message}");
            }
            serde_json::from_value(body).context("unexpected answer from the admin API")
        })
    }
}
