//! What several front ends share: loading the policy, detecting the actor.

use anyhow::Context as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use ward_core::{Actor, Context, Layer, Policy};

/// Loads the effective policy: the embedded default, then the user's policy
/// file (`--policy FILE`, else `$WARD_POLICY`, else
/// `$XDG_CONFIG_HOME/ward/policy.toml` / `~/.config/ward/policy.toml` when it exists).
/// A user policy is compiled once into [`policy_cache_dir`] and loaded from
/// there by later processes.
pub fn load_policy(explicit: Option<&Path>) -> anyhow::Result<&'static Policy> {
    let Some(layer) = user_policy_layer(explicit)? else {
        return Ok(Policy::embedded());
    };
    let policy = Policy::layered_cached(vec![layer], policy_cache_dir().as_deref())?;
    Ok(Box::leak(Box::new(policy)))
}

/// Where compiled user policies are cached: `$XDG_CACHE_HOME/ward`, else
/// `~/.cache/ward`; `None` when `WARD_NO_POLICY_CACHE` is set (not `0`).
pub fn policy_cache_dir() -> Option<PathBuf> {
    if std::env::var_os("WARD_NO_POLICY_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    xdg_ward_dir("XDG_CACHE_HOME", ".cache")
}

/// The user's policy layer, if there is one: `--policy FILE`, else
/// `$WARD_POLICY`, else `~/.config/ward/policy.toml` when it exists.
pub fn user_policy_layer(explicit: Option<&Path>) -> anyhow::Result<Option<Layer>> {
    let path = explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("WARD_POLICY").map(PathBuf::from))
        .or_else(|| {
            let p = config_dir()?.join("policy.toml");
            p.exists().then_some(p)
        });
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read policy `{}`", path.display()))?;
    Ok(Some(Layer {
        origin: path.display().to_string(),
        text,
    }))
}

/// `$XDG_CONFIG_HOME/ward`, else `~/.config/ward`.
pub fn config_dir() -> Option<PathBuf> {
    xdg_ward_dir("XDG_CONFIG_HOME", ".config")
}

/// `$VAR/ward` when the XDG variable `var` is set, else `~/HOME_DIR/ward`.
fn xdg_ward_dir(var: &str, home_dir: &str) -> Option<PathBuf> {
    if let Some(x) = std::env::var_os(var).filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("ward"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(home_dir).join("ward"))
}

/// Parses `--actor`: `human`, `agent`, `agent:NAME`, `unknown`.
pub fn parse_actor(s: &str) -> Result<Actor, String> {
    match s {
        "human" => Ok(Actor::Human),
        "agent" | "ai" => Ok(Actor::Agent("agent".into())),
        "unknown" => Ok(Actor::Unknown),
        other => match other.strip_prefix("agent:") {
            Some(name) if !name.is_empty() => Ok(Actor::Agent(name.into())),
            _ => Err(format!(
                "unknown actor `{other}` (expected human, agent, agent:NAME or unknown)"
            )),
        },
    }
}

/// Environment markers AI agents set in the shells they spawn.
const AGENT_MARKERS: &[(&str, &str)] = &[
    ("CLAUDECODE", "claude"),
    ("CLAUDE_CODE_ENTRYPOINT", "claude"),
    ("CODEX_SANDBOX", "codex"),
    ("CODEX_SANDBOX_NETWORK_DISABLED", "codex"),
    ("CODEX_MANAGED_BY_NPM", "codex"),
    ("GEMINI_CLI", "gemini"),
    ("CURSOR_AGENT", "cursor"),
    ("WARD_AGENT", ""),
];

/// Process names of agent CLIs, for the ancestry walk.
const AGENT_PROCESSES: &[(&str, &str)] = &[
    ("claude", "claude"),
    ("codex", "codex"),
    ("gemini", "gemini"),
    ("cursor-agent", "cursor"),
    ("aider", "aider"),
];

/// Detects who is acting: agent markers in the environment, then agent CLIs
/// among the process's ancestors, then a terminal on stdin means a person.
pub fn detect_actor() -> Actor {
    detect_actor_why().0
}

/// [`detect_actor`], with what it went by in words (for output that names
/// the actor it assumed).
pub fn detect_actor_why() -> (Actor, &'static str) {
    for (var, name) in AGENT_MARKERS {
        if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty() && v != "0") {
            let name = if name.is_empty() {
                v.to_string_lossy().into_owned()
            } else {
                (*name).to_owned()
            };
            return (
                Actor::Agent(name),
                "detected from an agent's environment marker",
            );
        }
    }
    if let Some(name) = agent_ancestor() {
        return (
            Actor::Agent(name),
            "detected from an agent CLI among the parent processes",
        );
    }
    if std::io::stdin().is_terminal() {
        (Actor::Human, "detected: a terminal on stdin")
    } else {
        (
            Actor::Unknown,
            "detected: no terminal on stdin and no agent marker",
        )
    }
}

