//! Reliability in-process: races for the last places, an upgrade from older
//! session records, and hostile input over HTTP (each gets a clear reply or
//! HTTP error, never a panic, nothing stored that should not be).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use cekbae::args::EngineArgs;
use cekbae::setup::build_engine;
use cekbae_bot::{Incoming, Store, UserKey};

use crate::harness::{cekbae, repo_root, serving};

fn engine_args(data: &Path, capacity: Option<u32>) -> EngineArgs {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap();
    EngineArgs { capacity, ..EngineArgs::at(data, Some(now)) }
}

#[test]
fn two_hundred_residents_race_for_the_last_five_places() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(build_engine(&engine_args(&dir.path().join("data"), Some(5)), false).unwrap());
    let residents: Vec<UserKey> = (0..200).map(|n| UserKey::new("race", format!("62812{n:05}"))).collect();
    for user in &residents {
        let outcome = engine.handle(&Incoming::text(user.clone(), "KTP 3201014502900003 HILANG")).unwrap();
        assert_eq!(outcome.state, "schedule");
    }
    // Everyone picks option 1 (Monday 30 November) at the same moment.
    let handles: Vec<_> = residents
        .iter()
        .cloned()
        .map(|user| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || engine.handle(&Incoming::text(user, "1")).unwrap())
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let booked: Vec<_> = outcomes.iter().filter(|o| o.state == "done").collect();
    assert_eq!(booked.len(), 5, "exactly five tickets");
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert_eq!(engine.store().bookings().taken(monday).unwrap(), 5);
    let mut tickets: Vec<&str> =
        booked.iter().filter_map(|o| o.slots.iter().find(|(k, _)| k == "ticket").map(|(_, v)| v.as_str())).collect();
    tickets.sort();
    tickets.dedup();
    assert_eq!(tickets.len(), 5, "five different ticket numbers");
    for outcome in outcomes.iter().filter(|o| o.state != "done") {
        let text: String = outcome.replies.iter().map(|r| r.to_plain_text()).collect();
        assert!(text.contains("penuh"), "{text}");
        assert!(text.contains("Selasa, 1 Desember 2026"), "other days are offered: {text}");
    }
}

#[test]
fn sessions_written_by_older_versions_are_migrated_or_reset_politely() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tests/fixtures/upgrade/sessions.json")).unwrap(),
    )
    .unwrap();
    // Written exactly as older versions wrote them: clear JSON in the `sessions` tree.
    let entries: Vec<(Vec<u8>, Vec<u8>)> = fixture["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let key = entry["key"].as_str().unwrap().as_bytes().to_vec();
            let value = match &entry["record"] {
                Value::String(raw) => raw.as_bytes().to_vec(),
                record => serde_json::to_vec(record).unwrap(),
            };
            (key, value)
        })
        .collect();
    cekbae_sled_store::raw::write_tree(&data, "sessions", &entries).unwrap();
    let talk = |user: &str, text: &str| -> Value {
        let run = cekbae(
            &[
                "console",
                "--json",
                "--data",
                data.to_str().unwrap(),
                "--now",
                "2026-11-30T08:05:00+07:00",
                "--user",
                user,
            ],
            &format!("{text}\n"),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap()
    };
    // A record of the current dialogue version but an older shape (nik_failures, no newer fields): continues.
    let old_shape = talk("lama-nik", "3201014502900003");
    assert_eq!(old_shape["state"], "schedule", "{old_shape}");
    assert_eq!(old_shape["slots"]["document"], "ktp_el");
    // An older dialogue version nobody can migrate, another session schema, and bytes that are no record:
    // each resident is greeted again with an apology, never locked out.
    for user in ["versi-lama", "skema-lain", "rusak"] {
        let reply = talk(user, "halo");
        assert_eq!(reply["state"], "menu", "{user}: {reply}");
        let text = reply["replies"].to_string();
        // Bytes that are no record at all are removed by the start-up purge; the others are reset with a note.
        if user != "rusak" {
            assert!(text.contains("pembaruan sistem"), "{user}: {text}");
        }
        assert!(text.contains("CEK BAE WA"), "{user} is greeted: {text}");
        let again = talk(user, "1");
        assert_eq!(again["state"], "reason", "{user} goes on normally: {again}");
    }
}

mod hostile {
    use super::*;
    use cekbae::server::{serve, Settings};
    use cekbae_adapter_whatsapp::{signature, RetryPolicy, WhatsAppConfig};
    use tokio::sync::oneshot;

    use crate::fake_graph::FakeGraph;

    const SECRET: &[u8] = b"hostile-secret";

    /// One hostile request: name, body, signature override, expected status, resident to be answered.
    type Case = (&'static str, Vec<u8>, Option<String>, u16, Option<&'static str>);
    const PHONE: &str = "106540352242922";

