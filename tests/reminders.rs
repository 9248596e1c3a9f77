//! Issue 15 through the real server and a fake Graph API: the reminder the day before as an interactive
//! message inside the resident's 24-hour window and as an approved template outside it, 131047 falling back
//! to the template once, template errors and missing templates shown by `cekbae appointments`, the buttons
//! answered through webhooks, opting out, and each reminder sent once across runs and restarts.

use std::collections::BTreeMap;

use serde_json::Value;

use cekbae_adapter_whatsapp::TemplateSettings;

use crate::desk::NOW;
use crate::desk_server::{desk_through, DeskServer, ADMIN_TOKEN};
use crate::fake_graph::{graph_error, FakeGraph, Sent};
use crate::harness::cekbae_on;

/// Reminders for Tuesday 1 December go out on Monday 30 November from 16:00 WIB.
const MONDAY_EVENING: &str = "2026-11-30T16:05:00+07:00";
/// Reminders for Wednesday 2 December, 32 hours after the residents' last message at 08:00 on Monday.
const TUESDAY_EVENING: &str = "2026-12-01T16:05:00+07:00";

fn templates() -> TemplateSettings {
    let names = [("reminder", "cekbae_pengingat"), ("cancelled", "cekbae_dibatalkan")];
    TemplateSettings {
        language: "id".into(),
        names: names.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<BTreeMap<_, _>>(),
    }
}

/// Books `day` (a list row) for `from` through webhooks, waiting for the ticket.
async fn book(server: &DeskServer, graph: &FakeGraph, from: &str, request: &str, day: &str) {
    let before = graph.accepted_to(from).len();
    server.text(from, &format!("wamid.{from}.1"), request).await.unwrap();
    let count = graph.wait_for_options(from, before, "day:").await.len();
    server.choose(from, &format!("wamid.{from}.2"), day).await.unwrap();
    graph.wait_for_options(from, count, "survey:").await;
}

