//! Strict validators for the slots of a request: addresses, networks, host
//! names, URLs, ports, user names and wordlist paths.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A validated target host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// An IP address.
    Ip(IpAddr),
    /// A network in CIDR notation (address as given, prefix length).
    Net(IpAddr, u8),
    /// A host name, lowercase.
    Name(String),
}

impl Host {
    /// True for IPv6 addresses and networks.
    pub fn is_v6(&self) -> bool {
        matches!(self, Host::Ip(IpAddr::V6(_)) | Host::Net(IpAddr::V6(_), _))
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Net(ip, len) => write!(f, "{ip}/{len}"),
            Host::Name(name) => f.write_str(name),
        }
    }
}

/// A validated target: a host, with the port and URL it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The host.
    pub host: Host,
    /// A port given with the host (`host:port` or in the URL).
    pub port: Option<u16>,
    /// The URL exactly as given (scheme, port, path and query kept).
    pub url: Option<String>,
}

impl Target {
    /// `host` or `host:port` (`[v6]:port`), for tools that take that form.
    pub fn host_port(&self, port: Option<u16>) -> String {
        match (port, &self.host) {
            (Some(p), Host::Ip(IpAddr::V6(ip))) => format!("[{ip}]:{p}"),
            (Some(p), host) => format!("{host}:{p}"),
            (None, host) => host.to_string(),
        }
    }

    /// The URL, or `http(s)://host[:port]/` built from the host.
    pub fn as_url(&self, port: Option<u16>) -> String {
        if let Some(url) = &self.url {
            return url.clone();
        }
        let host = match &self.host {
            Host::Ip(IpAddr::V6(ip)) => format!("[{ip}]"),
            other => other.to_string(),
        };
        match port {
            Some(443) => format!("https://{host}/"),
            Some(80) | None => format!("http://{host}/"),
            Some(p) => format!("http://{host}:{p}/"),
        }
    }
}

/// Parses an IPv4 address (strict dotted quad) or an IPv6 address (brackets allowed).
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    let inner = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(s);
    if inner.contains(':') {
        inner.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        inner.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    }
}

/// Parses `ADDR/LEN`.
pub fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = s.split_once('/')?;
    let ip = parse_ip(addr)?;
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let len: u8 = len.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((ip, len))
}

/// Validates a host name (RFC 1123 labels, a dot and an alphabetic top label,
/// or `localhost`); returns it lowercase.
pub fn parse_hostname(s: &str) -> Option<String> {
    let name = s.strip_suffix('.').unwrap_or(s).to_ascii_lowercase();
    if name == "localhost" {
        return Some(name);
    }
    if name.len() > 253 || !name.contains('.') {
        return None;
    }
    let mut last = "";
    for label in name.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok {
            return None;
        }
        last = label;
    }
    (last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic())).then_some(name)
}

/// Parses a host, optionally `host:port`, as typed in a request.
pub fn parse_host_port(s: &str) -> Option<Target> {
    if let Some(ip) = parse_ip(s) {
        return Some(Target {
            host: Host::Ip(ip),
            port: None,
            url: None,
        });
    }
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.ends_with(']') => (h, Some(parse_port(p)?)),
        _ => (s, None),
    };
    let host = match parse_ip(host) {
        Some(ip) => Host::Ip(ip),
        None => Host::Name(parse_hostname(host)?),
    };
    Some(Target {
        host,
        port,
        url: None,
    })
}

/// Validates an `http`/`https` URL, keeping it exactly as given.
pub fn parse_url(s: &str) -> Option<Target> {
    let (scheme, rest) = s.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    let tail = rest.get(end..)?;
    // A user part (`http://good@evil/`) hides the real host from a reader.
    if authority.contains('@') || authority.is_empty() {
        return None;
    }
    let allowed = |b: u8| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b);
    if !tail.bytes().all(allowed) {
        return None;
    }
    let mut target = parse_host_port(authority)?;
    target.url = Some(s.to_owned());
    Some(target)
}

