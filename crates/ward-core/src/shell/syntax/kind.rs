//! Node kinds and field names as small integer ids, so a tree stores two
//! bytes where it stored two string slices and a walker compares integers.
//!
//! The kinds the hand parser builds (and a few more a walker looks for) have
//! fixed ids with constants; every other name tree-sitter-bash can give a
//! node gets an id after them, from a table built once from the grammar.

use std::sync::OnceLock;

/// A node's kind: an id for one of tree-sitter-bash's kind names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Kind(u16);

/// The field a node fills in its parent: an id for one of
/// tree-sitter-bash's field names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field(u8);

macro_rules! names {
    ($ty:ident, $int:ty, $table:ident, $index:ident, $($c:ident = $s:literal,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum $index { $($c,)* }
        #[allow(missing_docs)]
        impl $ty { $(pub const $c: $ty = $ty($index::$c as $int);)* }
        const $table: &[&str] = &[$($s,)*];
    };
}

names!(
    Kind,
    u16,
    FIXED,
    KindIndex,
    PROGRAM = "program",
    COMMENT = "comment",
    COMMAND = "command",
    COMMAND_NAME = "command_name",
    WORD = "word",
    NUMBER = "number",
    CONCATENATION = "concatenation",
    RAW_STRING = "raw_string",
    STRING = "string",
    STRING_CONTENT = "string_content",
    SIMPLE_EXPANSION = "simple_expansion",
    EXPANSION = "expansion",
    COMMAND_SUBSTITUTION = "command_substitution",
    VARIABLE_NAME = "variable_name",
    SPECIAL_VARIABLE_NAME = "special_variable_name",
    VARIABLE_ASSIGNMENT = "variable_assignment",
    VARIABLE_ASSIGNMENTS = "variable_assignments",
    FILE_REDIRECT = "file_redirect",
    FILE_DESCRIPTOR = "file_descriptor",
    REDIRECTED_STATEMENT = "redirected_statement",
    PIPELINE = "pipeline",
    LIST = "list",
    SUBSHELL = "subshell",
    COMPOUND_STATEMENT = "compound_statement",
    FOR_STATEMENT = "for_statement",
    WHILE_STATEMENT = "while_statement",
    DO_GROUP = "do_group",
    IF_STATEMENT = "if_statement",
    ELIF_CLAUSE = "elif_clause",
    ELSE_CLAUSE = "else_clause",
    ERROR = "ERROR",
    HEREDOC_REDIRECT = "heredoc_redirect",
    HERESTRING_REDIRECT = "herestring_redirect",
    FUNCTION_DEFINITION = "function_definition",
    DECLARATION_COMMAND = "declaration_command",
    UNSET_COMMAND = "unset_command",
    TEST_COMMAND = "test_command",
    NEGATED_COMMAND = "negated_command",
    CASE_STATEMENT = "case_statement",
    PROCESS_SUBSTITUTION = "process_substitution",
    ARITHMETIC_EXPANSION = "arithmetic_expansion",
    ANSI_C_STRING = "ansi_c_string",
    TRANSLATED_STRING = "translated_string",
    BRACE_EXPRESSION = "brace_expression",
    C_STYLE_FOR_STATEMENT = "c_style_for_statement",
    SEMI = ";",
    AMP = "&",
    AND_AND = "&&",
    OR_OR = "||",
    PIPE = "|",
    PIPE_AMP = "|&",
    LPAREN = "(",
    RPAREN = ")",
    LBRACE = "{",
    RBRACE = "}",
    DOLLAR = "$",
    DOLLAR_BRACE = "${",
    DOLLAR_PAREN = "$(",
    QUOTE = "\"",
    EQUALS = "=",
    AMP_GT_GT = "&>>",
    AMP_GT = "&>",
    GT_GT = ">>",
    GT_AMP = ">&",
    GT_PIPE = ">|",
    GT = ">",
    LT = "<",
    FOR = "for",
    IN = "in",
    WHILE = "while",
    UNTIL = "until",
    DO = "do",
    DONE = "done",
    IF = "if",
    THEN = "then",
    ELIF = "elif",
    ELSE = "else",
    FI = "fi",
);

names!(
    Field,
    u8,
    FIELDS,
    FieldIndex,
    NONE = "",
    ALTERNATIVE = "alternative",
    ARGUMENT = "argument",
    BODY = "body",
    CONDITION = "condition",
    CONSEQUENCE = "consequence",
    DESCRIPTOR = "descriptor",
    DESTINATION = "destination",
    FALLTHROUGH = "fallthrough",
    INDEX = "index",
    INITIALIZER = "initializer",
    LEFT = "left",
    NAME = "name",
    OPERATOR = "operator",
    REDIRECT = "redirect",
    RIGHT = "right",
    TERMINATION = "termination",
    UPDATE = "update",
    VALUE = "value",
    VARIABLE = "variable",
);

impl Kind {
    /// tree-sitter-bash's name for this kind (an operator's own text for
    /// anonymous tokens).
    pub fn name(self) -> &'static str {
        let i = usize::from(self.0);
        match FIXED.get(i) {
            Some(name) => name,
            None => grammar().names.get(i - FIXED.len()).copied().unwrap_or(""),
        }
    }

    /// The kind tree-sitter-bash calls `name`, if it has one.
    pub fn of(name: &str) -> Option<Kind> {
        let i = FIXED.iter().position(|n| *n == name).or_else(|| {
            let rest = grammar().names.iter().position(|n| *n == name)?;
            Some(rest + FIXED.len())
        })?;
        u16::try_from(i).ok().map(Kind)
    }

    /// The kind of a tree-sitter node (its symbol, else its name).
    pub(super) fn of_ts(node: &tree_sitter::Node<'_>) -> Option<Kind> {
        let by_symbol = &grammar().by_symbol;
        match by_symbol.get(usize::from(node.kind_id())) {
            Some(&id) if id != u16::MAX => Some(Kind(id)),
            _ => Kind::of(node.kind()),
        }
    }
}

