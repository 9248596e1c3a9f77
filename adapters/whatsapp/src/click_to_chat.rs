//! Click-to-chat links: `https://wa.me/<number>?text=<prefilled text>` opens a chat
//! with the business number, the text ready to send. Read from the business number
//! residents write to (`WHATSAPP_DISPLAY_NUMBER`), which the Cloud API never tells us.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::phone;

/// The setting that holds the number residents write to, e.g. `0812-3456-7890`.
pub const DISPLAY_NUMBER: &str = "WHATSAPP_DISPLAY_NUMBER";

/// What JavaScript's `encodeURIComponent` leaves as it is: letters, digits and `- _ . ! ~ * ' ( )`.
/// Everything else, space (`%20`) and newline (`%0A`) included, is percent-encoded as UTF-8.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The business number as wa.me wants it (country code and number, digits only:
/// `0812-3456-7890` → `6281234567890`), from the setting's value.
pub fn display_number(raw: &str) -> Result<String, String> {
    phone::normalize(raw).ok_or_else(|| {
        format!("{DISPLAY_NUMBER} `{raw}` is not a phone number; write it as residents dial it, e.g. 0812-3456-7890")
    })
}

/// `https://wa.me/<digits>?text=<text, encoded like encodeURIComponent>`; no `?text=` when `text` is empty.
pub fn link(digits: &str, text: &str) -> String {
    match text {
        "" => format!("https://wa.me/{digits}"),
        text => format!("https://wa.me/{digits}?text={}", utf8_percent_encode(text, COMPONENT)),
    }
}

/// The number written for people: `6281234567890` → `+62 812-3456-7890` (Indonesian
/// numbers in groups, others as `+` and the digits).
pub fn for_people(digits: &str) -> String {
    match digits.strip_prefix("62") {
        Some(national) if national.len() >= 9 => {
            let (operator, rest) = national.split_at(3);
            let (middle, last) = rest.split_at(4);
            format!("+62 {operator}-{middle}-{last}")
        }
        _ => format!("+{digits}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_encoded_like_encode_uri_component() {
        assert_eq!(link("6281234567890", "KTP <NIK> BARU"), "https://wa.me/6281234567890?text=KTP%20%3CNIK%3E%20BARU");
        assert_eq!(
            link("62812", "a&b=c?d#e/f+g\nh é (ok)!"),
            "https://wa.me/62812?text=a%26b%3Dc%3Fd%23e%2Ff%2Bg%0Ah%20%C3%A9%20(ok)!"
        );
        assert_eq!(link("62812", ""), "https://wa.me/62812");
    }

    #[test]
    fn numbers_are_read_as_residents_write_them() {
        assert_eq!(display_number("0812-3456-7890").as_deref(), Ok("6281234567890"));
        assert_eq!(display_number("+62 812 3456 7890").as_deref(), Ok("6281234567890"));
        let err = display_number("kantor").unwrap_err();
        assert!(err.contains(DISPLAY_NUMBER), "{err}");
        assert_eq!(for_people("6281234567890"), "+62 812-3456-7890");
        assert_eq!(for_people("628123456789"), "+62 812-3456-789");
        assert_eq!(for_people("16505551234"), "+16505551234");
    }
}
