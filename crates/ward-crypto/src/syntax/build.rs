//! From a matched row and its call to algorithms: the arguments' values read as sizes, curves,
//! JCA names, families of the objects passed, and the size or curve a later `.initialize(…)` /
//! `.init(…)` gives the object the call made.

use super::apis::{self, Api, How, Slot};
use super::eval::{Resolver, V, Val};
use super::ir::{Call, Expr};
use crate::algo::{Algo, Family, normalize_curve};
use crate::finding::Primitive;
use crate::lang::Lang;

/// The argument in `slot`.
fn arg(call: &Call, slot: Slot) -> Option<&Expr> {
    call.args
        .iter()
        .find(|a| !slot.kw.is_empty() && a.name.as_deref() == Some(slot.kw))
        .or_else(|| {
            call.args
                .iter()
                .filter(|a| a.name.is_none())
                .nth(usize::from(slot.pos))
        })
        .map(|a| &a.value)
}

fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn size_of(v: &V<'_>) -> Option<u32> {
    match &v.val {
        Val::Int(n) => Some(*n),
        Val::Str(s) => s.trim().parse().ok(),
        Val::Sym(p) | Val::Obj(p, _) => {
            // Go's `dsa.L2048N256`.
            let l = last(p).strip_prefix('L')?;
            l.split('N').next()?.parse().ok()
        }
        _ => None,
    }
}

fn curve_of(v: &V<'_>) -> Option<String> {
    let name = match &v.val {
        Val::Str(s) => s.as_str(),
        Val::Sym(p) | Val::Obj(p, _) => last(p),
        _ => return None,
    };
    normalize_curve(name).or_else(|| {
        // python-ecdsa's `NIST256p`.
        let l = name.to_ascii_lowercase();
        let bits = l.strip_prefix("nist")?.strip_suffix('p')?;
        normalize_curve(&format!("p{bits}"))
    })
}

fn tag(a: Algo, t: &str) -> Algo {
    match t {
        "oaep" | "pkcs1v15" => a.primitive(Primitive::Pke).padding(t),
        "pss" => a.padding("pss"),
        "pke" => a.primitive(Primitive::Pke),
        "kem" => a.primitive(Primitive::Kem),
        _ => a,
    }
}

pub(super) fn build<'f>(
    r: &Resolver<'f>,
    lang: Lang,
    api: &Api,
    call: &'f Call,
    path: &str,
) -> Vec<(Algo, Vec<u32>)> {
    let base = || tag(Algo::new(api.family), api.tag);
    let values = |slot: Slot| -> Vec<V<'f>> {
        arg(call, slot)
            .map(|e| r.eval(e, call.scope))
            .unwrap_or_default()
    };
    let mut out: Vec<(Algo, Vec<u32>)> = match api.how {
        How::Plain => vec![(base(), Vec::new())],
        How::Size(slot) => {
            let v: Vec<(Algo, Vec<u32>)> = values(slot)
                .iter()
                .filter_map(|v| size_of(v).map(|n| (base().size(Some(n)), v.trail.clone())))
                .collect();
            if v.is_empty() {
                vec![(base(), Vec::new())]
            } else {
                v
            }
        }
        How::Curve(slot) => {
            let v: Vec<(Algo, Vec<u32>)> = values(slot)
                .iter()
                .filter_map(|v| {
                    curve_of(v).map(|c| (base().curve(Some(c.as_str())), v.trail.clone()))
                })
                .collect();
            if v.is_empty() {
                vec![(base(), Vec::new())]
            } else {
                v
            }
        }
        How::Jca(kind) => values(Slot { pos: 0, kw: "" })
            .iter()
            .flat_map(|v| {
                let Val::Str(s) = &v.val else {
                    return Vec::new();
                };
                let name = if s.to_ascii_uppercase().starts_with("RSASSA") {
                    "RSA"
                } else {
                    s.as_str()
                };
                let hit = crate::rules::Hit {
                    text: "",
                    line_start: 0,
                };
                crate::rules::jca(kind, name, &hit)
                    .into_iter()
                    .map(|a| (a, v.trail.clone()))
                    .collect()
            })
            .collect(),
        How::FamilyOf(slot) => {
            let fams: Vec<(Family, Vec<u32>)> = values(slot)
                .iter()
                .filter_map(|v| {
                    let p = v.path()?;
                    let row = apis::lookup(lang, p).next()?;
                    Some((row.family, v.trail.clone()))
                })
                .collect();
            if fams.is_empty() {
                if api.id == "go.x-crypto" {
                    Vec::new()
                } else {
                    vec![(base(), Vec::new())]
                }
            } else {
                fams.into_iter()
                    .map(|(f, t)| (tag(Algo::new(f), api.tag), t))
                    .collect()
            }
        }
        How::Jwt => {
            let mut v: Vec<(Algo, Vec<u32>)> = Vec::new();
            for a in &call.args {
                for x in r.eval(&a.value, call.scope) {
                    for (name, t) in r.flatten(x) {
                        if let Some(algo) = crate::rules::jwt_alg(&name) {
                            v.push((algo, t));
                        }
                    }
                }
            }
            v
        }
        How::RecvCurve => {
            let recv = path.rsplit_once('.').map_or("", |(p, _)| last(p));
            let a = if recv == "X25519" {
                Algo::new(Family::X25519)
            } else {
                base().curve(Some(recv))
            };
            vec![(a, Vec::new())]
        }
    };
    if api.init {
        init(r, call, &mut out);
    }
    let mut uniq: Vec<(Algo, Vec<u32>)> = Vec::new();
    for (a, t) in out {
        if !uniq.iter().any(|(b, _)| b.name() == a.name()) {
            uniq.push((a, t));
        }
    }
    uniq
}

