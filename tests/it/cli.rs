//! The command line: exit codes, bad input, filters, offline audits. No emulator needed.

use std::time::Duration;

use predicates::str::contains;

use crate::common::{
    MIXED_SNAPSHOT, audit_fixture, fixture, json, posture, stderr, stdout, temp_file,
};

/// Generous: these must fail in seconds; the bound only turns a hang into a failure.
const HANG_GUARD: Duration = Duration::from_secs(60);

#[test]
fn checks_lists_the_registry_as_json() {
    let output = posture()
        .args(["checks", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let catalog = json(&output);
    assert_eq!(catalog["schema"], "posture.checks/v1");
    let ids: Vec<&str> = catalog["checks"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(ids.contains(&"iam.root_mfa_enabled"));
    assert!(ids.contains(&"s3.bucket_no_public_acl"));
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    for check in catalog["checks"].as_array().expect("list") {
        for field in [
            "title",
            "service",
            "severity",
            "owner",
            "layer",
            "service_model",
        ] {
            assert!(check[field].is_string(), "{field} missing in {check}");
        }
    }
}

#[test]
fn checks_filters_by_service_and_rejects_unknown_services() {
    let output = posture()
        .args(["checks", "--service", "s3", "--format", "json"])
        .output()
        .expect("runs");
    let catalog = json(&output);
    assert!(
        catalog["checks"]
            .as_array()
            .expect("list")
            .iter()
            .all(|c| c["service"] == "s3")
    );
    posture()
        .args(["checks", "--service", "nosuch"])
        .assert()
        .code(2)
        .stderr(contains("unknown service 'nosuch'"));
}

#[test]
fn cis_coverage_marks_covered_and_manual_recommendations() {
    let output = posture()
        .args(["checks", "--compliance", "cis_aws_3_0", "--format", "json"])
        .output()
        .expect("runs");
    let coverage = json(&output);
    let recommendations = coverage["recommendations"].as_array().expect("list");
    let by_id = |id: &str| {
        recommendations
            .iter()
            .find(|r| r["id"] == id)
            .expect("listed")
            .clone()
    };
    assert!(
        by_id("1.5")["checks"]
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c == "iam.root_mfa_enabled")
    );
    assert_eq!(by_id("1.1")["assessment"], "manual");
    assert!(coverage["covered"].as_u64().expect("count") >= 1);
}

/// Issue 13's bar: every automated recommendation of both CIS versions has a check.
#[test]
fn every_automated_cis_recommendation_is_covered() {
    for framework in ["cis_aws_3_0", "cis_aws_5_0"] {
        let output = posture()
            .args(["checks", "--compliance", framework, "--format", "json"])
            .output()
            .expect("runs");
        let coverage = json(&output);
        let uncovered: Vec<&serde_json::Value> = coverage["recommendations"]
            .as_array()
            .expect("list")
            .iter()
            .filter(|r| r["assessment"] == "automated")
            .filter(|r| {
                r["checks"]
                    .as_array()
                    .is_none_or(|checks| checks.is_empty())
            })
            .map(|r| &r["id"])
            .collect();
        assert!(
            uncovered.is_empty(),
            "{framework}: automated but not covered: {uncovered:?}"
        );
    }
}

/// v5.0 renumbers v3.0: the same check covers 1.5 there and 1.4 here, and an audit can be narrowed
/// to the checks that map to v5.0.
#[test]
fn cis_5_0_coverage_uses_its_own_numbering_and_selects_an_audit() {
    let output = posture()
        .args(["checks", "--compliance", "cis_aws_5_0", "--format", "json"])
        .output()
        .expect("runs");
    let coverage = json(&output);
    assert_eq!(coverage["framework"], "cis_aws_5_0");
    let recommendations = coverage["recommendations"].as_array().expect("list");
    let checks_of = |id: &str| {
        recommendations
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))["checks"]
            .clone()
    };
    assert_eq!(
        checks_of("1.4"),
        serde_json::json!(["iam.root_mfa_enabled"])
    );
    assert_eq!(
        checks_of("5.1.1"),
        serde_json::json!(["ec2.ebs_encryption_by_default"])
    );
    assert_eq!(coverage["total"], 63);
    posture()
        .args(["checks", "--compliance", "cis_aws_5_0"])
        .assert()
        .success()
        .stdout(contains("recommendations covered"));
    let audit = audit_fixture(&["--compliance", "cis_aws_5_0", "--format", "json"])
        .output()
        .expect("runs");
    let findings = json(&audit)["findings"]
        .as_array()
        .expect("findings")
        .clone();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["compliance"].get("cis_aws_5_0").is_some()),
        "every finding of a cis_aws_5_0 audit maps to v5.0"
    );
}

