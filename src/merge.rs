//! `posture merge`: the JSON reports of the shards of one run (`audit --shard I/N` on AWS Batch,
//! Kubernetes, Step Functions or a CI matrix) read back into one set of findings, so that the
//! mutelist, the baseline and the gate are applied once, centrally, over every account.
//!
//! Reports that cannot belong to one run are refused rather than half-merged: another schema,
//! another posture version (check ids and verdicts may differ), or an account that two shards
//! both audited (a wrong shard count, or a shard run twice with different inputs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::finding::{Finding, Resource, Status};
use crate::inventory::organization::OrgAccount;
use crate::inventory::{AccountInfo, CollectionStats, Gap, ServiceStats, Target};
use crate::output::json::{JsonAccount, JsonFinding, REPORT_SCHEMA};
use crate::registry;
use crate::report::AuditedAccount;

/// Why reports could not be merged; one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A file that cannot be read or is not a report at all.
    #[error("{path}: {problem}")]
    Unreadable { path: String, problem: String },
    /// Reports that do not belong together.
    #[error("{0}")]
    Conflict(String),
}

#[derive(Debug, Deserialize)]
struct ShardTool {
    version: String,
}

/// What a merge reads of a report; the summaries and stats are recomputed, not read.
#[derive(Debug, Deserialize)]
struct ShardReport {
    tool: ShardTool,
    account: AccountInfo,
    target: Target,
    #[serde(default)]
    notes: Vec<String>,
    /// Absent: a single-account report; present (even empty): a shard of a run over several.
    #[serde(default)]
    accounts: Option<Vec<JsonAccount>>,
    findings: Vec<JsonFinding>,
    #[serde(default)]
    stats: Option<ShardStats>,
}

/// What a shard's collection cost, as its report's `stats` says; the totals are recomputed.
#[derive(Debug, Deserialize)]
struct ShardStats {
    #[serde(default)]
    by_service: BTreeMap<String, ShardServiceStats>,
    #[serde(default)]
    calls_out_of_time: u64,
    #[serde(default)]
    wall_time_ms: BTreeMap<String, u64>,
}

#[derive(Debug, Deserialize)]
struct ShardServiceStats {
    api_calls: u64,
    retries: u64,
    throttled_attempts: u64,
    timed_out_attempts: u64,
    failed_calls: u64,
    /// Absent from reports written before posture counted it.
    #[serde(default)]
    rate_limit_wait_ms: u64,
}

impl ShardStats {
    /// The counts back as collection stats; a single account's wall times under its id, as a
    /// run over several labels each account's.
    fn into_collection(self, label: Option<&str>) -> CollectionStats {
        CollectionStats {
            by_service: self
                .by_service
                .into_iter()
                .map(|(service, s)| {
                    let counts = ServiceStats {
                        calls: s.api_calls,
                        attempts: s.api_calls + s.retries,
                        throttled_attempts: s.throttled_attempts,
                        timed_out_attempts: s.timed_out_attempts,
                        failed: s.failed_calls,
                        rate_limit_wait_ms: s.rate_limit_wait_ms,
                    };
                    (service, counts)
                })
                .collect(),
            calls_out_of_time: self.calls_out_of_time,
            wall_time_ms: self
                .wall_time_ms
                .into_iter()
                .map(|(part, ms)| match label {
                    Some(label) => (format!("{label}/{part}"), ms),
                    None => (part, ms),
                })
                .collect(),
        }
    }
}

/// The shards' findings, merged.
#[derive(Debug)]
pub struct Merged {
    /// The first report's calling identity and target.
    pub account: AccountInfo,
    pub target: Target,
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    pub accounts: Vec<AuditedAccount>,
    /// Every shard's calls, retries, throttling and failures added up.
    pub stats: CollectionStats,
}

/// A report file, or a directory holding `posture-report.json`.
fn report_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("posture-report.json")
    } else {
        path.to_path_buf()
    }
}

