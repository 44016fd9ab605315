//! Rendering an intent's argv template with the chosen flags, targets and slots.

use crate::refusal::{Refusal, RefusalKind};
use crate::table::IntentDef;

pub(crate) fn fuzz_url(url: &str) -> Result<String, Refusal> {
    if url.contains("FUZZ") {
        Ok(url.to_owned())
    } else if url.ends_with('/') {
        Ok(format!("{url}FUZZ"))
    } else if !url.contains(['?', '#']) {
        Ok(format!("{url}/FUZZ"))
    } else {
        Err(Refusal::new(
            RefusalKind::Missing,
            format!("mark the fuzzed spot in `{url}` with FUZZ"),
        ))
    }
}

pub(crate) struct Slots<'a> {
    pub(crate) target: Option<&'a str>,
    pub(crate) ports: Option<&'a str>,
    pub(crate) user: Option<&'a str>,
    pub(crate) service: Option<&'a str>,
    pub(crate) wordlist: Option<&'a str>,
    pub(crate) fuzz_url: Option<&'a str>,
}

impl Slots<'_> {
    /// Fills every `{slot}` of `arg`; `None` when a slot is unset.
    fn fill(&self, arg: &str) -> Option<String> {
        let mut out = String::with_capacity(arg.len() + 16);
        let mut rest = arg;
        while let Some(start) = rest.find('{') {
            out.push_str(rest.get(..start)?);
            let tail = rest.get(start..)?;
            let end = tail.find('}')?;
            let value = match tail.get(..=end)? {
                "{target}" => self.target,
                "{ports}" => self.ports,
                "{user}" => self.user,
                "{service}" => self.service,
                "{wordlist}" => self.wordlist,
                "{fuzz_url}" => self.fuzz_url,
                _ => None,
            }?;
            out.push_str(value);
            rest = tail.get(end + 1..)?;
        }
        out.push_str(rest);
        Some(out)
    }
}

pub(crate) fn render(
    intent: &IntentDef,
    flags: &[&str],
    targets: &[String],
    slots: &Slots<'_>,
) -> Result<Vec<String>, Refusal> {
    let mut argv = Vec::with_capacity(intent.argv.len() + flags.len() + targets.len());
    for arg in intent.argv {
        match *arg {
            "{flags}" => argv.extend(flags.iter().map(|f| (*f).to_owned())),
            "{targets}" => argv.extend(targets.iter().cloned()),
            optional if optional.starts_with('?') => {
                let parts: Option<Vec<String>> = optional
                    .get(1..)
                    .unwrap_or_default()
                    .split(' ')
                    .map(|a| slots.fill(a))
                    .collect();
                argv.extend(parts.unwrap_or_default());
            }
            plain => argv.push(slots.fill(plain).ok_or_else(|| {
                Refusal::new(
                    RefusalKind::Missing,
                    format!("`{}` is missing a value for `{plain}`", intent.id),
                )
            })?),
        }
    }
    // INVARIANT: no value taken from the request can be read as an option; the
    // validators already ensure it, this keeps it true if a template changes.
    let template_args: Vec<&str> = intent
        .argv
        .iter()
        .copied()
        .chain(flags.iter().copied())
        .collect();
    for a in argv.iter().skip(1) {
        if a.starts_with('-')
            && !template_args
                .iter()
                .any(|t| t.trim_start_matches('?').split(' ').any(|t| t == a))
        {
            return Err(Refusal::new(
                RefusalKind::OptionInjection,
                format!("`{a}` would be read as an option"),
            ));
        }
    }
    Ok(argv)
}
