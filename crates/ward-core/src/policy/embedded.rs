//! The embedded default policy as `build.rs` compiled it: its settings, each
//! rule's and each program's spec as JSON (compiled when a command first
//! meets it), and its index as statics. Loading it parses only the settings.

use super::compile::{Ids, Index, LazyProgram, List, Prefix, Programs, StrMap};
use std::borrow::Cow;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/default-compiled.rs"));