fn read(path: &Path) -> Result<ShardReport, MergeError> {
    let unreadable = |problem: String| MergeError::Unreadable {
        path: path.display().to_string(),
        problem,
    };
    let text = std::fs::read_to_string(path)
        .map_err(|error| unreadable(format!("cannot read it: {error}")))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|error| unreadable(format!("not valid JSON: {error}")))?;
    let schema = value.get("schema").and_then(serde_json::Value::as_str);
    if schema != Some(REPORT_SCHEMA) {
        return Err(MergeError::Conflict(format!(
            "{}: schema is {}, not {REPORT_SCHEMA}: only posture JSON reports of one version merge",
            path.display(),
            schema.unwrap_or("missing")
        )));
    }
    serde_json::from_value(value)
        .map_err(|error| unreadable(format!("does not match {REPORT_SCHEMA}: {error}")))
}

/// The wire finding back as a finding. A MUTED finding is taken as the FAIL it muted (a shard
/// mutes only what failed or errored; merge normally runs the mutelist itself).
fn finding_of(
    wire: JsonFinding,
    account: &Arc<OrgAccount>,
    path: &Path,
) -> Result<Finding, MergeError> {
    let check = registry::find(&wire.check_id).ok_or_else(|| {
        MergeError::Conflict(format!(
            "{}: check {} is not one this posture ({}) knows: merge with the version the shards ran",
            path.display(),
            wire.check_id,
            env!("CARGO_PKG_VERSION")
        ))
    })?;
    let status = match wire.status.as_str() {
        "MUTED" => Status::Fail,
        other => other
            .parse::<Status>()
            .map_err(|problem| MergeError::Unreadable {
                path: path.display().to_string(),
                problem,
            })?,
    };
    let resource = Resource {
        id: wire.resource.id,
        name: wire.resource.name,
        arn: wire.resource.arn,
        kind: wire.resource.kind,
        region: wire.resource.region,
        tags: wire.resource.tags,
    };
    let mut finding = match status {
        Status::Pass => Finding::pass(check.meta(), resource, wire.message),
        Status::Error => Finding::error(check.meta(), resource, &Gap::new("", wire.message)),
        Status::Fail | Status::Muted => Finding::fail(check.meta(), resource, wire.message),
    };
    finding.muted_reason = wire.muted_reason;
    finding.account = Some(match wire.account {
        Some(own) if own == **account => Arc::clone(account),
        Some(own) => Arc::new(own),
        None => Arc::clone(account),
    });
    Ok(finding)
}

