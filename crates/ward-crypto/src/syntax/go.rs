//! Go's tree lowered into facts: imports (aliases, dot imports), `:=`, `=`, `var` and `const`,
//! struct literal fields, functions and methods (parameters, first return value), `range` loops,
//! calls and composite literals.

use super::ir::{Arg, Call, Expr, Facts, Func, Scope};
use super::{MAX_NEST, int, kids, pos, text};
use tree_sitter::Node;

pub(super) fn facts(root: Node<'_>, src: &[u8]) -> Facts {
    let mut w = Walk {
        src,
        f: Facts::default(),
    };
    let mut rets = Vec::new();
    w.walk(root, 0, &mut rets, 0);
    w.f
}

struct Walk<'s> {
    src: &'s [u8],
    f: Facts,
}

fn unquote(s: &str) -> &str {
    s.get(1..s.len().saturating_sub(1)).unwrap_or("")
}

impl Walk<'_> {
    fn walk(&mut self, n: Node<'_>, scope: Scope, rets: &mut Vec<(Expr, u32)>, depth: u32) {
        if depth > MAX_NEST {
            return;
        }
        let d = depth + 1;
        match n.kind() {
            "import_spec" => {
                let path = n
                    .child_by_field_name("path")
                    .map_or("", |p| unquote(text(p, self.src)));
                let last = path.rsplit('/').next().unwrap_or(path);
                // A major-version suffix (`…/jwt/v5`) is not the package: the name before it is.
                let versioned = last
                    .strip_prefix('v')
                    .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()));
                let (path, last) = if versioned {
                    let base = path.rsplit_once('/').map_or(path, |(b, _)| b);
                    (base, base.rsplit('/').next().unwrap_or(base))
                } else {
                    (path, last)
                };
                let dotted = path.replace('/', ".");
                match n.child_by_field_name("name").map(|a| text(a, self.src)) {
                    Some(".") => self.f.stars.push(dotted),
                    Some("_") => {}
                    Some(alias) => {
                        self.f.imports.insert(alias.to_owned(), dotted);
                    }
                    None => {
                        self.f.imports.insert(last.to_owned(), dotted);
                    }
                }
                return;
            }
            "function_declaration" | "method_declaration" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|x| text(x, self.src).to_owned())
                    .unwrap_or_default();
                let inner = n.id() + 1;
                let mut params = Vec::new();
                if let Some(p) = n.child_by_field_name("parameters") {
                    for k in kids(p) {
                        let mut c = k.walk();
                        for nm in k.children_by_field_name("name", &mut c) {
                            params.push((text(nm, self.src).to_owned(), None));
                        }
                    }
                }
                let mut own = Vec::new();
                if let Some(b) = n.child_by_field_name("body") {
                    self.walk(b, inner, &mut own, d);
                }
                self.f.funcs.entry(name).or_default().push(Func {
                    scope: inner,
                    params,
                    returns: own,
                });
                return;
            }
            "short_var_declaration" | "assignment_statement" => {
                let op = n
                    .child_by_field_name("operator")
                    .map_or("=", |o| text(o, self.src));
                if op == "=" || op == ":=" || n.kind() == "short_var_declaration" {
                    let l = n.child_by_field_name("left").map(kids).unwrap_or_default();
                    let r = n.child_by_field_name("right").map(kids).unwrap_or_default();
                    self.assign(&l, &r, pos(n).0, scope);
                }
            }
            "var_spec" | "const_spec" => {
                let mut c = n.walk();
                let names: Vec<Node<'_>> = n
                    .children_by_field_name("name", &mut c)
                    .filter(|k| k.kind() == "identifier")
                    .collect();
                let r = n.child_by_field_name("value").map(kids).unwrap_or_default();
                self.assign(&names, &r, pos(n).0, scope);
            }
            "range_clause" => {
                let l = n.child_by_field_name("left").map(kids).unwrap_or_default();
                if let (Some(v), Some(r)) = (l.get(1), n.child_by_field_name("right")) {
                    let e = Expr::Each(Box::new(self.expr(r, scope, 0)), true);
                    self.target(*v, e, pos(n).0, scope);
                }
            }
            "return_statement" => {
                if let Some(list) = kids(n).first() {
                    let first = if list.kind() == "expression_list" {
                        kids(*list).first().copied()
                    } else {
                        Some(*list)
                    };
                    if let Some(e) = first {
                        rets.push((self.expr(e, scope, 0), pos(n).0));
                    }
                }
            }
            "call_expression" => {
                if let Expr::Call(c) = self.expr(n, scope, 0) {
                    self.f.calls.push(*c);
                }
            }
            "composite_literal" => {
                let e = self.expr(n, scope, 0);
                if let Expr::Call(c) = e {
                    // Struct fields are attributes: `cfg{curve: elliptic.P521()}` … `cfg.curve`.
                    for a in &c.args {
                        if let Some(nm) = &a.name {
                            self.f.bind_attr(nm, a.value.clone(), c.line, scope);
                        }
                    }
                    self.f.calls.push(*c);
                }
            }
            _ => {}
        }
        for k in kids(n) {
            self.walk(k, scope, rets, d);
        }
    }

    fn assign(&mut self, l: &[Node<'_>], r: &[Node<'_>], line: u32, scope: Scope) {
        if l.len() == r.len() {
            for (t, v) in l.iter().zip(r) {
                let e = self.expr(*v, scope, 0);
                self.target(*t, e, line, scope);
            }
        } else if let (Some(t), Some(v)) = (l.first(), r.first()) {
            // `k, err := rsa.GenerateKey(…)`: the first name holds the call's main result.
            let e = self.expr(*v, scope, 0);
            self.target(*t, e, line, scope);
        }
    }

    fn target(&mut self, t: Node<'_>, e: Expr, line: u32, scope: Scope) {
        match t.kind() {
            "identifier" => {
                let name = text(t, self.src);
                if name != "_" {
                    self.f.bind(name, e, line, scope);
                }
            }
            "selector_expression" => {
                if let Some(fl) = t.child_by_field_name("field") {
                    self.f.bind_attr(text(fl, self.src), e, line, scope);
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
            "int_literal" => int(text(n, self.src)),
            "interpreted_string_literal" | "raw_string_literal" => {
                Expr::Str(unquote(text(n, self.src)).to_owned())
            }
            "identifier" | "package_identifier" | "field_identifier" | "type_identifier" => {
                Expr::Name(text(n, self.src).to_owned())
            }
            "selector_expression" => match n.child_by_field_name("field") {
                Some(f) => Expr::Attr(Box::new(field("operand")), text(f, self.src).to_owned()),
                None => Expr::Unknown,
            },
            "qualified_type" => match n.child_by_field_name("name") {
                Some(nm) => Expr::Attr(Box::new(field("package")), text(nm, self.src).to_owned()),
                None => Expr::Unknown,
            },
            "call_expression" => {
                let (line, col) = pos(n);
                let args = n
                    .child_by_field_name("arguments")
                    .map(|a| {
                        kids(a)
                            .into_iter()
                            .map(|k| Arg {
                                name: None,
                                value: sub(k),
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
            "composite_literal" => {
                let ty = n.child_by_field_name("type");
                let body = n.child_by_field_name("body").map(kids).unwrap_or_default();
                let elem = |k: Node<'_>| -> Expr {
                    if k.kind() == "literal_element" {
                        kids(k).first().map_or(Expr::Unknown, |x| sub(*x))
                    } else {
                        sub(k)
                    }
                };
                match ty.map(|t| t.kind()) {
                    Some("slice_type" | "array_type" | "implicit_length_array_type") => Expr::Seq(
                        body.into_iter()
                            .filter(|k| k.kind() == "literal_element")
                            .map(elem)
                            .collect(),
                    ),
                    Some("map_type") => Expr::Map(
                        body.into_iter()
                            .filter(|k| k.kind() == "keyed_element")
                            .map(|k| {
                                let g =
                                    |f: &str| k.child_by_field_name(f).map_or(Expr::Unknown, elem);
                                (g("key"), g("value"))
                            })
                            .collect(),
                    ),
                    _ => {
                        let (line, col) = pos(n);
                        let args = body
                            .into_iter()
                            .map(|k| {
                                if k.kind() == "keyed_element" {
                                    Arg {
                                        name: k
                                            .child_by_field_name("key")
                                            .map(|x| text(x, self.src).trim().to_owned()),
                                        value: k
                                            .child_by_field_name("value")
                                            .map_or(Expr::Unknown, elem),
                                    }
                                } else {
                                    Arg {
                                        name: None,
                                        value: elem(k),
                                    }
                                }
                            })
                            .collect();
                        Expr::Call(Box::new(Call {
                            callee: ty.map_or(Expr::Unknown, sub),
                            args,
                            line,
                            col,
                            scope,
                        }))
                    }
                }
            }
            "literal_value" => Expr::Seq(kids(n).into_iter().map(sub).collect()),
            "literal_element" => kids(n).first().map_or(Expr::Unknown, |k| sub(*k)),
            "index_expression" => Expr::Index(Box::new(field("operand")), Box::new(field("index"))),
            "binary_expression" => {
                let op = n
                    .child_by_field_name("operator")
                    .map_or("", |o| text(o, self.src));
                Expr::binary(op, field("left"), field("right"))
            }
            "unary_expression" => {
                let op = n
                    .child_by_field_name("operator")
                    .map_or("", |o| text(o, self.src));
                if op == "&" || op == "*" {
                    field("operand")
                } else {
                    Expr::Unknown
                }
            }
            "parenthesized_expression" => kids(n).first().map_or(Expr::Unknown, |k| sub(*k)),
            _ => Expr::Unknown,
        }
    }
}
