//! Hot paths of ward-core: parse + evaluate, evaluate alone, and evaluation
//! cost as the rule count grows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use ward_core::{Action, Actor, Context, Policy, shell};

include!("common/lines.rs");

fn flow(c: &mut Criterion) {
    let policy = Policy::embedded();
    let ctx = ctx();
    let mut g = c.benchmark_group("flow_parse_and_evaluate");
    for (i, cmd) in FLOW.iter().enumerate() {
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{i:02}:{cmd}")),
            cmd,
            |b, cmd| {
                b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(cmd))), &ctx))
            },
        );
    }
    let long = four_kb_line();
    g.bench_function(format!("4kb_line_{}_bytes", long.len()), |b| {
        b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(&long))), &ctx))
    });
    // 4 KB lines of other shapes: many arguments, a long chain, a here-doc,
    // an inline script, a commit message.
    for (name, line) in four_kb_shapes() {
        g.bench_function(format!("4kb_{name}_{}_bytes", line.len()), |b| {
            b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(&line))), &ctx))
        });
    }
    g.finish();
}

fn ctx() -> Context {
    Context {
        actor: Actor::Agent("bench".into()),
        interactive: false,
        cwd: "/home/u/p".into(),
        home: "/home/u".into(),
        trust: None,
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn parse_and_evaluate(c: &mut Criterion) {
    let policy = Policy::embedded();
    let ctx = ctx();
    let mut g = c.benchmark_group("parse_and_evaluate");
    for (i, cmd) in COMMANDS.iter().enumerate() {
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{i:02}:{cmd}")),
            cmd,
            |b, cmd| {
                b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(cmd))), &ctx))
            },
        );
    }
    g.finish();
}

fn evaluate_only(c: &mut Criterion) {
    let policy = Policy::embedded();
    let ctx = ctx();
    let actions: Vec<Action> = COMMANDS
        .iter()
        .map(|c| Action::Command(shell::parse(c)))
        .collect();
    c.bench_function("evaluate_only/all_20_commands", |b| {
        b.iter(|| {
            for a in &actions {
                black_box(policy.evaluate(black_box(a), &ctx));
            }
        })
    });
    c.bench_function("parse_only/all_20_commands", |b| {
        b.iter(|| {
            for cmd in COMMANDS {
                black_box(shell::parse(black_box(cmd)));
            }
        })
    });
}

/// A policy of `n` rules shaped like real ones: each names a program and a
/// subcommand (a tenth are more `git` subcommands), plus the same five effect
/// rules at every size.
fn synthetic_policy(n: usize) -> Policy {
    let mut text = String::from("[settings]\ndefault = \"allow\"\n");
    for i in 0..5 {
        text.push_str(&format!("[[rule]]\nid = \"e{i}\"\ndecision = \"deny\"\nreason = \"effect {i}\"\neffect = [\"delete\"]\nclass = [\"root\"]\nrecursive = true\nline_re = \"^rm .*{i}\"\n"));
    }
    for i in 5..n.max(5) {
        let body = match i % 10 {
            1 => format!("program = [\"git\"]\nsub = [\"sub{i}\"]"),
            _ => format!("program = [\"tool{i}\"]\nsub = [\"delete\"]\nflags_any = [\"force\"]"),
        };
        text.push_str(&format!(
            "[[rule]]\nid = \"r{i}\"\ndecision = \"deny\"\nreason = \"rule {i}\"\n{body}\n"
        ));
    }
    Policy::from_toml(&text, "<bench>").unwrap()
}

fn rule_count_scaling(c: &mut Criterion) {
    let ctx = ctx();
    let actions: Vec<Action> = [
        "git push origin main",
        "tool5 delete x --force",
        "rm -rf ./build",
        "ls -la",
    ]
    .iter()
    .map(|c| Action::Command(shell::parse(c)))
    .collect();
    let mut g = c.benchmark_group("evaluate_by_rule_count");
    for n in [10usize, 100, 1000] {
        let policy = synthetic_policy(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &policy, |b, p| {
            b.iter(|| {
                for a in &actions {
                    black_box(p.evaluate(black_box(a), &ctx));
                }
            })
        });
    }
    g.finish();
}

