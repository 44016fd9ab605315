//! A small Makefile reader for [`crate::script`]: rules, prerequisites, tab
//! recipes (`@`, `-`, `+` prefixes dropped), simple `VAR = value` variables.
//! One file, no includes, no pattern rules: what `make TARGET` would run,
//! as far as words show it.

use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct MakeRule {
    pub(crate) prereqs: Vec<String>,
    /// (1-based line, recipe text)
    pub(crate) recipe: Vec<(usize, String)>,
}

#[derive(Default)]
pub(crate) struct Makefile {
    pub(crate) rules: HashMap<String, MakeRule>,
    vars: HashMap<String, String>,
    pub(crate) default: Option<String>,
}

impl Makefile {
    pub(crate) fn parse(text: &str) -> Self {
        let mut mf = Makefile::default();
        let mut current: Vec<String> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(recipe) = line.strip_prefix('\t') {
                let r = recipe.trim_start_matches(['@', '-', '+']).to_owned();
                for t in &current {
                    mf.rules
                        .entry(t.clone())
                        .or_default()
                        .recipe
                        .push((i + 1, r.clone()));
                }
                continue;
            }
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some((name, value)) = trimmed.split_once('=')
                && !name.contains(':')
            {
                let name = name.trim_end_matches([':', '?', '+', '!']).trim();
                mf.vars.insert(name.to_owned(), value.trim().to_owned());
                current.clear();
                continue;
            }
            if let Some((lhs, rhs)) = trimmed.split_once(':') {
                let rhs = rhs.trim_start_matches(':');
                let (prereqs, inline) = match rhs.split_once(';') {
                    Some((p, r)) => (p, Some(r.trim())),
                    None => (rhs, None),
                };
                current = lhs.split_whitespace().map(str::to_owned).collect();
                for t in &current {
                    if mf.default.is_none() && !t.starts_with('.') && !t.contains('%') {
                        mf.default = Some(t.clone());
                    }
                    let r = mf.rules.entry(t.clone()).or_default();
                    r.prereqs
                        .extend(prereqs.split_whitespace().map(str::to_owned));
                    if let Some(inline) = inline.filter(|s| !s.is_empty()) {
                        r.recipe.push((i + 1, inline.to_owned()));
                    }
                }
                continue;
            }
            current.clear();
        }
        mf
    }

    /// `$(VAR)` / `${VAR}` of simple variables, `$$` → `$`; one level deep.
    pub(crate) fn expand(&self, recipe: &str) -> String {
        let mut out = recipe.to_owned();
        for (k, v) in &self.vars {
            out = out
                .replace(&format!("$({k})"), v)
                .replace(&format!("${{{k}}}"), v);
        }
        out.replace("$$", "$")
    }
}
