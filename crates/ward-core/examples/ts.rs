use std::io::BufRead;
use ward_core::shell::syntax;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap().replace("\\n", "\n");
        let ts = syntax::parse_tree_sitter(&line).unwrap();
        let h = syntax::parse_hand(&line);
        println!("{line:?}\n  ts:   {}", ts.root_node().to_sexp());
        match h {
            Some(h) => println!(
                "  hand: {} {}",
                if h.root_node() == ts.root_node() {
                    "SAME"
                } else {
                    "DIFF"
                },
                h.root_node().to_sexp()
            ),
            None => println!("  hand: declined"),
        }
    }
}
