//! Rust names for model names: heck for the casing, one keyword rule, and the
//! crate-name rule for `sdkId`.
//!
//! Fields and modules use raw identifiers (`r#type`) where Rust allows them and a
//! trailing `_` where it does not (`self_`); derived names (`set_type`) are built
//! from the plain word.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers as they are (Rust 2024 keywords and reserved words).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A snake-case name: the plain word and its escaped identifier spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnakeName {
    /// Escaped identifier (`r#type`, `self_`, `image_ids`).
    pub ident: String,
    /// The plain word (`type`, `self`, `image_ids`), for building derived names.
    pub word: String,
}

/// The Rust names of an operation's generated items.
pub fn operation_names(model_name: &str) -> crate::ir::OperationNames {
    let marker = type_name(model_name);
    crate::ir::OperationNames {
        error: format!("{marker}Error"),
        fluent_builder: format!("{marker}FluentBuilder"),
        paginator: format!("{marker}Paginator"),
        marker,
    }
}

/// The Rust name of a structure's builder.
pub fn builder_name(structure_name: &str) -> String {
    format!("{structure_name}Builder")
}

/// Type (and enum/union variant) name: UpperCamelCase, `_` appended to keywords.
pub fn type_name(model_name: &str) -> String {
    let mut name = model_name.to_upper_camel_case();
    if name.is_empty() {
        name.push('X');
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Field, accessor and module name: snake_case, raw identifier for keywords.
pub fn snake_name(model_name: &str) -> SnakeName {
    let mut word = model_name.to_snake_case();
    if word.is_empty() {
        word.push('x');
    }
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        word.insert(0, 'n');
    }
    let ident = if NOT_RAW.contains(&word.as_str()) {
        format!("{word}_")
    } else if KEYWORDS.contains(&word.as_str()) {
        format!("r#{word}")
    } else {
        word.clone()
    };
    SnakeName { ident, word }
}

/// Crate-name stem from an `aws.api#service` `sdkId`, as AWS SDKs derive it:
/// lower case, runs of spaces and separators become one `-`, other characters dropped.
pub fn crate_stem(sdk_id: &str) -> String {
    let mut stem = String::new();
    for c in sdk_id.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if (c == ' ' || c == '-' || c == '_') && !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() { "service".to_owned() } else { stem }
}

/// The suffix for an environment variable name from an `sdkId` (`AWS_ENDPOINT_URL_<this>`).
pub fn env_suffix(sdk_id: &str) -> String {
    crate_stem(sdk_id).replace('-', "_").to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_from_real_spellings() {
        let cases = [
            ("RCTAppliedFor", "RctAppliedFor"),
            ("AES256", "Aes256"),
            ("KMS_DSSE", "KmsDsse"),
            ("K8s", "K8s"),
            ("EcrPublic", "EcrPublic"),
            ("ImageDetail", "ImageDetail"),
            ("Self", "Self_"),
            ("String", "String"),
            ("type", "Type"),
            ("BASIC", "Basic"),
            ("SCAN_ON_PUSH", "ScanOnPush"),
        ];
        for (input, expected) in cases {
            assert_eq!(type_name(input), expected, "{input}");
        }
    }

    #[test]
    fn snake_names_escape_keywords() {
        let cases = [
            ("type", "r#type", "type"),
            ("Key", "key", "key"),
            ("imageIds", "image_ids", "image_ids"),
            ("self", "self_", "self"),
            ("Self", "self_", "self"),
            ("super", "super_", "super"),
            ("crate", "crate_", "crate"),
            ("async", "r#async", "async"),
            ("gen", "r#gen", "gen"),
            ("RCTAppliedFor", "rct_applied_for", "rct_applied_for"),
            ("nextToken", "next_token", "next_token"),
        ];
        for (input, ident, word) in cases {
            assert_eq!(snake_name(input), SnakeName { ident: ident.to_owned(), word: word.to_owned() }, "{input}");
        }
    }

    #[test]
    fn crate_stems_follow_sdk_id() {
        assert_eq!(crate_stem("ECR"), "ecr");
        assert_eq!(crate_stem("DynamoDB"), "dynamodb");
        assert_eq!(crate_stem("Elastic Load Balancing v2"), "elastic-load-balancing-v2");
        assert_eq!(crate_stem("  "), "service");
        assert_eq!(env_suffix("Elastic Load Balancing v2"), "ELASTIC_LOAD_BALANCING_V2");
    }
}
