//! KMS checks. Both judge customer managed keys only: AWS managed keys are rotated and kept by
//! AWS, and the customer can neither schedule their deletion nor change their rotation.

crate::service_checks! {
    key_not_pending_deletion::KeyNotPendingDeletion,
    key_rotation_enabled::KeyRotationEnabled,
}

use crate::check::CheckMeta;
use crate::checks::{Subject, per_regional_resource};
use crate::finding::{AccountInfo, Finding, Resource, Verdict};
use crate::inventory::services::KmsKey;
use crate::inventory::{Gap, Inventory};


/// `KeyManager` of the keys the customer owns.
const CUSTOMER: &str = "CUSTOMER";

/// `key 1234abcd-... (alias/app-data)`: how messages name a key.
pub fn key_label(key: &KmsKey) -> String {
    if key.aliases.is_empty() {
        format!("key {}", key.id)
    } else {
        format!("key {} ({})", key.id, key.aliases.join(", "))
    }
}

impl Subject for KmsKey {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let mut resource = Resource::new("AwsKmsKey", self.id.clone(), Some(self.arn.clone()), region);
        // Key ids are opaque; the first alias is how people know the key.
        resource.name = self.aliases.first().cloned();
        resource
    }
}

/// One finding per customer managed key that `applies` selects, in every audited region; `judge`
/// returns the verdict or the gap that makes it unknown. A key whose DescribeKey failed has empty
/// metadata (the collector's convention, the gap kept in `rotation_enabled`): it might be a
/// customer key, so it is an ERROR, never skipped.
pub fn per_customer_key(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    applies: impl Fn(&KmsKey) -> bool,
    judge: impl Fn(&KmsKey) -> Result<Verdict, Gap>,
) -> Vec<Finding> {
    per_regional_resource(
        inventory,
        meta,
        |r| &r.services.kms_keys,
        |_, key| {
            if key.manager.is_empty() {
                let gap = key.rotation_enabled.get().err().unwrap_or_else(|| {
                    Gap::new("kms:DescribeKey", "the key's metadata was not read")
                });
                return Some(Err(gap));
            }
            (key.manager == CUSTOMER && applies(key)).then(|| judge(key))
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::KmsKey;

    /// An enabled customer managed symmetric key with rotation on.
    pub fn key(id: &str) -> KmsKey {
        KmsKey {
            id: id.into(),
            arn: format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}"),
            manager: "CUSTOMER".into(),
            spec: "SYMMETRIC_DEFAULT".into(),
            state: "Enabled".into(),
            origin: "AWS_KMS".into(),
            deletion_date: None,
            rotation_enabled: Collected::Ok(true),
            aliases: vec![],
        }
    }

    /// The key as the collector leaves it when DescribeKey fails.
    pub fn undescribed(id: &str) -> KmsKey {
        KmsKey {
            manager: String::new(),
            spec: String::new(),
            state: String::new(),
            origin: String::new(),
            rotation_enabled: crate::checks::fixtures::failed("kms:DescribeKey"),
            ..key(id)
        }
    }

    pub fn run(check: &dyn Check, keys: Vec<KmsKey>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.kms_keys = Collected::Ok(keys));
        check.evaluate(&inventory, &Settings::default())
    }
}
