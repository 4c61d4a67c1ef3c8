//! Comparing secrets (tokens, hashes, CSRF values) without the time taken telling how
//! much of them matched.

use subtle::ConstantTimeEq;

/// Equal without telling, through timing, how much of it was (only whether the lengths
/// differ, which is no secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::ct_eq;

    #[test]
    fn constant_time_equality() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"abcd"));
        assert!(ct_eq(b"", b""));
    }
}
