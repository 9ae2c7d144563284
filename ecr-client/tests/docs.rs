//! What a newcomer reads first: the crate's example makes a call that changes nothing,
//! and every setter says whether the call needs it.

/// The documentation lines right above `pub fn {name}(` in generated source.
fn docs_above(source: &str, name: &str) -> String {
    let at = source.find(&format!("pub fn {name}(")).unwrap_or_else(|| panic!("no `{name}`"));
    source[..at].lines().rev().skip(1).take_while(|line| line.trim_start().starts_with("///")).collect()
}

#[test]
fn setters_say_whether_they_are_required() {
    let source = include_str!("../src/fluent_builders/list_images.rs");
    assert!(docs_above(source, "repository_name").contains("**Required**"));
    assert!(docs_above(source, "set_repository_name").contains("**Required**"));
    assert!(docs_above(source, "max_results").contains("Optional."));
    let input = include_str!("../../ecr-model/src/operation/list_images.rs");
    let field = input.find("pub repository_name:").unwrap();
    assert!(input[..field].rsplit("pub ").next().unwrap().contains("**Required**"));
}

#[test]
fn the_first_example_reads_and_composes_with_the_crate_error() {
    let lib = include_str!("../src/lib.rs");
    let example = &lib[..lib.find("```\n").unwrap_or(lib.len())];
    assert!(example.contains("client.describe_repositories().send().await?"), "{example}");
    assert!(example.contains("Result<(), ecr_client::Error>"), "{example}");
    for verb in ["delete_", "put_", "create_", "batch_delete", "start_", "update_", "tag_"] {
        assert!(!example.contains(verb), "the first example must change nothing: {example}");
    }
}
