//! Tests of rule evaluation internals.

use super::view::first_positional;
use super::*;
use crate::action::Text;
use crate::policy::compile::EFFECT_KINDS;
use crate::shell::flags;

/// The reused buffer holds what `SimpleCommand::line` would build (if
/// that changes, this does too), whatever it held before.
#[test]
fn a_reused_line_is_the_commands_line() {
    let v: toml::Value = toml::from_str(crate::policy::DEFAULT_POLICY).unwrap();
    let mut buf = String::from("left over from a longer command line");
    let mut n = 0;
    for rule in v["rule"].as_array().unwrap() {
        for ex in rule
            .get("match")
            .and_then(|m| m.as_array())
            .into_iter()
            .flatten()
        {
            for cmd in crate::shell::parse(ex.as_str().unwrap()).commands {
                buf = line_into(buf, &cmd);
                assert_eq!(buf, cmd.line());
                n += 1;
            }
        }
    }
    assert!(n > 100, "{n}");
}

proptest::proptest! {
    /// The first positional word is the one a full split finds.
    #[test]
    fn the_first_positional_word_is_the_splits(
        words in proptest::collection::vec(("(-|--)?[abn=é-]{0,4}", proptest::bool::ANY), 0..6),
    ) {
        let args: Vec<Arg> = words
            .iter()
            .map(|(t, dynamic)| Arg { dynamic: *dynamic, ..Arg::lit(t.as_str()) })
            .collect();
        for takes_value in [|_: &str| false, |f: &str| f == "n" || f == "é" || f == "ab"] {
            let split = flags::split(&args, &takes_value);
            proptest::prop_assert_eq!(
                first_positional(&args, takes_value),
                split.positional.first().copied()
            );
        }
    }
}

#[test]
fn effect_combos_are_the_pairs_a_rule_allows() {
    use super::super::compile::effect_combos;
    // delete (0) and chmod (2), recursive only: bits 1 and 5.
    assert_eq!(effect_combos(0b101, Some(true)), 0b10_0010);
    assert_eq!(effect_combos(0b101, Some(false)), 0b01_0001);
    assert_eq!(effect_combos(0b1, None), 0b11);
    assert_eq!(effect_combos(0, None), 0);
}

#[test]
fn effect_bits_follow_the_kind_names() {
    let all = [
        Effect::Delete {
            path: Text::default(),
            class: PathClass::Unknown,
            recursive: false,
        },
        Effect::Write {
            path: Text::default(),
            class: PathClass::Unknown,
        },
        Effect::Chmod {
            path: Text::default(),
            class: PathClass::Unknown,
            recursive: false,
        },
        Effect::Chown {
            path: Text::default(),
            class: PathClass::Unknown,
            recursive: false,
        },
        Effect::ReadSecret {
            path: Text::default(),
        },
        Effect::Egress { secret: false },
        Effect::RunsRemoteCode {
            source: Text::default(),
        },
        Effect::ForkBomb,
        Effect::NetworkShell,
        Effect::Upload {
            what: Text::default(),
        },
    ];
    assert_eq!(all.len(), EFFECT_KINDS.len());
    for e in &all {
        let i = effect_bit(e).trailing_zeros() as usize;
        assert_eq!(EFFECT_KINDS[i], e.kind());
    }
}
