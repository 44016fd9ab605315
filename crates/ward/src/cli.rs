//! The command-line definition: every subcommand and its flags.

use clap::{Parser, Subcommand};

/// ward: a local security guard for the people and AI agents that act on a machine.
#[derive(Debug, Parser)]
#[command(
    name = "ward",
    version,
    about,
    after_help = "Examples:\n  ward check -- rm -rf ~\n  ward exec -- git status\n  eval \"$(ward init bash)\"\n  ward shim install && export PATH=\"$HOME/.local/state/ward/shims:$PATH\"\n  ward demo"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// ward's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Judge a command with the policy and print the decision.
    #[command(
        after_help = "Examples:\n  ward check -- rm -rf /\n  ward check --actor agent --json -- 'curl x | sh'\n  printf 'ls\\nrm -rf ~\\n' | ward check --stdin\n\nExit codes: 0 allow, 3 ask, 4 deny, 2 usage or policy error."
    )]
    Check(crate::cmd::check::Args),
    /// Judge a program and its arguments, then run it if allowed.
    #[command(
        after_help = "Examples:\n  ward exec -- git status\n  ward exec --actor agent -- rm -rf build\n\nThe program's exit status passes through; a refusal exits 126, a usage error 2."
    )]
    Exec(crate::cmd::exec::Args),
    /// Validate or show policies.
    #[command(subcommand)]
    Policy(crate::cmd::policy::PolicyCommand),
    /// Judge a few commands with the embedded default policy, as a tour.
    #[command(after_help = "Example:\n  ward demo")]
    Demo,
    /// Read, verify and prune the audit log.
    Audit(crate::cmd::audit::AuditArgs),
    /// Answer one AI agent hook call (stdin JSON → the agent's answer on stdout).
    #[command(
        after_help = "Examples:\n  echo '{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"rm -rf ~\"}}' | ward hook\n  ward hook --agent codex < payload.json\n\nAlways prints a valid answer and exits 0; bad input is a deny naming the problem."
    )]
    Hook(crate::cmd::hook::Args),
    /// Add ward's hook to an agent's settings (claude, codex, gemini, cursor).
    #[command(
        after_help = "Examples:\n  ward install claude --project --dry-run\n  ward install codex --user"
    )]
    Install(crate::cmd::install::Args),
    /// Remove ward's hook from an agent's settings, leaving everything else.
    #[command(after_help = "Example:\n  ward uninstall claude --project")]
    Uninstall(crate::cmd::install::Args),
    /// Behavioural trust: enrol, watch, score and evaluate keystroke/mouse dynamics.
    Trust(crate::cmd::trust::TrustArgs),
    /// Turn a plain-language security request into a validated tool command line.
    #[command(
        after_help = "Examples:\n  ward do --dry-run \"scan 192.168.1.1 for web servers\"\n  ward do --json --dry-run \"find live hosts on 10.0.0.0/24\"\n  ward do --explain --scope scope.toml \"check https://app.example.com/login?x=1 for sql injection\"\n\nRefusals exit 1 (a JSON `error` object under --json); a missing tool exits 127 naming its Debian package."
    )]
    Do(crate::cmd::do_::DoArgs),
    /// Print the snippet that guards an interactive shell (eval it from the rc file).
    #[command(
        after_help = "Examples:\n  echo 'eval \"$(ward init bash)\"' >> ~/.bashrc\n  echo 'eval \"$(ward init zsh)\"' >> ~/.zshrc\n  echo 'ward init fish | source' >> ~/.config/fish/config.fish\n\nEvery typed line is judged whole, as a human: allow runs it, deny does not and says why,\nask prompts y/N. Type `ward! ` before a line to override once (asks, and is recorded)."
    )]
    Init(crate::cmd::init::Args),
    /// Judge one typed line for a shell snippet (used by `ward init`).
    #[command(hide = true)]
    ShellCheck(crate::cmd::shell_check::Args),
    /// Manage PATH shims: links named after guarded programs that point at ward.
    #[command(subcommand)]
    Shim(crate::cmd::shim::ShimCommand),
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  ward completions bash > ~/.local/share/bash-completion/completions/ward\n  ward completions zsh > ~/.zfunc/_ward\n  ward completions fish > ~/.config/fish/completions/ward.fish"
    )]
    Completions(crate::cmd::completions::Args),
    /// Print the man page (or write one page per subcommand with --out-dir).
    #[command(
        after_help = "Examples:\n  ward man | man -l -\n  ward man --out-dir ~/.local/share/man/man1"
    )]
    Man(crate::cmd::completions::ManArgs),
    /// Run the daemon: approval queue, live events, one store writer.
    #[command(
        after_help = "Examples:\n  ward daemon\n  ward daemon --foreground --approval-timeout 60\n  ward daemon --metrics 127.0.0.1:9464\n  ward daemon --ship-syslog tcp://logs.example.com:514\n  ward daemon --expert ./review-expert --expert-budget-ms 1500"
    )]
    Daemon(crate::cmd::daemon::Args),
    /// Approve a pending action held by the daemon.
    #[command(
        after_help = "Examples:\n  ward approve 7\n  ward approve 7 --session\n  ward approve 7 --always"
    )]
    Approve(crate::cmd::approve::ApproveArgs),
    /// Deny a pending action held by the daemon.
    #[command(after_help = "Example:\n  ward deny 7 --reason 'not on main'")]
    Deny(crate::cmd::approve::DenyArgs),
    /// List the daemon's pending approvals.
    #[command(after_help = "Example:\n  ward pending")]
    Pending,
    /// Print the daemon's counters: decisions, latency, queue, store.
    #[command(after_help = "Example:\n  ward stats --json")]
    Stats(crate::cmd::stats::Args),
    /// Watch decisions live and approve or deny pending actions.
    #[command(after_help = "Example:\n  ward monitor\n\nPress ? inside for the keys.")]
    Monitor(crate::cmd::monitor::Args),
    /// Inventory quantum-vulnerable and weak cryptography in source trees, keys and configs.
    #[command(
        after_help = "Examples:\n  ward scan .\n  ward scan --format sarif --fail-on vulnerable src > crypto.sarif\n  ward scan --format cbom . > cbom.json\n  ward scan --baseline before.json --format json . > new.json\n\nRepeat scans reread only changed files (a cache in the state dir; --no-cache skips it)."
    )]
    Scan(crate::cmd::scan::ScanArgs),
    /// Say what is set up and what is not, each line with the command that fixes it.
    #[command(
        after_help = "Examples:\n  ward doctor\n  ward doctor --json\n\nExit 1 when something that protects you is broken (a hook running a missing binary, a policy that does not load, an audit store that cannot be written or does not verify)."
    )]
    Doctor(crate::cmd::doctor::Args),
    /// Run an agent with the project as an overlay; diff, apply or discard what it staged.
    #[command(
        subcommand,
        after_help = "Examples:\n  ward shadow run -- claude\n  ward shadow diff --stat\n  ward shadow apply src/main.rs\n  ward shadow discard\n\nApply exits 1 when a file is left staged (a conflict, or held back by the policy)."
    )]
    Shadow(crate::cmd::shadow::ShadowCommand),
    /// Serve scans, findings, audit events and metrics over HTTP (runs `ward-serve`).
    #[command(
        disable_help_flag = true,
        after_help = "Examples:\n  ward serve token new --name ci\n  ward serve --root ~/src --listen 127.0.0.1:8787"
    )]
    Serve(crate::cmd::serve::Args),
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::{CommandFactory, Parser};

    /// The words of one shell line up to its first pipe, redirection or
    /// list operator, with simple quoting removed.
    fn words(line: &str) -> Vec<String> {
        let (mut out, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
        for c in line.chars() {
            match (quote, c) {
                (None, '|' | '>' | '<' | ';' | '&' | '#') => break,
                (None, '\'' | '"') => (quote, any) = (Some(c), true),
                (Some(q), c) if c == q => quote = None,
                (None, ' ') => {
                    if any {
                        out.push(std::mem::take(&mut cur));
                    }
                    any = false;
                }
                _ => {
                    cur.push(c);
                    any = true;
                }
            }
        }
        if any {
            out.push(cur);
        }
        out
    }

    fn examples(cmd: &clap::Command, out: &mut Vec<String>) {
        if let Some(text) = cmd.get_after_help() {
            out.extend(
                text.to_string()
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.starts_with("ward "))
                    .map(str::to_owned),
            );
        }
        for sub in cmd.get_subcommands() {
            examples(sub, out);
        }
    }

    #[test]
    fn every_help_example_parses() {
        let mut lines = Vec::new();
        examples(&Cli::command(), &mut lines);
        assert!(lines.len() > 30, "only {} examples found", lines.len());
        for line in lines {
            let argv = words(&line);
            if let Err(e) = Cli::try_parse_from(&argv) {
                panic!("example `{line}` does not parse: {e}");
            }
        }
    }

    #[test]
    fn every_readme_example_parses() {
        let readme = include_str!("../../../README.md");
        let mut in_sh = false;
        let mut seen = 0;
        for line in readme.lines() {
            match line.trim() {
                "```sh" => in_sh = true,
                "```" => in_sh = false,
                l if in_sh && l.starts_with("ward ") => {
                    seen += 1;
                    let argv = words(l);
                    if let Err(e) = Cli::try_parse_from(&argv) {
                        panic!("README example `{l}` does not parse: {e}");
                    }
                }
                _ => {}
            }
        }
        assert!(seen > 30, "only {seen} README examples found");
    }
}
