//! `rds.instance_multi_az`: every RDS DB instance runs as a Multi-AZ deployment.
//!
//! Aurora, DocumentDB and Neptune instances are left out: their storage spans zones by design and
//! their availability is a property of the cluster, not of one instance's MultiAZ flag.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::checks::rds::instance_label;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct InstanceMultiAz;

/// Engines whose instances belong to a cluster with zone-spanning storage.
const CLUSTER_ENGINES: &[&str] = &["aurora", "docdb", "neptune"];

impl Check for InstanceMultiAz {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("rds/instance_multi_az")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.db_instances,
            |_, db| {
                if CLUSTER_ENGINES
                    .iter()
                    .any(|engine| db.engine.starts_with(engine))
                {
                    return None;
                }
                let label = instance_label(db);
                Some(Verdict::holds(
                    db.multi_az,
                    if db.multi_az {
                        format!("{label} keeps a standby in a second Availability Zone")
                    } else {
                        format!("{label} runs in a single Availability Zone (MultiAZ = false)")
                    },
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::verdicts;
    use crate::checks::rds::fixtures::{assert_verdicts, instance, run};
    use crate::inventory::services::DbInstance;

    #[test]
    fn multi_az_passes_single_az_fails_unlisted_errs() {
        assert_verdicts(
            &InstanceMultiAz,
            DbInstance {
                multi_az: false,
                ..instance("bad")
            },
            "good (postgres) keeps a standby in a second Availability Zone",
            "bad (postgres) runs in a single Availability Zone (MultiAZ = false)",
        );
    }

    #[test]
    fn cluster_engines_are_not_judged() {
        let aurora = DbInstance {
            engine: "aurora-postgresql".into(),
            multi_az: false,
            ..instance("cluster-member")
        };
        assert!(verdicts(&run(&InstanceMultiAz, vec![aurora])).is_empty());
    }
}
