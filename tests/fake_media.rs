//! Files served by the local fakes of Meta's Graph API and Telegram's Bot API (real HTTP on 127.0.0.1):
//! register a media id with its bytes, type and what the API declares about it (a checksum right or wrong,
//! a size true or not), an id the API does not know, a download that trickles or waits for the test to open
//! it, failures before success; every lookup and download is counted per id.
//!
//! Graph: `GET {base}/{media-id}` (bearer token required) answers `url`, `mime_type`, `sha256` (hex),
//! `file_size` (a string, as Meta writes it); the url is `/download/{id}?hash=…` on the same server.
//! Telegram: `getFile` (answered through [`FakeMedia::telegram_get_file`]) and `GET /file/bot{token}/media/{id}`.
//!
//! Shared by `tests/fake_graph.rs`, `tests/fake_telegram.rs`, `cli/tests/support` and the adapters' tests
//! (included with `#[path]`), so there is one fake and one set of rules.
// Each test binary uses a part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

/// Size of the chunks a download is sent in (no `Content-Length`: the client learns the size as it reads).
const CHUNK: usize = 16 * 1024;

/// How a download arrives.
#[derive(Clone)]
pub(crate) enum Pace {
    /// At once.
    Fast,
    /// `chunk` bytes, then a pause, and so on.
    Trickle { chunk: usize, pause: Duration },
    /// Nothing until the test calls [`FakeMedia::open`] for the id.
    Gated,
}

/// One file the fake serves.
#[derive(Clone)]
pub(crate) struct MediaFile {
    pub(crate) bytes: Vec<u8>,
    pub(crate) mime_type: String,
    /// The checksum declared (lowercase hex); `None`: none declared.
    pub(crate) sha256: Option<String>,
    /// The size declared; `None`: none declared.
    pub(crate) declared_size: Option<u64>,
    pub(crate) pace: Pace,
    /// The download address announced instead of the fake's own (another origin).
    pub(crate) url: Option<String>,
}

impl MediaFile {
    /// `bytes` of `mime_type`, declared truthfully, served at once.
    pub(crate) fn new(bytes: impl Into<Vec<u8>>, mime_type: &str) -> Self {
        let bytes = bytes.into();
        Self {
            sha256: Some(hex::encode(Sha256::digest(&bytes))),
            declared_size: Some(bytes.len() as u64),
            bytes,
            mime_type: mime_type.to_owned(),
            pace: Pace::Fast,
            url: None,
        }
    }

    /// Declares another checksum than the content's.
    pub(crate) fn wrong_sha256(mut self) -> Self {
        self.sha256 = Some(hex::encode(Sha256::digest(b"something else")));
        self
    }

    /// Declares `size` whatever the content is.
    pub(crate) fn declared_size(mut self, size: u64) -> Self {
        self.declared_size = Some(size);
        self
    }

    /// Served at `pace`.
    pub(crate) fn pace(mut self, pace: Pace) -> Self {
        self.pace = pace;
        self
    }

    /// Announces `url` as where to download it.
    pub(crate) fn url(mut self, url: &str) -> Self {
        self.url = Some(url.to_owned());
        self
    }
}

#[derive(Default)]
struct Registry {
    files: HashMap<String, MediaFile>,
    /// Statuses answered to the next lookups of an id, before it is served.
    failures: HashMap<String, Vec<u16>>,
    gates: HashMap<String, Arc<Semaphore>>,
    lookups: HashMap<String, usize>,
    downloads: HashMap<String, usize>,
    /// The `Authorization` header of each Graph request, per id.
    authorizations: HashMap<String, Vec<String>>,
}

/// The media of one fake server.
#[derive(Clone, Default)]
pub(crate) struct FakeMedia {
    inner: Arc<Mutex<Registry>>,
}

impl FakeMedia {
    /// Serves `bytes` of `mime_type` as `id`, declared truthfully.
    pub(crate) fn add(&self, id: &str, bytes: impl Into<Vec<u8>>, mime_type: &str) {
        self.add_file(id, MediaFile::new(bytes, mime_type));
    }

