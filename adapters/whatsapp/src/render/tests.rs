//! Menus become buttons, lists or numbered text within WhatsApp's limits.

use cekbae_bot::Choice;

use super::*;

fn message(text: &str, labels: &[&str]) -> Outgoing {
    Outgoing {
        text: text.into(),
        options: labels
            .iter()
            .enumerate()
            .map(|(i, l)| Choice { id: format!("opt:{i}"), label: (*l).into() })
            .collect(),
        choose_label: "Pilih".into(),
        reply_to: None,
        location: None,
        proactive: None,
    }
}

#[test]
fn plain_text_stays_text() {
    let bodies = bodies(&message("Halo", &[]));
    assert_eq!(bodies, vec![json!({"type": "text", "text": {"preview_url": false, "body": "Halo"}})]);
}

#[test]
fn up_to_three_short_options_are_reply_buttons() {
    let bodies = bodies(&message("Maksud Anda KTP-el?", &["Ya", "Tidak"]));
    assert_eq!(bodies.len(), 1);
    let interactive = &bodies[0]["interactive"];
    assert_eq!(interactive["type"], "button");
    assert_eq!(interactive["action"]["buttons"][1]["reply"], json!({"id": "opt:1", "title": "Tidak"}));
}

#[test]
fn up_to_ten_options_are_a_list_within_the_limits() {
    let labels = [
        "KTP-el",
        "Kartu Keluarga (KK)",
        "Akta Kelahiran",
        "Akta Kematian",
        "Surat Pindah",
        "Kartu Identitas Anak (KIA)",
    ];
    let bodies = bodies(&message("Dokumen apa yang ingin Anda urus?", &labels));
    assert_eq!(bodies.len(), 1);
    let interactive = &bodies[0]["interactive"];
    assert_eq!(interactive["type"], "list");
    assert_eq!(interactive["action"]["button"], "Pilih");
    let rows = interactive["action"]["sections"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for row in rows {
        assert!(row["title"].as_str().unwrap().chars().count() <= 24, "{row}");
    }
    assert_eq!(rows[5]["description"], "Kartu Identitas Anak (KIA)", "a cut title keeps the whole label below");
    assert_eq!(rows[5]["id"], "opt:5");
}

#[test]
fn long_labels_make_a_list_instead_of_buttons() {
    let bodies =
        bodies(&message("Pilih hari", &["Senin, 30 November 2026 (sisa kuota: 40)", "Selasa, 1 Desember 2026"]));
    assert_eq!(bodies[0]["interactive"]["type"], "list");
    let title = bodies[0]["interactive"]["action"]["rows"].clone();
    assert!(title.is_null());
    let row = &bodies[0]["interactive"]["action"]["sections"][0]["rows"][0];
    assert_eq!(row["title"], "Senin, 30 November 2026…");
    assert!(row["title"].as_str().unwrap().chars().count() <= 24);
}

#[test]
fn more_than_ten_options_are_numbered_text() {
    let labels: Vec<String> = (1..=12).map(|n| format!("Pilihan {n}")).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let bodies = bodies(&message("Pilih:", &refs));
    assert_eq!(bodies.len(), 1);
    let body = bodies[0]["text"]["body"].as_str().unwrap();
    assert!(body.contains("12. Pilihan 12"), "{body}");
}

#[test]
fn long_texts_are_split_within_4096_characters() {
    let long = "baris yang panjang sekali\n".repeat(400);
    let bodies = bodies(&message(&long, &[]));
    assert!(bodies.len() >= 3);
    for body in &bodies {
        assert!(body["text"]["body"].as_str().unwrap().chars().count() <= 4096);
    }
    let with_menu = bodies_for_menu(&long);
    assert_eq!(with_menu.last().unwrap()["interactive"]["type"], "list");
    assert!(with_menu.last().unwrap()["interactive"]["body"]["text"].as_str().unwrap().chars().count() <= 4096);
}

fn bodies_for_menu(text: &str) -> Vec<Value> {
    bodies(&message(text, &["Satu", "Dua", "Tiga", "Empat"]))
}

#[test]
fn shortens_at_word_boundaries() {
    assert_eq!(shorten("Kartu Identitas Anak (KIA)", 24), "Kartu Identitas Anak…");
    assert_eq!(shorten("pendek", 24), "pendek");
    assert_eq!(shorten("Supercalifragilisticexpialidocious", 10), "Supercali…");
}

#[test]
fn a_location_becomes_a_location_message_instead_of_its_text() {
    let mut with_pin = message("Lokasi kantor: -6.57677, 106.635715", &[]);
    with_pin.location = Some(cekbae_bot::Location {
        latitude: -6.57677,
        longitude: 106.635715,
        name: "Kantor Kecamatan Leuwiliang".into(),
        address: "Jl. Moh. Noh Nur, Leuwiliang 16640".into(),
    });
    assert_eq!(
        bodies(&with_pin),
        vec![json!({"type": "location", "location": {"latitude": "-6.57677", "longitude": "106.635715",
            "name": "Kantor Kecamatan Leuwiliang", "address": "Jl. Moh. Noh Nur, Leuwiliang 16640"}})]
    );
}
