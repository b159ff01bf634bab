//! `logs.log_group_retention_sufficient`: every CloudWatch Logs log group keeps its events for at least the minimum retention.
//!
//! Follows Security Hub CloudWatch.16: a group set to never expire keeps events longer than any
//! minimum and passes; one whose retention is shorter than `Settings::log_retention_min_days`
//! (365 by default) fails.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::logs::per_log_group;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct LogGroupRetentionSufficient;

impl Check for LogGroupRetentionSufficient {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("logs/log_group_retention_sufficient")
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding> {
        let minimum = settings.log_retention_min_days;
        per_log_group(inventory, self.meta(), |group| {
            let name = &group.name;
            match group.retention_days {
                None => (true, format!("log group {name} keeps its events forever")),
                Some(days) => (
                    i64::from(days) >= minimum,
                    format!(
                        "log group {name} keeps its events for {days} days (minimum {minimum})"
                    ),
                ),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, verdicts};
    use crate::checks::logs::fixtures::{group, run};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn passes_a_year_or_more_and_never_expiring_groups_and_fails_shorter_ones() {
        let findings = run(
            &LogGroupRetentionSufficient,
            Collected::Ok(vec![
                group("forever", None, None),
                group("year", Some(365), None),
                group("week", Some(7), None),
            ]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("forever".into(), Status::Pass),
                ("year".into(), Status::Pass),
                ("week".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[2].message,
            "log group week keeps its events for 7 days (minimum 365)"
        );
    }

    #[test]
    fn the_minimum_is_a_setting() {
        let inventory = crate::checks::fixtures::regional(|region| {
            region.services.log_groups = Collected::Ok(vec![group("week", Some(7), None)]);
        });
        let settings = Settings {
            log_retention_min_days: 7,
            ..Settings::default()
        };
        let findings = LogGroupRetentionSufficient.evaluate(&inventory, &settings);
        assert_eq!(verdicts(&findings), vec![("week".into(), Status::Pass)]);
    }

    #[test]
    fn errors_when_groups_were_not_listed() {
        let findings = run(
            &LogGroupRetentionSufficient,
            failed("logs:DescribeLogGroups"),
        );
        crate::checks::fixtures::assert_failed_region(&findings, "logs:DescribeLogGroups");
    }
}
