//! The typed model every front end translates its input into.

use serde::Serialize;
use std::fmt;

/// A word, name or path of a parsed command: up to 24 bytes are held inline,
/// so the short words that make up most command lines cost no allocation.
pub type Text = compact_str::CompactString;

/// Who is acting. A hook call is always an agent; a shell prompt is a human.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "name")]
pub enum Actor {
    /// A person at the keyboard.
    Human,
    /// An AI agent, by name (`claude`, `codex`, `gemini`, `cursor`, …).
    Agent(String),
    /// Nobody could tell; treated like an agent by `ai_only` rules.
    Unknown,
}

impl Actor {
    /// Whether `ai_only` rules apply: agents, unknown actors, and people whose
    /// input looks automated.
    pub fn counts_as_agent(&self, trust: Option<TrustLevel>) -> bool {
        !matches!(self, Actor::Human) || trust == Some(TrustLevel::Automated)
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Human => f.write_str("human"),
            Actor::Agent(name) => write!(f, "agent:{name}"),
            Actor::Unknown => f.write_str("unknown"),
        }
    }
}

/// The behavioural trust state of the person at the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrustLevel {
    /// Input matches the enrolled profile.
    Trusted,
    /// Not enough evidence either way.
    Uncertain,
    /// Input does not match the enrolled profile.
    Untrusted,
    /// Input no person produces (a script or an agent driving the terminal).
    Automated,
}

impl TrustLevel {
    /// Parses the lowercase name used in policy files.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "trusted" => Self::Trusted,
            "uncertain" => Self::Uncertain,
            "untrusted" => Self::Untrusted,
            "automated" => Self::Automated,
            _ => return None,
        })
    }
}

/// Everything about the caller that a rule may look at. Built by the front end.
#[derive(Debug, Clone)]
pub struct Context {
    /// Who acts.
    pub actor: Actor,
    /// Whether a person can answer an `ask` right now.
    pub interactive: bool,
    /// The working directory, absolute, for classifying relative paths.
    pub cwd: String,
    /// The acting user's home directory.
    pub home: String,
    /// The live trust state, where the trust engine runs.
    pub trust: Option<TrustLevel>,
}

impl Context {
    /// A context for `actor` with the process's cwd and `$HOME`.
    pub fn for_actor(actor: Actor, interactive: bool) -> Self {
        let cwd = std::env::current_dir()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let home = std::env::var("HOME").unwrap_or_default();
        Self {
            actor,
            interactive,
            cwd,
            home,
            trust: None,
        }
    }
}

/// One thing an actor wants to do.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Action {
    /// A shell command line, parsed into the simple commands it would run.
    Command(CommandLine),
    /// Writing `content` to `path` (an agent's Write/Edit tool).
    FileWrite {
        /// Absolute, normalised path.
        path: String,
        /// The new content (or the inserted text of an edit).
        content: String,
    },
    /// Reading `path`.
    FileRead {
        /// Absolute, normalised path.
        path: String,
    },
    /// Fetching a URL.
    Network {
        /// The URL as given.
        url: String,
    },
    /// Any other tool call, by name (MCP tools and unknown tools).
    Tool {
        /// The tool's name as the agent gives it.
        name: String,
    },
}

impl Action {
    /// The kind as a short lowercase word, for records and display.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Command(_) => "command",
            Action::FileWrite { .. } => "file-write",
            Action::FileRead { .. } => "file-read",
            Action::Network { .. } => "network",
            Action::Tool { .. } => "tool",
        }
    }
}

/// A parsed command line: the simple commands it would run and anything that
/// could not be understood.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CommandLine {
    /// The text as given.
    pub raw: String,
    /// Every simple command the line would run, wrappers unwrapped, nested
    /// `sh -c`/`eval`/substitutions included.
    pub commands: Vec<SimpleCommand>,
    /// What could not be understood; non-empty means unparseable or ambiguous.
    pub problems: Vec<Problem>,
}