#[test]
fn explain_prints_the_learning_card() {
    posture()
        .args(["explain", "iam.root_mfa_enabled"])
        .assert()
        .success()
        .stdout(contains("Owner: customer"))
        .stdout(contains("Why this side of the line"))
        .stdout(contains("cis_aws_3_0 1.5"));
    posture()
        .args(["explain", "iam.nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown check 'iam.nope'"));
}

#[test]
fn offline_audit_prints_owners_and_a_summary() {
    let output = audit_fixture(&[]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Customer: security IN the cloud"), "{text}");
    assert!(text.contains("Summary:"), "{text}");
}

#[test]
fn fail_on_sets_the_exit_code() {
    audit_fixture(&["--fail-on", "high", "--quiet"])
        .assert()
        .code(1);
    audit_fixture(&[
        "--fail-on",
        "high",
        "--quiet",
        "--check",
        "iam.root_no_access_keys",
    ])
    .assert()
    .code(0);
}

#[test]
fn two_runs_give_byte_identical_findings() {
    let run = || {
        let output = audit_fixture(&["--format", "json"]).output().expect("runs");
        json(&output)["findings"].to_string()
    };
    assert_eq!(run(), run());
}

#[test]
fn json_report_follows_the_spec_shape() {
    let output = audit_fixture(&["--format", "json"]).output().expect("runs");
    let report = json(&output);
    assert_eq!(report["schema"], "posture.report/v1");
    assert_eq!(report["tool"]["name"], "posture");
    for key in ["id", "partition", "caller_arn"] {
        assert!(report["account"][key].is_string(), "account.{key}");
    }
    assert!(report["target"]["regions"].is_array());
    for status in ["PASS", "FAIL", "ERROR", "MUTED"] {
        assert!(report["summary"][status].is_u64(), "summary.{status}");
        assert!(report["summary"]["by_owner"]["customer"][status].is_u64());
        assert!(report["summary"]["by_severity"]["critical"][status].is_u64());
    }
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for finding in findings {
        for key in [
            "check_id",
            "title",
            "service",
            "severity",
            "status",
            "message",
            "owner",
            "layer",
            "service_model",
            "remediation",
        ] {
            assert!(finding[key].is_string(), "finding.{key} in {finding}");
        }
        for key in ["id", "type", "region"] {
            assert!(finding["resource"][key].is_string(), "resource.{key}");
        }
        assert!(finding["compliance"].is_object());
        assert!(finding.get("muted_reason").is_some());
    }
    let total: u64 = ["PASS", "FAIL", "ERROR", "MUTED"]
        .iter()
        .map(|s| report["summary"][s].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, findings.len() as u64);
}

#[test]
fn status_filters_what_is_shown_but_not_the_exit_code() {
    let output = audit_fixture(&["--format", "json", "--status", "FAIL", "--fail-on", "low"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert!(
        report["findings"]
            .as_array()
            .expect("list")
            .iter()
            .all(|f| f["status"] == "FAIL")
    );
}

#[test]
fn selection_flags_narrow_the_audit() {
    let output = audit_fixture(&["--format", "json", "--service", "ec2", "--severity", "high"])
        .output()
        .expect("runs");
    let report = json(&output);
    for finding in report["findings"].as_array().expect("list") {
        assert_eq!(finding["service"], "ec2");
        assert!(["high", "critical"].contains(&finding["severity"].as_str().expect("severity")));
    }
    audit_fixture(&["--check", "nope.*"])
        .assert()
        .code(2)
        .stderr(contains("no check matches"));
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.json");
    audit_fixture(&["--format", "json", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("json");
    assert_eq!(report["schema"], "posture.report/v1");
}

#[test]
fn quiet_prints_only_the_summary_line() {
    let output = audit_fixture(&["--quiet"]).output().expect("runs");
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("Summary:"));
}

#[test]
fn bad_flags_exit_2() {
    posture().args(["audit", "--no-such-flag"]).assert().code(2);
    posture()
        .args(["audit", "--format", "yaml"])
        .assert()
        .code(2);
    posture()
        .args(["audit", "--fail-on", "severe"])
        .assert()
        .code(2);
    audit_fixture(&["--format", "json", "--format", "table"])
        .assert()
        .code(2);
}

#[test]
fn bad_snapshots_exit_2_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_json = temp_file(dir.path(), "bad.json", "{ not json");
    let wrong_schema = temp_file(
        dir.path(),
        "old.json",
        r#"{"schema": "posture.inventory/v0"}"#,
    );
    let mut unknown_field: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(MIXED_SNAPSHOT)).expect("fixture"))
            .expect("json");
    unknown_field["surprise"] = serde_json::json!(1);
    let unknown_field = temp_file(dir.path(), "unknown.json", &unknown_field.to_string());
    for (path, reason) in [
        (not_json, "is not valid JSON"),
        (wrong_schema, "expected 'posture.inventory/v1'"),
        (unknown_field, "surprise"),
        (dir.path().join("missing.json"), "cannot read snapshot"),
    ] {
        let output = posture()
            .arg("audit")
            .arg("--from")
            .arg(&path)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        let message = stderr(&output);
        assert!(message.contains(reason), "{message}");
        assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    }
}

#[test]
fn no_credentials_fail_fast_with_exit_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = posture()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_CONFIG_FILE", dir.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.path().join("credentials"),
        )
        .env("AWS_REGION", "us-east-1")
        .args(["audit", "--no-progress"])
        .timeout(HANG_GUARD)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("credentials"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
}

