//! The build itself: `cargo build` (the demo) and `cargo test` (the suite) must compile the AWS SDK
//! once between them, which holds only while both resolve the same features for every crate they
//! share. The test-only dependencies switch extra features on; Cargo.toml pins them for the normal
//! build too, and this test fails when a new dependency brings the two apart again.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::common::root;

/// `name version` -> the feature sets it is built with (one per build context: a crate can be built
/// once for build scripts and once for the target), for the dependency kinds `edges` selects.
fn resolved_features(edges: &str) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root())
        .args(["tree", "--offline", "--locked", "--prefix", "none"])
        .args(["-e", edges, "-f", "{p}|{f}"])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut packages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8(output.stdout).expect("utf-8").lines() {
        let Some((package, features)) = line.trim_end_matches(" (*)").split_once('|') else {
            continue;
        };
        // The root package (a path, not a registry crate) has no features to compare.
        if !package.contains('(') {
            packages
                .entry(package.to_string())
                .or_default()
                .insert(features.to_string());
        }
    }
    packages
}

#[test]
fn the_test_build_reuses_the_normal_build_of_every_shared_crate() {
    let normal = resolved_features("normal,build");
    let with_tests = resolved_features("normal,build,dev");
    let drifted: Vec<String> = normal
        .iter()
        .filter_map(|(package, features)| {
            let test_features = with_tests.get(package)?;
            (test_features != features)
                .then(|| format!("{package}: build has {features:?}, tests have {test_features:?}"))
        })
        .collect();
    assert!(
        drifted.is_empty(),
        "these crates would be compiled twice; pin the test features in Cargo.toml:\n{}",
        drifted.join("\n")
    );
    assert!(
        normal
            .keys()
            .any(|package| package.starts_with("aws-sdk-ec2 "))
    );
}
