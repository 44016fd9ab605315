//! The one-shot override marker.
//!
//! A person who wants to run a line ward refuses types `ward! ` in front of
//! it. ward then shows why it would refuse, asks for confirmation, and on
//! "yes" records the run as a human override. The marker never changes what
//! an agent may do: agents do not type at a shell prompt, and a shim or hook
//! does not look for it.

/// The marker: `ward!` followed by whitespace at the start of the line.
pub const OVERRIDE_MARKER: &str = "ward!";

/// The line without its leading override marker, or `None` when the line
/// does not start with the marker (leading blanks allowed).
pub fn strip_override(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix(OVERRIDE_MARKER)?;
    let first = rest.chars().next()?;
    first.is_whitespace().then(|| rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("ward! rm -rf x", Some("rm -rf x"))]
    #[case("  ward!   ls && rm y", Some("ls && rm y"))]
    #[case("ward!\trm x", Some("rm x"))]
    #[case("ward!rm x", None)]
    #[case("ward!", None)]
    #[case("ward! ", Some(""))]
    #[case("echo ward! rm", None)]
    #[case("ward rm", None)]
    #[case("", None)]
    fn strips_only_a_leading_marker(#[case] line: &str, #[case] want: Option<&str>) {
        assert_eq!(strip_override(line), want);
    }

    proptest! {
        #[test]
        fn stripped_text_is_a_suffix(line in ".{0,64}") {
            if let Some(rest) = strip_override(&line) {
                prop_assert!(line.ends_with(rest));
                prop_assert!(line.trim_start().starts_with(OVERRIDE_MARKER));
            }
        }

        #[test]
        fn marker_round_trips(rest in "[a-z][a-z ./~-]{0,40}") {
            let line = format!("ward! {rest}");
            prop_assert_eq!(strip_override(&line), Some(rest.trim_start()));
        }
    }
}
