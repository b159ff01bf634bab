//! Baseline: compare this run's findings with an earlier `posture.report/v1` JSON report, so that a
//! gate can fail only on what a change introduced (`--fail-on-new`).
//!
//! A finding is identified by its account, check id, resource id and region: in a run over several
//! accounts one account's fixed failure never resolves another's. A baseline written before
//! findings named their account keys every finding by the report's own `account.id`. It is `New` when the baseline
//! has no such finding or reported another status for it, `Unchanged` when the reported status is
//! the same. The baseline's failures that no longer fail are returned as resolved.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::finding::{BaselineState, Finding, ResolvedFinding, Resource, Status};
use crate::output::json::{JsonFinding, REPORT_SCHEMA};

/// Why a baseline was rejected: the file and the problem, on one line.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct BaselineError {
    pub path: String,
    pub problem: String,
}

/// Only what a baseline needs from a report; the report's other fields are ignored.
#[derive(Debug, Deserialize)]
struct BaselineReport {
    #[serde(default)]
    account: Option<ReportAccount>,
    findings: Vec<JsonFinding>,
}

#[derive(Debug, Deserialize)]
struct ReportAccount {
    #[serde(default)]
    id: String,
}

/// account id, check id, resource id, region.
type Key = (String, String, String, String);

/// `account` stands in for a finding that does not name its own.
fn key_of(finding: &Finding, account: &str) -> Key {
    let own = finding.account_id();
    (
        if own.is_empty() { account } else { own }.to_string(),
        finding.meta.id.clone(),
        finding.resource.id.clone(),
        finding.resource.region.clone(),
    )
}

/// An earlier report's findings, by key.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    findings: BTreeMap<Key, JsonFinding>,
}

impl Baseline {
    /// A posture.report/v1 JSON report; a wrong schema is an error naming it.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Baseline::parse(&text, path),
            Err(error) => Err(rejected(path, format!("cannot read the baseline: {error}"))),
        }
    }

    /// Parses a report's text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Baseline, BaselineError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
            rejected(origin, format!("the baseline is not valid JSON: {error}"))
        })?;
        let schema = value.get("schema");
        if schema.and_then(serde_json::Value::as_str) != Some(REPORT_SCHEMA) {
            let found = schema.map_or_else(|| "missing".to_string(), ToString::to_string);
            return Err(rejected(
                origin,
                format!(
                    "the baseline is not a {REPORT_SCHEMA} report (its schema is {found}); \
                     pass a report written by `--format json`"
                ),
            ));
        }
        let report: BaselineReport = serde_json::from_value(value).map_err(|error| {
            rejected(
                origin,
                format!("the baseline does not match {REPORT_SCHEMA}: {error}"),
            )
        })?;
        let report_account = report.account.map(|account| account.id).unwrap_or_default();
        let mut findings = BTreeMap::new();
        for finding in report.findings {
            let key = (
                finding
                    .account
                    .as_ref()
                    .map_or_else(|| report_account.clone(), |account| account.id.clone()),
                finding.check_id.clone(),
                finding.resource.id.clone(),
                finding.resource.region.clone(),
            );
            findings.entry(key).or_insert(finding);
        }
        Ok(Baseline { findings })
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// Sets `finding.baseline` for every finding (New if absent or its reported status differs,
    /// Unchanged if the same) and returns the baseline's FAIL findings that no longer FAIL (fixed,
    /// muted, or gone), in key order.
    /// Only checks in `evaluated` can resolve a baseline failure: a check this run did not select
    /// says nothing about the resources it would have examined. Nor can a check that could not see
    /// the resource: a failure that is now an ERROR, or that is absent while its check reported an
    /// ERROR (its listing failed, so the resource may still be there), is unknown, not resolved.
    /// `account` is the run's own account, for findings that do not name theirs.
    pub fn apply(
        &self,
        findings: &mut [Finding],
        evaluated: &BTreeSet<&str>,
        account: &str,
    ) -> Vec<ResolvedFinding> {
        let mut now = BTreeMap::new();
        // (account, check) pairs that could not see everything: absent there is unknown.
        let mut blind: BTreeSet<(String, &str)> = BTreeSet::new();
        for finding in findings.iter_mut() {
            let key = key_of(finding, account);
            let status = finding.reported_status();
            let unchanged = self
                .findings
                .get(&key)
                .is_some_and(|old| old.status == status.as_str());
            finding.baseline = Some(if unchanged {
                BaselineState::Unchanged
            } else {
                BaselineState::New
            });
            if status == Status::Error {
                blind.insert((key.0.clone(), finding.meta.id.as_str()));
            }
            now.insert(key, status);
        }
        self.findings
            .iter()
            .filter(|(key, old)| {
                let check = old.check_id.as_str();
                let seen_fixed = match now.get(*key) {
                    Some(status) => matches!(status, Status::Pass | Status::Muted),
                    None => !blind.contains(&(key.0.clone(), check)),
                };
                old.status == Status::Fail.as_str() && evaluated.contains(check) && seen_fixed
            })
            .map(|(key, old)| resolved(&key.0, old))
            .collect()
    }
}

