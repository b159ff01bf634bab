//! `posture.report/v1`: the frozen JSON wire format, kept apart from the internal `Finding` so that
//! refactoring the engine cannot change what pipelines parse.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, StatusCounts};
use crate::inventory::organization::OrgAccount;
use crate::inventory::{AccountInfo, Target};
use crate::inventory::{CollectionStats, ServiceStats};
use crate::output::{RenderError, write_json};
use crate::report::{AuditedAccount, Report};
use crate::responsibility::ServiceResponsibility;

pub const REPORT_SCHEMA: &str = "posture.report/v1";

#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub schema: &'static str,
    pub tool: Tool,
    pub account: &'a AccountInfo,
    pub target: &'a Target,
    pub started_at: String,
    pub duration_ms: u64,
    pub summary: Summary,
    pub notes: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub responsibility: &'a [ServiceResponsibility],
    /// With `--baseline`: the baseline's failures that no longer fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<&'a [crate::finding::ResolvedFinding]>,
    /// What collection cost; absent when the inventory carries no counts (an older snapshot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<JsonStats<'a>>,
    /// A run over several accounts (`--org`, `--accounts`, a shard, a merge): each account, how it
    /// was entered and whether it could be; `[]` for a shard whose share was empty. Absent for a
    /// single-account audit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<JsonAccount>>,
    pub findings: WireFindings<'a>,
}

/// One account of a run over several, on the wire; read back by `posture merge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonAccount {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ou_path: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The role assumed to audit it; null: the run's own credentials.
    #[serde(default)]
    pub role_arn: Option<String>,
    /// `audited`, or `error` when it could not be entered or nothing of it could be read.
    pub status: String,
    #[serde(default)]
    pub error: Option<String>,
}

impl From<&AuditedAccount> for JsonAccount {
    fn from(audited: &AuditedAccount) -> JsonAccount {
        JsonAccount {
            id: audited.account.id.clone(),
            name: audited.account.name.clone(),
            ou_path: audited.account.ou_path.clone(),
            tags: audited.account.tags.clone(),
            role_arn: audited.role_arn.clone(),
            status: if audited.error.is_some() {
                "error"
            } else {
                "audited"
            }
            .to_string(),
            error: audited.error.clone(),
        }
    }
}

impl From<JsonAccount> for AuditedAccount {
    fn from(wire: JsonAccount) -> AuditedAccount {
        AuditedAccount {
            account: OrgAccount {
                id: wire.id,
                name: wire.name,
                ou_path: wire.ou_path,
                tags: wire.tags,
            },
            role_arn: wire.role_arn,
            error: wire.error,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JsonStats<'a> {
    pub api_calls: u64,
    pub retries: u64,
    pub throttled_attempts: u64,
    pub timed_out_attempts: u64,
    /// Calls that failed after their retries.
    pub failed_calls: u64,
    /// Calls the `--timeout` budget cut short.
    pub calls_out_of_time: u64,
    /// Time attempts waited on posture's own rate limits (summed over concurrent calls).
    pub rate_limit_wait_ms: u64,
    pub throttled: bool,
    pub by_service: BTreeMap<&'a str, JsonServiceStats>,
    pub wall_time_ms: &'a BTreeMap<String, u64>,
}

#[derive(Debug, Serialize)]
pub struct JsonServiceStats {
    pub api_calls: u64,
    pub retries: u64,
    pub throttled_attempts: u64,
    pub timed_out_attempts: u64,
    pub failed_calls: u64,
    pub rate_limit_wait_ms: u64,
}

impl From<&ServiceStats> for JsonServiceStats {
    fn from(stats: &ServiceStats) -> JsonServiceStats {
        JsonServiceStats {
            api_calls: stats.calls,
            retries: stats.retries(),
            throttled_attempts: stats.throttled_attempts,
            timed_out_attempts: stats.timed_out_attempts,
            failed_calls: stats.failed,
            rate_limit_wait_ms: stats.rate_limit_wait_ms,
        }
    }
}

fn stats(stats: &CollectionStats) -> Option<JsonStats<'_>> {
    if *stats == CollectionStats::default() {
        return None;
    }
    let total = JsonServiceStats::from(&stats.total());
    Some(JsonStats {
        api_calls: total.api_calls,
        retries: total.retries,
        throttled_attempts: total.throttled_attempts,
        timed_out_attempts: total.timed_out_attempts,
        failed_calls: total.failed_calls,
        calls_out_of_time: stats.calls_out_of_time,
        rate_limit_wait_ms: total.rate_limit_wait_ms,
        throttled: total.throttled_attempts > 0,
        by_service: stats
            .by_service
            .iter()
            .map(|(service, s)| (service.as_str(), JsonServiceStats::from(s)))
            .collect(),
        wall_time_ms: &stats.wall_time_ms,
    })
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub totals: StatusCounts,
    pub by_owner: BTreeMap<&'static str, StatusCounts>,
    pub by_severity: BTreeMap<&'static str, StatusCounts>,
    /// A run over several accounts: the counts of each, by account id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_account: BTreeMap<String, StatusCounts>,
}

/// One finding on the wire. Also read back (`--baseline`), hence `Deserialize`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonFinding {
    pub check_id: String,
    pub title: String,
    pub service: String,
    pub severity: String,
    pub status: String,
    pub resource: JsonResource,
    pub message: String,
    pub owner: String,
    pub layer: String,
    pub service_model: String,
    pub compliance: BTreeMap<String, Vec<String>>,
    pub remediation: String,
    pub muted_reason: Option<String>,
    /// With `--baseline`: `new` or `unchanged`. Defaulted so that older reports load as baselines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::finding::BaselineState>,
    /// The account the resource is in: its id, and the name, OU path and tags the manifest or
    /// discovery gave it. Absent from reports written before findings named their account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<OrgAccount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonResource {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub arn: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

pub fn to_wire(report: &Report) -> JsonReport<'_> {
    let by_owner = report
        .counts_by_owner()
        .into_iter()
        .map(|(owner, counts)| (owner.as_str(), counts))
        .collect();
    let by_severity = report
        .counts_by_severity()
        .into_iter()
        .map(|(severity, counts)| (severity.as_str(), counts))
        .collect();
    JsonReport {
        schema: REPORT_SCHEMA,
        tool: Tool {
            name: "posture",
            version: env!("CARGO_PKG_VERSION"),
        },
        account: &report.account,
        target: &report.target,
        started_at: report
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        duration_ms: report.duration_ms,
        summary: Summary {
            totals: report.counts(),
            by_owner,
            by_severity,
            by_account: if !report.several {
                BTreeMap::new()
            } else {
                report
                    .counts_by_account()
                    .into_iter()
                    .map(|(id, counts)| (id.to_string(), counts))
                    .collect()
            },
        },
        notes: &report.notes,
        responsibility: &report.responsibility,
        resolved: report.resolved.as_deref(),
        stats: stats(&report.stats),
        accounts: report
            .several
            .then(|| report.accounts.iter().map(JsonAccount::from).collect()),
        findings: WireFindings(&report.findings),
    }
}