/// `cekbae reminders run --now TIME --json` through the admin API.
async fn run_reminders(data: &std::path::Path, now: &'static str) -> Value {
    let run = desk_through(data, vec!["reminders", "run", "--now", now, "--json"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("through the running server's admin API"), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

async fn appointments(data: &std::path::Path) -> Vec<Value> {
    let run = desk_through(data, vec!["appointments", "--json"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str::<Value>(&run.stdout).unwrap().as_array().unwrap().clone()
}

fn find<'a>(list: &'a [Value], ticket: &str) -> &'a Value {
    list.iter().find(|it| it["ticket"] == ticket).unwrap_or_else(|| panic!("{ticket} in {list:#?}"))
}

/// Waits until `to` got `count` accepted messages; returns those after the first `after`.
async fn new_messages(graph: &FakeGraph, to: &str, after: usize, count: usize) -> Vec<Sent> {
    graph.wait_for(to, after + count).await.split_off(after)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_go_as_buttons_inside_the_window_and_as_templates_outside_it_and_their_buttons_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = DeskServer::start_with_templates(&data, &graph, NOW, templates()).await;
    let (siti, asep) = ("6281234567890", "6281298765432");
    book(&server, &graph, siti, "KTP 3201014502900003 HILANG", "day:2026-12-01").await;
    book(&server, &graph, asep, "KK 3201011705900001 RUSAK", "day:2026-12-02").await;

    // Nothing is due before 16:00 the day before.
    let outcome = run_reminders(&data, "2026-11-30T15:59:00+07:00").await;
    assert_eq!(outcome["due"], 0, "{outcome}");

    // Siti wrote 8 hours ago: an interactive message with the three buttons, and how to stop reminders.
    let before = graph.accepted_to(siti).len();
    let outcome = run_reminders(&data, MONDAY_EVENING).await;
    assert_eq!(outcome["sent"], serde_json::json!(["LWL-20261201-001"]), "{outcome}");
    let sent = new_messages(&graph, siti, before, 1).await;
    assert!(!sent[0].is_template(), "{:#?}", sent[0].body);
    let text = sent[0].text();
    assert!(text.contains("Pengingat jadwal besok") && text.contains("LWL-20261201-001"), "{text}");
    assert!(text.contains("Selasa, 1 Desember 2026, pukul 07.30–15.00 WIB"), "{text}");
    assert!(text.contains("Ketik *berhenti pengingat*"), "the first reminder says how to stop: {text}");
    assert_eq!(sent[0].option_ids(), ["remind:come", "remind:change", "remind:cancel"]);

    // Asep last wrote 32 hours before his reminder: the approved template, in Indonesian, its quick replies
    // carrying the same option ids.
    let before_asep = graph.accepted_to(asep).len();
    let outcome = run_reminders(&data, TUESDAY_EVENING).await;
    assert_eq!(outcome["sent"], serde_json::json!(["LWL-20261202-001"]), "{outcome}");
    let sent = new_messages(&graph, asep, before_asep, 1).await;
    let body = &sent[0].body;
    assert_eq!(body["type"], "template", "{body:#}");
    assert_eq!(body["template"]["name"], "cekbae_pengingat");
    assert_eq!(body["template"]["language"]["code"], "id");
    let components = body["template"]["components"].as_array().unwrap();
    assert_eq!(components[0]["type"], "body");
    let params: Vec<&str> =
        components[0]["parameters"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(params[..3], ["LWL-20261202-001", "Rabu, 2 Desember 2026", "07.30–15.00"], "{params:?}");
    assert_eq!(params[3], "Kartu Keluarga yang rusak; KTP-el", "the list on one line");
    let payloads: Vec<(&str, &str, &str)> = components[1..]
        .iter()
        .map(|c| {
            (
                c["sub_type"].as_str().unwrap(),
                c["index"].as_str().unwrap(),
                c["parameters"][0]["payload"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        payloads,
        [
            ("quick_reply", "0", "remind:come"),
            ("quick_reply", "1", "remind:change"),
            ("quick_reply", "2", "remind:cancel")
        ]
    );

    // Asep taps Ganti hari on the template: other days, then the move (the old place freed).
    let before_asep = graph.accepted_to(asep).len();
    server.tap(asep, "wamid.asep.3", "remind:change").await.unwrap();
    let sent = graph.wait_for_options(asep, before_asep, "day:").await;
    let offer = sent.last().unwrap();
    assert!(offer.text().contains("Silakan pilih hari lain untuk tiket *LWL-20261202-001*"), "{}", offer.text());
    assert!(!offer.option_ids().contains(&"day:2026-12-02".to_owned()), "{:?}", offer.option_ids());
    let count = sent.len();
    server.choose(asep, "wamid.asep.4", "day:2026-12-03").await.unwrap();
    let sent = graph.wait_for(asep, count + 2).await;
    assert!(
        sent[count].text().contains("Jadwal Anda sudah dipindah ke Kamis, 3 Desember 2026"),
        "{}",
        sent[count].text()
    );

    // Siti presses Batalkan: the place is freed and she is told.
    let before = graph.accepted_to(siti).len();
    server.press(siti, "wamid.siti.3", "remind:cancel").await.unwrap();
    let sent = new_messages(&graph, siti, before, 1).await;
    assert!(
        sent[0].text().contains("LWL-20261201-001* untuk Selasa, 1 Desember 2026 sudah dibatalkan"),
        "{}",
        sent[0].text()
    );

    let list = appointments(&data).await;
    assert_eq!(find(&list, "LWL-20261201-001")["status"], "cancelled");
    assert_eq!(find(&list, "LWL-20261201-001")["reminder"], "cancelled");
    assert_eq!(find(&list, "LWL-20261202-001")["status"], "moved");
    assert_eq!(find(&list, "LWL-20261202-001")["reminder"], "changed");
    assert_eq!(find(&list, "LWL-20261203-001")["status"], "booked");

    // The report counts them.
    let report = desk_through(&data, vec!["report", "--format", "json"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(report.code, 0, "{}", report.stderr);
    let report: Value = serde_json::from_str(&report.stdout).unwrap();
    let notices = &report["notices"];
    assert_eq!((notices["reminders_sent"].as_u64(), notices["changed"].as_u64()), (Some(2), Some(1)), "{notices}");
    assert_eq!((notices["cancelled"].as_u64(), notices["came"].as_u64()), (Some(1), Some(0)), "{notices}");
    let text = desk_through(&data, vec!["report"], Some(ADMIN_TOKEN)).await.unwrap().stdout;
    assert!(text.contains("Pengingat terkirim        2"), "{text}");

    // Each reminder goes once: running again sends nothing.
    let total = graph.all().len();
    for now in [MONDAY_EVENING, TUESDAY_EVENING] {
        let outcome = run_reminders(&data, now).await;
        assert_eq!(outcome["sent"], serde_json::json!([]), "{outcome}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(graph.all().len(), total, "nothing sent twice");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_window_falls_back_to_the_template_once_and_failures_are_shown_beside_the_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = DeskServer::start_with_templates(&data, &graph, NOW, templates()).await;
    let (siti, asep) = ("6281234567890", "6281298765432");
    book(&server, &graph, siti, "KTP 3201014502900003 HILANG", "day:2026-12-01").await;
    book(&server, &graph, asep, "KK 3201011705900001 RUSAK", "day:2026-12-02").await;

    // Siti's window closed although the server thought it open: Meta answers 131047, the template goes instead.
    graph.close_window(siti);
    let outcome = run_reminders(&data, MONDAY_EVENING).await;
    assert_eq!(outcome["sent"], serde_json::json!(["LWL-20261201-001"]), "{outcome}");
    let started = std::time::Instant::now();
    while !graph.accepted_to(siti).iter().any(Sent::is_template) {
        assert!(started.elapsed().as_secs() < 10, "{:#?}", graph.all());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Asep's template is refused (not approved in that language): the desk sees why.
    graph.refuse_templates((400, graph_error(132001, "(#132001) Template name does not exist in the translation")));
    let outcome = run_reminders(&data, TUESDAY_EVENING).await;
    assert_eq!(outcome["sent"], serde_json::json!(["LWL-20261202-001"]), "{outcome}");
    let started = std::time::Instant::now();
    let list = loop {
        let list = appointments(&data).await;
        if !find(&list, "LWL-20261202-001")["problems"].is_null() || started.elapsed().as_secs() > 10 {
            break list;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let to_siti: Vec<Sent> = graph.all().into_iter().filter(|s| s.to() == siti).collect();
    let last_two = &to_siti[to_siti.len() - 2..];
    assert!(!last_two[0].accepted && !last_two[0].is_template(), "the interactive message first: {last_two:#?}");
    assert!(last_two[1].is_template(), "then the template, once: {last_two:#?}");
    let problems = find(&list, "LWL-20261202-001")["problems"].to_string();
    assert!(problems.contains("reminder not delivered") && problems.contains("132001"), "{problems}");
    assert!(find(&list, "LWL-20261201-001")["problems"].is_null(), "{list:#?}");

    // `ready` has no template: outside the window it is not sent, and `appointments` says so.
    let run = desk_through(&data, vec!["appointments", "ready", "LWL-20261201-001"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("LWL-20261201-001 is now ready"), "{}", run.stdout);
    let started = std::time::Instant::now();
    let text = loop {
        let run = desk_through(&data, vec!["appointments"], Some(ADMIN_TOKEN)).await.unwrap();
        if run.stdout.contains("ready not delivered") || started.elapsed().as_secs() > 10 {
            break run.stdout;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        text.contains("ready not delivered") && text.contains("no WhatsApp template is configured for `ready`"),
        "{text}"
    );
    assert!(text.contains("! reminder not delivered"), "{text}");
    assert!(text.lines().any(|l| l.contains("LWL-20261201-001") && l.ends_with("ready")), "{text}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_who_stops_reminders_gets_none_and_a_ready_notice_reaches_them_inside_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = DeskServer::start_with_templates(&data, &graph, NOW, templates()).await;
    let siti = "6281234567890";
    book(&server, &graph, siti, "KTP 3201014502900003 HILANG", "day:2026-12-01").await;
    let before = graph.accepted_to(siti).len();
    server.text(siti, "wamid.stop", "berhenti pengingat").await.unwrap();
    let sent = graph.wait_for_answer("wamid.stop").await;
    assert!(sent.text().contains("tidak akan menerima pengingat jadwal lagi"), "{}", sent.text());
    let outcome = run_reminders(&data, MONDAY_EVENING).await;
    assert_eq!((outcome["due"].as_u64(), outcome["skipped"].as_u64()), (Some(1), Some(1)), "{outcome}");
    let run = desk_through(&data, vec!["appointments", "ready", "LWL-20261201-001"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sent = new_messages(&graph, siti, before + 1, 1).await;
    assert!(sent[0].text().contains("Dokumen Anda sudah jadi dan dapat diambil"), "{}", sent[0].text());
    assert!(sent[0].text().contains("pukul 07.30–15.00 WIB"), "{}", sent[0].text());
    assert!(!sent[0].is_template());
    let again =
        desk_through(&data, vec!["appointments", "ready", "LWL-20261201-001"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(again.code, 1, "announced once: {}", again.stdout);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_queued_with_the_server_stopped_is_delivered_once_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = DeskServer::start_with_templates(&data, &graph, NOW, templates()).await;
    let siti = "6281234567890";
    book(&server, &graph, siti, "KK 3201011705900001 RUSAK", "day:2026-12-01").await;
    server.stop().await;
    let delivered_before = graph.accepted_to(siti).len();

    // Directly on the data: the reminder and its record are one write (the outbox entry waits).
    let args = ["reminders", "run", "--json", "--now", MONDAY_EVENING, "--data", data.to_str().unwrap()];
    let run = cekbae_on(&data, &args, "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("directly on the data directory"), "{}", run.stderr);
    let outcome: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(outcome["sent"], serde_json::json!(["LWL-20261201-001"]), "{outcome}");
    let again = cekbae_on(&data, &args, "");
    let again: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(again["sent"], serde_json::json!([]), "never twice: {again}");

    // The next server delivers it once.
    let server = DeskServer::start_with_templates(&data, &graph, NOW, templates()).await;
    let sent = new_messages(&graph, siti, delivered_before, 1).await;
    assert!(sent[0].text().contains("Pengingat jadwal besok"), "{}", sent[0].text());
    let outcome = run_reminders(&data, MONDAY_EVENING).await;
    assert_eq!(outcome["sent"], serde_json::json!([]), "{outcome}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(graph.accepted_to(siti).len(), delivered_before + 1, "delivered once");
    server.stop().await;
}
