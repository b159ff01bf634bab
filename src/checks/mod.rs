//! Pure evaluation: one file per check under `<service>/`, each listed in its service's `CHECKS`.
//!
//! Checks import only `inventory`, `finding`, `check` and `policy`: no I/O, no clock, no environment.

pub mod account;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod config;
pub mod dynamodb;
pub mod ec2;
pub mod efs;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod rds;
pub mod s3;
pub mod secretsmanager;
pub mod securityhub;

use crate::check::CheckMeta;
use crate::finding::{Finding, Resource};
use crate::inventory::{Collected, Inventory, RegionInventory};

/// Evaluates over collected data, or yields one ERROR finding on `on_gap` naming the failed call.
pub fn with_collected<T>(
    meta: &'static CheckMeta,
    collected: &Collected<T>,
    on_gap: impl FnOnce() -> Resource,
    evaluate: impl FnOnce(&T) -> Vec<Finding>,
) -> Vec<Finding> {
    match collected.get() {
        Ok(data) => evaluate(data),
        Err(gap) => vec![Finding::error(meta, on_gap(), &gap)],
    }
}

/// Evaluates one regional collection in every audited region; a region whose collection failed
/// yields an ERROR finding on the region instead.
pub fn per_region<T>(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    select: impl Fn(&RegionInventory) -> &Collected<T>,
    evaluate: impl Fn(&str, &T) -> Vec<Finding>,
) -> Vec<Finding> {
    inventory
        .regions
        .iter()
        .flat_map(|(region, regional)| {
            with_collected(
                meta,
                select(regional),
                || Resource::region(&inventory.account.id, region),
                |data| evaluate(region, data),
            )
        })
        .collect()
}

/// The account resource for account-wide settings.
pub fn account_resource(inventory: &Inventory) -> Resource {
    Resource::account(&inventory.account.id, &inventory.account.partition)
}

#[cfg(test)]
pub mod fixtures {
    //! Hand-built inventories for check unit tests.

    use chrono::{TimeZone, Utc};

    use crate::finding::{AccountInfo, Status, Target};
    use crate::inventory::{Collected, Gap, Inventory, RegionInventory};

    pub const ACCOUNT: &str = "111122223333";
    pub const REGION: &str = "us-east-1";

    pub fn inventory() -> Inventory {
        Inventory::new(
            AccountInfo {
                id: ACCOUNT.into(),
                partition: "aws".into(),
                caller_arn: format!("arn:aws:iam::{ACCOUNT}:user/auditor"),
            },
            Target {
                endpoint_url: None,
                regions: vec![REGION.into()],
            },
            Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
                .single()
                .expect("valid date"),
        )
    }

    /// An inventory with one region whose regional data `fill` sets.
    pub fn regional(fill: impl FnOnce(&mut RegionInventory)) -> Inventory {
        let mut inventory = inventory();
        let mut region = RegionInventory::default();
        fill(&mut region);
        inventory.regions.insert(REGION.into(), region);
        inventory
    }

    pub fn failed<T>(call: &str) -> Collected<T> {
        Collected::Failed(Gap::new(call, "AccessDenied: not authorized"))
    }

    /// Asserts that `findings` are the one ERROR a per-region check gives on the fixture region
    /// when the region's listing `call` failed.
    pub fn assert_failed_region(findings: &[crate::finding::Finding], call: &str) {
        let region_error = vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)];
        assert_eq!(verdicts(findings), region_error);
        assert!(findings[0].message.contains(&format!("{call} failed")));
    }

    /// (resource id, status) pairs, for compact assertions.
    pub fn verdicts(findings: &[crate::finding::Finding]) -> Vec<(String, Status)> {
        findings
            .iter()
            .map(|f| (f.resource.id.clone(), f.status))
            .collect()
    }
}
