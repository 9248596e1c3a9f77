//! `cekbae link` and `cekbae poster`: the links residents open, the A4 poster and its QR
//! code (decoded back from the PNG), and the desa mark counted by `cekbae report`.

use std::path::Path;

use cekbae_bot::{Locales, Say};
use cekbae_dialogues::embedded::{locale_sources, DEFAULT_LOCALE};
use serde_json::Value;

use crate::harness::cekbae;

const NUMBER: &str = "0812-3456-7890";
const BOT: &str = "cekbae_leuwiliang_bot";

/// A settings file with the WhatsApp number and the Telegram bot's username.
fn settings(dir: &Path) -> String {
    let path = dir.join("cekbae.toml");
    std::fs::write(&path, format!("[whatsapp]\ndisplay_number = \"{NUMBER}\"\n\n[telegram]\nusername = \"@{BOT}\"\n"))
        .unwrap();
    path.display().to_string()
}

fn link(config: &str, extra: &[&str]) -> String {
    let mut args = vec!["link", "--config", config];
    args.extend_from_slice(extra);
    let run = cekbae(&args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim_end().to_owned()
}

fn locales() -> Locales {
    Locales::from_sources(DEFAULT_LOCALE, locale_sources()).unwrap()
}

#[test]
fn a_whatsapp_link_prefills_the_request_format_the_greeting_shows() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    assert_eq!(link(&config, &[]), "https://wa.me/6281234567890?text=KTP%20%3CNIK%3E%20BARU");
    let locales = locales();
    let prefill = locales.render("id", &Say::new("poster-link-text"));
    for locale in ["id", "su", "en"] {
        let greeting = locales.render(locale, &Say::new("adminduk-greeting").arg("salam", ""));
        assert!(greeting.contains(&prefill), "{locale}: the greeting shows {prefill}: {greeting}");
    }
}

#[test]
fn links_print_as_json_for_both_channels() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    let whatsapp: Value = serde_json::from_str(&link(&config, &["--format", "json"])).unwrap();
    assert_eq!(
        whatsapp,
        serde_json::json!({"channel": "whatsapp", "link": "https://wa.me/6281234567890?text=KTP%20%3CNIK%3E%20BARU"})
    );
    let telegram: Value = serde_json::from_str(&link(&config, &["--channel", "telegram", "--format", "json"])).unwrap();
    assert_eq!(telegram, serde_json::json!({"channel": "telegram", "link": format!("https://t.me/{BOT}?start=halo")}));
    assert_eq!(
        link(&config, &["--channel", "telegram", "--text", "web_kecamatan"]),
        format!("https://t.me/{BOT}?start=web_kecamatan")
    );
}

#[test]
fn prefilled_text_is_encoded_like_encode_uri_component() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    let text = "KK rusak & hilang? 50%/100% #1\nterima kasih (Bu) é";
    assert_eq!(
        link(&config, &["--text", text]),
        "https://wa.me/6281234567890?text=KK%20rusak%20%26%20hilang%3F%2050%25%2F100%25%20%231%0Aterima%20kasih%20(Bu)%20%C3%A9"
    );
}

#[test]
fn a_missing_setting_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.display().to_string();
    let run = cekbae(&["link", "--config", &empty], "");
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("WHATSAPP_DISPLAY_NUMBER") && run.stderr.contains("display_number"), "{}", run.stderr);
    let run = cekbae(&["link", "--config", &empty, "--channel", "telegram"], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("TELEGRAM_BOT_USERNAME") && run.stderr.contains("username"), "{}", run.stderr);
    let run = cekbae(&["poster", "--config", &empty, "--out", &dir.path().join("p.svg").display().to_string()], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("WHATSAPP_DISPLAY_NUMBER"), "{}", run.stderr);
    assert!(!dir.path().join("p.svg").exists(), "no poster without a number");
}

#[test]
fn a_desa_the_catalog_does_not_list_is_refused_with_the_names_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    for command in ["link", "poster"] {
        let out = dir.path().join("p.svg").display().to_string();
        let mut args = vec![command, "--config", &config, "--desa", "Cibungbulang"];
        if command == "poster" {
            args.extend(["--out", &out]);
        }
        let run = cekbae(&args, "");
        assert_eq!(run.code, 1, "{command}");
        assert!(run.stderr.contains("`Cibungbulang` is not a desa"), "{}", run.stderr);
        assert!(run.stderr.contains("Karacak") && run.stderr.contains("Cibeber II"), "{}", run.stderr);
        assert!(run.stdout.is_empty() && !dir.path().join("p.svg").exists());
    }
}

