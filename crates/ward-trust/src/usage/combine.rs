//! Merging the usage signal with the keystroke/mouse state.
//!
//! Either signal alone can move the state to `uncertain`; `untrusted` needs
//! both, or one very strong (a very novel usage score). Automation always
//! wins, and a usage profile still learning leaves the keystroke state as it is.
//!
//! | keys \ usage | familiar | novel | very novel |
//! |---|---|---|---|
//! | none (no keystroke profile) | none | uncertain | untrusted |
//! | trusted | trusted | uncertain | untrusted |
//! | uncertain | uncertain | uncertain | untrusted |
//! | untrusted | uncertain | untrusted | untrusted |
//! | automated | automated | automated | automated |

use super::score::UsageLevel;
use crate::state::TrustState;

/// The combined trust state; `None` when neither signal says anything.
pub fn combine(keys: Option<TrustState>, usage: UsageLevel) -> Option<TrustState> {
    use TrustState::{Automated, Trusted, Uncertain, Untrusted};
    match (keys, usage) {
        (Some(Automated), _) => Some(Automated),
        (keys, UsageLevel::Learning) => keys,
        (_, UsageLevel::VeryNovel) => Some(Untrusted),
        (None, UsageLevel::Familiar) => None,
        (Some(Trusted), UsageLevel::Familiar) => Some(Trusted),
        (Some(Uncertain | Untrusted), UsageLevel::Familiar) => Some(Uncertain),
        (Some(Untrusted), UsageLevel::Novel) => Some(Untrusted),
        (None | Some(Trusted | Uncertain), UsageLevel::Novel) => Some(Uncertain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TrustState::*;
    use UsageLevel::*;

    #[test]
    fn the_documented_table() {
        let table = [
            (None, Familiar, None),
            (None, Novel, Some(Uncertain)),
            (None, VeryNovel, Some(Untrusted)),
            (None, Learning, None),
            (Some(Trusted), Familiar, Some(Trusted)),
            (Some(Trusted), Novel, Some(Uncertain)),
            (Some(Trusted), VeryNovel, Some(Untrusted)),
            (Some(Trusted), Learning, Some(Trusted)),
            (Some(Uncertain), Familiar, Some(Uncertain)),
            (Some(Uncertain), Novel, Some(Uncertain)),
            (Some(Uncertain), VeryNovel, Some(Untrusted)),
            (Some(Untrusted), Familiar, Some(Uncertain)),
            (Some(Untrusted), Novel, Some(Untrusted)),
            (Some(Untrusted), VeryNovel, Some(Untrusted)),
            (Some(Untrusted), Learning, Some(Untrusted)),
            (Some(Automated), Familiar, Some(Automated)),
            (Some(Automated), VeryNovel, Some(Automated)),
        ];
        for (keys, usage, want) in table {
            assert_eq!(combine(keys, usage), want, "{keys:?} + {usage:?}");
        }
    }
}
