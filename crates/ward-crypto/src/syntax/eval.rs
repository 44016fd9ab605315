//! The resolver: what values an expression can have, following names to their bindings,
//! functions to their returns, parameters to their call sites, containers to their elements.
//! Every value a branch or loop can give is kept (up to a cap), each with its trail: the lines
//! the value came through.

use super::ir::{Call, Expr, Facts, Func, Scope, dotted};
use std::cell::Cell;
use std::collections::HashMap;

/// How deep names, returns and call sites are followed.
const DEPTH: u8 = 10;
/// At most this many values per expression: a table of curves is reported whole, a
/// combinatorial explosion is not.
const MAX_VALUES: usize = 16;
/// Steps one question (one argument, one callee) may take.
const BUDGET: u32 = 512;

/// One value an expression can have.
#[derive(Debug, Clone)]
pub(crate) enum Val<'f> {
    Int(u32),
    Str(String),
    /// A module, class, function or constant not defined in the file (`crypto.elliptic.P256`).
    Sym(String),
    /// What calling something not defined in the file gives: the callee's path and the call.
    Obj(String, &'f Call),
    Seq(&'f [Expr], Scope),
    Map(&'f [(Expr, Expr)], Scope),
    /// `dict.items()`: each element is a (key, value) pair.
    Items(&'f [(Expr, Expr)], Scope),
    Pair(&'f Expr, &'f Expr, Scope),
    /// `dict.values()`.
    Values(&'f [(Expr, Expr)], Scope),
}

/// A value and the lines it came through (nearest last).
#[derive(Debug, Clone)]
pub(crate) struct V<'f> {
    pub val: Val<'f>,
    pub trail: Vec<u32>,
}

impl<'f> V<'f> {
    fn new(val: Val<'f>) -> Self {
        Self {
            val,
            trail: Vec::new(),
        }
    }

    fn via(mut self, line: u32) -> Self {
        if !self.trail.contains(&line) {
            self.trail.insert(0, line);
        }
        self
    }

    /// The dotted path of a symbol or of the callee that made an object.
    pub fn path(&self) -> Option<&str> {
        match &self.val {
            Val::Sym(p) | Val::Obj(p, _) => Some(p),
            _ => None,
        }
    }
}

pub(crate) struct Resolver<'f> {
    pub facts: &'f Facts,
    /// Function scope → (name, function).
    by_scope: HashMap<Scope, (&'f str, &'f Func)>,
    /// Calls by the last name of their callee (`f(…)`, `x.f(…)`): a parameter's call sites.
    by_name: HashMap<&'f str, Vec<&'f Call>>,
    /// Steps left for the current question: a file that rebinds a name thousands of times
    /// (`x = x + 1`) must not make the search exponential.
    budget: Cell<u32>,
}

impl<'f> Resolver<'f> {
    pub fn new(facts: &'f Facts) -> Self {
        let mut by_scope = HashMap::new();
        for (name, fs) in &facts.funcs {
            for f in fs {
                by_scope.insert(f.scope, (name.as_str(), f));
            }
        }
        let mut by_name: HashMap<&'f str, Vec<&'f Call>> = HashMap::new();
        for c in &facts.calls {
            if let Expr::Name(n) | Expr::Attr(_, n) = &c.callee {
                by_name.entry(n.as_str()).or_default().push(c);
            }
        }
        Self {
            facts,
            by_scope,
            by_name,
            budget: Cell::new(BUDGET),
        }
    }

    /// Every value of `e` written in `scope`.
    pub fn eval(&self, e: &'f Expr, scope: Scope) -> Vec<V<'f>> {
        self.budget.set(BUDGET);
        let mut out = self.ev(e, scope, 0);
        out.truncate(MAX_VALUES);
        out
    }

    /// A value's names: a string, the last name of a symbol (`SigningMethodRS256` → `RS256`),
    /// or those of a list's elements.
    pub fn flatten(&self, v: V<'f>) -> Vec<(String, Vec<u32>)> {
        match v.val {
            Val::Str(s) => vec![(s, v.trail)],
            Val::Sym(p) | Val::Obj(p, _) => {
                let last = p.rsplit('.').next().unwrap_or(&p);
                let name = last.strip_prefix("SigningMethod").unwrap_or(last);
                vec![(name.to_owned(), v.trail)]
            }
            Val::Seq(xs, s) => xs
                .iter()
                .flat_map(|x| self.ev(x, s, 1))
                .flat_map(|x| match x.val {
                    Val::Str(s) => Some((s, x.trail)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The dotted paths a callee can name (a fresh question).
    pub fn callee_paths(&self, e: &'f Expr, scope: Scope) -> Vec<(String, Vec<u32>)> {
        self.budget.set(BUDGET);
        self.paths(e, scope, 0)
    }

    fn ev(&self, e: &'f Expr, scope: Scope, depth: u8) -> Vec<V<'f>> {
        // Every call costs a step, also the ones cut by depth: a step is the unit of work.
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        if depth > DEPTH || left == 0 {
            return Vec::new();
        }
        let d = depth + 1;
        let mut out = match e {
            Expr::Int(n) => vec![V::new(Val::Int(*n))],
            Expr::Str(s) => vec![V::new(Val::Str(s.clone()))],
            Expr::Name(n) => self.name(n, scope, d),
            Expr::Attr(base, a) => self.attr(base, a, scope, d),
            Expr::Call(c) => self.call(c, d),
            Expr::Seq(items) => vec![V::new(Val::Seq(items, scope))],
            Expr::Map(pairs) => vec![V::new(Val::Map(pairs, scope))],
            Expr::Index(base, i) => self.index(base, i, scope, d),
            Expr::Each(x, values) => self.each(x, *values, scope, d),
            Expr::Concat(parts) => self.concat(parts, scope, d),
            Expr::Arith(a, b, shift) => {
                let mut v = Vec::new();
                for x in self.ev(a, scope, d) {
                    for y in self.ev(b, scope, d) {
                        if let (Val::Int(p), Val::Int(q)) = (&x.val, &y.val) {
                            let n = if *shift {
                                p.checked_shl(*q)
                            } else {
                                p.checked_mul(*q)
                            };
                            if let Some(n) = n {
                                let mut t = x.trail.clone();
                                t.extend(y.trail.iter().copied());
                                v.push(V {
                                    val: Val::Int(n),
                                    trail: t,
                                });
                            }
                        }
                    }
                }
                v
            }
            Expr::Either(xs) => xs.iter().flat_map(|x| self.ev(x, scope, d)).collect(),
            Expr::Unknown => Vec::new(),
        };
        out.truncate(MAX_VALUES);
        out
    }

    fn name(&self, n: &str, scope: Scope, d: u8) -> Vec<V<'f>> {
        let f = self.facts;
        let bound = |s: Scope| -> Vec<V<'f>> {
            f.names
                .get(n)
                .into_iter()
                .flatten()
                .filter(|b| b.scope == s)
                .take_while(|_| self.budget.get() > 0)
                .flat_map(|b| {
                    self.ev(&b.value, b.scope, d)
                        .into_iter()
                        .map(move |v| v.via(b.line))
                })
                .collect()
        };
        let local = bound(scope);
        if !local.is_empty() {
            return local;
        }
        if scope != 0 {
            let p = self.param(n, scope, d);
            if !p.is_empty() {
                return p;
            }
            let m = bound(0);
            if !m.is_empty() {
                return m;
            }
        }
        if let Some(bs) = f.attrs.get(n) {
            let v: Vec<V<'f>> = bs
                .iter()
                .take_while(|_| self.budget.get() > 0)
                .flat_map(|b| {
                    self.ev(&b.value, b.scope, d)
                        .into_iter()
                        .map(move |v| v.via(b.line))
                })
                .collect();
            if !v.is_empty() {
                return v;
            }
        }
        if let Some(q) = f.imports.get(n) {
            return vec![V::new(Val::Sym(q.clone()))];
        }
        if f.funcs.contains_key(n) || f.names.contains_key(n) {
            return Vec::new();
        }
        vec![V::new(Val::Sym(n.to_owned()))]
    }

    /// The values a parameter of the function of `scope` is given at its call sites (or its
    /// default).
    fn param(&self, n: &str, scope: Scope, d: u8) -> Vec<V<'f>> {
        let Some((fname, func)) = self.by_scope.get(&scope) else {
            return Vec::new();
        };
        let Some(pi) = func.params.iter().position(|(p, _)| p == n) else {
            return Vec::new();
        };
        let selfish = func
            .params
            .first()
            .is_some_and(|(p, _)| p == "self" || p == "cls");
        let mut out = Vec::new();
        for c in self.by_name.get(fname).into_iter().flatten() {
            let method = matches!(&c.callee, Expr::Attr(..));
            let off = usize::from(selfish && method);
            let arg = c
                .args
                .iter()
                .find(|a| a.name.as_deref() == Some(n))
                .or_else(|| {
                    pi.checked_sub(off)
                        .and_then(|i| c.args.iter().filter(|a| a.name.is_none()).nth(i))
                });
            let value = arg.map(|a| (&a.value, c.scope)).or_else(|| {
                func.params
                    .get(pi)
                    .and_then(|(_, def)| def.as_ref())
                    .map(|e| (e, 0))
            });
            if let Some((e, s)) = value {
                out.extend(self.ev(e, s, d).into_iter().map(|v| v.via(c.line)));
            }
        }
        if out.is_empty()
            && let Some((_, Some(def))) = func.params.get(pi)
        {
            out = self.ev(def, 0, d);
        }
        out
    }

    fn attr(&self, base: &'f Expr, a: &str, scope: Scope, d: u8) -> Vec<V<'f>> {
        let f = self.facts;
        // `self.x`, `this.x`, `Config.X`, `cfg.curve`: an attribute the file assigns.
        let head_import = dotted(base)
            .and_then(|p| p.split('.').next().map(str::to_owned))
            .is_some_and(|h| f.imports.contains_key(&h));
        if !head_import && let Some(bs) = f.attrs.get(a) {
            let v: Vec<V<'f>> = bs
                .iter()
                .take_while(|_| self.budget.get() > 0)
                .flat_map(|b| {
                    self.ev(&b.value, b.scope, d)
                        .into_iter()
                        .map(move |v| v.via(b.line))
                })
                .collect();
            if !v.is_empty() {
                return v;
            }
        }
        self.ev(base, scope, d)
            .into_iter()
            .filter_map(|v| {
                let p = v.path()?.to_owned();
                Some(V {
                    val: Val::Sym(format!("{p}.{a}")),
                    trail: v.trail,
                })
            })
            .collect()
    }

    fn call(&self, c: &'f Call, d: u8) -> Vec<V<'f>> {
        let f = self.facts;
        let scope = c.scope;
        // A function of this file: its return values.
        // A method of this file (`self.f()`, `o.bits()` on a Go receiver), unless the base is
        // an imported module.
        let local = match &c.callee {
            Expr::Name(n) => Some(n),
            Expr::Attr(b, n) => {
                let head = dotted(b).and_then(|p| p.split('.').next().map(str::to_owned));
                match head {
                    Some(h) if f.imports.contains_key(&h) => None,
                    _ => Some(n),
                }
            }
            _ => None,
        };
        if let Some(fs) = local.and_then(|n| f.funcs.get(n)) {
            return fs
                .iter()
                .flat_map(|func| {
                    func.returns.iter().flat_map(move |(r, line)| {
                        self.ev(r, func.scope, d)
                            .into_iter()
                            .map(move |v| v.via(*line))
                    })
                })
                .collect();
        }
        if let Expr::Attr(base, m) = &c.callee {
            if let Some(p) = dotted(&c.callee)
                && (p == "String.format" || p.ends_with("fmt.Sprintf") || p == "fmt.Sprintf")
                && let Some((first, rest)) = c.args.split_first()
            {
                return self.format_args(&first.value, rest, scope, d);
            }
            match m.as_str() {
                "format" | "formatted" => {
                    return self.format(base, &c.args, scope, d, '{');
                }
                "upper" | "lower" | "toUpperCase" | "toLowerCase" | "strip" | "trim" => {
                    let up = m == "upper" || m == "toUpperCase";
                    let low = m == "lower" || m == "toLowerCase";
                    return self
                        .ev(base, scope, d)
                        .into_iter()
                        .filter_map(|v| match v.val {
                            Val::Str(s) => Some(V {
                                val: Val::Str(if up {
                                    s.to_ascii_uppercase()
                                } else if low {
                                    s.to_ascii_lowercase()
                                } else {
                                    s.trim().to_owned()
                                }),
                                trail: v.trail,
                            }),
                            _ => None,
                        })
                        .collect();
                }
                "items" | "values" => {
                    return self
                        .ev(base, scope, d)
                        .into_iter()
                        .filter_map(|v| match v.val {
                            Val::Map(p, s) if m == "items" => Some(V {
                                val: Val::Items(p, s),
                                trail: v.trail,
                            }),
                            Val::Map(p, s) => Some(V {
                                val: Val::Values(p, s),
                                trail: v.trail,
                            }),
                            _ => None,
                        })
                        .collect();
                }
                _ => {}
            }
        }
        self.paths(&c.callee, scope, d)
            .into_iter()
            .map(|(p, t)| V {
                val: Val::Obj(p, c),
                trail: t,
            })
            .collect()
    }

    /// The dotted paths a callee can name: through imports, or the value of a variable.
    fn paths(&self, e: &'f Expr, scope: Scope, d: u8) -> Vec<(String, Vec<u32>)> {
        let f = self.facts;
        match e {
            Expr::Name(n) => {
                if let Some(q) = f.imports.get(n) {
                    return vec![(q.clone(), Vec::new())];
                }
                if f.names.contains_key(n) {
                    return self
                        .ev(e, scope, d)
                        .into_iter()
                        .filter_map(|v| v.path().map(|p| (p.to_owned(), v.trail.clone())))
                        .collect();
                }
                let mut v = vec![(n.clone(), Vec::new())];
                v.extend(f.stars.iter().map(|s| (format!("{s}.{n}"), Vec::new())));
                v
            }
            Expr::Attr(b, a) => {
                let plain = dotted(b).is_some_and(|p| {
                    let h = p.split('.').next().unwrap_or("");
                    !f.names.contains_key(h) && !f.attrs.contains_key(a.as_str())
                        || f.imports.contains_key(h)
                });
                if plain {
                    return self
                        .paths(b, scope, d)
                        .into_iter()
                        .map(|(p, t)| (format!("{p}.{a}"), t))
                        .collect();
                }
                self.ev(e, scope, d)
                    .into_iter()
                    .filter_map(|v| v.path().map(|p| (p.to_owned(), v.trail.clone())))
                    .collect()
            }
            _ => self
                .ev(e, scope, d)
                .into_iter()
                .filter_map(|v| v.path().map(|p| (p.to_owned(), v.trail.clone())))
                .collect(),
        }
    }

    fn index(&self, base: &'f Expr, i: &'f Expr, scope: Scope, d: u8) -> Vec<V<'f>> {
        let keys = self.ev(i, scope, d);
        let mut out = Vec::new();
        for b in self.ev(base, scope, d) {
            let items: Vec<(&'f Expr, Scope)> = match b.val {
                Val::Seq(xs, s) => match keys.first().map(|k| &k.val) {
                    Some(Val::Int(k)) => xs
                        .get(usize::try_from(*k).unwrap_or(usize::MAX))
                        .map(|x| (x, s))
                        .into_iter()
                        .collect(),
                    _ => xs.iter().map(|x| (x, s)).collect(),
                },
                Val::Map(ps, s) => {
                    let want: Vec<&str> = keys
                        .iter()
                        .filter_map(|k| match &k.val {
                            Val::Str(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect();
                    let hit: Vec<(&'f Expr, Scope)> = ps
                        .iter()
                        .filter(|(k, _)| matches!(k, Expr::Str(s) if want.contains(&s.as_str())))
                        .map(|(_, v)| (v, s))
                        .collect();
                    if hit.is_empty() {
                        ps.iter().map(|(_, v)| (v, s)).collect()
                    } else {
                        hit
                    }
                }
                Val::Pair(k, v, s) => match keys.first().map(|k| &k.val) {
                    Some(Val::Int(0)) => vec![(k, s)],
                    _ => vec![(v, s)],
                },
                _ => Vec::new(),
            };
            for (x, s) in items {
                out.extend(self.ev(x, s, d).into_iter().map(|v| {
                    let mut t = b.trail.clone();
                    t.extend(v.trail);
                    V {
                        val: v.val,
                        trail: t,
                    }
                }));
            }
        }
        out
    }

    fn each(&self, x: &'f Expr, values: bool, scope: Scope, d: u8) -> Vec<V<'f>> {
        let mut out = Vec::new();
        for b in self.ev(x, scope, d) {
            let vs: Vec<V<'f>> = match b.val {
                Val::Seq(xs, s) => xs.iter().flat_map(|x| self.ev(x, s, d)).collect(),
                Val::Map(ps, s) => ps
                    .iter()
                    .flat_map(|(k, v)| self.ev(if values { v } else { k }, s, d))
                    .collect(),
                Val::Items(ps, s) => ps.iter().map(|(k, v)| V::new(Val::Pair(k, v, s))).collect(),
                Val::Values(ps, s) => ps.iter().flat_map(|(_, v)| self.ev(v, s, d)).collect(),
                _ => Vec::new(),
            };
            out.extend(vs.into_iter().map(|v| {
                let mut t = b.trail.clone();
                t.extend(v.trail);
                V {
                    val: v.val,
                    trail: t,
                }
            }));
        }
        out
    }

    fn concat(&self, parts: &'f [Expr], scope: Scope, d: u8) -> Vec<V<'f>> {
        let mut acc: Vec<(Option<String>, u64, Vec<u32>)> = vec![(None, 0, Vec::new())];
        for p in parts {
            let vs = self.ev(p, scope, d);
            if vs.is_empty() {
                return Vec::new();
            }
            let mut next = Vec::new();
            for (s, n, t) in &acc {
                for v in &vs {
                    let mut t2 = t.clone();
                    t2.extend(v.trail.iter().copied());
                    match (&v.val, s) {
                        (Val::Int(k), None) => next.push((None, n + u64::from(*k), t2)),
                        (Val::Int(k), Some(s)) => next.push((Some(format!("{s}{k}")), 0, t2)),
                        (Val::Str(x), None) if *n == 0 => next.push((Some(x.clone()), 0, t2)),
                        (Val::Str(x), None) => next.push((Some(format!("{n}{x}")), 0, t2)),
                        (Val::Str(x), Some(s)) => next.push((Some(format!("{s}{x}")), 0, t2)),
                        _ => {}
                    }
                }
            }
            next.truncate(MAX_VALUES);
            acc = next;
        }
        acc.into_iter()
            .filter_map(|(s, n, t)| {
                let val = match s {
                    Some(s) => Val::Str(s),
                    None => Val::Int(u32::try_from(n).ok()?),
                };
                Some(V { val, trail: t })
            })
            .collect()
    }

    /// `"{}withRSA".format(h)` / `f"…"` already lowered to a concatenation.
    fn format(
        &self,
        base: &'f Expr,
        args: &'f [super::ir::Arg],
        scope: Scope,
        d: u8,
        _open: char,
    ) -> Vec<V<'f>> {
        let mut out = Vec::new();
        for b in self.ev(base, scope, d) {
            let Val::Str(fmt) = &b.val else { continue };
            out.extend(self.fill(fmt, &b.trail, args, scope, d, |s| {
                // `{}`, `{0}`, `{name}` placeholders.
                let start = s.find('{')?;
                let end = start + s.get(start..)?.find('}')?;
                Some((
                    start,
                    end + 1,
                    s.get(start + 1..end).unwrap_or("").to_owned(),
                ))
            }));
        }
        out
    }

    /// `String.format("%swithRSA", h)`, `fmt.Sprintf(…)`.
    fn format_args(
        &self,
        fmt: &'f Expr,
        args: &'f [super::ir::Arg],
        scope: Scope,
        d: u8,
    ) -> Vec<V<'f>> {
        let mut out = Vec::new();
        for b in self.ev(fmt, scope, d) {
            let Val::Str(f) = &b.val else { continue };
            out.extend(self.fill(f, &b.trail, args, scope, d, |s| {
                let start = s.find('%')?;
                let len = s
                    .get(start + 1..)?
                    .find(|c: char| c.is_ascii_alphabetic())?
                    + 2;
                Some((start, start + len, String::new()))
            }));
        }
        out
    }

    fn fill(
        &self,
        fmt: &str,
        trail: &[u32],
        args: &'f [super::ir::Arg],
        scope: Scope,
        d: u8,
        next: impl Fn(&str) -> Option<(usize, usize, String)>,
    ) -> Vec<V<'f>> {
        let mut acc = vec![(String::new(), trail.to_vec())];
        let mut rest = fmt;
        let mut pos = 0usize;
        while let Some((s, e, key)) = next(rest) {
            let lit = rest.get(..s).unwrap_or("");
            let arg = if key.is_empty() {
                let a = args.iter().filter(|a| a.name.is_none()).nth(pos);
                pos += 1;
                a
            } else if let Ok(i) = key.parse::<usize>() {
                args.iter().filter(|a| a.name.is_none()).nth(i)
            } else {
                args.iter()
                    .find(|a| a.name.as_deref() == Some(key.as_str()))
            };
            let vals: Vec<(String, Vec<u32>)> = arg
                .map(|a| self.ev(&a.value, scope, d))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|v| match v.val {
                    Val::Str(s) => Some((s, v.trail)),
                    Val::Int(n) => Some((n.to_string(), v.trail)),
                    _ => None,
                })
                .collect();
            if vals.is_empty() {
                return Vec::new();
            }
            let mut next_acc = Vec::new();
            for (a, t) in &acc {
                for (v, vt) in &vals {
                    let mut t2 = t.clone();
                    t2.extend(vt.iter().copied());
                    next_acc.push((format!("{a}{lit}{v}"), t2));
                }
            }
            next_acc.truncate(MAX_VALUES);
            acc = next_acc;
            rest = rest.get(e..).unwrap_or("");
        }
        acc.into_iter()
            .map(|(s, t)| V {
                val: Val::Str(format!("{s}{rest}")),
                trail: t,
            })
            .collect()
    }
}
