//! `rds.instance_backups_retained`: every DB instance keeps automated backups for at least 7 days.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::rds::{instance_label, per_instance};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct InstanceBackupsRetained;

/// Security Hub RDS.11's default `backupRetentionMinimum`: a week of automated backups.
pub const MINIMUM_RETENTION_DAYS: i32 = 7;

impl Check for InstanceBackupsRetained {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("rds/instance_backups_retained")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_instance(inventory, self.meta(), |db| {
            let label = instance_label(db);
            let days = db.backup_retention_period;
            if days == 0 {
                (
                    false,
                    format!("{label} has automated backups off (BackupRetentionPeriod = 0)"),
                )
            } else if days < MINIMUM_RETENTION_DAYS {
                (
                    false,
                    format!(
                        "{label} keeps automated backups for {days} days, fewer than {MINIMUM_RETENTION_DAYS}"
                    ),
                )
            } else {
                (
                    true,
                    format!("{label} keeps automated backups for {days} days"),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::verdicts;
    use crate::checks::rds::fixtures::{assert_verdicts, instance, run};
    use crate::finding::Status;
    use crate::inventory::services::DbInstance;

    #[test]
    fn a_week_passes_none_fails_unlisted_errs() {
        assert_verdicts(
            &InstanceBackupsRetained,
            DbInstance {
                backup_retention_period: 0,
                ..instance("bad")
            },
            "good (postgres) keeps automated backups for 7 days",
            "bad (postgres) has automated backups off (BackupRetentionPeriod = 0)",
        );
    }

    #[test]
    fn fewer_than_seven_days_fails() {
        let short = DbInstance {
            backup_retention_period: 3,
            ..instance("short")
        };
        let findings = run(&InstanceBackupsRetained, vec![short]);
        assert_eq!(verdicts(&findings), vec![("short".into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "short (postgres) keeps automated backups for 3 days, fewer than 7"
        );
    }
}
