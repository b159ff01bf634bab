//! Collection under faults, through the fault-injecting proxy (`tests/faultproxy.py`) that
//! `scripts/test.sh` starts between posture and moto: transient faults lose nothing, persistent
//! ones become ERROR findings naming the call, a call that never answers cannot hold the run, and
//! every request of a full audit is a read.
//!
//! The audits read the sandbox that `scripts/test.sh` seeds into moto's `eu-west-2` (and the
//! global IAM and S3), a region no other test writes to, so that runs compare exactly.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Output;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{emulator, json, posture_at, stderr};

const PROXY: &str = "POSTURE_TEST_FAULTS";
const REGION: &str = "eu-west-2";

/// A run that has not ended by then is a hang, whatever the faults.
const HANG_GUARD: Duration = Duration::from_secs(240);

/// Each test owns one port of the proxy (its own settings and request log).
pub(crate) mod port {
    pub const BASELINE: u16 = 0;
    pub const TRANSIENT: u16 = 1;
    pub const HEAVY: u16 = 2;
    pub const PERSISTENT: u16 = 3;
    pub const HANG: u16 = 4;
    pub const NOTHING_ANSWERS: u16 = 5;
    pub const READ_ONLY: u16 = 6;
    pub const SECRETS: u16 = 7;
    /// The organization audit's refused AssumeRole (tests/it/organizations.rs).
    pub const ORGANIZATION: u16 = 8;
    pub const ONE_CHECK: u16 = 9;
    /// The organization run started from a delegated administrator (tests/it/organization_wide.rs).
    pub const DELEGATED: u16 = 10;
}

/// The proxy's address for one test: the base port from the test command plus `offset`.
pub(crate) fn proxy(offset: u16) -> String {
    let base = emulator(PROXY);
    let (host, port) = base
        .trim_start_matches("http://")
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("{PROXY}={base} is not host:port"));
    let port: u16 = port.parse().expect("a port number");
    let address = format!("{host}:{}", port + offset);
    assert!(
        TcpStream::connect(&address).is_ok(),
        "the fault proxy does not listen on {address}: run the suite with scripts/test.sh"
    );
    format!("http://{address}")
}

/// One plain HTTP/1.0 exchange with the proxy's control interface; returns the body.
fn control(endpoint: &str, method: &str, path: &str, body: &str) -> String {
    let address = endpoint.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("the proxy accepts");
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {address}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("request sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_string()
}

pub(crate) fn configure(endpoint: &str, settings: Value) {
    control(endpoint, "POST", "/__faults/config", &settings.to_string());
}

fn request_log(endpoint: &str) -> Vec<Value> {
    serde_json::from_str(&control(endpoint, "GET", "/__faults/log", "")).expect("a JSON log")
}

fn audit(endpoint: &str, extra: &[&str]) -> Output {
    posture_at(endpoint)
        .args([
            "audit",
            "--region",
            REGION,
            "--format",
            "json",
            "--no-progress",
        ])
        .args(extra)
        .timeout(HANG_GUARD)
        .output()
        .expect("posture runs")
}

/// A finding as the comparisons see it: check, resource, status, and the message for verdicts
/// (an ERROR's message names whichever fault came last, so only its status is compared).
type Seen = (String, String, String, String);

fn seen(report: &Value) -> BTreeSet<Seen> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let status = f["status"].as_str().unwrap_or_default().to_string();
            let message = if status == "ERROR" {
                String::new()
            } else {
                f["message"].as_str().unwrap_or_default().to_string()
            };
            (
                f["check_id"].as_str().unwrap_or_default().to_string(),
                f["resource"]["id"].as_str().unwrap_or_default().to_string(),
                status,
                message,
            )
        })
        .collect()
}

/// The fault-free audit every faulty one is compared with, run once.
fn baseline() -> &'static (Value, BTreeSet<Seen>) {
    static BASELINE: OnceLock<(Value, BTreeSet<Seen>)> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let endpoint = proxy(port::BASELINE);
        configure(&endpoint, json!({}));
        let output = audit(&endpoint, &[]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{}",
            stderr(&output)
        );
        let report = json(&output);
        let seen = seen(&report);
        assert!(
            seen.iter()
                .filter(|(.., status, _)| status == "PASS")
                .count()
                > 20
                && seen
                    .iter()
                    .filter(|(.., status, _)| status == "FAIL")
                    .count()
                    > 20,
            "the seeded sandbox gives verdicts: {seen:?}"
        );
        (report, seen)
    })
}

fn stats(report: &Value) -> &Value {
    report
        .get("stats")
        .unwrap_or_else(|| panic!("a live audit's report has stats: {report}"))
}

