//! `cloudtrail.multi_region_trail_logging`: at least one multi-region trail is logging and records all read and write management events.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudtrail::per_account_trail;
use crate::finding::Finding;
use crate::inventory::services::Trail;
use crate::inventory::{Gap, Inventory};

pub struct MultiRegionTrailLogging;

impl Check for MultiRegionTrailLogging {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/multi_region_trail_logging")
    }

    /// One finding on the account: multi-region trails are visible from every region.
    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_account_trail(inventory, self.meta(), shortfall, |label, trail| {
            format!(
                "{label} (home region {}) is logging and records all read and write management \
                 events",
                trail.home_region
            )
        })
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
    use crate::checks::cloudtrail::fixtures::{MANAGEMENT, organization_trail, trail, with_trails};
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

    /// A member of the fixture organization: `own` are its own trails, `organization` what its
    /// management account read of the organization trails in the same run.
    fn member(own: Collected<Vec<Trail>>, organization: Vec<Trail>) -> Vec<Finding> {
        let mut inventory = regional(|region| region.services.trails = own);
        inventory.organization_trails = organization;
        MultiRegionTrailLogging.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn the_management_accounts_organization_trail_covers_a_member_without_trails() {
        let findings = member(Collected::Ok(vec![]), vec![organization_trail("org-main")]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            format!(
                "organization trail org-main of management account {MANAGEMENT} (home region \
                 us-east-1) is logging and records all read and write management events (an \
                 organization trail logs the events of every member account, this one's too)"
            )
        );
        // Whatever the member's own single-region or stopped trails are.
        let mut stopped = multi("stopped");
        stopped.is_logging = Collected::Ok(false);
        let findings = member(
            Collected::Ok(vec![stopped, trail("local")]),
            vec![organization_trail("org-main")],
        );
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert!(
            findings[0]
                .message
                .starts_with("organization trail org-main")
        );
    }

    #[test]
    fn a_member_listing_the_organization_trail_itself_passes_naming_its_account() {
        // What AWS answers a member: the organization trail, with the management account's ARN.
        let findings = run(vec![organization_trail("org-main")]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert!(
            findings[0].message.starts_with(&format!(
                "organization trail org-main of management account {MANAGEMENT} (home region"
            )),
            "{}",
            findings[0].message
        );
        // The member could not read its status; the management account's copy could.
        let mut unread = organization_trail("org-main");
        unread.is_logging = failed("cloudtrail:GetTrailStatus");
        let findings = run(vec![unread.clone()]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        let findings = member(
            Collected::Ok(vec![unread]),
            vec![organization_trail("org-main")],
        );
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
    }

    #[test]
    fn an_organization_trail_that_falls_short_fails_or_errs_naming_its_account() {
        let mut stopped = organization_trail("org-main");
        stopped.is_logging = Collected::Ok(false);
        let findings = member(Collected::Ok(vec![]), vec![stopped.clone()]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            format!(
                "organization trail org-main of management account {MANAGEMENT} is not logging \
                 (logging is stopped)"
            )
        );
        // A member whose own trails are unknown: a stopped organization trail proves nothing.
        let findings = member(failed("cloudtrail:DescribeTrails"), vec![stopped]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .starts_with("cloudtrail:DescribeTrails failed")
        );
        // A qualifying one does, since it logs the member whatever the member's own trails are.
        let findings = member(
            failed("cloudtrail:DescribeTrails"),
            vec![organization_trail("org-main")],
        );
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
    }

    #[test]
    fn the_management_accounts_own_organization_trail_is_named_as_such() {
        let mut own = organization_trail("org-main");
        own.arn = format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/org-main");
        let findings = run(vec![own]);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert!(
            findings[0]
                .message
                .starts_with("organization trail org-main (home region us-east-1) is logging"),
            "{}",
            findings[0].message
        );
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
