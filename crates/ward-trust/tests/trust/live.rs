//! The live pipeline end to end on synthetic typists: enrol one, then feed
//! the owner, a stranger and a script through the engine.

use ward_trust::{
    Engine, EnrolOptions, InputEvent, Press, Profile, Rng, TrustConfig, TrustState, Verdict,
    WindowResult,
};

/// A typist: per-key hold and per-pair gap base values, with jitter.
struct Typist {
    hold: f64,
    gap: f64,
    jitter: f64,
    rng: Rng,
}

impl Typist {
    fn events(&mut self, strokes: usize, start: u64) -> Vec<InputEvent> {
        let text = b"the quick brown fox jumps over the lazy dog ";
        let mut t = start as f64;
        let mut out = Vec::new();
        for i in 0..strokes {
            let c = u32::from(text[i % text.len()]);
            // Key-dependent rhythm so digraphs carry identity.
            let k = f64::from(c % 7) / 7.0;
            let j = |r: &mut Rng, s: f64| 1.0 + s * (r.f64() - 0.5) * 2.0;
            let hold = self.hold * (0.8 + 0.4 * k) * j(&mut self.rng, self.jitter);
            let gap = self.gap * (0.7 + 0.6 * k) * j(&mut self.rng, self.jitter);
            out.push(InputEvent::Key {
                ts: t as u64,
                code: c,
                press: Press::Press,
            });
            out.push(InputEvent::Key {
                ts: (t + hold) as u64,
                code: c,
                press: Press::Release,
            });
            t += gap;
        }
        out.sort_by_key(InputEvent::ts);
        out
    }
}

fn owner() -> Typist {
    Typist {
        hold: 95_000.0,
        gap: 180_000.0,
        jitter: 0.25,
        rng: Rng::new(1),
    }
}

fn run(engine: &mut Engine, events: &[InputEvent]) -> Vec<Verdict> {
    events
        .iter()
        .filter_map(|e| engine.push(e))
        .map(|r| r.verdict)
        .collect()
}

#[test]
fn owner_becomes_trusted_stranger_untrusted_script_automated() {
    let enrol = owner().events(2000, 0);
    let profile = Profile::enrol(&enrol, &[], &EnrolOptions::default()).unwrap();
    assert!(profile.mouse.is_none());
    assert!(profile.keys.is_some());

    let mut e = Engine::new(profile.clone(), TrustConfig::default());
    let mut again = Typist {
        rng: Rng::new(99),
        ..owner()
    };
    let v = run(&mut e, &again.events(400, 1_000_000_000));
    assert!(
        v.iter().filter(|v| **v == Verdict::Owner).count() >= v.len() / 2,
        "{v:?}"
    );
    assert_eq!(e.state(), TrustState::Trusted);

    let mut e = Engine::new(profile.clone(), TrustConfig::default());
    let mut stranger = Typist {
        hold: 160_000.0,
        gap: 320_000.0,
        jitter: 0.25,
        rng: Rng::new(5),
    };
    let v = run(&mut e, &stranger.events(400, 1_000_000_000));
    assert!(
        v.iter().filter(|v| **v == Verdict::Stranger).count() >= v.len() / 2,
        "{v:?}"
    );
    assert_eq!(e.state(), TrustState::Untrusted);

    let mut e = Engine::new(profile, TrustConfig::default());
    let mut script = Typist {
        jitter: 0.0,
        hold: 50_000.0,
        gap: 100_000.0,
        rng: Rng::new(7),
    };
    // Perfectly regular: same gap for every key.
    let events: Vec<InputEvent> = (0..40u64)
        .flat_map(|i| {
            let t = i * 100_000;
            [
                InputEvent::Key {
                    ts: t,
                    code: 30,
                    press: Press::Press,
                },
                InputEvent::Key {
                    ts: t + 50_000,
                    code: 30,
                    press: Press::Release,
                },
            ]
        })
        .collect();
    let _ = script.events(0, 0);
    run(&mut e, &events);
    assert_eq!(e.state(), TrustState::Automated);
}

#[test]
fn profile_file_is_private_and_holds_no_key_sequence() {
    use std::os::unix::fs::PermissionsExt;
    let profile = Profile::enrol(&owner().events(1000, 0), &[], &EnrolOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trust/profile.json");
    profile.save(&path).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    let text = std::fs::read_to_string(&path).unwrap();
    // Only aggregated statistics: no timestamps, no event list.
    assert!(!text.contains("\"ts\""));
    assert!(!text.contains("press"));
    let (back, orig) = (
        Profile::load(&path).unwrap().keys.unwrap(),
        profile.keys.unwrap(),
    );
    assert_eq!(back.stats.digraphs.len(), orig.stats.digraphs.len());
    assert_eq!(back.stats.holds.len(), orig.stats.holds.len());
    assert!((back.thresholds.accept - orig.thresholds.accept).abs() < 1e-12);
}

#[test]
fn too_little_enrolment_is_an_error() {
    assert!(Profile::enrol(&owner().events(20, 0), &[], &EnrolOptions::default()).is_err());
}

#[test]
fn corrupt_profile_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    std::fs::write(&path, "{\"version\":1,").unwrap();
    assert!(Profile::load(&path).is_err());
    std::fs::write(&path, "{\"version\":9,\"mouse\":null,\"keys\":null}").unwrap();
    assert!(Profile::load(&path).is_err());
}

#[test]
fn windows_yields_what_push_does_with_the_closing_event() {
    let profile = Profile::enrol(&owner().events(2000, 0), &[], &EnrolOptions::default()).unwrap();
    let events = owner().events(400, 10_000_000_000);
    // Scores are sums over a hash map, so two engines may differ in the last bits.
    let key = |ts: u64, r: WindowResult| {
        (
            ts,
            r.source,
            r.verdict,
            r.state,
            r.score.map(|s| (s * 1e9).round()),
        )
    };
    let mut by_push = Engine::new(profile.clone(), TrustConfig::default());
    let want: Vec<_> = events
        .iter()
        .filter_map(|e| by_push.push(e).map(|r| key(e.ts(), r)))
        .collect();
    let mut engine = Engine::new(profile, TrustConfig::default());
    let got: Vec<_> = engine
        .windows(&events)
        .map(|(e, r)| key(e.ts(), r))
        .collect();
    assert!(got.len() > 5);
    assert_eq!(got, want);
    assert_eq!(engine.state(), by_push.state());
}
