//! Python's tree lowered into facts: imports (aliases, `from … import *`), assignments (tuple
//! targets, class attributes, `self.x`), functions (parameters, defaults, returns), loops, calls.

use super::ir::{Arg, Call, Expr, Facts, Func, Scope};
use super::{MAX_NEST, int, kids, pos, text};
use tree_sitter::Node;

pub(super) fn facts(root: Node<'_>, src: &[u8]) -> Facts {
    let mut w = Walk {
        src,
        f: Facts::default(),
    };
    let mut rets = Vec::new();
    w.walk(root, 0, false, &mut rets, 0);
    w.f
}

struct Walk<'s> {
    src: &'s [u8],
    f: Facts,
}

impl Walk<'_> {
    fn walk(
        &mut self,
        n: Node<'_>,
        scope: Scope,
        class: bool,
        rets: &mut Vec<(Expr, u32)>,
        depth: u32,
    ) {
        if depth > MAX_NEST {
            return;
        }
        let d = depth + 1;
        match n.kind() {
            "import_statement" => {
                for k in kids(n) {
                    self.import(k, None);
                }
                return;
            }
            "import_from_statement" => {
                let m = n
                    .child_by_field_name("module_name")
                    .map(|m| text(m, self.src).trim_start_matches('.').to_owned())
                    .unwrap_or_default();
                for k in kids(n) {
                    if k.kind() == "wildcard_import" {
                        self.f.stars.push(m.clone());
                    }
                }
                let mut c = n.walk();
                for k in n.children_by_field_name("name", &mut c) {
                    self.import(k, Some(&m));
                }
                return;
            }
            "function_definition" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|x| text(x, self.src).to_owned())
                    .unwrap_or_default();
                let inner = n.id() + 1;
                let params = n
                    .child_by_field_name("parameters")
                    .map(|p| self.params(p))
                    .unwrap_or_default();
                let mut own = Vec::new();
                if let Some(b) = n.child_by_field_name("body") {
                    self.walk(b, inner, false, &mut own, d);
                }
                self.f.funcs.entry(name).or_default().push(Func {
                    scope: inner,
                    params,
                    returns: own,
                });
                return;
            }
            "class_definition" => {
                if let Some(b) = n.child_by_field_name("body") {
                    self.walk(b, scope, true, rets, d);
                }
                return;
            }
            "assignment" => {
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    let line = pos(n).0;
                    // `a = b = value`: every target gets the innermost value.
                    let mut value = r;
                    let mut targets = vec![l];
                    while value.kind() == "assignment" {
                        if let (Some(l2), Some(r2)) = (
                            value.child_by_field_name("left"),
                            value.child_by_field_name("right"),
                        ) {
                            targets.push(l2);
                            value = r2;
                        } else {
                            break;
                        }
                    }
                    let v = self.expr(value, scope, 0);
                    for t in targets {
                        self.assign(t, v.clone(), line, scope, class);
                    }
                }
            }
            "for_statement" => {
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    let each = Expr::Each(Box::new(self.expr(r, scope, 0)), false);
                    self.assign(l, each, pos(n).0, scope, false);
                }
            }
            "return_statement" => {
                if let Some(e) = kids(n).first() {
                    rets.push((self.expr(*e, scope, 0), pos(n).0));
                }
            }
            "call" => {
                if let Expr::Call(c) = self.expr(n, scope, 0) {
                    self.f.calls.push(*c);
                }
            }
            _ => {}
        }
        for k in kids(n) {
            self.walk(
                k,
                scope,
                class && matches!(n.kind(), "block" | "expression_statement"),
                rets,
                d,
            );
        }
    }

    fn import(&mut self, k: Node<'_>, from: Option<&str>) {
        let full = |name: &str| match from {
            Some(m) if !m.is_empty() => format!("{m}.{name}"),
            _ => name.to_owned(),
        };
        match k.kind() {
            "dotted_name" => {
                let t = text(k, self.src);
                if from.is_some() {
                    let last = t.rsplit('.').next().unwrap_or(t);
                    self.f.imports.insert(last.to_owned(), full(t));
                } else {
                    let head = t.split('.').next().unwrap_or(t);
                    self.f.imports.insert(head.to_owned(), head.to_owned());
                }
            }
            "aliased_import" => {
                if let (Some(nm), Some(al)) = (
                    k.child_by_field_name("name"),
                    k.child_by_field_name("alias"),
                ) {
                    let t = text(nm, self.src);
                    self.f
                        .imports
                        .insert(text(al, self.src).to_owned(), full(t));
                }
            }
            _ => {}
        }
    }

    fn params(&self, p: Node<'_>) -> Vec<(String, Option<Expr>)> {
        let mut out = Vec::new();
        for k in kids(p) {
            let (name, def) = match k.kind() {
                "identifier" => (text(k, self.src).to_owned(), None),
                "default_parameter" | "typed_default_parameter" => (
                    k.child_by_field_name("name")
                        .map(|x| text(x, self.src).to_owned())
                        .unwrap_or_default(),
                    k.child_by_field_name("value").map(|v| self.expr(v, 0, 0)),
                ),
                "typed_parameter" => (
                    kids(k)
                        .first()
                        .map(|x| text(*x, self.src).to_owned())
                        .unwrap_or_default(),
                    None,
                ),
                _ => (String::new(), None),
            };
            out.push((name, def));
        }
        out
    }

    fn assign(&mut self, t: Node<'_>, v: Expr, line: u32, scope: Scope, class: bool) {
        match t.kind() {
            "identifier" => {
                let name = text(t, self.src);
                self.f.bind(name, v.clone(), line, scope);
                if class {
                    self.f.bind_attr(name, v, line, scope);
                }
            }
            "attribute" => {
                if let Some(a) = t.child_by_field_name("attribute") {
                    self.f.bind_attr(text(a, self.src), v, line, scope);
                }
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" => {
                let items = match &v {
                    Expr::Seq(items) => Some(items.clone()),
                    _ => None,
                };
                for (i, k) in kids(t).into_iter().enumerate() {
                    let e = match &items {
                        Some(xs) => xs.get(i).cloned().unwrap_or(Expr::Unknown),
                        None => Expr::Index(
                            Box::new(v.clone()),
                            Box::new(Expr::Int(u32::try_from(i).unwrap_or(0))),
                        ),
                    };
                    self.assign(k, e, line, scope, class);
                }
            }
            _ => {}
        }
    }

    fn expr(&self, n: Node<'_>, scope: Scope, depth: u32) -> Expr {
        if depth > MAX_NEST {
            return Expr::Unknown;
        }
        let d = depth + 1;
        let sub = |k: Node<'_>| self.expr(k, scope, d);
        let field = |f: &str| n.child_by_field_name(f).map_or(Expr::Unknown, sub);
        match n.kind() {
            "integer" => int(text(n, self.src)),
            "identifier" => Expr::Name(text(n, self.src).to_owned()),
            "string" => self.string(n, scope, d),
            "concatenated_string" => Expr::Concat(kids(n).into_iter().map(sub).collect()),
            "attribute" => match n.child_by_field_name("attribute") {
                Some(a) => Expr::Attr(Box::new(field("object")), text(a, self.src).to_owned()),
                None => Expr::Unknown,
            },
            "call" => {
                let (line, col) = pos(n);
                let args = n
                    .child_by_field_name("arguments")
                    .map(|a| {
                        kids(a)
                            .into_iter()
                            .filter_map(|k| match k.kind() {
                                "keyword_argument" => Some(Arg {
                                    name: k
                                        .child_by_field_name("name")
                                        .map(|x| text(x, self.src).to_owned()),
                                    value: k
                                        .child_by_field_name("value")
                                        .map_or(Expr::Unknown, sub),
                                }),
                                "list_splat" | "dictionary_splat" => None,
                                _ => Some(Arg {
                                    name: None,
                                    value: sub(k),
                                }),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Expr::Call(Box::new(Call {
                    callee: field("function"),
                    args,
                    line,
                    col,
                    scope,
                }))
            }
            "list" | "tuple" | "set" | "expression_list" => {
                Expr::Seq(kids(n).into_iter().map(sub).collect())
            }
            "dictionary" => Expr::Map(
                kids(n)
                    .into_iter()
                    .filter(|k| k.kind() == "pair")
                    .map(|k| {
                        let g = |f: &str| k.child_by_field_name(f).map_or(Expr::Unknown, sub);
                        (g("key"), g("value"))
                    })
                    .collect(),
            ),
            "subscript" => Expr::Index(Box::new(field("value")), Box::new(field("subscript"))),
            "binary_operator" => {
                let op = n
                    .child_by_field_name("operator")
                    .map_or("", |o| text(o, self.src));
                Expr::binary(op, field("left"), field("right"))
            }
            "conditional_expression" => {
                let k = kids(n);
                Expr::Either(
                    [k.first(), k.get(2)]
                        .into_iter()
                        .flatten()
                        .map(|x| sub(*x))
                        .collect(),
                )
            }
            "boolean_operator" => Expr::Either(vec![field("left"), field("right")]),
            "parenthesized_expression" | "await" => {
                kids(n).first().map_or(Expr::Unknown, |k| sub(*k))
            }
            _ => Expr::Unknown,
        }
    }

    /// A string literal; an f-string becomes a concatenation of its parts.
    fn string(&self, n: Node<'_>, scope: Scope, d: u32) -> Expr {
        let mut parts = Vec::new();
        let mut lit = String::new();
        for k in kids(n) {
            match k.kind() {
                "string_content" => lit.push_str(text(k, self.src)),
                "interpolation" => {
                    if !lit.is_empty() {
                        parts.push(Expr::Str(std::mem::take(&mut lit)));
                    }
                    parts.push(
                        k.child_by_field_name("expression")
                            .map_or(Expr::Unknown, |e| self.expr(e, scope, d)),
                    );
                }
                _ => {}
            }
        }
        if parts.is_empty() {
            return Expr::Str(lit);
        }
        if !lit.is_empty() {
            parts.push(Expr::Str(lit));
        }
        Expr::Concat(parts)
    }
}
