//! Comparing secrets (verify tokens, webhook secrets, admin tokens) without
//! revealing through timing where a guess goes wrong.

/// Whether `given` equals `expected`, in time that does not depend on where
/// they differ. An empty `expected` matches nothing.
pub fn secrets_match(given: &[u8], expected: &[u8]) -> bool {
    !expected.is_empty()
        && given.len() == expected.len()
        && given.iter().zip(expected).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_the_same_non_empty_secret() {
        assert!(secrets_match(b"token", b"token"));
        assert!(!secrets_match(b"tokem", b"token"));
        assert!(!secrets_match(b"tok", b"token"));
        assert!(!secrets_match(b"", b""));
    }
}
