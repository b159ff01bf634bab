//! Pure evaluation: one file per check under `<service>/`, each listed in its service's `CHECKS`.
//!
//! Checks import only `inventory`, `finding`, `check` and the pure helpers `policy`, `network` and
//! `filter_pattern`: no I/O, no clock, no environment.

/// Declares one service's checks, one `module::Struct` line each, sorted by id: the modules and the
/// service's `CHECKS` list come from that one line, so registering a check cannot drift from its file.
#[macro_export]
macro_rules! service_checks {
    ($($module:ident::$check:ident),+ $(,)?) => {
        $(pub mod $module;)+
        /// This service's checks, sorted by id.
        pub const CHECKS: &[&dyn $crate::check::Check] = &[$(&$module::$check),+];
    };
}

/// Declares the services that have checks; each one's `CHECKS` joins the registry.
macro_rules! services {
    ($($service:ident),+ $(,)?) => {
        $(pub mod $service;)+
        /// Every service's list of checks.
        pub const SERVICES: &[&[&'static dyn $crate::check::Check]] = &[$($service::CHECKS),+];
    };
}

services! {
    apigateway,
    account,
    cloudfront,
    cloudtrail,
    cloudwatch,
    config,
    dynamodb,
    ec2,
    ecr,
    efs,
    eks,
    elbv2,
    events,
    guardduty,
    iam,
    inspector,
    kms,
    lambda,
    logs,
    macie,
    rds,
    s3,
    secretsmanager,
    securityhub,
    shield,
    sns,
    sqs,
    waf,
}

use std::sync::LazyLock;

use crate::catalog::CheckMeta;
use crate::finding::{Finding, GLOBAL_REGION, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::services::Administrator;
use crate::inventory::{Collected, Gap, Inventory, RegionInventory};
use crate::policy::{PolicyDocument, UnpinnedService, analyse};

/// An inventory item a check judges, and how it appears as a finding's resource.
pub trait Subject {
    /// The finding's resource: its id, ARN, type, region, name and tags. `region` is where the
    /// item was collected ([`GLOBAL_REGION`] for account-wide collections).
    fn resource(&self, account: &AccountInfo, region: &str) -> Resource;
}

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

/// What a region the target names holds when the inventory has no entry for it: nothing
/// collected, so every check reading it sees a gap.
static UNCOLLECTED_REGION: LazyLock<RegionInventory> = LazyLock::new(RegionInventory::default);

/// The audited regions (the target's, not whatever the inventory happens to hold), each with what
/// was collected there. A region the target names but the inventory lacks yields ERRORs, never
/// silence.
pub fn audited_regions(inventory: &Inventory) -> impl Iterator<Item = (&str, &RegionInventory)> {
    inventory.target.regions.iter().map(|region| {
        let regional = inventory.regions.get(region).unwrap_or(&UNCOLLECTED_REGION);
        (region.as_str(), regional)
    })
}

/// The words a PASS on a detector or a hub appends for the administrator account that manages it
/// (a delegated administrator of the organization, typically): nothing when there is none, or
/// when it could not be read, since it is context and the collection notes the gap.
pub fn administered(administrator: &Collected<Option<Administrator>>) -> String {
    let Some(Some(admin)) = administrator.ok() else {
        return String::new();
    };
    let id = &admin.account_id;
    let in_force = ["enabled", "associated"]
        .iter()
        .any(|status| admin.relationship.eq_ignore_ascii_case(status));
    if in_force {
        format!(", managed by administrator account {id}")
    } else {
        format!(
            " (administrator account {id}, relationship {})",
            admin.relationship
        )
    }
}

/// The one way a check judges a regional setting: one finding on each audited region, from what
/// was collected there; a region whose collection failed, or was never collected, is an ERROR.
pub fn per_region<T, V: Into<Verdict>>(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    select: impl Fn(&RegionInventory) -> &Collected<T>,
    judge: impl Fn(&str, &T) -> V,
) -> Vec<Finding> {
    audited_regions(inventory)
        .map(|(region, regional)| {
            let verdict = match select(regional).get() {
                Ok(data) => judge(region, data).into(),
                Err(gap) => Verdict::Unknown(gap),
            };
            verdict.into_finding(meta, Resource::region(&inventory.account.id, region))
        })
        .collect()
}

/// One finding per item `judge` covers (`None`: not this check's business), in `region`.
pub fn judge_each<'a, T: Subject + 'a, V: Into<Verdict>>(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    region: &str,
    items: impl IntoIterator<Item = &'a T>,
    judge: impl Fn(&T) -> Option<V>,
) -> Vec<Finding> {
    items
        .into_iter()
        .filter_map(|item| {
            let verdict = judge(item)?.into();
            Some(verdict.into_finding(meta, item.resource(&inventory.account, region)))
        })
        .collect()
}

/// The one way a check judges resources of a regional collection: one finding per item `judge`
/// covers, in every audited region. `judge` also sees the item's region, for checks that join two
/// collections. A region whose collection failed, or was never collected, yields one ERROR on the
/// region.
pub fn per_regional_resource<T: Subject, V: Into<Verdict>>(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    select: impl Fn(&RegionInventory) -> &Collected<Vec<T>>,
    judge: impl Fn(&RegionInventory, &T) -> Option<V>,
) -> Vec<Finding> {
    audited_regions(inventory)
        .flat_map(|(region, regional)| {
            with_collected(
                meta,
                select(regional),
                || Resource::region(&inventory.account.id, region),
                |items| judge_each(inventory, meta, region, items, |item| judge(regional, item)),
            )
        })
        .collect()
}

/// The same for an account-wide collection (IAM users, S3 buckets): one ERROR on the account when
/// the collection failed.
pub fn per_account_resource<T: Subject, V: Into<Verdict>>(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    collected: &Collected<Vec<T>>,
    judge: impl Fn(&T) -> Option<V>,
) -> Vec<Finding> {
    with_collected(
        meta,
        collected,
        || account_resource(inventory),
        |items| judge_each(inventory, meta, GLOBAL_REGION, items, judge),
    )
}

/// Judges a resource policy as collected by `call`: PASS when it has none or grants nothing
/// public, FAIL naming every public grant; a policy that does not parse is a gap of `call`.
/// `what` names the resource in messages (`secret db-password`).
pub fn resource_policy_not_public(
    policy: &Collected<Option<serde_json::Value>>,
    call: &str,
    account: &str,
    unpinned_service: UnpinnedService,
    what: &str,
) -> Result<Verdict, Gap> {
    policy_not_public(
        policy.get()?.as_ref(),
        call,
        account,
        unpinned_service,
        what,
    )
}

/// The same for a policy read among other attributes (an SNS topic's), once those were read.
pub fn policy_not_public(
    policy: Option<&serde_json::Value>,
    call: &str,
    account: &str,
    unpinned_service: UnpinnedService,
    what: &str,
) -> Result<Verdict, Gap> {
    let Some(document) = parse_policy(policy, call)? else {
        return Ok(Verdict::Pass(format!("{what} has no resource policy")));
    };
    let open: Vec<String> = analyse(&document, account)
        .iter()
        .filter(|grant| grant.reach.is_public(unpinned_service))
        .map(|grant| grant.describe())
        .collect();
    Ok(if open.is_empty() {
        Verdict::Pass(format!("{what}'s policy grants nothing to the public"))
    } else {
        Verdict::Fail(format!("{what} is public: {}", open.join("; ")))
    })
}

/// A collected resource policy, parsed: `None` when the resource has none; a policy that does not
/// parse is a gap of `call`, the call that returned it.
pub fn resource_policy(
    policy: &Collected<Option<serde_json::Value>>,
    call: &str,
) -> Result<Option<PolicyDocument>, Gap> {
    parse_policy(policy.get()?.as_ref(), call)
}

/// A policy as `call` returned it, parsed; one that does not parse is a gap of `call`.
pub fn parse_policy(
    policy: Option<&serde_json::Value>,
    call: &str,
) -> Result<Option<PolicyDocument>, Gap> {
    policy
        .map(|value| {
            PolicyDocument::parse(value)
                .map_err(|error| Gap::new(call, format!("malformed policy document: {error}")))
        })
        .transpose()
}

/// The account resource for account-wide settings.
pub fn account_resource(inventory: &Inventory) -> Resource {
    Resource::account(&inventory.account.id, &inventory.account.partition)
}

#[cfg(test)]
pub mod fixtures {
    //! Hand-built inventories for check unit tests.

    use chrono::{TimeZone, Utc};

    use crate::finding::Status;
    use crate::inventory::{AccountInfo, Target};
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
    /// What every "resource policy not public" check must decide alike: a policy granting
    /// `action` to everyone FAILs naming its statement, while no policy, a named account and the
    /// organization (aws:PrincipalOrgID) PASS. `judge` evaluates resources built from (name, policy).
    pub fn assert_policy_reach_verdicts(
        label: &str,
        action: &str,
        judge: impl Fn(Vec<(&str, Option<serde_json::Value>)>) -> Vec<crate::finding::Finding>,
    ) {
        use serde_json::json;
        let policy = |principal: serde_json::Value, condition: serde_json::Value| {
            Some(json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*",
                 "Condition": condition}
            ]}))
        };
        let findings = judge(vec![("open", policy(json!("*"), json!({})))]);
        assert_eq!(verdicts(&findings), vec![("open".into(), Status::Fail)]);
        let public = format!("{label} open is public: statement #1 allows {action}");
        assert!(
            findings[0].message.starts_with(&public),
            "{}",
            findings[0].message
        );

        let partner = policy(json!({"AWS": "arn:aws:iam::444455556666:root"}), json!({}));
        let org = policy(
            json!("*"),
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}),
        );
        let findings = judge(vec![("none", None), ("partner", partner), ("org", org)]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("none".into(), Status::Pass),
                ("partner".into(), Status::Pass),
                ("org".into(), Status::Pass)
            ]
        );
        assert_eq!(
            findings[0].message,
            format!("{label} none has no resource policy")
        );
    }

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

