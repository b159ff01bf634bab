//! KMS checks. Both judge customer managed keys only: AWS managed keys are rotated and kept by
//! AWS, and the customer can neither schedule their deletion nor change their rotation.

crate::service_checks! {
    key_not_pending_deletion::KeyNotPendingDeletion,
    key_policy_not_public::KeyPolicyNotPublic,
    key_rotation_enabled::KeyRotationEnabled,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_regional_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::services::{KeyMetadata, KmsKey};
use crate::inventory::{Gap, Inventory};

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
        let mut resource =
            Resource::new("AwsKmsKey", self.id.clone(), Some(self.arn.clone()), region);
        // Key ids are opaque; the first alias is how people know the key.
        resource.name = self.aliases.first().cloned();
        resource
    }
}

/// One finding per customer managed key that `applies` selects, in every audited region; `judge`
/// returns the verdict or the gap that makes it unknown. A key whose metadata could not be read
/// might be a customer key, so it is an ERROR naming the failed call, never skipped.
pub fn per_customer_key(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    applies: impl Fn(&KeyMetadata) -> bool,
    judge: impl Fn(&KmsKey, &KeyMetadata) -> Result<Verdict, Gap>,
) -> Vec<Finding> {
    per_regional_resource(
        inventory,
        meta,
        |r| &r.services.kms_keys,
        |_, key| {
            let metadata = match key.metadata.get() {
                Ok(metadata) => metadata,
                Err(gap) => return Some(Err(gap)),
            };
            (metadata.is_customer_managed() && applies(metadata)).then(|| judge(key, metadata))
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::{KeyMetadata, KmsKey};

    /// An enabled customer managed symmetric key with rotation on.
    pub fn key(id: &str) -> KmsKey {
        KmsKey {
            id: id.into(),
            arn: format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}"),
            aliases: vec![],
            metadata: Collected::Ok(KeyMetadata {
                manager: "CUSTOMER".into(),
                spec: "SYMMETRIC_DEFAULT".into(),
                state: "Enabled".into(),
                origin: "AWS_KMS".into(),
                deletion_date: None,
            }),
            rotation_enabled: Collected::Ok(true),
            policy: Collected::Ok(None),
        }
    }

    /// `key(id)` with its metadata changed by `change`.
    pub fn key_with(id: &str, change: impl FnOnce(&mut KeyMetadata)) -> KmsKey {
        let mut key = key(id);
        if let Collected::Ok(metadata) = &mut key.metadata {
            change(metadata);
        }
        key
    }

    /// The key as the collector leaves it when DescribeKey fails: nothing else was asked.
    pub fn undescribed(id: &str) -> KmsKey {
        KmsKey {
            metadata: crate::checks::fixtures::failed("kms:DescribeKey"),
            rotation_enabled: Collected::NotCollected,
            ..key(id)
        }
    }

    pub fn run(check: &dyn Check, keys: Vec<KmsKey>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.kms_keys = Collected::Ok(keys));
        check.evaluate(&inventory, &Settings::default())
    }
}
