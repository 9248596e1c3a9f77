//! `cekbae serve` with WhatsApp: signed webhooks over real HTTP on 127.0.0.1
//! into the real server, replies captured by a fake Graph API.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cekbae::args::EngineArgs;
use cekbae::http::HttpLimits;
use cekbae::server::{serve, Settings};
use cekbae_adapter_telegram::TelegramConfig;
use cekbae_adapter_whatsapp::{signature, RetryPolicy, WhatsAppConfig};
use serde_json::{json, Value};
use tokio::sync::oneshot;

use crate::fake_graph::{graph_error, FakeGraph};
use crate::harness::{assert_no_nik_at_rest, repo_root, serving};

pub(crate) const SECRET: &str = "test_app_secret";
const PHONE_NUMBER_ID: &str = "106540352242922";
pub(crate) const RESIDENT: &str = "6281234567890";
/// Numbers sentinel message ids.
static SENTINELS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A running server and how to stop it.
pub(crate) struct Server {
    pub(crate) base: String,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<anyhow::Result<()>>,
    pub(crate) http: reqwest::Client,
}

impl Server {
    pub(crate) async fn start(data: &Path, graph: &FakeGraph) -> Self {
        Self::start_with(data, graph, HttpLimits::default()).await
    }

    /// A server with its own HTTP limits (short timeouts for the hardening tests).
    pub(crate) async fn start_with(data: &Path, graph: &FakeGraph, http: HttpLimits) -> Self {
        Self::start_on(serving(on_test_day(data)), graph, None, http).await
    }

    /// A server on `engine` (sled or PostgreSQL), on Telegram too when `telegram` is given.
    pub(crate) async fn start_on(
        engine: EngineArgs,
        graph: &FakeGraph,
        telegram: Option<TelegramConfig>,
        http: HttpLimits,
    ) -> Self {
        let settings = Settings {
            whatsapp: Some(WhatsAppConfig {
                verify_token: "verify-me".into(),
                app_secret: SECRET.into(),
                access_token: "access-token".into(),
                phone_number_id: PHONE_NUMBER_ID.into(),
                api_base: graph.base.clone(),
            }),
            telegram,
            admin_token: None,
            limits: Default::default(),
            http,
            desk: Default::default(),
            retry: RetryPolicy {
                attempts: 3,
                first_backoff: Duration::from_millis(10),
                max_backoff: Duration::from_millis(50),
            },
            templates: Default::default(),
            media: Default::default(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(serve(engine, settings, listener, async move {
            let _ = stopped.await;
        }));
        // No pooled connections: each request on a fresh one, so a connection the server
        // closed after refusing a body (413) cannot fail the next case.
        let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
        // The listener is bound before the engine is built: wait until the server answers,
        // so a test that holds connections open counts them against a running server.
        let started = std::time::Instant::now();
        while http.get(format!("{base}/healthz")).send().await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "the server never started");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Self { base, stop: Some(stop), done, http }
    }

    /// Sends a message from `from` and waits for its answer. One resident's messages are
    /// handled and answered in order, so once it is answered, anything an earlier message
    /// of `from` would have caused has been sent: no fixed sleep before "nothing more".
    /// Returns the sentinel's message id.
    pub(crate) async fn sentinel(&self, graph: &FakeGraph, from: &str) -> String {
        let id = format!("wamid.sentinel-{}", SENTINELS.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
        assert_eq!(self.post(&text(from, &id, "bantuan")).await, 200);
        graph.wait_for_answer(&id).await;
        id
    }

    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.done).await.unwrap().unwrap();
    }

    /// POSTs `body` signed with `signature` (None: sign it properly).
    pub(crate) async fn post_signed(&self, body: &[u8], signature_header: Option<&str>) -> u16 {
        let header = signature_header.map_or_else(|| signature::sign(SECRET.as_bytes(), body), str::to_owned);
        let response = self
            .http
            .post(format!("{}/webhook/whatsapp", self.base))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", header)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        response.status().as_u16()
    }

    pub(crate) async fn post(&self, value: &Value) -> u16 {
        self.post_signed(&serde_json::to_vec(value).unwrap(), None).await
    }
}

