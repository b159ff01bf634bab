//! The terminal table over the sandbox fixture: width, colour, what is listed and what collapses.

use crate::common::{audit_fixture, stdout};

fn table(columns: &str, extra: &[&str]) -> String {
    let output = audit_fixture(extra)
        .env("COLUMNS", columns)
        .output()
        .expect("runs");
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
        text.contains("ERROR  rds:DescribeDBInstances is not emulated: 4 checks could not run"),
        "{text}"
    );
    assert_eq!(text.matches("rds:DescribeDBInstances").count(), 1);
    assert!(
        text.contains("Passed: 127 findings over 33 checks"),
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
        .position(|line| line.starts_with("Summary: 71 FAIL, 16 ERROR, 0 MUTED, 127 PASS"))
        .expect("summary");
    assert!(lines[summary + 2].starts_with("Next: posture explain config.recorder_all_resources"));
    assert!(lines[summary + 3].trim_start().starts_with("posture learn"));
    assert_eq!(lines.len(), summary + 4);
}