#[test]
fn unreachable_endpoint_fails_fast_with_exit_3() {
    let output = posture()
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .args([
            "audit",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
        ])
        .timeout(HANG_GUARD)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("cannot reach http://127.0.0.1:9"),
        "{message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "{message}");
}

#[test]
fn an_unknown_region_fails_fast_with_exit_3() {
    posture()
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .args(["audit", "--region", "Mars_1"])
        .timeout(HANG_GUARD)
        .assert()
        .code(3)
        .stderr(contains("invalid region 'Mars_1'"));
}

/// A baseline report of the fixture, restricted by `filter` (extra audit arguments).
fn baseline(dir: &std::path::Path, name: &str, filter: &[&str]) -> std::path::PathBuf {
    let path = dir.join(name);
    audit_fixture(&["--format", "json", "-o"])
        .arg(&path)
        .args(filter)
        .assert()
        .success();
    path
}

#[test]
fn gate_flags_combine_into_the_documented_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let same = baseline(dir.path(), "same.json", &[]);
    let iam_only = baseline(dir.path(), "iam-only.json", &["--service", "iam"]);
    let mute_everything = temp_file(
        dir.path(),
        "mute.toml",
        "[[rules]]\ncheck = \"*\"\nreason = \"accepted risk\"\n",
    );
    let same = same.to_str().expect("utf-8 path");
    let iam_only = iam_only.to_str().expect("utf-8 path");
    let mute = mute_everything.to_str().expect("utf-8 path");
    // The fixture has critical FAILs and ERRORs (LocalStack lacks CloudTrail and RDS).
    let cases: &[(&[&str], i32)] = &[
        (&[], 0),
        (&["--fail-on", "critical"], 1),
        (&["--fail-on", "informational"], 1),
        (&["--fail-on-error"], 1),
        (&["--fail-on", "critical", "--mutelist", mute], 0),
        (&["--fail-on-error", "--mutelist", mute], 0),
        (&["--baseline", same, "--fail-on-new"], 0),
        (
            &["--baseline", same, "--fail-on-new", "--fail-on", "low"],
            0,
        ),
        (&["--baseline", same, "--fail-on-new", "--fail-on-error"], 0),
        (&["--baseline", same, "--fail-on", "critical"], 1),
        (&["--baseline", iam_only, "--fail-on-new"], 1),
        (
            &["--baseline", iam_only, "--fail-on-new", "--check", "iam.*"],
            0,
        ),
        (
            &[
                "--baseline",
                iam_only,
                "--fail-on-new",
                "--fail-on-error",
                "--service",
                "iam",
                "--service",
                "s3",
            ],
            1,
        ),
    ];
    for (flags, expected) in cases {
        let output = audit_fixture(&["--quiet"])
            .args(*flags)
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(*expected),
            "flags {flags:?}: {}",
            stderr(&output)
        );
    }
    audit_fixture(&["--fail-on-new"]).assert().code(2);
}

