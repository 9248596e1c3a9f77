//! Phone numbers as user ids: digits only, Indonesian numbers in the `62…` form; and Meta's business-scoped
//! user ids (`US.13491208655302741918`), which key a resident who shows a username instead of a number.

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

/// Whether `id` is a business-scoped user id: `CC.` or `CC.ENT.` and 1 to 128 letters or digits.
pub fn is_user_id(id: &str) -> bool {
    let Some((country, rest)) = id.split_once('.') else { return false };
    let rest = rest.strip_prefix("ENT.").unwrap_or(rest);
    country.len() == 2
        && country.chars().all(|it| it.is_ascii_uppercase())
        && (1..=128).contains(&rest.len())
        && rest.chars().all(|it| it.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_scoped_user_ids_are_told_from_numbers() {
        for id in ["US.13491208655302741918", "ID.1234567890123", "US.ENT.abc123"] {
            assert!(is_user_id(id), "{id}");
        }
        for id in ["6281234567890", "us.123", "USA.123", "US.", "US.12-3"] {
            assert!(!is_user_id(id), "{id}");
        }
    }

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
