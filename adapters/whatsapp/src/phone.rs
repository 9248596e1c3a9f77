//! Phone numbers as user ids: digits only, Indonesian numbers in the `62…` form.

/// Longest phone number (E.164 allows 15 digits).
const MAX_DIGITS: usize = 15;

/// `+62 812-3456-7890`, `0812 3456 7890` and `6281234567890` all become `6281234567890`.
/// `None` for something that is not a phone number.
pub fn normalize(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix('0') {
        Some(rest) if !rest.starts_with('0') => format!("62{rest}"),
        _ => digits,
    };
    (8..=MAX_DIGITS).contains(&digits.len()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_indonesian_numbers_to_62() {
        for raw in ["6281234567890", "+62 812-3456-7890", "0812 3456 7890", "(0812) 3456.7890"] {
            assert_eq!(normalize(raw).as_deref(), Some("6281234567890"), "{raw}");
        }
        assert_eq!(normalize("16505551234").as_deref(), Some("16505551234"));
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("abc"), None);
        assert_eq!(normalize("1234567890123456789"), None);
    }
}
