//! CloudTrail checks, and how they see trails.
//!
//! `DescribeTrails` with shadow trails answers, in every region, with every multi-region (and
//! organization) trail as well as the region's own trails. A trail is therefore seen once per
//! audited region; the checks dedupe by ARN and judge the copy read in the trail's home region
//! when that region was audited, any copy otherwise (the configuration is the trail's, not the
//! region's). A region whose `DescribeTrails` failed yields one ERROR on the region: its
//! single-region trails are unknown.

crate::service_checks! {
    log_file_validation_enabled::LogFileValidationEnabled,
    multi_region_trail_logging::MultiRegionTrailLogging,
    s3_object_read_events_logged::S3ObjectReadEventsLogged,
    s3_object_write_events_logged::S3ObjectWriteEventsLogged,
    trail_bucket_access_logging::TrailBucketAccessLogging,
    trail_bucket_not_public::TrailBucketNotPublic,
    trail_kms_encrypted::TrailKmsEncrypted,
}

use std::collections::BTreeMap;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::checks::{account_resource, audited_regions};
use crate::finding::{Finding, Resource, Status, Verdict};
use crate::inventory::Source;
use crate::inventory::services::{S3DataEvents, Trail};
use crate::inventory::{Gap, Inventory};

/// What the checks on a trail's log bucket read: the trails, and the buckets they name.
pub const TRAIL_BUCKET_SOURCES: &[Source] = &[Source::CloudTrail, Source::S3];

/// What the audited regions revealed about the account's trails.
pub struct Trails<'a> {
    /// Every trail once, by ARN.
    pub unique: Vec<&'a Trail>,
    /// Regions whose trails could not be listed, with why.
    pub gaps: Vec<(&'a str, Gap)>,
}

impl<'a> Trails<'a> {
    pub fn of(inventory: &'a Inventory) -> Trails<'a> {
        // ARN -> (region the copy was read in, the copy).
        let mut by_arn: BTreeMap<&str, (&str, &Trail)> = BTreeMap::new();
        let mut gaps = Vec::new();
        for (region, regional) in audited_regions(inventory) {
            let trails = match regional.services.trails.get() {
                Ok(trails) => trails,
                Err(gap) => {
                    gaps.push((region, gap));
                    continue;
                }
            };
            for trail in trails {
                let key = if trail.arn.is_empty() {
                    &trail.name
                } else {
                    &trail.arn
                };
                let keep_existing = by_arn.get(key.as_str()).is_some_and(|(read_in, kept)| {
                    *read_in == kept.home_region || trail.home_region != *region
                });
                if !keep_existing {
                    by_arn.insert(key, (region, trail));
                }
            }
        }
        Trails {
            unique: by_arn.into_values().map(|(_, trail)| trail).collect(),
            gaps,
        }
    }

    /// Whether no audited region answered at all.
    pub fn none_listed(&self, inventory: &Inventory) -> bool {
        self.gaps.len() == inventory.target.regions.len()
    }

    /// The trails that log this account's events: its own listing, plus the organization trails
    /// its management account read in the same run. That copy replaces the member's own copy of
    /// the same trail, since it was read where the trail lives (a member may not read its status).
    pub fn logging_account(&self, inventory: &'a Inventory) -> Vec<&'a Trail> {
        let organization = &inventory.organization_trails;
        self.unique
            .iter()
            .copied()
            .filter(|trail| !organization.iter().any(|org| org.arn == trail.arn))
            .chain(organization)
            .collect()
    }
}

/// The account a trail belongs to, from its ARN (`arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`).
pub fn trail_account(trail: &Trail) -> Option<&str> {
    trail
        .arn
        .split(':')
        .nth(4)
        .filter(|account| !account.is_empty())
}

/// The organization's trail as this account sees it: an organization trail that another account
/// (the management account) owns, with that account's id.
pub fn organization_owner<'t>(inventory: &Inventory, trail: &'t Trail) -> Option<&'t str> {
    trail_account(trail)
        .filter(|owner| trail.is_organization_trail && *owner != inventory.account.id)
}