#[test]
fn a_baseline_marks_new_unchanged_and_resolved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let iam_only = baseline(dir.path(), "iam-only.json", &["--service", "iam"]);
    let output = audit_fixture(&[
        "--format",
        "json",
        "--service",
        "iam",
        "--service",
        "s3",
        "--baseline",
    ])
    .arg(&iam_only)
    .output()
    .expect("runs");
    let report = json(&output);
    for finding in report["findings"].as_array().expect("findings") {
        let expected = if finding["service"] == "iam" {
            "unchanged"
        } else {
            "new"
        };
        assert_eq!(finding["baseline"], expected, "{finding}");
    }
    assert_eq!(report["resolved"], serde_json::json!([]));
    let narrower = audit_fixture(&["--format", "json", "--check", "iam.root_*", "--baseline"])
        .arg(&iam_only)
        .output()
        .expect("runs");
    assert_eq!(
        json(&narrower)["resolved"],
        serde_json::json!([]),
        "checks the narrower run did not select resolve nothing"
    );
}

#[test]
fn a_malformed_mutelist_is_rejected_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = temp_file(
        dir.path(),
        "bad.toml",
        "[[rules]]\ncheck = \"*\"\nreason = \"x\"\nexpire = \"2027-01-01\"\n",
    );
    let output = audit_fixture(&["--mutelist"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("bad.toml:4") && message.contains("expire"),
        "{message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(
        stdout(&output).is_empty(),
        "nothing audited, nothing printed"
    );
}

#[test]
fn responsibility_maps_the_services_in_use() {
    let output = posture()
        .args([
            "responsibility",
            "--from",
            MIXED_SNAPSHOT,
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let map = json(&output);
    assert_eq!(map["schema"], "posture.responsibility/v1");
    let services = map["services"].as_array().expect("services");
    let s3 = services
        .iter()
        .find(|s| s["service"] == "s3")
        .expect("the fixture uses S3");
    assert_eq!(s3["model"], "saas");
    assert!(!s3["aws"].as_array().expect("aws side").is_empty());
    assert!(s3["customer_status"]["FAIL"].as_u64().expect("count") > 0);
    let rds = services
        .iter()
        .find(|s| s["service"] == "rds")
        .expect("listed, not dropped");
    assert!(
        rds["usage_unknown"]
            .as_str()
            .expect("LocalStack served no RDS")
            .contains("rds:DescribeDBInstances"),
        "{rds}"
    );
    assert!(
        services
            .iter()
            .all(|s| s["service"] != "efs" || s["usage_unknown"].is_string())
    );
    let table = posture()
        .args(["responsibility", "--from", MIXED_SNAPSHOT])
        .output()
        .expect("runs");
    assert!(stdout(&table).contains("AWS secures (inherited)"));
}

#[test]
fn an_audit_where_every_check_errored_exits_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A snapshot in which nothing could be collected: every check can only say ERROR.
    let empty = temp_file(
        dir.path(),
        "nothing.json",
        r#"{"schema": "posture.inventory/v1",
            "account": {"id": "111122223333", "partition": "aws", "caller_arn": "arn:aws:iam::111122223333:user/a"},
            "target": {"endpoint_url": null, "regions": []},
            "collected_at": "2026-11-01T00:00:00Z"}"#,
    );
    let output = posture()
        .arg("audit")
        .arg("--from")
        .arg(&empty)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("every check errored"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn status_filter_keeps_the_summary_of_everything_computed() {
    let all = json(&audit_fixture(&["--format", "json"]).output().expect("runs"));
    let failing = json(
        &audit_fixture(&["--format", "json", "--status", "fail"])
            .output()
            .expect("runs"),
    );
    assert_eq!(failing["summary"], all["summary"]);
    assert!(
        failing["findings"]
            .as_array()
            .expect("list")
            .iter()
            .all(|f| f["status"] == "FAIL")
    );
}

#[test]
fn selection_flags_that_match_no_check_are_a_usage_error() {
    audit_fixture(&["--check", "s3.*", "--service", "iam"])
        .assert()
        .code(2)
        .stderr(contains("match no check"));
    audit_fixture(&["--owner", "aws"])
        .assert()
        .code(2)
        .stderr(contains("inherited"));
}

#[test]
fn output_dir_without_formats_writes_every_report_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    audit_fixture(&["--output-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "posture-report.csv",
            "posture-report.html",
            "posture-report.json",
            "posture-report.junit.xml",
            "posture-report.md",
            "posture-report.ocsf.json",
            "posture-report.sarif"
        ]
    );
}

#[test]
fn enumerated_values_ignore_case() {
    audit_fixture(&["--fail-on", "HIGH", "--quiet"])
        .assert()
        .code(1);
    audit_fixture(&["--format", "JSON"]).assert().success();
}

#[test]
fn reports_are_written_even_when_every_check_errored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("rds.json");
    audit_fixture(&["--service", "rds", "--format", "json", "-o"])
        .arg(&report)
        .assert()
        .code(3);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("written")).expect("json");
    assert!(
        written["findings"]
            .as_array()
            .expect("list")
            .iter()
            .all(|f| f["status"] == "ERROR")
    );
}

