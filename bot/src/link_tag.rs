//! Link tags: where a resident came from.
//!
//! A link can carry a marker: Telegram's start parameter (`t.me/<bot>?start=<payload>`,
//! which the bot receives as `/start <payload>`) or a word in the text a click-to-chat
//! link prefills. Adapters put it in [`crate::Incoming::text`] as `#<payload>`
//! ([`tag`]); a dialogue recognises the payloads it knows ([`take`], e.g. the desa of a
//! poster) and reads the rest of the message without them.

/// The longest payload: Telegram's limit for a start parameter.
pub const MAX_PAYLOAD: usize = 64;

/// What marks a tag in text.
const SIGIL: char = '#';

/// Whether `payload` can be a tag's payload: 1–64 characters of `A-Z a-z 0-9 _ -`,
/// the characters Telegram allows in a start parameter (they also pass through
/// URL encoding unchanged).
pub fn is_payload(payload: &str) -> bool {
    (1..=MAX_PAYLOAD).contains(&payload.len()) && payload.bytes().all(is_payload_byte)
}

fn is_payload_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// The text form of a payload: `#payload`.
pub fn tag(payload: &str) -> String {
    format!("{SIGIL}{payload}")
}

/// A tag found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The payload, as written.
    pub payload: String,
    /// The message without the tag.
    pub rest: String,
}

/// The first tag in `text` whose payload starts with `prefix` (ignoring case) and has
/// more after it, with the text left when it is taken out. A `#` inside a word
/// (`no#desa-x`) is not a tag.
pub fn take(text: &str, prefix: &str) -> Option<Found> {
    let mut from = 0;
    while let Some(offset) = text[from..].find(SIGIL) {
        let start = from + offset;
        from = start + SIGIL.len_utf8();
        let starts_word = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let len = text[from..].bytes().take_while(|b| is_payload_byte(*b)).count();
        let payload = &text[from..from + len];
        let known = payload.len() > prefix.len()
            && payload.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
        if starts_word && known && is_payload(payload) {
            let rest = format!("{} {}", text[..start].trim_end(), text[from + len..].trim_start());
            return Some(Found { payload: payload.to_owned(), rest: rest.trim().to_owned() });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_telegrams_start_parameters() {
        assert!(is_payload("desa-karacak"));
        assert!(is_payload("cibeber_1"));
        assert!(is_payload(&"a".repeat(MAX_PAYLOAD)));
        assert!(!is_payload(&"a".repeat(MAX_PAYLOAD + 1)));
        assert!(!is_payload(""));
        assert!(!is_payload("KTP BARU"));
        assert!(!is_payload("désa"));
    }

    #[test]
    fn a_tag_is_taken_out_of_the_message_wherever_it_stands() {
        let found = take("KTP 3201 BARU #desa-karacak", "desa-").unwrap();
        assert_eq!(found.payload, "desa-karacak");
        assert_eq!(found.rest, "KTP 3201 BARU");
        let found = take("halo #DESA-cibeber_2 ktp hilang", "desa-").unwrap();
        assert_eq!((found.payload.as_str(), found.rest.as_str()), ("DESA-cibeber_2", "halo ktp hilang"));
        assert_eq!(take(&tag("desa-x"), "desa-").unwrap().rest, "");
    }

    #[test]
    fn other_hashes_are_left_alone() {
        assert_eq!(take("ktp #hilang", "desa-"), None, "a resident's own hashtag");
        assert_eq!(take("#desa-", "desa-"), None, "nothing after the prefix");
        assert_eq!(take("no#desa-karacak", "desa-"), None, "inside a word");
        assert_eq!(take("# desa-karacak", "desa-"), None);
        let found = take("#hilang #desa-puraseda", "desa-").unwrap();
        assert_eq!(found.rest, "#hilang");
    }
}