    fn message(from: &str, id: &str, message: Value) -> Value {
        let mut message = message;
        message["from"] = json!(from);
        message["id"] = json!(id);
        json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
            "metadata": {"phone_number_id": PHONE}, "messages": [message]}}]}]})
    }

    fn text(from: &str, id: &str, body: &str) -> Vec<u8> {
        serde_json::to_vec(&message(from, id, json!({"type": "text", "text": {"body": body}}))).unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hostile_and_broken_input_gets_a_clear_answer_and_changes_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let graph = FakeGraph::start().await;
        let settings = Settings {
            whatsapp: Some(WhatsAppConfig {
                verify_token: "v".into(),
                app_secret: String::from_utf8(SECRET.to_vec()).unwrap(),
                access_token: "t".into(),
                phone_number_id: PHONE.into(),
                api_base: graph.base.clone(),
            }),
            telegram: None,
            retry: RetryPolicy {
                attempts: 2,
                first_backoff: Duration::from_millis(5),
                max_backoff: Duration::from_millis(10),
            },
            admin_token: None,
            limits: Default::default(),
            http: Default::default(),
            desk: Default::default(),
            templates: Default::default(),
            media: Default::default(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let data = dir.path().join("data");
        let server = tokio::spawn(serve(serving(engine_args(&data, None)), settings, listener, async move {
            let _ = stopped.await;
        }));
        // A fresh connection per case: the server may close one after refusing a body (413).
        let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
        let post = |body: Vec<u8>, signature_header: Option<String>| {
            let header = signature_header.unwrap_or_else(|| signature::sign(SECRET, &body));
            http.post(format!("{base}/webhook/whatsapp")).header("x-hub-signature-256", header).body(body).send()
        };

        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes();
        let wrong_types = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":62812,"id":7,"type":["text"]}]}}]}]}"#.to_vec();
        let missing = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"type":"text"}]}}]}]}"#.to_vec();
        let invalid_utf8 = [b"{\"entry\": [\"".as_slice(), &[0xff, 0xfe, 0xfd], b"\"]}"].concat();
        let other_number = serde_json::to_vec(&json!({"entry": [{"changes": [{"field": "messages", "value": {
            "metadata": {"phone_number_id": "999"}, "messages": [{"from": "6281111111111", "id": "wamid.x", "type": "text", "text": {"body": "halo"}}]}}]}]})).unwrap();
        // (case, body, signature override, expected HTTP status, resident who must get an answer)
        let cases: Vec<Case> = vec![
            (
                "64 KiB of text",
                text("6281000000001", "wamid.h1", &"a".repeat(64 * 1024)),
                None,
                200,
                Some("6281000000001"),
            ),
            ("2 MiB body", vec![b'x'; 2 * 1024 * 1024], None, 413, None),
            ("invalid UTF-8", invalid_utf8, None, 400, None),
            (
                "control, zero-width and RTL override characters",
                text("6281000000002", "wamid.h2", "k\u{200b}t\u{202e}p\u{0000}\u{0007} hilang\u{feff}"),
                None,
                200,
                Some("6281000000002"),
            ),
            (
                "HTML and SQL",
                text("6281000000003", "wamid.h3", "<script>alert(1)</script>'; DROP TABLE sessions; --"),
                None,
                200,
                Some("6281000000003"),
            ),
            ("JSON with wrong types", wrong_types, None, 200, None),
            ("missing fields", missing, None, 200, None),
            ("deep nesting", deep, None, 400, None),
            (
                "unknown message type",
                serde_json::to_vec(&message("6281000000004", "wamid.h4", json!({"type": "hologram", "hologram": {}})))
                    .unwrap(),
                None,
                200,
                Some("6281000000004"),
            ),
            (
                "a 10,000-digit NIK",
                text("6281000000005", "wamid.h5", &"3".repeat(10_000)),
                None,
                200,
                Some("6281000000005"),
            ),
            (
                "signature of the wrong length",
                text("6281000000006", "wamid.h6", "halo"),
                Some("sha256=abcd".into()),
                401,
                None,
            ),
            ("unknown phone_number_id", other_number, None, 200, None),
            (
                "Fluent syntax in the text",
                text("6281000000007", "wamid.h7", "{ $nik } { -brand } {{"),
                None,
                200,
                Some("6281000000007"),
            ),
        ];
        for (case, body, header, status, resident) in &cases {
            let got = match post(body.clone(), header.clone()).await {
                Ok(response) => response.status().as_u16(),
                // The server may answer 413 and close before reading a huge body; the client then sees a reset.
                Err(_) if *status == 413 => 413,
                Err(err) => panic!("{case}: {err}"),
            };
            assert_eq!(got, *status, "{case}");
            if let Some(resident) = resident {
                let sent = graph.wait_for(resident, 1).await;
                assert!(!sent[0].text().is_empty(), "{case}: a reply");
                assert!(
                    sent.iter().all(|s| !s.text().contains("{ $") && !s.text().contains("-brand")),
                    "{case}: no Fluent syntax leaks into replies"
                );
            }
        }
        // Sentinels: once a resident's next message is answered, anything earlier would have been.
        for (resident, id) in [("6281000000006", "wamid.sentinel-6"), ("6281111111111", "wamid.sentinel-x")] {
            assert_eq!(post(text(resident, id, "halo"), None).await.unwrap().status().as_u16(), 200);
            graph.wait_for_answer(id).await;
            let others: Vec<_> = graph.accepted_to(resident).into_iter().filter(|s| s.answers() != Some(id)).collect();
            assert!(others.is_empty(), "nothing sent for a bad signature or another number: {others:#?}");
        }
        // The server is still well.
        let health = http.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(health.status().as_u16(), 200);
        let _ = stop.send(());
        server.await.unwrap().unwrap();
        // Nothing stored for refused requests: those residents' sessions hold the sentinel's turn only.
        let key = cekbae_dialogues::vault::DataKey::parse(&crate::harness::data_key(&data)).unwrap();
        let sealer = Arc::new(cekbae_dialogues::vault::NikVault::from_key(&key).data_vault());
        let store = cekbae_sled_store::SledStore::open(&data).unwrap().sealed_with(sealer).unwrap();
        for user in store.sessions().users().unwrap() {
            if user.id.contains("6281000000006") || user.id.contains("6281111111111") {
                let session = store.begin_turn(&user).unwrap().session().unwrap();
                let cekbae_bot::storage::LoadedSession::Found(record) = session else { panic!("{user}: {session:?}") };
                assert_eq!(record.meta.turns, 1, "{user}: {record:?}");
            }
        }
    }
}
