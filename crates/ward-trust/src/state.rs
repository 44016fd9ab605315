//! The trust state machine: window verdicts in, a [`TrustState`] out, with
//! hysteresis (several windows to move down, more to move up) and decay to
//! `uncertain` when the input goes idle.

use crate::event::Micros;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How much the person at the keyboard is believed to be the enrolled owner.
///
/// This is the small public type policy's `Context` carries; ward-core maps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrustState {
    /// Recent input matches the owner's profile.
    Trusted,
    /// Not enough recent evidence either way (the starting state, and after idling).
    Uncertain,
    /// Recent input does not match the owner's profile.
    Untrusted,
    /// Recent input was produced by a program, not a person.
    Automated,
}

impl TrustState {
    /// Whether policy should treat the actor as an agent (for `ai_only` rules).
    pub fn counts_as_agent(self) -> bool {
        self == TrustState::Automated
    }
}

impl fmt::Display for TrustState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TrustState::Trusted => "trusted",
            TrustState::Uncertain => "uncertain",
            TrustState::Untrusted => "untrusted",
            TrustState::Automated => "automated",
        })
    }
}

impl FromStr for TrustState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "trusted" => Ok(TrustState::Trusted),
            "uncertain" => Ok(TrustState::Uncertain),
            "untrusted" => Ok(TrustState::Untrusted),
            "automated" => Ok(TrustState::Automated),
            _ => Err(format!("unknown trust state `{s}`")),
        }
    }
}

/// What one scored window says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Looks like the owner.
    Owner,
    /// In between.
    Unsure,
    /// Does not look like the owner.
    Stranger,
    /// No person produces this.
    Automated,
}

/// Hysteresis and decay settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustConfig {
    /// Consecutive `stranger` windows needed to move one step down.
    pub down_after: u32,
    /// Consecutive `owner` windows needed to move one step up (more than `down_after`).
    pub up_after: u32,
    /// Consecutive human windows needed to leave `automated` (for `uncertain`).
    pub human_after: u32,
    /// Idle time (microseconds) after which `trusted` decays to `uncertain`.
    pub idle_after: Micros,
}

impl Default for TrustConfig {
    fn default() -> Self {
        TrustConfig {
            down_after: 2,
            up_after: 4,
            human_after: 4,
            idle_after: 300_000_000,
        }
    }
}

/// The state machine. Starts `uncertain`.
#[derive(Debug, Clone)]
pub struct TrustMachine {
    config: TrustConfig,
    state: TrustState,
    good: u32,
    bad: u32,
    human: u32,
    last_input: Option<Micros>,
}