/// Why part of a command line could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum Problem {
    /// The shell grammar rejected the text near this snippet.
    Unparseable(String),
    /// The program to run is only known at run time.
    DynamicProgram(String),
    /// Nesting went deeper than ward follows.
    TooDeep,
    /// The line runs more simple commands than ward judges in one line.
    TooManyCommands,
    /// The input is empty, not text, or too large.
    BadInput(String),
    /// Where downloaded, decoded or secret data goes cannot be decided
    /// statically (a computed file name, an unknown extracted file).
    UnknownFlow(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unparseable(s) => write!(f, "could not parse the command near `{s}`"),
            Problem::DynamicProgram(s) => {
                write!(f, "the program `{s}` is only known when the command runs")
            }
            Problem::TooDeep => f.write_str("the command nests deeper than ward follows"),
            Problem::TooManyCommands => write!(
                f,
                "too many commands: ward judges at most {} commands in one line",
                crate::shell::MAX_COMMANDS
            ),
            Problem::BadInput(s) => f.write_str(s),
            Problem::UnknownFlow(s) => {
                write!(f, "could not follow the data the line runs or sends: {s}")
            }
        }
    }
}

/// One program invocation after normalisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SimpleCommand {
    /// The program's basename (`/usr/bin/rm` → `rm`).
    pub program: Text,
    /// Arguments after the program, quoting resolved.
    pub args: Vec<Arg>,
    /// Leading `VAR=value` assignments (context; never hide the program).
    pub assignments: Vec<String>,
    /// Wrappers that were unwrapped to reach this program (`sudo`, `env`, …).
    pub wrappers: Vec<Text>,
    /// Output and input redirections.
    pub redirects: Vec<Redirect>,
    /// Where standard input comes from, when it is not the terminal.
    pub stdin: Option<Stdin>,
    /// What the command does, as far as ward can tell.
    pub effects: Vec<Effect>,
    /// Extra arguments arrive at run time (`xargs`, `find -exec … +`).
    pub open_args: bool,
}

impl SimpleCommand {
    /// The words as a display line: program then arguments.
    pub fn line(&self) -> String {
        let mut out = self.program.to_string();
        for arg in &self.args {
            out.push(' ');
            out.push_str(&arg.text);
        }
        out
    }

    /// Whether a `sudo`/`doas`/`su` wrapper raised privileges.
    pub fn elevated(&self) -> bool {
        self.wrappers
            .iter()
            .any(|w| matches!(w.as_str(), "sudo" | "doas" | "su" | "pkexec"))
    }
}

/// One argument word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// The value after quote removal; dynamic parts are kept as written.
    pub text: Text,
    /// Part of the value is only known at run time (`$X`, `$(…)`).
    pub dynamic: bool,
    /// The value comes from the network or from decoding (`$(curl …)`,
    /// `<(base64 -d …)`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remote: bool,
}

impl Arg {
    /// A literal argument.
    pub fn lit(text: impl Into<Text>) -> Self {
        Self {
            text: text.into(),
            dynamic: false,
            remote: false,
        }
    }
}

/// An I/O redirection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// `>`, `>>`, `<`, `&>`, `>|`, …
    pub op: Text,
    /// The target word.
    pub target: Text,
    /// The file descriptor written before the operator (`3>` → 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fd: Option<u32>,
}

/// Where a command's standard input comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Stdin {
    /// The output of the previous command in a pipeline.
    Pipe {
        /// The feeding program's basename.
        from: Text,
        /// The feeding data comes from the network.
        network: bool,
        /// The feeding data is decoded (base64, xxd -r, …).
        decoded: bool,
        /// The feeding data is a secret file.
        secret: bool,
        /// The feeding data is the whole project or a home directory.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        project: bool,
        /// Literal text the feeder prints (`echo`/`printf` arguments).
        text: String,
        /// The text passed through a rewriting filter (`tr`, `sed`, `rev`,
        /// `awk`, …) on its way: what arrives is only known at run time.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        transformed: bool,
    },
    /// A here-document or here-string body.
    Here {
        /// The body.
        text: String,
    },
    /// A file (`< path`).
    File {
        /// The path.
        path: Text,
    },
}

