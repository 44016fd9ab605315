//! Choosing the intent, its modes and targets, and rendering the argv.

use crate::addr::{Host, Target};
use crate::refusal::{Refusal, RefusalKind};
use crate::render::{Slots, fuzz_url, render};
use crate::scope::Scope;
use crate::table::{Impact, IntentDef, ModeDef, PortRule, TargetKind, filler, intents};
use crate::token::{Parsed, parse};

/// Points for a strong word or phrase, a hint word, and a URL for a URL intent.
const STRONG: u32 = 3;
const HINT: u32 = 1;
const URL_BONUS: u32 = 3;
/// The least score that selects an intent.
const THRESHOLD: u32 = 2;

/// A request resolved into one validated command line.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The chosen intent.
    pub intent: &'static IntentDef,
    /// The command line to run (argv\[0\] is the tool).
    pub argv: Vec<String>,
    /// The targets, as passed to the tool.
    pub targets: Vec<String>,
    /// The chosen modes.
    pub modes: Vec<&'static str>,
    /// The intent's score, and the runner-up's id and score.
    pub score: u32,
    /// The runner-up intent and its score, if any scored.
    pub runner_up: Option<(&'static str, u32)>,
    /// Set when the request named no task and the intent's default was chosen
    /// (a bare "scan HOST"): which default, in words.
    pub default_note: Option<&'static str>,
}

impl Resolved {
    /// The impact level.
    pub fn impact(&self) -> Impact {
        self.intent.impact
    }
}

fn has_phrase(words: &[String], phrase: &[&str]) -> bool {
    match phrase {
        [one] => words.iter().any(|w| w == one),
        _ => words
            .windows(phrase.len())
            .any(|win| win.iter().zip(phrase).all(|(w, p)| w == p)),
    }
}

fn score(intent: &IntentDef, p: &Parsed, has_url: bool) -> u32 {
    let strong = intent
        .strong
        .iter()
        .filter(|ph| has_phrase(&p.words, ph))
        .count();
    let hints = intent
        .words
        .iter()
        .filter(|ph| has_phrase(&p.words, ph))
        .count();
    // Counts are bounded by the table sizes, far below u32::MAX.
    let words =
        u32::try_from(strong).unwrap_or(0) * STRONG + u32::try_from(hints).unwrap_or(0) * HINT;
    // A URL supports a web intent the words already point at; alone it selects nothing.
    let url = has_url && words > 0 && intent.targets == TargetKind::Url;
    words + if url { URL_BONUS } else { 0 }
}

fn excluded(intent: &IntentDef, p: &Parsed) -> bool {
    intent.unless.iter().any(|u| p.words.iter().any(|w| w == u))
}

fn suggestion(intent: &IntentDef) -> String {
    let example = intent
        .examples
        .first()
        .map(|e| e.request)
        .unwrap_or_default();
    format!("{}: {} (e.g. `{example}`)", intent.id, intent.explanation)
}

