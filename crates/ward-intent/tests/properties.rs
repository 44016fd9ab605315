//! Properties of the resolver over arbitrary input: it never panics, never
//! lets shell syntax through, and never emits an argv element from the request
//! that a tool would read as an option.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use ward_intent::{Scope, resolve};

fn scope() -> Scope {
    Scope::parse(
        "domains = [\"*.example.com\"]\ncidrs = [\"0.0.0.0/0\", \"::/0\"]",
        None,
    )
    .unwrap()
}

/// Words the resolver knows, mixed with hostile fragments, to reach deep paths.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "scan",
            "ports",
            "port",
            "udp",
            "os",
            "version",
            "live",
            "hosts",
            "tls",
            "nikto",
            "directories",
            "fuzz",
            "sql",
            "injection",
            "cms",
            "subdomains",
            "mx",
            "dns",
            "reverse",
            "traceroute",
            "shares",
            "brute",
            "force",
            "ssh",
            "user",
            "as",
            "root",
            "wordlist",
            "quick",
            "all",
            "stealth",
            "and",
            "10.0.0.1",
            "fd00::1",
            "10.0.0.0/24",
            "www.example.com",
            "http://10.0.0.1/a?b=1&c=2",
            "22,80",
            "1-1024",
            "/opt/w.txt",
            "-oN",
            "--script=x",
            ";",
            "|",
            "$(id)",
            "`id`",
            "&&",
            ">",
            "8.8.8.8",
            "x.invalid",
        ])
        .prop_map(String::from),
        "\\PC{1,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn resolver_is_total_and_safe(words in prop::collection::vec(word(), 0..10)) {
        let request = words.join(" ");
        if let Ok(r) = resolve(&request, &scope()) {
            prop_assert_eq!(r.argv[0].as_str(), r.intent.tool);
            for bad in [";", "|", "`", "$(", "&&", ">", "<"] {
                prop_assert!(!request.contains(bad), "{bad} slipped through: {request}");
            }
            for arg in &r.argv[1..] {
                prop_assert!(!arg.contains('{'), "unfilled placeholder in {:?}", r.argv);
                if arg.starts_with('-') {
                    let from_template = r.intent.argv.iter().any(|t| t.trim_start_matches('?').split(' ').any(|t| t == arg))
                        || r.intent.modes.iter().any(|m| m.flags.contains(&arg.as_str()))
                        || r.intent.ipv6_flag == Some(arg.as_str());
                    prop_assert!(from_template, "{arg} in {:?} did not come from the template", r.argv);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = resolve(&s, &scope());
    }
}
