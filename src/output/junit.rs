//! JUnit XML, which every CI server can display: a testsuite per service, a testcase per
//! (check, resource). FAIL is a failure, ERROR an error, MUTED is skipped with its reason, PASS passes.

use std::collections::BTreeMap;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use crate::finding::{Finding, Status};
use crate::output::{RenderError, account_of, compliance_ids};
use crate::report::Report;

fn status(finding: &Finding) -> TestCaseStatus {
    let meta = finding.meta;
    let mut details = format!(
        "{}\nseverity: {}, owner: {}\nresource: {} ({}, {})\n",
        meta.title,
        meta.severity.as_str(),
        meta.owner.as_str(),
        finding
            .resource
            .arn
            .as_deref()
            .unwrap_or(&finding.resource.id),
        finding.resource.kind,
        finding.resource.region,
    );
    match finding.reported_status() {
        Status::Pass => TestCaseStatus::success(),
        Status::Fail => {
            details.push_str(&format!("remediation: {}\n", meta.remediation));
            let compliance = compliance_ids(meta, " ");
            if !compliance.is_empty() {
                details.push_str(&format!("compliance: {}\n", compliance.join(", ")));
            }
            non_success(
                NonSuccessKind::Failure,
                &finding.message,
                meta.severity.as_str(),
                details,
            )
        }
        Status::Error => non_success(
            NonSuccessKind::Error,
            &finding.message,
            "not examined",
            details,
        ),
        Status::Muted => {
            let reason = finding.muted_reason.as_deref().unwrap_or_default();
            let mut status = TestCaseStatus::skipped();
            status
                .set_message(format!("muted: {reason}"))
                .set_description(format!("{details}{}\n", finding.message));
            status
        }
    }
}

fn non_success(
    kind: NonSuccessKind,
    message: &str,
    kind_name: &str,
    details: String,
) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    status
        .set_message(message)
        .set_type(kind_name)
        .set_description(details);
    status
}

pub fn render(report: &Report) -> Result<String, RenderError> {
    // Over several accounts, a testsuite per account and service: `<account>/<service>`.
    let mut by_service: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for finding in &report.findings {
        let suite = if report.spans_accounts() {
            format!("{}/{}", account_of(report, finding), finding.meta.service)
        } else {
            finding.meta.service.clone()
        };
        by_service.entry(suite).or_default().push(finding);
    }
    let mut junit = JunitReport::new("posture");
    junit
        .set_timestamp(report.started_at.fixed_offset())
        .set_time(Duration::from_millis(report.duration_ms));
    for (service, findings) in by_service {
        let mut suite = TestSuite::new(service);
        suite.add_test_cases(findings.into_iter().map(|finding| {
            let name = format!("{} {}", finding.meta.id, finding.resource.id);
            let mut case = TestCase::new(name, status(finding));
            case.set_classname(finding.meta.id.as_str());
            case
        }));
        junit.add_test_suite(suite);
    }
    let mut text = junit.to_string().map_err(RenderError::from)?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    #[test]
    fn counts_match_the_report() {
        let xml = render(&fixtures::report()).expect("renders");
        let counts = fixtures::report().counts();
        let total = counts.pass + counts.fail + counts.error + counts.muted;
        let root = xml.lines().nth(1).expect("root element");
        assert!(root.contains(&format!("tests=\"{total}\"")), "{root}");
        assert!(
            root.contains(&format!("failures=\"{}\"", counts.fail)),
            "{root}"
        );
        assert!(
            root.contains(&format!("errors=\"{}\"", counts.error)),
            "{root}"
        );
        assert!(
            root.contains(&format!("skipped=\"{}\"", counts.muted)),
            "{root}"
        );
    }

    #[test]
    fn markup_in_messages_is_escaped() {
        let xml = render(&fixtures::report()).expect("renders");
        assert!(xml.contains(
            "&lt;http://acs.amazonaws.com/groups/global/AllUsers&gt; | via ACL &amp; policy"
        ));
        assert!(!xml.contains("<http://"));
    }
}