/// Resolves a plain-language request into a validated command line, or refuses it.
///
/// Pure: no I/O; the scope is passed in.
pub fn resolve(request: &str, scope: &Scope) -> Result<Resolved, Refusal> {
    let p = parse(request)?;
    let has_url = p.targets.iter().any(|t| t.url.is_some());
    let mut ranked: Vec<(u32, &'static IntentDef)> = intents()
        .iter()
        .filter(|i| !excluded(i, &p))
        .map(|i| (score(i, &p, has_url), i))
        .filter(|(s, _)| *s > 0)
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (best, intent) = match ranked.first() {
        Some(&(s, i)) if s >= THRESHOLD => (s, i),
        _ => {
            return match bare(&p) {
                Some(i) => {
                    let mut r = build(i, &p, scope, 0, None)?;
                    r.default_note = i.bare_explanation;
                    Ok(r)
                }
                None => Err(unknown(request, &p)),
            };
        }
    };
    let mut runner_up = ranked.get(1).map(|(s, i)| (i.id, *s));
    let mut winner = intent;
    if runner_up.is_some_and(|(_, s)| s == best) && has_url {
        // A tie broken by the target: a URL was given and one tied intent takes URLs.
        let mut url_tied = ranked
            .iter()
            .filter(|(s, i)| *s == best && i.targets == TargetKind::Url);
        if let (Some((_, only)), None) = (url_tied.next(), url_tied.next()) {
            winner = only;
            runner_up = ranked
                .iter()
                .find(|(_, i)| i.id != only.id)
                .map(|(s, i)| (i.id, *s));
        }
    }
    if winner.id == intent.id && runner_up.is_some_and(|(_, s)| s == best) {
        let tied: Vec<&str> = ranked
            .iter()
            .filter(|(s, _)| *s == best)
            .map(|(_, i)| i.id)
            .collect();
        let mut r = Refusal::new(
            RefusalKind::Ambiguous,
            format!("`{request}` could mean {}; say which", backticked(&tied)),
        );
        r.suggestions = ranked
            .iter()
            .filter(|(s, _)| *s == best)
            .map(|(_, i)| suggestion(i))
            .collect();
        return Err(r);
    }
    build(winner, &p, scope, best, runner_up)
}

/// The intent a request names by its bare words alone ("scan", "scan hosts"):
/// its words other than filler, as a set, equal one of the intent's `bare` sets.
/// The build checks that no two intents share a set, so the answer is unique.
/// Without a target a bare word names nothing: no default applies.
fn bare(p: &Parsed) -> Option<&'static IntentDef> {
    if p.targets.is_empty() {
        return None;
    }
    let mut set: Vec<&str> = p
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| !filler().contains(w))
        .collect();
    set.sort_unstable();
    set.dedup();
    if set.is_empty() {
        return None;
    }
    intents().iter().find(|i| i.bare.contains(&set.as_slice()))
}

