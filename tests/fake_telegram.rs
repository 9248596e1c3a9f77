//! A local stand-in for Telegram's Bot API: real HTTP on 127.0.0.1. teloxide
//! calls `{api}/bot{token}/{Method}` with PascalCase method names, so methods
//! match case-insensitively. Updates are queued by the test and handed out by
//! `getUpdates`; sent messages, map pins and answered button presses are recorded. Files residents send are
//! served by [`FakeTelegram::media`] (`getFile` and the file URL, see `fake_media`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::fake_media::FakeMedia;

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    sent: Vec<Value>,
    /// `sendLocation` requests.
    locations: Vec<Value>,
    answered: Vec<String>,
    calls: Vec<String>,
    webhook: Option<Value>,
    /// getUpdates calls that fail before working again (a flaky network).
    failing_polls: usize,
    /// setWebhook calls that fail before working again.
    failing_set_webhooks: usize,
    /// The last getUpdates request.
    last_poll: Option<Value>,
    /// The files served by `getFile`.
    media: FakeMedia,
}

/// The fake server's handle.
#[derive(Clone)]
pub(crate) struct FakeTelegram {
    inner: Arc<Mutex<Inner>>,
    pub(crate) url: String,
    /// The files it serves.
    pub(crate) media: FakeMedia,
}

impl FakeTelegram {
    pub(crate) async fn start() -> Self {
        let media = FakeMedia::default();
        let inner = Arc::new(Mutex::new(Inner { media: media.clone(), ..Inner::default() }));
        let app = Router::new()
            .route("/{bot}/{method}", post(call))
            .with_state(Arc::clone(&inner))
            .merge(media.telegram_routes());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { inner, url, media }
    }

    pub(crate) fn push_update(&self, update: Value) {
        self.inner.lock().unwrap().updates.push_back(update);
    }

    pub(crate) fn fail_polls(&self, count: usize) {
        self.inner.lock().unwrap().failing_polls = count;
    }

    pub(crate) fn fail_set_webhooks(&self, count: usize) {
        self.inner.lock().unwrap().failing_set_webhooks = count;
    }