/// How a finding names a trail: `multi-region trail NAME`, or for an organization trail
/// `organization trail NAME`, with the management account that owns it when that is another.
pub fn trail_label(inventory: &Inventory, trail: &Trail) -> String {
    let name = &trail.name;
    match organization_owner(inventory, trail) {
        Some(owner) => format!("organization trail {name} of management account {owner}"),
        None if trail.is_organization_trail => format!("organization trail {name}"),
        None if trail.is_multi_region => format!("multi-region trail {name}"),
        None => format!("trail {name}"),
    }
}

/// One finding on the account for a property some multi-region trail that logs the account must
/// have: one of its own, or its organization's trail (see [`Trails::logging_account`]).
/// `shortfall` says what keeps a trail from qualifying (`None`: nothing) or the gap that hides it;
/// `passing` words the PASS, given the trail's label ([`trail_label`]). Multi-region trails are
/// visible from every region, so one region that answered is enough; when none did and no
/// organization trail qualifies, or no trail is known to qualify while one could not be read,
/// ERROR.
pub fn per_account_trail(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    shortfall: impl Fn(&Trail) -> Result<Option<String>, Gap>,
    passing: impl Fn(&str, &Trail) -> String,
) -> Vec<Finding> {
    let account = || account_resource(inventory);
    let trails = Trails::of(inventory);
    let own_unknown = trails.none_listed(inventory).then(|| {
        trails.gaps.first().map_or_else(
            || Gap::new("", "no region was audited, so no trail was listed"),
            |(_, gap)| gap.clone(),
        )
    });
    if let Some(gap) = &own_unknown
        && inventory.organization_trails.is_empty()
    {
        return vec![Finding::error(meta, account(), gap)];
    }
    let logging = trails.logging_account(inventory);
    let multi_region: Vec<&Trail> = logging
        .iter()
        .copied()
        .filter(|trail| trail.is_multi_region)
        .collect();
    let judged: Vec<(&Trail, Result<Option<String>, Gap>)> = multi_region
        .iter()
        .map(|trail| (*trail, shortfall(trail)))
        .collect();
    if let Some((trail, _)) = judged
        .iter()
        .find(|(_, verdict)| matches!(verdict, Ok(None)))
    {
        let mut message = passing(&trail_label(inventory, trail), trail);
        if organization_owner(inventory, trail).is_some() {
            message.push_str(
                " (an organization trail logs the events of every member account, this one's too)",
            );
        }
        return vec![Finding::pass(meta, account(), message)];
    }
    // No trail is known to qualify: one that could not be read might, so that is an ERROR; so
    // are this account's own trails when no region listed them.
    if let Some((_, Err(gap))) = judged.iter().find(|(_, verdict)| verdict.is_err()) {
        return vec![Finding::error(meta, account(), gap)];
    }
    if let Some(gap) = &own_unknown {
        return vec![Finding::error(meta, account(), gap)];
    }
    let mut reasons: Vec<String> = judged
        .iter()
        .filter_map(|(trail, verdict)| {
            let shortfall = verdict.as_ref().ok()?.as_ref()?;
            Some(format!("{} {shortfall}", trail_label(inventory, trail)))
        })
        .collect();
    if multi_region.is_empty() {
        reasons.push("no trail is multi-region".to_string());
    }
    let single: Vec<&str> = logging
        .iter()
        .filter(|trail| !trail.is_multi_region)
        .map(|trail| trail.name.as_str())
        .collect();
    if !single.is_empty() {
        reasons.push(format!(
            "single-region trails do not count ({})",
            single.join(", ")
        ));
    }
    if logging.is_empty() {
        reasons = vec!["no CloudTrail trail is visible from the audited regions".to_string()];
    }
    vec![Finding::fail(meta, account(), reasons.join("; "))]
}

