//! [`Outgoing`] → Graph API message bodies (without `to`, which the client adds).
//!
//! Up to 3 short options become reply buttons, up to 10 a list, more than that
//! numbered text; a typed number still works for every form, since the engine
//! reads numbers against the options in the same order. A message with a
//! location becomes a `location` message (a map pin).

use cekbae_bot::{Location, Outgoing};
use serde_json::{json, Value};

/// WhatsApp's limits (protocols.md A4).
const TEXT_MAX: usize = 4096;
const BUTTONS_MAX: usize = 3;
const BUTTON_TITLE_MAX: usize = 20;
const BUTTON_BODY_MAX: usize = 1024;
const LIST_ROWS_MAX: usize = 10;
const ROW_TITLE_MAX: usize = 24;
const ROW_DESCRIPTION_MAX: usize = 72;
const LIST_BUTTON_MAX: usize = 20;
const SECTION_TITLE_MAX: usize = 24;
/// Used when the engine gave no label for the list button.
const FALLBACK_CHOOSE: &str = "Pilih";

/// The bodies to send for one message, in order.
pub fn bodies(message: &Outgoing) -> Vec<Value> {
    if let Some(location) = &message.location {
        // The pin replaces the text, which only spells out the coordinates for text-only channels.
        return vec![location_body(location)];
    }
    let options = &message.options;
    let short_unique = options.iter().all(|o| o.label.chars().count() <= BUTTON_TITLE_MAX)
        && (1..options.len()).all(|i| options[..i].iter().all(|o| o.label != options[i].label));
    if (1..=BUTTONS_MAX).contains(&options.len()) && short_unique && message.text.chars().count() <= BUTTON_BODY_MAX {
        return vec![buttons(message)];
    }
    if (1..=LIST_ROWS_MAX).contains(&options.len()) {
        // A long text goes first on its own; the list carries the last part.
        let mut chunks = split(&message.text, TEXT_MAX);
        let body = chunks.pop().unwrap_or_default();
        let mut res: Vec<Value> = chunks.into_iter().map(text).collect();
        res.push(list(message, &body));
        return res;
    }
    split(&message.to_plain_text(), TEXT_MAX).into_iter().map(text).collect()
}

/// A location message (protocols-2.md §5): coordinates as decimal strings; the
/// address shows only with a name, so both are sent.
fn location_body(location: &Location) -> Value {
    json!({
        "type": "location",
        "location": {
            "latitude": location.latitude.to_string(),
            "longitude": location.longitude.to_string(),
            "name": location.name,
            "address": location.address,
        },
    })
}

fn text(body: String) -> Value {
    json!({ "type": "text", "text": { "preview_url": false, "body": non_empty(body) } })
}

fn buttons(message: &Outgoing) -> Value {
    let buttons: Vec<Value> =
        message.options.iter().map(|o| json!({ "type": "reply", "reply": { "id": o.id, "title": o.label } })).collect();
    json!({
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": { "text": non_empty(message.text.clone()) },
            "action": { "buttons": buttons },
        },
    })
}

fn list(message: &Outgoing, body: &str) -> Value {
    let rows: Vec<Value> = message
        .options
        .iter()
        .map(|o| {
            if o.label.chars().count() <= ROW_TITLE_MAX {
                json!({ "id": o.id, "title": o.label })
            } else {
                // The title is cut; the description shows the whole label.
                json!({
                    "id": o.id,
                    "title": shorten(&o.label, ROW_TITLE_MAX),
                    "description": shorten(&o.label, ROW_DESCRIPTION_MAX),
                })
            }
        })
        .collect();
    let choose = if message.choose_label.trim().is_empty() { FALLBACK_CHOOSE } else { message.choose_label.trim() };
    json!({
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": { "text": non_empty(body.to_owned()) },
            "action": {
                "button": shorten(choose, LIST_BUTTON_MAX),
                "sections": [{ "title": shorten(choose, SECTION_TITLE_MAX), "rows": rows }],
            },
        },
    })
}

/// WhatsApp rejects empty bodies.
fn non_empty(body: String) -> String {
    if body.trim().is_empty() {
        "…".to_owned()
    } else {
        body
    }
}

/// Cuts `text` to at most `max` characters, at a word boundary when one is near, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let next = text.chars().nth(max - 1);
    if next.is_some_and(|c| c.is_whitespace() || c == '(') {
        // The cut already falls between words.
        return format!("{}…", cut.trim_end_matches([',', ' ']));
    }
    let at_word = match cut.rfind(' ') {
        Some(idx) if cut[..idx].chars().count() >= max / 2 => cut[..idx].trim_end_matches([',', ' ']).to_owned(),
        _ => cut,
    };
    format!("{at_word}…")
}

/// Splits text into pieces of at most `max` characters, at line breaks when possible.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if current.chars().count() + line.chars().count() > max && !current.is_empty() {
            pieces.push(std::mem::take(&mut current).trim_end().to_owned());
        }
        if line.chars().count() > max {
            let chars: Vec<char> = line.chars().collect();
            for chunk in chars.chunks(max) {
                pieces.push(chunk.iter().collect());
            }
        } else {
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() || pieces.is_empty() {
        pieces.push(current.trim_end().to_owned());
    }
    pieces
}

#[cfg(test)]
mod tests;
