use super::*;

/// `WARD_SEXP=FILE cargo test -p ward-core --lib print_trees -- --ignored
/// --nocapture` prints tree-sitter-bash's tree of each line of FILE (`\n`
/// stands for a newline): how the hand parser's shapes were learned.
#[test]
#[ignore = "prints trees for study"]
fn print_trees() {
    let Ok(path) = std::env::var("WARD_SEXP") else {
        return;
    };
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let line = line.replace("\\n", "\n");
        let tree = parse_tree_sitter(&line).unwrap();
        let hand = if parse_hand(&line).is_some() {
            "taken"
        } else {
            "declined"
        };
        println!("{line:?} ({hand})\n  {}", tree.root_node().to_sexp());
    }
}