/// Merges the reports at `paths`; `manifest` lists accounts that some shard must have reported.
pub fn merge(paths: &[PathBuf], manifest: &[String]) -> Result<Merged, MergeError> {
    let mut first: Option<(AccountInfo, Target, String)> = None;
    let mut by_account: BTreeMap<String, (AuditedAccount, PathBuf)> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let mut stats = CollectionStats::default();
    for given in paths {
        let path = report_path(given);
        let report = read(&path)?;
        match &first {
            None => {
                first = Some((
                    report.account.clone(),
                    report.target.clone(),
                    report.tool.version.clone(),
                ))
            }
            Some((_, _, version)) if *version != report.tool.version => {
                return Err(MergeError::Conflict(format!(
                    "{}: written by posture {}, the first report by posture {version}: shards of one run use one version",
                    path.display(),
                    report.tool.version
                )));
            }
            Some(_) => {}
        }
        if let Some(shard_stats) = report.stats {
            let single = report
                .accounts
                .is_none()
                .then_some(report.account.id.as_str());
            let mut shard_stats = shard_stats.into_collection(single);
            // Wall times are per account already: kept as they are, never added up.
            let wall_times = std::mem::take(&mut shard_stats.wall_time_ms);
            stats.absorb(&shard_stats, "");
            stats.wall_time_ms.extend(wall_times);
        }
        // A single-account report covers the account that ran it.
        let accounts: Vec<AuditedAccount> = match report.accounts {
            Some(listed) => listed.into_iter().map(AuditedAccount::from).collect(),
            None => vec![AuditedAccount {
                account: OrgAccount {
                    id: report.account.id.clone(),
                    name: None,
                    ou_path: String::new(),
                    tags: BTreeMap::new(),
                },
                role_arn: None,
                error: None,
            }],
        };
        let mut contexts: BTreeMap<String, Arc<OrgAccount>> = BTreeMap::new();
        for audited in accounts {
            let id = audited.account.id.clone();
            if let Some((_, earlier)) = by_account.get(&id) {
                return Err(MergeError::Conflict(format!(
                    "account {id} is in both {} and {}: each account must come from one shard (same --shard-count everywhere?)",
                    earlier.display(),
                    path.display()
                )));
            }
            contexts.insert(id.clone(), Arc::new(audited.account.clone()));
            by_account.insert(id, (audited, path.clone()));
        }
        let fallback = Arc::new(OrgAccount {
            id: report.account.id.clone(),
            name: None,
            ou_path: String::new(),
            tags: BTreeMap::new(),
        });
        for wire in report.findings {
            let context = wire
                .account
                .as_ref()
                .and_then(|account| contexts.get(&account.id))
                .unwrap_or(&fallback);
            let context = Arc::clone(context);
            findings.push(finding_of(wire, &context, &path)?);
        }
        notes.extend(report.notes);
    }
    let Some((account, target, _)) = first else {
        return Err(MergeError::Conflict("no report to merge".to_string()));
    };
    let evaluated: BTreeSet<&'static str> = findings
        .iter()
        .map(|finding| finding.meta.id.as_str())
        .collect();
    for id in manifest {
        if by_account.contains_key(id) {
            continue;
        }
        let gap = Gap::new(
            "",
            format!("no shard reported account {id}: its shard is missing or failed"),
        );
        let context = Arc::new(OrgAccount {
            id: id.clone(),
            name: None,
            ou_path: String::new(),
            tags: BTreeMap::new(),
        });
        for check in &evaluated {
            if let Some(check) = registry::find(check) {
                let mut finding = Finding::error(
                    check.meta(),
                    Resource::account(id, &account.partition),
                    &gap,
                );
                finding.account = Some(Arc::clone(&context));
                findings.push(finding);
            }
        }
        by_account.insert(
            id.clone(),
            (
                AuditedAccount {
                    account: (*context).clone(),
                    role_arn: None,
                    error: Some(gap.to_string()),
                },
                PathBuf::new(),
            ),
        );
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    notes.sort();
    notes.dedup();
    Ok(Merged {
        account,
        target,
        findings,
        notes,
        accounts: by_account
            .into_values()
            .map(|(audited, _)| audited)
            .collect(),
        stats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Format, fixtures};

    /// The multi-account fixture with only its findings of registered checks (a merge refuses
    /// check ids it does not know; the fixtures invent some).
    fn registered() -> crate::report::Report {
        let mut report = fixtures::multi_account_report();
        report
            .findings
            .retain(|finding| registry::find(&finding.meta.id).is_some());
        assert!(report.findings.len() > 3, "the fixture keeps real checks");
        report
    }

    fn written(dir: &Path, name: &str, report: &crate::report::Report) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, fixtures::rendered(Format::Json, report)).expect("written");
        path
    }

    #[test]
    fn an_empty_shard_is_not_taken_for_the_calling_accounts_report() {
        let dir = tempfile::tempdir().expect("temp dir");
        let full = written(dir.path(), "a.json", &registered());
        let mut empty = registered();
        empty.accounts.clear();
        empty.findings.clear();
        let empty = written(dir.path(), "b.json", &empty);
        let merged = merge(&[full.clone(), empty], &[]).expect("merges");
        assert_eq!(merged.accounts.len(), 3);
        assert_eq!(merged.findings.len(), registered().findings.len());
        // The same shard twice is a conflict naming the account.
        let twice = merge(&[full.clone(), full], &[]).expect_err("conflict");
        assert!(matches!(twice, MergeError::Conflict(_)));
        assert!(twice.to_string().contains("is in both"), "{twice}");
    }

    /// `calls` with `retries`, `throttled` and `failed` among them, one timed-out attempt, and
    /// 10 ms of rate-limit wait per call.
    fn counted(calls: u64, retries: u64, throttled: u64, failed: u64) -> ServiceStats {
        ServiceStats {
            calls,
            attempts: calls + retries,
            throttled_attempts: throttled,
            timed_out_attempts: 1,
            failed,
            rate_limit_wait_ms: 10 * calls,
        }
    }

    #[test]
    fn the_shards_stats_are_added_up_by_service() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut first = registered();
        first
            .stats
            .by_service
            .insert("iam".into(), counted(10, 2, 1, 0));
        first
            .stats
            .by_service
            .insert("ec2".into(), counted(5, 0, 0, 1));
        first.stats.calls_out_of_time = 1;
        first
            .stats
            .wall_time_ms
            .insert("111122223333/us-east-1".into(), 700);
        let mut second = registered();
        second.accounts.clear();
        second.findings.clear();
        second
            .stats
            .by_service
            .insert("iam".into(), counted(7, 3, 3, 2));
        second
            .stats
            .by_service
            .insert("s3".into(), counted(4, 1, 0, 0));
        second
            .stats
            .wall_time_ms
            .insert("444455556666/us-east-1".into(), 900);
        let paths = [
            written(dir.path(), "a.json", &first),
            written(dir.path(), "b.json", &second),
        ];
        let merged = merge(&paths, &[]).expect("merges");
        let stats = &merged.stats;
        let both_timed_out = ServiceStats {
            timed_out_attempts: 2,
            ..counted(17, 5, 4, 2)
        };
        assert_eq!(
            both_timed_out.rate_limit_wait_ms, 170,
            "the waits add up too"
        );
        assert_eq!(stats.by_service["iam"], both_timed_out);
        assert_eq!(stats.by_service["ec2"], counted(5, 0, 0, 1));
        assert_eq!(stats.by_service["s3"], counted(4, 1, 0, 0));
        let iam = stats.by_service["iam"];
        assert_eq!((iam.retries(), iam.timed_out_attempts), (5, 2));
        assert_eq!(stats.total().calls, 26);
        assert_eq!(stats.calls_out_of_time, 1);
        assert_eq!(stats.wall_time_ms.len(), 2);
        assert_eq!(stats.wall_time_ms["444455556666/us-east-1"], 900);
        // A single-account report's wall times are labelled with its account, as a run over
        // several labels each account's.
        let mut single = crate::output::fixtures::report();
        single
            .findings
            .retain(|finding| registry::find(&finding.meta.id).is_some());
        single
            .stats
            .by_service
            .insert("iam".into(), counted(1, 0, 0, 0));
        single.stats.wall_time_ms.insert("iam".into(), 50);
        let alone = merge(&[written(dir.path(), "c.json", &single)], &[]).expect("merges");
        let key = format!("{}/iam", single.account.id);
        assert_eq!(
            alone.stats.wall_time_ms.get(&key),
            Some(&50),
            "{:?}",
            alone.stats
        );
    }

    #[test]
    fn a_manifest_account_no_shard_reported_is_error_for_every_check() {
        let dir = tempfile::tempdir().expect("temp dir");
        let full = written(dir.path(), "a.json", &registered());
        let merged = merge(&[full], &["999988887777".to_string()]).expect("merges");
        let missing: Vec<&Finding> = merged
            .findings
            .iter()
            .filter(|f| f.account_id() == "999988887777")
            .collect();
        let checks: BTreeSet<&str> = merged.findings.iter().map(|f| f.meta.id.as_str()).collect();
        assert_eq!(missing.len(), checks.len());
        assert!(missing.iter().all(|f| f.status == Status::Error
            && f.message.contains("no shard reported account 999988887777")));
    }
}
