//! Local closures (`cekbae closures add|list|remove`): directly on the data with the server stopped, and
//! through the running server's admin API, where the closure applies at once and a resident booked on the
//! closed day is told on WhatsApp and moves their appointment by pressing another day.

use serde_json::{json, Value};

use crate::desk::{chat_in, desk, NOW};
use crate::desk_server::{desk_through, DeskServer, ADMIN_TOKEN};
use crate::fake_graph::FakeGraph;

#[test]
fn closures_work_directly_on_the_data_and_ask_booked_residents_to_move() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = chat_in(&data, "warga-a", None, &["ktp hilang 3201014502900003", "rabu"]);
    assert_eq!(out[1]["slots"]["ticket"], "LWL-20261202-001");
    let out = chat_in(&data, "warga-b", Some("su"), &["kk ruksak 3201011705900001", "Rebo"]);
    assert_eq!(out[1]["slots"]["ticket"], "LWL-20261202-002");

    let run = desk(&data, &["closures", "add", "2026-12-02", "--reason", "Rapat kerja kecamatan", "--by", "camat"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("directly on the data directory"), "{}", run.stderr);
    let text = run.stdout;
    assert!(text.contains("closed on 2026-12-02 (Rapat kerja kecamatan)"), "{text}");
    assert!(text.contains("2 appointment(s) that day") && text.contains("queued"), "{text}");
    assert!(text.contains("LWL-20261202-001") && text.contains("LWL-20261202-002"), "{text}");
    assert!(text.contains("************0003") && text.contains("************0001"), "masked NIKs: {text}");
    assert!(!text.contains("3201014502900003") && !text.contains("3201011705900001"), "no full NIK: {text}");

    // What cannot be closed, and closing twice.
    for (day, why) in [
        ("2026-12-02", "already closed"),
        ("2026-12-05", "is a Saturday"),
        ("2026-12-25", "already a holiday: Hari Raya Natal"),
        ("2026-11-27", "in the past"),
    ] {
        let run = desk(&data, &["closures", "add", day]);
        assert_eq!(run.code, 1, "{day}: {}", run.stdout);
        assert!(run.stderr.contains(why), "{day}: {}", run.stderr);
    }
    let quiet = desk(&data, &["closures", "add", "2026-12-09", "--json"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    let quiet: Value = serde_json::from_str(&quiet.stdout).unwrap();
    assert_eq!(quiet["affected"], json!([]));
    assert_eq!(quiet["closure"]["reason"], Value::Null);

    let list: Value = serde_json::from_str(&desk(&data, &["closures", "list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["date"], "2026-12-02");
    assert_eq!(list[0]["reason"], "Rapat kerja kecamatan");
    assert_eq!(list[0]["added_by"], "camat");
    let text = desk(&data, &["closures", "list"]).stdout;
    assert!(text.contains("2026-12-02  camat") && text.contains("Rapat kerja kecamatan"), "{text}");

    // Each resident's conversation waits for a new day; the old place is freed, the new one taken.
    let out = chat_in(&data, "warga-a", None, &["3 Desember"]);
    assert_eq!(out[0]["state"], "done", "{out:#?}");
    assert_eq!(out[0]["slots"]["ticket"], "LWL-20261203-001");
    let out = chat_in(&data, "warga-b", Some("su"), &["punten"]);
    assert_eq!(out[0]["state"], "reschedule");
    assert!(out[0]["replies"][1].as_str().unwrap().contains("kantor kacamatan tutup dina Rebo"), "{out:#?}");
    let list: Value = serde_json::from_str(&desk(&data, &["appointments", "--json"]).stdout).unwrap();
    let status = |ticket: &str| list.as_array().unwrap().iter().find(|a| a["ticket"] == ticket).unwrap().clone();
    assert_eq!(status("LWL-20261202-001")["status"], "moved");
    assert_eq!(status("LWL-20261202-001")["moved_to"], "LWL-20261203-001");
    assert_eq!(status("LWL-20261203-001")["status"], "booked");
    assert_eq!(status("LWL-20261202-002")["status"], "booked", "not moved until the resident picks a day");

    // The audit log says who closed which day and whose appointments it touched.
    let log: Value = serde_json::from_str(&desk(&data, &["audit", "--json"]).stdout).unwrap();
    assert_eq!(log[0]["action"], "closure-added");
    assert_eq!(log[0]["who"], "camat");
    assert_eq!(log[0]["day"], "2026-12-02");
    assert_eq!(log[0]["tickets"], json!(["LWL-20261202-001", "LWL-20261202-002"]));

    let run = desk(&data, &["closures", "remove", "2026-12-09", "--by", "camat"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("open again on 2026-12-09"), "{}", run.stdout);
    let again = desk(&data, &["closures", "remove", "2026-12-09"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("no closure on 2026-12-09"), "{}", again.stderr);
    let log: Value = serde_json::from_str(&desk(&data, &["audit", "--json"]).stdout).unwrap();
    assert_eq!(log.as_array().unwrap().last().unwrap()["action"], "closure-removed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closure_through_the_running_server_applies_at_once_and_the_resident_rebooks_by_button() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = DeskServer::start(&data, &graph, NOW).await;
    assert_eq!(server.health().await["calendar_until"], "2027-12-31");

    // Two residents book Wednesday 2 December, one in Sundanese.
    let (siti, asep) = ("6281234567890", "6281298765432");
    // Each turn ends with a bubble of options: the days, then the survey invitation after the ticket.
    server.text(siti, "wamid.s1", "KTP 3201014502900003 HILANG").await.unwrap();
    let count = graph.wait_for_options(siti, 0, "day:").await.len();
    server.choose(siti, "wamid.s2", "day:2026-12-02").await.unwrap();
    let sent = graph.wait_for_options(siti, count, "survey:").await;
    assert!(sent[count].text().contains("LWL-20261202-001"), "{}", sent[count].text());
    server.text(asep, "wamid.a1", "punten, KTP abdi leungit 3201011705900001").await.unwrap();
    let count_asep = graph.wait_for_options(asep, 0, "day:").await.len();
    server.choose(asep, "wamid.a2", "day:2026-12-02").await.unwrap();
    graph.wait_for_options(asep, count_asep, "survey:").await;

    let run_desk = |args: Vec<&'static str>| desk_through(&data, args, Some(ADMIN_TOKEN));
    let before_siti = graph.accepted_to(siti).len();
    let before_asep = graph.accepted_to(asep).len();
    let run =
        run_desk(vec!["closures", "add", "2026-12-02", "--reason", "Rapat kerja kecamatan", "--json"]).await.unwrap();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("through the running server's admin API"), "{}", run.stderr);
    let outcome: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(outcome["notified"], 2);
    assert_eq!(outcome["affected"][0]["nik"], "************0003");
    assert_eq!(outcome["affected"][1]["nik"], "************0001");

    // Siti is told at once, in Indonesian, with the reason and other days as a list to press.
    let sent = graph.wait_for_options(siti, before_siti, "day:").await;
    let notice: Vec<String> = sent[before_siti..].iter().map(|s| s.text()).collect();
    assert!(
        notice[0].contains("kantor kecamatan tutup pada Rabu, 2 Desember 2026: Rapat kerja kecamatan"),
        "{notice:?}"
    );
    assert!(notice[1].contains("tiket *LWL-20261202-001*"), "{notice:?}");
    let days = sent[before_siti + 1].option_ids();
    assert!(days.contains(&"day:2026-12-03".to_owned()) && !days.contains(&"day:2026-12-02".to_owned()), "{days:?}");
    // Asep in Sundanese.
    let sent = graph.wait_for_options(asep, before_asep, "day:").await;
    assert!(
        sent[before_asep].text().contains("kantor kacamatan tutup dina Rebo, 2 Désémber 2026"),
        "{}",
        sent[before_asep].text()
    );

    // Siti presses Thursday: the appointment moves under a new ticket.
    server.choose(siti, "wamid.s3", "day:2026-12-03").await.unwrap();
    let sent = graph.wait_for(siti, before_siti + 4).await;
    assert!(
        sent[before_siti + 2].text().contains("Jadwal Anda sudah dipindah ke Kamis, 3 Desember 2026"),
        "{}",
        sent[before_siti + 2].text()
    );
    assert!(
        sent[before_siti + 3].text().contains("Nomor tiket: *LWL-20261203-001*"),
        "{}",
        sent[before_siti + 3].text()
    );
    let list = run_desk(vec!["appointments", "--json"]).await.unwrap();
    let list: Value = serde_json::from_str(&list.stdout).unwrap();
    let find = |ticket: &str| list.as_array().unwrap().iter().find(|a| a["ticket"] == ticket).cloned().unwrap();
    assert_eq!(find("LWL-20261202-001")["status"], "moved");
    assert_eq!(find("LWL-20261203-001")["status"], "booked");

    // A new resident is not offered the closed day; once it is open again, it is.
    let budi = "6281311112222";
    server.text(budi, "wamid.b1", "KK 3201014502900003 RUSAK").await.unwrap();
    let sent = graph.wait_for_options(budi, 0, "day:").await;
    let days = sent.last().unwrap().option_ids();
    assert!(!days.contains(&"day:2026-12-02".to_owned()) && days.contains(&"day:2026-12-03".to_owned()), "{days:?}");
    let listed = run_desk(vec!["closures", "list", "--json"]).await.unwrap();
    assert_eq!(serde_json::from_str::<Value>(&listed.stdout).unwrap()[0]["date"], "2026-12-02");
    let run = run_desk(vec!["closures", "remove", "2026-12-02"]).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let count = sent.len();
    server.text(budi, "wamid.b2", "rabu").await.unwrap();
    let sent = graph.wait_for_options(budi, count, "survey:").await;
    assert!(sent[count].text().contains("Hari: Rabu, 2 Desember 2026"), "{}", sent[count].text());

    let audit = run_desk(vec!["audit", "--json"]).await.unwrap();
    let audit: Value = serde_json::from_str(&audit.stdout).unwrap();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["closure-added", "closure-removed"]);
    server.stop().await;
}