/// The findings of `report` that differ from the baseline's (by check and resource).
fn lost(report: &Value) -> Vec<Value> {
    let (baseline_report, _) = baseline();
    let key = |f: &Value| {
        ["check_id", "status"]
            .map(|field| f[field].to_string())
            .join(" ")
            + &f["resource"]["id"].to_string()
    };
    let expected: BTreeSet<_> = baseline_report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(key)
        .collect();
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !expected.contains(&key(f)))
        .cloned()
        .collect()
}

#[test]
fn transient_faults_on_a_fifth_of_calls_lose_nothing() {
    let (_, expected) = baseline();
    let endpoint = proxy(port::TRANSIENT);
    for seed in [1, 2, 3] {
        configure(
            &endpoint,
            json!({"rate": 0.2, "seed": seed, "slow_seconds": 0.5,
                   "kinds": ["throttle", "internal", "reset", "truncate", "slow"]}),
        );
        let output = audit(&endpoint, &[]);
        let report = json(&output);
        let faults = request_log(&endpoint)
            .iter()
            .filter(|entry| !entry["fault"].is_null())
            .count();
        assert!(
            faults > 10,
            "seed {seed}: the proxy injected {faults} faults"
        );
        assert_eq!(
            &seen(&report),
            expected,
            "seed {seed}: findings differ from the fault-free run: {:#?}",
            lost(&report)
        );
        let stats = stats(&report);
        assert!(stats["retries"].as_u64() > Some(0), "{stats}");
        assert!(stats["throttled_attempts"].as_u64() > Some(0), "{stats}");
        assert_eq!(stats["throttled"], true);
        assert!(stderr(&output).contains("throttled"), "{}", stderr(&output));
        let notes = report["notes"].to_string();
        assert!(notes.contains("throttled"), "{notes}");
    }
}

#[test]
fn at_two_fifths_the_run_ends_and_every_lost_verdict_says_throttled() {
    baseline();
    let endpoint = proxy(port::HEAVY);
    configure(
        &endpoint,
        json!({"rate": 0.4, "seed": 40, "kinds": ["throttle"]}),
    );
    // Few attempts, so that some calls do run out of retries.
    let output = audit(&endpoint, &["--max-attempts", "3"]);
    let report = json(&output);
    let lost = lost(&report);
    assert!(
        !lost.is_empty(),
        "with 3 attempts at 40 % some verdicts are lost"
    );
    for finding in &lost {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("throttled past its retries (3 attempts)"),
            "{finding}"
        );
    }
    assert_eq!(stats(&report)["throttled"], true);
}

#[test]
fn a_persistent_fault_on_one_api_errors_exactly_the_checks_that_need_it() {
    let (_, expected) = baseline();
    let endpoint = proxy(port::PERSISTENT);
    configure(
        &endpoint,
        json!({"api": "iam:GetAccountPasswordPolicy", "kinds": ["throttle"]}),
    );
    let report = json(&audit(&endpoint, &["--max-attempts", "3"]));
    let changed: BTreeSet<Seen> = seen(&report).difference(expected).cloned().collect();
    let checks: BTreeSet<&str> = changed.iter().map(|(check, ..)| check.as_str()).collect();
    assert_eq!(
        checks,
        BTreeSet::from([
            "iam.password_policy_min_length",
            "iam.password_policy_reuse_prevention"
        ]),
        "{changed:?}"
    );
    assert_eq!(
        expected.len(),
        seen(&report).len(),
        "no finding appears or vanishes"
    );
    for finding in lost(&report) {
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("iam:GetAccountPasswordPolicy failed: throttled past its retries"),
            "{finding}"
        );
    }

    // A call whose failure changes what the mutelist sees: no verdict moves, and the notes say it.
    // Tags are read only when something uses them: here the saved snapshot, which a later audit
    // may judge with tag rules.
    configure(
        &endpoint,
        json!({"api": "s3:GetBucketTagging", "kinds": ["malformed"]}),
    );
    let kept = tempfile::tempdir().expect("temp dir");
    let snapshot = kept.path().join("inventory.json");
    let snapshot = snapshot.to_str().expect("a UTF-8 path");
    let report = json(&audit(&endpoint, &["--save-snapshot", snapshot]));
    let now = seen(&report);
    let moved: Vec<&Seen> = now.symmetric_difference(expected).collect();
    assert!(moved.is_empty(), "{moved:#?}");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("s3:GetBucketTagging failed for") && notes.contains("mute rules"),
        "{notes}"
    );

    // A bucket whose region could not be read is said so, not silently given the session's.
    configure(
        &endpoint,
        json!({"api": "s3:GetBucketLocation", "kinds": ["internal"]}),
    );
    let report = json(&audit(&endpoint, &["--max-attempts", "2"]));
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("s3:GetBucketLocation failed for") && notes.contains("region is unknown"),
        "{notes}"
    );
}

