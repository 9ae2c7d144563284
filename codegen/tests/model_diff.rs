//! The model comparison (`codegen::diff`) on two real revisions of the ECR model (49 and
//! 58 operations, `tests/fixtures/model_diff/`), both ways, against golden reports and
//! against counts made here independently from the raw JSON; and on a small synthetic
//! pair that exercises every classification the ECR pair does not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::diff::{self, Bump, Impact, Kind, Report};
use serde_json::{Value, json};

const OLDER: &str = include_str!("fixtures/model_diff/ecr-older.json");
const CURRENT: &str = include_str!("fixtures/model_diff/ecr-current.json");

/// Compares `actual` with a golden file; `UPDATE_GOLDEN=1` rewrites it instead.
fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model_diff").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("the golden file is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
        panic!(
            "{} differs from the report (first differing line: {first:?}); rerun with UPDATE_GOLDEN=1 and review\n{actual}",
            path.display()
        );
    }
}

fn report(old: &str, new: &str) -> Report {
    diff::diff(old, new).expect("both revisions read and resolve")
}

fn subjects(report: &Report, kind: Kind) -> Vec<(Impact, &str)> {
    report.changes.iter().filter(|c| c.kind == kind).map(|c| (c.impact, c.subject.as_str())).collect()
}

#[test]
fn older_to_current_report_matches_its_golden_file() {
    let report = report(OLDER, CURRENT);
    check_golden("older-to-current.md", &diff::render_markdown(&report, "ecr-older.json", "ecr-current.json"));
    // The headline: additions and behavioural changes only, so a minor release.
    assert_eq!(report.with_impact(Impact::Breaking).count(), 0, "{:#?}", report.changes);
    assert_eq!(report.bump(), Bump::Minor);
    assert_eq!(report.count(Kind::OperationAdded), 9);
    assert_eq!(report.count(Kind::OperationRemoved), 0);
    assert_eq!(
        subjects(&report, Kind::OperationErrorAdded),
        [
            (
                Impact::Behavioural,
                "operation::put_registry_scanning_configuration::PutRegistryScanningConfigurationError"
            ),
            (Impact::Behavioural, "operation::start_image_scan::StartImageScanError"),
        ]
    );
    assert_eq!(report.count(Kind::EndpointRules), 1, "the rule set was rewritten between the revisions");
}

#[test]
fn current_to_older_reports_every_addition_as_a_breaking_removal() {
    let forward = report(OLDER, CURRENT);
    let backward = report(CURRENT, OLDER);
    check_golden("current-to-older.md", &diff::render_markdown(&backward, "ecr-current.json", "ecr-older.json"));
    assert_eq!(backward.bump(), Bump::Major);
    for (added, removed) in [
        (Kind::OperationAdded, Kind::OperationRemoved),
        (Kind::TypeAdded, Kind::TypeRemoved),
        (Kind::MemberAdded, Kind::MemberRemoved),
        (Kind::EnumValueAdded, Kind::EnumValueRemoved),
    ] {
        let forward_subjects: BTreeSet<&str> = subjects(&forward, added).into_iter().map(|(_, s)| s).collect();
        let backward_subjects: Vec<(Impact, &str)> = subjects(&backward, removed);
        assert!(backward_subjects.iter().all(|(impact, _)| *impact == Impact::Breaking), "{removed:?}");
        let backward_subjects: BTreeSet<&str> = backward_subjects.into_iter().map(|(_, s)| s).collect();
        assert_eq!(forward_subjects, backward_subjects, "{added:?} forward is {removed:?} backward");
    }
    assert_eq!(
        subjects(&backward, Kind::OperationErrorRemoved).len(),
        2,
        "errors an operation loses are breaking: their variants disappear"
    );
}

#[test]
fn identical_revisions_report_nothing() {
    let report = report(CURRENT, CURRENT);
    assert!(report.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.bump(), Bump::None);
}