    /// Serves `file` as `id`.
    pub(crate) fn add_file(&self, id: &str, file: MediaFile) {
        let mut inner = self.inner.lock().unwrap();
        if matches!(file.pace, Pace::Gated) {
            inner.gates.insert(id.to_owned(), Arc::new(Semaphore::new(0)));
        }
        inner.files.insert(id.to_owned(), file);
    }

    /// Lets a gated download of `id` go.
    pub(crate) fn open(&self, id: &str) {
        if let Some(gate) = self.inner.lock().unwrap().gates.get(id) {
            gate.add_permits(Semaphore::MAX_PERMITS / 2);
        }
    }

    /// The next lookups of `id` are answered with `statuses`, in order (then it is served).
    pub(crate) fn fail_next(&self, id: &str, statuses: Vec<u16>) {
        self.inner.lock().unwrap().failures.entry(id.to_owned()).or_default().extend(statuses);
    }

    /// Lookups of `id` (`GET /{media-id}`, `getFile`).
    pub(crate) fn lookups(&self, id: &str) -> usize {
        self.inner.lock().unwrap().lookups.get(id).copied().unwrap_or(0)
    }

    /// Downloads of `id` started.
    pub(crate) fn downloads(&self, id: &str) -> usize {
        self.inner.lock().unwrap().downloads.get(id).copied().unwrap_or(0)
    }

    /// Every request for `id`, lookups and downloads.
    pub(crate) fn requests(&self, id: &str) -> usize {
        self.lookups(id) + self.downloads(id)
    }

    /// The `Authorization` headers the Graph routes saw for `id`.
    pub(crate) fn authorizations(&self, id: &str) -> Vec<String> {
        self.inner.lock().unwrap().authorizations.get(id).cloned().unwrap_or_default()
    }

    /// The Graph routes under `prefix` (`/v25.0`): the media endpoint and the downloads.
    pub(crate) fn graph_routes(&self, prefix: &str) -> Router {
        Router::new()
            .route(&format!("{prefix}/{{media_id}}"), get(graph_lookup))
            .route("/download/{media_id}", get(graph_download))
            .with_state(self.clone())
    }

    /// Telegram's download route (`getFile` is answered by the Bot API fake through
    /// [`FakeMedia::telegram_get_file`]).
    pub(crate) fn telegram_routes(&self) -> Router {
        Router::new().route("/file/{bot}/media/{file_id}", get(telegram_download)).with_state(self.clone())
    }

    /// A server with both sets of routes on a free port: its address (`http://127.0.0.1:…`).
    pub(crate) async fn serve(&self) -> String {
        let app = self.graph_routes("/v25.0").merge(self.telegram_routes()).merge(self.telegram_api_routes());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    }

    /// `POST /{bot}/getFile` alone (for tests without the whole Bot API fake).
    fn telegram_api_routes(&self) -> Router {
        let media = self.clone();
        Router::new().route(
            "/{bot}/{method}",
            axum::routing::post(move |Path((_bot, method)): Path<(String, String)>, body: Bytes| {
                let media = media.clone();
                async move {
                    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    match method.to_lowercase().as_str() {
                        "getfile" => Json(media.telegram_get_file(&body)),
                        _ => Json(json!({"ok": false, "error_code": 404, "description": "Not Found"})),
                    }
                }
            }),
        )
    }

    /// The answer to a `getFile` request `body`, as Telegram gives it (a whole response, `ok` or not).
    pub(crate) fn telegram_get_file(&self, body: &Value) -> Value {
        let id = body["file_id"].as_str().unwrap_or_default().to_owned();
        let mut inner = self.inner.lock().unwrap();
        *inner.lookups.entry(id.clone()).or_default() += 1;
        if let Some(status) = next_failure(&mut inner, &id) {
            return json!({"ok": false, "error_code": status, "description": "Internal Server Error"});
        }
        match inner.files.get(&id) {
            // Telegram refuses files over 20 MB to bots.
            Some(file) if file.declared_size.is_some_and(|it| it > 20 * 1024 * 1024) => {
                json!({"ok": false, "error_code": 400, "description": "Bad Request: file is too big"})
            }
            Some(file) => json!({"ok": true, "result": {"file_id": id, "file_unique_id": format!("u-{id}"),
                "file_size": file.declared_size, "file_path": format!("media/{id}")}}),
            None => json!({"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"}),
        }
    }
}

