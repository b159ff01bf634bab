//! RDS checks: the settings AWS leaves to the customer on a managed database (PaaS). AWS runs the
//! hosts, the operating system and the engine; who can reach it, what is encrypted, how long
//! backups are kept and whether engine patches may be applied are the customer's settings.

crate::service_checks! {
    instance_auto_minor_upgrade::InstanceAutoMinorUpgrade,
    instance_backups_retained::InstanceBackupsRetained,
    instance_multi_az::InstanceMultiAz,
    instance_not_public::InstanceNotPublic,
    instance_storage_encrypted::InstanceStorageEncrypted,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::DbInstance;

impl Subject for DbInstance {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        Resource::new(
            "AwsRdsDbInstance",
            self.id.clone(),
            Some(self.arn.clone()),
            region,
        )
        .with_tags(&self.tags)
    }
}

/// `db-1 (postgres)`: how messages name an instance.
pub fn instance_label(db: &DbInstance) -> String {
    format!("{} ({})", db.id, db.engine)
}

#[cfg(test)]
pub mod fixtures {
    use std::collections::BTreeMap;

    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{
        ACCOUNT, REGION, assert_failed_region, failed, regional, verdicts,
    };
    use crate::finding::{Finding, Status};
    use crate::inventory::Collected;
    use crate::inventory::services::DbInstance;

    /// A private, encrypted postgres instance with minor upgrades on and 7 days of backups.
    pub fn instance(id: &str) -> DbInstance {
        DbInstance {
            id: id.into(),
            arn: format!("arn:aws:rds:{REGION}:{ACCOUNT}:db:{id}"),
            engine: "postgres".into(),
            storage_encrypted: true,
            publicly_accessible: false,
            auto_minor_version_upgrade: true,
            backup_retention_period: 7,
            multi_az: true,
            read_replica_source: None,
            tags: BTreeMap::new(),
        }
    }

    pub fn run(check: &dyn Check, instances: Vec<DbInstance>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.db_instances = Collected::Ok(instances));
        check.evaluate(&inventory, &Settings::default())
    }

    /// Runs `check` over a good and a bad instance and asserts PASS then FAIL with these
    /// messages; then asserts one ERROR on the region when instances were not listed.
    pub fn assert_verdicts(check: &dyn Check, bad: DbInstance, pass: &str, fail: &str) {
        let findings = run(check, vec![instance("good"), bad]);
        assert_eq!(
            verdicts(&findings),
            vec![("good".into(), Status::Pass), ("bad".into(), Status::Fail)]
        );
        assert_eq!(findings[0].message, pass);
        assert_eq!(findings[1].message, fail);
        assert_eq!(findings[0].resource.kind, "AwsRdsDbInstance");

        let inventory =
            regional(|region| region.services.db_instances = failed("rds:DescribeDBInstances"));
        let findings = check.evaluate(&inventory, &Settings::default());
        assert_failed_region(&findings, "rds:DescribeDBInstances");
    }
}
