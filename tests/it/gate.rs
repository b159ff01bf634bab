//! The CI gate of `examples/github-actions.yml`, run for real minus the hosted runner: deploy into
//! an emulator, audit with `--fail-on high` and the emulator mutelist, and read the exit code.
//! It owns its own moto instance (POSTURE_TEST_GATE), because it hardens the account it audits.

use std::process::Command;

use crate::common::{emulator, posture_at, root, stderr};

fn seed(endpoint: &str, mode: &str) {
    let python = std::env::var("POSTURE_TEST_PYTHON")
        .expect("POSTURE_TEST_PYTHON is not set: run the suite with scripts/test.sh");
    let status = Command::new(python)
        .current_dir(root())
        .args([
            "localstack/seed_sandbox.py",
            "--endpoint-url",
            endpoint,
            "--mode",
            mode,
        ])
        .output()
        .expect("the seeding script runs");
    assert!(
        status.status.success(),
        "seeding ({mode}) failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn gate(endpoint: &str, report_dir: &std::path::Path) -> i32 {
    let output = posture_at(endpoint)
        .args([
            "audit",
            "--region",
            "us-east-1",
            "--fail-on",
            "high",
            "--mutelist",
            "localstack/emulator-mutelist.toml",
        ])
        .args([
            "--format",
            "json",
            "--format",
            "sarif",
            "--format",
            "junit",
            "--output-dir",
        ])
        .arg(report_dir)
        .output()
        .expect("runs");
    for file in [
        "posture-report.json",
        "posture-report.sarif",
        "posture-report.junit.xml",
    ] {
        assert!(
            report_dir.join(file).is_file(),
            "{file} was not written: {}",
            stderr(&output)
        );
    }
    output.status.code().expect("exited")
}

#[test]
fn the_gate_fails_a_misconfigured_account_and_passes_a_hardened_one() {
    let endpoint = emulator("POSTURE_TEST_GATE");
    let dir = tempfile::tempdir().expect("temp dir");

    seed(&endpoint, "misconfigured");
    assert_eq!(
        gate(&endpoint, &dir.path().join("red")),
        1,
        "a misconfigured sandbox must fail the gate"
    );

    seed(&endpoint, "hardened");
    let green = dir.path().join("green");
    let code = gate(&endpoint, &green);
    if code != 0 {
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(green.join("posture-report.json")).expect("report"),
        )
        .expect("json");
        let failing: Vec<String> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| {
                f["status"] == "FAIL"
                    && ["high", "critical"].contains(&f["severity"].as_str().unwrap_or(""))
            })
            .map(|f| {
                format!(
                    "{} {}: {}",
                    f["check_id"], f["resource"]["id"], f["message"]
                )
            })
            .collect();
        panic!(
            "a hardened sandbox must pass the gate, but these still fail:\n{}",
            failing.join("\n")
        );
    }
}
