//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub const MIXED_SNAPSHOT: &str = "tests/fixtures/mixed-account.json";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    root().join(path)
}

/// The built binary, with an environment that cannot reach real AWS by accident.
pub fn posture() -> Command {
    let mut command = Command::cargo_bin("posture").expect("the posture binary is built");
    command
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .current_dir(root());
    command
}

/// `posture audit --from` the mixed-account fixture, with `extra` arguments.
pub fn audit_fixture(extra: &[&str]) -> Command {
    let mut command = posture();
    command
        .args(["audit", "--from", MIXED_SNAPSHOT])
        .args(extra);
    command
}

/// `posture` pointed at an emulator (through `AWS_ENDPOINT_URL`, as a CI job would) with the
/// dummy credentials emulators accept.
pub fn posture_at(endpoint: &str) -> Command {
    let mut command = posture();
    command
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", endpoint);
    command
}

/// The endpoint of an emulator that `scripts/test.sh` started. Missing means the suite was not run
/// through the test command: fail, never skip.
pub fn emulator(variable: &str) -> String {
    let endpoint = std::env::var(variable).unwrap_or_else(|_| {
        panic!(
            "{variable} is not set: run the suite with scripts/test.sh, which starts the emulators"
        )
    });
    let health = listens(&endpoint);
    assert!(
        health,
        "the emulator at {endpoint} ({variable}) does not answer"
    );
    endpoint
}

/// A plain TCP connect: enough to prove something listens, without an HTTP client dependency.
fn listens(endpoint: &str) -> bool {
    let address = endpoint.trim_start_matches("http://").trim_end_matches('/');
    std::net::TcpStream::connect_timeout(
        &address
            .parse()
            .unwrap_or_else(|_| panic!("{endpoint} is not host:port")),
        std::time::Duration::from_secs(3),
    )
    .is_ok()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

pub fn temp_file(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("writable temp dir");
    path
}
