//! The walker's shortcuts agree with the readers they stand for.

use super::{Problem, Src, check_input, parse, word};

proptest::proptest! {
    /// A word of a text searched once for a backslash is plain exactly when
    /// [`word::is_plain`] reads it so.
    #[test]
    fn a_word_of_a_text_is_plain_as_read_alone(
        text in "[a-z\\\\ é‐-]{0,12}",
        from in 0..13usize,
        len in 0..13usize,
    ) {
        let src = Src {
            text: &text,
            level: 0,
            unescaped: memchr::memchr(b'\\', text.as_bytes()).is_none(),
        };
        if let Some(w) = text.get(from..from + len) {
            proptest::prop_assert_eq!(src.is_plain(w), word::is_plain(w));
        }
    }

    /// [`word::basename`]'s word-at-once test cuts where a byte scan does.
    #[test]
    fn basename_cuts_as_a_byte_scan(name in "[a-z/.é\\x2e\\x2f\\xaf]{0,12}") {
        let want = name.rsplit('/').next().unwrap_or_default();
        proptest::prop_assert_eq!(word::basename(&name), want);
    }

    /// [`check_input`] finds a NUL and a backslash in a short text as in a
    /// long one.
    #[test]
    fn check_input_finds_nul_and_backslash(text in "[a\\\\\\x00 ]{0,40}") {
        let want = if text.contains('\0') {
            Err(Problem::BadInput("the command contains a NUL byte".into()))
        } else {
            Ok(!text.contains('\\'))
        };
        proptest::prop_assert_eq!(check_input(&text), want);
    }
}

#[test]
fn words_read_by_the_shortcuts_keep_their_values() {
    let line = parse("rm -rf ~ 'a b' 12 \\rm ‐‐hard x\\ y; echo $HOME | tee >(sh)");
    let words: Vec<Vec<String>> = line
        .commands
        .iter()
        .map(|c| {
            std::iter::once(c.program.to_string())
                .chain(c.args.iter().map(|a| a.text.to_string()))
                .collect()
        })
        .collect();
    assert_eq!(
        words.first().map(Vec::as_slice),
        Some(&["rm", "-rf", "~", "a b", "12", "rm", "--hard", "x y"].map(String::from)[..])
    );
}