/// The engine's defaults on `data`, on the fixed day of these tests (Monday 30 November 2026, 08:00 WIB).
pub(crate) fn on_test_day(data: &Path) -> EngineArgs {
    EngineArgs::at(data.to_owned(), Some(chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap()))
}

pub(crate) fn envelope(value: Value) -> Value {
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "102290129340398", "changes": [{ "field": "messages", "value": value }] }] })
}

pub(crate) fn metadata() -> Value {
    json!({ "display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID })
}

pub(crate) fn text(from: &str, id: &str, body: &str) -> Value {
    envelope(json!({
        "messaging_product": "whatsapp", "metadata": metadata(),
        "messages": [{ "from": from, "id": id, "timestamp": "1795999800", "type": "text", "text": { "body": body } }],
    }))
}

pub(crate) fn list_reply(from: &str, id: &str, option: &str) -> Value {
    envelope(json!({
        "messaging_product": "whatsapp", "metadata": metadata(),
        "messages": [{ "from": from, "id": id, "timestamp": "1795999800", "type": "interactive",
            "interactive": { "type": "list_reply", "list_reply": { "id": option, "title": option } } }],
    }))
}

pub(crate) fn button_reply(from: &str, id: &str, option: &str) -> Value {
    envelope(json!({
        "messaging_product": "whatsapp", "metadata": metadata(),
        "messages": [{ "from": from, "id": id, "timestamp": "1795999800", "type": "interactive",
            "interactive": { "type": "button_reply", "button_reply": { "id": option, "title": option } } }],
    }))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures/whatsapp").join(format!("{name}.json"))).unwrap()
}

fn data_dir(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("data")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_metas_verification_only_with_the_right_token() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    let url = |token: &str| {
        format!("{}/webhook/whatsapp?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444", server.base)
    };
    let ok = server.http.get(url("verify-me")).send().await.unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    assert_eq!(server.http.get(url("wrong")).send().await.unwrap().status().as_u16(), 403);
    let health = server.http.get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let health = health.json::<Value>().await.unwrap();
    assert_eq!(health["channels"], json!(["whatsapp"]));
    assert_eq!(health["calendar_until"], "2027-12-31", "how far the office calendar is known");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_gets_a_ticket_through_lists_buttons_and_typed_text() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;

    assert_eq!(server.post(&text(RESIDENT, "wamid.1", "halo")).await, 200);
    let sent = graph.wait_for(RESIDENT, 2).await;
    assert!(sent[0].text().contains("CEK BAE WA"));
    assert_eq!(sent[0].phone_number_id, PHONE_NUMBER_ID);
    assert_eq!(sent[0].authorization, "Bearer access-token");
    let menu = &sent[1];
    assert_eq!(menu.body["interactive"]["type"], "list", "six documents: a list");
    assert_eq!(menu.option_ids()[0], "doc:ktp_el");
    assert_eq!(menu.option_ids().len(), 6);

    server.post(&list_reply(RESIDENT, "wamid.2", "doc:ktp_el")).await;
    let sent = graph.wait_for(RESIDENT, 3).await;
    assert!(sent[2].text().contains("KTP-el"));
    assert!(sent[2].option_ids().contains(&"reason:hilang".to_owned()));

    // Typed text works too: the reason by name.
    server.post(&text(RESIDENT, "wamid.3", "hilang")).await;
    // Requirements, the data-protection notice, the NIK question.
    let sent = graph.wait_for(RESIDENT, 6).await;
    assert!(sent.iter().any(|s| s.text().contains("Kepolisian")), "requirements for a lost KTP-el");

    server.post(&text(RESIDENT, "wamid.4", "3201 0145 0290 0003")).await;
    // "NIK diterima" and the days.
    let sent = graph.wait_for(RESIDENT, 8).await;
    let schedule = sent.last().unwrap();
    assert!(schedule.option_ids().contains(&"day:2026-11-30".to_owned()), "{:?}", schedule.option_ids());

    server.post(&list_reply(RESIDENT, "wamid.5", "day:2026-11-30")).await;
    // The ticket, then the invitation to the satisfaction survey as two buttons.
    let sent = graph.wait_for(RESIDENT, 10).await;
    assert!(sent[8].text().contains("LWL-20261130-001"), "{}", sent[8].text());
    assert_eq!(sent[9].body["interactive"]["type"], "button");
    assert_eq!(sent[9].option_ids(), vec!["survey:yes", "survey:no"]);
    // The full NIK is never sent back.
    assert!(sent.iter().all(|s| !s.body.to_string().contains("3201014502900003")));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_is_answered_with_a_reply_button() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    server.post(&text(RESIDENT, "wamid.c1", "halo")).await;
    graph.wait_for(RESIDENT, 2).await;
    server.post(&text(RESIDENT, "wamid.c2", "kpt")).await;
    let sent = graph.wait_for(RESIDENT, 3).await;
    assert_eq!(sent[2].body["interactive"]["type"], "button");
    assert_eq!(sent[2].option_ids(), vec!["confirm:yes", "confirm:no"]);
    server.post(&button_reply(RESIDENT, "wamid.c3", "confirm:yes")).await;
    let sent = graph.wait_for(RESIDENT, 4).await;
    assert!(sent[3].text().contains("Apa keperluan Anda untuk KTP-el?"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asked_where_the_office_is_a_resident_gets_a_location_message() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    assert_eq!(server.post(&text(RESIDENT, "wamid.l1", "alamatnya dimana?")).await, 200);
    // The greeting, the address, the pin, the menu.
    let sent = graph.wait_for(RESIDENT, 4).await;
    assert!(sent[1].text().contains("Jl. Moh. Noh Nur"), "{}", sent[1].text());
    assert_eq!(
        sent[2].body["location"],
        json!({"latitude": "-6.57677", "longitude": "106.635715", "name": "Kantor Kecamatan Leuwiliang",
            "address": "Jl. Moh. Noh Nur, Leuwiliang, Kabupaten Bogor, Jawa Barat 16640"})
    );
    assert_eq!(sent[2].body["type"], "location");
    assert_eq!(sent[2].body["to"], RESIDENT);
    assert_eq!(sent[2].body["biz_opaque_callback_data"], "wamid.l1", "tied to the question it answers");
    assert_eq!(sent[3].option_ids().len(), 6, "then the menu, where the resident was");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_delivery_is_answered_once() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    let body = serde_json::to_vec(&text(RESIDENT, "wamid.dup", "halo")).unwrap();
    assert_eq!(server.post_signed(&body, None).await, 200);
    assert_eq!(server.post_signed(&body, None).await, 200);
    graph.wait_for(RESIDENT, 2).await;
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    assert_eq!(graph.accepted_to_except(RESIDENT, &sentinel).len(), 2, "greeting + menu, once");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_and_oversized_requests_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    let body = serde_json::to_vec(&text(RESIDENT, "wamid.forged", "halo")).unwrap();
    let forged = signature::sign(b"not the secret", &body);
    assert_eq!(server.post_signed(&body, Some(&forged)).await, 401);
    assert_eq!(server.post_signed(&body, Some("sha256=00")).await, 401, "wrong length");
    let unsigned =
        server.http.post(format!("{}/webhook/whatsapp", server.base)).body(body.clone()).send().await.unwrap();
    assert_eq!(unsigned.status().as_u16(), 401);
    let huge = vec![b' '; 2 * 1024 * 1024];
    assert_eq!(server.post_signed(&huge, None).await, 413);
    assert_eq!(server.post_signed(b"{\"entry\": 5}", None).await, 400, "signed but not a webhook");
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    assert!(graph.all().iter().all(|s| s.answers() == Some(&sentinel)), "nothing sent but the sentinel's answer");
    // The forged message id was not stored as processed: the real one is answered.
    assert_eq!(server.post_signed(&body, None).await, 200);
    graph.wait_for_answer("wamid.forged").await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recorded_non_text_message_gets_a_polite_reply_once() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    let kinds = ["image", "audio_voice", "sticker", "location", "document", "video", "contacts", "unsupported"];
    // Each kind from a resident of its own (one resident's burst of non-text messages is answered once).
    let residents: Vec<String> = (0..kinds.len()).map(|n| format!("62812000000{n:02}")).collect();
    for (name, resident) in kinds.iter().zip(&residents) {
        let body = String::from_utf8(fixture(name)).unwrap().replace(RESIDENT, resident);
        assert_eq!(server.post_signed(body.as_bytes(), None).await, 200, "{name}");
        let sent = graph.wait_for(resident, 1).await;
        // Photos and documents are papers the dialogue takes (cek berkas): without a booking, nothing is kept.
        if ["image", "document"].contains(name) {
            let sent = graph.wait_for(resident, 2).await;
            assert!(sent[1].text().contains("belum memiliki jadwal"), "{name}: {}", sent[1].text());
            continue;
        }
        assert!(sent[0].text().contains("hanya dapat membaca pesan teks"), "{name}: {}", sent[0].text());
    }
    // Redelivered: not answered again; and another non-text message in the same burst is not answered either.
    // (Message ids of their own: ids are unique across residents.)
    let own = |name: &str| String::from_utf8(fixture(name)).unwrap().replace("wamid.", "wamid.R");
    server.post_signed(own("video").as_bytes(), None).await;
    server.post_signed(own("video").as_bytes(), None).await;
    server.post_signed(own("sticker").as_bytes(), None).await;
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    assert_eq!(graph.accepted_to_except(RESIDENT, &sentinel).len(), 1, "one reply per resident per burst");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statuses_and_other_numbers_are_recorded_or_ignored_never_answered() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    for name in [
        "status_sent",
        "status_delivered",
        "status_read",
        "status_failed",
        "account_error",
        "other_phone_number",
        "reaction",
        "reaction_removed",
        "system_changed_number",
        "system_identity",
        "revoke",
        "edit",
    ] {
        assert_eq!(server.post_signed(&fixture(name), None).await, 200, "{name}");
    }
    let sentinels = [server.sentinel(&graph, RESIDENT).await, server.sentinel(&graph, "6281298765432").await];
    // A 👍, a deleted or edited message, a changed number: never "please type", never anything.
    let answered: Vec<_> =
        graph.all().into_iter().filter(|s| !sentinels.iter().any(|id| s.answers() == Some(id))).collect();
    assert!(answered.is_empty(), "{answered:#?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_batch_serves_several_residents_each_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    assert_eq!(server.post_signed(&fixture("batch"), None).await, 200);
    // Siti: "halo" then "1": greeting, menu, then the KTP-el reason question.
    let siti = graph.wait_for("6281234567890", 3).await;
    assert!(siti[2].text().contains("Apa keperluan Anda untuk KTP-el?"), "{}", siti[2].text());
    graph.wait_for("6281298765432", 2).await;
    graph.wait_for("6285711112222", 2).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sending_is_retried_on_rate_limits_and_server_errors_but_not_on_a_closed_window() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    graph.fail_next(vec![(500, json!({})), (429, graph_error(130429, "Rate limit hit"))]);
    server.post(&text(RESIDENT, "wamid.r1", "halo")).await;
    graph.wait_for(RESIDENT, 2).await;
    let attempts = graph.all().into_iter().filter(|s| s.to() == RESIDENT).count();
    assert_eq!(attempts, 4, "two failures, then greeting and menu");

    let other = "6281298765432";
    graph.fail_next(vec![(400, graph_error(131047, "Re-engagement message"))]);
    server.post(&text(other, "wamid.r2", "halo")).await;
    server.sentinel(&graph, other).await;
    let to_other = graph.all().into_iter().filter(|s| s.answers() == Some("wamid.r2")).count();
    assert_eq!(to_other, 1, "131047 is not retried");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_survives_a_restart_and_undelivered_replies_are_sent_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    server.post(&text(RESIDENT, "wamid.s1", "halo")).await;
    graph.wait_for(RESIDENT, 2).await;
    // The Graph API goes down: the answer to the next message cannot be sent.
    graph.down((503, json!({})));
    server.post(&list_reply(RESIDENT, "wamid.s2", "doc:kk")).await;
    // Stopping finishes the message in hand; its answer stays in the outbox.
    server.stop().await;
    assert_eq!(graph.accepted_to(RESIDENT).len(), 2);

    graph.up();
    let server = Server::start(&data_dir(&dir), &graph).await;
    // Sent at start-up from the outbox, without the resident writing again.
    let sent = graph.wait_for(RESIDENT, 3).await;
    assert!(sent[2].text().contains("Kartu Keluarga"), "{}", sent[2].text());
    // Meta redelivers the message after the outage: not answered twice.
    server.post(&list_reply(RESIDENT, "wamid.s2", "doc:kk")).await;
    // The conversation continues where it was.
    server.post(&text(RESIDENT, "wamid.s3", "hilang")).await;
    let sent = graph.wait_for(RESIDENT, 5).await;
    assert!(sent[3].text().contains("Kartu Keluarga (KK) – Hilang"), "{}", sent[3].text());
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    let reason_questions =
        graph.accepted_to_except(RESIDENT, &sentinel).iter().filter(|s| s.text().contains("Apa keperluan")).count();
    assert_eq!(reason_questions, 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_cut_off_part_way_is_completed_without_repeating_a_bubble() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    // "halo" is answered with a greeting and the menu; the network drops after the greeting.
    graph.down_after(1, (503, json!({})));
    server.post(&text(RESIDENT, "wamid.p1", "halo")).await;
    graph.wait_for(RESIDENT, 1).await;
    // Stopping finishes the delivery in hand; what did not go out stays in the outbox.
    server.stop().await;
    assert_eq!(graph.accepted_to(RESIDENT).len(), 1, "only the greeting went out");

    graph.up();
    let server = Server::start(&data_dir(&dir), &graph).await;
    let sent = graph.wait_for(RESIDENT, 2).await;
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    let sent_now = graph.accepted_to_except(RESIDENT, &sentinel);
    assert_eq!(sent_now.len(), 2, "the greeting is not sent again: {sent_now:#?}");
    assert_eq!(sent[1].option_ids().len(), 6, "the menu follows: {:?}", sent[1].text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn niks_sent_over_whatsapp_are_found_in_no_file_of_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(&dir);
    let graph = FakeGraph::start().await;
    let server = Server::start(&data, &graph).await;
    let niks = ["3201014502900003", "3201011705900001", "3201012902960001"];
    // Books a day with a NIK written in groups of four.
    server.post(&text("6281200000001", "wamid.n1", "KTP 3201 0145 0290 0003 HILANG")).await;
    server.post(&list_reply("6281200000001", "wamid.n2", "day:2026-11-30")).await;
    // Stops after sending a NIK with dashes: it waits in the session.
    server.post(&text("6281200000002", "wamid.n3", "kk rusak")).await;
    server.post(&text("6281200000002", "wamid.n4", "NIK saya 3201-0117-0590-0001")).await;
    // Sends a NIK and asks for a petugas: the handover carries the last messages.
    server.post(&text("6281200000003", "wamid.n5", "KIA 3201012902960001 BARU")).await;
    server.post(&text("6281200000003", "wamid.n6", "petugas")).await;
    // Stopping finishes the messages in hand and flushes the store.
    server.stop().await;
    let sent = graph.accepted_to("6281200000001");
    assert!(sent.iter().any(|s| s.text().contains("LWL-20261130-")), "booked: {sent:#?}");
    assert_no_nik_at_rest(&data, &niks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_album_without_a_booking_keeps_nothing_and_a_resident_known_by_user_id_is_answered_through_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    assert_eq!(server.post_signed(&fixture("album"), None).await, 200);
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    let replies = graph.accepted_to_except(RESIDENT, &sentinel);
    // Three photos are three papers (cek berkas): the resident is told once that without a booking they are not
    // kept, and the other two photos of the album get no copy of it.
    let refused = replies.iter().filter(|it| it.text().contains("belum memiliki jadwal")).count();
    assert_eq!(refused, 1, "{replies:#?}");
    assert_eq!(graph.media.requests("2754859441498128"), 0, "nothing fetched");

    // No `from`, only the user id: answered with `recipient` (a user id in `to` is never delivered).
    let user_id = "ID.1234567890123";
    assert_eq!(server.post_signed(&fixture("text_user_id_only"), None).await, 200);
    let sent = graph.wait_for(user_id, 2).await;
    assert!(sent.iter().all(|s| s.body["recipient"] == user_id && s.body.get("to").is_none()), "{sent:#?}");
    assert!(sent[1].text().contains("Dokumen apa"), "{}", sent[1].text());
    // Later with both number and user id: the same resident, whose "1" picks from the menu shown.
    assert_eq!(server.post_signed(&fixture("text_user_id_and_number"), None).await, 200);
    let sent = graph.wait_for(user_id, 3).await;
    assert!(sent[2].text().contains("Apa keperluan Anda untuk KTP-el?"), "{}", sent[2].text());
    server.stop().await;
}

fn edit(from: &str, id: &str, original: &str, body: &str) -> Value {
    envelope(json!({
        "messaging_product": "whatsapp", "metadata": metadata(),
        "messages": [{ "from": from, "id": id, "timestamp": "1795999800", "type": "edit",
            "edit": { "original_message_id": original, "message": { "type": "text", "text": { "body": body } } } }],
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_answer_is_read_when_the_step_has_not_moved_on_and_let_go_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    assert_eq!(server.post(&text(RESIDENT, "wamid.e1", "ktp hilang")).await, 200);
    graph.wait_for_answer("wamid.e1").await;
    // A NIK too short: the step stays at the NIK.
    assert_eq!(server.post(&text(RESIDENT, "wamid.e2", "3201014502900")).await, 200);
    let refused = graph.wait_for_answer("wamid.e2").await;
    assert!(refused.text().contains("NIK harus 16 angka"), "{}", refused.text());
    // Editing the first message (the conversation moved on since): let go quietly.
    assert_eq!(server.post(&edit(RESIDENT, "wamid.e3", "wamid.e1", "kk rusak")).await, 200);
    // Editing the refused NIK: read as the new answer, the days are offered.
    let count = graph.accepted_to(RESIDENT).len();
    assert_eq!(server.post(&edit(RESIDENT, "wamid.e4", "wamid.e2", "3201014502900003")).await, 200);
    let sent = graph.wait_for_options(RESIDENT, count, "day:").await;
    assert!(sent[count..].iter().all(|s| s.answers() == Some("wamid.e4")), "only the edit answered: {sent:#?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_number_takes_the_conversation_and_bookings_along_unanswered() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&data_dir(&dir), &graph).await;
    assert_eq!(server.post(&text(RESIDENT, "wamid.n1", "KTP 3201014502900003 HILANG")).await, 200);
    let count = graph.wait_for_options(RESIDENT, 0, "day:").await.len();
    assert_eq!(server.post(&list_reply(RESIDENT, "wamid.n2", "day:2026-12-01")).await, 200);
    let sent = graph.wait_for_options(RESIDENT, count, "survey:").await;
    assert!(sent[count].text().contains("LWL-20261201-001"), "{}", sent[count].text());
    let to_old = graph.all().iter().filter(|s| s.to() == RESIDENT).count();

    assert_eq!(server.post_signed(&fixture("system_changed_number"), None).await, 200);
    let new_number = "6281299990000";
    assert_eq!(server.post(&text(new_number, "wamid.n3", "halo")).await, 200);
    // The conversation goes on where it was.
    let sent = graph.wait_for(new_number, 1).await;
    assert!(sent[0].text().contains("Tiket Anda: *LWL-20261201-001*"), "{sent:#?}");
    server.stop().await;
    // The booking is the new number's: its reminder goes there.
    let data = data_dir(&dir);
    let args = ["reminders", "run", "--now", "2026-11-30T16:05:00+07:00", "--data", data.to_str().unwrap()];
    let run = crate::harness::cekbae_on(&data, &args, "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let server = Server::start(&data, &graph).await;
    let sent = graph.wait_for(new_number, 2).await;
    assert!(sent[1].text().contains("Pengingat jadwal besok"), "{}", sent[1].text());
    assert_eq!(graph.all().iter().filter(|s| s.to() == RESIDENT).count(), to_old, "nothing to the old number");
    server.stop().await;
}