fn agent_ancestor() -> Option<String> {
    let mut pid = std::os::unix::process::parent_id();
    for _ in 0..16 {
        if pid <= 1 {
            return None;
        }
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let comm = stat.get(open + 1..close)?;
        if let Some((_, name)) = AGENT_PROCESSES.iter().find(|(p, _)| comm == *p) {
            return Some((*name).to_owned());
        }
        let ppid = stat.get(close + 2..)?.split_whitespace().nth(1)?;
        pid = ppid.parse().ok()?;
    }
    None
}

/// The actor from `--actor`, else detected.
pub fn actor_or_detect(flag: Option<&str>) -> anyhow::Result<Actor> {
    match flag {
        Some(s) => parse_actor(s).map_err(anyhow::Error::msg),
        None => Ok(detect_actor()),
    }
}

/// A context for `actor` in this process, with the live trust state that
/// `ward trust watch` publishes (when it is fresh).
pub fn context(actor: Actor, interactive: bool) -> Context {
    context_for(actor, interactive, None).0
}

/// [`context`], with the usage profile's signal folded into the trust state:
/// the score of `text` (the command about to be judged) when given, else of
/// recent history. The score comes back for front ends that show it.
pub fn context_for(
    actor: Actor,
    interactive: bool,
    text: Option<&str>,
) -> (Context, Option<ward_trust::UsageScore>) {
    let mut ctx = Context::for_actor(actor, interactive);
    ctx.trust = live_trust();
    let usage = super::trust::usage::fold(&mut ctx, text);
    (ctx, usage)
}

/// How long a published trust state stays valid without an update; `watch`
/// rewrites it on every change and idle decay moves it to `uncertain`.
const TRUST_FRESH: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// The trust state published beside the trust profile, if fresh.
fn live_trust() -> Option<ward_core::TrustLevel> {
    let path = ward_trust::state_path(&ward_trust::default_profile_path()?);
    let meta = std::fs::metadata(&path).ok()?;
    let age = meta.modified().ok()?.elapsed().unwrap_or_default();
    if age > TRUST_FRESH {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    ward_core::TrustLevel::from_name(text.trim())
}

/// ward's state directory: `$WARD_HOME`, else `$XDG_STATE_HOME/ward`, else
/// `~/.local/state/ward`.
pub fn state_dir() -> anyhow::Result<PathBuf> {
    if let Some(h) = std::env::var_os("WARD_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(h));
    }
    xdg_ward_dir("XDG_STATE_HOME", ".local/state")
        .ok_or_else(|| anyhow::anyhow!("neither `WARD_HOME` nor `HOME` is set"))
}

/// An error and its causes on one line, like `{err:#}`, but without a
/// cause whose text is already in the line: many errors write their
/// source into their own message, and printing the chain then repeats it
/// (`Not a directory (os error 20): Not a directory (os error 20)`).
pub fn chain(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Whether `err` is a write to a closed pipe (`ward … | head`): the reader
/// has what it wanted, so the command ends quietly.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }) || err.to_string().contains("Broken pipe (os error 32)")
}

/// `ward … | head` closes stdout early: end quietly with success, as other
/// command-line tools do, instead of aborting with a panic message.
/// (`ward hook` replaces this hook with its own, which always answers.)
pub fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.to_string().contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::{chain, is_closed_pipe};

    /// An error that writes its source into its own message, as many do.
    #[derive(Debug)]
    struct Wrapped {
        source: std::io::Error,
    }

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot open `x`: {}", self.source)
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.source)
        }
    }

    #[test]
    fn error_chain_names_an_os_error_once() {
        let io = std::io::Error::from_raw_os_error(20);
        let err = anyhow::Error::from(Wrapped { source: io }).context("refused");
        let line = chain(&err);
        assert_eq!(line.matches("os error 20").count(), 1, "{line}");
        assert!(line.starts_with("refused: cannot open `x`: "), "{line}");
        // Causes that add something are kept.
        let err = anyhow::anyhow!("inner").context("outer");
        assert_eq!(chain(&err), "outer: inner");
    }

    #[test]
    fn closed_pipe_is_recognised_through_context() {
        let err = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("writing the page");
        assert!(is_closed_pipe(&err));
        assert!(!is_closed_pipe(&anyhow::anyhow!("no such file")));
    }
}