/// What a command does to the world, independent of how it is spelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Effect {
    /// Deletes a path.
    Delete {
        /// The path as written (after `~`/`$HOME` resolution).
        path: Text,
        /// Its class.
        class: PathClass,
        /// Whole trees.
        recursive: bool,
    },
    /// Writes, truncates or overwrites a path.
    Write {
        /// The path.
        path: Text,
        /// Its class.
        class: PathClass,
    },
    /// Changes permissions of a path.
    Chmod {
        /// The path.
        path: Text,
        /// Its class.
        class: PathClass,
        /// Whole trees.
        recursive: bool,
    },
    /// Changes ownership of a path.
    Chown {
        /// The path.
        path: Text,
        /// Its class.
        class: PathClass,
        /// Whole trees.
        recursive: bool,
    },
    /// Reads a secret (keys, credentials, `.env`).
    ReadSecret {
        /// The path.
        path: Text,
    },
    /// Sends data over the network.
    Egress {
        /// Secret data leaves the machine.
        secret: bool,
    },
    /// Runs code fetched from the network or decoded from text.
    RunsRemoteCode {
        /// `download` or `decode`.
        source: Text,
    },
    /// A function that calls itself in a pipeline or background: a fork bomb.
    ForkBomb,
    /// A shell served over the network (`nc -e sh`, `bash -i >& /dev/tcp/…`).
    NetworkShell,
    /// The whole project or a home directory leaves the machine.
    Upload {
        /// `project` or `home`.
        what: Text,
    },
}

impl Effect {
    /// The effect's kind as used in policy files.
    pub fn kind(&self) -> &'static str {
        match self {
            Effect::Delete { .. } => "delete",
            Effect::Write { .. } => "write",
            Effect::Chmod { .. } => "chmod",
            Effect::Chown { .. } => "chown",
            Effect::ReadSecret { .. } => "read-secret",
            Effect::Egress { .. } => "egress",
            Effect::RunsRemoteCode { .. } => "runs-remote-code",
            Effect::ForkBomb => "fork-bomb",
            Effect::NetworkShell => "network-shell",
            Effect::Upload { .. } => "upload",
        }
    }

    /// The class of the path the effect touches, where it has one.
    pub fn class(&self) -> Option<PathClass> {
        match self {
            Effect::Delete { class, .. }
            | Effect::Write { class, .. }
            | Effect::Chmod { class, .. }
            | Effect::Chown { class, .. } => Some(*class),
            Effect::ReadSecret { .. } => Some(PathClass::Secret),
            _ => None,
        }
    }

    /// Whether the effect covers whole trees.
    pub fn recursive(&self) -> bool {
        match self {
            Effect::Delete { recursive, .. }
            | Effect::Chmod { recursive, .. }
            | Effect::Chown { recursive, .. } => *recursive,
            _ => false,
        }
    }
}

/// What kind of place a path names; rules match on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathClass {
    /// `/` or everything under it at once (`/*`).
    Root,
    /// A home directory itself, or all of it (`~`, `~/*`, `/home/x`).
    Home,
    /// A path inside a home directory.
    InHome,
    /// System directories (`/etc`, `/usr`, `/bin`, `/var`, `/boot`, …).
    System,
    /// Block and memory devices (`/dev/sda`, `/dev/nvme0n1`, `/dev/mem`).
    Device,
    /// Keys, credentials, `.env` files.
    Secret,
    /// The whole current project (`.`, `*`, `./*`, the cwd itself).
    Project,
    /// Above the project (`..`).
    Parent,
    /// Inside the project (a relative path).
    Relative,
    /// Scratch space (`/tmp/x`, `/var/tmp/x`).
    Temp,
    /// `/dev/null`, `/dev/stdout` and similar harmless sinks.
    Null,
    /// Only known at run time.
    Unknown,
    /// Any other absolute path.
    Elsewhere,
}

impl PathClass {
    /// Parses the kebab-case name used in policy files.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "root" => Self::Root,
            "home" => Self::Home,
            "in-home" => Self::InHome,
            "system" => Self::System,
            "device" => Self::Device,
            "secret" => Self::Secret,
            "project" => Self::Project,
            "parent" => Self::Parent,
            "relative" => Self::Relative,
            "temp" => Self::Temp,
            "null" => Self::Null,
            "unknown" => Self::Unknown,
            "elsewhere" => Self::Elsewhere,
            _ => return None,
        })
    }

    /// The kebab-case name used in policy files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Root => "root",
            Self::Home => "home",
            Self::InHome => "in-home",
            Self::System => "system",
            Self::Device => "device",
            Self::Secret => "secret",
            Self::Project => "project",
            Self::Parent => "parent",
            Self::Relative => "relative",
            Self::Temp => "temp",
            Self::Null => "null",
            Self::Unknown => "unknown",
            Self::Elsewhere => "elsewhere",
        }
    }
}
