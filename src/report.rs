//! The report: what one run found, with its context, ready for a renderer.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::catalog::{Owner, Severity};
use crate::finding::{Finding, ResolvedFinding, StatusCounts};
use crate::inventory::{AccountInfo, CollectionStats, Target};
use crate::responsibility::ServiceResponsibility;

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
}

impl Report {
    /// Every computed finding, shown or hidden: what the summaries count.
    fn computed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().chain(&self.hidden)
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