#[test]
fn bad_link_arguments_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    let run = cekbae(&["link", "--config", &config, "--channel", "telegram", "--text", "KTP BARU"], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("A-Z, a-z, 0-9, _ and -"), "{}", run.stderr);
    let run = cekbae(&["link", "--config", &config, "--channel", "telegram", "--text", "x", "--desa", "Karacak"], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--text or --desa"), "{}", run.stderr);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[whatsapp]\ndisplay_number = \"kantor\"\n").unwrap();
    let run = cekbae(&["link", "--config", &bad.display().to_string()], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is not a phone number"), "{}", run.stderr);
    let run = cekbae(&["link", "--channel", "sms"], "");
    assert_eq!(run.code, 2);
    let run = cekbae(&["poster", "--out", "poster.pdf"], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(".svg or .png"), "{}", run.stderr);
}

#[test]
fn a_desas_link_carries_its_mark_on_both_channels() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    assert_eq!(
        link(&config, &["--desa", "Cibeber I"]),
        "https://wa.me/6281234567890?text=KTP%20%3CNIK%3E%20BARU%20%23desa-cibeber_1"
    );
    // The catalog's name, id, code or a resident's alias: the same desa.
    for name in ["cibeber_1", "32.01.14.2009", "2009", "cibeber satu", "  CIBEBER   i "] {
        assert!(link(&config, &["--desa", name]).ends_with("%23desa-cibeber_1"), "{name}");
    }
    assert_eq!(
        link(&config, &["--desa", "karacak", "--channel", "telegram"]),
        format!("https://t.me/{BOT}?start=desa-karacak")
    );
}

/// The texts of an SVG's `<text>` elements, unescaped, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .map(|part| {
            let inner = &part[part.find('>').unwrap() + 1..part.find("</text>").unwrap()];
            inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn the_svg_poster_is_a4_and_says_it_all_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    let locales = locales();
    for (locale, desa) in [("id", Some("Karacak")), ("su", None), ("en", Some("Cibeber II"))] {
        let out = dir.path().join(format!("poster-{locale}.svg"));
        let mut args = vec!["poster", "--config", &config, "--locale", locale];
        let out_arg = out.display().to_string();
        args.extend(["--out", &out_arg]);
        if let Some(desa) = desa {
            args.extend(["--desa", desa]);
        }
        let run = cekbae(&args, "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains(r#"width="210mm" height="297mm" viewBox="0 0 210 297""#), "A4");
        let all = svg_texts(&svg).join(" ");
        let say = |say: Say| locales.render(locale, &say);
        let mut expected = vec![
            say(Say::new("poster-service")),
            say(Say::new("poster-tagline").arg("office", "Kecamatan Leuwiliang")),
            say(Say::new("poster-what")),
            say(Say::new("poster-scan-whatsapp")),
            "+62 812-3456-7890".to_owned(),
            say(Say::new("poster-hours").arg("opens", "07.30").arg("closes", "15.00")),
            say(Say::new("poster-examples")),
            say(Say::new("poster-footer")),
        ];
        expected.extend((1..=3).map(|n| say(Say::new(format!("poster-example-{n}")))));
        if let Some(desa) = desa {
            expected.push(say(Say::new("poster-desa").arg("desa", desa)));
        }
        for text in expected {
            assert!(all.contains(&text), "{locale}: `{text}` is on the poster: {all}");
        }
        if locale != "id" {
            assert!(!all.contains(&locales.render("id", &Say::new("poster-what"))), "{locale}: not in Indonesian");
        }
        assert_eq!(desa.is_some(), all.contains(&say(Say::new("poster-desa").arg("desa", desa.unwrap_or("")))));
    }
    let out = dir.path().join("telegram.svg").display().to_string();
    let run = cekbae(&["poster", "--config", &config, "--channel", "telegram", "--out", &out], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = svg_texts(&std::fs::read_to_string(&out).unwrap()).join(" ");
    assert!(all.contains(&format!("@{BOT}")) && all.contains(&locales.render("id", &Say::new("poster-scan-telegram"))));
}

/// The QR codes found in a PNG, decoded.
fn qr_codes(png_bytes: &[u8]) -> (png::OutputInfo, Option<png::PixelDimensions>, Vec<String>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let dims = reader.info().pixel_dims;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let width = info.width as usize;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, info.height as usize, |x, y| {
        let at = (y * width + x) * channels;
        let [r, g, b] = [pixels[at], pixels[at + 1], pixels[at + 2]].map(u32::from);
        ((r * 299 + g * 587 + b * 114) / 1000) as u8
    });
    let codes = image.detect_grids().iter().map(|grid| grid.decode().unwrap().1).collect();
    (info, dims, codes)
}

