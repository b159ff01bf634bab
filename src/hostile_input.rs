//! Property tests over every parser of outside data: policy documents as AWS returns them, the
//! credential report, snapshots, mutelists (TOML and YAML) and baselines. Whatever the input, a
//! parser answers with a value or a clear error naming the file (and the line where the format
//! has lines), never a panic; large and deeply nested inputs end (serde's recursion limits keep
//! the nesting from overflowing the stack).

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::app::parse_snapshot;
use crate::baseline::Baseline;
use crate::collect::parse_credential_report;
use crate::mutelist::{Mutelist, Syntax};
use crate::policy::{PolicyDocument, parse_document_text};

const FIXTURE: &str = include_str!("../tests/fixtures/mixed-account.json");

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    }
}

/// A policy-like JSON value: statements built from a small vocabulary, often malformed.
fn policy_value() -> impl Strategy<Value = Value> {
    let word = prop_oneof![
        Just(json!("*")),
        Just(json!("s3:GetObject")),
        Just(json!(["iam:*", "s3:Put*"])),
        Just(json!({"AWS": "*"})),
        Just(json!(null)),
        Just(json!(42)),
        "[a-zA-Z:*%?/ ]{0,12}".prop_map(Value::String),
    ];
    let statement = prop::collection::btree_map(
        prop_oneof![
            Just("Effect".to_string()),
            Just("Action".to_string()),
            Just("NotAction".to_string()),
            Just("Resource".to_string()),
            Just("Principal".to_string()),
            Just("Condition".to_string()),
            "[A-Za-z]{1,8}",
        ],
        word,
        0..6,
    )
    .prop_map(|map| Value::Object(map.into_iter().collect()));
    prop_oneof![
        prop::collection::vec(statement.clone(), 0..5)
            .prop_map(|statements| json!({"Version": "2012-10-17", "Statement": statements})),
        statement.prop_map(|statement| json!({"Statement": statement})),
        Just(json!([])),
        Just(json!("not an object")),
    ]
}

