//! ward-intent: plain-language security requests resolved into one concrete,
//! validated tool command line, with target scope checks.
//!
//! The intents live in `intents.toml`; `build.rs` compiles them into static
//! tables, so nothing is parsed at start-up. A request is tokenised, screened
//! for shell syntax and option injection, its slots (targets, ports, user,
//! service, wordlist) are validated strictly, the intent is chosen by scoring
//! whole words and phrases, and every target is checked against the [`Scope`].
//! The result is an argv vector, never a shell string.
//!
//! Layout:
//! - `table`: the generated intent tables and their types
//! - `token`: shell-syntax screening and tokenising into words and slots
//! - `addr`: strict validators (IPv4/IPv6, CIDR, host names, URLs, ports, users, paths)
//! - `scope`: authorised targets (private ranges plus the scope file)
//! - `resolve`: scoring, choosing the intent, its modes, targets and slots
//! - `render`: filling the argv template
//! - `refusal`: why a request was refused
//! - `quote`: shell quoting for display
//!
//! ```
//! use ward_intent::{Scope, resolve};
//!
//! let r = resolve("find live hosts on 192.168.1.0/24", &Scope::default()).unwrap();
//! assert_eq!(r.argv, ["nmap", "-sn", "192.168.1.0/24"]);
//! assert!(resolve("scan 8.8.8.8 for open ports", &Scope::default()).is_err());
//! ```
#![deny(missing_docs)]

mod addr;
mod quote;
mod refusal;
mod render;
mod resolve;
mod scope;
mod table;
mod token;

pub use addr::{Host, Target};
pub use quote::shell_line;
pub use refusal::{Refusal, RefusalKind};
pub use resolve::{Resolved, resolve};
pub use scope::{Scope, ScopeError};
pub use table::{ExampleDef, Impact, IntentDef, ModeDef, PortRule, TargetKind, intents};
pub use token::MAX_REQUEST;
