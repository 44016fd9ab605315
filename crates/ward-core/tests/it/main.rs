//! ward-core's integration tests: one binary, a module per concern.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod corpus;
mod depth;
mod flow_props;
mod options_props;
mod props;
mod syntax_diff;
mod table;

use ward_core::{Action, Actor, Context, Decision, Policy, shell};

/// Decision of the embedded default policy for `cmd` by `actor`.
pub fn decide(cmd: &str, actor: Actor) -> Decision {
    verdict(cmd, actor).decision
}

/// The whole verdict of the embedded default policy.
pub fn verdict(cmd: &str, actor: Actor) -> ward_core::Verdict {
    let interactive = actor == Actor::Human;
    let ctx = Context {
        actor,
        interactive,
        cwd: "/home/user/project".into(),
        home: "/home/user".into(),
        trust: None,
    };
    Policy::embedded().evaluate(&Action::Command(shell::parse(cmd)), &ctx)
}

/// An agent actor.
pub fn agent() -> Actor {
    Actor::Agent("test".into())
}