#[cfg(test)]
mod tests {
    use super::fixtures::{ACCOUNT, REGION, inventory, regional, verdicts};
    use super::*;
    use crate::check::Settings;
    use crate::finding::Status;
    use crate::registry;

    /// A target that names a region the inventory holds nothing for: every regional check must say
    /// so with an ERROR on that region, never yield nothing.
    #[test]
    fn an_audited_region_missing_from_the_inventory_is_an_error_for_every_regional_check() {
        let mut lacking = regional(|_| {});
        lacking.target.regions.push("eu-west-1".into());
        let missing = format!("{ACCOUNT}/eu-west-1");
        let regional_checks = registry::all()
            .into_iter()
            .filter(|check| check.needs().iter().any(|source| source.is_regional()));
        let mut judged = 0;
        for check in regional_checks {
            let findings = check.evaluate(&lacking, &Settings::default());
            let id = &check.meta().id;
            // Account-wide verdicts (a multi-region trail is seen from any region) stand on the
            // regions that answered; here none did, so they are ERRORs on the account.
            if findings.iter().all(|f| f.resource.kind == "AwsAccount") {
                assert!(findings.iter().all(|f| f.status == Status::Error), "{id}");
                continue;
            }
            let on_missing: Vec<_> = findings
                .iter()
                .filter(|finding| finding.resource.id == missing)
                .collect();
            assert!(!on_missing.is_empty(), "{id} said nothing about eu-west-1");
            assert!(
                on_missing.iter().all(|f| f.status == Status::Error),
                "{id} judged a region it has no data for"
            );
            judged += 1;
        }
        assert!(judged > 10, "only {judged} regional checks were exercised");
    }

    #[test]
    fn regions_outside_the_target_are_not_audited() {
        let mut extra = inventory();
        extra
            .regions
            .insert(REGION.into(), RegionInventory::default());
        extra
            .regions
            .insert("ap-south-1".into(), RegionInventory::default());
        let audited: Vec<&str> = audited_regions(&extra).map(|(region, _)| region).collect();
        assert_eq!(audited, vec![REGION]);
        let findings = per_region(
            &extra,
            crate::check_meta!("ec2/ebs_encryption_by_default"),
            |r| &r.ec2.ebs_encryption_by_default,
            |_, on: &bool| Verdict::holds(*on, "on"),
        );
        assert_eq!(
            verdicts(&findings),
            vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)]
        );
    }
}
