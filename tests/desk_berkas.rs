//! "Cek berkas" at the desk (issue 16): files put in through a resident's turn on the real sled store, then
//! `cekbae berkas list|show|verdict|send` directly and through the running server's admin API (the same
//! answers), audited views without a NIK, clear refusals, the result reaching the resident over WhatsApp in
//! Indonesian and Sundanese inside the 24-hour window and as the template (or not at all, shown honestly)
//! outside it, the retention purge of files, and the report's figures against hand-computed values.

use std::path::Path;

use chrono::DateTime;
use serde_json::{json, Value};

use cekbae::args::EngineArgs;
use cekbae::setup::build_engine;
use cekbae_adapter_whatsapp::TemplateSettings;
use cekbae_bot::storage::TurnCommit;
use cekbae_bot::{Attachment, UserKey};

use crate::desk::{chat, desk, NOW};
use crate::desk_server::{desk_through, DeskServer, ADMIN_TOKEN};
use crate::fake_graph::FakeGraph;
use crate::harness::{cekbae_on, files_under, serving};

/// A JPEG's first bytes and some more.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00photo-of-a-police-letter";
/// A PDF's first bytes and some more.
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj<<>>endobj\nkk-copy";

/// Stores `content` for `user` under `ticket`/`slot` the way the resident's flow does: announced in their
/// turn, then fetched and stored in another turn of theirs. `keyed`: the data is sealed with the test's
/// `CEKBAE_DATA_KEY` (a server's data).
fn put_file(data: &Path, keyed: bool, user: &UserKey, ticket: &str, slot: u32, mime: &str, content: &[u8]) -> u64 {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let args = EngineArgs::at(data.to_owned(), Some(now));
    let engine = build_engine(&if keyed { serving(args) } else { args }, true).unwrap();
    let media = Attachment {
        media_id: format!("media-{ticket}-{slot}-{}", content.len()),
        mime_type: Some(mime.to_owned()),
        declared_size: Some(content.len() as u64),
        sha256: None,
        file_name: None,
    };
    let tx = engine.store().begin_turn(user).unwrap();
    let id = tx.files().expect(ticket, slot, &media, now.to_utc()).unwrap();
    tx.commit(TurnCommit::nothing(now.to_utc())).unwrap();
    let tx = engine.store().begin_turn(user).unwrap();
    let meta = tx.files().store(id, mime, content).unwrap().expect("the pending file is there");
    tx.commit(TurnCommit::nothing(now.to_utc())).unwrap();
    engine.store().flush().unwrap();
    meta.id
}

fn console(user: &str) -> UserKey {
    UserKey { channel: "console".into(), id: user.into() }
}

fn whatsapp(phone: &str) -> UserKey {
    UserKey { channel: "whatsapp".into(), id: phone.into() }
}

/// A console resident books KTP-el (lost) for Monday 30 November (items: 1 the police letter, 2 the KK copy).
fn book(data: &Path, user: &str, nik: &str) -> String {
    let out = chat(data, user, &["halo", &format!("KTP {nik} HILANG"), "1"]);
    let text = out
        .iter()
        .flat_map(|it| it["replies"].as_array().cloned().unwrap_or_default())
        .map(|it| it.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let start = text.find("LWL-").unwrap_or_else(|| panic!("no ticket in {text}"));
    text[start..start + 16].to_owned()
}

fn json_of(run: &crate::harness::Run) -> Value {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|err| panic!("{err}: {}", run.stdout))
}