/// The counts of the report, made again from the raw JSON without the generator.
#[test]
fn counts_match_an_independent_count_from_the_raw_json() {
    let old: Value = serde_json::from_str(OLDER).unwrap();
    let new: Value = serde_json::from_str(CURRENT).unwrap();
    let raw_old = Raw::new(&old);
    let raw_new = Raw::new(&new);
    let report = report(OLDER, CURRENT);

    let ops_added = raw_new.operations.difference(&raw_old.operations).count();
    let ops_removed = raw_old.operations.difference(&raw_new.operations).count();
    assert_eq!((ops_added, ops_removed), (9, 0), "49 → 58 operations");
    assert_eq!(report.count(Kind::OperationAdded), ops_added);
    assert_eq!(report.count(Kind::OperationRemoved), ops_removed);

    let (types_added, errors_added) = raw_new.named_types_not_in(&raw_old);
    let (types_removed, errors_removed) = raw_old.named_types_not_in(&raw_new);
    let reported = |kind: Kind, module: &str| {
        report.changes.iter().filter(|c| c.kind == kind && c.subject.starts_with(module)).count()
    };
    assert_eq!(reported(Kind::TypeAdded, "types::"), types_added);
    assert_eq!(reported(Kind::TypeAdded, "error::"), errors_added);
    assert_eq!(reported(Kind::TypeRemoved, "types::"), types_removed);
    assert_eq!(reported(Kind::TypeRemoved, "error::"), errors_removed);
    assert_eq!((types_added, errors_added, types_removed, errors_removed), (19, 7, 0, 0));

    let (members_added, members_removed) = raw_old.member_changes(&raw_new, "structure");
    assert_eq!(report.count(Kind::MemberAdded), members_added);
    assert_eq!(report.count(Kind::MemberRemoved), members_removed);
    assert_eq!((members_added, members_removed), (18, 0));

    let (values_added, values_removed) = raw_old.member_changes(&raw_new, "enum");
    assert_eq!(report.count(Kind::EnumValueAdded), values_added);
    assert_eq!(report.count(Kind::EnumValueRemoved), values_removed);
    assert_eq!((values_added, values_removed), (8, 0));

    let mut errors_of_operations = (0, 0);
    for (op, old_errors) in &raw_old.operation_errors {
        let Some(new_errors) = raw_new.operation_errors.get(op) else { continue };
        errors_of_operations.0 += new_errors.difference(old_errors).count();
        errors_of_operations.1 += old_errors.difference(new_errors).count();
    }
    assert_eq!(report.count(Kind::OperationErrorAdded), errors_of_operations.0);
    assert_eq!(report.count(Kind::OperationErrorRemoved), errors_of_operations.1);

    let old_tests = raw_old.endpoint_tests();
    let new_tests = raw_new.endpoint_tests();
    assert_eq!((old_tests.len(), new_tests.len()), (53, 26));
    assert_eq!(report.count(Kind::EndpointTestAdded), new_tests.difference(&old_tests).count());
    assert_eq!(report.count(Kind::EndpointTestRemoved), old_tests.difference(&new_tests).count());
}

/// What the tests count in one raw JSON model.
struct Raw<'a> {
    shapes: &'a serde_json::Map<String, Value>,
    operations: BTreeSet<String>,
    operation_errors: BTreeMap<String, BTreeSet<String>>,
    /// Shapes used as an operation's input or output.
    io: BTreeSet<String>,
}

