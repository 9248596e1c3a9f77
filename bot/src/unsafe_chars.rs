//! Characters that must not reach a staff screen as they are: control characters (ESC
//! sequences clear a terminal and draw fake lines, CR/LF forge lines, OSC 8 makes
//! links) and bidirectional formatting (U+202E reverses the text after it). Resident
//! text is cleaned before it is kept for a petugas, and anything printed is escaped.

/// Whether `ch` is a control character (C0, DEL, C1) or a bidirectional
/// formatting character, or a line or paragraph separator.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{061c}' // Arabic letter mark
                | '\u{200e}' | '\u{200f}' // left-to-right and right-to-left marks
                | '\u{202a}'..='\u{202e}' // embeddings and overrides
                | '\u{2066}'..='\u{2069}' // isolates
                | '\u{2028}' | '\u{2029}' // line and paragraph separators
        )
}

/// Resident text as it may be kept for a petugas: line breaks and tabs become
/// spaces, other control and bidirectional characters are dropped.
pub fn cleaned(text: &str) -> String {
    text.chars()
        .filter_map(|ch| match ch {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
            ch if is_unsafe(ch) => None,
            ch => Some(ch),
        })
        .collect()
}

/// Text for a terminal or a text report: every unsafe character written as a
/// visible escape (`\n`, `\u{1b}`, `\u{202e}`), everything else unchanged.
pub fn escaped(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    let mut res = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\n' => res.push_str("\\n"),
            '\r' => res.push_str("\\r"),
            '\t' => res.push_str("\\t"),
            ch if is_unsafe(ch) => res.push_str(&format!("\\u{{{:x}}}", u32::from(ch))),
            ch => res.push(ch),
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_bidi_overrides() {
        assert_eq!(escaped("KTP hilang"), "KTP hilang");
        assert_eq!(escaped("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escaped("x\r\n    09:00 petugas: ok"), "x\\r\\n    09:00 petugas: ok");
        assert_eq!(
            escaped("\u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7}"),
            "\\u{1b}]8;;http://x\\u{7}link\\u{1b}]8;;\\u{7}"
        );
        assert_eq!(escaped("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escaped("\u{9b}2J"), "\\u{9b}2J", "the one-character CSI of C1");
        assert_eq!(escaped("Bapak Ujang, Leuwiliang – 🙏"), "Bapak Ujang, Leuwiliang – 🙏");
    }

    #[test]
    fn cleaning_keeps_the_words_and_drops_the_tricks() {
        assert_eq!(cleaned("ktp\r\nhilang"), "ktp  hilang");
        assert_eq!(cleaned("\u{1b}[2Jhalo\u{202e}"), "[2Jhalo");
        assert!(!cleaned("a\u{7}\u{0}\u{85}\u{2066}b").chars().any(is_unsafe));
        assert_eq!(cleaned("Punten, KTP abdi téh leungit 🙏"), "Punten, KTP abdi téh leungit 🙏");
    }
}