#[test]
fn the_png_posters_qr_code_is_exactly_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    for (locale, desa) in [("id", Some("Karacak")), ("su", None)] {
        let out = dir.path().join(format!("poster-{locale}.png")).display().to_string();
        let mut args = vec!["poster", "--config", &config, "--locale", locale, "--out", &out];
        let mut link_args = vec!["--locale", locale];
        if let Some(desa) = desa {
            args.extend(["--desa", desa]);
            link_args.extend(["--desa", desa]);
        }
        let run = cekbae(&args, "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        let (info, dims, codes) = qr_codes(&std::fs::read(&out).unwrap());
        assert_eq!((info.width, info.height), (2480, 3508), "A4 at 300 dpi");
        let dims = dims.expect("the resolution is recorded");
        assert_eq!((dims.xppu, dims.yppu, dims.unit), (11811, 11811, png::Unit::Meter), "300 dpi");
        let expected = link(&config, &link_args);
        assert_eq!(codes, std::slice::from_ref(&expected), "{locale}");
        assert_eq!(desa.is_some(), expected.ends_with("%23desa-karacak"));
    }
}

#[test]
fn the_posters_examples_are_understood_by_the_bot() {
    let locales = locales();
    for locale in ["id", "su", "en"] {
        let lines: Vec<String> =
            (1..=3).map(|n| locales.render(locale, &Say::new(format!("poster-example-{n}")))).collect();
        let run = cekbae(&["parse", "--locale", locale], &lines.join("\n"));
        assert_eq!(run.code, 0, "{}", run.stderr);
        for (line, parsed) in lines.iter().zip(run.stdout.lines()) {
            let parsed: Value = serde_json::from_str(parsed).unwrap();
            assert!(parsed["document"].is_string(), "{locale}: `{line}` names a document: {parsed}");
        }
    }
}

/// The text a link prefills, as the resident's phone would send it.
fn prefill(link: &str) -> String {
    let encoded = link.split_once("?text=").unwrap().1;
    percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap().into_owned()
}

fn console(data: &str, user: &str, lines: &str) -> Vec<Value> {
    let run =
        cekbae(&["console", "--json", "--data", data, "--user", user, "--now", "2026-11-30T08:00:00+07:00"], lines);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().map(|it| serde_json::from_str(it).unwrap()).collect()
}

#[test]
fn residents_who_came_by_a_desas_poster_are_counted_per_desa() {
    let dir = tempfile::tempdir().unwrap();
    let config = settings(dir.path());
    let data = dir.path().join("data").display().to_string();
    let karacak = prefill(&link(&config, &["--desa", "Karacak"]));
    assert_eq!(karacak, "KTP <NIK> BARU #desa-karacak");
    // Sent as prefilled: the mark is no part of the request.
    let turns = console(&data, "warga-1", &karacak);
    assert_eq!(turns[0]["state"], "nik");
    assert_eq!(turns[0]["slots"]["document"], "ktp_el");
    assert_eq!(turns[0]["slots"]["reason"], "baru");
    // Completed with a NIK; the mark's digits are no NIK.
    let cibeber = prefill(&link(&config, &["--desa", "Cibeber 2"])).replace("<NIK>", "3201014502900003");
    let turns = console(&data, "warga-2", &cibeber);
    assert_eq!(turns[0]["state"], "schedule", "{}", turns[0]);
    assert_eq!(turns[0]["slots"]["nik"], "************0003");
    // Telegram's deep link arrives as a greeting with the mark; the same resident twice counts once.
    console(&data, "warga-3", "halo #desa-karacak\nmenu\nhalo #desa-karacak");
    console(&data, "warga-4", "ktp hilang");
    // An old poster's mark for a desa the catalog does not list: read past, counted for none.
    let turns = console(&data, "warga-5", "KK rusak #desa-cibungbulang");
    assert_eq!(turns[0]["slots"]["document"], "kk");
    assert_eq!(turns[0]["slots"]["reason"], "rusak");
    let run = cekbae(&["report", "--data", &data, "--format", "json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["by_source_desa"], serde_json::json!({"karacak": 2, "cibeber_2": 1}));
    assert_eq!(report["users"], 5);
    let run = cekbae(&["report", "--data", &data, "--format", "csv"], "");
    assert!(run.stdout.contains("residents_by_source_desa,karacak,2"), "{}", run.stdout);
}