/// The account-level verdict on S3 object-level logging (CIS 3.8 for writes, 3.9 for reads): some
/// multi-region trail is logging and records `kind` events for every bucket (`covered`).
pub fn s3_object_events_logged(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    kind: &str,
    covered: impl Fn(&S3DataEvents) -> bool,
) -> Vec<Finding> {
    let shortfall = |trail: &Trail| -> Result<Option<String>, Gap> {
        let logging = *trail.is_logging.get()?;
        let events = *trail.s3_data_events.get()?;
        Ok(match (logging, covered(&events)) {
            (true, true) => None,
            (false, _) => Some("is not logging (logging is stopped)".to_string()),
            (true, false) => Some(format!(
                "records no S3 object-level {kind} events for all buckets"
            )),
        })
    };
    per_account_trail(inventory, meta, shortfall, |label, _| {
        format!("{label} is logging and records S3 object-level {kind} events for every bucket")
    })
}

/// A trail as a finding's resource, in its home region.
pub fn trail_resource(trail: &Trail) -> Resource {
    Resource::new(
        "AwsCloudTrailTrail",
        trail.name.clone(),
        (!trail.arn.is_empty()).then(|| trail.arn.clone()),
        &trail.home_region,
    )
}

/// One finding per trail, plus one ERROR per region whose trails could not be listed. Trails are
/// listed in every region but judged once, in their home region: a multi-region trail appears in
/// each region's listing.
pub fn per_trail(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&Trail) -> Verdict,
) -> Vec<Finding> {
    let trails = Trails::of(inventory);
    let gaps = trails.gaps.iter().map(|(region, gap)| {
        Finding::error(meta, Resource::region(&inventory.account.id, region), gap)
    });
    trails
        .unique
        .iter()
        .map(|trail| judge(trail).into_finding(meta, trail_resource(trail)))
        .chain(gaps)
        .collect()
}

