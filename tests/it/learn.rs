//! `posture learn` over the sandbox fixture: the tour, and the quiz without a terminal and as JSON.

use crate::common::{MIXED_SNAPSHOT, json, posture, stdout};

fn learn(extra: &[&str]) -> std::process::Output {
    posture()
        .args(["learn", "--from", MIXED_SNAPSHOT])
        .args(extra)
        .env("COLUMNS", "100")
        .output()
        .expect("runs")
}

#[test]
fn the_tour_walks_the_chapters_with_this_accounts_findings() {
    let output = learn(&[]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for chapter in [
        "Chapter 1 of 6. The shared responsibility model",
        "Chapter 2 of 6. Identity",
        "Chapter 3 of 6. Data",
        "Chapter 4 of 6. Network",
        "Chapter 5 of 6. Logging and detection",
        "Chapter 6 of 6. Managed services and where the line moves",
    ] {
        assert!(text.contains(chapter), "{chapter}");
    }
    // The sandbox's own resources, its owners and fixes, whatever the wrapping.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("IaaS: you patch the guest OS"), "{text}");
    assert!(text.contains("Amazon EC2 and VPC"), "{text}");
    assert!(text.contains("learn-all-open"), "{text}");
    assert!(text.contains("Who fixes it: both sides"), "{text}");
    assert!(
        text.contains("$ aws ec2 revoke-security-group-ingress"),
        "{text}"
    );
    assert!(
        text.contains("rds.instance_not_public (rds:DescribeDBInstances failed)"),
        "{text}"
    );
}

#[test]
fn without_a_terminal_the_quiz_prints_questions_with_their_answers() {
    let output = learn(&["--quiz", "--seed", "42", "--questions", "6"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("posture learn --quiz: 6 questions on account 000000000000 (seed 42"),
        "{text}"
    );
    assert_eq!(text.matches("\nQuestion ").count(), 6, "{text}");
    assert_eq!(text.matches("\nAnswer: ").count(), 6, "{text}");
    assert_eq!(text.matches("\nWhy: ").count(), 6, "{text}");
    assert_eq!(
        stdout(&learn(&["--quiz", "--seed", "42", "--questions", "6"])),
        text
    );
}

#[test]
fn the_json_quiz_is_reproducible_and_answers_point_at_options() {
    let args = ["--quiz", "--seed", "7", "--format", "json"];
    let quiz = json(&learn(&args));
    assert_eq!(quiz["schema"], "posture.quiz/v1");
    assert_eq!(quiz["seed"], 7);
    let questions = quiz["questions"].as_array().expect("questions");
    assert_eq!(questions.len(), 10);
    let mut kinds: Vec<&str> = questions
        .iter()
        .map(|q| q["kind"].as_str().expect("kind"))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds, ["control", "owner", "risk", "service_model"]);
    for question in questions {
        let options = question["options"].as_array().expect("options");
        let answer = question["answer"].as_u64().expect("answer") as usize;
        assert!(answer < options.len(), "{question}");
        assert!(
            question["about"]
                .as_str()
                .is_some_and(|about| about.starts_with("This account fails")),
            "{question}"
        );
    }
    assert_eq!(json(&learn(&args)), quiz);
    assert_ne!(
        json(&learn(&["--quiz", "--seed", "8", "--format", "json"])),
        quiz
    );
}

#[test]
fn quiz_flags_need_the_quiz_and_a_bad_snapshot_is_a_usage_error() {
    assert_eq!(learn(&["--seed", "1"]).status.code(), Some(2));
    assert_eq!(learn(&["--format", "json"]).status.code(), Some(2));
    let output = posture()
        .args(["learn", "--from", "no-such-snapshot.json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

/// The seeded sandbox out of the box: the tour and the quiz straight from LocalStack.
#[test]
fn learns_from_the_seeded_sandbox_on_localstack() {
    let endpoint = crate::common::emulator("POSTURE_TEST_LOCALSTACK");
    let tour = crate::common::posture_at(&endpoint)
        .args(["learn", "--no-progress"])
        .env("COLUMNS", "100")
        .output()
        .expect("runs");
    assert_eq!(
        tour.status.code(),
        Some(0),
        "{}",
        crate::common::stderr(&tour)
    );
    let text = stdout(&tour)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Chapter 4 of 6. Network"), "{text}");
    assert!(text.contains("learn-all-open"), "{text}");
    let quiz = crate::common::posture_at(&endpoint)
        .args([
            "learn",
            "--no-progress",
            "--quiz",
            "--seed",
            "3",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let quiz = json(&quiz);
    assert_eq!(quiz["questions"].as_array().map(Vec::len), Some(10));
}