impl TrustMachine {
    /// A machine in the `uncertain` state.
    pub fn new(config: TrustConfig) -> Self {
        TrustMachine {
            config,
            state: TrustState::Uncertain,
            good: 0,
            bad: 0,
            human: 0,
            last_input: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> TrustState {
        self.state
    }

    /// Feeds one window's verdict, observed at `ts`; returns the new state.
    pub fn observe(&mut self, verdict: Verdict, ts: Micros) -> TrustState {
        self.last_input = Some(ts);
        if verdict == Verdict::Automated {
            self.state = TrustState::Automated;
            (self.good, self.bad, self.human) = (0, 0, 0);
            return self.state;
        }
        if self.state == TrustState::Automated {
            self.human += 1;
            if self.human >= self.config.human_after {
                self.state = TrustState::Uncertain;
                (self.good, self.bad, self.human) = (0, 0, 0);
            }
            return self.state;
        }
        match verdict {
            Verdict::Owner => {
                self.bad = 0;
                self.good += 1;
                if self.good >= self.config.up_after {
                    self.good = 0;
                    self.state = match self.state {
                        TrustState::Untrusted => TrustState::Uncertain,
                        _ => TrustState::Trusted,
                    };
                }
            }
            Verdict::Stranger => {
                self.good = 0;
                self.bad += 1;
                if self.bad >= self.config.down_after {
                    self.bad = 0;
                    self.state = match self.state {
                        TrustState::Trusted => TrustState::Uncertain,
                        _ => TrustState::Untrusted,
                    };
                }
            }
            // Neutral evidence breaks a run of good windows but adds nothing bad.
            Verdict::Unsure => self.good = 0,
            Verdict::Automated => {}
        }
        self.state
    }

    /// Applies idle decay at time `now`; returns the state.
    pub fn tick(&mut self, now: Micros) -> TrustState {
        let idle = self
            .last_input
            .is_none_or(|t| now.saturating_sub(t) >= self.config.idle_after);
        if idle && self.state == TrustState::Trusted {
            self.state = TrustState::Uncertain;
            self.good = 0;
        }
        self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    fn run(m: &mut TrustMachine, vs: &[Verdict]) -> Vec<TrustState> {
        vs.iter()
            .enumerate()
            .map(|(i, v)| m.observe(*v, i as Micros))
            .collect()
    }

    #[test]
    fn climbs_to_trusted_only_after_up_after_owner_windows() {
        let mut m = TrustMachine::new(TrustConfig::default());
        let s = run(&mut m, &[Owner, Owner, Owner, Owner]);
        assert_eq!(
            s,
            vec![
                TrustState::Uncertain,
                TrustState::Uncertain,
                TrustState::Uncertain,
                TrustState::Trusted
            ]
        );
    }

    #[test]
    fn one_stranger_window_does_not_drop_trust_but_a_run_does() {
        let mut m = TrustMachine::new(TrustConfig::default());
        run(&mut m, &[Owner; 4]);
        assert_eq!(m.observe(Stranger, 10), TrustState::Trusted);
        assert_eq!(m.observe(Owner, 11), TrustState::Trusted);
        assert_eq!(m.observe(Stranger, 12), TrustState::Trusted);
        assert_eq!(m.observe(Stranger, 13), TrustState::Uncertain);
        assert_eq!(m.observe(Stranger, 14), TrustState::Uncertain);
        assert_eq!(m.observe(Stranger, 15), TrustState::Untrusted);
    }

    #[test]
    fn unsure_breaks_an_owner_run() {
        let mut m = TrustMachine::new(TrustConfig::default());
        let s = run(&mut m, &[Owner, Owner, Owner, Unsure, Owner]);
        assert_eq!(s.last(), Some(&TrustState::Uncertain));
    }

    #[test]
    fn untrusted_recovers_one_step_at_a_time() {
        let mut m = TrustMachine::new(TrustConfig::default());
        run(&mut m, &[Stranger, Stranger]);
        assert_eq!(m.state(), TrustState::Untrusted);
        run(&mut m, &[Owner; 4]);
        assert_eq!(m.state(), TrustState::Uncertain);
        run(&mut m, &[Owner; 4]);
        assert_eq!(m.state(), TrustState::Trusted);
    }

    #[test]
    fn automation_is_immediate_and_leaving_it_takes_human_windows() {
        let mut m = TrustMachine::new(TrustConfig::default());
        run(&mut m, &[Owner; 4]);
        assert_eq!(m.observe(Automated, 5), TrustState::Automated);
        assert_eq!(
            run(&mut m, &[Owner; 3]).last(),
            Some(&TrustState::Automated)
        );
        assert_eq!(m.observe(Owner, 9), TrustState::Uncertain);
    }

    #[test]
    fn idle_decays_trusted_to_uncertain_but_never_lifts_untrusted() {
        let cfg = TrustConfig {
            idle_after: 1_000,
            ..TrustConfig::default()
        };
        let mut m = TrustMachine::new(cfg);
        run(&mut m, &[Owner; 4]);
        assert_eq!(m.tick(500), TrustState::Trusted);
        assert_eq!(m.tick(5_000), TrustState::Uncertain);
        let mut m = TrustMachine::new(cfg);
        run(&mut m, &[Stranger, Stranger]);
        assert_eq!(m.tick(1_000_000), TrustState::Untrusted);
    }

    #[test]
    fn state_names_round_trip() {
        for s in [
            TrustState::Trusted,
            TrustState::Uncertain,
            TrustState::Untrusted,
            TrustState::Automated,
        ] {
            assert_eq!(s.to_string().parse::<TrustState>(), Ok(s));
        }
        assert!("sure".parse::<TrustState>().is_err());
        assert!(TrustState::Automated.counts_as_agent());
        assert!(!TrustState::Untrusted.counts_as_agent());
    }
}
