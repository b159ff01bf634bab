//! `rds.instance_not_public`: no DB instance is publicly accessible.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::checks::rds::instance_label;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct InstanceNotPublic;

impl Check for InstanceNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("rds/instance_not_public")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.db_instances,
            |_, db| {
                let label = instance_label(db);
                if db.publicly_accessible {
                    let message = format!(
                        "{label} is publicly accessible (PubliclyAccessible = true): its endpoint \
                     resolves to a public IP, and only its security groups stand between it and the internet"
                    );
                    Some(Verdict::Fail(message))
                } else {
                    Some(Verdict::Pass(format!("{label} is not publicly accessible")))
                }
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
    fn private_passes_public_fails_unlisted_errs() {
        assert_verdicts(
            &InstanceNotPublic,
            DbInstance {
                publicly_accessible: true,
                ..instance("bad")
            },
            "good (postgres) is not publicly accessible",
            "bad (postgres) is publicly accessible (PubliclyAccessible = true): its endpoint \
             resolves to a public IP, and only its security groups stand between it and the internet",
        );
    }
}
