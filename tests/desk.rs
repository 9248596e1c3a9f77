//! The petugas desk: reports against hand-computed figures, appointments and
//! handovers with the server stopped (directly on the data) and running
//! (through the admin API), and personal data gone after purge and
//! "hapus data saya".

use std::path::Path;

use serde_json::Value;

use crate::desk_server::{desk_through, DeskServer};
use crate::fake_graph::FakeGraph;
use crate::harness::{assert_no_nik_at_rest, cekbae, Run, ADMIN_TOKEN};

pub(crate) const NOW: &str = "2026-11-30T08:00:00+07:00";

pub(crate) fn chat(data: &Path, user: &str, lines: &[&str]) -> Vec<Value> {
    chat_in(data, user, None, lines)
}

/// A console conversation on `data` at [`NOW`], in `locale` when given; one JSON object per line.
pub(crate) fn chat_in(data: &Path, user: &str, locale: Option<&str>, lines: &[&str]) -> Vec<Value> {
    let data = data.to_str().unwrap();
    let input = lines.join("\n") + "\n";
    let mut args = vec!["console", "--json", "--data", data, "--now", NOW, "--user", user];
    args.extend(locale.map(|it| ["--locale", it]).into_iter().flatten());
    let run = cekbae(&args, &input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A desk command on `data` at [`NOW`], directly.
pub(crate) fn desk(data: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--data", data.to_str().unwrap(), "--now", NOW]);
    cekbae(&all, "")
}

/// A resident who books and answers the whole survey with `answer`.
fn book_and_rate(data: &Path, user: &str, nik: &str, answer: &str) {
    let mut lines = vec!["halo".to_owned(), format!("KTP {nik} HILANG"), "1".to_owned(), "ya".to_owned()];
    lines.extend(std::iter::repeat_n(answer.to_owned(), 9));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = chat(data, user, &refs);
    assert_eq!(out.last().unwrap()["state"], "done", "{out:#?}");
}

#[test]
fn the_report_matches_hand_computed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    book_and_rate(&data, "warga-a", "3201014502900003", "4");
    book_and_rate(&data, "warga-b", "3201011705900001", "3");
    // A third resident stops at the reason step, after naming their desa.
    chat(&data, "warga-c", &["halo", "saya dari Cibeber 1", "kk"]);

    let run = desk(&data, &["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("directly on the data directory"), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["users"], 3);
    assert_eq!(report["conversations"], 3);
    assert_eq!(report["by_channel"]["console"]["users"], 3);
    assert_eq!(report["funnel"], serde_json::json!({"menu": 3, "reason": 3, "nik": 2, "schedule": 2, "done": 2}));
    assert_eq!(report["funnel_dropoff"]["reason"], 1);
    assert_eq!(report["requests"]["by_document"]["ktp_el"], 2);
    assert_eq!(report["requests"]["by_document"]["kk"], 1);
    assert_eq!(report["requests"]["by_desa"], serde_json::json!({"cibeber_1": 1}));
    assert_eq!(report["bookings"]["total"], 2);
    assert_eq!(report["bookings"]["per_day"]["2026-11-30"], 2);
    let skm = &report["skm"];
    assert_eq!(skm["respondents"], 2);
    assert_eq!(skm["unsur"], serde_json::json!([3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5]));
    assert_eq!(skm["ikm"], 87.5, "exact 1/9 weights (0.111 would give 87.41)");
    assert_eq!(skm["grade"], "B");

    let text = desk(&data, &["report"]).stdout;
    assert!(text.contains("IKM 87,50 – mutu B (Baik), 2 responden"), "{text}");
    assert!(text.contains("Kesimpulan: 3 warga dilayani dalam 3 percakapan; 2 tiket terbit"), "{text}");
    assert!(text.contains("KTP-el"), "document names, not ids: {text}");
    assert!(text.contains("PERMOHONAN PER DESA"), "{text}");
    assert!(text.contains("Cibeber I        32.01.14.2009     1"), "desa names and codes: {text}");
    assert!(text.contains("Tidak disebutkan                   2"), "{text}");
    let csv = desk(&data, &["report", "--format", "csv"]).stdout;
    assert!(csv.starts_with("section,key,value\n"));
    assert!(
        csv.contains("skm,ikm,87.50\n")
            && csv.contains("skm,grade,B\n")
            && csv.contains("users,total,3\n")
            && csv.contains("requests_by_desa,cibeber_1,1\n"),
        "{csv}"
    );

    // A period without activity.
    let empty: Value =
        serde_json::from_str(&desk(&data, &["report", "--format", "json", "--from", "2026-12-01"]).stdout).unwrap();
    assert_eq!(empty["users"], 0);
    assert_eq!(empty["skm"]["ikm"], Value::Null);
}

#[test]
fn appointments_and_handovers_work_directly_on_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    chat(&data, "warga-a", &["KTP 3201014502900003 HILANG", "1"]);
    let run = desk(&data, &["appointments", "--json", "--date", "2026-11-30"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    let first = &list[0];
    for key in ["ticket", "date", "booked_at", "document", "reason", "channel", "nik", "status"] {
        assert!(!first[key].is_null(), "{key}");
    }
    assert_eq!(first["ticket"], "LWL-20261130-001");
    assert_eq!(first["date"], "2026-11-30");
    assert_eq!(first["nik"], "************0003");
    assert_eq!(first["status"], "booked");

    let revealed = desk(&data, &["appointments", "--json", "--reveal", "--by", "budi"]);
    let revealed: Value = serde_json::from_str(&revealed.stdout).unwrap();
    assert_eq!(revealed[0]["nik"], "3201014502900003");
    let text = desk(&data, &["appointments"]).stdout;
    assert!(text.contains("LWL-20261130-001") && text.contains("KTP-el") && text.contains("(directly"), "{text}");

    let run = desk(&data, &["appointments", "no-show", "LWL-20261130-001"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = desk(&data, &["appointments", "cancel", "LWL-20261130-001", "--by", "siti"]);
    assert!(run.stdout.contains("cancelled"), "{}", run.stdout);
    // The audit log says who saw the full NIKs and who changed what; it holds no NIK itself.
    let log: Value = serde_json::from_str(&desk(&data, &["audit", "--json"]).stdout).unwrap();
    let lines: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["who"].as_str().unwrap().to_owned(), e["action"].as_str().unwrap().to_owned()))
        .collect();
    let me = std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned());
    assert_eq!(
        lines,
        vec![("budi".into(), "reveal".into()), (me, "no-show".into()), ("siti".into(), "cancelled".into())]
    );
    assert_eq!(log[0]["tickets"][0], "LWL-20261130-001");
    assert!(!log.to_string().contains("3201014502900003"), "no NIK in the audit log");
    let text = desk(&data, &["audit"]).stdout;
    assert!(text.contains("2026-11-30 08:00:00") && text.contains("budi") && text.contains("3 entries"), "{text}");
    let other_day = desk(&data, &["audit", "--from", "2026-12-01"]).stdout;
    assert!(other_day.contains("Nobody has revealed"), "{other_day}");
    let unknown = desk(&data, &["appointments", "done", "LWL-20990101-001"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("no appointment"), "{}", unknown.stderr);

    // Handover: the resident asks; the petugas sees what the bot knows and replies.
    chat(&data, "warga-b", &["kk rusak", "3201 0145 0290 0003", "petugas"]);
    let list: Value = serde_json::from_str(&desk(&data, &["handover", "list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let handover = &list[0];
    assert_eq!(handover["state"], "waiting");
    let summary = handover["summary"].to_string();
    assert!(summary.contains("kk") && summary.contains("rusak") && summary.contains("************0003"), "{summary}");
    assert!(!handover.to_string().contains("3201014502900003"), "no full NIK in a handover");
    let id = handover["id"].as_u64().unwrap().to_string();
    let reply = desk(&data, &["handover", "reply", &id, "Baik Bu, silakan datang besok."]);
    assert_eq!(reply.code, 0, "{}", reply.stderr);
    assert!(reply.stdout.contains("queued"), "{}", reply.stdout);
    let list: Value = serde_json::from_str(&desk(&data, &["handover", "list", "--json"]).stdout).unwrap();
    assert_eq!(list[0]["state"], "answered");
    assert!(desk(&data, &["handover", "close", &id]).stdout.contains("closed"));
    let list: Value = serde_json::from_str(&desk(&data, &["handover", "list", "--json"]).stdout).unwrap();
    assert!(list.as_array().unwrap().is_empty());
    // The bot answers the resident again.
    let out = chat(&data, "warga-b", &["menu"]);
    assert_eq!(out[0]["state"], "menu");
    // Reveals are audited.
    let report = desk(&data, &["report", "--format", "json"]);
    let report: Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(report["handovers"]["total"], 1);
    assert_eq!(report["handovers"]["answered"], 1);
    assert_eq!(report["bookings"]["cancelled"], 1);
}

#[test]
fn a_cancelled_place_can_be_booked_again_when_the_day_holds_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let chat_one = |user: &str, lines: &[&str]| -> Vec<Value> {
        let input = lines.join("\n") + "\n";
        let run =
            cekbae(&["console", "--json", "--capacity", "1", "--data", data_arg, "--now", NOW, "--user", user], &input);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let first = chat_one("warga-a", &["KTP 3201014502900003 HILANG", "1"]);
    assert_eq!(first[1]["slots"]["ticket"], "LWL-20261130-001", "{first:#?}");
    // Monday is full: the next resident is not offered it.
    let second = chat_one("warga-b", &["KK 3201011705900001 RUSAK"]);
    assert!(!second[0]["replies"].to_string().contains("Senin, 30 November 2026"), "{second:#?}");
    let run = desk(&data, &["appointments", "cancel", "LWL-20261130-001", "--by", "siti"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The freed place is offered and booked again.
    let third = chat_one("warga-c", &["KIA 3201012902960001 BARU"]);
    assert!(third[0]["replies"].to_string().contains("Senin, 30 November 2026"), "{third:#?}");
    let third = chat_one("warga-c", &["1"]);
    assert_eq!(third[0]["slots"]["ticket"], "LWL-20261130-002", "{third:#?}");
    let list: Value =
        serde_json::from_str(&desk(&data, &["appointments", "--json", "--date", "2026-11-30"]).stdout).unwrap();
    let statuses: Vec<&str> = list.as_array().unwrap().iter().map(|it| it["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["cancelled", "booked"]);
}

#[test]
fn purge_and_hapus_data_saya_leave_no_nik_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let niks = ["3201014502900003", "3201011705900001", "3201012902960001"];
    chat(&data, "warga-a", &[&format!("KTP {} HILANG", niks[0]), "1"]);
    // Mid-flow: the NIK sits in the session.
    chat(&data, "warga-b", &["kk rusak", niks[1]]);
    // Books, then asks for their data to be deleted.
    let out = chat(&data, "warga-c", &[&format!("KIA {} BARU", niks[2]), "1", "hapus data saya", "ya"]);
    assert!(out[2]["replies"][0].as_str().unwrap().contains("penghapusan data"), "{out:#?}");
    assert!(out[3]["replies"][0].as_str().unwrap().contains("Data Anda sudah dihapus"), "{out:#?}");
    let list: Value = serde_json::from_str(&desk(&data, &["appointments", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "the deleted resident's booking is gone: {list}");

    // Forty days later, the purge masks the booked NIK for good and drops the idle session.
    let run = cekbae(&["purge", "--json", "--data", data.to_str().unwrap(), "--now", "2027-01-09T08:00:00+07:00"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcome: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(outcome["niks_masked"], 1);
    assert!(outcome["sessions_deleted"].as_u64().unwrap() >= 1);
    let revealed: Value = serde_json::from_str(&desk(&data, &["appointments", "--json", "--reveal"]).stdout).unwrap();
    assert_eq!(revealed[0]["nik"], "************0003", "even --reveal cannot show a purged NIK");

    assert_no_nik_at_rest(&data, &niks);
    // Statistics stay: three conversations, anonymous.
    let report: Value = serde_json::from_str(&desk(&data, &["report", "--format", "json"]).stdout).unwrap();
    assert_eq!(report["conversations"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desk_commands_work_through_the_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = DeskServer::start(&data, &graph, NOW).await;
    let resident = "6281234567890";
    let post = |id: &'static str, text: &'static str| server.text(resident, id, text);
    post("wamid.d1", "KTP 3201014502900003 HILANG").await.unwrap();
    let sent = graph.wait_for(resident, 3).await;
    let count = sent.len();
    post("wamid.d2", "1").await.unwrap();
    graph.wait_for(resident, count + 2).await;

    let run_desk = |args: Vec<&'static str>, token: Option<&'static str>| desk_through(&data, args, token);
    let run = run_desk(vec!["appointments", "--json"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("through the running server's admin API"), "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list[0]["ticket"], "LWL-20261130-001");
    assert_eq!(list[0]["nik"], "************0003");

    let text = run_desk(vec!["appointments"], Some(ADMIN_TOKEN)).await.unwrap().stdout;
    assert!(text.contains("KTP-el") && text.contains("(through the running server"), "names, not ids: {text}");

    let refused = run_desk(vec!["appointments", "--json"], Some("wrong")).await.unwrap();
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("admin token"), "{}", refused.stderr);
    let no_token = run_desk(vec!["appointments"], None).await.unwrap();
    assert!(no_token.stderr.contains("CEKBAE_ADMIN_TOKEN"), "{}", no_token.stderr);

    // A cancel frees the place and tells the resident on WhatsApp.
    let before = graph.accepted_to(resident).len();
    let run = run_desk(vec!["appointments", "cancel", "LWL-20261130-001"], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sent = graph.wait_for(resident, before + 1).await;
    assert!(sent[before].text().contains("dibatalkan oleh petugas"), "{}", sent[before].text());

    // Handover: the petugas's reply arrives on WhatsApp at once.
    post("wamid.d3", "petugas").await.unwrap();
    graph.wait_for(resident, before + 2).await;
    let list = run_desk(vec!["handover", "list", "--json"], Some(ADMIN_TOKEN)).await.unwrap();
    let list: Value = serde_json::from_str(&list.stdout).unwrap();
    let id = list[0]["id"].as_u64().unwrap();
    let id: &'static str = Box::leak(id.to_string().into_boxed_str());
    let run =
        run_desk(vec!["handover", "reply", id, "Halo, saya Budi dari kecamatan."], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sent = graph.wait_for(resident, before + 3).await;
    assert!(sent.last().unwrap().text().contains("Petugas:* Halo, saya Budi"), "{}", sent.last().unwrap().text());
    // The bot stays quiet while the petugas talks.
    post("wamid.d4", "terima kasih pak").await.unwrap();
    // A sentinel ends the handover and is answered; an answer to d4 would have come first.
    post("wamid.d5", "menu").await.unwrap();
    graph.wait_for_answer("wamid.d5").await;
    assert_eq!(graph.accepted_to_except(resident, "wamid.d5").len(), before + 3);

    let audit = run_desk(vec!["audit", "--json"], Some(ADMIN_TOKEN)).await.unwrap();
    assert!(audit.stderr.contains("through the running server's admin API"), "{}", audit.stderr);
    let audit: Value = serde_json::from_str(&audit.stdout).unwrap();
    assert_eq!(audit.as_array().unwrap().len(), 1, "{audit}");
    assert_eq!(audit[0]["action"], "cancelled");

    // The audit log names who says they did it, and what vouched for the request.
    assert!(audit[0]["via"].as_str().unwrap().starts_with("admin API token from 127.0.0.1:"), "{audit}");

    let report = run_desk(vec!["report", "--format", "json"], Some(ADMIN_TOKEN)).await.unwrap();
    let report: Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(report["handovers"]["answered"], 1);

    // Guessing the token is throttled: after ten wrong ones, even the right one waits.
    let http = reqwest::Client::new();
    let admin = std::fs::read_to_string(data.join("admin.addr")).unwrap();
    let admin = format!("http://{}/admin/report", admin.trim());
    // One wrong token was sent above (`refused`); nine more use up the allowance.
    for n in 0..9 {
        let wrong = http.get(&admin).bearer_auth(format!("guess-{n}")).send().await.unwrap();
        assert_eq!(wrong.status().as_u16(), 401, "guess {n}");
    }
    let blocked = http.get(&admin).bearer_auth(ADMIN_TOKEN).send().await.unwrap();
    assert_eq!(blocked.status().as_u16(), 429);
    assert!(blocked.headers().get("retry-after").is_some());
    server.stop().await;
    assert!(!data.join("admin.addr").exists(), "the address file goes with the server");
}