    /// Texts sent to a chat, with their keyboards' callback data.
    pub(crate) fn sent_to(&self, chat: i64) -> Vec<(String, Vec<String>)> {
        let inner = self.inner.lock().unwrap();
        inner
            .sent
            .iter()
            .filter(|m| m["chat_id"] == chat)
            .map(|m| {
                let data = m["reply_markup"]["inline_keyboard"]
                    .as_array()
                    .map(|rows| rows.iter().filter_map(|r| r[0]["callback_data"].as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                (m["text"].as_str().unwrap_or_default().to_owned(), data)
            })
            .collect()
    }

    /// Map pins sent to a chat, as (latitude, longitude).
    pub(crate) fn locations_to(&self, chat: i64) -> Vec<(f64, f64)> {
        let inner = self.inner.lock().unwrap();
        inner
            .locations
            .iter()
            .filter(|m| m["chat_id"] == chat)
            .map(|m| (m["latitude"].as_f64().unwrap_or_default(), m["longitude"].as_f64().unwrap_or_default()))
            .collect()
    }

    pub(crate) fn answered(&self) -> Vec<String> {
        self.inner.lock().unwrap().answered.clone()
    }

    pub(crate) fn calls(&self) -> Vec<String> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// The last getUpdates request's body.
    pub(crate) fn last_poll(&self) -> Option<Value> {
        self.inner.lock().unwrap().last_poll.clone()
    }

    /// The sendMessage requests to a chat, as sent.
    pub(crate) fn sent_bodies(&self, chat: i64) -> Vec<Value> {
        self.inner.lock().unwrap().sent.iter().filter(|m| m["chat_id"] == chat).cloned().collect()
    }

    pub(crate) fn webhook(&self) -> Option<Value> {
        self.inner.lock().unwrap().webhook.clone()
    }

    pub(crate) async fn wait_for(&self, chat: i64, count: usize) -> Vec<(String, Vec<String>)> {
        let started = Instant::now();
        loop {
            let got = self.sent_to(chat);
            if got.len() >= count {
                return got;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("expected {count} messages to {chat}, got {got:#?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// A text message update in a private chat.
pub(crate) fn text_update(update_id: u32, chat: i64, text: &str) -> Value {
    json!({"update_id": update_id, "message": {"message_id": update_id + 100, "date": 1795999800,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"}, "text": text}})
}

/// A button press on an inline keyboard.
pub(crate) fn press_update(update_id: u32, chat: i64, data: &str) -> Value {
    json!({"update_id": update_id, "callback_query": {"id": format!("cbq-{update_id}"), "chat_instance": "ci",
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"}, "data": data,
        "message": {"message_id": 9000, "date": 1795999800, "chat": {"id": chat, "type": "private", "first_name": "Warga"}, "text": "Menu"}}})
}

/// A photo whose largest size is the file `file_id` (registered in [`FakeTelegram::media`]), with a caption.
pub(crate) fn photo_file_update(update_id: u32, chat: i64, file_id: &str, size: u64, caption: &str) -> Value {
    json!({"update_id": update_id, "message": {"message_id": update_id + 100, "date": 1795999800,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"}, "caption": caption,
        "photo": [{"file_id": format!("{file_id}-small"), "file_unique_id": "s", "width": 90, "height": 60, "file_size": 900},
                  {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 960, "file_size": size}]}})
}

/// A document (a PDF, a photo sent as a file) `file_id` of `mime_type`.
pub(crate) fn document_update(update_id: u32, chat: i64, file_id: &str, mime_type: &str, size: u64) -> Value {
    json!({"update_id": update_id, "message": {"message_id": update_id + 100, "date": 1795999800,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"},
        "document": {"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": "surat.pdf",
                     "mime_type": mime_type, "file_size": size}}})
}

/// A photo.
pub(crate) fn photo_update(update_id: u32, chat: i64) -> Value {
    json!({"update_id": update_id, "message": {"message_id": update_id + 100, "date": 1795999800,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"},
        "photo": [{"file_id": "f", "file_unique_id": "u", "width": 10, "height": 10, "file_size": 100}]}})
}

/// A request body as JSON: teloxide sends JSON, or multipart for methods that may carry a file (setWebhook).
fn body_json(headers: &HeaderMap, bytes: &[u8]) -> Value {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Some(boundary) = content_type.split("boundary=").nth(1) else {
        return serde_json::from_slice(bytes).unwrap_or(Value::Null);
    };
    let text = String::from_utf8_lossy(bytes);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let Some(name) = head.split("name=\"").nth(1).and_then(|it| it.split('"').next()) else { continue };
        fields.insert(name.to_owned(), Value::String(value.trim_end_matches("\r\n").to_owned()));
    }
    Value::Object(fields)
}

async fn call(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path((_bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Json<Value> {
    let body = body_json(&headers, &bytes);
    let method = method.to_lowercase();
    if method == "getupdates" {
        let updates: Option<Vec<Value>> = {
            let mut inner = inner.lock().unwrap();
            inner.calls.push(method.clone());
            inner.last_poll = Some(body.clone());
            if inner.failing_polls > 0 {
                inner.failing_polls -= 1;
                None
            } else {
                Some(inner.updates.drain(..).collect())
            }
        };
        return match updates {
            // An error body with HTTP 200: teloxide waits 10 s on any 5xx before reading it.
            None => Json(json!({"ok": false, "error_code": 502, "description": "Bad Gateway"})),
            Some(updates) if updates.is_empty() => {
                // Long polling, shortened: nothing new for a moment.
                tokio::time::sleep(Duration::from_millis(20)).await;
                Json(json!({"ok": true, "result": []}))
            }
            Some(updates) => Json(json!({"ok": true, "result": updates})),
        };
    }
    let mut inner = inner.lock().unwrap();
    inner.calls.push(method.clone());
    let result = match method.as_str() {
        "getme" => json!({"id": 42, "is_bot": true, "first_name": "Cek Bae", "username": "cekbae_bot",
            "can_join_groups": false, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "has_main_web_app": false}),
        "getwebhookinfo" => json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}),
        "deletewebhook" => json!(true),
        // A whole answer, `ok` or not, as Telegram gives it.
        "getfile" => return Json(inner.media.telegram_get_file(&body)),
        "setwebhook" if inner.failing_set_webhooks > 0 => {
            inner.failing_set_webhooks -= 1;
            return Json(json!({"ok": false, "error_code": 502, "description": "Bad Gateway"}));
        }
        "setwebhook" => {
            inner.webhook = Some(body);
            json!(true)
        }
        "answercallbackquery" => {
            inner.answered.push(body["callback_query_id"].as_str().unwrap_or_default().to_owned());
            json!(true)
        }
        "sendlocation" => {
            inner.locations.push(body.clone());
            json!({"message_id": 2000 + inner.locations.len(), "date": 1764470000,
                "chat": {"id": body["chat_id"], "type": "private", "first_name": "Warga"},
                "location": {"latitude": body["latitude"], "longitude": body["longitude"]}})
        }
        "sendmessage" => {
            inner.sent.push(body.clone());
            json!({"message_id": 1000 + inner.sent.len(), "date": 1795999800,
                "chat": {"id": body["chat_id"], "type": "private", "first_name": "Warga"},
                "from": {"id": 42, "is_bot": true, "first_name": "Cek Bae", "username": "cekbae_bot"},
                "text": body["text"]})
        }
        _ => return Json(json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"})),
    };
    Json(json!({"ok": true, "result": result}))
}

/// A text in a group or supergroup (in a forum topic when `thread` is given).
pub(crate) fn group_update(update_id: u32, chat: i64, thread: Option<i32>, text: &str) -> Value {
    let mut message = json!({"message_id": update_id + 100, "date": 1795999800,
        "chat": {"id": chat, "type": "supergroup", "title": "Warga Leuwiliang", "is_forum": thread.is_some()},
        "from": {"id": 5001, "is_bot": false, "first_name": "Warga"}, "text": text});
    if let Some(thread) = thread {
        message["message_thread_id"] = json!(thread);
        message["is_topic_message"] = json!(true);
    }
    json!({"update_id": update_id, "message": message})
}