fn backticked(ids: &[&str]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn unknown(request: &str, p: &Parsed) -> Refusal {
    // Closest intents: by score ignoring `unless`, then by near-miss spelling.
    let mut near: Vec<(u32, &IntentDef)> = intents()
        .iter()
        .map(|i| {
            let typos = i
                .strong
                .iter()
                .filter(|ph| {
                    ph.len() == 1
                        && ph
                            .iter()
                            .all(|w| w.len() >= 4 && p.words.iter().any(|x| close(x, w)))
                })
                .count();
            (score(i, p, false) + u32::try_from(typos).unwrap_or(0), i)
        })
        .filter(|(s, _)| *s > 0)
        .collect();
    near.sort_by_key(|r| std::cmp::Reverse(r.0));
    if let [(a, first), (b, second), ..] = near.as_slice()
        && *a >= THRESHOLD
        && *b >= THRESHOLD
    {
        // Each rules the other out ("os and version detection"): one task at a time.
        let mut r = Refusal::new(
            RefusalKind::Ambiguous,
            format!(
                "`{request}` mixes `{}` and `{}`; ask for one at a time",
                first.id, second.id
            ),
        );
        r.suggestions = near.iter().take(3).map(|(_, i)| suggestion(i)).collect();
        return r;
    }
    let mut r = Refusal::new(
        RefusalKind::Unknown,
        format!(
            "cannot tell which security task `{request}` asks for; ward guesses no default scan"
        ),
    );
    r.suggestions = near.iter().take(3).map(|(_, i)| suggestion(i)).collect();
    if r.suggestions.is_empty() && !p.targets.is_empty() {
        // A bare "scan HOST": offer the common first steps rather than pick one.
        r.suggestions = intents().iter().take(4).map(suggestion).collect();
    }
    r
}

/// True when `a` and `b` differ by at most one edit (typo tolerance for suggestions only).
fn close(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix + 1 >= a.len().max(b.len())
}

fn build(
    intent: &'static IntentDef,
    p: &Parsed,
    scope: &Scope,
    score: u32,
    runner_up: Option<(&'static str, u32)>,
) -> Result<Resolved, Refusal> {
    let modes = pick_modes(intent, p)?;
    let targets = pick_targets(intent, p, scope)?;
    let ports = pick_ports(intent, p, &targets)?;
    let user = match (intent.needs_user, &p.user) {
        (true, _) => Some(
            p.user
                .clone()
                .or_else(|| p.as_user.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        RefusalKind::Missing,
                        format!("`{}` needs a user name: say `user NAME`", intent.id),
                    )
                })?,
        ),
        (false, Some(u)) => {
            return Err(Refusal::new(
                RefusalKind::Unused,
                format!("`{}` takes no user (`{u}`)", intent.id),
            ));
        }
        (false, None) => None,
    };
    let service = if intent.needs_service {
        match p.services.as_slice() {
            [one] => Some((*one).to_owned()),
            [] => {
                return Err(Refusal::new(
                    RefusalKind::Missing,
                    format!(
                        "`{}` needs a login service (ssh, ftp, rdp, smb, mysql, …)",
                        intent.id
                    ),
                ));
            }
            many => {
                return Err(Refusal::new(
                    RefusalKind::Conflict,
                    format!("several services named ({}); give one", backticked(many)),
                ));
            }
        }
    } else {
        None
    };
    let wordlist = match (intent.wordlist, &p.wordlist) {
        (Some(_), Some(w)) => Some(w.clone()),
        (Some(default), None) => Some(default.to_owned()),
        (None, Some(w)) => {
            return Err(Refusal::new(
                RefusalKind::Unused,
                format!("`{}` takes no wordlist (`{w}`)", intent.id),
            ));
        }
        (None, None) => None,
    };
    let v6 = targets.iter().any(|t| t.host.is_v6());
    let mut flags: Vec<&str> = modes.iter().flat_map(|m| m.flags.iter().copied()).collect();
    if let Some(flag) = intent.ipv6_flag.filter(|_| v6) {
        if targets.iter().any(|t| !t.host.is_v6()) {
            return Err(Refusal::new(
                RefusalKind::Conflict,
                format!(
                    "`{}` cannot mix IPv4 and IPv6 targets in one run",
                    intent.tool
                ),
            ));
        }
        flags.push(flag);
    }
    let port_in_argv = intent.argv.iter().any(|a| a.contains("{ports}"));
    let single_port = ports.as_deref().and_then(|p| p.parse::<u16>().ok());
    let rendered: Vec<String> = targets
        .iter()
        .map(|t| match intent.targets {
            TargetKind::Url => t.as_url(single_port),
            _ if !port_in_argv && intent.ports == PortRule::One => {
                t.host_port(single_port.or(t.port))
            }
            _ => t.host.to_string(),
        })
        .collect();
    let fuzz_url = match rendered.first() {
        Some(u) if intent.argv.contains(&"{fuzz_url}") => Some(fuzz_url(u)?),
        _ => None,
    };
    let slots = Slots {
        target: rendered.first().map(String::as_str),
        ports: ports.as_deref(),
        user: user.as_deref(),
        service: service.as_deref(),
        wordlist: wordlist.as_deref(),
        fuzz_url: fuzz_url.as_deref(),
    };
    let argv = render(intent, &flags, &rendered, &slots)?;
    Ok(Resolved {
        intent,
        argv,
        targets: rendered,
        modes: modes.iter().map(|m| m.name).collect(),
        score,
        runner_up,
        default_note: None,
    })
}

