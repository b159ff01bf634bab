//! `cloudtrail.multi_region_trail_logging`: at least one multi-region trail is logging and records all read and write management events.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::account_resource;
use crate::checks::cloudtrail::Trails;
use crate::finding::Finding;
use crate::inventory::services::Trail;
use crate::inventory::{Gap, Inventory};

pub struct MultiRegionTrailLogging;

impl Check for MultiRegionTrailLogging {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/multi_region_trail_logging")
    }

    /// One finding on the account. Multi-region trails are visible from every region, so one
    /// region that answered is enough to judge; when none did, the verdict is an ERROR.
    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = || account_resource(inventory);
        let trails = Trails::of(inventory);
        if trails.none_listed(inventory) {
            let gap = trails.gaps.first().map_or_else(
                || Gap::new("", "no region was audited, so no trail was listed"),
                |(_, gap)| gap.clone(),
            );
            return vec![Finding::error(meta, account(), &gap)];
        }
        let multi_region: Vec<&Trail> = trails
            .unique
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
            let message = format!(
                "multi-region trail {} (home region {}) is logging and records all read and \
                 write management events",
                trail.name, trail.home_region
            );
            return vec![Finding::pass(meta, account(), message)];
        }
        // No trail is known to qualify: one that could not be read might, so that is an ERROR.
        if let Some((_, Err(gap))) = judged.iter().find(|(_, verdict)| verdict.is_err()) {
            return vec![Finding::error(meta, account(), gap)];
        }
        let mut reasons: Vec<String> = judged
            .iter()
            .filter_map(|(trail, verdict)| {
                let shortfall = verdict.as_ref().ok()?.as_ref()?;
                Some(format!("multi-region trail {} {shortfall}", trail.name))
            })
            .collect();
        if multi_region.is_empty() {
            reasons.push("no trail is multi-region".to_string());
        }
        let single: Vec<&str> = trails
            .unique
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
        if trails.unique.is_empty() {
            reasons = vec!["no CloudTrail trail is visible from the audited regions".to_string()];
        }
        vec![Finding::fail(meta, account(), reasons.join("; "))]
    }
}

/// What keeps a multi-region trail from qualifying: `None` when nothing does, a gap when the
/// status or selectors needed to tell were not read.
fn shortfall(trail: &Trail) -> Result<Option<String>, Gap> {
    let logging = *trail.is_logging.get()?;
    let all_events = *trail.records_all_management_events.get()?;
    Ok(match (logging, all_events) {
        (true, true) => None,
        (false, true) => Some("is not logging (logging is stopped)".to_string()),
        (true, false) => Some("does not record all read and write management events".to_string()),
        (false, false) => Some(
            "is not logging and does not record all read and write management events".to_string(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudtrail::fixtures::{trail, with_trails};
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::{Collected, RegionInventory};

    fn multi(name: &str) -> Trail {
        Trail {
            is_multi_region: true,
            ..trail(name)
        }
    }

    fn run(trails: Vec<Trail>) -> Vec<Finding> {
        let inventory = regional(|region| with_trails(region, trails));
        MultiRegionTrailLogging.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_with_one_qualifying_multi_region_trail() {
        let mut stopped = multi("stopped");
        stopped.is_logging = Collected::Ok(false);
        let findings = run(vec![stopped, multi("main")]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            "multi-region trail main (home region us-east-1) is logging and records all read \
             and write management events"
        );
    }

    #[test]
    fn fails_naming_what_each_trail_lacks() {
        let mut stopped = multi("stopped");
        stopped.is_logging = Collected::Ok(false);
        let mut write_only = multi("write-only");
        write_only.records_all_management_events = Collected::Ok(false);
        let findings = run(vec![stopped, write_only, trail("local")]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "multi-region trail stopped is not logging (logging is stopped); multi-region trail \
             write-only does not record all read and write management events; single-region \
             trails do not count (local)"
        );
        let findings = run(vec![trail("local")]);
        assert!(findings[0].message.starts_with("no trail is multi-region"));
        let findings = run(vec![]);
        assert_eq!(
            findings[0].message,
            "no CloudTrail trail is visible from the audited regions"
        );
    }

    #[test]
    fn errors_when_no_region_listed_trails_or_a_candidate_was_unreadable() {
        let inventory = regional(|region| {
            region.services.trails = failed("cloudtrail:DescribeTrails");
        });
        let findings = MultiRegionTrailLogging.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .starts_with("cloudtrail:DescribeTrails failed")
        );

        let mut unknown = multi("unknown");
        unknown.is_logging = failed("cloudtrail:GetTrailStatus");
        let findings = run(vec![unknown]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(findings[0].message.contains("cloudtrail:GetTrailStatus"));
    }

    #[test]
    fn one_answering_region_is_enough() {
        let mut inventory = inventory();
        let mut answered = RegionInventory::default();
        with_trails(&mut answered, vec![multi("main")]);
        let mut denied = RegionInventory::default();
        denied.services.trails = failed("cloudtrail:DescribeTrails");
        inventory.regions.insert("us-east-1".into(), answered);
        inventory.regions.insert("eu-west-1".into(), denied);
        let findings = MultiRegionTrailLogging.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
    }
}