/// Parses one port number (1–65535, no sign, no leading zero).
pub fn parse_port(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 5 || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u16>().ok().filter(|p| *p > 0)
}

/// Parses a port list: `22`, `22,80,443`, `1-1024`, `22,8000-8100`.
pub fn parse_ports(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for part in s.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse_port(a)?, parse_port(b)?);
                if a > b {
                    return None;
                }
                out.push(format!("{a}-{b}"));
            }
            None => out.push(parse_port(part)?.to_string()),
        }
    }
    Some(out)
}

/// Validates a user name: a letter or `_` first, then letters, digits, `_ . -`.
pub fn parse_user(s: &str) -> Option<String> {
    let mut bytes = s.bytes();
    let first = bytes.next()?;
    let ok = (first.is_ascii_alphabetic() || first == b'_')
        && s.len() <= 64
        && bytes.all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    ok.then(|| s.to_owned())
}

/// Validates a wordlist path: absolute or relative (`./`, `../`, or a plain
/// file name), made of ordinary file-name characters.
pub fn parse_path(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && s.len() <= 4096
        && !s.starts_with('-')
        && !s.starts_with('~')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_./+-".contains(&b));
    ok.then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("10.0.0.1", true)]
    #[case("[::1]", true)]
    #[case("fe80::1", true)]
    #[case("010.0.0.1", false)]
    #[case("256.0.0.1", false)]
    #[case("1.2.3", false)]
    #[case("fe80::1%eth0", false)]
    fn ips(#[case] s: &str, #[case] ok: bool) {
        assert_eq!(parse_ip(s).is_some(), ok, "{s}");
    }

    #[rstest]
    #[case("10.0.0.0/8", true)]
    #[case("fd00::/64", true)]
    #[case("10.0.0.0/33", false)]
    #[case("10.0.0.0/", false)]
    #[case("10.0.0.0/+8", false)]
    fn cidrs(#[case] s: &str, #[case] ok: bool) {
        assert_eq!(parse_cidr(s).is_some(), ok, "{s}");
    }

    #[rstest]
    #[case("Example.COM", Some("example.com"))]
    #[case("localhost", Some("localhost"))]
    #[case("a-b.example.org.", Some("a-b.example.org"))]
    #[case("-a.example.com", None)]
    #[case("example.c0m", None)]
    #[case("e.g", None)]
    #[case("exa_mple.com", None)]
    fn hostnames(#[case] s: &str, #[case] want: Option<&str>) {
        assert_eq!(parse_hostname(s).as_deref(), want);
    }

    #[rstest]
    #[case("http://10.0.0.1:8080/a/b?x=1&y=2", true)]
    #[case("HTTPS://[fd00::1]:8443/", true)]
    #[case("http://user@evil.example.com/", false)]
    #[case("ftp://10.0.0.1/", false)]
    #[case("http://10.0.0.1:0/", false)]
    #[case("http://10.0.0.1:99999/", false)]
    #[case("http:///path", false)]
    #[case("http://10.0.0.1/{x}", false)]
    fn urls(#[case] s: &str, #[case] ok: bool) {
        assert_eq!(parse_url(s).is_some(), ok, "{s}");
    }

    #[rstest]
    #[case("22", Some(vec!["22"]))]
    #[case("22,80,1-1024", Some(vec!["22", "80", "1-1024"]))]
    #[case("0", None)]
    #[case("65536", None)]
    #[case("90-80", None)]
    #[case("022", None)]
    #[case("22,", None)]
    fn ports(#[case] s: &str, #[case] want: Option<Vec<&str>>) {
        let want = want.map(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(parse_ports(s), want);
    }

    proptest::proptest! {
        #[test]
        fn validators_never_panic(s in "\\PC{0,40}") {
            let _ = parse_url(&s);
            let _ = parse_host_port(&s);
            let _ = parse_cidr(&s);
            let _ = parse_ports(&s);
        }

        #[test]
        fn valid_ports_round_trip(p in 1u16..=65535) {
            proptest::prop_assert_eq!(parse_port(&p.to_string()), Some(p));
        }
    }
}