fn pick_modes(intent: &'static IntentDef, p: &Parsed) -> Result<Vec<&'static ModeDef>, Refusal> {
    let chosen: Vec<&ModeDef> = intent
        .modes
        .iter()
        .filter(|m| m.words.iter().any(|ph| has_phrase(&p.words, ph)))
        .collect();
    for (i, a) in chosen.iter().enumerate() {
        if let Some(b) = chosen.iter().skip(i + 1).find(|b| b.group == a.group) {
            return Err(Refusal::new(
                RefusalKind::Conflict,
                format!(
                    "modes `{}` and `{}` contradict each other; pick one",
                    a.name, b.name
                ),
            ));
        }
        if a.group == "ports" && !p.ports.is_empty() {
            return Err(Refusal::new(
                RefusalKind::Conflict,
                format!(
                    "mode `{}` contradicts the ports given (`{}`)",
                    a.name,
                    p.ports.join(",")
                ),
            ));
        }
    }
    Ok(chosen)
}

fn pick_targets(intent: &IntentDef, p: &Parsed, scope: &Scope) -> Result<Vec<Target>, Refusal> {
    if p.targets.is_empty() {
        let what = match intent.targets {
            TargetKind::Url => "a URL",
            TargetKind::Domain => "a domain name",
            TargetKind::Ip => "an IP address",
            _ => "an address, network or host name",
        };
        return Err(Refusal::new(
            RefusalKind::Missing,
            format!("`{}` needs a target: name {what}", intent.id),
        ));
    }
    let single = !matches!(intent.targets, TargetKind::Hosts | TargetKind::Domain);
    if single && p.targets.len() > 1 {
        return Err(Refusal::new(
            RefusalKind::Conflict,
            format!(
                "`{}` takes one target, {} were given",
                intent.id,
                p.targets.len()
            ),
        ));
    }
    let mut out = Vec::with_capacity(p.targets.len());
    for t in &p.targets {
        let shown = t.url.clone().unwrap_or_else(|| t.host.to_string());
        let wrong = |need: &str| {
            Refusal::new(
                RefusalKind::Invalid,
                format!("`{}` needs {need}, not `{shown}`", intent.id),
            )
        };
        match (&intent.targets, &t.host) {
            (TargetKind::Url, Host::Net(..)) => return Err(wrong("one URL or host")),
            (TargetKind::Url, _) if t.url.is_none() && !intent.host_as_url => {
                return Err(wrong("a URL (with its path and parameters)"));
            }
            (TargetKind::Domain, Host::Ip(_) | Host::Net(..)) => {
                return Err(wrong("a domain name"));
            }
            (TargetKind::Ip, Host::Name(_) | Host::Net(..)) => return Err(wrong("an IP address")),
            (TargetKind::Host, Host::Net(..)) => return Err(wrong("one host")),
            _ => {}
        }
        if let Host::Ip(ip) | Host::Net(ip, _) = &t.host {
            let unspecified = ip.is_unspecified() && matches!(t.host, Host::Ip(_));
            if unspecified || ip.is_multicast() || *ip == std::net::Ipv4Addr::BROADCAST {
                return Err(Refusal::new(
                    RefusalKind::Invalid,
                    format!("`{shown}` is not a host to probe"),
                ));
            }
        }
        if !scope.allows(&t.host) {
            return Err(Refusal::new(
                RefusalKind::OutOfScope,
                format!(
                    "`{}` is not in scope; if you are authorised to test it, add it to `{}`",
                    t.host,
                    scope.file_hint()
                ),
            ));
        }
        let mut t = t.clone();
        if intent.targets != TargetKind::Url {
            t.url = None;
        }
        out.push(t);
    }
    Ok(out)
}

fn pick_ports(
    intent: &IntentDef,
    p: &Parsed,
    targets: &[Target],
) -> Result<Option<String>, Refusal> {
    let mut parts = p.ports.clone();
    let url_intent = intent.targets == TargetKind::Url;
    for t in targets {
        match (t.port, url_intent && t.url.is_some()) {
            (Some(port), false) if !parts.contains(&port.to_string()) => {
                parts.push(port.to_string())
            }
            (Some(_), true) if !p.ports.is_empty() => {
                return Err(Refusal::new(
                    RefusalKind::Conflict,
                    "give the port once, in the URL",
                ));
            }
            _ => {}
        }
    }
    match intent.ports {
        _ if parts.is_empty() => Ok(intent.default_ports.map(str::to_owned)),
        PortRule::None => Err(Refusal::new(
            RefusalKind::Unused,
            format!("`{}` takes no ports (`{}`)", intent.id, parts.join(",")),
        )),
        PortRule::One => match parts.as_slice() {
            [one] if !one.contains('-') => Ok(Some(one.clone())),
            _ => Err(Refusal::new(
                RefusalKind::Conflict,
                format!("`{}` takes one port, not `{}`", intent.id, parts.join(",")),
            )),
        },
        PortRule::List => Ok(Some(parts.join(","))),
    }
}