#[test]
fn the_check_of_a_booking_lists_shows_judges_and_refuses_bad_input_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let nik = "3201014502900003";
    let ticket = book(&data, "warga-a", nik);
    assert_eq!(ticket, "LWL-20261130-001");
    let photo = put_file(&data, false, &console("warga-a"), &ticket, 1, "image/jpeg", JPEG);
    let pdf = put_file(&data, false, &console("warga-a"), &ticket, 1, "application/pdf", PDF);

    let list = json_of(&desk(&data, &["berkas", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1, "{list:#}");
    let row = &list[0];
    assert_eq!(
        (row["ticket"].as_str(), row["files"].as_u64(), row["items"].as_u64()),
        (Some(&*ticket), Some(2), Some(2))
    );
    assert_eq!((row["state"].as_str(), row["delivery"]["state"].as_str()), (Some("unchecked"), Some("not-sent")));
    assert_eq!(json_of(&desk(&data, &["berkas", "list", "--date", "2026-12-01", "--json"])), json!([]));

    // The PDF is the KK copy: the petugas moves it to item 2 (through the same Desk the web desk uses).
    let engine =
        build_engine(&EngineArgs::at(data.clone(), Some(DateTime::parse_from_rfc3339(NOW).unwrap())), true).unwrap();
    let desk_of = cekbae::desk::Desk::new(std::sync::Arc::new(engine), None);
    let who = cekbae::desk::Requester::direct("siti".into());
    let view = desk_of.berkas_move(&ticket, pdf, 2, &who).unwrap();
    assert_eq!(view.items[1].files.iter().map(|it| it.id).collect::<Vec<_>>(), [pdf]);
    let err = desk_of.berkas_move(&ticket, 999, 2, &who).unwrap_err().to_string();
    assert_eq!(err, "no file 999 for this booking");
    drop(desk_of);

    // Text: the items by name, their files, no verdict yet, and no NIK.
    let show = desk(&data, &["berkas", "show", &ticket, "--by", "siti"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("1. Surat keterangan kehilangan dari Kepolisian"), "{}", show.stdout);
    assert!(show.stdout.contains("2. Fotokopi Kartu Keluarga (KK): belum dinilai"), "{}", show.stdout);
    assert!(show.stdout.contains(&format!("berkas #{photo}: image/jpeg")), "{}", show.stdout);
    assert!(show.stdout.contains("dicatat di log audit atas nama siti"), "{}", show.stdout);
    assert!(!show.stdout.contains(nik) && !show.stdout.contains("45029000"), "no NIK: {}", show.stdout);

    // Verdicts: wrong words and item numbers are refused clearly, and nothing changes.
    let bad_word = desk(&data, &["berkas", "verdict", &ticket, "--item", "1", "bagus"]);
    assert_eq!(bad_word.code, 2, "{}", bad_word.stderr);
    assert!(bad_word.stderr.contains("possible values: ok, unclear, wrong, missing"), "{}", bad_word.stderr);
    for item in ["0", "3"] {
        let run = desk(&data, &["berkas", "verdict", &ticket, "--item", item, "ok"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(&format!("{ticket} has no item {item}; its items are 1 to 2")), "{}", run.stderr);
    }
    let run = desk(&data, &["berkas", "verdict", "LWL-20261130-099", "--item", "1", "ok"]);
    assert!(run.stderr.contains("no appointment with ticket LWL-20261130-099"), "{}", run.stderr);
    let send = desk(&data, &["berkas", "send", &ticket]);
    assert_eq!(send.code, 1);
    assert!(send.stderr.contains("give every item a verdict first (no verdict yet: 1, 2)"), "{}", send.stderr);

    let run = desk(
        &data,
        &["berkas", "verdict", &ticket, "--item", "1", "unclear", "--note", "foto buram\u{1b}[2J", "--by", "siti"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&format!("Butir 1 tiket {ticket}: tidak jelas.")), "{}", run.stdout);
    let view = json_of(&desk(&data, &["berkas", "verdict", &ticket, "--item", "2", "ok", "--json"]));
    assert_eq!(view["items"][0]["verdict"]["verdict"], "unclear");
    assert_eq!(view["items"][0]["verdict"]["note"], "foto buram[2J", "control characters dropped");
    assert_eq!(view["items"][0]["verdict"]["by"], "siti");
    assert_eq!(view["state"], "checked");

    // --save writes the files, opened, readable by the petugas only; every file seen is audited.
    let saved = dir.path().join("saved");
    let run = desk(&data, &["berkas", "show", &ticket, "--save", saved.to_str().unwrap(), "--by", "siti"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2 berkas disimpan"), "{}", run.stdout);
    let photo_file = saved.join(format!("{ticket}-1-{photo}.jpg"));
    assert_eq!(std::fs::read(&photo_file).unwrap(), JPEG);
    assert_eq!(std::fs::read(saved.join(format!("{ticket}-2-{pdf}.pdf"))).unwrap(), PDF);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&photo_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let audit = json_of(&desk(&data, &["audit", "--json"]));
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|it| (it["who"].as_str().unwrap().to_owned(), it["action"].as_str().unwrap().to_owned()))
        .collect();
    let count = |action: &str| actions.iter().filter(|(who, it)| it == action && who == "siti").count();
    assert_eq!(count("berkas-show"), 2, "{actions:?}");
    assert_eq!(count("berkas-view"), 2, "{actions:?}");
    assert_eq!(count("berkas-move"), 1, "{actions:?}");
    assert_eq!(count("berkas-verdict"), 1, "{actions:?}");

    // Nothing of the files in the clear in the data directory.
    for file in files_under(&data) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(8).any(|w| w == &JPEG[..8] || w == &PDF[..8]),
            "{} holds a file in the clear",
            file.display()
        );
    }
}

fn templates(names: &[(&str, &str)]) -> TemplateSettings {
    TemplateSettings {
        language: "id".into(),
        names: names.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    }
}

/// Books `day` for `from` through webhooks, waiting for the ticket.
async fn book_on_whatsapp(server: &DeskServer, graph: &FakeGraph, from: &str, request: &str, day: &str) {
    let before = graph.accepted_to(from).len();
    server.text(from, &format!("wamid.{from}.1"), request).await.unwrap();
    let count = graph.wait_for_options(from, before, "day:").await.len();
    server.choose(from, &format!("wamid.{from}.2"), day).await.unwrap();
    graph.wait_for_options(from, count, "survey:").await;
}

async fn through(data: &Path, args: Vec<&'static str>) -> Value {
    let run = desk_through(data, args, Some(ADMIN_TOKEN)).await.unwrap();
    assert!(run.stderr.contains("through the running server's admin API"), "{}", run.stderr);
    json_of(&run)
}

/// Tuesday evening, 32 hours after the residents' last message.
const TUESDAY: &str = "2026-12-01T16:05:00+07:00";

/// A desk command directly on the server's data, on Tuesday evening.
fn direct(data: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--data", data.to_str().unwrap(), "--now", TUESDAY]);
    let run = cekbae_on(data, &all, "");
    assert!(run.stderr.contains("directly on"), "{}", run.stderr);
    json_of(&run)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_reach_residents_in_their_language_inside_the_window_as_templates_outside_it_or_wait_honestly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let (siti, asep) = ("6281234567890", "6281298765432");
    let (siti_ticket, asep_ticket) = ("LWL-20261202-001", "LWL-20261202-002");
    let server = DeskServer::start(&data, &graph, NOW).await;
    book_on_whatsapp(&server, &graph, siti, "KTP 3201014502900003 HILANG", "day:2026-12-02").await;
    book_on_whatsapp(&server, &graph, asep, "punten, KTP abdi leungit 3201011705900001", "day:2026-12-02").await;
    server.stop().await;
    put_file(&data, true, &whatsapp(siti), siti_ticket, 1, "image/jpeg", JPEG);
    put_file(&data, true, &whatsapp(siti), siti_ticket, 2, "application/pdf", PDF);
    put_file(&data, true, &whatsapp(asep), asep_ticket, 1, "image/jpeg", JPEG);
    put_file(&data, true, &whatsapp(asep), asep_ticket, 2, "image/jpeg", JPEG);

    // Monday, both residents wrote minutes ago: the results go as plain messages.
    let server = DeskServer::start(&data, &graph, NOW).await;
    through(
        &data,
        vec![
            "berkas",
            "verdict",
            "LWL-20261202-001",
            "--item",
            "1",
            "unclear",
            "--note",
            "foto buram, mohon kirim ulang",
            "--json",
        ],
    )
    .await;
    through(&data, vec!["berkas", "verdict", "LWL-20261202-001", "--item", "2", "ok", "--json"]).await;
    through(&data, vec!["berkas", "verdict", "LWL-20261202-002", "--item", "1", "ok", "--json"]).await;
    through(&data, vec!["berkas", "verdict", "LWL-20261202-002", "--item", "2", "ok", "--json"]).await;
    let before = (graph.accepted_to(siti).len(), graph.accepted_to(asep).len());
    let sent = through(&data, vec!["berkas", "send", "LWL-20261202-001", "--json"]).await;
    assert_eq!(sent["sent"]["complete"], false);
    through(&data, vec!["berkas", "send", "LWL-20261202-002", "--json"]).await;
    let to_siti = graph.wait_for(siti, before.0 + 1).await.split_off(before.0);
    assert!(!to_siti[0].is_template(), "{:#?}", to_siti[0].body);
    let text = to_siti[0].text();
    assert!(text.starts_with("*Perlu dilengkapi:*"), "{text}");
    assert!(
        text.contains("• Surat keterangan kehilangan dari Kepolisian (gratis; perhatikan masa berlakunya): tidak jelas (foto buram, mohon kirim ulang)"),
        "{text}"
    );
    assert!(!text.contains("Fotokopi Kartu Keluarga"), "items that are ok are not listed: {text}");
    let to_asep = graph.wait_for(asep, before.1 + 1).await.split_off(before.1);
    let text = to_asep[0].text();
    assert!(text.starts_with("*Berkas parantos lengkep, mangga sumping dina Rebo, 2 Désémber 2026.*"), "{text}");
    assert!(!to_asep[0].is_template());

    // The same answers through the admin API as directly, once the server stopped.
    let list_api = through(&data, vec!["berkas", "list", "--json"]).await;
    let show_api = through(&data, vec!["berkas", "show", "LWL-20261202-001", "--json"]).await;
    assert_eq!(list_api[0]["delivery"]["state"], "sent", "{list_api:#}");
    assert_eq!(list_api[0]["state"], "sent");
    server.stop().await;
    assert_eq!(direct(&data, &["berkas", "list", "--json"]), list_api);
    assert_eq!(direct(&data, &["berkas", "show", "LWL-20261202-001", "--json"]), show_api);
    let refused = cekbae_on(
        &data,
        &["berkas", "verdict", "LWL-20261202-001", "--item", "7", "ok", "--data", data.to_str().unwrap()],
        "",
    );
    assert!(refused.stderr.contains("LWL-20261202-001 has no item 7; its items are 1 to 2"), "{}", refused.stderr);

    // Tuesday evening, 32 hours after their last message: Siti's new result goes as the approved template.
    let tuesday = TUESDAY;
    let server =
        DeskServer::start_with_templates(&data, &graph, tuesday, templates(&[("berkas", "cekbae_hasil_berkas")])).await;
    let refused =
        desk_through(&data, vec!["berkas", "verdict", "LWL-20261202-001", "--item", "7", "ok"], Some(ADMIN_TOKEN))
            .await
            .unwrap();
    assert!(
        refused.stderr.contains("LWL-20261202-001 has no item 7; its items are 1 to 2"),
        "the same refusal: {}",
        refused.stderr
    );
    through(&data, vec!["berkas", "verdict", "LWL-20261202-001", "--item", "1", "ok", "--json"]).await;
    let before = graph.accepted_to(siti).len();
    through(&data, vec!["berkas", "send", "LWL-20261202-001", "--json"]).await;
    let to_siti = graph.wait_for(siti, before + 1).await.split_off(before);
    let body = &to_siti[0].body;
    assert_eq!(body["template"]["name"], "cekbae_hasil_berkas", "{body:#}");
    let params: Vec<&str> = body["template"]["components"][0]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["LWL-20261202-001", "berkas lengkap, silakan datang pada Rabu, 2 Desember 2026."]);
    server.stop().await;

    // Asep's changed result, sent with the server stopped, waits in the outbox; the next server has no
    // template for it outside his window: it waits for him to write, and the desk says so.
    let changed =
        ["berkas", "verdict", "LWL-20261202-002", "--item", "2", "wrong", "--note", "ieu KTP, sanes KK", "--json"];
    direct(&data, &changed);
    let view = direct(&data, &["berkas", "send", "LWL-20261202-002", "--json"]);
    assert_eq!(view["delivery"], json!({"state": "queued", "in_window": false}), "{view:#}");
    let text = cekbae_on(&data, &["berkas", "list", "--data", data.to_str().unwrap(), "--now", TUESDAY], "").stdout;
    assert!(text.contains("hasil menunggu di antrean kirim (di luar 24 jam: dikirim sebagai templat)"), "{text}");
    let server = DeskServer::start(&data, &graph, tuesday).await;
    let started = std::time::Instant::now();
    loop {
        let list = through(&data, vec!["berkas", "list", "--json"]).await;
        if list[1]["delivery"]["state"] == "held" {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{list:#}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let run = desk_through(&data, vec!["berkas", "list"], Some(ADMIN_TOKEN)).await.unwrap();
    assert!(run.stdout.contains("hasil menunggu warga menulis"), "{}", run.stdout);
    let result_to_asep =
        |graph: &FakeGraph| graph.accepted_to(asep).iter().filter(|it| it.text().contains("Kedah dilengkepan")).count();
    assert_eq!(result_to_asep(&graph), 0, "nothing went outside the window");

    // Asep writes: the result goes first, as a plain message inside his window, then the answer; once.
    let before = graph.accepted_to(asep).len();
    assert!(server.text(asep, "wamid.asep-tuesday", "punten").await.unwrap().status().is_success());
    let after = graph.wait_for(asep, before + 2).await.split_off(before);
    assert!(
        after[0].text().contains("Kedah dilengkepan") && after[0].text().contains("ieu KTP, sanes KK"),
        "{after:#?}"
    );
    assert!(!after[0].is_template(), "inside the window now: {:#}", after[0].body);
    assert!(!after[1].text().contains("Kedah dilengkepan"), "then the answer to his message: {after:#?}");
    let list = through(&data, vec!["berkas", "list", "--json"]).await;
    assert_eq!(list[1]["delivery"]["state"], "sent", "{list:#}");
    assert!(server.text(asep, "wamid.asep-tuesday-2", "hatur nuhun").await.unwrap().status().is_success());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(result_to_asep(&graph), 1, "held once, sent once");
    server.stop().await;
}

#[test]
fn the_purge_deletes_files_after_their_retention_and_the_report_keeps_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Five residents book Monday 30 November; four sent papers.
    let tickets: Vec<String> =
        ["3201014502900003", "3201011705900001", "3201014502900011", "3201011705900029", "3201014502900037"]
            .iter()
            .enumerate()
            .map(|(i, nik)| book(&data, &format!("warga-{i}"), nik))
            .collect();
    for (i, ticket) in tickets.iter().enumerate().take(4) {
        put_file(&data, false, &console(&format!("warga-{i}")), ticket, 1, "image/jpeg", JPEG);
        put_file(&data, false, &console(&format!("warga-{i}")), ticket, 2, "application/pdf", PDF);
    }
    put_file(&data, false, &console("warga-0"), &tickets[0], 2, "image/png", b"\x89PNG\r\n\x1a\nsecond-page");
    // Residents 0 and 1 are checked and told; 0 came complete, 1 did not. 2 and 3 were not checked (3 got
    // one verdict, never sent): 2 came complete, 3 without a record. 4 did not come.
    for (ticket, second) in [(&tickets[0], "ok"), (&tickets[1], "missing")] {
        assert_eq!(desk(&data, &["berkas", "verdict", ticket, "--item", "1", "ok"]).code, 0);
        assert_eq!(desk(&data, &["berkas", "verdict", ticket, "--item", "2", second]).code, 0);
        assert_eq!(desk(&data, &["berkas", "send", ticket]).code, 0);
    }
    assert_eq!(desk(&data, &["berkas", "verdict", &tickets[3], "--item", "1", "unclear"]).code, 0);
    let done = |ticket: &str, berkas: Option<&str>| {
        let mut args = vec!["appointments", "done", ticket];
        args.extend(berkas.map(|it| ["--berkas", it]).into_iter().flatten());
        let run = desk(&data, &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    done(&tickets[0], Some("lengkap"));
    done(&tickets[1], Some("tidak-lengkap"));
    done(&tickets[2], Some("lengkap"));
    done(&tickets[3], None);
    assert_eq!(desk(&data, &["appointments", "no-show", &tickets[4]]).code, 0);
    let wrong = desk(&data, &["appointments", "no-show", &tickets[4], "--berkas", "lengkap"]);
    assert_ne!(wrong.code, 0);
    assert!(wrong.stderr.contains("--berkas must be lengkap or tidak-lengkap, and only with done"), "{}", wrong.stderr);

    // Hand-computed: 4 bookings with 9 files, 5 verdicts, 2 results (1 complete). Checked and served: 0 and 1,
    // both recorded, 1 complete (50%). Not checked and served: 2 and 3, one recorded and complete (100%).
    let expected = json!({
        "bookings_with_files": 4, "files_received": 9, "items_checked": 5, "results_sent": 2, "results_complete": 1,
        "checked": {"served": 2, "recorded": 2, "complete": 1, "share_complete": 0.5},
        "not_checked": {"served": 2, "recorded": 1, "complete": 1, "share_complete": 1.0},
    });
    let report = json_of(&desk(&data, &["report", "--format", "json"]));
    assert_eq!(report["berkas"], expected);
    let csv = desk(&data, &["report", "--format", "csv"]).stdout;
    assert!(
        csv.contains("berkas,files_received,9\n") && csv.contains("berkas,checked_share_complete,0.5000\n"),
        "{csv}"
    );
    let text = desk(&data, &["report"]).stdout;
    assert!(
        text.contains("Berkasnya diperiksa lewat WA: 2 dilayani, 1 dari 2 tercatat datang dengan berkas lengkap (50%)"),
        "{text}"
    );
    assert!(
        text.contains("Berkasnya tidak diperiksa: 2 dilayani, 1 dari 1 tercatat datang dengan berkas lengkap (100%)"),
        "{text}"
    );

    // Seven days after the appointment the files stay; the day after, they go, and only counts remain.
    let purge = |now: &str| {
        let run = cekbae_purge(&data, now);
        json_of(&run)
    };
    let kept = purge("2026-12-07T20:00:00+07:00");
    assert_eq!((kept["berkas_bookings_purged"].as_u64(), kept["berkas_files_deleted"].as_u64()), (Some(0), Some(0)));
    let gone = purge("2026-12-08T08:00:00+07:00");
    assert_eq!((gone["berkas_bookings_purged"].as_u64(), gone["berkas_files_deleted"].as_u64()), (Some(4), Some(9)));
    let text =
        crate::harness::cekbae(&["purge", "--data", data.to_str().unwrap(), "--now", "2026-12-08T08:00:00+07:00"], "")
            .stdout;
    assert!(text.contains("0 file(s) residents sent for 0 appointment(s) deleted"), "{text}");
    let view = json_of(&desk(&data, &["berkas", "show", &tickets[0], "--json"]));
    assert!(view["items"].as_array().unwrap().iter().all(|it| it["files"] == json!([])), "{view:#}");
    assert_eq!(view["items"][0]["verdict"]["verdict"], "ok", "the check stays");
    let report = json_of(&desk(&data, &["report", "--format", "json"]));
    assert_eq!(report["berkas"], expected, "the report keeps its counts");
}

fn cekbae_purge(data: &Path, now: &str) -> crate::harness::Run {
    crate::harness::cekbae(&["purge", "--json", "--data", data.to_str().unwrap(), "--now", now], "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_desk_shows_each_items_files_audits_every_view_and_sends_the_result() {
    use crate::desk_web::{add_users, csrf_of, Office};
    use reqwest::StatusCode;

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let nik = "3201014502900003";
    let ticket = book(&data, "6281234567890", nik);
    add_users(&data);
    let user = console("6281234567890");
    let photo = put_file(&data, true, &user, &ticket, 1, "image/jpeg", JPEG);
    let pdf = put_file(&data, true, &user, &ticket, 2, "application/pdf", PDF);
    let graph = FakeGraph::start().await;
    let server = DeskServer::start(&data, &graph, NOW).await;
    let mut siti = Office::new(&server);
    assert_eq!(siti.login("siti", "sandi-siti-2026").await.status(), StatusCode::SEE_OTHER);

    let list = siti.page("/desk/berkas").await;
    assert!(list.contains(&format!(r#"data-ticket="{ticket}" data-state="unchecked""#)), "{list}");
    let page = siti.page(&format!("/desk/berkas/{ticket}")).await;
    assert!(page.contains("1. Surat keterangan kehilangan dari Kepolisian"), "{page}");
    assert!(page.contains(&format!(r#"<img src="/desk/berkas/{ticket}/files/{photo}""#)), "{page}");
    assert!(!page.contains(nik) && !page.contains("45029000"), "no NIK on the page");

    // The file as stored, never sniffed or cached; the PDF downloaded, not shown in the desk's origin.
    let response = siti.get(&format!("/desk/berkas/{ticket}/files/{photo}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["content-disposition"], format!("inline; filename=\"{ticket}-{photo}.jpg\""));
    assert_eq!(response.bytes().await.unwrap().as_ref(), JPEG);
    let response = siti.get(&format!("/desk/berkas/{ticket}/files/{pdf}")).await;
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    // A file of another booking is not reached through this one.
    assert_eq!(
        siti.get(&format!("/desk/berkas/LWL-20261130-099/files/{photo}")).await.status(),
        StatusCode::BAD_REQUEST
    );

    // A camat sees the report, not residents' papers.
    let mut camat = Office::new(&server);
    camat.login("pak-camat", "sandi-pak-camat-2026").await;
    assert_eq!(camat.get(&format!("/desk/berkas/{ticket}/files/{photo}")).await.status(), StatusCode::FORBIDDEN);

    // Forms: without the session's token nothing happens; with it, verdicts, a move and the result.
    let csrf = csrf_of(&page);
    let path = format!("/desk/berkas/{ticket}/verdict");
    let forged = siti.post(&path, &[("item", "1"), ("verdict", "ok"), ("csrf_token", "forged")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let response = siti.post(&path, &[("item", "1"), ("verdict", "ok"), ("csrf_token", &csrf)]).await;
    assert_eq!(response.headers()["location"], format!("/desk/berkas/{ticket}?ok=verdict"));
    let note = "fotokopi KK terpotong";
    siti.post(&path, &[("item", "2"), ("verdict", "unclear"), ("note", note), ("csrf_token", &csrf)]).await;
    let bad = siti.post(&path, &[("item", "5"), ("verdict", "ok"), ("csrf_token", &csrf)]).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains(&format!("tiket {ticket} tidak punya butir 5; butirnya 1 sampai 2")));
    let moved = siti
        .post(
            &format!("/desk/berkas/{ticket}/move"),
            &[("file", &pdf.to_string()), ("item", "1"), ("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(moved.headers()["location"], format!("/desk/berkas/{ticket}?ok=moved"));
    let sent = siti.post(&format!("/desk/berkas/{ticket}/send"), &[("csrf_token", &csrf)]).await;
    assert_eq!(sent.headers()["location"], format!("/desk/berkas/{ticket}?ok=berkas-sent"));
    let page = siti.page(&format!("/desk/berkas/{ticket}?ok=berkas-sent")).await;
    assert!(page.contains("Hasil dikirim kepada warga."), "{page}");
    assert!(page.contains(r#"data-item="2" data-verdict="unclear""#) && page.contains(note), "{page}");
    assert!(page.contains(r#"data-state="sent""#), "{page}");

    // At the counter: done, with complete papers, in the same write.
    let status = siti
        .post(
            &format!("/desk/appointments/{ticket}/status"),
            &[("status", "done"), ("berkas", "lengkap"), ("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(status.status(), StatusCode::SEE_OTHER);
    let report = through(&data, vec!["report", "--format", "json"]).await;
    assert_eq!(report["berkas"]["checked"], json!({"served": 1, "recorded": 1, "complete": 1, "share_complete": 1.0}));

    // Every view and change is in the audit log with the signed-in user's name.
    let audit = through(&data, vec!["audit", "--json"]).await;
    let by_siti = |action: &str| {
        audit.as_array().unwrap().iter().filter(|it| it["who"] == "siti" && it["action"] == action).count()
    };
    assert_eq!(by_siti("berkas-view"), 2, "{audit:#}");
    assert!(by_siti("berkas-show") >= 2, "{audit:#}");
    assert_eq!((by_siti("berkas-verdict"), by_siti("berkas-move"), by_siti("berkas-send")), (2, 1, 1), "{audit:#}");
    assert_eq!(by_siti("done"), 1, "{audit:#}");
    server.stop().await;
}

#[test]
fn the_check_works_the_same_on_postgresql() {
    let Some(url) = cekbae_pg_store::scratch::test_database_url("cek berkas on PostgreSQL") else { return };
    let schema = cekbae_pg_store::scratch::ScratchSchema::create(&url).expect("a scratch schema");
    let url = schema.url();
    let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let on_db = |args: &[&str], stdin: &str| {
        let mut all = args.to_vec();
        all.extend(["--database", &url, "--now", NOW]);
        crate::harness::cekbae_with_env(&all, &[("CEKBAE_DATA_KEY", key)], stdin)
    };
    let run = on_db(&["console", "--json", "--user", "warga-pg"], "halo\nKTP 3201014502900003 HILANG\n1\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ticket = "LWL-20261130-001";
    assert!(run.stdout.contains(ticket), "{}", run.stdout);
    // The resident's files, through their turns on the database.
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let secrets = cekbae::secrets::Secrets {
        data_key: Some(cekbae::secrets::Secret::new(key)),
        ..cekbae::secrets::Secrets::default()
    };
    let args = EngineArgs { database: Some(url.clone()), secrets, ..EngineArgs::at(std::env::temp_dir(), Some(now)) };
    let engine = build_engine(&args, true).unwrap();
    let user = console("warga-pg");
    for (slot, mime, content) in [(1, "image/jpeg", JPEG), (2, "application/pdf", PDF)] {
        let media = Attachment {
            media_id: format!("media-{slot}"),
            mime_type: Some(mime.to_owned()),
            declared_size: Some(content.len() as u64),
            sha256: None,
            file_name: None,
        };
        let tx = engine.store().begin_turn(&user).unwrap();
        let id = tx.files().expect(ticket, slot, &media, now.to_utc()).unwrap();
        tx.commit(TurnCommit::nothing(now.to_utc())).unwrap();
        let tx = engine.store().begin_turn(&user).unwrap();
        tx.files().store(id, mime, content).unwrap().unwrap();
        tx.commit(TurnCommit::nothing(now.to_utc())).unwrap();
    }
    drop(engine);

    let json = |args: &[&str]| json_of(&on_db(args, ""));
    assert_eq!(json(&["berkas", "list", "--json"])[0]["files"], 2);
    json(&["berkas", "verdict", ticket, "--item", "1", "ok", "--json"]);
    let view = json(&["berkas", "verdict", ticket, "--item", "2", "wrong", "--note", "bukan KK", "--json"]);
    assert_eq!(view["items"][1]["verdict"]["verdict"], "wrong");
    let view = json(&["berkas", "send", ticket, "--json"]);
    assert_eq!((view["sent"]["complete"].as_bool(), view["state"].as_str()), (Some(false), Some("sent")));
    assert_eq!(json(&["appointments", "done", ticket, "--berkas", "tidak-lengkap", "--json"])["status"], "done");
    let report = json(&["report", "--format", "json"]);
    assert_eq!(report["berkas"]["files_received"], 2);
    assert_eq!(report["berkas"]["checked"], json!({"served": 1, "recorded": 1, "complete": 0, "share_complete": 0.0}));
    let run = {
        let all = ["purge", "--json", "--database", &url, "--now", "2026-12-08T08:00:00+07:00"];
        crate::harness::cekbae_with_env(&all, &[("CEKBAE_DATA_KEY", key)], "")
    };
    assert_eq!(json_of(&run)["berkas_files_deleted"], 2);
    let view = json(&["berkas", "show", ticket, "--json"]);
    assert!(view["items"].as_array().unwrap().iter().all(|it| it["files"] == json!([])), "{view:#}");
    assert_eq!(json(&["report", "--format", "json"])["berkas"]["files_received"], 2, "the count stays");
    let bytes = schema.bytes_at_rest();
    assert!(!bytes.windows(8).any(|w| w == &JPEG[..8] || w == &PDF[..8]), "no file in the clear in the database");
}
