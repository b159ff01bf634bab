//! Findings: one verdict on one (check, resource) pair, and the report that gathers them.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::catalog::{CheckMeta, Owner, Severity};
use crate::inventory::Gap;
use crate::inventory::organization::OrgAccount;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pass,
    Fail,
    Error,
    Muted,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Pass, Status::Fail, Status::Error, Status::Muted];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Error => "ERROR",
            Status::Muted => "MUTED",
        }
    }
}

impl std::str::FromStr for Status {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown status '{text}' (expected PASS, FAIL, ERROR or MUTED)"))
    }
}

/// Where a regional resource lives; global resources (IAM, the account) use this name.
pub const GLOBAL_REGION: &str = "global";

/// The resource a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    /// A human name where the id is opaque: a security group's name, or a `Name` tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub arn: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl Resource {
    pub fn new(kind: &str, id: impl Into<String>, arn: Option<String>, region: &str) -> Resource {
        Resource {
            id: id.into(),
            name: None,
            arn,
            kind: kind.to_string(),
            region: region.to_string(),
            tags: BTreeMap::new(),
        }
    }

    /// Attaches the resource's tags; a `Name` tag also names it, unless it is named already.
    pub fn with_tags(mut self, tags: &BTreeMap<String, String>) -> Resource {
        self.tags = tags.clone();
        if self.name.is_none() {
            self.name = tags.get("Name").cloned();
        }
        self
    }

    pub fn named(mut self, name: impl Into<String>) -> Resource {
        self.name = Some(name.into());
        self
    }

    /// The AWS account itself, for account-wide settings.
    pub fn account(account_id: &str, partition: &str) -> Resource {
        Resource::new(
            "AwsAccount",
            account_id,
            Some(format!("arn:{partition}:iam::{account_id}:root")),
            GLOBAL_REGION,
        )
    }

    /// A region of the account, for regional settings and for gaps in regional collection.
    pub fn region(account_id: &str, region: &str) -> Resource {
        Resource::new("AwsRegion", format!("{account_id}/{region}"), None, region)
    }
}

/// How a finding compares with the same (check, resource, region) in a baseline report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    /// Absent from the baseline, or present with another status.
    New,
    /// Present in the baseline with the same status.
    Unchanged,
}

/// A failure in the baseline that this run no longer reports as failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedFinding {
    pub check_id: String,
    pub title: String,
    pub severity: String,
    pub owner: String,
    pub resource: Resource,
    /// The message the baseline gave when it failed.
    pub message: String,
    /// The account it failed in, where the baseline names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// What a check concluded about one resource, before the catalog metadata and the resource are
/// attached: the one shape every evaluator returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Pass(String),
    Fail(String),
    /// Something the verdict needs was not collected: an ERROR, never a PASS.
    Unknown(Gap),
}

impl Verdict {
    /// PASS when the property holds, FAIL otherwise, with the same message either way.
    pub fn holds(passed: bool, message: impl Into<String>) -> Verdict {
        if passed {
            Verdict::Pass(message.into())
        } else {
            Verdict::Fail(message.into())
        }
    }

    pub fn into_finding(self, meta: &'static CheckMeta, resource: Resource) -> Finding {
        match self {
            Verdict::Pass(message) => Finding::pass(meta, resource, message),
            Verdict::Fail(message) => Finding::fail(meta, resource, message),
            Verdict::Unknown(gap) => Finding::error(meta, resource, &gap),
        }
    }
}

impl From<Gap> for Verdict {
    fn from(gap: Gap) -> Verdict {
        Verdict::Unknown(gap)
    }
}

/// Lets an evaluator use `?` on collected values: a gap on the way becomes the ERROR verdict.
impl From<Result<Verdict, Gap>> for Verdict {
    fn from(result: Result<Verdict, Gap>) -> Verdict {
        result.unwrap_or_else(Verdict::Unknown)
    }
}

/// One verdict. Id, severity and owner come from the check's metadata, so a check cannot mislabel them.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub meta: &'static CheckMeta,
    /// The verdict the check reached; muting does not change it (see [`Finding::reported_status`]).
    pub status: Status,
    pub resource: Resource,
    pub message: String,
    pub muted_reason: Option<String>,
    /// Set when the run compares against a baseline (`--baseline`).
    pub baseline: Option<BaselineState>,
    /// The account the resource is in, with the context the manifest or discovery gave it; shared
    /// by every finding of that account. Set by the run, never by a check.
    pub account: Option<Arc<OrgAccount>>,
}

impl Finding {
    fn new(
        meta: &'static CheckMeta,
        status: Status,
        resource: Resource,
        message: String,
    ) -> Finding {
        Finding {
            meta,
            status,
            resource,
            message,
            muted_reason: None,
            baseline: None,
            account: None,
        }
    }

    pub fn pass(
        meta: &'static CheckMeta,
        resource: Resource,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(meta, Status::Pass, resource, message.into())
    }

    pub fn fail(
        meta: &'static CheckMeta,
        resource: Resource,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(meta, Status::Fail, resource, message.into())
    }

    /// The check could not see what it needed: never a PASS for what was not examined.
    pub fn error(meta: &'static CheckMeta, resource: Resource, gap: &Gap) -> Finding {
        Finding::new(meta, Status::Error, resource, gap.to_string())
    }

    /// The status shown to users: MUTED when a mutelist rule suppressed it.
    pub fn reported_status(&self) -> Status {
        if self.muted_reason.is_some() {
            Status::Muted
        } else {
            self.status
        }
    }

    pub fn severity(&self) -> Severity {
        self.meta.severity
    }

    pub fn owner(&self) -> Owner {
        self.meta.owner
    }

    /// The id of the account the finding is in; empty when the run did not say.
    pub fn account_id(&self) -> &str {
        self.account
            .as_deref()
            .map_or("", |account| account.id.as_str())
    }

    /// Report order: severity descending, then check id, then resource id (and region, then
    /// account, for ties: the same check over the same resource id in two accounts).
    pub fn sort_key(&self) -> (std::cmp::Reverse<Severity>, &str, &str, &str, &str) {
        (
            std::cmp::Reverse(self.meta.severity),
            self.meta.id.as_str(),
            self.resource.id.as_str(),
            self.resource.region.as_str(),
            self.account_id(),
        )
    }
}

/// Counts of reported statuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    #[serde(rename = "PASS")]
    pub pass: usize,
    #[serde(rename = "FAIL")]
    pub fail: usize,
    #[serde(rename = "ERROR")]
    pub error: usize,
    #[serde(rename = "MUTED")]
    pub muted: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Error => self.error += 1,
            Status::Muted => self.muted += 1,
        }
    }

    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for finding in findings {
            counts.add(finding.reported_status());
        }
        counts
    }
}
