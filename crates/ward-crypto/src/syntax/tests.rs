//! Every API row's example gives its family; the resolver follows values through the constructs
//! people write.

use super::apis::APIS;
use super::scan;
use crate::lang::Lang;

fn names(lang: Lang, code: &str) -> Vec<String> {
    scan(code, lang)
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.algo.name())
        .collect()
}

#[test]
fn every_row_example_is_found_on_its_last_line() {
    for api in APIS {
        let got = scan(api.example, api.lang).unwrap_or_default();
        let last = u32::try_from(api.example.lines().count()).unwrap();
        assert!(
            got.iter().any(|f| f.rule == api.id && f.line == last),
            "{} ({}): {:?}",
            api.id,
            api.callee,
            got
        );
    }
}

#[test]
fn python_values_through_names() {
    let code = "import cryptography.hazmat.primitives.asymmetric.ec as asym\n\
                CURVES = (asym.SECP256R1(), asym.SECP384R1())\n\
                def pick(i):\n    return CURVES[i]\n\
                k = asym.generate_private_key(pick(1))\n";
    let n = names(Lang::Python, code);
    assert!(n.contains(&"ECDSA-P384".to_owned()), "{n:?}");
}

#[test]
fn rebinding_a_name_thousands_of_times_stays_bounded() {
    let mut code =
        String::from("from cryptography.hazmat.primitives.asymmetric import rsa\nbits = 1024\n");
    for _ in 0..3000 {
        code.push_str("bits = bits + bits\n");
    }
    code.push_str("rsa.generate_private_key(65537, bits)\n");
    let n = names(Lang::Python, &code);
    assert!(n.iter().any(|a| a.starts_with("RSA")), "{n:?}");
}

#[test]
fn deep_nesting_is_cut_not_overflowed() {
    let code = format!(
        "x = {}1{}\nrsa.generate_private_key(65537, x)\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let _ = names(Lang::Python, &code);
    let code = format!(
        "class A {{ void f() {{ int x = {}1{}; }} }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let _ = names(Lang::Java, &code);
    let code = format!(
        "package p\nfunc f() {{ x := {}1{} }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let _ = names(Lang::Go, &code);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Token soup from the constructs the resolver follows: never a panic, every line in range.
    #[test]
    fn token_soup_never_panics(toks in proptest::collection::vec(proptest::sample::select(vec![
        "import ", "from ", " as ", "ec.", "rsa.", "generate_private_key(", "GenerateKey(", "(", ")",
        "=", ":=", "[", "]", "{", "}", "\n", "def f(x=", "return ", "for c in ", "for _, c := range ",
        ":", ",", "\"RSA\"", "'EC'", "2048", "c", "x", "self.", "this.", "new ", "func f(x int) {",
        "KeyPairGenerator.getInstance(", ".initialize(", "f(", "x.f(", " + ", " * ", " if c else ",
        "class A:", "    ", "*", "package p\n", "\"crypto/rsa\"", "ecdh.P256()", "SECP384R1()",
    ]), 0..60)) {
        let code: String = toks.concat();
        let lines = code.split('\n').count();
        for lang in [Lang::Python, Lang::Java, Lang::Go] {
            for f in scan(&code, lang).unwrap_or_default() {
                proptest::prop_assert!(f.line >= 1 && (f.line as usize) <= lines);
                for l in &f.trail {
                    proptest::prop_assert!(*l >= 1 && (*l as usize) <= lines);
                }
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// The parse gate never skips a file a parse finds uses in, whatever comments, strings and
    /// look-alike names surround the calls.
    #[test]
    fn gate_hides_no_finding(toks in proptest::collection::vec(proptest::sample::select(vec![
        "import ", "from cryptography.hazmat.primitives.asymmetric import ec\n", "\"crypto/rsa\"",
        "ec.", "rsa.", "generate_private_key(", "GenerateKey(", "ECDSA(", "ECDSAKey(", "MyECDSA(",
        "new RSAEngine()", "new MyRSAEngine()", "(", ")", "{", "}", "[", "]", "\n", "=", ",", "x",
        "#", "//", "/*", "*/", "\"", "'", "`", "\"\"\"", "'''", "f\"", "rb'", "f'{", "\\", ":",
        "2048", "SECP384R1()", "package p\nfunc f() {", "class A { void f() {", "def f():\n    ",
        "from Crypto.PublicKey.ECC import construct\n", "construct(", "RSA", ".generate(",
        "self.r = RSA\n", "self.r", "import stdrsa \"crypto/rsa\"\n", "stdrsa.SignPSS(", "ECC",
        "\u{FFFD}", "é", "@", "$", "?",
    ]), 0..40)) {
        let code: String = toks.concat();
        for path in ["a.py", "A.java", "a.go"] {
            proptest::prop_assert!(
                !crate::syntax::gate_misses(std::path::Path::new(path), &code),
                "{path}: {code:?}"
            );
        }
    }
}

/// `apis::lookup` compares last segments as plain suffixes: no row may end with a wildcard.
#[test]
fn no_row_ends_with_a_wildcard() {
    assert!(APIS.iter().all(|a| !a.callee.ends_with('*')));
}

/// Bytes that may end a comment or a string for tree-sitter's lexers although not for a plain
/// reading (NUL is their end-of-input mark): the gate must not hide the code after them.
#[rstest::rstest]
fn gate_reads_odd_bytes_as_the_grammars_do(
    #[values("\0", "\r", "\x0b", "\x0c", "\u{85}", "\u{2028}", "\u{FFFD}")] odd: &str,
    #[values(
        ("a.py", "# x{odd} rsa.generate_private_key(1)\n"),
        ("a.py", "s = 'x{odd}' ; rsa.generate_private_key(1) ; t = 'y'\n"),
        ("a.py", "s = \"\"\"x{odd}\"\"\" ; rsa.generate_private_key(1)\n"),
        ("A.java", "class A {{ void f() {{ // x{odd} new RSAEngine();\n }} }}"),
        ("A.java", "class A {{ void f() {{ /* x{odd} */ new RSAEngine(); }} }}"),
        ("A.java", "class A {{ void f() {{ String s = \"x{odd}\"; new RSAEngine(); }} }}"),
        ("a.go", "package p\nfunc f() {{ // x{odd} rsa.GenerateKey(r, 1024)\n }}"),
        ("a.go", "package p\nfunc f() {{ s := 'x{odd}'; rsa.GenerateKey(r, 1024) }}"),
    )]
    case: (&str, &str),
) {
    let (path, code) = case;
    let code = code
        .replace("{odd}", odd)
        .replace("{{", "{")
        .replace("}}", "}");
    assert!(
        !crate::syntax::gate_misses(std::path::Path::new(path), &code),
        "{path}: {code:?}"
    );
}