/// The report's findings, converted to their wire form one at a time as they are written, so a
/// large report is never held twice.
#[derive(Debug)]
pub struct WireFindings<'a>(&'a [Finding]);

impl Serialize for WireFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonFinding::from))
    }
}

impl From<&Finding> for JsonFinding {
    fn from(finding: &Finding) -> JsonFinding {
        let meta = finding.meta;
        JsonFinding {
            check_id: meta.id.clone(),
            title: meta.title.clone(),
            service: meta.service.clone(),
            severity: meta.severity.as_str().to_string(),
            status: finding.reported_status().as_str().to_string(),
            resource: JsonResource {
                id: finding.resource.id.clone(),
                name: finding.resource.name.clone(),
                arn: finding.resource.arn.clone(),
                kind: finding.resource.kind.clone(),
                region: finding.resource.region.clone(),
                tags: finding.resource.tags.clone(),
            },
            message: finding.message.clone(),
            owner: meta.owner.as_str().to_string(),
            layer: meta.layer.as_str().to_string(),
            service_model: meta.service_model.as_str().to_string(),
            compliance: meta.compliance.clone(),
            remediation: meta.remediation.clone(),
            muted_reason: finding.muted_reason.clone(),
            baseline: finding.baseline,
            account: finding.account.as_deref().cloned(),
        }
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    write_json(&to_wire(report), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    #[test]
    fn stats_are_reported_when_collection_counted_calls() {
        let mut report = fixtures::report();
        assert!(
            to_wire(&report).stats.is_none(),
            "a snapshot without counts"
        );
        report.stats.by_service.insert(
            "iam".into(),
            ServiceStats {
                calls: 10,
                attempts: 13,
                throttled_attempts: 2,
                timed_out_attempts: 1,
                failed: 1,
                rate_limit_wait_ms: 40,
            },
        );
        report.stats.wall_time_ms.insert("us-east-1".into(), 1500);
        let wire = serde_json::to_value(to_wire(&report)).expect("serialises");
        let stats = &wire["stats"];
        assert_eq!(stats["api_calls"], 10);
        assert_eq!(stats["retries"], 3);
        assert_eq!(stats["throttled"], true);
        assert_eq!(stats["failed_calls"], 1);
        assert_eq!(stats["by_service"]["iam"]["throttled_attempts"], 2);
        assert_eq!(stats["by_service"]["iam"]["rate_limit_wait_ms"], 40);
        assert_eq!(stats["rate_limit_wait_ms"], 40);
        assert_eq!(stats["wall_time_ms"]["us-east-1"], 1500);
    }
}