#[test]
fn explain_and_responsibility_teach_where_the_line_sits() {
    posture()
        .args(["explain", "ec2.sg_no_admin_ports_open_ipv4"])
        .assert()
        .success()
        .stdout(contains("Where the line sits: infrastructure as a service"));
    let output = posture()
        .args([
            "responsibility",
            "--from",
            MIXED_SNAPSHOT,
            "--format",
            "markdown",
        ])
        .output()
        .expect("runs");
    let text = stdout(&output);
    assert!(text.starts_with("## Shared responsibility map"), "{text}");
    assert!(
        text.contains("| Amazon S3 (storage, SaaS-like) | saas |"),
        "{text}"
    );
}

#[test]
fn the_table_marks_new_failures_against_a_baseline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let iam_only = baseline(dir.path(), "iam-only.json", &["--service", "iam"]);
    let output = audit_fixture(&["--service", "iam", "--service", "s3", "--baseline"])
        .arg(&iam_only)
        .output()
        .expect("runs");
    let text = stdout(&output);
    assert!(text.contains("FAIL (new)"), "{text}");
    let summary = text
        .lines()
        .find(|line| line.contains("baseline: "))
        .expect("a baseline summary");
    assert!(summary.ends_with("new FAIL, 0 resolved"), "{summary}");
}

/// Issue 8: a snapshot whose target names a region it holds no data for once audited to zero
/// findings and exit 0. Every regional check must say ERROR on that region instead, and since
/// nothing could be examined, the audit could not be done (exit 3).
#[test]
fn an_audited_region_without_data_is_an_error_never_silence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(MIXED_SNAPSHOT)).expect("fixture"))
            .expect("fixture is JSON");
    snapshot["regions"] = serde_json::json!({});
    let path = temp_file(dir.path(), "no-regions.json", &snapshot.to_string());
    let output = posture()
        .args(["audit", "--from"])
        .arg(&path)
        .args(["--service", "ec2", "--fail-on", "high", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let report = json(&output);
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty(), "no findings at all");
    for finding in findings {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        assert_eq!(finding["resource"]["type"], "AwsRegion", "{finding}");
    }
}

/// The README's check table is generated from the registry; a new or changed check must not leave
/// it behind (`bash scripts/readme-checks.sh` regenerates it).
#[test]
fn the_readme_check_table_is_the_registry() {
    let readme = std::fs::read_to_string(fixture("README.md")).expect("README.md");
    let begin = readme.find("<!-- checks:begin").expect("begin marker");
    let table_start = readme[begin..].find('\n').expect("marker line") + begin + 1;
    let end = readme.find("\n<!-- checks:end -->").expect("end marker");
    let output = posture()
        .args(["checks", "--format", "markdown"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(
        readme[table_start..end].trim_end(),
        stdout(&output).trim_end(),
        "README.md's check table is stale: run `bash scripts/readme-checks.sh`"
    );
}
