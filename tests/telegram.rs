//! `cekbae serve` with Telegram: long polling and webhook mode against a fake Bot API.

use std::path::Path;
use std::time::Duration;

use cekbae::args::EngineArgs;
use cekbae::server::{serve, Settings};
use cekbae_adapter_telegram::TelegramConfig;
use serde_json::{json, Value};
use tokio::sync::oneshot;

use crate::fake_telegram::{group_update, photo_update, press_update, text_update, FakeTelegram};
use crate::harness::{assert_no_nik_at_rest, serving};

pub(crate) const CHAT: i64 = 777;
pub(crate) const SECRET: &str = "s3cret-Token_1";

pub(crate) struct Server {
    pub(crate) base: String,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Server {
    pub(crate) async fn start(data: &Path, telegram: &FakeTelegram, webhook: bool) -> Self {
        let engine = serving(EngineArgs::at(
            data.to_owned(),
            Some(chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap()),
        ));
        let settings = Settings {
            whatsapp: None,
            telegram: Some(if webhook {
                webhook_config(telegram)
            } else {
                TelegramConfig { webhook_url: None, secret_token: None, ..webhook_config(telegram) }
            }),
            retry: Default::default(),
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
        let done = tokio::spawn(serve(engine, settings, listener, async move {
            let _ = stopped.await;
        }));
        Self { base, stop: Some(stop), done }
    }

    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.done).await.expect("stops in time").unwrap().unwrap();
    }

    pub(crate) async fn post_update(&self, update: &Value, secret: Option<&str>) -> u16 {
        post_update(&self.base, update, secret).await
    }
}

/// Posts `update` to the Telegram webhook of the server at `base`, with `secret` as its secret token.
pub(crate) async fn post_update(base: &str, update: &Value, secret: Option<&str>) -> u16 {
    let mut request = reqwest::Client::new().post(format!("{base}/webhook/telegram")).json(update);
    if let Some(secret) = secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    request.send().await.unwrap().status().as_u16()
}

/// Telegram in webhook mode against `telegram`, as the tests configure it.
pub(crate) fn webhook_config(telegram: &FakeTelegram) -> TelegramConfig {
    TelegramConfig {
        bot_token: "123:TEST".into(),
        api_url: Some(telegram.url.clone()),
        webhook_url: Some("https://bot.example.go.id/webhook/telegram".to_owned()),
        secret_token: Some(SECRET.to_owned()),
    }
}

