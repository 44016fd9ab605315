//! The small language-neutral form each grammar is lowered into: expressions, and the facts of a
//! file (bindings, functions, imports, calls) the resolver reads.

use std::collections::HashMap;

/// A scope: 0 is the module (and class bodies); a function's is its definition's node id + 1.
pub(crate) type Scope = usize;

/// An expression, as far as the resolver cares.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Int(u32),
    Str(String),
    Name(String),
    Attr(Box<Expr>, String),
    Call(Box<Call>),
    Seq(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Index(Box<Expr>, Box<Expr>),
    /// String concatenation, f-strings, `+` of strings or numbers.
    Concat(Vec<Expr>),
    /// `a * b` or `a << b` on integers: (left, right, is_shift).
    Arith(Box<Expr>, Box<Expr>, bool),
    /// Any of these (a conditional expression, `a or b`).
    Either(Vec<Expr>),
    /// Each element of an iterable (a loop variable); `true` iterates a map's values.
    Each(Box<Expr>, bool),
    Unknown,
}

impl Expr {
    /// A binary operation as the resolver sees it, the same in every grammar: `+` joins
    /// (strings), `*` and `<<` compute (key sizes), anything else is unknown.
    pub(crate) fn binary(op: &str, l: Expr, r: Expr) -> Expr {
        match op {
            "+" => Expr::Concat(vec![l, r]),
            "*" => Expr::Arith(Box::new(l), Box::new(r), false),
            "<<" => Expr::Arith(Box::new(l), Box::new(r), true),
            _ => Expr::Unknown,
        }
    }
}

/// A call, a constructor (`new X(…)`) or a struct literal (`rsa.PublicKey{…}`).
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub callee: Expr,
    pub args: Vec<Arg>,
    /// 1-based line and column of the call.
    pub line: u32,
    pub col: u32,
    /// The scope the call is written in.
    pub scope: Scope,
}

/// One argument: positional, or named (keyword argument, struct field).
#[derive(Debug, Clone)]
pub(crate) struct Arg {
    pub name: Option<String>,
    pub value: Expr,
}

/// A value given to a name: where and in which scope.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub value: Expr,
    pub line: u32,
    pub scope: Scope,
}

/// A function or method.
#[derive(Debug, Clone, Default)]
pub(crate) struct Func {
    pub scope: Scope,
    /// Parameter names with their default values; a leading `self`/`cls` is kept.
    pub params: Vec<(String, Option<Expr>)>,
    pub returns: Vec<(Expr, u32)>,
}

/// Everything the resolver knows about one file.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// Variables, constants, loop variables, by name.
    pub names: HashMap<String, Vec<Binding>>,
    /// Attributes and fields (`self.x = …`, class attributes, struct literal fields), by name.
    pub attrs: HashMap<String, Vec<Binding>>,
    pub funcs: HashMap<String, Vec<Func>>,
    /// Import alias → dotted module or class path (`ec` → `cryptography…asymmetric.ec`).
    pub imports: HashMap<String, String>,
    /// Modules imported with `*` (Python) or `.` (Go) or `pkg.*` (Java).
    pub stars: Vec<String>,
    pub calls: Vec<Call>,
}

impl Facts {
    pub fn bind(&mut self, name: &str, value: Expr, line: u32, scope: Scope) {
        self.names
            .entry(name.to_owned())
            .or_default()
            .push(Binding { value, line, scope });
    }

    pub fn bind_attr(&mut self, name: &str, value: Expr, line: u32, scope: Scope) {
        self.attrs
            .entry(name.to_owned())
            .or_default()
            .push(Binding { value, line, scope });
    }
}

/// A dotted name of an expression made only of names and attributes (`a.b.c`).
pub(crate) fn dotted(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.clone()),
        Expr::Attr(b, a) => dotted(b).map(|d| format!("{d}.{a}")),
        _ => None,
    }
}
