//! A local stand-in for Meta's Graph API: real HTTP on 127.0.0.1, recording
//! every message the bot sends, answering with scripted failures when asked,
//! and serving the media residents send ([`FakeGraph::media`], see `fake_media`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::fake_media::FakeMedia;

/// One request the bot made.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub(crate) phone_number_id: String,
    pub(crate) authorization: String,
    pub(crate) body: Value,
    /// Whether the fake answered with success.
    pub(crate) accepted: bool,
}

impl Sent {
    /// The phone number (`to`) or business-scoped user id (`recipient`) it went to.
    pub(crate) fn to(&self) -> &str {
        self.body["to"].as_str().or_else(|| self.body["recipient"].as_str()).unwrap_or_default()
    }

    /// Whether it is a template message.
    pub(crate) fn is_template(&self) -> bool {
        self.body["type"] == "template"
    }

    /// The visible text: a text body, or an interactive body.
    pub(crate) fn text(&self) -> String {
        match self.body["type"].as_str() {
            Some("text") => self.body["text"]["body"].as_str().unwrap_or_default().to_owned(),
            _ => self.body["interactive"]["body"]["text"].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// The id of the resident's message this answers (`biz_opaque_callback_data`).
    pub(crate) fn answers(&self) -> Option<&str> {
        self.body["biz_opaque_callback_data"].as_str()
    }

    /// Option ids of buttons or list rows.
    pub(crate) fn option_ids(&self) -> Vec<String> {
        let interactive = &self.body["interactive"];
        let items: Vec<Value> = match interactive["type"].as_str() {
            Some("button") => interactive["action"]["buttons"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|b| b["reply"].clone())
                .collect(),
            Some("list") => interactive["action"]["sections"][0]["rows"].as_array().cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        items.iter().filter_map(|it| it["id"].as_str().map(str::to_owned)).collect()
    }
}

#[derive(Default)]
struct Inner {
    sent: Vec<Sent>,
    /// Answers to give before succeeding: (HTTP status, body).
    script: VecDeque<(u16, Value)>,
    /// When set, every request fails with this answer.
    down: Option<(u16, Value)>,
    /// Goes down with this answer after accepting that many more requests.
    down_after: Option<(usize, (u16, Value))>,
    /// Numbers whose 24-hour window is closed: anything but a template gets 131047, as Meta answers.
    closed_windows: Vec<String>,
    /// When set, every template message fails with this answer (a template missing or not approved).
    refuse_templates: Option<(u16, Value)>,
}

/// The fake server's handle.
#[derive(Clone)]
pub(crate) struct FakeGraph {
    inner: Arc<Mutex<Inner>>,
    pub(crate) base: String,
    /// The files it serves: `GET {base}/{media-id}` and the download.
    pub(crate) media: FakeMedia,
}

impl FakeGraph {
    /// Starts the fake on a free port.
    pub(crate) async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let media = FakeMedia::default();
        let app = Router::new()
            .route("/v25.0/{phone}/messages", post(receive))
            .with_state(Arc::clone(&inner))
            .merge(media.graph_routes("/v25.0"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/v25.0", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { inner, base, media }
    }

    /// The next requests get these answers, in order, then success again.
    pub(crate) fn fail_next(&self, answers: Vec<(u16, Value)>) {
        self.inner.lock().unwrap().script.extend(answers);
    }

    /// Every request fails with `answer` until [`FakeGraph::up`].
    pub(crate) fn down(&self, answer: (u16, Value)) {
        self.inner.lock().unwrap().down = Some(answer);
    }

    /// Accepts `count` more requests, then fails every one with `answer` until [`FakeGraph::up`].
    pub(crate) fn down_after(&self, count: usize, answer: (u16, Value)) {
        self.inner.lock().unwrap().down_after = Some((count, answer));
    }

    /// Meta answers 131047 to anything but a template sent to `to`.
    pub(crate) fn close_window(&self, to: &str) {
        self.inner.lock().unwrap().closed_windows.push(to.to_owned());
    }

    /// Every template message fails with `answer`.
    pub(crate) fn refuse_templates(&self, answer: (u16, Value)) {
        self.inner.lock().unwrap().refuse_templates = Some(answer);
    }

    pub(crate) fn up(&self) {
        self.inner.lock().unwrap().down = None;
    }

    /// Everything received so far.
    pub(crate) fn all(&self) -> Vec<Sent> {
        self.inner.lock().unwrap().sent.clone()
    }

    /// Accepted messages to one number.
    pub(crate) fn accepted_to(&self, to: &str) -> Vec<Sent> {
        self.all().into_iter().filter(|s| s.accepted && s.to() == to).collect()
    }

    /// Waits until a message to `to` accepted after the first `after` has options starting with `prefix`
    /// (the last bubble of a turn that offers them); returns every message to `to`.
    pub(crate) async fn wait_for_options(&self, to: &str, after: usize, prefix: &str) -> Vec<Sent> {
        let started = Instant::now();
        loop {
            let got = self.accepted_to(to);
            if got.iter().skip(after).any(|s| s.option_ids().iter().any(|id| id.starts_with(prefix))) {
                return got;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("expected options {prefix}… to {to} after message {after}: {got:#?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Accepted messages to `to` that do not answer `sentinel`.
    pub(crate) fn accepted_to_except(&self, to: &str, sentinel: &str) -> Vec<Sent> {
        self.accepted_to(to).into_iter().filter(|s| s.answers() != Some(sentinel)).collect()
    }

    /// Waits until a message answering the resident's message `id` was accepted.
    pub(crate) async fn wait_for_answer(&self, id: &str) -> Sent {
        let started = Instant::now();
        loop {
            if let Some(sent) = self.all().into_iter().find(|s| s.accepted && s.answers() == Some(id)) {
                return sent;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("no answer to {id}: {:#?}", self.all());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until `count` messages to `to` were accepted; returns them all.
    pub(crate) async fn wait_for(&self, to: &str, count: usize) -> Vec<Sent> {
        let started = Instant::now();
        loop {
            let got = self.accepted_to(to);
            if got.len() >= count {
                return got;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("expected {count} messages to {to}, got {}: {got:#?}", got.len());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// A Graph API error body.
pub(crate) fn graph_error(code: i64, message: &str) -> Value {
    json!({ "error": { "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Fake" } })
}

async fn receive(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(phone): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let mut inner = inner.lock().unwrap();
    if let Some((count, answer)) = inner.down_after.take() {
        match count {
            0 => inner.down = Some(answer),
            _ => inner.down_after = Some((count - 1, answer)),
        }
    }
    let to_text = body["to"].as_str().or_else(|| body["recipient"].as_str()).unwrap_or_default().to_owned();
    let template = body["type"] == "template";
    let window = (!template && inner.closed_windows.contains(&to_text)).then(|| {
        let message = "(#131047) Re-engagement message";
        (400, graph_error(131047, message))
    });
    let refused = if template { inner.refuse_templates.clone() } else { None };
    let answer = inner.down.clone().or(window).or(refused).or_else(|| inner.script.pop_front());
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let accepted = answer.is_none();
    let to = body["to"].clone();
    inner.sent.push(Sent { phone_number_id: phone, authorization, body, accepted });
    match answer {
        Some((status, body)) => (StatusCode::from_u16(status).unwrap(), Json(body)),
        None => (
            StatusCode::OK,
            Json(json!({
                "messaging_product": "whatsapp",
                "contacts": [{ "input": to, "wa_id": to }],
                "messages": [{ "id": format!("wamid.out.{}", inner.sent.len()) }],
            })),
        ),
    }
}
