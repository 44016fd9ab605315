//! Java's tree lowered into facts: imports (incl. `pkg.*` and static imports), fields and local
//! variables, assignments (`this.x = …`), methods and constructors (parameters, returns),
//! enhanced for loops, method calls and `new`.

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

impl Walk<'_> {
    fn walk(&mut self, n: Node<'_>, scope: Scope, rets: &mut Vec<(Expr, u32)>, depth: u32) {
        if depth > MAX_NEST {
            return;
        }
        let d = depth + 1;
        match n.kind() {
            "import_declaration" => {
                let star = kids(n).iter().any(|k| k.kind() == "asterisk");
                if let Some(p) = kids(n)
                    .into_iter()
                    .find(|k| matches!(k.kind(), "scoped_identifier" | "identifier"))
                {
                    let t = text(p, self.src).to_owned();
                    if star {
                        self.f.stars.push(t);
                    } else {
                        let last = t.rsplit('.').next().unwrap_or(&t).to_owned();
                        self.f.imports.insert(last, t);
                    }
                }
                return;
            }
            "method_declaration"
            | "constructor_declaration"
            | "compact_constructor_declaration" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|x| text(x, self.src).to_owned())
                    .unwrap_or_default();
                let inner = n.id() + 1;
                let params = n
                    .child_by_field_name("parameters")
                    .map(|p| {
                        kids(p)
                            .into_iter()
                            .map(|k| {
                                let name = k
                                    .child_by_field_name("name")
                                    .or_else(|| {
                                        kids(k)
                                            .into_iter()
                                            .find(|x| x.kind() == "variable_declarator")
                                            .and_then(|v| v.child_by_field_name("name"))
                                    })
                                    .map(|x| text(x, self.src).to_owned())
                                    .unwrap_or_default();
                                (name, None)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
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
            "field_declaration" | "constant_declaration" | "local_variable_declaration" => {
                let field = n.kind() != "local_variable_declaration";
                for k in kids(n) {
                    if k.kind() != "variable_declarator" {
                        continue;
                    }
                    let (Some(nm), Some(v)) = (
                        k.child_by_field_name("name"),
                        k.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    let name = text(nm, self.src);
                    let e = self.expr(v, scope, 0);
                    let line = pos(k).0;
                    if field {
                        self.f.bind(name, e.clone(), line, 0);
                        self.f.bind_attr(name, e, line, 0);
                    } else {
                        self.f.bind(name, e, line, scope);
                    }
                }
            }
            "assignment_expression" => {
                let op = n
                    .child_by_field_name("operator")
                    .map_or("", |o| text(o, self.src));
                if let (Some(l), Some(r), "=") = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                    op,
                ) {
                    let e = self.expr(r, scope, 0);
                    let line = pos(n).0;
                    match l.kind() {
                        "identifier" => {
                            let name = text(l, self.src);
                            // A field assigned without `this.` is still the field.
                            self.f.bind(name, e.clone(), line, scope);
                            self.f.bind_attr(name, e, line, scope);
                        }
                        "field_access" => {
                            if let Some(fl) = l.child_by_field_name("field") {
                                self.f.bind_attr(text(fl, self.src), e, line, scope);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "enhanced_for_statement" => {
                if let (Some(nm), Some(v)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    let e = Expr::Each(Box::new(self.expr(v, scope, 0)), false);
                    self.f.bind(text(nm, self.src), e, pos(n).0, scope);
                }
            }
            "return_statement" => {
                if let Some(e) = kids(n).first() {
                    rets.push((self.expr(*e, scope, 0), pos(n).0));
                }
            }
            "method_invocation" | "object_creation_expression" => {
                if let Expr::Call(c) = self.expr(n, scope, 0) {
                    self.f.calls.push(*c);
                }
            }
            _ => {}
        }
        for k in kids(n) {
            self.walk(k, scope, rets, d);
        }
    }

    fn args(&self, n: Node<'_>, scope: Scope, d: u32) -> Vec<Arg> {
        n.child_by_field_name("arguments")
            .map(|a| {
                kids(a)
                    .into_iter()
                    .map(|k| Arg {
                        name: None,
                        value: self.expr(k, scope, d),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A type name as a callee: `a.b.C<T>` → `a.b.C`.
    fn type_expr(&self, t: Node<'_>) -> Expr {
        let s = text(t, self.src);
        let s = s.split('<').next().unwrap_or(s).trim();
        let mut parts = s.split('.').map(str::trim);
        let Some(first) = parts.next() else {
            return Expr::Unknown;
        };
        parts.fold(Expr::Name(first.to_owned()), |acc, p| {
            Expr::Attr(Box::new(acc), p.to_owned())
        })
    }

    fn expr(&self, n: Node<'_>, scope: Scope, depth: u32) -> Expr {
        if depth > MAX_NEST {
            return Expr::Unknown;
        }
        let d = depth + 1;
        let sub = |k: Node<'_>| self.expr(k, scope, d);
        let field = |f: &str| n.child_by_field_name(f).map_or(Expr::Unknown, sub);
        match n.kind() {
            "decimal_integer_literal"
            | "hex_integer_literal"
            | "binary_integer_literal"
            | "octal_integer_literal" => int(text(n, self.src)),
            "string_literal" => {
                let mut s = String::new();
                for k in kids(n) {
                    if matches!(k.kind(), "string_fragment" | "multiline_string_fragment") {
                        s.push_str(text(k, self.src));
                    }
                }
                Expr::Str(s)
            }
            "identifier" => Expr::Name(text(n, self.src).to_owned()),
            "this" => Expr::Name("this".to_owned()),
            "field_access" => match n.child_by_field_name("field") {
                Some(f) => Expr::Attr(Box::new(field("object")), text(f, self.src).to_owned()),
                None => Expr::Unknown,
            },
            "method_invocation" => {
                let (line, col) = pos(n);
                let name = n
                    .child_by_field_name("name")
                    .map(|x| text(x, self.src).to_owned())
                    .unwrap_or_default();
                let args = self.args(n, scope, d);
                let obj = n.child_by_field_name("object");
                let obj_text = obj.map_or("", |o| text(o, self.src));
                // Collections built inline are containers, not calls.
                match (obj_text, name.as_str()) {
                    ("List" | "Set" | "Arrays" | "Stream", "of" | "asList") => {
                        return Expr::Seq(args.into_iter().map(|a| a.value).collect());
                    }
                    ("Map", "of") => {
                        let v: Vec<Expr> = args.into_iter().map(|a| a.value).collect();
                        return Expr::Map(
                            v.chunks(2)
                                .filter_map(|c| match c {
                                    [k, v] => Some((k.clone(), v.clone())),
                                    _ => None,
                                })
                                .collect(),
                        );
                    }
                    (_, "get") if obj.is_some() && args.len() == 1 => {
                        // `map.get(k)` / `list.get(i)`.
                        let key = args.into_iter().next().map_or(Expr::Unknown, |a| a.value);
                        return Expr::Index(Box::new(field("object")), Box::new(key));
                    }
                    _ => {}
                }
                let callee = match obj {
                    Some(o) => Expr::Attr(Box::new(sub(o)), name),
                    None => Expr::Name(name),
                };
                Expr::Call(Box::new(Call {
                    callee,
                    args,
                    line,
                    col,
                    scope,
                }))
            }
            "object_creation_expression" => {
                let (line, col) = pos(n);
                let callee = n
                    .child_by_field_name("type")
                    .map_or(Expr::Unknown, |t| self.type_expr(t));
                Expr::Call(Box::new(Call {
                    callee,
                    args: self.args(n, scope, d),
                    line,
                    col,
                    scope,
                }))
            }
            "array_creation_expression" => field("value"),
            "array_initializer" => Expr::Seq(kids(n).into_iter().map(sub).collect()),
            "array_access" => Expr::Index(Box::new(field("array")), Box::new(field("index"))),
            "binary_expression" => {
                let op = n
                    .child_by_field_name("operator")
                    .map_or("", |o| text(o, self.src));
                Expr::binary(op, field("left"), field("right"))
            }
            "ternary_expression" => Expr::Either(vec![field("consequence"), field("alternative")]),
            "parenthesized_expression" => kids(n).first().map_or(Expr::Unknown, |k| sub(*k)),
            "cast_expression" => field("value"),
            _ => Expr::Unknown,
        }
    }
}