impl<'a> Raw<'a> {
    fn new(model: &'a Value) -> Raw<'a> {
        let shapes = model["shapes"].as_object().unwrap();
        let targets = |value: &Value| -> BTreeSet<String> {
            value.as_array().into_iter().flatten().map(|t| t["target"].as_str().unwrap().to_owned()).collect()
        };
        let service = shapes.values().find(|s| s["type"] == "service").unwrap();
        let operations = targets(&service["operations"]);
        let mut operation_errors = BTreeMap::new();
        let mut io = BTreeSet::new();
        for op in &operations {
            let shape = &shapes[op];
            operation_errors.insert(op.clone(), targets(&shape["errors"]));
            for side in ["input", "output"] {
                if let Some(target) = shape[side]["target"].as_str() {
                    io.insert(target.to_owned());
                }
            }
        }
        Raw { shapes, operations, operation_errors, io }
    }

    /// Structures, enums and unions (then errors) defined here and not in `other`.
    fn named_types_not_in(&self, other: &Raw<'_>) -> (usize, usize) {
        let mut counts = (0, 0);
        for (id, shape) in self.shapes {
            let named = matches!(shape["type"].as_str(), Some("structure" | "enum" | "intEnum" | "union"));
            if !named || other.shapes.contains_key(id) || self.io.contains(id) {
                continue;
            }
            if shape["traits"].get("smithy.api#error").is_some() {
                counts.1 += 1;
            } else {
                counts.0 += 1;
            }
        }
        counts
    }

    /// Members added and removed in shapes of one type present in both models.
    fn member_changes(&self, new: &Raw<'_>, shape_type: &str) -> (usize, usize) {
        let names = |shape: &Value| -> BTreeSet<String> {
            shape["members"].as_object().into_iter().flatten().map(|(name, _)| name.clone()).collect()
        };
        let mut counts = (0, 0);
        for (id, old_shape) in self.shapes {
            let Some(new_shape) = new.shapes.get(id) else { continue };
            if old_shape["type"] != shape_type || new_shape["type"] != shape_type {
                continue;
            }
            let (old_names, new_names) = (names(old_shape), names(new_shape));
            counts.0 += new_names.difference(&old_names).count();
            counts.1 += old_names.difference(&new_names).count();
        }
        counts
    }

    /// The endpoint test cases, as JSON text of their parameters and expectation.
    fn endpoint_tests(&self) -> BTreeSet<String> {
        let service = self.shapes.values().find(|s| s["type"] == "service").unwrap();
        service["traits"]["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|case| format!("{}{}", case["params"], case["expect"]))
            .collect()
    }
}

/// A small service, changed below in every way the ECR pair does not show.
fn synthetic_base() -> Value {
    let unit = |value: &str| json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": value}});
    json!({
        "smithy": "2.0",
        "shapes": {
            "test#Svc": {
                "type": "service", "version": "2020-01-01",
                "operations": [{"target": "test#Get"}, {"target": "test#List"}],
                "traits": {
                    "aws.api#service": {"sdkId": "Synthetic", "endpointPrefix": "synthetic"},
                    "aws.protocols#awsJson1_1": {}
                }
            },
            "test#Get": {
                "type": "operation",
                "input": {"target": "test#GetInput"}, "output": {"target": "test#GetOutput"},
                "errors": [{"target": "test#NotFound"}]
            },
            "test#List": {
                "type": "operation",
                "input": {"target": "test#ListInput"}, "output": {"target": "test#ListOutput"},
                "traits": {"smithy.api#paginated": {"inputToken": "nextToken", "outputToken": "nextToken", "items": "items"}}
            },
            "test#GetInput": {"type": "structure", "members": {"name": {"target": "test#Name"}}, "traits": {"smithy.api#input": {}}},
            "test#GetOutput": {
                "type": "structure",
                "members": {"item": {"target": "test#Item"}, "count": {"target": "smithy.api#Integer"}},
                "traits": {"smithy.api#output": {}}
            },
            "test#ListInput": {"type": "structure", "members": {"nextToken": {"target": "smithy.api#String"}}, "traits": {"smithy.api#input": {}}},
            "test#ListOutput": {
                "type": "structure",
                "members": {"nextToken": {"target": "smithy.api#String"}, "items": {"target": "test#Items"}},
                "traits": {"smithy.api#output": {}}
            },
            "test#Items": {"type": "list", "member": {"target": "test#Item"}},
            "test#Item": {
                "type": "structure",
                "members": {
                    "state": {"target": "test#State"},
                    "size": {"target": "smithy.api#Long", "traits": {"smithy.api#default": 0}},
                    "shape": {"target": "test#Figure"}
                }
            },
            "test#State": {"type": "enum", "members": {"ON": unit("on"), "OFF": unit("off")}},
            "test#Figure": {"type": "union", "members": {"circle": {"target": "smithy.api#Integer"}}},
            "test#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 10}}},
            "test#NotFound": {
                "type": "structure", "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client"}
            },
            "test#Throttled": {
                "type": "structure", "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "server"}
            }
        }
    })
}

#[test]
fn synthetic_changes_are_classified() {
    let old = synthetic_base();
    let mut new = old.clone();
    let shapes = new["shapes"].as_object_mut().unwrap();
    // A new required input member; an output member becoming required; a new default.
    shapes["test#GetInput"]["members"]["owner"] =
        json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
    shapes["test#GetOutput"]["members"]["count"]["traits"] = json!({"smithy.api#required": {}});
    shapes["test#Item"]["members"]["size"]["traits"]["smithy.api#default"] = json!(5);
    // An enum value replaced, a union variant added, a member retyped.
    shapes["test#State"]["members"].as_object_mut().unwrap().remove("OFF");
    shapes["test#State"]["members"]["PAUSED"] =
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "paused"}});
    shapes["test#Figure"]["members"]["square"] = json!({"target": "smithy.api#Integer"});
    shapes["test#ListOutput"]["members"]["nextToken"]["target"] = json!("smithy.api#Integer");
    // No more paginator, a new waiter, a tighter length, one error for another.
    shapes["test#List"].as_object_mut().unwrap().remove("traits");
    shapes["test#Get"]["traits"] = json!({"smithy.waiters#waitable": {"ItemExists": {
        "acceptors": [{"state": "success", "matcher": {"success": true}}]
    }}});
    shapes["test#Name"]["traits"]["smithy.api#length"]["max"] = json!(5);
    shapes["test#Get"]["errors"] = json!([{"target": "test#Throttled"}]);

    let report = report(&old.to_string(), &new.to_string());
    let found: Vec<(Impact, Kind, &str)> =
        report.changes.iter().map(|c| (c.impact, c.kind, c.subject.as_str())).collect();
    use Impact::{Behavioural, Breaking, NonBreaking};
    assert_eq!(
        found,
        [
            (Breaking, Kind::TypeRemoved, "error::NotFound"),
            (Breaking, Kind::MemberAdded, "operation::get::GetInput::owner"),
            (Breaking, Kind::MemberRetyped, "operation::list::ListOutput::next_token"),
            (Breaking, Kind::MemberOptionality, "operation::get::GetOutput::count"),
            (Breaking, Kind::BuilderFallibility, "operation::get::GetOutput"),
            (Breaking, Kind::EnumValueRemoved, "types::State::Off"),
            (Breaking, Kind::OperationErrorRemoved, "operation::get::GetError"),
            (Breaking, Kind::PaginatorRemoved, "Client::list"),
            (Breaking, Kind::ConstraintTightened, "shape Name"),
            (Behavioural, Kind::MemberDefault, "types::Item::size"),
            (Behavioural, Kind::OperationErrorAdded, "operation::get::GetError"),
            (NonBreaking, Kind::TypeAdded, "error::Throttled"),
            (NonBreaking, Kind::EnumValueAdded, "types::State::Paused"),
            (NonBreaking, Kind::UnionVariantAdded, "types::Figure::Square"),
            (NonBreaking, Kind::WaiterAdded, "Client::get"),
        ],
        "{}",
        diff::render_markdown(&report, "old", "new")
    );
    assert_eq!(report.bump(), Bump::Major);
    assert_eq!(Bump::Major.apply("0.3.1").as_deref(), Some("0.4.0"));

    // The same edits undone: removals become additions, tightening becomes loosening.
    let back = diff::diff(&new.to_string(), &old.to_string()).unwrap();
    assert_eq!(subjects(&back, Kind::ConstraintLoosened), [(NonBreaking, "shape Name")]);
    assert_eq!(subjects(&back, Kind::PaginatorAdded), [(NonBreaking, "Client::list")]);
    assert_eq!(subjects(&back, Kind::WaiterRemoved), [(Breaking, "Client::get")]);
}