fn rejected(path: &Path, problem: String) -> BaselineError {
    BaselineError {
        path: path.display().to_string(),
        problem,
    }
}

fn resolved(account: &str, old: &JsonFinding) -> ResolvedFinding {
    ResolvedFinding {
        check_id: old.check_id.clone(),
        title: old.title.clone(),
        severity: old.severity.clone(),
        owner: old.owner.clone(),
        resource: Resource::new(
            &old.resource.kind,
            &old.resource.id,
            old.resource.arn.clone(),
            &old.resource.region,
        ),
        message: old.message.clone(),
        account_id: (!account.is_empty()).then(|| account.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Format, fixtures};

    const ACCOUNT: &str = fixtures::ACCOUNT;

    fn baseline_of(findings: Vec<Finding>) -> Baseline {
        let mut report = fixtures::report_without_baseline();
        report.findings = findings;
        Baseline::parse(
            &fixtures::rendered(Format::Json, &report),
            Path::new("previous.json"),
        )
        .expect("a valid baseline")
    }

    fn states(findings: &[Finding]) -> Vec<(String, Option<BaselineState>)> {
        findings
            .iter()
            .map(|f| {
                (
                    format!("{} {} {}", f.meta.id, f.resource.id, f.resource.region),
                    f.baseline,
                )
            })
            .collect()
    }

    #[test]
    fn the_same_findings_are_all_unchanged_and_nothing_is_resolved() {
        let baseline = baseline_of(fixtures::findings());
        assert_eq!(baseline.len(), fixtures::findings().len());
        let mut findings = fixtures::unmuted_findings();
        for (finding, original) in findings.iter_mut().zip(fixtures::findings()) {
            finding.muted_reason = original.muted_reason;
        }
        assert!(
            baseline
                .apply(
                    &mut findings,
                    &evaluated_by(&fixtures::unmuted_findings()),
                    ACCOUNT
                )
                .is_empty()
        );
        assert!(
            findings
                .iter()
                .all(|f| f.baseline == Some(BaselineState::Unchanged)),
            "{:?}",
            states(&findings)
        );
    }

    #[test]
    fn new_changed_and_resolved_findings_are_told_apart() {
        let previous = fixtures::unmuted_findings();
        // Before: public-site-logs failed unmuted, private-data's versioning passed, and a bucket
        // now deleted failed.
        let mut before = previous.clone();
        let versioning = before
            .iter_mut()
            .find(|f| f.meta.id == "s3.bucket_versioning_enabled")
            .expect("finding");
        versioning.status = Status::Pass;
        let mut deleted = before
            .iter()
            .find(|f| f.resource.id == "public-site-assets")
            .expect("finding")
            .clone();
        deleted.resource = Resource::new("AwsS3Bucket", "deleted-bucket", None, "us-east-1");
        before.push(deleted);
        let admin_ports = before
            .iter()
            .position(|f| f.resource.id == "sg-0ab12cd34")
            .expect("finding");
        before.remove(admin_ports);
        let baseline = baseline_of(before);

        // Now: public-site-logs is muted, and the root account's MFA finding is fixed.
        let mut now = fixtures::unmuted_findings();
        for finding in &mut now {
            if finding.resource.id == "public-site-logs" {
                finding.muted_reason = Some("reviewed".to_string());
            }
            if finding.meta.id == "iam.root_mfa_enabled" {
                finding.status = Status::Pass;
            }
        }
        let evaluated = evaluated_by(&now);
        let resolved = baseline.apply(&mut now, &evaluated, ACCOUNT);

        let new: Vec<String> = states(&now)
            .into_iter()
            .filter(|(_, state)| *state == Some(BaselineState::New))
            .map(|(key, _)| key)
            .collect();
        assert_eq!(
            new,
            [
                "iam.root_mfa_enabled 123456789012 global",
                "ec2.sg_no_admin_ports_open_ipv4 sg-0ab12cd34 eu-west-1",
                "s3.bucket_no_public_acl public-site-logs us-east-1",
                "s3.bucket_versioning_enabled private-data us-east-1",
            ]
        );
        assert!(now.iter().all(|f| f.baseline.is_some()));
        let resolved: Vec<(&str, &str)> = resolved
            .iter()
            .map(|r| (r.check_id.as_str(), r.resource.id.as_str()))
            .collect();
        assert_eq!(
            resolved,
            [
                ("iam.root_mfa_enabled", "123456789012"),
                ("s3.bucket_no_public_acl", "deleted-bucket"),
                ("s3.bucket_no_public_acl", "public-site-logs"),
            ]
        );
    }

    fn evaluated_by(findings: &[Finding]) -> BTreeSet<&'static str> {
        findings.iter().map(|f| f.meta.id.as_str()).collect()
    }

    /// Issue 8: a failure that is now an ERROR was reported as resolved.
    #[test]
    fn a_failure_that_is_now_unknown_stays_unresolved() {
        let before = fixtures::unmuted_findings();
        let baseline = baseline_of(before.clone());
        let failing: Vec<&Finding> = before.iter().filter(|f| f.status == Status::Fail).collect();
        assert!(failing.len() >= 2);

        // The first failure's resource could not be read this time; the second's whole listing
        // failed, so only an ERROR on the region stands where the resource was.
        let unread = failing[0].clone();
        let unlisted = failing[1];
        let mut now: Vec<Finding> = before
            .iter()
            .filter(|f| {
                key_of(f, ACCOUNT) != key_of(&unread, ACCOUNT) && f.meta.id != unlisted.meta.id
            })
            .cloned()
            .collect();
        now.push(Finding {
            status: Status::Error,
            ..unread.clone()
        });
        now.push(Finding {
            status: Status::Error,
            resource: Resource::region("111122223333", "us-east-1"),
            ..unlisted.clone()
        });
        let evaluated = evaluated_by(&before);
        let resolved: Vec<String> = baseline
            .apply(&mut now, &evaluated, ACCOUNT)
            .iter()
            .map(|r| format!("{} {}", r.check_id, r.resource.id))
            .collect();
        let key = |f: &Finding| format!("{} {}", f.meta.id, f.resource.id);
        assert!(!resolved.contains(&key(&unread)), "{resolved:?}");
        assert!(!resolved.contains(&key(unlisted)), "{resolved:?}");
    }

    #[test]
    fn checks_that_did_not_run_resolve_nothing() {
        let baseline = baseline_of(fixtures::unmuted_findings());
        let mut now: Vec<Finding> = Vec::new();
        assert!(
            baseline
                .apply(&mut now, &BTreeSet::new(), ACCOUNT)
                .is_empty()
        );
        let everything = evaluated_by(&fixtures::unmuted_findings());
        let failing = fixtures::unmuted_findings()
            .iter()
            .filter(|f| f.status == Status::Fail)
            .count();
        assert_eq!(
            baseline.apply(&mut now, &everything, ACCOUNT).len(),
            failing
        );
    }

    #[test]
    fn the_region_is_part_of_the_key() {
        let mut before = fixtures::unmuted_findings();
        for finding in &mut before {
            finding.resource.region = "ap-south-1".to_string();
        }
        let baseline = baseline_of(before);
        let mut now = fixtures::unmuted_findings();
        let evaluated = evaluated_by(&now);
        let resolved = baseline.apply(&mut now, &evaluated, ACCOUNT);
        assert!(now.iter().all(|f| f.baseline == Some(BaselineState::New)));
        assert_eq!(
            resolved.len(),
            now.iter().filter(|f| f.status == Status::Fail).count()
        );
    }

    #[test]
    fn a_report_of_another_schema_is_rejected_naming_it() {
        let error = Baseline::parse(
            r#"{"schema": "posture.inventory/v1", "findings": []}"#,
            Path::new("old.json"),
        )
        .expect_err("wrong schema");
        assert_eq!(
            error.to_string(),
            "old.json: the baseline is not a posture.report/v1 report (its schema is \"posture.inventory/v1\"); \
             pass a report written by `--format json`"
        );
        let missing =
            Baseline::parse(r#"{"findings": []}"#, Path::new("old.json")).expect_err("no schema");
        assert!(
            missing.to_string().contains("its schema is missing"),
            "{missing}"
        );
        let sarif = Baseline::parse(r#"{"version": "2.1.0", "runs": []}"#, Path::new("a.sarif"))
            .expect_err("sarif");
        assert!(
            sarif
                .problem
                .starts_with("the baseline is not a posture.report/v1 report"),
            "{sarif}"
        );
    }

    #[test]
    fn malformed_baselines_are_rejected_in_one_line() {
        for (text, expected) in [
            ("not json", "is not valid JSON"),
            (
                r#"{"schema": "posture.report/v1"}"#,
                "missing field `findings`",
            ),
            (
                r#"{"schema": "posture.report/v1", "findings": [{"check_id": 1}]}"#,
                "does not match posture.report/v1",
            ),
        ] {
            let error = Baseline::parse(text, Path::new("b.json")).expect_err("malformed");
            let message = error.to_string();
            assert!(
                message.starts_with("b.json: ") && message.contains(expected),
                "{message}"
            );
            assert!(!message.contains('\n'), "{message}");
        }
        let unreadable =
            Baseline::load(Path::new("/nonexistent/b.json")).expect_err("missing file");
        assert!(
            unreadable
                .to_string()
                .starts_with("/nonexistent/b.json: cannot read the baseline: ")
        );
    }

    #[test]
    fn load_reads_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("previous.json");
        std::fs::write(&path, fixtures::rendered(Format::Json, &fixtures::report()))
            .expect("write");
        assert_eq!(
            Baseline::load(&path).expect("baseline").len(),
            fixtures::report().findings.len()
        );
        assert!(Baseline::default().is_empty());
    }

    /// In a run over several accounts, one account's fixed failure says nothing about another's,
    /// and a baseline written before findings named accounts keys them by its own account.
    #[test]
    fn failures_resolve_per_account_and_old_baselines_key_by_their_account() {
        let in_account = |id: &str, findings: Vec<Finding>| -> Vec<Finding> {
            let account = std::sync::Arc::new(crate::inventory::organization::OrgAccount {
                id: id.to_string(),
                name: None,
                ou_path: String::new(),
                tags: BTreeMap::new(),
            });
            findings
                .into_iter()
                .map(|mut f| {
                    f.account = Some(account.clone());
                    f
                })
                .collect()
        };
        let failing =
            |findings: &[Finding]| findings.iter().filter(|f| f.status == Status::Fail).count();
        let mut before = in_account("111111111111", fixtures::unmuted_findings());
        before.extend(in_account("222222222222", fixtures::unmuted_findings()));
        let baseline = baseline_of(before.clone());
        // Account 1's failures are gone (they now pass); account 2 is unchanged.
        let mut now: Vec<Finding> = before
            .iter()
            .map(|f| {
                let mut f = f.clone();
                if f.account_id() == "111111111111" && f.status == Status::Fail {
                    f.status = Status::Pass;
                }
                f
            })
            .collect();
        let evaluated = evaluated_by(&now);
        let resolved = baseline.apply(&mut now, &evaluated, ACCOUNT);
        let one = in_account("111111111111", fixtures::unmuted_findings());
        assert_eq!(resolved.len(), failing(&one));
        assert!(
            resolved
                .iter()
                .all(|r| r.account_id.as_deref() == Some("111111111111"))
        );
        assert!(
            now.iter()
                .filter(|f| f.account_id() == "222222222222")
                .all(|f| f.baseline == Some(BaselineState::Unchanged))
        );

        // An old single-account baseline (no account on its findings) matches its own account's
        // findings and none of another's.
        let old = baseline_of(fixtures::unmuted_findings());
        let mut elsewhere = in_account("222222222222", fixtures::unmuted_findings());
        old.apply(&mut elsewhere, &evaluated, ACCOUNT);
        assert!(
            elsewhere
                .iter()
                .all(|f| f.baseline == Some(BaselineState::New))
        );
        let mut own = in_account(ACCOUNT, fixtures::unmuted_findings());
        old.apply(&mut own, &evaluated, ACCOUNT);
        assert!(
            own.iter()
                .all(|f| f.baseline == Some(BaselineState::Unchanged))
        );
    }
}
