//! What was collected from the account: plain serde types, no SDK types. Saved and loaded as a
//! snapshot (`--save-snapshot`, `--from`), so every type here is part of the snapshot schema.

pub mod ec2;
pub mod iam;
pub mod s3;
pub mod services;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::finding::{AccountInfo, Target};

/// The snapshot schema this build reads and writes.
pub const SNAPSHOT_SCHEMA: &str = "posture.inventory/v1";

/// The outcome of one collection step: the data, the failed call, or nothing attempted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collected<T> {
    /// Not attempted in this run (the checks that would need it were not selected).
    #[default]
    NotCollected,
    Ok(T),
    Failed(Gap),
}

/// Why data is missing: the call that failed and what the endpoint said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// `service:Operation`, as in IAM policy actions, e.g. `s3:GetBucketPolicyStatus`.
    pub call: String,
    pub message: String,
}

impl Gap {
    pub fn new(call: impl Into<String>, message: impl Into<String>) -> Gap {
        Gap {
            call: call.into(),
            message: message.into(),
        }
    }

    fn not_collected() -> Gap {
        Gap::new("", "not collected in this run")
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.call.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} failed: {}", self.call, self.message)
        }
    }
}

impl<T> Collected<T> {
    /// The data, or the gap that a check turns into an ERROR finding.
    pub fn get(&self) -> Result<&T, Gap> {
        match self {
            Collected::Ok(value) => Ok(value),
            Collected::Failed(gap) => Err(gap.clone()),
            Collected::NotCollected => Err(Gap::not_collected()),
        }
    }

    pub fn ok(&self) -> Option<&T> {
        match self {
            Collected::Ok(value) => Some(value),
            _ => None,
        }
    }

    pub fn from_result<E: fmt::Display>(call: &str, result: Result<T, E>) -> Collected<T> {
        match result {
            Ok(value) => Collected::Ok(value),
            Err(error) => Collected::Failed(Gap::new(call, error.to_string())),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Collected<U> {
        match self {
            Collected::Ok(value) => Collected::Ok(f(value)),
            Collected::Failed(gap) => Collected::Failed(gap),
            Collected::NotCollected => Collected::NotCollected,
        }
    }
}

/// Everything one run collected. Checks read it; only `collect` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    pub schema: String,
    pub account: AccountInfo,
    pub target: Target,
    /// When collection started; age checks measure from here, never from the wall clock.
    pub collected_at: DateTime<Utc>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub iam: iam::IamInventory,
    #[serde(default)]
    pub s3: s3::S3Inventory,
    /// The account's security alternate contact (`account:GetAlternateContact`), `None` when unset.
    #[serde(default)]
    pub security_contact: Collected<Option<AlternateContact>>,
    /// Regional services, keyed by region name.
    #[serde(default)]
    pub regions: BTreeMap<String, RegionInventory>,
}

/// An alternate contact of the account (billing, operations or security).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternateContact {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
}

/// The regional services of one region.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionInventory {
    #[serde(default)]
    pub ec2: ec2::Ec2Region,
    #[serde(default)]
    pub services: services::RegionalServices,
}

impl Inventory {
    pub fn new(account: AccountInfo, target: Target, collected_at: DateTime<Utc>) -> Inventory {
        Inventory {
            schema: SNAPSHOT_SCHEMA.to_string(),
            account,
            target,
            collected_at,
            notes: Vec::new(),
            iam: iam::IamInventory::default(),
            s3: s3::S3Inventory::default(),
            security_contact: Collected::NotCollected,
            regions: BTreeMap::new(),
        }
    }

    /// Whole days between `then` and collection time (negative if `then` is later).
    pub fn days_since(&self, then: DateTime<Utc>) -> i64 {
        (self.collected_at - then).num_days()
    }
}