/// What the resolver decides is compared, not how the model spells it: a paginator
/// whose tokens move from the service's defaults onto the operation is unchanged; a
/// waiter's delay, a constraint reached through list elements, and a `@pattern` the
/// client cannot check are all still seen.
#[test]
fn resolved_paginators_waiters_and_constraints_are_compared() {
    let mut old = synthetic_base();
    let shapes = old["shapes"].as_object_mut().unwrap();
    shapes["test#Svc"]["traits"]["smithy.api#paginated"] =
        json!({"inputToken": "nextToken", "outputToken": "nextToken"});
    shapes["test#List"]["traits"] = json!({"smithy.api#paginated": {"items": "items"}});
    shapes["test#Get"]["traits"] = json!({"smithy.waiters#waitable": {"ItemExists": {
        "acceptors": [{"state": "success", "matcher": {"success": true}}]
    }}});
    shapes["test#GetInput"]["members"]["names"] = json!({"target": "test#Names"});
    shapes["test#GetInput"]["members"]["code"] = json!({"target": "test#Code"});
    shapes.insert("test#Names".to_owned(), json!({"type": "list", "member": {"target": "test#Name"}}));
    shapes.insert("test#Code".to_owned(), json!({"type": "string", "traits": {"smithy.api#pattern": "^(?=a)a+$"}}));

    let mut new = old.clone();
    let shapes = new["shapes"].as_object_mut().unwrap();
    shapes["test#Svc"]["traits"].as_object_mut().unwrap().remove("smithy.api#paginated");
    shapes["test#List"]["traits"] =
        json!({"smithy.api#paginated": {"inputToken": "nextToken", "outputToken": "nextToken", "items": "items"}});
    shapes["test#Get"]["traits"]["smithy.waiters#waitable"]["ItemExists"]["minDelay"] = json!(5);
    shapes["test#Name"]["traits"]["smithy.api#length"]["max"] = json!(5);
    shapes["test#Code"]["traits"]["smithy.api#pattern"] = json!("^(?=b)b+$");

    let report = report(&old.to_string(), &new.to_string());
    let shown = diff::render_markdown(&report, "old", "new");
    assert_eq!(report.count(Kind::PaginatorChanged), 0, "{shown}");
    assert_eq!(subjects(&report, Kind::WaiterChanged), [(Impact::Behavioural, "Client::get")], "{shown}");
    let tightened: Vec<&diff::Change> = report.changes.iter().filter(|c| c.kind == Kind::ConstraintTightened).collect();
    assert_eq!(tightened.len(), 1, "{shown}");
    assert_eq!((tightened[0].impact, tightened[0].subject.as_str()), (Impact::Breaking, "shape Name"));
    assert_eq!(
        tightened[0].affected,
        ["operation::get::GetInput::name", "operation::get::GetInput::names (elements)"],
        "{shown}"
    );
    let changed = subjects(&report, Kind::ConstraintChanged);
    assert_eq!(changed, [(Impact::Behavioural, "shape Code")], "{shown}");
}