fn next_failure(inner: &mut Registry, id: &str) -> Option<u16> {
    let failures = inner.failures.get_mut(id)?;
    (!failures.is_empty()).then(|| failures.remove(0))
}

async fn graph_lookup(State(media): State<FakeMedia>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let authorization = headers.get("authorization").and_then(|it| it.to_str().ok()).unwrap_or_default().to_owned();
    let host = headers.get("host").and_then(|it| it.to_str().ok()).unwrap_or_default().to_owned();
    let mut inner = media.inner.lock().unwrap();
    *inner.lookups.entry(id.clone()).or_default() += 1;
    inner.authorizations.entry(id.clone()).or_default().push(authorization.clone());
    if !authorization.starts_with("Bearer ") {
        return graph_error(StatusCode::UNAUTHORIZED, 190);
    }
    if let Some(status) = next_failure(&mut inner, &id) {
        return graph_error(StatusCode::from_u16(status).unwrap(), 131000);
    }
    let Some(file) = inner.files.get(&id) else {
        // What Meta answers for an id it does not know (or no longer keeps).
        return graph_error(StatusCode::NOT_FOUND, 100);
    };
    let url = file.url.clone().unwrap_or_else(|| format!("http://{host}/download/{id}?hash=signed-query-{id}"));
    Json(json!({"messaging_product": "whatsapp", "url": url, "mime_type": file.mime_type, "sha256": file.sha256,
        "file_size": file.declared_size.map(|it| it.to_string()), "id": id}))
    .into_response()
}

fn graph_error(status: StatusCode, code: i64) -> Response {
    let body = json!({"error": {"message": "fake", "type": "OAuthException", "code": code, "fbtrace_id": "Fake"}});
    (status, Json(body)).into_response()
}

async fn graph_download(State(media): State<FakeMedia>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let authorization = headers.get("authorization").and_then(|it| it.to_str().ok()).unwrap_or_default().to_owned();
    media.inner.lock().unwrap().authorizations.entry(id.clone()).or_default().push(authorization.clone());
    if !authorization.starts_with("Bearer ") {
        return graph_error(StatusCode::UNAUTHORIZED, 190);
    }
    download(&media, &id)
}

async fn telegram_download(State(media): State<FakeMedia>, Path((_bot, id)): Path<(String, String)>) -> Response {
    download(&media, &id)
}

/// The bytes of `id` in chunks, at its pace.
fn download(media: &FakeMedia, id: &str) -> Response {
    let mut inner = media.inner.lock().unwrap();
    *inner.downloads.entry(id.to_owned()).or_default() += 1;
    let Some(file) = inner.files.get(id).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let gate = inner.gates.get(id).cloned();
    drop(inner);
    let chunk = match file.pace {
        Pace::Trickle { chunk, .. } => chunk.max(1),
        _ => CHUNK,
    };
    let pause = match file.pace {
        Pace::Trickle { pause, .. } => pause,
        _ => Duration::ZERO,
    };
    let pieces: Vec<Bytes> = file.bytes.chunks(chunk).map(Bytes::copy_from_slice).collect();
    let stream =
        futures_util::stream::unfold((pieces.into_iter(), gate, 0usize), move |(mut rest, gate, n)| async move {
            if n == 0 {
                if let Some(gate) = &gate {
                    gate.acquire().await.ok()?.forget();
                }
            } else if !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            let piece = rest.next()?;
            Some((Ok::<_, std::io::Error>(piece), (rest, gate, n + 1)))
        });
    ([("content-type", file.mime_type.clone())], Body::from_stream(stream)).into_response()
}
