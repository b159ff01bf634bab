//! `rds.instance_auto_minor_upgrade`: every DB instance lets RDS apply minor engine upgrades automatically.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::checks::rds::instance_label;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct InstanceAutoMinorUpgrade;

impl Check for InstanceAutoMinorUpgrade {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("rds/instance_auto_minor_upgrade")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.db_instances,
            |_, db| {
                let label = instance_label(db);
                Some(if db.auto_minor_version_upgrade {
                    Verdict::Pass(format!(
                        "{label} takes minor engine upgrades automatically in its maintenance window"
                    ))
                } else {
                    Verdict::Fail(format!(
                        "{label} has automatic minor version upgrade off: engine patches wait for a manual upgrade"
                    ))
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::rds::fixtures::{assert_verdicts, instance};
    use crate::inventory::services::DbInstance;

    #[test]
    fn automatic_passes_manual_fails_unlisted_errs() {
        assert_verdicts(
            &InstanceAutoMinorUpgrade,
            DbInstance {
                auto_minor_version_upgrade: false,
                ..instance("bad")
            },
            "good (postgres) takes minor engine upgrades automatically in its maintenance window",
            "bad (postgres) has automatic minor version upgrade off: engine patches wait for a manual upgrade",
        );
    }
}