#[test]
fn a_response_that_never_comes_ends_the_run_within_its_time_budget() {
    let endpoint = proxy(port::HANG);
    configure(
        &endpoint,
        json!({"api": "ec2:DescribeSecurityGroups", "kinds": ["hang"]}),
    );
    let output = audit(&endpoint, &["--timeout", "8"]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let report = json(&output);
    let timed_out: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("ec2:DescribeSecurityGroups failed: no answer before"))
        })
        .collect();
    assert!(!timed_out.is_empty(), "{report}");
    assert!(timed_out.iter().all(|f| f["status"] == "ERROR"));
    assert!(stats(&report)["calls_out_of_time"].as_u64() >= Some(1));
    assert!(
        stderr(&output).contains("--timeout budget ran out"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn reports_are_written_when_nothing_answers_and_the_run_exits_3() {
    let endpoint = proxy(port::NOTHING_ANSWERS);
    configure(
        &endpoint,
        json!({"rate": 1.0, "kinds": ["throttle"], "spare": ["sts:GetCallerIdentity"]}),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let output = posture_at(&endpoint)
        .args([
            "audit",
            "--region",
            REGION,
            "--no-progress",
            "--max-attempts",
            "2",
        ])
        .arg("--output-dir")
        .arg(dir.path())
        .timeout(HANG_GUARD)
        .output()
        .expect("posture runs");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("posture-report.json"))
        .expect("the JSON report is written");
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["status"] == "ERROR"));
    assert!(
        findings.iter().all(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.contains("throttled past its retries"))),
        "{text}"
    );
    for file in ["posture-report.sarif", "posture-report.junit.xml"] {
        assert!(dir.path().join(file).is_file(), "{file} is written");
    }
}

/// The README's promise that posture never changes the account rests on this test.
#[test]
fn a_full_audit_makes_only_read_calls() {
    let endpoint = proxy(port::READ_ONLY);
    configure(&endpoint, json!({}));
    let output = posture_at(&endpoint)
        .args(["audit", "--region", "us-east-1", "--region", REGION])
        .args(["--format", "json", "--no-progress"])
        .timeout(HANG_GUARD)
        .output()
        .expect("posture runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let log = request_log(&endpoint);
    assert!(
        log.len() > 50,
        "a full audit makes many calls: {}",
        log.len()
    );
    let allowed = [
        "GenerateCredentialReport",
        "GetCallerIdentity",
        "AssumeRole",
    ];
    for entry in &log {
        let api = entry["api"].as_str().unwrap_or_default();
        let action = api.split_once(':').map_or(api, |(_, action)| action);
        let read = match entry["protocol"].as_str() {
            // REST protocols say what they do with the HTTP method, except the APIs that POST
            // every operation to a path naming it (Account's `POST /getAlternateContact`,
            // Inspector's `POST /status/batch/get`).
            Some("s3" | "s3control" | "rest-json") => {
                let path = api.split_once(' ').map_or("", |(_, path)| path);
                let named_read = path.split('/').any(|segment| {
                    let segment = segment.to_ascii_lowercase();
                    ["get", "list", "describe"]
                        .iter()
                        .any(|verb| segment.starts_with(verb))
                });
                matches!(entry["method"].as_str(), Some("GET" | "HEAD"))
                    || (entry["method"].as_str() == Some("POST") && named_read)
            }
            _ => {
                ["Get", "List", "Describe"]
                    .iter()
                    .any(|prefix| action.starts_with(prefix))
                    || allowed.contains(&action)
            }
        };
        assert!(read, "not a read call: {entry}");
    }
}

#[test]
fn no_output_report_snapshot_or_error_contains_the_credentials() {
    const KEY_ID: &str = "AKIAPOSTURELEAKCHECK";
    const SECRET: &str = "posture-leak-secret-3f9c0b7e1d";
    const TOKEN: &str = "posture-leak-session-token-8a2d6c4f0e";
    let endpoint = proxy(port::SECRETS);
    // Some faults, so that error messages are written too.
    configure(
        &endpoint,
        json!({"rate": 0.3, "seed": 5, "kinds": ["throttle", "internal", "malformed"]}),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let with_secrets = |endpoint: &str| {
        let mut command = posture_at(endpoint);
        command
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN)
            .timeout(HANG_GUARD);
        command
    };
    let mut outputs = vec![
        with_secrets(&endpoint)
            .args(["audit", "--region", REGION, "--max-attempts", "2"])
            .arg("--output-dir")
            .arg(dir.path())
            .arg("--save-snapshot")
            .arg(dir.path().join("snapshot.json"))
            .output()
            .expect("posture runs"),
        with_secrets(&endpoint)
            .args(["audit", "--region", REGION, "--max-attempts", "2"])
            .output()
            .expect("posture runs"),
        with_secrets("http://127.0.0.1:9")
            .args(["audit", "--region", REGION])
            .output()
            .expect("posture runs"),
    ];
    configure(&endpoint, json!({"rate": 1.0, "kinds": ["internal"]}));
    outputs.push(
        with_secrets(&endpoint)
            .args(["collect", "--region", REGION, "--max-attempts", "1", "-o"])
            .arg(dir.path().join("collected.json"))
            .output()
            .expect("posture runs"),
    );
    let mut texts: Vec<(String, String)> = Vec::new();
    for (n, output) in outputs.iter().enumerate() {
        texts.push((format!("run {n} stdout"), crate::common::stdout(output)));
        texts.push((format!("run {n} stderr"), stderr(output)));
    }
    for entry in std::fs::read_dir(dir.path()).expect("report dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable report");
        texts.push((path.display().to_string(), text));
    }
    assert!(
        texts.len() >= 10,
        "every report format was written: {texts:?}"
    );
    for (what, text) in &texts {
        for secret in [KEY_ID, SECRET, TOKEN] {
            assert!(!text.contains(secret), "{what} contains {secret}");
        }
    }
}