/// Walks the flow from the menu to a ticket, `send` delivering each update.
async fn flow_to_ticket<F, Fut>(telegram: &FakeTelegram, mut send: F)
where
    F: FnMut(Value) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    send(text_update(1, CHAT, "/start")).await;
    let sent = telegram.wait_for(CHAT, 2).await;
    assert!(sent[0].0.contains("CEK BAE WA"), "{}", sent[0].0);
    assert!(sent[0].0.contains("<b>CEK BAE WA</b>"), "WhatsApp bold becomes HTML bold");
    assert_eq!(sent[1].1.len(), 6, "the document menu as an inline keyboard");
    assert_eq!(sent[1].1[0], "doc:ktp_el");

    send(press_update(2, CHAT, "doc:ktp_el")).await;
    let sent = telegram.wait_for(CHAT, 3).await;
    assert!(sent[2].1.contains(&"reason:hilang".to_owned()));

    send(text_update(3, CHAT, "hilang")).await;
    // Requirements, the data-protection notice, the NIK question.
    let sent = telegram.wait_for(CHAT, 6).await;
    assert!(sent.iter().any(|(text, _)| text.contains("Kepolisian")));

    send(text_update(4, CHAT, "3201 0145 0290 0003")).await;
    // "NIK diterima" and the days.
    let sent = telegram.wait_for(CHAT, 8).await;
    let (_, days) = sent.last().unwrap();
    assert!(days.contains(&"day:2026-11-30".to_owned()), "{days:?}");

    send(press_update(5, CHAT, "day:2026-11-30")).await;
    // The ticket, then the survey invitation.
    let sent = telegram.wait_for(CHAT, 10).await;
    assert!(sent[8].0.contains("LWL-20261130-001"), "{}", sent[8].0);
    assert_eq!(sent[9].1, vec!["survey:yes", "survey:no"]);
    assert!(sent.iter().all(|(text, _)| !text.contains("3201014502900003")), "no full NIK is sent back");
    assert!(telegram.answered().contains(&"cbq-2".to_owned()), "button presses are answered");
    assert!(telegram.answered().contains(&"cbq-5".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polling_walks_the_flow_to_a_ticket_and_ignores_a_repeated_update() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&dir.path().join("data"), &telegram, false).await;
    let fake = telegram.clone();
    flow_to_ticket(&telegram, |update| {
        fake.push_update(update);
        std::future::ready(())
    })
    .await;
    let before = telegram.sent_to(CHAT).len();
    // The same update again (Telegram redelivers after a lost confirmation).
    telegram.push_update(press_update(5, CHAT, "day:2026-11-30"));
    telegram.push_update(text_update(6, CHAT, "makasih"));
    let sent = telegram.wait_for(CHAT, before + 1).await;
    // A sentinel: once it is answered, anything the earlier updates caused has been sent.
    telegram.push_update(text_update(7, CHAT, "bahasa"));
    let all = telegram.wait_for(CHAT, before + 3).await;
    assert!(all[before + 2].1.contains(&"lang:su".to_owned()), "the sentinel's answer: {all:#?}");
    assert_eq!(all.len(), before + 3, "thanks + ticket reminder, nothing for the repeat, then the sentinel's menu");
    assert!(sent[before].0.contains("Sama-sama"));
    assert!(telegram.calls().contains(&"deletewebhook".to_owned()), "polling removes a stale webhook first");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_checks_the_secret_and_walks_the_flow() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start().await;
    // The first registration fails (a network blip at start); it is retried.
    telegram.fail_set_webhooks(1);
    let server = Server::start(&dir.path().join("data"), &telegram, true).await;
    let mut registered = None;
    for _ in 0..1000 {
        registered = telegram.webhook();
        if registered.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let registered = registered.unwrap_or_else(|| panic!("setWebhook not called; calls: {:?}", telegram.calls()));
    assert_eq!(registered["url"], "https://bot.example.go.id/webhook/telegram");
    assert_eq!(registered["secret_token"], SECRET);
    assert_eq!(telegram.calls().iter().filter(|c| *c == "setwebhook").count(), 2, "retried once after the failure");

    assert_eq!(server.post_update(&text_update(1, CHAT, "/start"), Some("wrong")).await, 401);
    assert_eq!(server.post_update(&text_update(1, CHAT, "/start"), None).await, 401);
    // A 401 is answered before anything is queued: there is nothing to wait for.
    assert!(telegram.sent_to(CHAT).is_empty(), "nothing answered without the secret");

    let server_ref = &server;
    flow_to_ticket(&telegram, |update| async move {
        assert_eq!(server_ref.post_update(&update, Some(SECRET)).await, 200);
    })
    .await;
    let before = telegram.sent_to(CHAT).len();
    assert_eq!(server.post_update(&press_update(5, CHAT, "day:2026-11-30"), Some(SECRET)).await, 200);
    assert_eq!(server.post_update(&text_update(6, CHAT, "bahasa"), Some(SECRET)).await, 200);
    let all = telegram.wait_for(CHAT, before + 1).await;
    assert!(all[before].1.contains(&"lang:su".to_owned()), "the sentinel is answered first: {all:#?}");
    assert_eq!(all.len(), before + 1, "a repeated update is not answered");
    assert!(!telegram.calls().contains(&"getupdates".to_owned()), "no polling in webhook mode");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_continues_after_a_restart_and_polling_survives_errors() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&dir.path().join("data"), &telegram, false).await;
    telegram.push_update(text_update(1, CHAT, "/start"));
    telegram.wait_for(CHAT, 2).await;
    server.stop().await;

    telegram.fail_polls(1);
    let server = Server::start(&dir.path().join("data"), &telegram, false).await;
    telegram.push_update(press_update(2, CHAT, "doc:kk"));
    let sent = telegram.wait_for(CHAT, 3).await;
    assert!(sent[2].0.contains("Kartu Keluarga"), "{}", sent[2].0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_and_photos() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&dir.path().join("data"), &telegram, false).await;
    // A photo is a paper the dialogue takes (cek berkas): greeted, and told that without a booking it is not kept.
    telegram.push_update(photo_update(1, CHAT));
    let sent = telegram.wait_for(CHAT, 2).await;
    assert!(sent[1].0.contains("belum memiliki jadwal"), "{}", sent[1].0);
    // The language menu.
    telegram.push_update(text_update(2, CHAT, "/bahasa"));
    let sent = telegram.wait_for(CHAT, 3).await;
    let languages = &sent.last().unwrap().1;
    assert!(languages.contains(&"lang:su".to_owned()), "{sent:?}");
    telegram.push_update(press_update(3, CHAT, "lang:su"));
    // "Basa Sunda" and the menu again, in Sundanese.
    let sent = telegram.wait_for(CHAT, 5).await;
    assert!(sent.iter().any(|(text, _)| text.contains("Basa Sunda")));
    telegram.push_update(text_update(4, CHAT, "/batal"));
    // "Dibatalkan" and the menu.
    let sent = telegram.wait_for(CHAT, 7).await;
    assert!(sent[5..].iter().any(|(_, options)| options.contains(&"doc:kk".to_owned())), "back at the menu");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desa_posters_deep_link_greets_and_is_counted_for_that_desa() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&data, &telegram, false).await;
    // What Telegram sends when a resident opens t.me/<bot>?start=desa-karacak and presses Start.
    telegram.push_update(text_update(1, CHAT, "/start desa-karacak"));
    let sent = telegram.wait_for(CHAT, 2).await;
    assert!(sent[0].0.contains("CEK BAE WA"), "greeted: {}", sent[0].0);
    assert_eq!(sent[1].1[0], "doc:ktp_el", "then the menu");
    assert!(sent.iter().all(|(text, _)| !text.contains("desa-karacak")), "the mark is not read back");
    server.stop().await;
    let run = crate::harness::cekbae_on(&data, &["report", "--data", data.to_str().unwrap(), "--format", "json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["by_source_desa"], serde_json::json!({"karacak": 1}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asked_where_the_office_is_a_resident_gets_a_map_pin() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&dir.path().join("data"), &telegram, false).await;
    telegram.push_update(text_update(1, CHAT, "kantor kacamatan teh palih mana?"));
    // Written in Sundanese: a note on the language, the greeting, the address and
    // the menu as text; the office as a map pin.
    let sent = telegram.wait_for(CHAT, 4).await;
    assert!(sent[0].0.contains("Basa Sunda"), "{sent:?}");
    assert!(sent[2].0.contains("Jl. Moh. Noh Nur"), "{sent:?}");
    assert_eq!(sent[3].1.len(), 6, "then the menu, where the resident was");
    let started = std::time::Instant::now();
    while telegram.locations_to(CHAT).is_empty() && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(telegram.locations_to(CHAT), vec![(-6.57677, 106.635715)]);
    assert!(telegram.calls().contains(&"sendlocation".to_owned()));
    assert!(!sent.iter().any(|(text, _)| text.contains("-6.57677")), "the pin replaces the coordinates' text");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn niks_sent_over_telegram_are_found_in_no_file_of_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&data, &telegram, true).await;
    let niks = ["3201014502900003", "3201011705900001"];
    let updates = [
        text_update(1, CHAT, "KTP 3201014502900003 HILANG"),
        press_update(2, CHAT, "day:2026-11-30"),
        text_update(3, 778, "kk rusak"),
        text_update(4, 778, "nik 32.01.01.170590.0001"),
        text_update(5, 778, "petugas"),
    ];
    for update in &updates {
        assert_eq!(server.post_update(update, Some(SECRET)).await, 200);
    }
    server.stop().await;
    let sent = telegram.sent_to(CHAT);
    assert!(sent.iter().any(|(text, _)| text.contains("LWL-20261130-")), "booked: {sent:#?}");
    assert_no_nik_at_rest(&data, &niks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_get_a_private_link_only_when_asked_and_other_updates_are_not_answered() {
    let dir = tempfile::tempdir().unwrap();
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&dir.path().join("data"), &telegram, false).await;
    let group = -1001847508954_i64;
    // In a group: a request is never the flow (no NIK prompt in public); another bot's /start is not ours.
    telegram.push_update(group_update(1, group, None, "ktp hilang 3201014502900003"));
    telegram.push_update(group_update(2, group, None, "/start@otherbot"));
    // /start in a forum topic: a note with a link to a private chat, in that topic.
    telegram.push_update(group_update(3, group, Some(4), "/start"));
    // An edit, the resident blocking the bot, and an update the library cannot read: not answered.
    telegram.push_update(json!({"update_id": 4, "edited_message": {"message_id": 104, "date": 1795999800,
        "edit_date": 1795999810, "chat": {"id": CHAT, "type": "private", "first_name": "Warga"},
        "from": {"id": CHAT, "is_bot": false, "first_name": "Warga"}, "text": "ktp rusak"}}));
    telegram.push_update(json!({"update_id": 5, "my_chat_member": {"date": 1795999800,
        "chat": {"id": CHAT, "type": "private", "first_name": "Warga"},
        "from": {"id": CHAT, "is_bot": false, "first_name": "Warga"},
        "old_chat_member": {"user": {"id": 42, "is_bot": true, "first_name": "Cek Bae"}, "status": "member"},
        "new_chat_member": {"user": {"id": 42, "is_bot": true, "first_name": "Cek Bae"}, "status": "kicked", "until_date": 0}}}));
    telegram.push_update(json!({"update_id": 6, "message": {"unexpected": true}}));
    // A sentinel in the private chat: once it is answered, everything before it was handled.
    telegram.push_update(text_update(7, CHAT, "/start"));
    let private = telegram.wait_for(CHAT, 2).await;
    assert_eq!(private.len(), 2, "only the sentinel answered: {private:#?}");
    let to_group = telegram.sent_bodies(group);
    assert_eq!(to_group.len(), 1, "{to_group:#?}");
    assert_eq!(to_group[0]["message_thread_id"], 4);
    let note = to_group[0]["text"].as_str().unwrap();
    assert!(note.contains("chat kami secara pribadi") && note.contains("https://t.me/cekbae_bot?start="), "{note}");
    let asked = telegram.last_poll().unwrap();
    assert_eq!(asked["allowed_updates"], json!(["message", "edited_message", "callback_query", "my_chat_member"]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_reaches_telegram_as_a_plain_message_with_buttons_and_a_blocked_resident_gets_none() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let telegram = FakeTelegram::start().await;
    let server = Server::start(&data, &telegram, false).await;
    let blocked = CHAT + 1;
    for (chat, first) in [(CHAT, 1), (blocked, 20)] {
        telegram.push_update(text_update(first, chat, "ktp hilang 3201014502900003"));
        let count = telegram.wait_for(chat, 1).await.len();
        let sent = loop {
            let sent = telegram.sent_to(chat);
            if sent.last().is_some_and(|(_, data)| data.iter().any(|it| it.starts_with("day:"))) {
                break sent;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        assert!(sent.len() >= count);
        telegram.push_update(press_update(first + 1, chat, "day:2026-12-01"));
        let booked = sent.len() + 2;
        let sent = telegram.wait_for(chat, booked).await;
        assert!(sent.iter().any(|(text, _)| text.contains("LWL-20261201")), "{sent:#?}");
    }
    // The second resident blocks the bot.
    telegram.push_update(json!({"update_id": 40, "my_chat_member": {"date": 1795999800,
        "chat": {"id": blocked, "type": "private", "first_name": "Warga"},
        "from": {"id": blocked, "is_bot": false, "first_name": "Warga"},
        "old_chat_member": {"user": {"id": 42, "is_bot": true, "first_name": "Cek Bae"}, "status": "member"},
        "new_chat_member": {"user": {"id": 42, "is_bot": true, "first_name": "Cek Bae"}, "status": "kicked", "until_date": 0}}}));
    // A sentinel: once it is answered, the block was handled.
    let answered = telegram.sent_to(CHAT).len();
    telegram.push_update(text_update(41, CHAT, "terima kasih"));
    telegram.wait_for(CHAT, answered + 1).await;
    server.stop().await;
    // Counted once the server has stopped: a stop delivers what it had in hand, so every reply of the booking
    // and the sentinel is in (a late bubble cannot stand where the reminder is expected).
    let before = telegram.sent_to(CHAT).len();
    let before_blocked = telegram.sent_to(blocked).len();

    let args = ["reminders", "run", "--json", "--now", "2026-11-30T16:05:00+07:00", "--data", data.to_str().unwrap()];
    let run = crate::harness::cekbae_on(&data, &args, "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let outcome: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((outcome["due"].as_u64(), outcome["skipped"].as_u64()), (Some(2), Some(1)), "{outcome}");

    let server = Server::start(&data, &telegram, false).await;
    let sent = telegram.wait_for(CHAT, before + 1).await;
    let (text, buttons) = &sent[before];
    assert!(text.contains("Pengingat jadwal besok") && text.contains("LWL-20261201-001"), "{text}");
    assert_eq!(buttons, &["remind:come", "remind:change", "remind:cancel"]);
    telegram.push_update(press_update(42, CHAT, "remind:come"));
    let sent = telegram.wait_for(CHAT, before + 2).await;
    assert!(
        sent[before + 1].0.contains("Terima kasih. Sampai jumpa Selasa, 1 Desember 2026"),
        "{}",
        sent[before + 1].0
    );
    assert_eq!(telegram.sent_to(blocked).len(), before_blocked, "nothing to a resident who blocked the bot");
    server.stop().await;
}
