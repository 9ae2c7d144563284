//! Client-side validation through shapes ECR does not have: a self-recursive
//! structure (its boxed member is validated like any other) and a map whose keys
//! carry constraints and whose values do not.

#![allow(deprecated)]

use std::collections::HashMap;

use aws_client_runtime::validation::violations;
use hazards_client::operation::get_thing::GetThingInput;
use hazards_client::types::Filter;

fn messages(input: &GetThingInput) -> Vec<String> {
    violations(input).iter().map(ToString::to_string).collect()
}

#[test]
fn a_recursive_structure_is_validated_at_every_level() {
    let deep = Filter::builder().name("").build();
    let middle = Filter::builder().name("ok").not(deep.clone()).any(deep).build();
    let input = GetThingInput::builder().r#type("t").filter(Filter::builder().not(middle).build()).build();
    assert_eq!(
        messages(&input),
        [
            "`filter.not.not.name` must have 1 to 64 characters, has 0",
            "`filter.not.any[0].name` must have 1 to 64 characters, has 0",
        ]
    );
    let valid = Filter::builder().name("n").not(Filter::builder().name("m").build()).build();
    assert!(messages(&GetThingInput::builder().r#type("t").filter(valid).build()).is_empty());
}

#[test]
fn map_keys_alone_carry_constraints() {
    let labels: HashMap<String, String> =
        [("", "empty key"), ("fine", ""), ("far-too-long", "x")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
    let input = GetThingInput::builder().r#type("t").filter(Filter::builder().set_labels(Some(labels)).build()).build();
    let mut found = messages(&input);
    found.sort();
    assert_eq!(
        found,
        [
            "`filter.labels[\"\"]` must have 1 to 8 characters, has 0",
            "`filter.labels[\"far-too-long\"]` must have 1 to 8 characters, has 12",
        ]
    );
}

#[test]
fn unicode_patterns_are_validated_by_character() {
    // `^[\p{L}\p{Zs}\u0027\x2D]*$`: letters of any script, spaces, apostrophes, hyphens.
    let check = |display: &str| {
        let input = GetThingInput::builder().r#type("t").filter(Filter::builder().display(display).build()).build();
        messages(&input)
    };
    for valid in ["Zoë O'Brien-Smith", "日本語 テキスト", "Ελληνικά", ""] {
        assert!(check(valid).is_empty(), "{valid}: {:?}", check(valid));
    }
    for invalid in ["R2-D2", "semi;colon", "tab\there"] {
        assert_eq!(
            check(invalid),
            [r"`filter.display` must match the pattern `^[\p{L}\p{Zs}\u0027\x2D]*$`"],
            "{invalid}"
        );
    }
}
