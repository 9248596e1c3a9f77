//! `cekbae serve` in-process with WhatsApp (against the fake Graph API) and the admin API, for the tests of desk
//! commands that go through a running server.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::oneshot;

use cekbae::args::EngineArgs;
use cekbae::secrets::Secret;
use cekbae::server::{serve, Listeners, Settings};
use cekbae_adapter_whatsapp::{signature, RetryPolicy, TemplateSettings, WhatsAppConfig};

use crate::fake_graph::FakeGraph;
pub(crate) use crate::harness::ADMIN_TOKEN;
use crate::harness::{cekbae_with_env, serving, Run};

const SECRET: &str = "secret";
const PHONE_NUMBER_ID: &str = "106540352242922";

/// A running server on a fixed clock.
pub(crate) struct DeskServer {
    pub(crate) base: String,
    /// The admin address: the desk in the browser (`/desk/`) and the admin API.
    pub(crate) admin: String,
    http: reqwest::Client,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl DeskServer {
    /// Starts the server on `data` at `now`, sending through `graph`.
    pub(crate) async fn start(data: &Path, graph: &FakeGraph, now: &str) -> Self {
        Self::start_with_templates(data, graph, now, TemplateSettings::default()).await
    }

    /// Starts the server with WhatsApp templates for office messages outside the 24-hour window.
    pub(crate) async fn start_with_templates(
        data: &Path,
        graph: &FakeGraph,
        now: &str,
        templates: TemplateSettings,
    ) -> Self {
        let engine = serving(EngineArgs::at(data.to_owned(), Some(chrono::DateTime::parse_from_rfc3339(now).unwrap())));
        let settings = Settings {
            whatsapp: Some(WhatsAppConfig {
                verify_token: "v".into(),
                app_secret: SECRET.into(),
                access_token: "token".into(),
                phone_number_id: PHONE_NUMBER_ID.into(),
                api_base: graph.base.clone(),
            }),
            telegram: None,
            retry: RetryPolicy {
                attempts: 2,
                first_backoff: Duration::from_millis(10),
                max_backoff: Duration::from_millis(20),
            },
            admin_token: Some(Secret::new(ADMIN_TOKEN)),
            limits: Default::default(),
            http: Default::default(),
            desk: Default::default(),
            templates,
            media: Default::default(),
        };
        let public = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let admin = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", public.local_addr().unwrap());
        let admin_base = format!("http://{}", admin.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(serve(engine, settings, Listeners { public, admin: Some(admin) }, async move {
            let _ = stopped.await;
        }));
        // The server holds the data once it announces its admin address: a desk command started before
        // that would open the directory itself.
        let started = std::time::Instant::now();
        while !data.join(cekbae::desk::api::ADDRESS_FILE).is_file() {
            assert!(started.elapsed() < Duration::from_secs(30), "the server never started");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Self { base, admin: admin_base, http: reqwest::Client::new(), stop, done }
    }

    /// A signed webhook with one message `message` from `from`.
    async fn post(&self, from: &str, id: &str, message: Value) -> Result<reqwest::Response, reqwest::Error> {
        let mut message = message;
        message["from"] = json!(from);
        message["id"] = json!(id);
        let body = serde_json::to_vec(
            &json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
            "metadata": {"phone_number_id": PHONE_NUMBER_ID}, "messages": [message]}}]}]}),
        )
        .unwrap();
        self.http
            .post(format!("{}/webhook/whatsapp", self.base))
            .header("x-hub-signature-256", signature::sign(SECRET.as_bytes(), &body))
            .body(body)
            .send()
            .await
    }

    /// A typed message.
    pub(crate) async fn text(&self, from: &str, id: &str, text: &str) -> Result<reqwest::Response, reqwest::Error> {
        self.post(from, id, json!({"type": "text", "text": {"body": text}})).await
    }

    /// A list row pressed.
    pub(crate) async fn choose(&self, from: &str, id: &str, option: &str) -> Result<reqwest::Response, reqwest::Error> {
        let reply = json!({"type": "list_reply", "list_reply": {"id": option, "title": option}});
        self.post(from, id, json!({"type": "interactive", "interactive": reply})).await
    }

    /// A reply button pressed.
    pub(crate) async fn press(&self, from: &str, id: &str, option: &str) -> Result<reqwest::Response, reqwest::Error> {
        let reply = json!({"type": "button_reply", "button_reply": {"id": option, "title": option}});
        self.post(from, id, json!({"type": "interactive", "interactive": reply})).await
    }

    /// A template's quick-reply button tapped: its payload comes back.
    pub(crate) async fn tap(&self, from: &str, id: &str, payload: &str) -> Result<reqwest::Response, reqwest::Error> {
        self.post(from, id, json!({"type": "button", "button": {"payload": payload, "text": payload}})).await
    }

    /// `GET /healthz`.
    pub(crate) async fn health(&self) -> Value {
        self.http.get(format!("{}/healthz", self.base)).send().await.unwrap().json().await.unwrap()
    }

    /// Stops the server and waits for it to finish.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(());
        self.done.await.unwrap().unwrap();
    }
}

/// Runs a desk command on `data` (off the runtime), with `token` as the admin token (in the environment) when given.
pub(crate) fn desk_through(
    data: &Path,
    args: Vec<&'static str>,
    token: Option<&'static str>,
) -> tokio::task::JoinHandle<Run> {
    let data = data.to_str().unwrap().to_owned();
    tokio::task::spawn_blocking(move || {
        let mut all: Vec<String> = args.iter().map(|it| (*it).to_owned()).collect();
        all.extend(["--data".to_owned(), data]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = token.map(|token| ("CEKBAE_ADMIN_TOKEN", token)).into_iter().collect();
        cekbae_with_env(&refs, &env, "")
    })
}
