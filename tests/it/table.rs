//! The terminal table over the sandbox fixture: width, colour, what is listed and what collapses.

use crate::common::{audit_fixture, stdout};

/// A fixed selection, so that checks added to the catalogue leave these counts alone: failures of
/// every severity, two RDS checks LocalStack cannot serve, and passes.
const CHECKS: &[&str] = &[
    "config.recorder_all_resources",
    "cloudtrail.s3_object_read_events_logged",
    "iam.root_mfa_enabled",
    "rds.instance_not_public",
    "rds.instance_storage_encrypted",
    "s3.bucket_no_public_policy",
    "s3.bucket_versioning_enabled",
];

fn table(columns: &str, extra: &[&str]) -> String {
    let mut command = audit_fixture(extra);
    for check in CHECKS {
        command.args(["--check", check]);
    }
    let output = command.env("COLUMNS", columns).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    stdout(&output)
}

#[test]
fn fits_80_columns_without_breaking_an_identifier() {
    let text = table("80", &[]);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80 || !line.trim().contains(' '),
            "wider than 80: {line}"
        );
    }
    for id in [
        "config.recorder_all_resources",
        "cloudtrail.s3_object_read_events_logged",
    ] {
        assert!(text.contains(id), "{id} is split or missing");
    }
    // Below 80 the layout stays at 80.
    assert_eq!(table("40", &[]), text);
}

#[test]
fn errors_collapse_per_failed_call_and_passes_per_check() {
    let text = table("100", &[]);
    assert!(
        text.contains("ERROR  rds:DescribeDBInstances is not emulated: 2 checks could not run"),
        "{text}"
    );
    assert_eq!(text.matches("rds:DescribeDBInstances").count(), 1);
    assert!(text.contains("Passed: 6 findings over 2 checks"), "{text}");
    assert!(
        text.contains("PASS   s3.bucket_no_public_policy    4 of 5"),
        "{text}"
    );
    assert!(!text.contains("learn-private's bucket policy has no statement open to everyone"));
    assert!(!text.contains('\u{1b}'), "colour in piped output");
}

#[test]
fn verbose_and_status_list_every_pass() {
    for extra in [&["--verbose"][..], &["--status", "PASS"][..]] {
        let text = table("100", extra);
        assert!(
            text.contains("learn-private's bucket policy has no statement open to everyone"),
            "{extra:?}: {text}"
        );
    }
}

#[test]
fn ends_with_the_summary_then_explain_on_the_worst_failure_then_learn() {
    let text = table("100", &[]);
    let lines: Vec<&str> = text.lines().collect();
    let summary = lines
        .iter()
        .position(|line| line.starts_with("Summary: 6 FAIL, 3 ERROR, 0 MUTED, 6 PASS"))
        .expect("summary");
    let next = lines
        .iter()
        .position(|line| line.starts_with("Next: posture explain config.recorder_all_resources"))
        .expect("the explain hint");
    // The summary takes a line or two, then come the two hints and nothing else.
    assert!(next > summary && next <= summary + 2, "{text}");
    assert!(lines[next + 1].trim_start().starts_with("posture learn"));
    assert_eq!(lines.len(), next + 2);
}

/// The audit run on a pseudo-terminal of `columns` columns (util-linux `script`), as a person
/// at a terminal would see it.
fn on_a_terminal(columns: u16, no_color: Option<&str>) -> String {
    let posture = assert_cmd::cargo::cargo_bin("posture");
    let command = format!(
        "stty cols {columns}; {} audit --from {}",
        posture.display(),
        crate::common::MIXED_SNAPSHOT
    );
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(crate::common::root())
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let output = script.output().expect("util-linux script runs");
    assert!(output.status.success(), "{}", stdout(&output));
    stdout(&output).replace("\r\n", "\n")
}

#[test]
fn on_a_terminal_it_takes_the_terminals_width_and_colour_unless_no_color() {
    let coloured = on_a_terminal(90, None);
    assert!(coloured.contains("\u{1b}[1;31mFAIL\u{1b}[0m"), "{coloured}");
    let plain = on_a_terminal(90, Some("1"));
    assert!(!plain.contains('\u{1b}'), "NO_COLOR still coloured");
    assert!(
        plain.lines().any(|line| line.chars().count() > 80),
        "not using 90 columns"
    );
    for line in plain.lines() {
        assert!(
            line.chars().count() <= 90 || !line.trim().contains(' '),
            "wider than the terminal: {line}"
        );
    }
    // An empty NO_COLOR does not count, as no-color.org says.
    assert!(on_a_terminal(90, Some("")).contains('\u{1b}'));
}
