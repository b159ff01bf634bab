//! Output snapshots over the mixed-account fixture: what a user sees must change only on purpose.

use crate::common::{MIXED_SNAPSHOT, json, posture, stdout};

#[test]
fn table_snapshot() {
    let output = posture()
        .args(["audit", "--from", MIXED_SNAPSHOT])
        .env("COLUMNS", "100")
        .output()
        .expect("runs");
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_snapshot() {
    let output = posture()
        .args(["audit", "--from", MIXED_SNAPSHOT, "--format", "json"])
        .output()
        .expect("runs");
    let mut report = json(&output);
    // The only values that differ between runs.
    report["started_at"] = "<started_at>".into();
    report["duration_ms"] = 0.into();
    report["tool"]["version"] = "<version>".into();
    insta::assert_snapshot!(serde_json::to_string_pretty(&report).expect("json"));
}

#[test]
fn every_format_is_written_by_output_dir() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = posture();
    command
        .args(["audit", "--from", MIXED_SNAPSHOT, "--output-dir"])
        .arg(dir.path());
    for format in ["json", "sarif", "junit", "ocsf", "csv", "markdown", "html"] {
        command.args(["--format", format]);
    }
    command.assert().success();
    for file in [
        "posture-report.json",
        "posture-report.sarif",
        "posture-report.junit.xml",
        "posture-report.ocsf.json",
        "posture-report.csv",
        "posture-report.md",
        "posture-report.html",
    ] {
        let text = std::fs::read_to_string(dir.path().join(file))
            .unwrap_or_else(|_| panic!("{file} written"));
        assert!(!text.trim().is_empty(), "{file} is empty");
    }
}