impl Field {
    /// tree-sitter-bash's name for this field.
    pub fn name(self) -> &'static str {
        FIELDS.get(usize::from(self.0)).copied().unwrap_or("")
    }

    /// The field tree-sitter-bash calls `name`, if it has one.
    pub fn of(name: &str) -> Option<Field> {
        let i = FIELDS.iter().skip(1).position(|n| *n == name)?;
        u8::try_from(i + 1).ok().map(Field)
    }

    pub(super) fn is_none(self) -> bool {
        self == Field::NONE
    }
}

/// The grammar's kind names beyond [`FIXED`], and each grammar symbol's
/// kind id (`u16::MAX` where the name has none).
struct Grammar {
    names: Vec<&'static str>,
    by_symbol: Vec<u16>,
}

fn grammar() -> &'static Grammar {
    static GRAMMAR: OnceLock<Grammar> = OnceLock::new();
    GRAMMAR.get_or_init(|| {
        let lang: tree_sitter::Language = tree_sitter_bash::LANGUAGE.into();
        let mut names: Vec<&'static str> = Vec::new();
        let count = u16::try_from(lang.node_kind_count()).unwrap_or(u16::MAX);
        let symbols = (0..count).filter_map(|s| lang.node_kind_for_id(s));
        for name in symbols.chain(["_ERROR"]) {
            if !FIXED.contains(&name) && !names.contains(&name) {
                names.push(name);
            }
        }
        let id = |name: &str| {
            FIXED
                .iter()
                .chain(&names)
                .position(|n| *n == name)
                .and_then(|i| u16::try_from(i).ok())
                .unwrap_or(u16::MAX)
        };
        let by_symbol = (0..count)
            .map(|s| lang.node_kind_for_id(s).map_or(u16::MAX, id))
            .collect();
        Grammar { names, by_symbol }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_name_has_a_kind_that_names_it_back() {
        let lang: tree_sitter::Language = tree_sitter_bash::LANGUAGE.into();
        for s in 0..u16::try_from(lang.node_kind_count()).unwrap() {
            let name = lang.node_kind_for_id(s).unwrap();
            assert_eq!(Kind::of(name).unwrap().name(), name);
        }
        assert_eq!(Kind::of("ERROR"), Some(Kind::ERROR));
        for f in 1..=lang.field_count() {
            let name = lang.field_name_for_id(u16::try_from(f).unwrap()).unwrap();
            assert_eq!(Field::of(name).unwrap().name(), name);
        }
    }

    #[test]
    fn fixed_names_are_distinct() {
        for (i, n) in FIXED.iter().enumerate() {
            assert_eq!(FIXED.iter().position(|m| m == n), Some(i), "{n}");
        }
    }
}
