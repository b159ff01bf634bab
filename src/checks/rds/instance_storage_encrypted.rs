//! `rds.instance_storage_encrypted`: every DB instance encrypts its storage at rest.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::checks::rds::instance_label;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct InstanceStorageEncrypted;

impl Check for InstanceStorageEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("rds/instance_storage_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.db_instances,
            |_, db| {
                let label = instance_label(db);
                if db.storage_encrypted {
                    Some(Verdict::Pass(format!(
                        "{label} encrypts its storage at rest"
                    )))
                } else {
                    Some(Verdict::Fail(format!(
                        "{label} stores its data unencrypted (StorageEncrypted = false)"
                    )))
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
    fn encrypted_passes_unencrypted_fails_unlisted_errs() {
        assert_verdicts(
            &InstanceStorageEncrypted,
            DbInstance {
                storage_encrypted: false,
                ..instance("bad")
            },
            "good (postgres) encrypts its storage at rest",
            "bad (postgres) stores its data unencrypted (StorageEncrypted = false)",
        );
    }
}
