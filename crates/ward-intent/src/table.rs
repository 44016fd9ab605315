//! The intent tables, generated at build time from `intents.toml`.

/// How much an intent touches its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Ordinary lookups, no more traffic than normal use.
    Passive,
    /// Probes the targets (scans, requests many paths).
    Active,
    /// Brute force or exploitation; asks for confirmation before running.
    Intrusive,
}

impl Impact {
    /// The level's name as written in `intents.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Passive => "passive",
            Impact::Active => "active",
            Impact::Intrusive => "intrusive",
        }
    }
}

/// Which targets an intent takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Addresses, networks and host names, any number.
    Hosts,
    /// Exactly one address or host name.
    Host,
    /// Exactly one IP address.
    Ip,
    /// Host names only, any number.
    Domain,
    /// Exactly one URL.
    Url,
}

/// Whether an intent takes ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortRule {
    /// No ports.
    None,
    /// A single port.
    One,
    /// A list of ports and ranges.
    List,
}

/// A mode: words that select it and the flags it adds.
#[derive(Debug)]
pub struct ModeDef {
    /// The mode's name.
    pub name: &'static str,
    /// Words and phrases (as word sequences) that select it.
    pub words: &'static [&'static [&'static str]],
    /// Flags added to the command line.
    pub flags: &'static [&'static str],
    /// Modes of one group exclude each other.
    pub group: &'static str,
}

/// An example request and the exact argv it must produce.
#[derive(Debug)]
pub struct ExampleDef {
    /// The request.
    pub request: &'static str,
    /// The expected argv.
    pub argv: &'static [&'static str],
}

/// One intent, as compiled from `intents.toml`.
#[derive(Debug)]
pub struct IntentDef {
    /// Stable identifier, e.g. `port-scan`.
    pub id: &'static str,
    /// The program run.
    pub tool: &'static str,
    /// The Debian package that ships the tool.
    pub package: &'static str,
    /// How much it touches the targets.
    pub impact: Impact,
    /// One line for the user.
    pub explanation: &'static str,
    /// Words and phrases naming the intent (3 points each).
    pub strong: &'static [&'static [&'static str]],
    /// Words and phrases hinting at it (1 point each).
    pub words: &'static [&'static [&'static str]],
    /// Words that rule it out.
    pub unless: &'static [&'static str],
    /// Which targets it takes.
    pub targets: TargetKind,
    /// A URL intent that also accepts a host (as `http://HOST/`).
    pub host_as_url: bool,
    /// Whether it takes ports.
    pub ports: PortRule,
    /// Ports used when none are given.
    pub default_ports: Option<&'static str>,
    /// A user name must be given.
    pub needs_user: bool,
    /// A login service must be given.
    pub needs_service: bool,
    /// The default wordlist; `None` means the intent takes none.
    pub wordlist: Option<&'static str>,
    /// The flag the tool needs for IPv6 targets.
    pub ipv6_flag: Option<&'static str>,
    /// Its modes, in flag order.
    pub modes: &'static [ModeDef],
    /// The argv template.
    pub argv: &'static [&'static str],
    /// Word sets (sorted, filler removed) that select the intent when they are all
    /// a request says: a bare "scan HOST".
    pub bare: &'static [&'static [&'static str]],
    /// What default a bare request gets, for `--explain`.
    pub bare_explanation: Option<&'static str>,
    /// Examples checked by the tests.
    pub examples: &'static [ExampleDef],
}

include!(concat!(env!("OUT_DIR"), "/intents.rs"));

/// Words that name no task (politeness, articles, nouns for the target): a bare
/// request may carry any of them.
pub fn filler() -> &'static [&'static str] {
    FILLER
}

/// Every intent `ward do` knows, in file order.
pub fn intents() -> &'static [IntentDef] {
    INTENTS
}
