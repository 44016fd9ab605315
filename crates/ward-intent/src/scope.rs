//! The authorised targets: private, loopback and link-local addresses always,
//! plus what a scope file lists.
//!
//! ```toml
//! addresses = ["203.0.113.7"]
//! cidrs = ["198.51.100.0/24"]
//! domains = ["example.com", "*.example.org"]   # `*.` = the domain and its subdomains
//! ```

use crate::addr::{Host, parse_cidr, parse_hostname, parse_ip};
use serde::Deserialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A scope file that could not be loaded.
#[derive(Debug, Error)]
pub enum ScopeError {
    /// The file could not be read.
    #[error("cannot read scope file `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid scope TOML.
    #[error("scope file `{path}` is invalid: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    #[serde(default)]
    addresses: Vec<String>,
    #[serde(default)]
    cidrs: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
}

/// The targets `ward do` may act on.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    nets: Vec<(IpAddr, u8)>,
    // (name, also its subdomains)
    domains: Vec<(String, bool)>,
    path: Option<PathBuf>,
}

impl Scope {
    /// The default scope file: `$XDG_CONFIG_HOME/ward/scope.toml`, else
    /// `~/.config/ward/scope.toml`.
    pub fn default_path() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(base.join("ward").join("scope.toml"))
    }

    /// Loads a scope file.
    pub fn load(path: &Path) -> Result<Scope, ScopeError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScopeError::Read {
            path: path.to_owned(),
            source,
        })?;
        Scope::parse(&text, Some(path))
    }

    /// Loads the default scope file; a missing file is an empty scope.
    pub fn load_default() -> Result<Scope, ScopeError> {
        match Scope::default_path() {
            Some(path) if path.exists() => Scope::load(&path),
            path => Ok(Scope {
                path,
                ..Scope::default()
            }),
        }
    }

    /// Parses scope TOML; `path` is only used in messages.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<Scope, ScopeError> {
        let at = path.map(Path::to_path_buf).unwrap_or_default();
        let bad = |message: String| ScopeError::Parse {
            path: at.clone(),
            message,
        };
        let file: ScopeFile = toml::from_str(text).map_err(|e| bad(e.message().to_owned()))?;
        let mut scope = Scope {
            path: path.map(Path::to_path_buf),
            ..Scope::default()
        };
        for a in &file.addresses {
            let ip = parse_ip(a).ok_or_else(|| bad(format!("`{a}` is not an IP address")))?;
            scope.nets.push((ip, if ip.is_ipv4() { 32 } else { 128 }));
        }
        for c in &file.cidrs {
            let net = parse_cidr(c).ok_or_else(|| bad(format!("`{c}` is not a CIDR network")))?;
            scope.nets.push(net);
        }
        for d in &file.domains {
            let (name, subs) = match d.strip_prefix("*.") {
                Some(rest) => (rest, true),
                None => (d.as_str(), false),
            };
            let name = parse_hostname(name).ok_or_else(|| bad(format!("`{d}` is not a domain")))?;
            scope.domains.push((name, subs));
        }
        Ok(scope)
    }

    /// The file to edit to authorise more targets, for messages.
    pub fn file_hint(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "~/.config/ward/scope.toml".into(),
        }
    }

    /// True when the host is authorised.
    pub fn allows(&self, host: &Host) -> bool {
        match host {
            Host::Ip(ip) => {
                let len = if ip.is_ipv4() { 32 } else { 128 };
                is_local(*ip, len) || self.nets.iter().any(|n| net_within(*ip, len, *n))
            }
            Host::Net(ip, len) => {
                is_local(*ip, *len) || self.nets.iter().any(|n| net_within(*ip, *len, *n))
            }
            Host::Name(name) => {
                name == "localhost"
                    || self.domains.iter().any(|(d, subs)| {
                        name == d
                            || (*subs
                                && name.len() > d.len()
                                && name.ends_with(d.as_str())
                                && name.as_bytes().get(name.len() - d.len() - 1) == Some(&b'.'))
                    })
            }
        }
    }
}

const LOCAL_V4: &[([u8; 4], u8)] = &[
    ([10, 0, 0, 0], 8),
    ([172, 16, 0, 0], 12),
    ([192, 168, 0, 0], 16),
    ([127, 0, 0, 0], 8),
    ([169, 254, 0, 0], 16),
];

/// Private, loopback or link-local: in scope without a scope file.
fn is_local(ip: IpAddr, len: u8) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) if len >= 96 => return is_local(IpAddr::V4(v4), len - 96),
            _ => IpAddr::V6(v6),
        },
        v4 => v4,
    };
    match ip {
        IpAddr::V4(_) => LOCAL_V4
            .iter()
            .any(|(net, l)| net_within(ip, len, (IpAddr::from(*net), *l))),
        IpAddr::V6(_) => [("::1", 128u8), ("fe80::", 10), ("fc00::", 7)]
            .iter()
            .filter_map(|(n, l)| n.parse::<IpAddr>().ok().map(|n| (n, *l)))
            .any(|net| net_within(ip, len, net)),
    }
}

/// True when network `ip/len` lies inside network `outer`.
fn net_within(ip: IpAddr, len: u8, outer: (IpAddr, u8)) -> bool {
    let (net, outer_len) = outer;
    if len < outer_len {
        return false;
    }
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(outer_len)).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(outer_len))
                .unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn scope() -> Scope {
        let text = r#"
            addresses = ["203.0.113.7"]
            cidrs = ["198.51.100.0/24", "2001:db8::/32"]
            domains = ["example.com", "*.example.org"]
        "#;
        Scope::parse(text, None).unwrap()
    }

    #[rstest]
    #[case(Host::Ip("10.1.2.3".parse().unwrap()), true)]
    #[case(Host::Ip("172.31.255.255".parse().unwrap()), true)]
    #[case(Host::Ip("172.32.0.1".parse().unwrap()), false)]
    #[case(Host::Ip("8.8.8.8".parse().unwrap()), false)]
    #[case(Host::Ip("203.0.113.7".parse().unwrap()), true)]
    #[case(Host::Ip("203.0.113.8".parse().unwrap()), false)]
    #[case(Host::Ip("::ffff:192.168.1.1".parse().unwrap()), true)]
    #[case(Host::Ip("fe80::1".parse().unwrap()), true)]
    #[case(Host::Ip("2001:db8::1".parse().unwrap()), true)]
    #[case(Host::Ip("2001:db9::1".parse().unwrap()), false)]
    #[case(Host::Net("10.0.0.0".parse().unwrap(), 8), true)]
    #[case(Host::Net("10.0.0.0".parse().unwrap(), 7), false)]
    #[case(Host::Net("0.0.0.0".parse().unwrap(), 0), false)]
    #[case(Host::Net("198.51.100.128".parse().unwrap(), 25), true)]
    #[case(Host::Name("example.com".into()), true)]
    #[case(Host::Name("www.example.com".into()), false)]
    #[case(Host::Name("example.org".into()), true)]
    #[case(Host::Name("a.b.example.org".into()), true)]
    #[case(Host::Name("badexample.org".into()), false)]
    #[case(Host::Name("localhost".into()), true)]
    fn scope_checks(#[case] host: Host, #[case] allowed: bool) {
        assert_eq!(scope().allows(&host), allowed, "{host}");
    }

    #[test]
    fn bad_scope_entries_are_errors() {
        assert!(Scope::parse("addresses = [\"10.0.0\"]", None).is_err());
        assert!(Scope::parse("domains = [\"-x.com\"]", None).is_err());
        assert!(Scope::parse("hosts = []", None).is_err());
    }
}
