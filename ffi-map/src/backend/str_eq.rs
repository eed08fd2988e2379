//! [`str_eq`]: string equality without a call for short strings, for the `&str` look-ups
//! through the vtable.

/// `a == b`, without a call: strings of at most 16 bytes (most field names) with at most two
/// overlapping loads of each, longer ones 8 bytes at a time. A call of `memcmp`, as `==`
/// makes, would make the look-up around it save and restore its registers for every key
/// compared.
#[inline]
pub(crate) fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        _ => {
            let mut at = 0;
            while at + 8 < n {
                if word::<8>(a, at) != word::<8>(b, at) {
                    return false;
                }
                at += 8;
            }
            word::<8>(a, n - 8) == word::<8>(b, n - 8)
        }
    }
}

/// The `N` bytes of `bytes` from `at`, as an array (to compare as one word).
#[inline]
fn word<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut word = [0; N];
    word.copy_from_slice(&bytes[at..at + N]);
    word
}

#[cfg(test)]
mod tests {
    use super::str_eq;

    #[test]
    fn equal_exactly_when_the_bytes_are() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "abd",
            "xbc",
            "abcd",
            "abce",
            "abcdefg",
            "abcdefh",
            "bbcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "bbcdefghijklmnop",
            "abcdefghXjklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "héllo",
            "hèllo",
        ];
        for a in words {
            for b in words {
                assert_eq!(str_eq(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // Every single-byte difference, at every position, for every length up to 40.
        for n in 0..40 {
            let base: String = (b'a'..=b'z').cycle().take(n).map(char::from).collect();
            assert!(str_eq(&base, &base.clone()));
            for i in 0..n {
                let mut other = base.clone().into_bytes();
                other[i] = b'Z';
                let other = String::from_utf8(other).expect("ASCII");
                assert!(!str_eq(&base, &other), "{base:?} {other:?}");
            }
        }
    }
}