/// A size or curve given later, by `.initialize(…)` / `.init(…)` on the object this call made.
fn init<'f>(r: &Resolver<'f>, made: &'f Call, out: &mut Vec<(Algo, Vec<u32>)>) {
    let mut specs: Vec<(Option<u32>, Option<String>, Vec<u32>)> = Vec::new();
    for c in &r.facts.calls {
        let Expr::Attr(recv, m) = &c.callee else {
            continue;
        };
        if m != "initialize" && m != "init" {
            continue;
        }
        let ours = r
            .eval(recv, c.scope)
            .iter()
            .any(|v| matches!(&v.val, Val::Obj(_, o) if o.line == made.line && o.col == made.col));
        if !ours {
            continue;
        }
        let Some(a0) = arg(c, Slot { pos: 0, kw: "" }) else {
            continue;
        };
        for v in r.eval(a0, c.scope) {
            for (size, curve, mut t) in spec(r, &v) {
                t.push(c.line);
                specs.push((size, curve, t));
            }
        }
    }
    if specs.is_empty() {
        return;
    }
    let mut next = Vec::new();
    for (a, t) in out.iter() {
        let sized = matches!(
            a.family,
            Family::Rsa | Family::Dsa | Family::Dh | Family::Aes
        );
        let curved = matches!(a.family, Family::Ecdsa | Family::Ecdh);
        let mut used = false;
        for (size, curve, st) in &specs {
            let mut b = a.clone();
            if sized && size.is_some() {
                b = b.size(*size);
            } else if curved && curve.is_some() {
                b = b.curve(curve.as_deref());
            } else {
                continue;
            }
            used = true;
            let mut tt = t.clone();
            tt.extend(st.iter().copied());
            next.push((b, tt));
        }
        if !used {
            next.push((a.clone(), t.clone()));
        }
    }
    *out = next;
}

/// What an `initialize`/`init` argument can say: sizes or curves, each with its trail.
type Spec = (Option<u32>, Option<String>, Vec<u32>);

fn spec(r: &Resolver<'_>, v: &V<'_>) -> Vec<Spec> {
    let one = |size: Option<u32>, curve: Option<String>| -> Vec<Spec> {
        if size.is_none() && curve.is_none() {
            Vec::new()
        } else {
            vec![(size, curve, v.trail.clone())]
        }
    };
    match &v.val {
        Val::Int(n) => one(Some(*n), None),
        Val::Str(s) => one(None, normalize_curve(s)),
        Val::Obj(p, c) => {
            let nth = |pos: u8| -> Vec<V<'_>> {
                arg(c, Slot { pos, kw: "" })
                    .map(|e| r.eval(e, c.scope))
                    .unwrap_or_default()
            };
            let (vals, curve) = match last(p) {
                "ECGenParameterSpec"
                | "ECNamedCurveGenParameterSpec"
                | "getParameterSpec"
                | "getByName" => (nth(0), true),
                "RSAKeyGenParameterSpec"
                | "DHGenParameterSpec"
                | "DSAGenParameterSpec"
                | "DSAParameterGenerationParameters" => (nth(0), false),
                "RSAKeyGenerationParameters" => (nth(2), false),
                _ => (Vec::new(), false),
            };
            vals.iter()
                .filter_map(|x| {
                    let mut t = v.trail.clone();
                    t.extend(x.trail.iter().copied());
                    if curve {
                        curve_of(x).map(|cv| (None, Some(cv), t))
                    } else {
                        size_of(x).map(|n| (Some(n), None, t))
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