/// The calls one audit of `check` made, by API, and its report.
fn calls_for_one_check(
    endpoint: &str,
    check: &str,
) -> (std::collections::BTreeMap<String, usize>, Value) {
    configure(endpoint, json!({}));
    let output = audit(endpoint, &["--check", check]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let mut calls = std::collections::BTreeMap::<String, usize>::new();
    for entry in request_log(endpoint) {
        let api = entry["api"].as_str().unwrap_or_default().to_string();
        *calls.entry(api).or_default() += 1;
    }
    (calls, json(&output))
}

/// Collection follows the selected checks down to single calls: the ACL check reads ACLs, Block
/// Public Access and Object Ownership, and nothing of encryption, versioning, logging or tags; a
/// security group check lists security groups and nothing else of EC2; the root hardware MFA
/// check reads the account summary and the virtual MFA devices, and nothing else of IAM.
#[test]
fn one_check_makes_only_the_calls_it_needs() {
    let endpoint = proxy(port::ONE_CHECK);
    let (calls, report) = calls_for_one_check(&endpoint, "s3.bucket_no_public_acl");
    let buckets = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["check_id"] == "s3.bucket_no_public_acl")
        .count();
    assert!(buckets > 3, "the sandbox has buckets: {buckets}");
    for unneeded in [
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketVersioning",
        "s3:GetBucketLogging",
        "s3:GetBucketTagging",
        "s3:GetBucketPolicy",
        "s3:GetBucketPolicyStatus",
    ] {
        assert!(
            !calls.contains_key(unneeded),
            "{unneeded} called: {calls:?}"
        );
    }
    for needed in [
        "s3:GetBucketAcl",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketOwnershipControls",
    ] {
        assert_eq!(calls.get(needed), Some(&buckets), "{needed}: {calls:?}");
    }
    assert!(
        calls
            .keys()
            .all(|api| api.starts_with("s3") || api.starts_with("sts:")),
        "only S3 (and the identity call): {calls:?}"
    );

    let only = |apis: &[&str]| -> Vec<String> {
        let mut apis: Vec<String> = apis.iter().map(|api| api.to_string()).collect();
        apis.push("sts:GetCallerIdentity".to_string());
        apis.sort();
        apis
    };
    let (calls, _) = calls_for_one_check(&endpoint, "ec2.sg_no_all_traffic_open");
    assert_eq!(
        calls.keys().cloned().collect::<Vec<_>>(),
        only(&["ec2:DescribeSecurityGroups"]),
        "{calls:?}"
    );
    let (calls, _) = calls_for_one_check(&endpoint, "iam.root_hardware_mfa_enabled");
    assert_eq!(
        calls.keys().cloned().collect::<Vec<_>>(),
        only(&["iam:GetAccountSummary", "iam:ListVirtualMFADevices"]),
        "{calls:?}"
    );
    let (calls, _) = calls_for_one_check(&endpoint, "kms.key_not_pending_deletion");
    assert_eq!(
        calls.keys().cloned().collect::<Vec<_>>(),
        only(&["kms:DescribeKey", "kms:ListAliases", "kms:ListKeys"]),
        "no key policy or rotation status: {calls:?}"
    );
}
