//! Output snapshots over the mixed-account fixture: what a user sees must change only on purpose.
//! They cover a fixed selection of checks, so that adding a check to the catalogue does not rewrite
//! them; the renderers' own unit tests and the format validators cover the rest.

use assert_cmd::Command;

use crate::common::{MIXED_SNAPSHOT, json, posture, stdout};

/// Every status, owner and several severities and services: passes and failures on IAM, S3 and EC2,
/// errors where LocalStack serves nothing (CloudTrail, RDS), and AWS- and shared-owned findings.
const SNAPSHOT_CHECKS: &[&str] = &[
    "cloudtrail.multi_region_trail_logging",
    "ec2.default_sg_restricts_all",
    "ec2.sg_no_admin_ports_open_ipv4",
    "iam.root_mfa_enabled",
    "iam.user_console_mfa_enabled",
    "kms.key_rotation_enabled",
    "lambda.runtime_supported",
    "rds.instance_not_public",
    "s3.account_public_access_blocked",
    "s3.bucket_no_public_acl",
    "s3.bucket_no_public_policy",
];

/// `posture audit --from` the fixture over [`SNAPSHOT_CHECKS`].
fn audit_selection() -> Command {
    let mut command = posture();
    command.args(["audit", "--from", MIXED_SNAPSHOT]);
    for check in SNAPSHOT_CHECKS {
        command.args(["--check", check]);
    }
    command
}

#[test]
fn table_snapshot() {
    let output = audit_selection()
        .env("COLUMNS", "100")
        .output()
        .expect("runs");
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_snapshot() {
    let output = audit_selection()
        .args(["--format", "json"])
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