/// `depth` levels of arrays or objects around a value.
fn nested(depth: usize, object: bool) -> String {
    let (open, close) = if object {
        (r#"{"a":"#, "}")
    } else {
        ("[", "]")
    };
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn policy_text_parses_the_same_plain_or_url_encoded(value in policy_value()) {
        let text = value.to_string();
        let encoded = percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let plain = parse_document_text(&text).expect("JSON text parses");
        prop_assert_eq!(&plain, &parse_document_text(&encoded).expect("URL-encoded JSON parses"));
        // The document model accepts or rejects; it never panics.
        let _ = PolicyDocument::parse(&plain);
    }

    #[test]
    fn policy_text_of_any_bytes_is_a_value_or_an_error(text in ".{0,200}") {
        if let Ok(value) = parse_document_text(&text) {
            let _ = PolicyDocument::parse(&value);
        }
    }

    #[test]
    fn the_credential_report_of_any_bytes_is_rows_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        let _ = parse_credential_report(&bytes);
    }

    #[test]
    fn credential_report_rows_keep_their_users(users in prop::collection::vec("[a-z][a-z0-9+=,.@_-]{0,20}", 1..30)) {
        let mut text = String::from("user,arn,password_enabled,mfa_active\n");
        for user in &users {
            // IAM names may hold commas: such a field is quoted.
            text.push_str(&format!("\"{user}\",\"arn:aws:iam::111122223333:user/{user}\",true,false\n"));
        }
        let rows = parse_credential_report(text.as_bytes()).expect("a well-formed report");
        let names: Vec<&str> = rows.iter().map(|row| row.user.as_str()).collect();
        prop_assert_eq!(names, users.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn a_snapshot_cut_anywhere_is_an_error_naming_the_file(cut in 0..FIXTURE.len()) {
        let text = FIXTURE.get(..cut).unwrap_or_default();
        let error = parse_snapshot(text, Path::new("cut.json")).expect_err("a cut snapshot");
        prop_assert!(error.to_string().contains("cut.json"), "{}", error);
    }

    #[test]
    fn a_snapshot_with_one_byte_changed_loads_or_names_the_file(at in 0..FIXTURE.len(), byte in 0x20u8..0x7f) {
        let mut bytes = FIXTURE.as_bytes().to_vec();
        bytes[at] = byte;
        let text = String::from_utf8_lossy(&bytes);
        if let Err(error) = parse_snapshot(&text, Path::new("changed.json")) {
            prop_assert!(error.to_string().contains("changed.json"), "{}", error);
        }
    }

    #[test]
    fn a_mutelist_of_any_text_is_rules_or_an_error_naming_the_file(text in "(.{0,40}\n){0,12}", yaml in any::<bool>()) {
        let (syntax, origin) = if yaml { (Syntax::Yaml, "rules.yaml") } else { (Syntax::Toml, "rules.toml") };
        if let Err(error) = Mutelist::parse(&text, syntax, Path::new(origin)) {
            prop_assert!(error.to_string().starts_with(origin), "{}", error);
        }
    }

    #[test]
    fn a_bad_mutelist_line_is_named(prefix_rules in 0usize..6, yaml in any::<bool>()) {
        // `prefix_rules` good rules, then one rule whose key is unknown: the error names its line.
        let (syntax, origin, good, bad) = if yaml {
            (Syntax::Yaml, "rules.yaml",
             "  - check: s3.*\n    reason: accepted\n", "  - check: s3.*\n    reason: accepted\n    colour: red\n")
        } else {
            (Syntax::Toml, "rules.toml",
             "[[rules]]\ncheck = \"s3.*\"\nreason = \"accepted\"\n",
             "[[rules]]\ncheck = \"s3.*\"\nreason = \"accepted\"\ncolour = \"red\"\n")
        };
        let head = if yaml { "rules:\n" } else { "" };
        let text = format!("{head}{}{bad}", good.repeat(prefix_rules));
        let error = Mutelist::parse(&text, syntax, Path::new(origin)).expect_err("an unknown key");
        let message = error.to_string();
        prop_assert!(message.starts_with(&format!("{origin}:")), "{}", message);
        let line: usize = message[origin.len() + 1..]
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no line in {message}"));
        let rule_lines = good.lines().count();
        let first_line_of_bad = head.lines().count() + prefix_rules * rule_lines + 1;
        prop_assert!(
            (first_line_of_bad..first_line_of_bad + rule_lines + 1).contains(&line),
            "{} (bad rule starts on line {})", message, first_line_of_bad
        );
    }

    #[test]
    fn a_baseline_of_any_json_is_findings_or_an_error_naming_the_file(value in policy_value()) {
        if let Err(error) = Baseline::parse(&value.to_string(), Path::new("old.json")) {
            prop_assert!(error.to_string().contains("old.json"), "{}", error);
        }
    }
}

/// Far deeper than any parser's recursion limit (serde_json's is 128).
const DEPTH: usize = 5_000;

#[test]
fn deeply_nested_inputs_are_errors_not_stack_overflows() {
    for object in [false, true] {
        let deep = nested(DEPTH, object);
        assert!(parse_document_text(&deep).is_err());
        assert!(parse_snapshot(&deep, Path::new("deep.json")).is_err());
        assert!(Baseline::parse(&deep, Path::new("deep.json")).is_err());
        let yaml = if object {
            format!("rules: {}", "{a: ".repeat(DEPTH))
        } else {
            format!("rules: {}", "[".repeat(DEPTH))
        };
        assert!(Mutelist::parse(&yaml, Syntax::Yaml, Path::new("deep.yaml")).is_err());
        let toml = format!("rules = {}", "[".repeat(DEPTH));
        assert!(Mutelist::parse(&toml, Syntax::Toml, Path::new("deep.toml")).is_err());
    }
}

#[test]
fn large_inputs_are_parsed_in_one_pass() {
    let statements: Vec<Value> = (0..20_000)
        .map(|n| json!({"Effect": "Allow", "Action": format!("s3:Get{n}"), "Resource": "*"}))
        .collect();
    let text = json!({"Version": "2012-10-17", "Statement": statements}).to_string();
    let value = parse_document_text(&text).expect("a large document parses");
    let document = PolicyDocument::parse(&value).expect("a large document is a policy");
    assert_eq!(document.allows().count(), 20_000);
    let mut report = String::from("user,arn,password_enabled\n");
    for n in 0..50_000 {
        report.push_str(&format!(
            "user{n},arn:aws:iam::111122223333:user/user{n},false\n"
        ));
    }
    assert_eq!(
        parse_credential_report(report.as_bytes())
            .expect("a large report parses")
            .len(),
        50_000
    );
}
