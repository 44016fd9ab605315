//! The walker's shortcuts agree with the readers they stand for.

use super::{Src, parse, word};

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
