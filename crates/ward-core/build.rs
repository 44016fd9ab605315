//! Converts the embedded default policy from TOML to JSON at build time, so
//! a ward process loads it without parsing TOML (start-up is the hot path).
//! A syntax error in the default policy fails the build.

fn main() {
    let src = "policy/default.toml";
    println!("cargo:rerun-if-changed={src}");
    let text = match std::fs::read_to_string(src) {
        Ok(t) => t,
        Err(e) => fail(&format!("cannot read {src}: {e}")),
    };
    let value: toml::Value = match toml::from_str(&text) {
        Ok(v) => v,
        Err(e) => fail(&format!("{src}: {e}")),
    };
    // Examples are for tests and `ward policy show`, which read the TOML;
    // a running ward does not need them.
    let mut value = value;
    if let Some(rules) = value.get_mut("rule").and_then(toml::Value::as_array_mut) {
        for rule in rules.iter_mut().filter_map(toml::Value::as_table_mut) {
            rule.remove("match");
            rule.remove("not_match");
        }
    }
    let json = match serde_json::to_string(&value) {
        Ok(j) => j,
        Err(e) => fail(&format!("{src}: {e}")),
    };
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default())
        .join("default-policy.json");
    if let Err(e) = std::fs::write(&out, json) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}
