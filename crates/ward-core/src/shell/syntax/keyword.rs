//! The words tree-sitter-bash reads as syntax where a statement starts, and
//! a quick test that rules most command names out without reading them
//! whole.

use super::bytes::{self, class};

/// A word that tree-sitter-bash reads as syntax at the start of a statement
/// (and that the subset declines as an argument too, where it may), or a
/// command it reads as its own kind of node (`Declaration`: declined as a
/// command name only).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kw {
    If,
    Then,
    Else,
    Elif,
    Fi,
    For,
    While,
    Until,
    Do,
    Done,
    Case,
    Esac,
    In,
    Function,
    Select,
    Coproc,
    LBrace,
    RBrace,
    Bang,
    Declaration,
}

/// Every word of letters [`Kw::of`] knows.
// INVARIANT: the same words as the arms of `Kw::of`, so `maybe_letters`
// never rules a keyword out; a keyword added there is added here.
const LETTER_WORDS: [&[u8]; 23] = [
    b"if",
    b"then",
    b"else",
    b"elif",
    b"fi",
    b"for",
    b"while",
    b"until",
    b"do",
    b"done",
    b"case",
    b"esac",
    b"in",
    b"function",
    b"select",
    b"coproc",
    b"export",
    b"declare",
    b"typeset",
    b"readonly",
    b"local",
    b"unset",
    b"unsetenv",
];

/// For each lowercase letter, the set (bit `n` for the `n`th letter) of
/// letters that follow it at the start of some word of [`LETTER_WORDS`].
static PAIRS: [u32; 26] = pairs();

#[expect(
    clippy::indexing_slicing,
    reason = "const table construction: the words are lowercase ASCII letters"
)]
const fn pairs() -> [u32; 26] {
    let mut t = [0; 26];
    let mut i = 0;
    while i < LETTER_WORDS.len() {
        let w = LETTER_WORDS[i];
        t[(w[0] - b'a') as usize] |= 1 << (w[1] - b'a');
        i += 1;
    }
    t
}

/// Whether a keyword of letters may start with `first` and `second`: when
/// not, the word is none (nor any word that starts so).
#[inline]
pub(super) fn maybe_letters(first: u8, second: u8) -> bool {
    if class(second) & bytes::LOWER == 0 {
        return false;
    }
    let row = PAIRS
        .get(usize::from(first.wrapping_sub(b'a')))
        .copied()
        .unwrap_or(0);
    row >> (second.wrapping_sub(b'a') & 31) & 1 != 0
}

impl Kw {
    #[inline]
    pub(super) fn of(word: &[u8]) -> Option<Kw> {
        Some(match word {
            b"if" => Kw::If,
            b"then" => Kw::Then,
            b"else" => Kw::Else,
            b"elif" => Kw::Elif,
            b"fi" => Kw::Fi,
            b"for" => Kw::For,
            b"while" => Kw::While,
            b"until" => Kw::Until,
            b"do" => Kw::Do,
            b"done" => Kw::Done,
            b"case" => Kw::Case,
            b"esac" => Kw::Esac,
            b"in" => Kw::In,
            b"function" => Kw::Function,
            b"select" => Kw::Select,
            b"coproc" => Kw::Coproc,
            b"{" => Kw::LBrace,
            b"}" => Kw::RBrace,
            b"!" => Kw::Bang,
            b"export" | b"declare" | b"typeset" | b"readonly" | b"local" | b"unset"
            | b"unsetenv" => Kw::Declaration,
            _ => return None,
        })
    }

    /// Whether the keyword ends a run of statements.
    pub(super) fn closes(self) -> bool {
        matches!(
            self,
            Kw::Then | Kw::Else | Kw::Elif | Kw::Fi | Kw::Do | Kw::Done | Kw::RBrace
        )
    }

    /// Whether tree-sitter-bash reads the keyword only before a blank.
    pub(super) fn needs_blank(self) -> bool {
        matches!(
            self,
            Kw::LBrace
                | Kw::For
                | Kw::While
                | Kw::Until
                | Kw::If
                | Kw::Do
                | Kw::Then
                | Kw::Else
                | Kw::Elif
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_words_are_the_keywords_of_letters() {
        for w in LETTER_WORDS {
            assert!(Kw::of(w).is_some(), "{}", String::from_utf8_lossy(w));
            assert!(maybe_letters(w[0], w[1]));
        }
        // The short words beside them are none.
        for w in [
            &b"i"[..],
            b"th",
            b"dot",
            b"fo",
            b"ca",
            b"cas",
            b"locals",
            b"unse",
        ] {
            assert!(Kw::of(w).is_none());
        }
    }

    #[test]
    fn most_command_names_are_ruled_out_by_their_first_letters() {
        for name in ["ls", "rm", "cp", "echo", "git", "tar", "mv", "sudo"] {
            let b = name.as_bytes();
            assert!(!maybe_letters(b[0], b[1]), "{name}");
        }
        assert!(maybe_letters(b'd', b'o'));
        assert!(!maybe_letters(b'd', b'-'));
        assert!(!maybe_letters(b'{', b'a'));
    }
}
