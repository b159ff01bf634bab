//! The report: what one run found, with its context, ready for a renderer.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::catalog::{Owner, Severity};
use crate::finding::{Finding, ResolvedFinding, StatusCounts};
use crate::inventory::organization::OrgAccount;
use crate::inventory::{AccountInfo, CollectionStats, Target};
use crate::responsibility::ServiceResponsibility;

/// One account of a run over several (`--org`, `--accounts`): who it is, how it was entered, and
/// why it could not be when it could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditedAccount {
    pub account: OrgAccount,
    /// The role the run assumed in it; `None`: the run's own credentials (the calling account).
    pub role_arn: Option<String>,
    /// Why the account could not be entered or audited (`sts:AssumeRole failed: ...`); its checks
    /// are ERROR findings carrying the same reason.
    pub error: Option<String>,
}

/// Everything a renderer needs: the findings after filtering and muting, plus the run's context.
#[derive(Debug, Clone)]
pub struct Report {
    pub account: AccountInfo,
    pub target: Target,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub findings: Vec<Finding>,
    /// Things the user should know about how the audit ran (gaps filled, rules expired).
    pub notes: Vec<String>,
    pub responsibility: Vec<ServiceResponsibility>,
    /// With a baseline: its failures that no longer fail.
    pub resolved: Option<Vec<ResolvedFinding>>,
    /// Findings kept out of view by `--status`: not listed, but still counted in every summary,
    /// since the filter changes what is shown, not what was computed.
    pub hidden: Vec<Finding>,
    /// What collecting the inventory cost (empty for a snapshot collected without them).
    pub stats: CollectionStats,
    /// The accounts of a run over several, sorted by id; empty for a single-account audit, whose
    /// account is `account`.
    pub accounts: Vec<AuditedAccount>,
    /// Whether the run audited a list of accounts (`--org`, `--accounts`, a merge), even when this
    /// shard's share of it was empty: a merge must not take such a report for a single account's.
    pub several: bool,
}

impl Report {
    /// Every computed finding, shown or hidden: what the summaries count.
    fn computed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().chain(&self.hidden)
    }

    /// Whether the renderers should name each finding's account: the run covered several.
    pub fn spans_accounts(&self) -> bool {
        self.accounts.len() > 1
    }

    /// The name an account has in this report (from the manifest or discovery), if any.
    pub fn account_name(&self, id: &str) -> Option<&str> {
        self.accounts
            .iter()
            .find(|audited| audited.account.id == id)
            .and_then(|audited| audited.account.name.as_deref())
    }

    /// Per account of the run, in id order, every account listed even with no finding.
    pub fn counts_by_account(&self) -> BTreeMap<&str, StatusCounts> {
        let mut by_account: BTreeMap<&str, StatusCounts> = self
            .accounts
            .iter()
            .map(|audited| (audited.account.id.as_str(), StatusCounts::default()))
            .collect();
        for finding in self.computed() {
            by_account
                .entry(finding.account_id())
                .or_default()
                .add(finding.reported_status());
        }
        by_account
    }

    pub fn counts(&self) -> StatusCounts {
        StatusCounts::of(self.computed())
    }

    pub fn counts_by_owner(&self) -> BTreeMap<Owner, StatusCounts> {
        let mut by_owner: BTreeMap<Owner, StatusCounts> = Owner::ALL
            .into_iter()
            .map(|owner| (owner, StatusCounts::default()))
            .collect();
        for finding in self.computed() {
            by_owner
                .entry(finding.owner())
                .or_default()
                .add(finding.reported_status());
        }
        by_owner
    }

    pub fn counts_by_severity(&self) -> BTreeMap<Severity, StatusCounts> {
        let mut by_severity: BTreeMap<Severity, StatusCounts> = Severity::ALL
            .into_iter()
            .map(|severity| (severity, StatusCounts::default()))
            .collect();
        for finding in self.computed() {
            by_severity
                .entry(finding.severity())
                .or_default()
                .add(finding.reported_status());
        }
        by_severity
    }
}