/// The shared evaluator of the checks on a trail's log bucket: it runs the S3 checks that judge
/// the property (`s3_checks`) and gives each trail the verdict they reached on its bucket, so the
/// S3 logic lives in one place. FAIL when any of them fails, else ERROR when any errs, else PASS.
/// A bucket this account does not hold (a central logging account's, or a deleted one) cannot be
/// judged from here: ERROR saying so.
pub fn per_trail_bucket(
    inventory: &Inventory,
    settings: &Settings,
    meta: &'static CheckMeta,
    s3_checks: &[&dyn Check],
) -> Vec<Finding> {
    let bucket_findings: Vec<Finding> = s3_checks
        .iter()
        .flat_map(|check| check.evaluate(inventory, settings))
        .collect();
    per_trail(inventory, meta, |trail| {
        let name = &trail.name;
        let Some(bucket) = trail.s3_bucket.as_deref() else {
            let gap = Gap::new(
                "cloudtrail:DescribeTrails",
                format!("trail {name} reports no S3 bucket"),
            );
            return Verdict::Unknown(gap);
        };
        let buckets = match inventory.s3.buckets.get() {
            Ok(buckets) => buckets,
            Err(gap) => return Verdict::Unknown(gap),
        };
        if !buckets.iter().any(|candidate| candidate.name == bucket) {
            let gap = Gap::new(
                "",
                format!(
                    "trail {name} delivers to bucket {bucket}, which is not among this account's \
                     buckets (it belongs to another account, such as a central logging account, \
                     or no longer exists): audit it from the account that owns it"
                ),
            );
            return Verdict::Unknown(gap);
        }
        let verdicts: Vec<&Finding> = bucket_findings
            .iter()
            .filter(|finding| finding.resource.id == bucket)
            .collect();
        let said = |status: Status| -> Vec<&str> {
            verdicts
                .iter()
                .filter(|finding| finding.status == status)
                .map(|finding| finding.message.as_str())
                .collect()
        };
        let message =
            |parts: Vec<&str>| format!("trail {name} delivers to {bucket}: {}", parts.join("; "));
        let (fails, errors) = (said(Status::Fail), said(Status::Error));
        if !fails.is_empty() {
            Verdict::Fail(message(fails))
        } else if !errors.is_empty() || verdicts.is_empty() {
            Verdict::Unknown(Gap::new("", message(errors)))
        } else {
            Verdict::Pass(message(said(Status::Pass)))
        }
    })
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, assert_failed_region, failed, regional};
    use crate::inventory::services::Trail;
    use crate::inventory::{Collected, RegionInventory};

    /// A logging single-region trail homed in the fixture region that records all management
    /// events, with validation and KMS, delivering to `<name>-logs`.
    pub fn trail(name: &str) -> Trail {
        Trail {
            name: name.into(),
            arn: format!("arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{name}"),
            home_region: REGION.into(),
            is_multi_region: false,
            log_file_validation: true,
            kms_key_id: Some(format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/k-1")),
            s3_bucket: Some(format!("{name}-logs")),
            is_logging: Collected::Ok(true),
            records_all_management_events: Collected::Ok(true),
            s3_data_events: Collected::Ok(Default::default()),
            cloudwatch_logs_log_group_arn: None,
            is_organization_trail: false,
        }
    }

    /// The management account of the fixture organization.
    pub const MANAGEMENT: &str = "999988887777";

    /// A logging multi-region organization trail that `MANAGEMENT` owns, as its own collection
    /// reads it.
    pub fn organization_trail(name: &str) -> Trail {
        Trail {
            arn: format!("arn:aws:cloudtrail:{REGION}:{MANAGEMENT}:trail/{name}"),
            is_multi_region: true,
            is_organization_trail: true,
            ..trail(name)
        }
    }

    pub fn with_trails(region: &mut RegionInventory, trails: Vec<Trail>) {
        region.services.trails = Collected::Ok(trails);
    }

    /// Asserts that a per-trail check yields one ERROR on the region, naming the failed call,
    /// when the region's trails were not listed.
    pub fn assert_region_error(check: &dyn Check) {
        let inventory =
            regional(|region| region.services.trails = failed("cloudtrail:DescribeTrails"));
        let findings = check.evaluate(&inventory, &Settings::default());
        assert_failed_region(&findings, "cloudtrail:DescribeTrails");
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::trail;
    use super::*;
    use crate::checks::fixtures::{failed, inventory};
    use crate::inventory::{Collected, RegionInventory};

    fn region(trails: Collected<Vec<Trail>>) -> RegionInventory {
        let mut region = RegionInventory::default();
        region.services.trails = trails;
        region
    }

    #[test]
    fn shadow_copies_collapse_onto_the_home_region_copy() {
        let mut home = trail("org");
        home.is_multi_region = true;
        let mut shadow = home.clone();
        shadow.log_file_validation = false; // a stale or odd copy: the home one must win
        let mut inventory = inventory();
        inventory
            .regions
            .insert("eu-west-1".into(), region(Collected::Ok(vec![shadow])));
        inventory
            .regions
            .insert("us-east-1".into(), region(Collected::Ok(vec![home])));
        inventory.regions.insert(
            "ap-south-1".into(),
            region(failed("cloudtrail:DescribeTrails")),
        );
        inventory.target.regions =
            vec!["ap-south-1".into(), "eu-west-1".into(), "us-east-1".into()];
        let trails = Trails::of(&inventory);
        assert_eq!(trails.unique.len(), 1);
        assert!(trails.unique[0].log_file_validation);
        assert_eq!(trails.gaps.len(), 1);
        assert_eq!(trails.gaps[0].0, "ap-south-1");
        assert!(!trails.none_listed(&inventory));
    }
}

#[cfg(test)]
mod s3_object_events_tests {
    use super::fixtures::{MANAGEMENT, organization_trail, trail, with_trails};
    use super::s3_object_read_events_logged::S3ObjectReadEventsLogged;
    use super::s3_object_write_events_logged::S3ObjectWriteEventsLogged;
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, regional, verdicts};
    use crate::inventory::Collected;

    /// Each check with the events that satisfy it and the events that do not.
    fn cases() -> [(&'static dyn Check, &'static str, S3DataEvents, S3DataEvents); 2] {
        let reads = S3DataEvents {
            read: true,
            write: false,
        };
        let writes = S3DataEvents {
            read: false,
            write: true,
        };
        [
            (&S3ObjectReadEventsLogged, "read", reads, writes),
            (&S3ObjectWriteEventsLogged, "write", writes, reads),
        ]
    }

    fn multi(name: &str, events: S3DataEvents) -> Trail {
        Trail {
            is_multi_region: true,
            s3_data_events: Collected::Ok(events),
            ..trail(name)
        }
    }

    fn run(check: &dyn Check, trails: Vec<Trail>) -> Vec<Finding> {
        let inventory = regional(|region| with_trails(region, trails));
        check.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_when_a_logging_multi_region_trail_records_the_kind_for_every_bucket() {
        for (check, kind, enough, _) in cases() {
            let findings = run(check, vec![multi("data", enough)]);
            assert_eq!(
                verdicts(&findings),
                vec![(ACCOUNT.into(), Status::Pass)],
                "{kind}"
            );
            assert!(
                findings[0]
                    .message
                    .contains(&format!("S3 object-level {kind} events"))
            );
        }
    }

    #[test]
    fn fails_on_the_other_kind_a_stopped_trail_or_a_single_region_trail() {
        for (check, kind, enough, other) in cases() {
            let mut stopped = multi("stopped", enough);
            stopped.is_logging = Collected::Ok(false);
            let local = Trail {
                s3_data_events: Collected::Ok(enough),
                ..trail("local")
            };
            let findings = run(check, vec![multi("other-kind", other), stopped, local]);
            assert_eq!(
                verdicts(&findings),
                vec![(ACCOUNT.into(), Status::Fail)],
                "{kind}"
            );
            let message = &findings[0].message;
            assert!(
                message.contains(&format!(
                    "other-kind records no S3 object-level {kind} events"
                )),
                "{message}"
            );
            assert!(message.contains("stopped is not logging"), "{message}");
            assert!(
                message.contains("single-region trails do not count (local)"),
                "{message}"
            );
        }
    }

    #[test]
    fn an_organization_trail_recording_the_kind_covers_a_member() {
        for (check, kind, enough, other) in cases() {
            let mut inventory = regional(|region| with_trails(region, vec![]));
            let organization = |events| Trail {
                s3_data_events: Collected::Ok(events),
                ..organization_trail("org-data")
            };
            inventory.organization_trails = vec![organization(enough)];
            let findings = check.evaluate(&inventory, &Settings::default());
            assert_eq!(
                verdicts(&findings),
                vec![(ACCOUNT.into(), Status::Pass)],
                "{kind}"
            );
            assert!(
                findings[0].message.starts_with(&format!(
                    "organization trail org-data of management account {MANAGEMENT} is logging \
                     and records S3 object-level {kind} events"
                )),
                "{}",
                findings[0].message
            );
            inventory.organization_trails = vec![organization(other)];
            let findings = check.evaluate(&inventory, &Settings::default());
            assert_eq!(
                verdicts(&findings),
                vec![(ACCOUNT.into(), Status::Fail)],
                "{kind}"
            );
        }
    }

    #[test]
    fn errors_when_the_selectors_were_not_read() {
        for (check, kind, _, _) in cases() {
            let mut unread = multi("unread", S3DataEvents::default());
            unread.s3_data_events = failed("cloudtrail:GetEventSelectors");
            let findings = run(check, vec![unread]);
            assert_eq!(
                verdicts(&findings),
                vec![(ACCOUNT.into(), Status::Error)],
                "{kind}"
            );
            assert!(findings[0].message.contains("cloudtrail:GetEventSelectors"));
        }
    }
}
