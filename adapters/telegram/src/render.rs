//! [`Outgoing`] → Telegram messages: HTML text (WhatsApp-style `*bold*` becomes
//! `<b>bold</b>`) and an inline keyboard whose callback data is the option id.

use cekbae_bot::Outgoing;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// Telegram's limit on a message's text.
const TEXT_MAX: usize = 4096;
/// Telegram's limit on callback data, in bytes.
const CALLBACK_MAX: usize = 64;

/// One message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text, in Telegram's HTML.
    pub html: String,
    /// Buttons under it, one per row.
    pub keyboard: Option<InlineKeyboardMarkup>,
}

/// The messages for one reply, in order; the keyboard goes on the last one.
pub fn pieces(message: &Outgoing) -> Vec<Piece> {
    let fits = message.options.iter().all(|o| !o.id.is_empty() && o.id.len() <= CALLBACK_MAX);
    let text = if fits { message.text.clone() } else { message.to_plain_text() };
    // Escaping can only lengthen the text; leave room for it.
    let mut pieces: Vec<Piece> =
        split(&text, TEXT_MAX / 2).into_iter().map(|part| Piece { html: html(&part), keyboard: None }).collect();
    if fits && !message.options.is_empty() {
        let rows: Vec<Vec<InlineKeyboardButton>> = message
            .options
            .iter()
            .map(|o| vec![InlineKeyboardButton::callback(o.label.clone(), o.id.clone())])
            .collect();
        if let Some(last) = pieces.last_mut() {
            last.keyboard = Some(InlineKeyboardMarkup::new(rows));
        }
    }
    pieces
}

/// Escapes text for Telegram's HTML mode and turns `*bold*` into `<b>bold</b>` within a line.
pub fn html(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(|line| bold(&escape(line))).collect();
    lines.join("\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn bold(line: &str) -> String {
    let parts: Vec<&str> = line.split('*').collect();
    // An odd number of parts means the asterisks pair up.
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return line.to_owned();
    }
    let mut res = String::with_capacity(line.len() + 8);
    for (idx, part) in parts.iter().enumerate() {
        if idx % 2 == 1 && !part.is_empty() {
            res.push_str("<b>");
            res.push_str(part);
            res.push_str("</b>");
        } else if idx % 2 == 1 {
            res.push_str("**");
        } else {
            res.push_str(part);
        }
    }
    res
}

fn split(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if current.chars().count() + line.chars().count() > max && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        if line.chars().count() > max {
            let chars: Vec<char> = line.chars().collect();
            pieces.extend(chars.chunks(max).map(|c| c.iter().collect::<String>()));
        } else {
            current.push_str(line);
        }
    }
    if !current.is_empty() || pieces.is_empty() {
        pieces.push(current);
    }
    pieces
        .into_iter()
        .map(|it| it.trim_end().to_owned())
        .map(|it| if it.is_empty() { "…".into() } else { it })
        .collect()
}

#[cfg(test)]
mod tests {
    use cekbae_bot::Choice;

    use super::*;

    #[test]
    fn bold_and_escaping() {
        assert_eq!(html("Tiket *LWL-1* <ok> & *x*"), "Tiket <b>LWL-1</b> &lt;ok&gt; &amp; <b>x</b>");
        assert_eq!(html("a * b"), "a * b", "a lone asterisk stays");
        assert_eq!(html("*satu*\n*dua"), "<b>satu</b>\n*dua");
    }

    #[test]
    fn options_become_an_inline_keyboard_with_the_option_ids() {
        let message = Outgoing {
            text: "Maksud Anda *KTP-el*?".into(),
            options: vec![
                Choice { id: "confirm:yes".into(), label: "Ya".into() },
                Choice { id: "confirm:no".into(), label: "Tidak".into() },
            ],
            choose_label: "Pilih".into(),
            reply_to: None,
            location: None,
            proactive: None,
        };
        let pieces = pieces(&message);
        assert_eq!(pieces.len(), 1);
        let json = serde_json::to_value(pieces[0].keyboard.as_ref().unwrap()).unwrap();
        assert_eq!(json["inline_keyboard"][1][0]["callback_data"], "confirm:no");
        assert_eq!(json["inline_keyboard"][0][0]["text"], "Ya");
    }

    #[test]
    fn ids_too_long_for_callback_data_fall_back_to_numbered_text() {
        let message = Outgoing {
            text: "Pilih".into(),
            options: vec![Choice { id: "x".repeat(65), label: "Satu".into() }],
            choose_label: String::new(),
            reply_to: None,
            location: None,
            proactive: None,
        };
        let pieces = pieces(&message);
        assert!(pieces[0].keyboard.is_none());
        assert!(pieces[0].html.contains("1. Satu"));
    }

    #[test]
    fn long_texts_are_split() {
        let message = Outgoing::plain("baris\n".repeat(2000));
        let pieces = pieces(&message);
        assert!(pieces.len() > 1);
        assert!(pieces.iter().all(|p| p.html.chars().count() <= TEXT_MAX));
    }
}