/// An ask the policy would give (`rm -rf ./build` for an agent), with no
/// `[[allow_exact]]` entries, and with 1,000 of them (one matching).
fn allow_exact(c: &mut Criterion) {
    use ward_core::policy::exact::append_allow_exact;
    use ward_core::policy::spec::AllowExact;
    let ctx = ctx();
    let mut text = String::new();
    for i in 0..1000 {
        let command = if i == 500 {
            "rm -rf ./build".to_owned()
        } else {
            format!("rm -rf ./build{i}")
        };
        let e = AllowExact {
            command,
            actor: "agent".into(),
        };
        text = append_allow_exact(&text, &e).unwrap();
    }
    let with = Policy::layered(vec![ward_core::Layer {
        origin: "bench".into(),
        text,
    }])
    .unwrap();
    let action = Action::Command(shell::parse("rm -rf ./build"));
    let mut g = c.benchmark_group("allow_exact");
    g.bench_function("ask_without_entries", |b| {
        b.iter(|| black_box(Policy::embedded().evaluate(black_box(&action), &ctx)))
    });
    g.bench_function("ask_loosened_among_1000_entries", |b| {
        b.iter(|| black_box(with.evaluate(black_box(&action), &ctx)))
    });
    g.finish();
}

fn hidden_commands(c: &mut Criterion) {
    let policy = Policy::embedded();
    let ctx = ctx();
    let mut g = c.benchmark_group("hidden_and_options");
    for (i, cmd) in HIDDEN.iter().enumerate() {
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{i:02}:{cmd}")),
            cmd,
            |b, cmd| {
                b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(cmd))), &ctx))
            },
        );
    }
    let long = hidden_line();
    g.bench_function(format!("4kb_line_{}_bytes", long.len()), |b| {
        b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(&long))), &ctx))
    });
    // The same size of line made of the everyday commands, for comparison.
    let plain = plain_line();
    g.bench_function(format!("4kb_line_plain_{}_bytes", plain.len()), |b| {
        b.iter(|| policy.evaluate(&Action::Command(shell::parse(black_box(&plain))), &ctx))
    });
    g.finish();
}

/// Issue 13: the syntax tree alone for the 4 KB lines, the hand parser
/// against tree-sitter-bash (parse and conversion into the same arena).
fn parse_only(c: &mut Criterion) {
    use ward_core::shell::syntax;
    let mut g = c.benchmark_group("parse_only");
    for (name, line) in [("4kb_line", four_kb_line()), ("4kb_hidden", hidden_line())] {
        assert!(syntax::parse_hand(&line).is_some(), "{name}: declined");
        g.bench_function(format!("{name}_{}_bytes/hand", line.len()), |b| {
            b.iter(|| syntax::parse_hand(black_box(&line)))
        });
        g.bench_function(format!("{name}_{}_bytes/tree_sitter", line.len()), |b| {
            b.iter(|| syntax::parse_tree_sitter(black_box(&line)))
        });
    }
    // The 20 everyday commands, one tree each.
    assert!(COMMANDS.iter().all(|c| syntax::parse_hand(c).is_some()));
    g.bench_function("all_20_commands/hand", |b| {
        b.iter(|| {
            for cmd in COMMANDS {
                black_box(syntax::parse_hand(black_box(cmd)));
            }
        })
    });
    g.bench_function("all_20_commands/tree_sitter", |b| {
        b.iter(|| {
            for cmd in COMMANDS {
                black_box(syntax::parse_tree_sitter(black_box(cmd)));
            }
        })
    });
    g.finish();
}

fn load_embedded(c: &mut Criterion) {
    c.bench_function("load/toml_parse_only", |b| {
        b.iter(|| {
            toml::from_str::<ward_core::policy::spec::PolicyFile>(black_box(
                ward_core::policy::DEFAULT_POLICY,
            ))
            .unwrap()
        })
    });
    c.bench_function("load/embedded_default_at_startup", |b| {
        b.iter(Policy::embedded_uncached)
    });
}

criterion_group! { name = benches; config = config(); targets = parse_and_evaluate, flow, evaluate_only, rule_count_scaling, allow_exact, load_embedded, hidden_commands, parse_only }
criterion_main!(benches);
