//! `rds.instance_backups_retained`: every DB instance keeps automated backups for at least 7 days.
//!
//! Read replicas are not judged, as RDS.11 does not: their data is the source's, backed up there,
//! and RDS creates most replicas with backups off.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::checks::rds::instance_label;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct InstanceBackupsRetained;

/// Security Hub RDS.11's default `backupRetentionMinimum`: a week of automated backups.
pub const MINIMUM_RETENTION_DAYS: i32 = 7;

impl Check for InstanceBackupsRetained {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("rds/instance_backups_retained")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.db_instances,
            |_, db| {
                // A read replica's backups are its source's to keep.
                if db.read_replica_source.is_some() {
                    return None;
                }
                let label = instance_label(db);
                let days = db.backup_retention_period;
                Some(if days == 0 {
                    Verdict::Fail(format!(
                        "{label} has automated backups off (BackupRetentionPeriod = 0)"
                    ))
                } else if days < MINIMUM_RETENTION_DAYS {
                    Verdict::Fail(format!(
                        "{label} keeps automated backups for {days} days, fewer than {MINIMUM_RETENTION_DAYS}"
                    ))
                } else {
                    Verdict::Pass(format!("{label} keeps automated backups for {days} days"))
                })
            },
        )
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

    #[test]
    fn read_replicas_are_not_judged() {
        let replica = DbInstance {
            backup_retention_period: 0,
            read_replica_source: Some("primary".into()),
            ..instance("replica")
        };
        let findings = run(&InstanceBackupsRetained, vec![instance("primary"), replica]);
        assert_eq!(verdicts(&findings), vec![("primary".into(), Status::Pass)]);
    }
}
